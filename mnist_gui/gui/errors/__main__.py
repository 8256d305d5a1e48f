"""Show the Errors tab alone: ``python -m mnist_gui.gui.errors [--data DIR] [--model FILE]``."""
from __future__ import annotations

from mnist_gui.session.state import AppState
from mnist_gui.session.tasks import Task
from mnist_gui.gui.errors.tab import ErrorsTab


def main(argv: list[str] | None = None) -> int:
    """Run the tab alone (``--screenshot PNG``: save a picture of it once evaluated, then quit)."""
    import argparse
    import sys

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from mnist_gui.paths import default_model_path

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", help="MNIST folder or mnist.npz (default: MNIST_DIR or the user folder)")
    ap.add_argument("--model", help="model file (default: the bundled one)")
    ap.add_argument("--screenshot", metavar="PNG", help="save a picture of the tab once evaluated, then quit")
    args = ap.parse_args(argv)
    app = QApplication(sys.argv[:1])
    state = AppState()
    tab = ErrorsTab(state)
    tab.resize(1280, 760)
    tab.setWindowTitle("MNIST \u2014 Errors")
    tab.show()
    if args.screenshot:
        def shoot() -> None:
            ev = tab.evaluation
            if ev is not None and ev.top_confusions(1):
                tab.select_cell(*ev.top_confusions(1)[0][:2])
            tab.grab().save(args.screenshot)
            app.quit()

        tab.evaluated.connect(lambda: QTimer.singleShot(300, shoot))
        state.datasetFailed.connect(lambda msg: QTimer.singleShot(300, shoot))
        state.modelFailed.connect(lambda msg: QTimer.singleShot(300, shoot))
    state.load_dataset(args.data)
    if args.model or default_model_path().exists():
        state.load_model(args.model)
    code = app.exec()
    tab.cancel_evaluation(wait_ms=10000)
    Task.stop_all()
    return code


if __name__ == "__main__":
    raise SystemExit(main())
