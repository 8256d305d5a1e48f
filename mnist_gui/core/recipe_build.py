"""Building the bundled model by its recipe: writers split, members trained or reused, the card.

The one orchestration of ``make model`` (``mnist-gui train --recipe``). What needs the real Draw
tab, rendering the pen digits through its canvas and measuring the finished model the way a
person meets it, is passed in by the caller (:mod:`mnist_gui.cli.recipe`), so this module stays
free of Qt. No Qt here.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from mnist_gui.core import evaluation, recipe as recipes, store

Strokes = list[list[tuple[float, float]]]


@dataclass
class Hooks:
    """What the caller provides: the canvas renderer, the measurements, and where words go."""

    render: Callable[[Strokes], np.ndarray | None]  # strokes -> the Draw tab's 28x28 input, or None
    measure: Callable[[Any, list[Any], list[Any]], dict[str, Any]]  # (model, samples, held) -> figures
    say: Callable[[str], None] = print
    render_progress: Callable[[int], Callable[[int, int], None] | None] = lambda seed: None
    train_progress: Callable[[int], Callable[[Any], None] | None] = lambda seed: None


@dataclass
class Plan:
    """The inputs of one build, decided before anything is trained."""

    recipe: recipes.Recipe
    data: Any  # core.dataset.MnistData
    samples: list[Any]  # every pen sample of the stroke file
    strokes_path: Path
    limit: int | None = None  # a quick run on the first N MNIST digits (a tenth as many pen digits)
    cache: Path | None = None
    command: str = ""
    extra: Any = None  # core.refine_build.Extra: the outlier-exposure stage's data (None: no stage)
    strokes_sha: str = field(init=False)
    train_writers: list[str] = field(init=False)
    held_writers: list[str] = field(init=False)
    train_samples: list[Any] = field(init=False)
    held_samples: list[Any] = field(init=False)

    def __post_init__(self) -> None:
        self.strokes_sha = recipes.file_sha256(self.strokes_path)
        self.train_writers, self.held_writers = recipes.split_writers([s.writer for s in self.samples],
                                                                      self.recipe.holdout_mod)
        train = set(self.train_writers)
        self.train_samples = [s for s in self.samples if s.writer in train]
        self.held_samples = [s for s in self.samples if s.writer not in train]
        if self.limit:
            self.train_samples = self.train_samples[: max(1, self.limit // 10)]
            self.held_samples = self.held_samples[: max(1, self.limit // 10)]

    @property
    def mnist(self) -> tuple[np.ndarray, np.ndarray]:
        x, y = self.data.x_train, self.data.y_train
        return (x[: self.limit], y[: self.limit]) if self.limit else (x, y)

    def describe(self) -> str:
        rec = self.recipe
        return (f"recipe '{rec.name}': {len(rec.members)} network(s) (seeds {', '.join(map(str, rec.members))}), "
                f"each on {len(self.mnist[0])} MNIST digits + {len(self.train_samples)} pen digits from "
                f"{len(self.train_writers)} writers x {rec.pen_variants} renders; held out: "
                f"{len(self.held_writers)} writers ({', '.join(self.held_writers)})")


def build(plan: Plan, hooks: Hooks) -> tuple[Any, dict[str, Any]]:
    """Train (or reuse from the cache) each member, ensemble them, measure, and make the card.

    Returns:
        The final model and its card (the caller saves them).
    """
    t_start = time.perf_counter()
    rec, data = plan.recipe, plan.data
    members: list[Any] = []
    member_info: list[dict[str, Any]] = []
    for seed in rec.members:
        model, info = _reuse_or_train(plan, recipes.member(rec, seed), hooks)
        members.append(model)
        member_info.append(info)
    for seed, model, info in zip(rec.members, members, member_info):
        info["mnist_test_accuracy"] = round(evaluation.evaluate(model, data.x_test, data.y_test).accuracy, 6)
        hooks.say(f"member seed {seed}: MNIST test accuracy {info['mnist_test_accuracy']:.4f}")
    if plan.extra is not None:
        members = _refine(plan, members, member_info, hooks)
    final = recipes.ensemble(members)
    refusal_card: dict[str, Any] | None = None
    if plan.extra is not None:
        from mnist_gui.core import refine_build

        policy, refusal_figures = refine_build.choose_and_check(final, plan.extra, hooks.render, plan.held_samples,
                                                                data.x_test, data.y_test, hooks.say)
        refusal_card = {**policy.to_card(), "figures": refusal_figures, "stage": "outlier exposure (core.refine)",
                        "refinement": plan.extra.cfg.to_dict()}
    measured = plan.samples if not plan.limit else plan.train_samples + plan.held_samples
    figures = hooks.measure(final, measured, plan.held_samples)
    card = store.card_from_run(
        store.RunFacts.of_members(member_info), dataset_sha256=data.checksum(),
        test_accuracy=figures["mnist_test_accuracy"],
        arch=rec.arch if len(members) == 1 else f"{rec.arch} x{len(members)} (mean of probabilities)",
        hyperparameters=rec.to_dict(),
        extra={
            "recipe": rec.name,
            "command": plan.command,
            "members": [{"seed": sd, **i} for sd, i in zip(rec.members, member_info)],
            "data": {
                "mnist": {"source": "MNIST (Y. LeCun, C. Cortes, C. J. C. Burges), CC BY-SA 3.0",
                          "sha256": data.checksum(), "train_images": int(len(plan.mnist[0]))},
                "pen_strokes": {"file": plan.strokes_path.name, "sha256": plan.strokes_sha,
                                "source": "UCI Pen-Based Recognition of Handwritten Digits (Alpaydin, Alimoglu), CC BY 4.0",
                                "training_writers": plan.train_writers, "held_out_writers": plan.held_writers,
                                "training_samples": len(plan.train_samples),
                                "renders": int(len(plan.train_samples) * rec.pen_variants)},
            },
            "figures": figures,
            "total_time_s": round(time.perf_counter() - t_start, 1),
        },
    )
    if refusal_card is not None:
        card["refusal"] = refusal_card
        card["data"]["unipen"] = {
            "source": "UNIPEN train_r01_v07 digits and letters, CC BY 4.0", "letters_sha256": plan.extra.sha["letters"],
            "digits_sha256": plan.extra.sha["digits"], "split": "writers by hash: train / calibration / check "
            "(core.refine.split_three)", "letters_file": plan.extra.letters_path.name,
            "digits_file": plan.extra.digits_path.name}
        if plan.extra.documents is not None:
            card["data"]["documents"] = {
                "folder": Path(plan.extra.documents).name, "labels_sha256": plan.extra.sha["documents"],
                "boxes_sha256": plan.extra.sha["document_boxes"],
                "source": "ORAND-CAR-A cheque amounts (ICFHR 2014 digit-string competition)",
                "split": "rows of labels.csv: first half trained on, second half checked (core.cheque_digits)"}
    return final, card


def _refine(plan: Plan, members: list[Any], member_info: list[dict[str, Any]], hooks: Hooks) -> list[Any]:
    """The outlier-exposure stage of every member (core.refine_build)."""
    from mnist_gui.core import refine_build

    rec = plan.recipe
    refined = refine_build.refine_members(
        members, member_info, [_member_fingerprint(plan, sd) for sd in rec.members], rec.members,
        lambda: refine_build.render_training(plan.extra, plan.train_samples, *plan.mnist, hooks.render, hooks.say),
        plan.extra, plan.cache, rec.name, hooks.say, hooks.train_progress, arch=rec.arch)
    for seed, model, info in zip(rec.members, refined, member_info):
        info["refined_mnist_test_accuracy"] = round(
            evaluation.evaluate(model, plan.data.x_test, plan.data.y_test).accuracy, 6)
        hooks.say(f"member seed {seed} refined: MNIST test accuracy {info['refined_mnist_test_accuracy']:.4f}")
    return refined


def _member_fingerprint(plan: Plan, seed: int) -> str:
    """The cache key of one member: its recipe, the data and the seed (core.recipe.member_fingerprint)."""
    return recipes.member_fingerprint(recipes.member(plan.recipe, seed), plan.data.checksum(), plan.strokes_sha,
                                      limit=plan.limit)


def _reuse_or_train(plan: Plan, member: recipes.Recipe, hooks: Hooks) -> tuple[Any, dict[str, Any]]:
    """One member: from the cache when the same recipe, data and seed made it before."""
    seed = member.seed
    fp = _member_fingerprint(plan, seed)
    cached = None if plan.cache is None else plan.cache / f"{plan.recipe.name}-seed{seed}-{fp}.keras"
    if cached is not None and cached.exists():
        try:
            model = store.load_model(cached)
        except store.ModelFileError as e:
            hooks.say(f"member seed {seed}: cached file unusable ({e}); training it again")
        else:
            info = dict((store.read_card(cached) or {}).get("member") or {})
            info["reused_from_cache"] = cached.name
            hooks.say(f"member seed {seed}: reusing {cached} (same recipe, data and seed)")
            return model, info
    model, info = train_member(member, plan.train_samples, *plan.mnist, hooks)
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        store.save_model(model, cached, {"member": info})
    return model, info


def train_member(member: recipes.Recipe, pen_samples: Sequence[Any], x_mnist: np.ndarray, y_mnist: np.ndarray,
                 hooks: Hooks) -> tuple[Any, dict[str, Any]]:
    """Render the pen digits with the member's seed (through ``hooks.render``) and train one network."""
    seed = member.seed
    t0 = time.perf_counter()
    x_pen, y_pen = recipes.render_pen_digits(pen_samples, hooks.render, member.pen_variants, seed,
                                             progress=hooks.render_progress(seed))
    render_s = time.perf_counter() - t0
    hooks.say(f"seed {seed}: rendered {len(x_pen)} pen pictures through the Draw tab in {render_s:.0f} s")
    result = recipes.train_recipe(member, x_mnist, y_mnist, x_pen, y_pen, on_progress=hooks.train_progress(seed))
    hooks.say(f"seed {seed}: training time {result.train_time_s:.0f} s")
    return result.model, {"epochs_completed": result.epochs_completed, "train_time_s": round(result.train_time_s, 1),
                          "render_time_s": round(render_s, 1), "samples_trained": result.samples_trained,
                          "renders": int(len(x_pen))}
