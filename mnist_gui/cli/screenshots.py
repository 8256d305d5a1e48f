"""Screenshots of the real main window, one per tab, each in a meaningful state."""
from __future__ import annotations

import argparse
import logging
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np

logger = logging.getLogger(__name__)

WINDOW_SIZE = (1280, 820)


def _wait(app: Any, condition: Callable[[], bool], timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        app.processEvents()
        if condition():
            return True
        time.sleep(0.01)
    return condition()


def take_screenshots(outdir: Path, model_path: str | None = None, data: str | None = None) -> list[Path]:
    """Open the main window offscreen, bring each tab into a telling state and save PNGs."""
    from PySide6.QtWidgets import QApplication

    from mnist_gui.core import dataset
    from mnist_gui.core.samples import sample_drawings
    from mnist_gui.core.training import TrainConfig
    from mnist_gui.gui.harness import load_model_into
    from mnist_gui.gui.main_window import MainWindow
    from mnist_gui.session.tasks import Task

    app = QApplication.instance()
    window = MainWindow()
    window.resize(*WINDOW_SIZE)
    window.show()
    state = window.state
    load_model_into(state, model_path)
    where = dataset.find_mnist(data)
    if where is not None:
        state.data = dataset.load_mnist(where)
        state.data_path = str(where)
        state.datasetChanged.emit()
    app.processEvents()
    shots: list[Path] = []

    def shoot(name: str) -> None:
        app.processEvents()
        p = outdir / f"{name}.png"
        window.grab().save(str(p))
        shots.append(p)

    # Draw: a digit drawn through the canvas, with its prediction
    why_was_on = window.draw_tab.evidence_box.isChecked()  # remembered from the last session
    window.draw_tab.evidence_box.setChecked(False)
    window.tabs.setCurrentWidget(window.draw_tab)
    app.processEvents()
    window.draw_tab.canvas.replay(sample_drawings()[4].strokes)
    shoot("01-draw")
    # the same digit with its evidence map, and the feature-map window
    window.draw_tab.evidence_box.setChecked(True)
    shoot("05-draw-evidence")
    panel = window.draw_tab.feature_panel
    window.draw_tab.show_feature_maps()
    app.processEvents()
    p = outdir / "06-feature-maps.png"
    panel.grab().save(str(p))
    shots.append(p)
    panel.close()
    window.draw_tab.evidence_box.setChecked(False)
    _number_shot(app, window, sample_drawings(), shoot)
    # My digits (as this user's collection stands: nothing is added to it) and the guide (F1)
    window.tabs.setCurrentWidget(window.my_digits_tab)
    shoot("07-my-digits")
    guide = window.show_guide()
    app.processEvents()
    p = outdir / "08-guide.png"
    guide.grab().save(str(p))
    shots.append(p)
    guide.close()

    if state.data is not None:
        # Dataset: the test digits labelled 8, one selected with the model's prediction
        window.tabs.setCurrentWidget(window.dataset_tab)
        window.dataset_tab.set_filter(split="test", label=8)
        app.processEvents()
        first8 = int(np.flatnonzero(state.data.y_test == 8)[3])
        window.dataset_tab.select_global(len(state.data.y_train) + first8)
        shoot("02-dataset")

        # Errors: evaluate, open the most frequent confusion, select its first digit
        window.tabs.setCurrentWidget(window.errors_tab)
        if _wait(app, lambda: window.errors_tab.evaluation is not None and not window.errors_tab.is_evaluating(), 300):
            ev = window.errors_tab.evaluation
            tops = ev.top_confusions(1)
            if tops:
                window.errors_tab.select_cell(tops[0][0], tops[0][1])
                window.errors_tab.select_row(0)
        window.errors_tab.evidence_box.setChecked(True)  # why this and not the true digit?
        shoot("04-errors")
        _map_shot(app, window, shoot)

        # Train: a short run, photographed while it learns
        window.tabs.setCurrentWidget(window.train_tab)
        tab = window.train_tab
        tab.set_config(TrainConfig.for_arch("small", epochs=3, validation_split=0.1), digits=9000)
        if tab.start():
            _wait(app, lambda: tab.run_bar.value() >= 0.55 * max(tab.run_bar.maximum(), 1), 300)
            shoot("03-train")
            tab.request_stop()
            _wait(app, lambda: not tab.is_training(), 60)
    else:
        for t, name in ((window.dataset_tab, "02-dataset"), (window.train_tab, "03-train"),
                        (window.errors_tab, "04-errors")):
            window.tabs.setCurrentWidget(t)
            shoot(name + "-no-data")
    Task.stop_all(20000)
    window.train_tab.discard_unsaved()  # the screenshot run's model is not kept
    window.draw_tab.evidence_box.setChecked(why_was_on)  # closing remembers the switch as it was
    window.close()
    app.processEvents()
    return sorted(shots)


def _number_shot(app: Any, window: Any, samples: list[Any], shoot: Callable[[str], None]) -> None:
    """A whole number written across the Draw tab's canvas: each digit boxed with its reading."""
    import numpy as np

    from mnist_gui.core.number_strokes import compose, fit_to_canvas

    by_label = {s.label: s for s in samples}
    number = compose([by_label[int(c)] for c in "2026"], np.random.default_rng(2), gap=(0.25, 0.3),
                     slant=0.05, wobble=0.04, size=0.06)
    c = window.draw_tab.canvas
    c.clear()
    o = c.origin()
    c.replay([[(o.x() + x, o.y() + y) for x, y in st] for st in fit_to_canvas(number, c.area_width(), c.side(), 0.15)],
             fractions=False)
    app.processEvents()
    shoot("08-draw-number")
    c.clear()


def _map_shot(app: Any, window: Any, shoot: Callable[[str], None]) -> None:
    """Map: the test digits' map with the Draw tab's digit placed on it, a misread digit opened."""
    tab = window.map_tab
    window.tabs.setCurrentWidget(tab)
    if _wait(app, lambda: tab.job.current(), 300):
        wrong = np.flatnonzero(tab.job.map.misread)
        if len(wrong):
            tab.show_digit(int(wrong[0]))
    shoot("07-map")


def cmd_screenshots(args: argparse.Namespace) -> int:
    from mnist_gui.cli.cmdline import UserError

    out = Path(args.outdir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UserError(f"{out}: cannot create the folder ({e.strerror or e})") from None
    from mnist_gui.gui.harness import offscreen_app

    offscreen_app()
    from mnist_gui.gui.i18n import install_language

    install_language(args.lang)
    for path in take_screenshots(out, model_path=args.model, data=getattr(args, "data", None)):
        print(path)
    return 0


def register(add: Callable[..., Any]) -> None:
    s = add("screenshots", cmd_screenshots, "save a PNG of each tab of the real window in a meaningful state")
    s.add_argument("outdir", metavar="OUTDIR")
    s.add_argument("--model", default=None, help="model file (default: the bundled model)")
    s.add_argument("--lang", default="en", choices=("en", "zh_CN"),
                   help="language of the window in the screenshots (default: en)")
