"""The headless sub-commands: train, evaluate, predict, explain (no Qt; TensorFlow only where needed)."""
from __future__ import annotations

import argparse
import datetime as _dt
import sys
from pathlib import Path
from typing import Any

from mnist_gui.cli.cmdline import EXIT_BAD_INPUT, TerminalProgress, UserError, load_data, load_model, training_printer


def cmd_train(args: argparse.Namespace) -> int:
    if getattr(args, "recipe", None):
        from mnist_gui.cli.recipe import cmd_train_recipe

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
    result = training.train(config, x, y, on_progress=training_printer("training"))
    ev = evaluation.evaluate(result.model, data.x_test, data.y_test)
    card = store.card_from_run(
        result, dataset_sha256=data.checksum(), test_accuracy=ev.accuracy,
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
    from mnist_gui.core import evaluation, preprocess, refusal
    from mnist_gui.core.refusal import describe as describe_reading

    pictures, status = read_pictures(args.images)
    if not pictures:
        return status
    model = load_predictor(getattr(args, "model", None))
    policy = predictor_policy(getattr(args, "model", None)).switched(not getattr(args, "no_refusal", False))
    for name, img in pictures:
        x = preprocess.plain_resize(img) if args.no_preprocess else preprocess.preprocess_picture(img)
        if x is None:  # as explain says it: the picture holds nothing to read (one line, exit 2)
            print(f"mnist-gui: {name}: no digit found in the picture", file=sys.stderr)
            status = EXIT_BAD_INPUT
            continue
        probs = evaluation.predict_one(model, x)
        top, reading = int(probs.argmax()), refusal.read(probs, policy)
        # The most probable digit always comes first (scripts read it); the answer follows when
        # it is not a plain digit: "[not a digit (most like 4, 31.0%)]" or "[4 or 9, unsure (...)]".
        print(f"{name}: {top} ({probs[top] * 100:.1f}%)  " + " ".join(f"{c}:{p:.4f}" for c, p in enumerate(probs))
              + ("" if reading.is_digit else f"  [{describe_reading(reading)}]"))
    return status


def read_pictures(names: list[str]) -> tuple[list[tuple[str, Any]], int]:
    """Every picture read before any model (bad files answer at once, one line each): the
    (name, array) pairs that could be read and the exit status so far (2 if any could not)."""
    from mnist_gui.core import imagefile

    status = 0
    pictures = []
    for name in names:
        try:
            pictures.append((name, imagefile.read_image(name)))
        except imagefile.ImageFileError as e:
            print(f"mnist-gui: {e}", file=sys.stderr)
            status = EXIT_BAD_INPUT
    return pictures, status


def predictor_policy(model_path: str | None) -> Any:
    """The refusal policy (core.refusal.Policy) in the card of the model that answers."""
    from mnist_gui.core import refusal, store
    from mnist_gui.paths import default_model_path

    return refusal.Policy.from_card(store.read_card(model_path or default_model_path()))


def load_predictor(model_path: str | None) -> Any:
    """The model that answers ``predict``: the bundled model's NumPy forward pass (no TensorFlow:
    the answer comes in a fraction of the time), or a user's model file through Keras' checked loader."""
    if not model_path:
        from mnist_gui.core import lite
        from mnist_gui.paths import default_model_path

        try:
            return lite.load(default_model_path())
        except Exception:  # noqa: BLE001 - any reason: Keras' loader below says it properly
            pass
    from mnist_gui.core.backend import import_keras

    import_keras()
    return load_model(model_path)[0]


def check_picture_out(out: Path) -> None:
    """The place ``explain`` writes its PNG to: a ``.png`` name in an existing folder that is not
    itself a folder or a device (UserError otherwise)."""
    if out.is_dir():
        raise UserError(f"{out}: cannot write (it is a folder; give a file name ending in .png)")
    if out.exists() and not out.is_file():
        raise UserError(f"{out}: cannot write (not a regular file)")
    if out.suffix.lower() != ".png":
        raise UserError(f"{out}: cannot write (the report is a PNG picture: give a name ending in .png)")
    if not out.parent.is_dir():
        raise UserError(f"{out}: cannot write (folder {out.parent} does not exist)")


def cmd_explain(args: argparse.Namespace) -> int:
    from mnist_gui.core import evaluation, explain, imagefile, preprocess
    from mnist_gui.cli.explain_report import render_report

    out = Path(args.out) if args.out else Path(args.image).with_suffix(".explained.png")
    check_picture_out(out)  # before the model and the maps: a wrong place answers at once
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
    try:
        render_report(x, probs, emap, target, versus, features, out, title=Path(args.image).name)
    except OSError as e:
        raise UserError(f"{out}: cannot write ({e.strerror or e})") from None
    except Exception as e:  # noqa: BLE001 - whatever matplotlib raises: one line, nothing left behind
        raise UserError(f"{out}: cannot write ({type(e).__name__}: {e})") from None
    top = int(probs.argmax())
    print(f"{args.image}: {top} ({probs[top] * 100:.1f}%); evidence for {target}"
          + ("" if versus is None else f" against {versus}"))
    if isinstance(features, str):
        print(f"feature maps: {features}")
    print(f"saved: {out}" + ("" if args.out else " (next to the picture; --out FILE chooses another place)"))
    return 0
