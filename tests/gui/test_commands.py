"""The Qt-backed commands: eval-images, eval-strokes and `train --recipe` (offscreen, real widgets)."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from mnist_gui.core.strokes import StrokeSample, save_strokes
from tests.synthetic import glyphs, write_idx_dataset
import re

from tests.test_cli import assert_user_error, run_main

ACCURACY_LINE = re.compile(r"^accuracy: (0\.\d{4}|1\.0000)$")


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    data = write_idx_dataset(tmp_path_factory.mktemp("syn"), n_train=600, n_test=100)
    out = tmp_path_factory.mktemp("m") / "tiny.keras"
    rc, o, e = run_main(["train", "--data", str(data), "--arch", "small", "--epochs", "3", "--out", str(out)])
    assert rc == 0, (o, e)
    return out


def _photo(d: int, size: int = 112) -> Image.Image:
    """Dark ink on white paper, several times MNIST's size."""
    ink = Image.fromarray(glyphs()[d]).resize((size, size), Image.BILINEAR)
    return Image.fromarray(255 - np.asarray(ink))


def test_eval_images_csv_layout_counts_unreadable_as_errors(tiny_model: Path, tmp_path: Path) -> None:
    rows = ["path,label"]
    for d in range(10):
        _photo(d).save(tmp_path / f"d{d}.png")
        rows.append(f"d{d}.png,{d}")
    (tmp_path / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    rows.append("broken.png,4")
    rows.append("missing.png,5")
    (tmp_path / "labels.csv").write_text("\n".join(rows) + "\n")
    rc, out, err = run_main(["eval-images", str(tmp_path), "--model", str(tiny_model)])
    assert rc == 0, err
    lines = out.strip().splitlines()
    assert ACCURACY_LINE.match(lines[-1]), lines[-1]
    assert "unreadable (counted as errors): 2" in lines
    assert sum(line.startswith("problem: ") and "broken.png" in line for line in lines) == 1
    assert any(line.startswith("problem: ") and "missing.png" in line for line in lines)
    assert "per class:" in lines and any(line.startswith("most frequent confusions") for line in lines)
    acc = float(lines[-1].split()[-1])
    assert 0.5 <= acc <= 10 / 12  # the two unreadable files can never count as right


def test_eval_images_folder_layout_and_preparation_off(tiny_model: Path, tmp_path: Path) -> None:
    for d in (3, 7):
        (tmp_path / str(d)).mkdir()
        _photo(d).save(tmp_path / str(d) / "a.png")
    rc, out, err = run_main(["eval-images", str(tmp_path), "--model", str(tiny_model)])
    assert rc == 0, err
    assert "  3: " in out and "  7: " in out and "MNIST-style preparation" in out
    rc, out, err = run_main(["eval-images", str(tmp_path), "--model", str(tiny_model), "--no-preprocess"])
    assert rc == 0, err
    assert "preparation off" in out and ACCURACY_LINE.match(out.strip().splitlines()[-1])


def test_eval_images_bad_folders_exit_2(tmp_path: Path, tiny_model: Path) -> None:
    rc, out, err = run_main(["eval-images", str(tmp_path), "--model", str(tiny_model)])
    assert_user_error(rc, out, err, "no labels.csv")
    (tmp_path / "labels.csv").write_text("name;digit\n")
    rc, out, err = run_main(["eval-images", str(tmp_path), "--model", str(tiny_model)])
    assert_user_error(rc, out, err, "header")
    rc, out, err = run_main(["eval-images", str(tmp_path / "nope"), "--model", str(tiny_model)])
    assert_user_error(rc, out, err, "folder does not exist")  # not "not a folder" (issue 20)


@pytest.mark.parametrize("limit", ["-1", "0"])
def test_eval_commands_refuse_a_limit_that_is_not_positive(tmp_path: Path, limit: str) -> None:
    (tmp_path / "labels.csv").write_text("path,label\na.png,1\n")
    rc, out, err = run_main(["eval-images", str(tmp_path), "--limit", limit])
    assert_user_error(rc, out, err, f"--limit must be a positive number of pictures, not {limit}")
    (tmp_path / "s.json").write_text('{"format": "digit-strokes/1", "samples": []}')
    rc, out, err = run_main(["eval-strokes", str(tmp_path / "s.json"), "--limit", limit])
    assert_user_error(rc, out, err, f"--limit must be a positive number of samples, not {limit}")


def test_eval_strokes_huge_coordinate_exits_2_in_one_line(tmp_path: Path) -> None:
    f = tmp_path / "huge.json"
    f.write_text(json.dumps({"format": "digit-strokes/1", "samples": [
        {"label": 1, "writer": "w", "strokes": [[[0.5, 0.5], [int("9" * 400), 0.5]]]}]}))
    rc, out, err = run_main(["eval-strokes", str(f)])
    assert_user_error(rc, out, err, "sample 0, stroke 0, point 1", "400-digit integer")


def test_eval_images_labels_with_a_nul_byte_exit_2(tmp_path: Path) -> None:
    (tmp_path / "labels.csv").write_bytes(b"path,label\na\x00.png,3\n")
    rc, out, err = run_main(["eval-images", str(tmp_path)])
    assert_user_error(rc, out, err, "line 2", "control character")


def test_eval_images_says_how_many_names_were_not_utf8(tiny_model: Path, tmp_path: Path) -> None:
    import os

    (tmp_path / "3").mkdir()
    _photo(3).save(tmp_path / "3" / "a.png")
    try:
        _photo(3).save(os.path.join(os.fsencode(tmp_path / "3"), b"b\xff.png"), format="PNG")
    except (OSError, ValueError):
        pytest.skip("this file system refuses names that are not UTF-8")
    rc, out, err = run_main(["eval-images", str(tmp_path), "--model", str(tiny_model)])
    assert rc == 0, err
    assert any(line.startswith("skipped: 1 file(s) whose names are not UTF-8") and "b\\xff.png" in line
               for line in out.splitlines()), out
    assert "pictures: 1 from" in out
    rc, out, err = run_main(["eval-images", str(tmp_path), "--model", str(tiny_model), "--strict"])
    assert_user_error(rc, out, err, "1 file name(s) are not UTF-8", "b\\xff.png")


def _strokes_file(path: Path, writers: int = 6, per_writer: int = 4) -> Path:
    rng = np.random.default_rng(0)
    samples = []
    for w in range(writers):
        for i in range(per_writer):
            d = (w + i) % 2
            if d == 0:  # a ring
                t = np.linspace(0, 2 * np.pi, 30)
                pts = [(0.5 + 0.25 * np.cos(a), 0.5 + 0.35 * np.sin(a)) for a in t]
            else:  # a bar
                pts = [(0.5, 0.15), (0.5 + rng.uniform(-0.05, 0.05), 0.85)]
            samples.append(StrokeSample(label=d, writer=f"w{w}", strokes=[[(float(x), float(y)) for x, y in pts]]))
    save_strokes(path, samples)
    return path


def test_eval_strokes_reports_per_writer(tiny_model: Path, tmp_path: Path) -> None:
    f = _strokes_file(tmp_path / "s.json")
    rc, out, err = run_main(["eval-strokes", str(f), "--model", str(tiny_model)])
    assert rc == 0, err
    assert "per writer:" in out and "  w5: " in out
    assert ACCURACY_LINE.match(out.strip().splitlines()[-1])


@pytest.mark.slow
def test_train_recipe_tiny_run_writes_model_and_card(tmp_path: Path) -> None:
    data = write_idx_dataset(tmp_path / "syn", n_train=300, n_test=100)
    strokes = _strokes_file(tmp_path / "s.json")
    scans = tmp_path / "scans"
    (scans / "1").mkdir(parents=True)
    _photo(1).save(scans / "1" / "a.png")
    out = tmp_path / "bundled.keras"
    cache = tmp_path / "cache"
    argv = ["train", "--recipe", "bundled", "--data", str(data), "--strokes", str(strokes),
            "--scans", str(scans), "--epochs", "1", "--members", "2", "--cache", str(cache), "--out", str(out),
            "--no-refusal"]
    rc, o, e = run_main(argv)
    assert rc == 0, (o, e)
    assert ACCURACY_LINE.match(o.strip().splitlines()[-1])
    card = json.loads(out.with_suffix(".card.json").read_text())
    assert card["recipe"] == "bundled" and card["architecture"] == "robust x2 (mean of probabilities)"
    assert [m["seed"] for m in card["members"]] == [1, 2]
    assert len(list(cache.glob("*.keras"))) == 2
    # a rebuild reuses the members trained with the same recipe, data and seeds: same figures
    rc, o2, e = run_main(argv)
    assert rc == 0, (o2, e)
    assert o2.count("reusing") == 2 and "epoch 1/1" not in o2
    again = json.loads(out.with_suffix(".card.json").read_text())
    assert again["figures"] == card["figures"]
    assert card["command"].startswith("mnist-gui train --recipe bundled")
    pen = card["data"]["pen_strokes"]
    assert len(pen["sha256"]) == 64 and len(card["data"]["mnist"]["sha256"]) == 64
    assert set(pen["training_writers"]).isdisjoint(pen["held_out_writers"])
    assert pen["training_writers"] and pen["held_out_writers"]
    assert pen["renders"] == pen["training_samples"] * 3
    from mnist_gui.core import store

    model = store.load_model(out)  # the ensemble is one ordinary, safely loadable model file
    assert tuple(model.output_shape) == (None, 10)
    figs = card["figures"]
    for k in ("mnist_test_accuracy", "pen_heldout_writers_accuracy", "pen_all_writers_accuracy",
              "scans_accuracy", "scans_accuracy_preparation_off"):
        assert 0.0 <= figs[k] <= 1.0


def test_train_recipe_outlier_exposure_stage_writes_a_refusal_policy(tmp_path: Path) -> None:
    """The stage on tiny files: letters taught as uniform, the policy and its figures in the card,
    the refined members cached (a rebuild reuses them)."""
    from mnist_gui.core.samples import sample_drawings

    data = write_idx_dataset(tmp_path / "syn", n_train=200, n_test=60)
    strokes = _strokes_file(tmp_path / "s.json")
    drawings = sample_drawings()
    letters = {"format": "char-strokes/1", "coordinates": "fractions", "samples": [
        {"char": "AxkW"[i % 4], "writer": f"letters-{i % 9}", "strokes": [list(map(list, st)) for st in d.strokes]}
        for i, d in enumerate(drawings * 3)]}
    (tmp_path / "letters.json").write_text(json.dumps(letters))
    out, cache = tmp_path / "b.keras", tmp_path / "cache"
    argv = ["train", "--recipe", "bundled", "--data", str(data), "--strokes", str(strokes), "--epochs", "1",
            "--members", "1", "--letters", str(tmp_path / "letters.json"), "--more-strokes", str(strokes),
            "--cache", str(cache), "--out", str(out)]
    rc, o, e = run_main(argv)
    assert rc == 0, (o, e)
    card = json.loads(out.with_suffix(".card.json").read_text())
    ref = card["refusal"]
    assert ref["temperature"] > 0 and 0.0 <= ref["reject_below"] <= 1.0
    assert 0.0 <= ref["figures"]["check_auroc_digits_vs_letters"] <= 1.0 or ref["figures"]["check_letters"] == 0
    assert len(card["data"]["unipen"]["letters_sha256"]) == 64
    assert len(list(cache.glob("*-refined-*.keras"))) == 1
    rc, o2, e = run_main(argv)
    assert rc == 0 and "reusing refined" in o2, (o2, e)


def test_train_recipe_missing_strokes_file(tmp_path: Path) -> None:
    data = write_idx_dataset(tmp_path / "syn", n_train=50, n_test=20)
    rc, out, err = run_main(["train", "--recipe", "bundled", "--data", str(data),
                             "--strokes", str(tmp_path / "none.json"), "--out", str(tmp_path / "m.keras")])
    assert_user_error(rc, out, err, "pen-stroke file not found")


def test_eval_strokes_held_out_needs_a_recipe_card(tiny_model: Path, tmp_path: Path) -> None:
    f = _strokes_file(tmp_path / "s.json")
    rc, out, err = run_main(["eval-strokes", str(f), "--model", str(tiny_model), "--writers", "held-out"])
    assert_user_error(rc, out, err, "held-out writers")
    rc, out, err = run_main(["refresh-figures", str(tiny_model), "--strokes", str(f)])
    assert_user_error(rc, out, err, "does not come from a recipe")


@pytest.mark.slow
def test_recipe_model_held_out_writers_and_refresh_figures(tmp_path: Path) -> None:
    data = write_idx_dataset(tmp_path / "syn", n_train=300, n_test=100)
    strokes = _strokes_file(tmp_path / "s.json")
    out = tmp_path / "bundled.keras"
    rc, o, e = run_main(["train", "--recipe", "bundled", "--data", str(data), "--strokes", str(strokes),
                         "--scans", str(tmp_path / "no-scans"), "--epochs", "1", "--out", str(out)])
    assert rc == 2 and "no-scans" in e  # an explicit scans folder that is missing is an error
    rc, o, e = run_main(["train", "--recipe", "bundled", "--data", str(data), "--strokes", str(strokes),
                         "--epochs", "1", "--members", "1", "--out", str(out), "--no-refusal"])
    assert rc == 0, (o, e)
    card = json.loads(out.with_suffix(".card.json").read_text())
    assert card["architecture"] == "robust"
    held = card["data"]["pen_strokes"]["held_out_writers"]
    rc, o, e = run_main(["eval-strokes", str(strokes), "--model", str(out), "--writers", "held-out"])
    assert rc == 0, e
    writers = [line.split(":")[0].strip() for line in o.split("per writer:")[1].splitlines()[1:] if line.startswith("  ")]
    assert sorted(writers) == sorted(held)
    other = tmp_path / "other.json"
    save_strokes(other, [StrokeSample(label=1, writer="x", strokes=[[(0.5, 0.1), (0.5, 0.9)]])])
    rc, o, e = run_main(["refresh-figures", str(out), "--strokes", str(other)])
    assert_user_error(rc, o, e, "SHA-256 differs")
    rc, o, e = run_main(["refresh-figures", str(out), "--strokes", str(strokes), "--data", str(data)])
    assert rc == 0, (o, e)
    again = json.loads(out.with_suffix(".card.json").read_text())
    assert again["figures"]["mnist_test_accuracy"] == pytest.approx(card["figures"]["mnist_test_accuracy"])
    assert "figures_measured" in again and again["recipe"] == "bundled"


# --------------------------------------------------------------------------- the bundled model on real input
@pytest.mark.slow
def test_bundled_model_reads_real_pen_digits(strokes_file: Path) -> None:
    """Pen digits of 30 writers replayed on the real canvas (7 of them never trained on)."""
    rc, out, err = run_main(["eval-strokes", str(strokes_file)])
    assert rc == 0, err
    acc = float(out.strip().splitlines()[-1].split()[-1])
    assert acc >= 0.985, out
    rc, out, err = run_main(["eval-strokes", str(strokes_file), "--writers", "held-out"])
    assert rc == 0, err
    held = float(out.strip().splitlines()[-1].split()[-1])
    assert held >= 0.975, out  # writers the model never saw: 98.2% measured


@pytest.mark.slow
def test_bundled_model_reads_real_scans(scans_dir: Path) -> None:
    rc, out, err = run_main(["eval-images", str(scans_dir)])
    assert rc == 0, err
    assert float(out.strip().splitlines()[-1].split()[-1]) >= 0.975, out
