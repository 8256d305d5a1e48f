"""`--self-test`: offscreen check that a (packaged) app really works; exit 0 if all is well.

Loads the bundled model, replays the built-in sample drawings through the real canvas and Draw
tab, and, when MNIST is on this machine, evaluates a slice of the test set.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Any, Callable

SLICE = 1000
MIN_SLICE_ACCURACY = 0.97


class SelfTestFailure(Exception):
    pass


def _say(stream: Any, text: str) -> None:
    if stream is not None:
        stream.write(text + "\n")
        stream.flush()


def run_self_test(data: str | None = None, out: Any = None) -> int:
    """Run the checks; print one line per step and return the exit status."""
    out = out if out is not None else sys.stdout
    err = sys.stderr
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    t0 = time.perf_counter()
    try:
        _checks(data, out)
    except SelfTestFailure as e:
        _say(err if err is not None else out, f"self-test FAILED: {e}")
        return 1
    except Exception as e:  # noqa: BLE001 - any crash is a failure with a one-line reason
        _say(err if err is not None else out, f"self-test FAILED: {type(e).__name__}: {e}")
        return 1
    _say(out, f"self-test passed in {time.perf_counter() - t0:.1f} s")
    return 0


def _checks(data: str | None, out: Any) -> None:
    import numpy as np

    from mnist_gui.core import dataset, evaluation, store
    from mnist_gui.core.samples import sample_drawings
    from mnist_gui.cli.drawtab import make_draw_tab
    from mnist_gui.gui.harness import classify_strokes, prepared_strokes
    from mnist_gui.paths import default_model_path

    path = default_model_path()
    if not path.exists():
        raise SelfTestFailure(f"bundled model missing at {path}")
    try:
        store.load_model(path)
    except store.ModelFileError as e:
        raise SelfTestFailure(str(e)) from None
    card = store.read_card(path) or {}
    _say(out, f"bundled model: ok ({path.name}, card test accuracy {card.get('test_accuracy')})")

    tab, app = make_draw_tab(None)
    _check_translations(out)
    tab.evidence_box.setChecked(True)
    wrong = []
    for s in sample_drawings():
        probs = classify_strokes(tab, s.strokes)
        got = None if probs is None else int(np.argmax(probs))
        if got != s.label:
            wrong.append(f"{s.label}->{got}")
    emap = tab.explain_panel.view.map
    if emap is None or emap.shape != (28, 28) or not np.isfinite(emap).all() or not np.abs(emap).sum() > 0:
        raise SelfTestFailure(f"no evidence map for a drawing ({tab.explain_panel.view.message()})")
    inputs = [(prepared_strokes(tab, s.strokes), s.label) for s in sample_drawings()]
    tab.close()
    app.processEvents()
    if wrong:
        raise SelfTestFailure(f"sample drawings misread: {', '.join(wrong)}")
    _say(out, "sample drawings through the canvas: 10/10 correct, with evidence maps")

    _tiny_training(out, inputs)
    _dump_loaded()
    try:
        where = dataset.find_mnist(data)
    except dataset.DatasetError as e:
        raise SelfTestFailure(str(e)) from None
    if where is None:
        _say(out, "MNIST: not found on this machine (skipped the slice evaluation; the app can download it)")
        return
    try:
        mnist = dataset.load_mnist(where)
    except dataset.DatasetError as e:
        raise SelfTestFailure(str(e)) from None
    model = tab.state.model
    ev = evaluation.evaluate(model, mnist.x_test[:SLICE], mnist.y_test[:SLICE])
    if ev.accuracy < MIN_SLICE_ACCURACY:
        raise SelfTestFailure(f"accuracy {ev.accuracy:.4f} on {SLICE} test digits is below {MIN_SLICE_ACCURACY}")
    _say(out, f"MNIST from {where}: first {SLICE} test digits, accuracy {ev.accuracy:.4f}")
    _dump_loaded()


def _check_translations(out: Any) -> None:
    """The Chinese interface's translations are there and load: the app's and Qt's own."""
    from PySide6.QtCore import QCoreApplication

    from mnist_gui.gui.i18n import install_language, installed_translations, remove_language

    try:
        install_language("zh_CN")
        files = installed_translations()
        draw = QCoreApplication.translate("MainWindow", "Draw")
    finally:
        remove_language()
    if len(files) != 2 or draw != "\u624b\u5199":  # 手写
        raise SelfTestFailure(f"the zh_CN translations did not load (loaded: {files or 'none'})")
    _say(out, f"translations: zh_CN ok ({', '.join(os.path.basename(f) for f in files)})")


def _tiny_training(out: Any, base: list[Any]) -> None:
    """Train the small network for three epochs on the built-in drawings (as the Draw tab
    prepared them) in the training process, as the Train tab does: spawning the process works
    in this build, and so do the optimizer, gradients, callbacks and the model file it returns."""
    import threading

    import numpy as np

    from mnist_gui.core import store, trainproc, training

    rng = np.random.default_rng(0)
    x = np.stack([np.roll(img, (int(rng.integers(-2, 3)), int(rng.integers(-2, 3))), (0, 1))
                  for img, _ in base for _ in range(16)])
    x = (np.clip(x, 0, 1) * 255 + 0.5).astype(np.uint8)
    y = np.repeat([label for _, label in base], 16).astype(np.uint8)
    config = training.TrainConfig.for_arch("small", epochs=3, batch_size=32, augment=False, validation_split=0.0)
    folder = trainproc.new_job_folder()
    proc = trainproc.TrainingProcess()
    try:
        data = trainproc.write_job_data(folder, x, y, x[:40], y[:40])
        losses: list[float] = []

        def on_event(msg: dict) -> None:
            if msg.get("kind") == "progress" and msg["p"]["kind"] == "epoch":
                losses.append(float(msg["p"]["loss"]))

        result = proc.run({"config": config.to_dict(), "data_path": str(data), "out_dir": str(folder)}, on_event,
                          threading.Event(), threading.Event())
        if len(losses) != 3 or not np.isfinite(losses).all() or not losses[-1] < losses[0]:
            raise SelfTestFailure(f"a tiny training run did not learn (losses {losses})")
        model = store.load_model(result.model_path)
        from mnist_gui.core import evaluation

        probs = evaluation.predict_one(model, x[0].astype(np.float32) / 255.0)
        if probs.shape != (10,) or not abs(float(probs.sum()) - 1) < 1e-3:
            raise SelfTestFailure("the trained network does not predict")
        pid = proc.pid
    except trainproc.TrainingProcessError as e:
        raise SelfTestFailure(f"the training process failed: {e}") from None
    finally:
        proc.quit()
        trainproc.remove_job_folder(folder)
    _say(out, f"tiny training run in the training process (pid {pid}): 3 epochs, loss {losses[0]:.2f} -> "
              f"{losses[-1]:.2f}")


def _dump_loaded() -> None:
    """For trimming the bundle (packaging/trim.py): with MNIST_GUI_LOADED_OUT=DIR set, write the
    shared libraries mapped into this process and the Python modules imported so far."""
    target = os.environ.get("MNIST_GUI_LOADED_OUT")
    if not target:
        return
    os.makedirs(target, exist_ok=True)
    try:
        with open("/proc/self/maps", encoding="utf-8") as f:
            libs = sorted({line.split()[-1] for line in f if len(line.split()) >= 6 and "/" in line.split()[-1]})
    except OSError:
        libs = []
    with open(os.path.join(target, "libs.txt"), "a", encoding="utf-8") as f:
        f.write("\n".join(libs) + "\n")
    with open(os.path.join(target, "modules.txt"), "a", encoding="utf-8") as f:
        f.write("\n".join(sorted(sys.modules)) + "\n")


def cmd_self_test(args: argparse.Namespace) -> int:
    return run_self_test(data=getattr(args, "data", None))


def register(add: Callable[..., Any]) -> None:
    add("self-test", cmd_self_test, "offscreen check: bundled model, sample drawings, MNIST slice; exit 0 if all pass")
