"""`mnist-gui map --out FILE`: the digit map of a model as a PNG (and its coordinates as CSV). No Qt."""
from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any, Callable

from mnist_gui.cli.cmdline import TerminalProgress, UserError, load_data, load_model


def register(add: Callable[..., argparse.ArgumentParser]) -> None:
    m = add("map", cmd_map, "write the map of the 10,000 test digits as the model sees them (PNG, optionally CSV)")
    m.add_argument("--out", metavar="FILE", required=True, help="where to write the map (.png)")
    m.add_argument("--model", default=argparse.SUPPRESS, help="model file (default: the bundled model)")
    m.add_argument("--csv", metavar="FILE", help="also write the coordinates: index,x,y,label,prediction")
    m.add_argument("--no-cache", action="store_true", help="compute the map even if it is in the cache")


def _writable(value: str | None, what: str) -> None:
    if value is None:
        return
    parent = Path(value).expanduser().resolve().parent
    if not parent.is_dir():
        raise UserError(f"{value}: the folder for the {what} does not exist")
    if Path(value).is_dir():
        raise UserError(f"{value}: is a folder; give a file name for the {what}")


def cmd_map(args: argparse.Namespace) -> int:
    from mnist_gui.core import digitmap
    from mnist_gui.core.digitmap_export import write_csv, write_png

    _writable(args.out, "map")
    _writable(args.csv, "coordinates")
    model, path = load_model(getattr(args, "model", None))
    data = load_data(args.data)
    bar = TerminalProgress("digit map")
    t0 = time.perf_counter()

    def progress(done: int, total: int, what: str) -> None:
        bar.update(done / total if total else 0.0, what)

    try:
        if args.no_cache:
            m: Any = digitmap.compute(model, data.x_test, data.y_test, progress=progress)
        else:
            m = digitmap.compute_or_load(model, data.x_test, data.y_test, model_file=path, progress=progress)
    except digitmap.DigitMapError as e:
        raise UserError(str(e)) from None
    bar.done()
    try:
        write_png(m, args.out, title=f"{len(m.labels):,} test digits as {Path(path).name} sees them")
        if args.csv:
            write_csv(m, args.csv)
    except OSError as e:
        raise UserError(f"cannot write the map: {e}") from None
    print(f"model: {path}")
    print(f"digits: {len(m.labels)}, misread: {int(m.misread.sum())}, "
          f"{'from the cache' if m.from_cache else 'computed'}")
    print(f"map: {args.out}" + (f", coordinates: {args.csv}" if args.csv else ""))
    print(f"map seconds: {time.perf_counter() - t0:.1f}")
    return 0
