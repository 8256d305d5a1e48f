"""A light inference path: run a ``.keras`` digit classifier with NumPy alone, without TensorFlow.

Importing TensorFlow and building a Keras model takes seconds; reading a ``.keras`` archive's
configuration and weights and running the forward pass in NumPy takes a fraction of one. The app
uses this path to answer the first strokes while Keras is still loading, and hands over to the
Keras model as soon as it is ready. It reproduces Keras' inference exactly up to float32
round-off (checked on the 10,000 MNIST test digits in the tests and by ``benchmarks/startup.py``).

Only what the app's own networks use is supported (Conv2D, BatchNormalization, Activation/ReLU,
pooling, Dropout, Flatten, Dense, Average, nested Functional/Sequential models; the random
augmentation layers are identities at inference). Anything else raises :class:`LiteUnsupported`
and the caller simply waits for Keras. Nothing in the file is executed: the configuration is
data read with size and depth limits, and every weight's shape is checked against the layer that
declares it before it is used.
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path
from typing import Any, Callable

import numpy as np

from mnist_gui.core import archcheck, files

MAX_WEIGHT_VALUES = 50_000_000  # 200 MB of float32: far above any sensible MNIST network


class LiteUnsupported(Exception):
    """The archive uses something the light path does not implement (Keras can still load it)."""


def _snake(name: str) -> str:
    """Keras' own naming of a layer's folder in the weights file (``Conv2D`` -> ``conv2d``)."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    name = re.sub("([a-z])([A-Z])", r"\1_\2", name)
    return name.lower()


_ACTIVATIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "linear": lambda x: x,
    "relu": lambda x: np.maximum(x, 0, dtype=np.float32),
    "sigmoid": lambda x: (1.0 / (1.0 + np.exp(-x))).astype(np.float32),
    "tanh": np.tanh,
}


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return (e / e.sum(axis=-1, keepdims=True)).astype(np.float32)


def _activation(name: Any) -> Callable[[np.ndarray], np.ndarray]:
    if name is None:
        return _ACTIVATIONS["linear"]
    if name == "softmax":
        return _softmax
    if not isinstance(name, str) or name not in _ACTIVATIONS:
        raise LiteUnsupported(f"activation {name!r}")
    return _ACTIVATIONS[name]


def _pair(v: Any) -> tuple[int, int]:
    if isinstance(v, int):
        return v, v
    if isinstance(v, (list, tuple)) and len(v) == 2 and all(isinstance(i, int) and i > 0 for i in v):
        return int(v[0]), int(v[1])
    raise LiteUnsupported(f"size {v!r}")


def _same_pad(size: int, k: int, s: int) -> tuple[int, int]:
    out = -(-size // s)
    total = max((out - 1) * s + k - size, 0)
    return total // 2, total - total // 2


def _windows(x: np.ndarray, k: tuple[int, int], s: tuple[int, int], padding: str, fill: float) -> np.ndarray:
    """(N, H', W', C, kh, kw) strided view of the windows of ``x`` (N, H, W, C)."""
    if padding == "same":
        ph, pw = _same_pad(x.shape[1], k[0], s[0]), _same_pad(x.shape[2], k[1], s[1])
        if any(ph) or any(pw):
            x = np.pad(x, ((0, 0), ph, pw, (0, 0)), constant_values=fill)
    elif padding != "valid":
        raise LiteUnsupported(f"padding {padding!r}")
    if x.shape[1] < k[0] or x.shape[2] < k[1]:
        raise LiteUnsupported("window larger than its input")
    w = np.lib.stride_tricks.sliding_window_view(x, k, axis=(1, 2))
    return w[:, :: s[0], :: s[1]]


class _Layer:
    """One layer: ``n_vars`` weights with the expected shapes, and a NumPy ``call``."""

    def __init__(self, cfg: dict[str, Any], in_shape: tuple[int, ...]) -> None:
        self.cfg = cfg
        self.in_shape = in_shape
        self.var_shapes: list[tuple[int, ...]] = []
        self.vars: list[np.ndarray] = []

    def out_shape(self) -> tuple[int, ...]:
        return self.in_shape

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return x


class _Conv2D(_Layer):
    def __init__(self, cfg: dict[str, Any], in_shape: tuple[int, ...]) -> None:
        super().__init__(cfg, in_shape)
        if len(in_shape) != 3 or cfg.get("data_format", "channels_last") != "channels_last":
            raise LiteUnsupported("Conv2D input")
        if _pair(cfg.get("dilation_rate", 1)) != (1, 1) or cfg.get("groups", 1) != 1:
            raise LiteUnsupported("dilated or grouped convolution")
        self.k, self.s = _pair(cfg.get("kernel_size")), _pair(cfg.get("strides", 1))
        self.padding = cfg.get("padding", "valid")
        self.filters = cfg.get("filters")
        if not isinstance(self.filters, int) or self.filters <= 0:
            raise LiteUnsupported("Conv2D filters")
        self.act = _activation(cfg.get("activation"))
        self.var_shapes = [(*self.k, in_shape[2], self.filters)] + ([(self.filters,)] if cfg.get("use_bias", True) else [])

    def out_shape(self) -> tuple[int, ...]:
        h, w, _ = self.in_shape
        if self.padding == "same":
            return -(-h // self.s[0]), -(-w // self.s[1]), self.filters
        return (h - self.k[0]) // self.s[0] + 1, (w - self.k[1]) // self.s[1] + 1, self.filters

    def __call__(self, x: np.ndarray) -> np.ndarray:
        win = _windows(x, self.k, self.s, self.padding, 0.0)  # (N, H, W, C, kh, kw)
        n, h, w = win.shape[:3]
        kernel = self.vars[0].transpose(2, 0, 1, 3).reshape(-1, self.filters)  # (C*kh*kw, F)
        y = np.ascontiguousarray(win).reshape(n * h * w, -1) @ kernel
        if len(self.vars) > 1:
            y += self.vars[1]
        return self.act(y.reshape(n, h, w, self.filters))


class _Dense(_Layer):
    def __init__(self, cfg: dict[str, Any], in_shape: tuple[int, ...]) -> None:
        super().__init__(cfg, in_shape)
        self.units = cfg.get("units")
        if len(in_shape) != 1 or not isinstance(self.units, int) or self.units <= 0:
            raise LiteUnsupported("Dense on a non-flat input")
        self.act = _activation(cfg.get("activation"))
        self.var_shapes = [(in_shape[0], self.units)] + ([(self.units,)] if cfg.get("use_bias", True) else [])

    def out_shape(self) -> tuple[int, ...]:
        return (self.units,)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        y = x @ self.vars[0]
        if len(self.vars) > 1:
            y += self.vars[1]
        return self.act(y)


class _BatchNorm(_Layer):
    def __init__(self, cfg: dict[str, Any], in_shape: tuple[int, ...]) -> None:
        super().__init__(cfg, in_shape)
        axis = cfg.get("axis", -1)
        if axis not in (-1, len(in_shape)) or cfg.get("renorm") or cfg.get("synchronized"):
            raise LiteUnsupported("BatchNormalization axis")
        c = in_shape[-1]
        self.scale, self.center = bool(cfg.get("scale", True)), bool(cfg.get("center", True))
        self.var_shapes = [(c,)] * (int(self.scale) + int(self.center) + 2)
        self.eps = float(cfg.get("epsilon", 1e-3))

    def __call__(self, x: np.ndarray) -> np.ndarray:
        v = list(self.vars)
        gamma = v.pop(0) if self.scale else np.ones_like(v[-1])
        beta = v.pop(0) if self.center else np.zeros_like(v[-1])
        mean, var = v
        inv = (gamma / np.sqrt(var + np.float32(self.eps))).astype(np.float32)
        return x * inv + (beta - mean * inv)


class _Activation(_Layer):
    def __init__(self, cfg: dict[str, Any], in_shape: tuple[int, ...]) -> None:
        super().__init__(cfg, in_shape)
        self.act = _activation(cfg.get("activation"))

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return self.act(x)


class _ReLU(_Layer):
    def __init__(self, cfg: dict[str, Any], in_shape: tuple[int, ...]) -> None:
        super().__init__(cfg, in_shape)
        if cfg.get("max_value") is not None or cfg.get("negative_slope", 0.0) or cfg.get("threshold", 0.0):
            raise LiteUnsupported("ReLU with options")

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return np.maximum(x, 0, dtype=np.float32)


class _Pool(_Layer):
    def __init__(self, cfg: dict[str, Any], in_shape: tuple[int, ...]) -> None:
        super().__init__(cfg, in_shape)
        if len(in_shape) != 3 or cfg.get("data_format", "channels_last") != "channels_last":
            raise LiteUnsupported("pooling input")
        self.k = _pair(cfg.get("pool_size", 2))
        self.s = _pair(cfg.get("strides") or self.k)
        self.padding = cfg.get("padding", "valid")
        if self.padding != "valid":
            raise LiteUnsupported("pooling with padding")

    def out_shape(self) -> tuple[int, ...]:
        h, w, c = self.in_shape
        return (h - self.k[0]) // self.s[0] + 1, (w - self.k[1]) // self.s[1] + 1, c


class _MaxPool(_Pool):
    def __call__(self, x: np.ndarray) -> np.ndarray:
        return _windows(x, self.k, self.s, "valid", 0.0).max(axis=(4, 5))


class _AvgPool(_Pool):
    def __call__(self, x: np.ndarray) -> np.ndarray:
        return _windows(x, self.k, self.s, "valid", 0.0).mean(axis=(4, 5), dtype=np.float32)


class _Flatten(_Layer):
    def out_shape(self) -> tuple[int, ...]:
        return (int(np.prod(self.in_shape)),)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return x.reshape(len(x), -1)


class _GlobalAvg(_Layer):
    def __init__(self, cfg: dict[str, Any], in_shape: tuple[int, ...]) -> None:
        super().__init__(cfg, in_shape)
        if len(in_shape) != 3 or cfg.get("keepdims") or cfg.get("data_format", "channels_last") != "channels_last":
            raise LiteUnsupported("GlobalAveragePooling2D options")

    def out_shape(self) -> tuple[int, ...]:
        return (self.in_shape[-1],)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return x.mean(axis=(1, 2), dtype=np.float32)


_IDENTITY = {"Dropout", "SpatialDropout2D", "GaussianNoise", "GaussianDropout", "RandomRotation",
             "RandomTranslation", "RandomZoom", "RandomFlip", "RandomContrast"}
_LAYERS: dict[str, type[_Layer]] = {
    "Conv2D": _Conv2D, "Dense": _Dense, "BatchNormalization": _BatchNorm, "Activation": _Activation,
    "ReLU": _ReLU, "MaxPooling2D": _MaxPool, "AveragePooling2D": _AvgPool, "Flatten": _Flatten,
    "GlobalAveragePooling2D": _GlobalAvg, **{name: _Layer for name in _IDENTITY},
}


def _cfg(d: Any) -> dict[str, Any]:
    if not isinstance(d, dict) or not isinstance(d.get("config", {}), dict):
        raise LiteUnsupported("malformed layer entry")
    dtype = d.get("config", {}).get("dtype")
    if isinstance(dtype, dict):
        dtype = (dtype.get("config") or {}).get("name")
    if dtype not in (None, "float32"):
        raise LiteUnsupported(f"dtype {dtype!r}")
    return d.get("config", {})


def _keras_tensors(obj: Any) -> list[tuple[str, int, int]]:
    """The (layer, node, tensor) references in an inbound node's arguments, in order."""
    found: list[tuple[str, int, int]] = []

    def walk(o: Any) -> None:
        if isinstance(o, dict):
            if o.get("class_name") == "__keras_tensor__":
                h = (o.get("config") or {}).get("keras_history")
                if not (isinstance(h, list) and len(h) == 3 and isinstance(h[0], str)):
                    raise LiteUnsupported("malformed tensor reference")
                found.append((h[0], int(h[1]), int(h[2])))
            else:
                for v in o.values():
                    walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)

    walk(obj)
    return found


class _Graph:
    """A Functional or Sequential model: its layers in order, run on one input."""

    def __init__(self, entry: dict[str, Any], in_shape: tuple[int, ...], path: str) -> None:
        self.kind = entry.get("class_name")
        cfg = _cfg(entry)
        layers = cfg.get("layers")
        if self.kind not in ("Functional", "Sequential", "Model") or not isinstance(layers, list) or not layers:
            raise LiteUnsupported(f"model class {self.kind!r}")
        self.steps: list[tuple[str, Any, list[str]]] = []  # (name, callable, input names)
        self.leaves: list[tuple[str, Any]] = []  # (weights path, layer) for loading
        used: dict[str, int] = {}
        shapes: dict[str, tuple[int, ...]] = {}
        prev: str | None = None
        self.input_name: str | None = None
        for d in layers:
            if not isinstance(d, dict):
                raise LiteUnsupported("malformed layer entry")
            cls = d.get("class_name")
            lcfg = _cfg(d)
            name = d.get("name") or lcfg.get("name")
            if not isinstance(cls, str) or not isinstance(name, str) or name in shapes:
                raise LiteUnsupported("layer without a unique name")
            if cls == "InputLayer":
                shape = lcfg.get("batch_shape") or lcfg.get("batch_input_shape")
                if not isinstance(shape, list) or tuple(shape[1:]) != in_shape or self.input_name is not None:
                    raise LiteUnsupported("model input")
                self.input_name = name
                shapes[name] = in_shape
                prev = name
                continue
            key = _snake(cls)
            if key in used:
                used[key] += 1
                key = f"{key}_{used[key]}"
            else:
                used[key] = 0
            if self.kind == "Sequential":
                inputs = [prev] if prev is not None else []
                if prev is None:
                    self.input_name = "__input__"
                    shapes["__input__"] = in_shape
                    inputs = ["__input__"]
            else:
                nodes = d.get("inbound_nodes")
                if not isinstance(nodes, list) or len(nodes) != 1:
                    raise LiteUnsupported("a shared or unconnected layer")
                refs = _keras_tensors(nodes[0])
                if not refs or any(n != 0 or t != 0 for _, n, t in refs):
                    raise LiteUnsupported("multi-output layers")
                inputs = [r[0] for r in refs]
            if any(i not in shapes for i in inputs):
                raise LiteUnsupported("layers out of order")
            in_shapes = [shapes[i] for i in inputs]
            if cls == "Average":
                if len(set(in_shapes)) != 1 or len(inputs) < 2:
                    raise LiteUnsupported("Average of unequal inputs")
                fn: Any = lambda *xs: (sum(xs[1:], xs[0]) / np.float32(len(xs))).astype(np.float32)  # noqa: E731
                out = in_shapes[0]
            elif len(inputs) != 1:
                raise LiteUnsupported(f"{cls} with several inputs")
            elif cls in ("Functional", "Sequential", "Model"):
                fn = _Graph(d, in_shapes[0], f"{path}layers/{key}/")
                self.leaves.extend(fn.leaves)
                out = fn.out
            elif cls in _LAYERS:
                fn = _LAYERS[cls](lcfg, in_shapes[0])
                out = fn.out_shape()
                if fn.var_shapes:
                    self.leaves.append((f"{path}layers/{key}/vars/", fn))
            else:
                raise LiteUnsupported(f"layer {cls!r}")
            if any(not isinstance(s, int) or s <= 0 for s in out):
                raise LiteUnsupported("a layer with an empty output")
            shapes[name] = out
            self.steps.append((name, fn, inputs))
            prev = name
        if self.input_name is None:
            raise LiteUnsupported("model without an input")
        if self.kind == "Sequential":
            self.output_name = prev
        else:
            spec = cfg.get("output_layers")
            if isinstance(spec, list) and len(spec) == 3 and isinstance(spec[0], str):
                spec = [spec]  # one output is written as a bare [name, node, tensor]
            outs = [o for o in spec if isinstance(o, list) and len(o) == 3] if isinstance(spec, list) else []
            if len(outs) != 1 or not isinstance(outs[0][0], str) or outs[0][0] not in shapes:
                raise LiteUnsupported("a model without one output")
            self.output_name = outs[0][0]
        self.out = shapes[self.output_name]  # type: ignore[index]

    def __call__(self, x: np.ndarray) -> np.ndarray:
        values = {self.input_name: x}
        for name, fn, inputs in self.steps:
            values[name] = fn(*[values[i] for i in inputs])
        return values[self.output_name]


class LiteModel:
    """A ``.keras`` digit classifier evaluated with NumPy: ``predict_on_batch(x)`` -> (N, 10)."""

    is_lite = True  # evaluation.predict_one calls it directly instead of compiling it

    def __init__(self, config: dict[str, Any], weights: Any, source: str = "model") -> None:
        self.source = source
        self.graph = _Graph(config, (28, 28, 1), "")
        if self.graph.out != (10,):
            raise LiteUnsupported("not a 10-class classifier")
        total = sum(int(np.prod(s)) for _, layer in self.graph.leaves for s in layer.var_shapes)
        if total > MAX_WEIGHT_VALUES:
            raise LiteUnsupported(f"{total:,} weights declared")
        for path, layer in self.graph.leaves:
            for i, shape in enumerate(layer.var_shapes):
                ds = weights.get(f"{path}{i}")
                if ds is None or tuple(ds.shape) != shape:
                    raise LiteUnsupported(f"weights {path}{i} missing or of the wrong shape")
                layer.vars.append(np.asarray(ds[()], dtype=np.float32))

    def predict_on_batch(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float32).reshape(-1, 28, 28, 1)
        return np.asarray(self.graph(x), dtype=np.float32)

    def __call__(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        return self.predict_on_batch(x)


def load(path: str | Path, max_bytes: int = 200 * 1024 * 1024) -> LiteModel:
    """Read a ``.keras`` archive into a :class:`LiteModel`.

    Raises:
        LiteUnsupported: the file is not a model this path can run (Keras may still load it).
        OSError: the file cannot be read.
    """
    import h5py

    p = Path(path)
    files.checked_size(p, max_bytes, LiteUnsupported, "a model file")
    try:
        with zipfile.ZipFile(p) as z:
            cfg_info, w_info = z.getinfo("config.json"), z.getinfo("model.weights.h5")
            if cfg_info.file_size > 5 * 1024 * 1024 or w_info.file_size > 4 * MAX_WEIGHT_VALUES + (1 << 20):
                raise LiteUnsupported("archive members too large")
            config = files.loads_json_checked(z.read("config.json"))
            weights_bytes = z.read("model.weights.h5")
    except (KeyError, zipfile.BadZipFile, ValueError, EOFError, NotImplementedError, zlib.error, OSError) as e:
        raise LiteUnsupported(f"not a readable .keras archive ({e})") from None
    if not isinstance(config, dict):
        raise LiteUnsupported("configuration is not an object")
    try:
        with h5py.File(io.BytesIO(weights_bytes), "r") as f:
            model = LiteModel(config, f, str(p))
        archcheck.check(config)  # outputs within budget: a Conv2D of a million filters is refused
        return model
    except archcheck.ArchitectureError as e:
        raise LiteUnsupported(str(e)) from None
    except LiteUnsupported:
        raise
    except Exception as e:  # noqa: BLE001 - h5py on damaged bytes raises OSError, OverflowError, ...
        raise LiteUnsupported(f"weights unreadable ({type(e).__name__})") from None


def agreement(lite: LiteModel, keras_model: Any, x: np.ndarray, batch: int = 250) -> tuple[float, int]:
    """(largest absolute probability difference, number of different top classes) on ``x``."""
    from mnist_gui.core.training import to_input

    x = to_input(x)
    worst, differ = 0.0, 0
    for i in range(0, len(x), batch):
        a = lite.predict_on_batch(x[i:i + batch])
        b = np.asarray(keras_model.predict_on_batch(x[i:i + batch]), dtype=np.float32)
        worst = max(worst, float(np.abs(a - b).max()))
        differ += int((a.argmax(1) != b.argmax(1)).sum())
    return worst, differ

