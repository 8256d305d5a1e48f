"""Registry of network architectures, each with its own training defaults.

Keras is imported lazily (inside the functions) so that importing this module is cheap and the
window can appear before TensorFlow has finished loading.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Callable

logger = logging.getLogger(__name__)

INPUT_SHAPE = (28, 28, 1)
NUM_CLASSES = 10


@dataclass(frozen=True)
class TrainDefaults:
    """Hyperparameters an architecture is meant to be trained with."""

    epochs: int
    batch_size: int
    learning_rate: float
    augment: bool = False
    lr_schedule: str = "constant"  # "constant", "cosine" (decay after a short warm-up) or "onecycle"
    validation_split: float = 0.0


@dataclass(frozen=True)
class Architecture:
    """One entry of the registry."""

    name: str
    title: str
    description: str
    builder: Callable[[], Any] = field(repr=False)
    defaults: TrainDefaults = field(default_factory=lambda: TrainDefaults(3, 32, 1e-3))


def _build_tutorial() -> Any:
    """The network of the classic Keras MNIST tutorial, unchanged."""
    import keras
    from keras import layers

    return keras.Sequential(
        [
            keras.Input(shape=INPUT_SHAPE),
            layers.Conv2D(64, kernel_size=3, activation="relu"),
            layers.Conv2D(32, kernel_size=3, activation="relu"),
            layers.Flatten(),
            layers.Dense(NUM_CLASSES, activation="softmax"),
        ],
        name="tutorial",
    )


def _conv_bn(x: Any, filters: int, kernel: int = 3, momentum: float = 0.9) -> Any:
    from keras import layers

    x = layers.Conv2D(filters, kernel, padding="same", use_bias=False)(x)
    # momentum 0.9: the moving statistics follow the weights within tens of steps, so even a
    # one-epoch run predicts well in inference mode (0.99 lags for hundreds of steps; it is
    # the better choice for long runs, whose last epochs it averages more smoothly)
    x = layers.BatchNormalization(momentum=momentum)(x)
    return layers.Activation("relu")(x)


def _vgg(name: str, top_convs: int) -> Any:
    """Two conv-BN stages of 32 and 64 filters with pooling and dropout, then ``top_convs``
    128-filter convolutions at 7x7, global average pooling and a softmax."""
    import keras
    from keras import layers

    inputs = keras.Input(shape=INPUT_SHAPE)
    x = _conv_bn(inputs, 32)
    x = _conv_bn(x, 32)
    x = layers.MaxPooling2D(2)(x)  # 14x14
    x = layers.Dropout(0.1)(x)
    x = _conv_bn(x, 64)
    x = _conv_bn(x, 64)
    x = layers.MaxPooling2D(2)(x)  # 7x7
    x = layers.Dropout(0.2)(x)
    for _ in range(top_convs):
        x = _conv_bn(x, 128)
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dropout(0.3)(x)
    outputs = layers.Dense(NUM_CLASSES, activation="softmax")(x)
    return keras.Model(inputs, outputs, name=name)


def _build_default() -> Any:
    """A small VGG-style network: batch norm, pooling, dropout; about 0.1 M parameters.

    Two 3x3 convolutions per stage keep the receptive field growing cheaply; global average
    pooling instead of a large dense layer keeps it small and fast on a CPU.
    """
    return _vgg("default", top_convs=1)


def _build_robust() -> Any:
    """The bundled model's network: the default one with a second 128-filter convolution.

    The extra capacity at 7x7 (cheap there: 49 positions) is for the many styles it is taught
    (pens, bold and thin strokes, binary scans) on top of MNIST; about 0.29 M parameters.
    """
    return _vgg("robust", top_convs=2)


def _build_quick() -> Any:
    """LeNet-like with batch norm: two 5x5 conv-BN-ReLU stages of 16 and 32 filters with
    pooling, dropout, a softmax; 29 k parameters. Cheap per digit (pooling after each
    convolution), yet its 5x5 kernels see whole stroke pieces: 99.2% after three epochs."""
    import keras
    from keras import layers

    inputs = keras.Input(shape=INPUT_SHAPE)
    x = _conv_bn(inputs, 16, 5)
    x = layers.MaxPooling2D(2)(x)
    x = _conv_bn(x, 32, 5)
    x = layers.MaxPooling2D(2)(x)
    x = layers.Flatten()(x)
    x = layers.Dropout(0.25)(x)
    outputs = layers.Dense(NUM_CLASSES, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="quick")


def _build_lenet() -> Any:
    """The quick network made wider: 5x5 conv-BN stages of 32 and 64 filters with pooling, then
    a dense layer of 128 between dropouts of 0.4 (0.45 M parameters). Trained with augmentation
    and a one-cycle rate for the Best preset."""
    import keras
    from keras import layers

    inputs = keras.Input(shape=INPUT_SHAPE)
    x = _conv_bn(inputs, 32, 5, momentum=0.99)
    x = layers.MaxPooling2D(2)(x)
    x = _conv_bn(x, 64, 5, momentum=0.99)
    x = layers.MaxPooling2D(2)(x)
    x = layers.Flatten()(x)
    x = layers.Dropout(0.4)(x)
    x = layers.Dense(128, activation="relu")(x)
    x = layers.Dropout(0.4)(x)
    outputs = layers.Dense(NUM_CLASSES, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="lenet")


def _build_small() -> Any:
    """A fast little network for a one-minute run (pooling early, few filters)."""
    import keras
    from keras import layers

    return keras.Sequential(
        [
            keras.Input(shape=INPUT_SHAPE),
            layers.Conv2D(16, 3, padding="same", activation="relu"),
            layers.MaxPooling2D(2),
            layers.Conv2D(32, 3, padding="same", activation="relu"),
            layers.MaxPooling2D(2),
            layers.Flatten(),
            layers.Dropout(0.25),
            layers.Dense(NUM_CLASSES, activation="softmax"),
        ],
        name="small",
    )


ARCHITECTURES: dict[str, Architecture] = {
    a.name: a
    for a in (
        Architecture(
            "default",
            "Default (best)",
            "Batch-normalised VGG-style CNN with dropout, augmentation and cosine learning rate; ~99.6%.",
            _build_default,
            TrainDefaults(epochs=15, batch_size=128, learning_rate=3e-3, augment=True, lr_schedule="cosine"),
        ),
        Architecture(
            "robust",
            "Robust (bundled)",
            "The default network with a second 128-filter stage, as trained for the bundled model "
            "(mnist-gui train --recipe bundled: MNIST plus pen digits, style augmentation).",
            _build_robust,
            TrainDefaults(epochs=16, batch_size=128, learning_rate=3e-3, augment=True, lr_schedule="cosine"),
        ),
        Architecture(
            "tutorial",
            "Tutorial (original)",
            "The classic Keras tutorial: Conv 64, Conv 32, Flatten, Dense 10; Adam, batch 32, 3 epochs; ~97.7%.",
            _build_tutorial,
            TrainDefaults(epochs=3, batch_size=32, learning_rate=1e-3),
        ),
        Architecture(
            "quick",
            "Quick (LeNet-like, batch norm)",
            "Two 5x5 conv-BN stages of 16 and 32 filters with pooling and dropout (29 k parameters); "
            "with a one-cycle learning rate, 99.2% after three epochs in well under a minute on a CPU.",
            _build_quick,
            TrainDefaults(epochs=3, batch_size=128, learning_rate=6e-3, lr_schedule="onecycle"),
        ),
        Architecture(
            "lenet",
            "LeNet-like, wide (batch norm)",
            "Two 5x5 conv-BN stages of 32 and 64 filters with pooling, a dense layer of 128 and dropout "
            "(0.45 M parameters); trained with augmentation and a one-cycle learning rate (the Best preset).",
            _build_lenet,
            TrainDefaults(epochs=15, batch_size=128, learning_rate=5e-3, augment=True, lr_schedule="onecycle"),
        ),
        Architecture(
            "small",
            "Small (quick)",
            "Two small conv+pool stages: trains in about a minute on a CPU; ~98.5%.",
            _build_small,
            TrainDefaults(epochs=2, batch_size=64, learning_rate=2e-3),
        ),
    )
}


def architecture_names() -> list[str]:
    """Names of the registered architectures, the default first."""
    return list(ARCHITECTURES)


def get_architecture(name: str) -> Architecture:
    """Look an architecture up by name.

    Raises:
        ValueError: for an unknown name (the message lists the known ones).
    """
    try:
        return ARCHITECTURES[name]
    except KeyError:
        raise ValueError(
            f"unknown architecture {name!r}; choose one of: {', '.join(ARCHITECTURES)}"
        ) from None


def augmentation_layers() -> list[Any]:
    """Random geometric distortions applied during training only (inactive at inference).

    Small rotations, shifts and zooms, like the variation between handwriting styles.
    """
    from keras import layers

    return [
        layers.RandomRotation(0.03, fill_mode="constant", name="aug_rotate"),  # +-11 degrees
        layers.RandomZoom(0.1, fill_mode="constant", name="aug_zoom"),
        layers.RandomTranslation(0.1, 0.1, fill_mode="constant", name="aug_shift"),
    ]


def build_model(name: str, *, augment: bool = False) -> Any:
    """Build an (uncompiled) model of the named architecture.

    Args:
        name: registry name.
        augment: put random augmentation layers in front (they only act while training).
    """
    import keras

    arch = get_architecture(name)
    core = arch.builder()
    if not augment:
        return core
    inputs = keras.Input(shape=INPUT_SHAPE)
    x = inputs
    for layer in augmentation_layers():
        x = layer(x)
    return keras.Model(inputs, core(x), name=f"{name}_augmented")
