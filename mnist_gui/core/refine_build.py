"""Orchestrating the outlier-exposure stage of ``make model`` (:mod:`core.refine`): the data
rendered once through the caller's Draw-tab renderer, each member refined or reused from the cache,
the refusal policy chosen on the calibration writers and measured on the check writers. No Qt.
"""
from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from mnist_gui.core import evaluation, refine, refusal, store
from mnist_gui.core.recipe import file_sha256, render_pen_digits

Say = Callable[[str], None]


@dataclass
class Extra:
    """The stage's inputs: the letters and the second pen-digit file, split by writer."""

    letters: list[Any]  # StrokeSample with label -1 and char set
    letters_path: Path
    digits: list[Any]  # more pen digits (UNIPEN)
    digits_path: Path
    cfg: refine.Refinement = refine.REFINEMENT
    limit: int | None = None
    documents: Path | None = None  # digits cut from real documents (core.cheque_digits), optional
    sha: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.sha = {"letters": file_sha256(self.letters_path), "digits": file_sha256(self.digits_path)}
        if self.documents is not None:
            self.sha["documents"] = file_sha256(Path(self.documents) / "labels.csv")
            self.sha["document_boxes"] = file_sha256(Path(self.documents) / "boxes.json")
        if self.limit:
            self.letters = self.letters[: self.limit // 4]
            self.digits = self.digits[: self.limit // 4]

    def part(self, samples: Sequence[Any], name: str, negatives_only: bool = False) -> list[Any]:
        out = [s for s in samples if refine.split_three(s.writer) == name]
        if negatives_only:
            out = [s for s in out if refine.is_negative(s.char)]
        return out

    def writers(self, samples: Sequence[Any], name: str) -> list[str]:
        return sorted({s.writer for s in samples if refine.split_three(s.writer) == name})


@dataclass
class Rendered:
    x: np.ndarray
    labels: np.ndarray
    clean: np.ndarray


def render_training(extra: Extra, pen_train: Sequence[Any], x_mnist: np.ndarray, y_mnist: np.ndarray,
                    render: refine.Render, say: Say) -> Rendered:
    """MNIST (clean share), pen digits of both files' training writers, letters, scribbles."""
    cfg = extra.cfg
    t0 = time.perf_counter()
    x_pen, y_pen = render_pen_digits(list(pen_train) + extra.part(extra.digits, "train"), render,
                                         cfg.pen_variants, cfg.seed)
    train_letters = extra.part(extra.letters, "train", negatives_only=True)
    x_let, y_let = render_pen_digits(train_letters, render, cfg.letter_variants, cfg.seed + 1)
    # as many scribbles as letters at most (a tiny letter file gets a few, not thousands)
    n_scr = min(cfg.scribbles, max(10, len(train_letters))) if not extra.limit else max(10, cfg.scribbles // 50)
    x_scr = refine.render_scribbles(n_scr, render, cfg.seed + 2)
    say(f"outlier exposure: rendered {len(x_pen)} pen digits, {len(x_let)} letters, {len(x_scr)} scribbles "
        f"through the Draw tab in {time.perf_counter() - t0:.0f} s")
    x_doc, y_doc = _document_digits(extra, "tune")
    if len(x_doc):
        say(f"outlier exposure: {len(x_doc)} digits cut from the training half of {extra.documents}, "
            f"each shown {cfg.document_repeats} times")
        x_doc, y_doc = np.repeat(x_doc, cfg.document_repeats, 0), np.repeat(y_doc, cfg.document_repeats, 0)
    x = np.concatenate([np.asarray(x_mnist, np.uint8), x_pen, x_let, x_scr, x_doc])
    labels = np.concatenate([np.asarray(y_mnist, np.int32), y_pen, y_let, np.full(len(x_scr), -1, np.int32), y_doc])
    clean = np.zeros(len(x), bool)
    clean[: len(x_mnist)] = True
    return Rendered(x, labels, clean)


def _document_digits(extra: Extra, part: str) -> tuple[np.ndarray, np.ndarray]:
    """The prepared digits of one half of the documents folder (none without one)."""
    if extra.documents is None:
        return np.zeros((0, 28, 28), np.uint8), np.zeros(0, np.int32)
    from mnist_gui.core import cheque_digits

    x, y, _ = cheque_digits.load(extra.documents, part)
    if extra.limit:
        x, y = x[: extra.limit // 4], y[: extra.limit // 4]
    return x, y


def fingerprint(member_fp: str, extra: Extra) -> str:
    blob = json.dumps({"member": member_fp, "refinement": extra.cfg.to_dict(), "data": extra.sha,
                       "limit": extra.limit}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def refine_members(members: list[Any], infos: list[dict[str, Any]], member_fps: list[str], seeds: Sequence[int],
                   data_for: Callable[[], Rendered], extra: Extra, cache: Path | None, name: str, say: Say,
                   progress: Callable[[int], Any], arch: str = "robust") -> list[Any]:
    """Each member refined (or its refined copy reused from the cache); ``infos`` get the facts."""
    rendered: Rendered | None = None
    out = []
    for model, info, fp, seed in zip(members, infos, member_fps, seeds):
        key = fingerprint(fp, extra)
        cached = None if cache is None else cache / f"{name}-seed{seed}-refined-{key}.keras"
        if cached is not None and cached.exists():
            try:
                refined = store.load_model(cached)
            except store.ModelFileError as e:
                say(f"member seed {seed}: cached refined file unusable ({e}); refining again")
            else:
                info["refinement"] = dict((store.read_card(cached) or {}).get("refinement") or {})
                info["refinement"]["reused_from_cache"] = cached.name
                say(f"member seed {seed}: reusing refined {cached}")
                out.append(refined)
                continue
        if rendered is None:
            rendered = data_for()
        result = refine.fine_tune(model, rendered.x, rendered.labels, rendered.clean, extra.cfg, seed,
                                  on_progress=progress(seed), arch=arch)
        facts = {"epochs_completed": result.epochs_completed, "train_time_s": round(result.train_time_s, 1),
                 "samples_trained": result.samples_trained, "training_images": int(len(rendered.x)),
                 "outliers": int((rendered.labels < 0).sum())}
        info["refinement"] = facts
        say(f"member seed {seed}: outlier-exposure fine-tuning {result.train_time_s:.0f} s")
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            store.save_model(result.model, cached, {"refinement": facts})
        out.append(result.model)
    return out


def _probs(model: Any, x: np.ndarray) -> np.ndarray:
    if not len(x):
        return np.zeros((0, 10), np.float32)
    return evaluation.predict_proba(model, x.astype(np.float32) / 255.0)


def choose_and_check(model: Any, extra: Extra, render: refine.Render, pen_held: Sequence[Any],
                     x_test: np.ndarray, y_test: np.ndarray, say: Say) -> tuple[refusal.Policy, dict[str, Any]]:
    """The policy chosen on the calibration writers; the figures on the check writers and MNIST."""
    cfg = extra.cfg
    x_cd, y_cd = render_pen_digits(extra.part(extra.digits, "calibration"), render, 1, cfg.seed + 3)
    cal_letters = extra.part(extra.letters, "calibration", negatives_only=True)
    x_cl, _ = render_pen_digits(cal_letters, render, 1, cfg.seed + 4)
    n_cs = min(cfg.scribbles // 5, max(10, len(cal_letters))) if not extra.limit else 10
    x_cs = refine.render_scribbles(n_cs, render, cfg.seed + 5)
    policy, figures = refine.choose_policy(_probs(model, x_cd), y_cd,
                                           np.concatenate([_probs(model, x_cl), _probs(model, x_cs)]), cfg)
    say(f"refusal: temperature {policy.temperature:.3f}, threshold {policy.reject_below:.4f} "
        f"(refuses {figures['calibration_digits_refused']} of {figures['calibration_digits']} calibration "
        f"digits, {figures['calibration_others_refused']} of {figures['calibration_others']} letters/scribbles)")
    # check writers: never trained on, never tuned on
    x_kd, y_kd = render_pen_digits(extra.part(extra.digits, "check"), render, 1, cfg.seed + 6)
    x_kp, y_kp = render_pen_digits(list(pen_held), render, 1, cfg.seed + 7)
    check_letters = extra.part(extra.letters, "check", negatives_only=True)
    x_kl, _ = render_pen_digits(check_letters, render, 1, cfg.seed + 8)
    p_kd, p_kp, p_kl = _probs(model, x_kd), _probs(model, x_kp), _probs(model, x_kl)
    p_test = evaluation.predict_proba(model, x_test)
    x_doc, y_doc = _document_digits(extra, "check")  # documents never trained on nor tuned on
    p_doc = _probs(model, x_doc)
    if len(x_doc):
        s_doc = refusal.score(p_doc, policy)
        figures.update({"check_document_digits": int(len(x_doc)),
                        "check_document_accuracy": round(float((p_doc.argmax(1) == y_doc).mean()), 4),
                        "check_document_refused": round(float((s_doc < policy.reject_below).mean()), 4)})
        say(f"check document digits ({len(x_doc)}): accuracy {figures['check_document_accuracy']}, "
            f"refused {figures['check_document_refused']}")
    s = {k: refusal.score(v, policy) for k, v in (("kd", p_kd), ("kp", p_kp), ("kl", p_kl), ("t", p_test))}
    digits_all = np.concatenate([s["kd"], s["kp"]])
    figures.update({
        "check_letter_writers": extra.writers(extra.letters, "check"),
        "check_digit_writers": extra.writers(extra.digits, "check"),
        "check_letters": int(len(x_kl)),
        "check_letters_refused": round(float((s["kl"] < policy.reject_below).mean()), 4) if len(x_kl) else None,
        "check_unipen_digits": int(len(x_kd)),
        "check_unipen_digits_refused": round(float((s["kd"] < policy.reject_below).mean()), 4) if len(x_kd) else None,
        "check_unipen_accuracy": round(float((p_kd.argmax(1) == y_kd).mean()), 4) if len(x_kd) else None,
        "check_pendigits_refused": round(float((s["kp"] < policy.reject_below).mean()), 4) if len(x_kp) else None,
        "check_auroc_digits_vs_letters": round(refusal.auroc(digits_all, s["kl"]), 4),
        "mnist_test_refused": round(float((s["t"] < policy.reject_below).mean()), 4),
        "mnist_test_ece_before": round(refusal.expected_calibration_error(p_test, y_test), 4),
        "mnist_test_ece_after": round(refusal.expected_calibration_error(
            refusal.calibrate(p_test, policy.temperature), y_test), 4),
        "unipen_check_ece_before": round(refusal.expected_calibration_error(p_kd, y_kd), 4) if len(x_kd) else None,
        "unipen_check_ece_after": round(refusal.expected_calibration_error(
            refusal.calibrate(p_kd, policy.temperature), y_kd), 4) if len(x_kd) else None,
    })
    for key in ("check_letters_refused", "check_unipen_digits_refused", "check_unipen_accuracy",
                "check_pendigits_refused", "check_auroc_digits_vs_letters", "mnist_test_refused",
                "mnist_test_ece_before", "mnist_test_ece_after"):
        say(f"{key.replace('_', ' ')}: {figures[key]}")
    return policy, figures
