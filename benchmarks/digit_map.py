"""The digit map (Map tab, ``core/digitmap.py``): how long it takes, how faithful it is, how smooth.

With the bundled model and the 10,000 MNIST test digits, no cache (a fresh per-user folder):

  features        the last hidden layer of both ensemble members on the 10,000 digits
  embedding       principal components + openTSNE
  map seconds     the two together (target: 30 at most)
  place ms        one digit's features and its place on the map, median of ``--places`` digits
                  from the training set (as a drawn digit is placed; target: 50 at most)
  trustworthiness scikit-learn's, 10 neighbours, between the features and the map (target 0.9)
  pan frame ms    the Map tab's view, 1000x700 offscreen, all points: median and worst ms per
                  frame of a pan step + a full repaint, at the whole map and zoomed in 4x
  max stall ms    the main window with the Map tab shown while it computes the map in the
                  background: the worst lateness of a 10 ms timer on the window's thread

Usage: python benchmarks/digit_map.py [--data DIR] [--places 50] [--trust-n 10000] [--no-stall]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ["MNIST_GUI_HOME"] = tempfile.mkdtemp(prefix="digit-map-bench-")  # no cache
os.environ["XDG_CONFIG_HOME"] = os.environ["MNIST_GUI_HOME"]  # nor the remembered tab and settings
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import numpy as np  # noqa: E402

TICK_MS = 10


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.environ.get("MNIST_DIR"), help="MNIST folder (default: MNIST_DIR)")
    ap.add_argument("--places", type=int, default=50)
    ap.add_argument("--trust-n", type=int, default=10000, help="digits the trustworthiness is measured on")
    ap.add_argument("--no-stall", action="store_true", help="skip the window's stall measurement")
    args = ap.parse_args()

    from mnist_gui.core import dataset, digitmap, store
    from mnist_gui.core.backend import import_keras
    from mnist_gui.paths import default_model_path

    import_keras()
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}", flush=True)
    data = dataset.load_or_download(args.data, allow_download=False)
    model = store.load_model(default_model_path())
    x, y = data.x_test, data.y_test
    probe = digitmap.FeatureProbe(model)
    probe(x[:8])  # the graph traced once, as the app does when the model loads

    t0 = time.perf_counter()
    feats, preds = digitmap.features(model, x, probe=probe)
    t1 = time.perf_counter()
    mean, basis, reduced = digitmap._pca(feats, digitmap.PCA_DIMS)
    coords = digitmap.embed(reduced)
    t2 = time.perf_counter()
    print(f"features seconds: {t1 - t0:.1f} ({feats.shape[1]} features per digit)")
    print(f"embedding seconds: {t2 - t1:.1f}")
    print(f"map seconds: {t2 - t0:.1f}", flush=True)
    m = digitmap.DigitMap(coords=coords, labels=y, predictions=preds, mean=mean, basis=basis, reduced=reduced)

    times = []
    for i in range(args.places):
        t = time.perf_counter()
        f, _p = probe(data.x_train[i:i + 1])
        m.place(f)
        m.neighbours(f, 8)
        times.append(time.perf_counter() - t)
    times_ms = np.array(times) * 1000
    print(f"place ms: {np.median(times_ms):.1f} (worst {times_ms.max():.1f}, {args.places} training digits)")
    # how well placing agrees with the map: test digits placed as if new, against their real place
    f, _p = probe(x[:200])
    idx, _d = m.neighbours(f, digitmap.PLACE_NEIGHBOURS + 1)
    same = idx[:, 0] == np.arange(200)
    print(f"placement check: {same.mean():.2f} of 200 test digits find themselves nearest", flush=True)

    from sklearn.manifold import trustworthiness

    n = min(args.trust_n, len(x))
    sub = np.random.default_rng(0).choice(len(x), n, replace=False) if n < len(x) else np.arange(len(x))
    t = time.perf_counter()
    tw = trustworthiness(feats[sub], coords[sub], n_neighbors=10)
    print(f"trustworthiness: {tw:.3f} (on {n:,} test digits, {time.perf_counter() - t:.0f} s to measure)", flush=True)

    from PySide6.QtWidgets import QApplication

    from mnist_gui.gui.map_view import MapView

    app = QApplication.instance() or QApplication(sys.argv[:1])
    view = MapView()
    view.resize(1000, 700)
    view.show()
    app.processEvents()
    view.set_map(coords, y, preds, x)
    for zoom, label in ((1.0, "whole map"), (4.0, "zoomed 4x")):
        view.reset_view()
        view.zoom(zoom)
        frame = []
        for k in range(200):
            t = time.perf_counter()
            view.pan(3 if (k // 50) % 2 == 0 else -3, 2 if (k // 25) % 2 == 0 else -2)
            view.repaint()
            frame.append(time.perf_counter() - t)
        f_ms = np.array(frame[10:]) * 1000
        print(f"pan frame ms ({label}): {np.median(f_ms):.1f} median, {f_ms.max():.1f} worst")
    view.close()

    if not args.no_stall:
        print(f"max stall ms: {_stall(app, data):.0f} (the window while the Map tab computes the map)")
    return 0


def _stall(app: object, data: object) -> float:
    from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer

    from mnist_gui.gui.main_window import MainWindow
    from mnist_gui.session.tasks import Task

    win = MainWindow()
    win.resize(1280, 860)
    win.show()
    state = win.state
    state.data = data
    state.datasetChanged.emit()
    state.load_model(None)

    def wait_until(cond: object, timeout_s: float = 300.0) -> None:
        t = time.perf_counter()
        while not cond():  # type: ignore[operator]
            if time.perf_counter() - t > timeout_s:
                raise SystemExit(f"timed out: model {state.model is not None}, loading {state.model_loading()}, "
                                 f"map job running {win.map_tab.job.is_running()}: {win.map_tab.status.text()}")
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)  # type: ignore[attr-defined]

    wait_until(lambda: state.model is not None and not state.model_loading())
    clock = QElapsedTimer()
    ticks: list[float] = []
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(TICK_MS)
    timer.timeout.connect(lambda: ticks.append(clock.nsecsElapsed() / 1e6))
    clock.start()
    timer.start()
    win.tabs.setCurrentWidget(win.map_tab)
    wait_until(lambda: len(ticks) > 5 and win.map_tab.job.current(), 600)
    timer.stop()
    Task.stop_all(10000)
    late = np.maximum(np.diff(np.asarray(ticks)) - TICK_MS, 0.0)
    print(f"map in the window: {ticks[-1] / 1000:.1f} s; stalls over 50 ms: {int((late > 50).sum())}")
    win.close()
    return float(late.max()) if len(late) else 0.0


if __name__ == "__main__":
    sys.exit(main())
