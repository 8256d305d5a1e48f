"""`mnist-gui`: no arguments opens the window; sub-commands work headless.

Every failure caused by bad input ends with exit status 2 and a one-line message on stderr.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import logging
import sys
from pathlib import Path
from typing import Any, Callable, NoReturn, Sequence

from mnist_gui import APP_NAME, __version__
from mnist_gui.cmdline import TerminalProgress, UserError, fmt_eta, load_data, load_model

logger = logging.getLogger(__name__)

EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, no usage dump
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message} (see --help)\n")


def cmd_train(args: argparse.Namespace) -> int:
    if getattr(args, "recipe", None):
        from mnist_gui.gui.recipe_command import cmd_train_recipe

        return cmd_train_recipe(args)
    from mnist_gui.core import evaluation, store, training
    from mnist_gui.paths import user_data_dir

    try:
        config = training.TrainConfig.for_arch(
            args.arch,
            epochs=args.epochs,
            batch_size=args.batch_size,
            learning_rate=args.learning_rate,
            seed=1 if args.seed is None else args.seed,
            validation_split=args.validation_split,
            augment=False if args.no_augment else (True if args.augment else None),
        )
        config.validate()
    except ValueError as e:
        raise UserError(str(e)) from None
    if args.limit is not None and args.limit < 1:
        raise UserError(f"--limit must be at least 1, not {args.limit}")
    if args.out:
        out = Path(args.out)
    else:
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        out = user_data_dir() / "models" / f"{args.arch}-{stamp}.keras"
        out.parent.mkdir(parents=True, exist_ok=True)
    if not out.parent.is_dir():
        raise UserError(f"{out.parent}: folder does not exist")
    data = load_data(args.data)
    x, y = data.x_train, data.y_train
    if args.limit:
        x, y = x[: args.limit], y[: args.limit]
    print(f"training '{config.arch}' on {len(x)} images: {config.epochs} epochs, batch {config.batch_size}, "
          f"learning rate {config.learning_rate:g} ({config.lr_schedule}), augmentation {'on' if config.augment else 'off'}")
    bar = TerminalProgress("training")

    def on_progress(p: training.Progress) -> None:
        if p.kind == "batch":
            bar.update(p.fraction, f"epoch {p.epoch}/{p.epochs} loss {p.loss:.4f} acc {p.accuracy:.4f} "
                                   f"{p.samples_per_sec:.0f}/s ETA {fmt_eta(p.eta_s)}")
        elif p.kind == "epoch":
            bar.done(f"epoch {p.epoch}/{p.epochs}")
            val = f" val_loss {p.val_loss:.4f} val_acc {p.val_accuracy:.4f}" if p.val_loss == p.val_loss else ""
            print(f"epoch {p.epoch}/{p.epochs}: loss {p.loss:.4f} acc {p.accuracy:.4f}{val} "
                  f"({p.elapsed_s:.0f} s, {p.samples_per_sec:.0f} samples/s)", flush=True)
            bar.last = -1.0

    result = training.train(config, x, y, on_progress=on_progress)
    ev = evaluation.evaluate(result.model, data.x_test, data.y_test)
    card = store.make_card(
        arch=config.arch,
        hyperparameters=config.to_dict(),
        dataset_sha256=data.checksum(),
        epochs_completed=result.epochs_completed,
        test_accuracy=ev.accuracy,
        training_time_s=result.train_time_s,
        samples_trained=result.samples_trained,
        cancelled=result.cancelled,
        extra={"train_images": int(len(x)), "samples_per_sec": round(result.samples_per_sec, 1)},
    )
    try:
        saved = store.save_model(result.model, out, card)
    except store.ModelFileError as e:
        raise UserError(str(e)) from None
    print(f"training time: {result.train_time_s:.1f} s ({result.samples_per_sec:.0f} samples/s)")
    print(f"saved: {saved}")
    print(f"accuracy: {ev.accuracy:.4f}")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from mnist_gui.core import evaluation

    model, path = load_model(args.model)
    data = load_data(args.data)
    bar = TerminalProgress("evaluating")
    ev = evaluation.evaluate(model, data.x_test, data.y_test,
                             progress=lambda d, t: bar.update(d / t, f"{d}/{t}"))
    bar.done()
    print(f"model: {path}")
    print(f"test digits: {len(ev.y_true)}, errors: {ev.n_errors}")
    print("per class: " + "  ".join(f"{c}: {a:.4f}" for c, a in enumerate(ev.per_class_accuracy)))
    conf = ", ".join(f"{t}->{p} ({n})" for t, p, n in ev.top_confusions(3))
    print(f"most frequent confusions (true->predicted): {conf or 'none'}")
    print(f"accuracy: {ev.accuracy:.4f}")
    return 0


def cmd_predict(args: argparse.Namespace) -> int:
    from mnist_gui.core import evaluation, imagefile, preprocess

    model, _ = load_model(args.model)
    status = 0
    for name in args.images:
        try:
            img = imagefile.read_image(name)
        except imagefile.ImageFileError as e:
            print(f"mnist-gui: {e}", file=sys.stderr)
            status = EXIT_BAD_INPUT
            continue
        x = preprocess.plain_resize(img) if args.no_preprocess else preprocess.preprocess_picture(img)
        if x is None:
            print(f"{name}: no digit found")
            continue
        probs = evaluation.predict_one(model, x)
        top = int(probs.argmax())
        print(f"{name}: {top} ({probs[top] * 100:.1f}%)  " + " ".join(f"{c}:{p:.4f}" for c, p in enumerate(probs)))
    return status


def cmd_explain(args: argparse.Namespace) -> int:
    from mnist_gui.core import evaluation, explain, imagefile, preprocess
    from mnist_gui.explain_report import render_report

    model, _ = load_model(args.model)
    try:
        img = imagefile.read_image(args.image)
    except imagefile.ImageFileError as e:
        raise UserError(str(e)) from None
    x = preprocess.plain_resize(img) if args.no_preprocess else preprocess.preprocess_picture(img)
    if x is None:
        raise UserError(f"{args.image}: no digit found in the picture")
    probs = evaluation.predict_one(model, x)
    try:
        target, versus = explain.default_targets(probs, args.digit)
        emap = explain.evidence_map(model, x, target, versus)
    except (explain.ExplainError, ValueError) as e:
        raise UserError(str(e)) from None
    try:
        features: Any = explain.feature_maps(model, x)
    except explain.ExplainError as e:
        features = str(e)
    out = Path(args.out) if args.out else Path(args.image).with_suffix(".explained.png")
    try:
        render_report(x, probs, emap, target, versus, features, out, title=Path(args.image).name)
    except OSError as e:
        raise UserError(f"{out}: cannot write ({e.strerror or e})") from None
    top = int(probs.argmax())
    print(f"{args.image}: {top} ({probs[top] * 100:.1f}%); evidence for {target}"
          + ("" if versus is None else f" against {versus}"))
    if isinstance(features, str):
        print(f"feature maps: {features}")
    print(f"saved: {out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="mnist-gui", description=f"{APP_NAME}: handwritten digits with a convolutional network. "
                     "Without a command, opens the window.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details to stderr")
    parser.add_argument("--data", metavar="DIR", help="MNIST folder (IDX files) or mnist.npz")
    parser.add_argument("--model", metavar="FILE", help="model file for the window (default: bundled model)")
    parser.add_argument("--self-test", action="store_true", help="run the offscreen self-test and exit (0: all is well)")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    def add(name: str, func: Callable[[argparse.Namespace], int], help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        p.add_argument("--data", metavar="DIR", default=argparse.SUPPRESS, help="MNIST folder (IDX files) or mnist.npz")
        p.set_defaults(func=func)
        return p

    from mnist_gui.core.models import ARCHITECTURES

    t = add("train", cmd_train, "train a network on the MNIST training set and save it with its model card")
    t.add_argument("--arch", default="default", choices=list(ARCHITECTURES), help="architecture (default: default)")
    t.add_argument("--epochs", type=int, help="epochs (default: the architecture's)")
    t.add_argument("--batch-size", type=int, help="batch size (default: the architecture's)")
    t.add_argument("--learning-rate", "--lr", type=float, help="peak learning rate")
    t.add_argument("--validation-split", type=float, help="fraction of the training set held out for validation")
    t.add_argument("--seed", type=int, default=None, help="random seed (default 1)")
    g = t.add_mutually_exclusive_group()
    g.add_argument("--augment", action="store_true", help="random rotations/shifts/zooms while training")
    g.add_argument("--no-augment", action="store_true", help="no augmentation")
    t.add_argument("--limit", type=int, help="train on only the first N training images")
    t.add_argument("--out", metavar="FILE", help="where to save the model (.keras)")
    try:
        from mnist_gui.gui.recipe_command import add_recipe_arguments
    except ImportError:  # headless install without Qt: no recipe
        pass
    else:
        add_recipe_arguments(t)

    e = add("evaluate", cmd_evaluate, "evaluate a model on the MNIST test set")
    # SUPPRESS: when absent, keep a --model given before the command instead of overwriting it with None.
    e.add_argument("model", nargs="?", default=argparse.SUPPRESS, help="model file (default: the bundled model)")

    p = add("predict", cmd_predict, "classify image files of single digits")
    p.add_argument("images", nargs="+", metavar="IMAGE")
    p.add_argument("--model", default=argparse.SUPPRESS, help="model file (default: the bundled model)")
    p.add_argument("--no-preprocess", action="store_true", help="plain resize instead of MNIST-style preparation")

    x = add("explain", cmd_explain, "write a PNG of a picture's evidence map and the network's feature maps")
    x.add_argument("image", metavar="IMAGE")
    x.add_argument("--model", default=argparse.SUPPRESS, help="model file (default: the bundled model)")
    x.add_argument("--out", metavar="PNG", help="where to write the picture (default: IMAGE.explained.png)")
    x.add_argument("--digit", type=int, choices=range(10), metavar="N",
                   help="the evidence for digit N (default: for the prediction, against the runner-up)")
    x.add_argument("--no-preprocess", action="store_true", help="plain resize instead of MNIST-style preparation")

    _add_gui_commands(sub, add)
    return parser


def _add_gui_commands(sub: Any, add: Callable[..., argparse.ArgumentParser]) -> None:
    """Commands that need Qt (imported lazily by the commands themselves)."""
    try:
        from mnist_gui.gui import commands
    except ImportError:  # the GUI layer is optional for headless use
        return
    commands.register(add)


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    if args.self_test:
        _setup_logging(args.verbose)
        from mnist_gui.core.backend import import_keras
        from mnist_gui.gui.selftest import run_self_test

        import_keras()

        return run_self_test(data=args.data)
    if args.command is None:
        return gui_main(args)
    _setup_logging(args.verbose)
    from mnist_gui.core.backend import import_keras

    import_keras()
    try:
        return int(args.func(args) or 0)
    except UserError as e:
        print(f"mnist-gui: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("mnist-gui: interrupted", file=sys.stderr)
        return 130


def gui_main(args: argparse.Namespace | None = None) -> int:
    """Open the main window (entry point of the windowed executable too)."""
    if args is None:
        args = build_parser().parse_args([])
    from mnist_gui.gui.app import run_app

    return run_app(model=args.model, data=args.data)


if __name__ == "__main__":
    sys.exit(main())
