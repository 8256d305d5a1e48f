"""`mnist-gui`: the parser and the entry points; no arguments opens the window.

Every failure caused by bad input ends with exit status 2 and a one-line message on stderr.
"""
from __future__ import annotations

import argparse
import logging
import sys
from typing import Callable, NoReturn, Sequence

from mnist_gui import APP_NAME, __version__
from mnist_gui.cli.cmdline import EXIT_BAD_INPUT, UserError
from mnist_gui.cli.commands import cmd_evaluate, cmd_explain, cmd_predict, cmd_train

logger = logging.getLogger(__name__)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, no usage dump
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message} (see --help)\n")


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
        from mnist_gui.cli.recipe import add_recipe_arguments
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
    p.add_argument("--no-refusal", action="store_true",
                   help="always name the most probable digit (no \"not a digit\" or \"unsure\" answers)")

    x = add("explain", cmd_explain, "write a PNG of a picture's evidence map and the network's feature maps")
    x.add_argument("image", metavar="IMAGE")
    x.add_argument("--model", default=argparse.SUPPRESS, help="model file (default: the bundled model)")
    x.add_argument("--out", metavar="PNG", help="where to write the picture (default: IMAGE.explained.png)")
    x.add_argument("--digit", type=int, choices=range(10), metavar="N",
                   help="the evidence for digit N (default: for the prediction, against the runner-up)")
    x.add_argument("--no-preprocess", action="store_true", help="plain resize instead of MNIST-style preparation")

    from mnist_gui.cli import digit_map

    digit_map.register(add)
    _add_qt_commands(add)
    return parser


def _add_qt_commands(add: Callable[..., argparse.ArgumentParser]) -> None:
    """Commands that drive the real widgets offscreen (Qt itself is imported when they run)."""
    try:
        from mnist_gui.cli import eval_strokes, screenshots, selftest
    except ImportError:  # the GUI layer is optional for headless use
        return
    eval_strokes.register(add)
    from mnist_gui.cli import numbers

    numbers.register(add)
    screenshots.register(add)
    from mnist_gui.cli import recipe

    recipe.register(add)
    selftest.register(add)


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
        from mnist_gui.cli.selftest import run_self_test

        import_keras()

        return run_self_test(data=args.data)
    if args.command is None:
        return gui_main(args)
    _setup_logging(args.verbose)
    try:
        check_inputs_exist(args)  # before TensorFlow is imported: a missing file is answered at once
        if args.command not in NO_TENSORFLOW_NEEDED:
            from mnist_gui.core.backend import import_keras

            import_keras()
        return int(args.func(args) or 0)
    except UserError as e:
        print(f"mnist-gui: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("mnist-gui: interrupted", file=sys.stderr)
        return 130


# Commands that import TensorFlow themselves only when they need it (predict with the bundled
# model answers from its NumPy forward pass, core.lite).
NO_TENSORFLOW_NEEDED = {"predict", "read"}


def check_inputs_exist(args: argparse.Namespace) -> None:
    """One line and exit 2 for a named input that does not exist, or a model file that the
    archive check refuses, before any heavy import.

    Raises:
        UserError: the first missing input.
    """
    from pathlib import Path

    named: list[tuple[str, str]] = []
    for attr, what in (("image", "picture"), ("file", "file"), ("folder", "folder"), ("path", "file or folder")):
        value = getattr(args, attr, None)
        if isinstance(value, str):
            named.append((value, what))
    model = getattr(args, "model", None)
    if isinstance(model, str) and model:
        named.append((model, "model file"))
    for value, what in named:
        if not Path(value).exists():
            raise UserError(f"{value}: {what} does not exist")
    if isinstance(model, str) and model:  # a hostile archive is refused in milliseconds, not after TF
        from mnist_gui.core import store

        try:
            store.check_model_file(model)
        except store.ModelFileError as e:
            raise UserError(str(e)) from None


def gui_main(args: argparse.Namespace | None = None) -> int:
    """Open the main window (entry point of the windowed executable too)."""
    if args is None:
        args = build_parser().parse_args([])
    from mnist_gui.gui.app import run_app

    return run_app(model=args.model, data=args.data)


if __name__ == "__main__":
    sys.exit(main())
