"""Check a model configuration before Keras builds anything: known layer types, shapes, budgets.

A ``.keras`` archive's ``config.json`` says which layers to build and with what options; Keras
allocates every weight and, when the model runs, every layer's output. A small hostile file can
therefore ask for gigabytes (an ``UpSampling2D(1000, 1000)`` after the 28x28 input makes a
28,000 x 28,000 feature map from about 20 weights; an ``EinsumDense`` declares a kernel of
384 million values). :func:`check` walks the configuration as plain data, accepts only the layer
types whose weights and output shape it can work out from their options (the ones the app's own
networks use and the usual small-CNN layers), propagates the shape of one digit from the input
through every layer, and refuses, with a one-line reason naming the layer, when

* a layer type is unknown (or has options it cannot count, such as LoRA or batch renorm);
* one layer's output holds more than :data:`MAX_ACTIVATION` values per digit, or all outputs
  together more than :data:`MAX_TOTAL_ACTIVATION`: ``evaluate`` predicts 500 digits a batch, so
  500 x 500,000 float32 values is 1 GB, and integrated gradients keep every layer's output of a
  batch of 64 steps (64 x 4 M x 4 bytes, 1 GB);
* the multiply-adds per digit exceed :data:`MAX_MACS` (hours for the 10,000 test digits);
* the weights it counts exceed :data:`MAX_WEIGHTS`.

It returns the shapes of the weights it counted, which the caller compares with the shapes
really stored in the archive (:func:`stored_shapes`) before Keras sees the file.
"""
from __future__ import annotations

import math
from typing import Any, Iterable

MAX_ACTIVATION = 500_000  # values in one layer's output, per digit
MAX_TOTAL_ACTIVATION = 4_000_000  # all layers' outputs together, per digit
MAX_MACS = 2_000_000_000  # multiply-adds per digit (the bundled ensemble: about 0.1 G)
MAX_WEIGHTS = 50_000_000  # 200 MB of float32
MAX_LAYERS = 5_000

MODEL_CLASSES = ("Functional", "Sequential", "Model")
_IDENTITY = {"Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise",
             "GaussianDropout", "AlphaDropout", "ActivityRegularization", "RandomRotation", "RandomZoom",
             "RandomTranslation", "RandomFlip", "RandomContrast", "RandomBrightness", "Activation", "ReLU",
             "LeakyReLU", "ELU", "Softmax", "Rescaling", "Identity"}
_MERGE = {"Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"}
_CODE = {"Lambda", "TFOpLambda", "SlicingOpLambda"}

Shape = tuple[int, ...]


class ArchitectureError(ValueError):
    """The configuration is refused; the message is one line for the user."""


def _int(v: Any, what: str, low: int = 1, high: int = 1 << 31) -> int:
    if isinstance(v, bool) or not isinstance(v, int) or not low <= v <= high:
        raise ArchitectureError(f"{what} {str(v)[:40]!r} is not a whole number from {low} to {high}")
    return v


def _pair(v: Any, what: str, low: int = 1) -> tuple[int, int]:
    if isinstance(v, int) and not isinstance(v, bool):
        return _int(v, what, low), _int(v, what, low)
    if isinstance(v, list) and len(v) == 2:
        return _int(v[0], what, low), _int(v[1], what, low)
    raise ArchitectureError(f"{what} {str(v)[:40]!r} is not one or two whole numbers")


def _pads(v: Any, what: str) -> tuple[int, int, int, int]:
    """(top, bottom, left, right) of ZeroPadding2D / Cropping2D."""
    if isinstance(v, list) and len(v) == 2 and all(isinstance(p, list) for p in v):
        (t, b), (left, r) = _pair(v[0], what, 0), _pair(v[1], what, 0)
        return t, b, left, r
    h, w = _pair(v, what, 0)
    return h, h, w, w


class _Layer:
    """One layer entry of a configuration: type, name, options."""

    def __init__(self, entry: Any) -> None:
        if not isinstance(entry, dict) or not isinstance(entry.get("config", {}), dict):
            raise ArchitectureError("a malformed layer entry")
        self.entry = entry
        self.cls = entry.get("class_name")
        self.cfg: dict[str, Any] = entry.get("config") or {}
        name = entry.get("name", self.cfg.get("name"))
        if not isinstance(self.cls, str) or not isinstance(name, str):
            raise ArchitectureError("a layer without a type or a name")
        self.name = name

    def refuse(self, why: str) -> ArchitectureError:
        return ArchitectureError(f"layer {self.name[:60]!r} ({self.cls[:60]}): {why}")

    def opt(self, key: str, default: Any = None) -> Any:
        return self.cfg.get(key, default)

    def channels_last(self) -> None:
        if self.opt("data_format", "channels_last") not in ("channels_last", None):
            raise self.refuse("only channels_last data is accepted")


class Counter:
    """Walks a configuration; collects weight shapes, activation and multiply-add totals."""

    def __init__(self) -> None:
        self.weights: list[Shape] = []
        self.n_weights = 0
        self.total_activation = 0
        self.macs = 0
        self.layers = 0

    # ------------------------------------------------------------------ models
    def model(self, entry: Any, incoming: Shape | None) -> Shape:
        layer = _Layer(entry)
        if layer.cls not in MODEL_CLASSES:
            raise ArchitectureError(f"the model class {layer.cls[:60]!r} is not accepted")
        layers = layer.opt("layers")
        if not isinstance(layers, list) or not layers:
            raise ArchitectureError(f"model {layer.name[:60]!r} has no layers")
        if layer.cls == "Sequential":
            return self._sequential(layer, layers, incoming)
        return self._functional(layer, layers, incoming)

    def _input_shape(self, layer: _Layer, incoming: Shape | None) -> Shape:
        shape = layer.opt("batch_shape", layer.opt("batch_input_shape"))
        if not isinstance(shape, list) or len(shape) < 2:
            raise layer.refuse("no input shape")
        dims = shape[1:]
        if incoming is not None:
            if len(dims) != len(incoming) or any(d is not None and d != i for d, i in zip(dims, incoming)):
                raise layer.refuse(f"expects input {tuple(dims)}, is given {incoming}")
            return incoming
        if any(d is None for d in dims):
            raise layer.refuse("an input of unknown size")
        return tuple(_int(d, "input size") for d in dims)

    def _sequential(self, model: _Layer, layers: list[Any], incoming: Shape | None) -> Shape:
        first = _Layer(layers[0])
        if first.cls == "InputLayer":
            shape = self._input_shape(first, incoming)
            layers = layers[1:]
        elif incoming is not None:
            shape = incoming
        else:
            built = model.opt("build_input_shape") or first.opt("batch_input_shape") or first.opt("batch_shape")
            shape = self._input_shape(_Layer({"class_name": "InputLayer", "name": model.name,
                                              "config": {"batch_shape": built}}), None)
        for entry in layers:
            shape = self.layer(entry, [shape])
        return shape

    def _functional(self, model: _Layer, layers: list[Any], incoming: Shape | None) -> Shape:
        shapes: dict[tuple[str, int], Shape] = {}
        inputs = 0
        for entry in layers:
            layer = _Layer(entry)
            if layer.cls == "InputLayer":
                inputs += 1
                if inputs > 1:
                    raise ArchitectureError(f"model {model.name[:60]!r} has more than one input")
                shapes[(layer.name, 0)] = self._input_shape(layer, incoming)
                continue
            nodes = entry.get("inbound_nodes")
            if not isinstance(nodes, list) or not nodes:
                raise layer.refuse("not connected to the model")
            seen: list[Shape] = []
            for index, node in enumerate(nodes):
                refs = list(_tensors(node))
                if not refs:
                    raise layer.refuse("a call without inputs")
                try:
                    ins = [shapes.get((name, node_index)) or shapes[(name, -1)] for name, node_index in refs]
                except KeyError:
                    raise layer.refuse("its inputs are not earlier layers of the model") from None
                if index == 0:
                    out = self.layer(entry, ins)
                elif ins != seen:
                    raise layer.refuse("shared between inputs of different shapes")
                seen = ins
                # Keras numbers the calls of a nested model built on an Input from 1 (its node 0
                # is its own construction); a layer called once is found whatever the number.
                shapes[(layer.name, index + _first_node(entry))] = out
            if len(nodes) == 1:
                shapes[(layer.name, -1)] = out
        spec = model.opt("output_layers")
        if isinstance(spec, list) and len(spec) == 3 and isinstance(spec[0], str):
            spec = [spec]
        if (not isinstance(spec, list) or len(spec) != 1 or not isinstance(spec[0], list) or len(spec[0]) != 3
                or not isinstance(spec[0][0], str) or not isinstance(spec[0][1], int)):
            raise ArchitectureError(f"model {model.name[:60]!r} does not have exactly one output")
        found = shapes.get((spec[0][0], spec[0][1])) or shapes.get((spec[0][0], -1))
        if found is None:
            raise ArchitectureError(f"model {model.name[:60]!r}: its output is not one of its layers")
        return found

    # ------------------------------------------------------------------ layers
    def layer(self, entry: Any, ins: list[Shape]) -> Shape:
        layer = _Layer(entry)
        self.layers += 1
        if self.layers > MAX_LAYERS:
            raise ArchitectureError(f"more than {MAX_LAYERS:,} layers")
        if layer.cls in MODEL_CLASSES:
            if len(ins) != 1:
                raise layer.refuse("a model called on several inputs")
            return self.model(entry, ins[0])
        if layer.cls in _CODE:
            raise ArchitectureError("it contains code (a Lambda layer or similar) and was refused for safety")
        if layer.cls in _MERGE or layer.cls == "Concatenate":
            out = self._merge(layer, ins)
        elif len(ins) != 1:
            raise layer.refuse("several inputs")
        else:
            method = getattr(self, f"_{layer.cls}", None)
            if layer.cls in _IDENTITY:
                out = ins[0]
            elif method is None or not layer.cls.isidentifier():
                raise layer.refuse("a layer type this app cannot check; refused")
            else:
                out = method(layer, ins[0])
        size = math.prod(out)
        if size > MAX_ACTIVATION:
            raise layer.refuse(f"its output {out} declares {size:,} values per digit "
                               f"(at most {MAX_ACTIVATION:,}); refused")
        self.total_activation += size
        if self.total_activation > MAX_TOTAL_ACTIVATION:
            raise layer.refuse(f"the layers' outputs declare more than {MAX_TOTAL_ACTIVATION:,} values "
                               f"per digit in all; refused")
        if self.macs > MAX_MACS:
            raise layer.refuse(f"more than {MAX_MACS:,} multiply-adds per digit; refused")
        if self.n_weights > MAX_WEIGHTS:
            raise layer.refuse(f"the configuration declares more than {MAX_WEIGHTS:,} weights; refused")
        return out

    def _add(self, *shapes: Shape) -> None:
        self.weights.extend(shapes)
        self.n_weights += sum(math.prod(s) for s in shapes)

    def _merge(self, layer: _Layer, ins: list[Shape]) -> Shape:
        if len(ins) < 2:
            raise layer.refuse("a merge of fewer than two inputs")
        if layer.cls != "Concatenate":
            if len(set(ins)) != 1:
                raise layer.refuse(f"inputs of different shapes {ins[:3]}")
            return ins[0]
        rank = len(ins[0])
        axis = layer.opt("axis", -1)
        if not isinstance(axis, int) or isinstance(axis, bool) or not -rank <= axis <= rank or axis == 0:
            raise layer.refuse("a bad axis")
        axis = axis - 1 if axis > 0 else rank + axis
        if any(len(s) != rank or s[:axis] + s[axis + 1:] != ins[0][:axis] + ins[0][axis + 1:] for s in ins):
            raise layer.refuse(f"inputs that do not fit together {ins[:3]}")
        return ins[0][:axis] + (sum(s[axis] for s in ins),) + ins[0][axis + 1:]

    def _image(self, layer: _Layer, shape: Shape) -> Shape:
        layer.channels_last()
        if len(shape) != 3:
            raise layer.refuse(f"an input {shape} that is not a picture (height, width, channels)")
        return shape

    def _window(self, layer: _Layer, shape: Shape, k: tuple[int, int], strides: Any = 1) -> tuple[int, int]:
        s = _pair(layer.opt("strides") or strides, "strides")
        d = _pair(layer.opt("dilation_rate", 1), "dilation")
        padding = layer.opt("padding", "valid")
        out = []
        for size, kk, ss, dd in zip(shape[:2], k, s, d):
            if padding == "same":
                out.append(-(-size // ss))
            elif padding == "valid":
                out.append((size - dd * (kk - 1) - 1) // ss + 1)
            else:
                raise layer.refuse(f"padding {str(padding)[:20]!r}")
        if min(out) < 1:
            raise layer.refuse("a window larger than its input")
        return out[0], out[1]

    def _Conv2D(self, layer: _Layer, shape: Shape) -> Shape:
        h, w, c = self._image(layer, shape)
        k = _pair(layer.opt("kernel_size"), "kernel size")
        filters = _int(layer.opt("filters"), "filters")
        groups = _int(layer.opt("groups", 1), "groups")
        if c % groups or filters % groups:
            raise layer.refuse("channels not divisible by its groups")
        oh, ow = self._window(layer, (h, w), k)
        self._add((*k, c // groups, filters), *([(filters,)] if layer.opt("use_bias", True) else []))
        self.macs += oh * ow * filters * k[0] * k[1] * (c // groups)
        return oh, ow, filters

    def _DepthwiseConv2D(self, layer: _Layer, shape: Shape) -> Shape:
        h, w, c = self._image(layer, shape)
        k = _pair(layer.opt("kernel_size"), "kernel size")
        m = _int(layer.opt("depth_multiplier", 1), "depth multiplier")
        oh, ow = self._window(layer, (h, w), k)
        self._add((*k, c, m), *([(c * m,)] if layer.opt("use_bias", True) else []))
        self.macs += oh * ow * c * m * k[0] * k[1]
        return oh, ow, c * m

    def _SeparableConv2D(self, layer: _Layer, shape: Shape) -> Shape:
        h, w, c = self._image(layer, shape)
        k = _pair(layer.opt("kernel_size"), "kernel size")
        m = _int(layer.opt("depth_multiplier", 1), "depth multiplier")
        filters = _int(layer.opt("filters"), "filters")
        oh, ow = self._window(layer, (h, w), k)
        self._add((*k, c, m), (1, 1, c * m, filters), *([(filters,)] if layer.opt("use_bias", True) else []))
        self.macs += oh * ow * c * m * (k[0] * k[1] + filters)
        return oh, ow, filters

    def _pool(self, layer: _Layer, shape: Shape) -> Shape:
        h, w, c = self._image(layer, shape)
        k = _pair(layer.opt("pool_size", 2), "pool size")
        return (*self._window(layer, (h, w), k, list(k)), c)

    _MaxPooling2D = _AveragePooling2D = _pool

    def _global(self, layer: _Layer, shape: Shape) -> Shape:
        c = self._image(layer, shape)[2]
        return (1, 1, c) if layer.opt("keepdims") else (c,)

    _GlobalAveragePooling2D = _GlobalMaxPooling2D = _global

    def _Dense(self, layer: _Layer, shape: Shape) -> Shape:
        units = _int(layer.opt("units"), "units")
        if layer.opt("lora_rank"):
            raise layer.refuse("LoRA weights are not accepted")
        self._add((shape[-1], units), *([(units,)] if layer.opt("use_bias", True) else []))
        self.macs += math.prod(shape) * units
        return shape[:-1] + (units,)

    def _axes(self, layer: _Layer, shape: Shape) -> Shape:
        axis = layer.opt("axis", -1)
        axes = axis if isinstance(axis, list) else [axis]
        rank = len(shape) + 1  # with the batch axis
        if not axes or any(not isinstance(a, int) or isinstance(a, bool) or not -rank < a < rank
                           or a % rank == 0 for a in axes):
            raise layer.refuse(f"axis {str(axis)[:20]!r}")
        return tuple(shape[a % rank - 1] for a in axes)

    def _BatchNormalization(self, layer: _Layer, shape: Shape) -> Shape:
        if layer.opt("renorm"):
            raise layer.refuse("batch renormalisation is not accepted")
        dims = self._axes(layer, shape)
        n = int(bool(layer.opt("scale", True))) + int(bool(layer.opt("center", True))) + 2
        self._add(*[dims] * n)
        return shape

    def _LayerNormalization(self, layer: _Layer, shape: Shape) -> Shape:
        dims = self._axes(layer, shape)
        rms = bool(layer.opt("rms_scaling", False))
        n = int(bool(layer.opt("scale", True))) + int(bool(layer.opt("center", True)) and not rms)
        self._add(*[dims] * n)
        return shape

    def _Flatten(self, layer: _Layer, shape: Shape) -> Shape:
        return (math.prod(shape),)

    def _Reshape(self, layer: _Layer, shape: Shape) -> Shape:
        target = layer.opt("target_shape")
        if not isinstance(target, list) or not target or len(target) > 8 or target.count(-1) > 1:
            raise layer.refuse("a bad target shape")
        dims = [_int(d, "target size", -1) for d in target]
        known = math.prod(d for d in dims if d != -1)
        if 0 in dims or (-1 in dims and math.prod(shape) % known) or (-1 not in dims and known != math.prod(shape)):
            raise layer.refuse(f"cannot reshape {shape} to {tuple(dims)}")
        return tuple(math.prod(shape) // known if d == -1 else d for d in dims)

    def _UpSampling2D(self, layer: _Layer, shape: Shape) -> Shape:
        h, w, c = self._image(layer, shape)
        sh, sw = _pair(layer.opt("size", 2), "size")
        return h * sh, w * sw, c

    def _ZeroPadding2D(self, layer: _Layer, shape: Shape) -> Shape:
        h, w, c = self._image(layer, shape)
        t, b, left, r = _pads(layer.opt("padding", 1), "padding")
        return h + t + b, w + left + r, c

    def _Cropping2D(self, layer: _Layer, shape: Shape) -> Shape:
        h, w, c = self._image(layer, shape)
        t, b, left, r = _pads(layer.opt("cropping", 0), "cropping")
        if h - t - b < 1 or w - left - r < 1:
            raise layer.refuse("crops more than its input")
        return h - t - b, w - left - r, c

    def _Resizing(self, layer: _Layer, shape: Shape) -> Shape:
        _, _, c = self._image(layer, shape)
        return _int(layer.opt("height"), "height"), _int(layer.opt("width"), "width"), c


def _first_node(entry: dict[str, Any]) -> int:
    """1 for a Functional model whose first layer is an InputLayer (Keras skips its node 0)."""
    layers = (entry.get("config") or {}).get("layers")
    return int(entry.get("class_name") == "Functional" and isinstance(layers, list) and bool(layers)
               and isinstance(layers[0], dict) and layers[0].get("class_name") == "InputLayer")


def _tensors(node: Any) -> Iterable[tuple[str, int]]:
    """(layer name, node index) of every Keras tensor a call node takes, in order."""
    stack = [node]
    while stack:
        o = stack.pop()
        if isinstance(o, dict):
            if o.get("class_name") == "__keras_tensor__":
                hist = (o.get("config") or {}).get("keras_history")
                if (not isinstance(hist, list) or len(hist) != 3 or not isinstance(hist[0], str)
                        or not isinstance(hist[1], int) or hist[2] != 0):
                    raise ArchitectureError("a layer call with a malformed input")
                yield hist[0], hist[1]
            else:
                stack.extend(reversed(list(o.values())))
        elif isinstance(o, list):
            stack.extend(reversed(o))


def check(config: Any, input_shape: Shape = (28, 28, 1)) -> tuple[Shape, list[Shape]]:
    """(output shape, counted weight shapes) of a model configuration, or
    :class:`ArchitectureError` with a one-line reason. The model's own input must be
    ``input_shape``."""
    if not isinstance(config, dict):
        raise ArchitectureError("the model configuration is not an object")
    counter = Counter()
    declared = _declared_input(config)
    if declared is not None and declared != input_shape:
        raise ArchitectureError(f"the model expects input {declared}, not 28x28x1 digits")
    try:
        out = counter.model(config, None)
    except RecursionError:
        raise ArchitectureError("the model configuration is nested too deeply") from None
    return out, counter.weights


def _declared_input(config: dict[str, Any]) -> tuple[Any, ...] | None:
    """The input shape the outermost model declares (for the same message as a built model)."""
    layers = (config.get("config") or {}).get("layers") if isinstance(config.get("config"), dict) else None
    if not isinstance(layers, list) or not layers or not isinstance(layers[0], dict):
        return None
    if layers[0].get("class_name") != "InputLayer" or not isinstance(layers[0].get("config"), dict):
        return None
    shape = layers[0]["config"].get("batch_shape", layers[0]["config"].get("batch_input_shape"))
    if not isinstance(shape, list) or len(shape) < 2 or len(shape) > 9:
        return None
    return tuple(shape[1:])


def stored_shapes(h5: Any) -> list[Shape]:
    """Shapes of the layer weights stored in an open ``model.weights.h5`` (metadata only; the
    optimizer's variables, kept by a compiled save, are not the model's weights)."""
    import h5py

    found: list[Shape] = []

    def visit(name: str, obj: Any) -> None:
        # a member network saved inside an ensemble keeps its own optimizer's variables there
        if isinstance(obj, h5py.Dataset) and "seed_generator" not in name and "optimizer" not in name.split("/"):
            found.append(tuple(int(d) for d in obj.shape))

    group = h5.get("layers")
    if isinstance(group, h5py.Group):
        group.visititems(visit)
    return found


def compare(counted: list[Shape], stored: list[Shape]) -> None:
    """Refuse when the weights the configuration declares are not the ones the file holds."""
    if sorted(counted) != sorted(stored):
        n_counted = sum(math.prod(s) for s in counted)
        n_stored = sum(math.prod(s) for s in stored)
        raise ArchitectureError(f"the configuration declares {n_counted:,} weights in {len(counted)} arrays but "
                                f"the file holds {n_stored:,} in {len(stored)}; refused")
