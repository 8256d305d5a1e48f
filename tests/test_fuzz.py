"""Fuzzing every kind of file the app reads (hypothesis, a bounded number of examples so CI stays
fast): each case ends in the app's own one-line error, or a valid result; never another exception
or a hang."""
from __future__ import annotations

import gzip
import io
import json
import math
import struct
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mnist_gui.core import dataset, lite, personal, store, strokes
from mnist_gui.core.imagefile import ImageFileError, read_image

pytestmark = pytest.mark.timeout(600)
FUZZ = settings(max_examples=int(__import__("os").environ.get("FUZZ_EXAMPLES", "40")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=30,
)


def _one_line(e: BaseException) -> None:
    assert "\n" not in str(e) and str(e), repr(e)


# --------------------------------------------------------------------------- model archives

@pytest.fixture(scope="module")
def model_members(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    from mnist_gui.core import models

    p = tmp_path_factory.mktemp("fz") / "m.keras"
    models.build_model("small").save(p)
    with zipfile.ZipFile(p) as z:
        return _Members({n: z.read(n) for n in z.namelist()})


class _Members(dict):
    def __repr__(self) -> str:  # hypothesis prints the arguments of a failing case
        return f"<the members of a small .keras: {sorted(self)}>"


def _archive(path: Path, members: dict[str, bytes], compress: bool = False) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED) as z:
        for n, data in members.items():
            z.writestr(n, data)
    return path


def _load_both(path: Path) -> None:
    try:
        store.load_model(path)
    except store.ModelFileError as e:
        _one_line(e)
    try:
        lite.load(path)
    except lite.LiteUnsupported:
        pass


_HOSTILE_LAYERS = [
    {"class_name": "Lambda", "config": {"function": {"class_name": "__lambda__", "config": {"code": "print(1)"}}}},
    {"module": "os", "class_name": "system", "config": {"command": "true"}},
    {"class_name": "os.system", "config": {}},
    {"module": "builtins", "class_name": "eval", "config": {}},
    {"class_name": "Dense", "config": {"units": 4_000_000, "name": "d"}, "build_config": {"input_shape": [None, 512]}},
    {"class_name": "Conv2D", "config": {"filters": 900_000, "kernel_size": [3, 3], "name": "c"},
     "build_config": {"input_shape": [None, 28, 28, 1]}},
    # issue 25: a huge feature map from no weights at all, and a layer type the old check did not count
    {"class_name": "UpSampling2D", "config": {"size": [1000, 1000], "name": "u"}},
    {"class_name": "ZeroPadding2D", "config": {"padding": [[9000, 9000], [9000, 9000]], "name": "z"}},
    {"class_name": "EinsumDense", "config": {"equation": "ab,bc->ac", "output_shape": [3_000_000], "name": "e"},
     "build_config": {"input_shape": [None, 128]}},
]


@FUZZ
@given(data=st.data())
def test_mutated_model_archives(model_members, tmp_path: Path, data) -> None:
    members = dict(model_members)
    kind = data.draw(st.sampled_from(["flip", "config_json", "layer", "truncate", "bomb", "types"]))
    cfg = json.loads(members["config.json"])
    if kind == "flip":
        name = data.draw(st.sampled_from(sorted(members)))
        blob = bytearray(members[name])
        for _ in range(data.draw(st.integers(1, 20))):
            i = data.draw(st.integers(0, len(blob) - 1))
            blob[i] = data.draw(st.integers(0, 255))
        members[name] = bytes(blob)
    elif kind == "config_json":
        members["config.json"] = json.dumps(data.draw(json_values)).encode()
    elif kind == "layer":
        cfg["config"]["layers"].insert(1, data.draw(st.sampled_from(_HOSTILE_LAYERS)))
        members["config.json"] = json.dumps(cfg).encode()
    elif kind == "truncate":
        name = data.draw(st.sampled_from(sorted(members)))
        members[name] = members[name][: data.draw(st.integers(0, len(members[name])))]
    elif kind == "bomb":
        members["model.weights.h5"] = b"\0" * (300 * 1024 * 1024)  # 300 MB of zeros, ~300 KB compressed
    else:  # wrong types where the config has numbers, lists or strings
        layer = data.draw(st.sampled_from(cfg["config"]["layers"]))
        key = data.draw(st.sampled_from(sorted(layer.get("config", {})) or ["name"]))
        layer.setdefault("config", {})[key] = data.draw(json_values)
        members["config.json"] = json.dumps(cfg).encode()
    path = _archive(tmp_path / "fuzz.keras", members, compress=kind == "bomb")
    _load_both(path)


# --------------------------------------------------------------------------- images

_IMAGE_HEADERS = [b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"BM", b"GIF89a", b"II*\x00", b"MM\x00*",
                  b"RIFF\x00\x00\x00\x00WEBPVP8 ", b"P5\n28 28\n255\n", b"P6\n", b""]


def _real_image(fmt: str, mode: str) -> bytes:
    from PIL import Image

    arr = (np.arange(28 * 28) % 251).astype(np.uint16 if mode == "I;16" else np.uint8).reshape(28, 28)
    im = Image.fromarray(arr) if mode != "RGB" else Image.fromarray(np.stack([arr.astype(np.uint8)] * 3, -1))
    buf = io.BytesIO()
    im.save(buf, format=fmt)
    return buf.getvalue()


@FUZZ
@given(header=st.sampled_from(_IMAGE_HEADERS), body=st.binary(max_size=2000),
       real=st.sampled_from([None, ("PNG", "L"), ("PNG", "I;16"), ("TIFF", "I;16"), ("JPEG", "L"),
                             ("BMP", "RGB"), ("GIF", "L"), ("WEBP", "RGB"), ("PPM", "RGB")]),
       cut=st.floats(0, 1))
def test_mutated_images(tmp_path: Path, header: bytes, body: bytes, real, cut: float) -> None:
    from mnist_gui.gui.imageio import ImageLoadError
    from mnist_gui.gui.imageio import read_image as qt_read_image

    if real is not None:
        blob = _real_image(*real)
        blob = blob[: max(8, int(len(blob) * cut))] + body[:50]
    else:
        blob = header + body
    p = tmp_path / "picture.bin"
    p.write_bytes(blob)
    try:
        arr = read_image(p)
        assert arr.dtype == np.uint8
    except ImageFileError as e:
        _one_line(e)
    try:
        qt_read_image(str(p))
    except ImageLoadError as e:
        _one_line(e)


# --------------------------------------------------------------------------- strokes, my digits

HUGE = int("9" * 400)  # valid JSON; compares exactly but overflows float()
# Numbers where coordinates, labels and counts go: huge integers, the float extremes, and NaN and
# infinity (json.dumps writes those as bare NaN/Infinity, which the readers must refuse).
hostile_numbers = (st.integers(-10**400, 10**400) | st.floats(allow_nan=True, allow_infinity=True)
                   | st.sampled_from([HUGE, -HUGE, 10**400, float("nan"), float("inf"), float("-inf"), 1e308,
                                      -0.0, 0.5, 1.05, -0.05]))
coordinates = st.one_of(st.floats(-0.1, 1.1), st.floats(-0.1, 1.1), st.sampled_from([HUGE, -HUGE, 10**400]),
                        hostile_numbers)
# mostly well-formed, so that most examples reach the checks of the numbers themselves
points = st.one_of(st.lists(coordinates, min_size=2, max_size=2), st.lists(coordinates, min_size=2, max_size=2),
                   st.lists(coordinates | json_values, max_size=3), json_values)
stroke_lists = st.lists(st.lists(points, min_size=1, max_size=5), min_size=1, max_size=3) | json_values
stroke_samples = st.fixed_dictionaries(
    {"label": st.one_of(st.integers(0, 9), st.integers(0, 9), st.integers(0, 9), hostile_numbers, json_values),
     "strokes": stroke_lists},
    optional={"writer": st.text(max_size=10) | st.text(max_size=10) | hostile_numbers | json_values})


def _bare_or_huge(value, bare: bool):
    """``value`` with NaN and infinity kept (written bare, refused when the JSON is parsed) or,
    half the time, turned into huge integers, so that the checks of the numbers themselves are
    reached instead of the parser's refusal hiding them."""
    if isinstance(value, float) and not math.isfinite(value) and not bare:
        return HUGE if math.isnan(value) or value > 0 else -HUGE
    if isinstance(value, list):
        return [_bare_or_huge(v, bare) for v in value]
    if isinstance(value, dict):
        return {k: _bare_or_huge(v, bare) for k, v in value.items()}
    return value


@FUZZ
@given(doc=json_values, samples=st.lists(stroke_samples, min_size=1, max_size=4), any_doc=st.booleans(),
       bare=st.booleans())
def test_stroke_files(tmp_path: Path, doc, samples, any_doc: bool, bare: bool) -> None:
    p = tmp_path / "s.json"
    if isinstance(doc, dict) or not any_doc:
        doc = {**(doc if isinstance(doc, dict) else {}), "format": "digit-strokes/1", "samples": samples}
    p.write_text(json.dumps(_bare_or_huge(doc, bare)))
    try:
        strokes.load_strokes(p)
    except strokes.StrokesError as e:
        _one_line(e)


def _picture_b64() -> str:
    return personal._encode_image(np.arange(784, dtype=np.uint32).reshape(28, 28).astype(np.uint8))


my_digit_dicts = st.fixed_dictionaries(
    {"label": st.integers(0, 9) | st.integers(0, 9) | hostile_numbers | json_values,
     "image28": st.just(_picture_b64()) | st.sampled_from(["AAA", "", "!!"]) | json_values,
     "strokes": stroke_lists | st.none()},
    optional={"id": st.sampled_from(["a", "b"]) | st.text(max_size=70) | hostile_numbers | json_values,
              "created": st.text(max_size=70) | hostile_numbers | json_values,
              "source": st.sampled_from(personal.SOURCES) | st.text(max_size=10) | hostile_numbers | json_values},
)


@FUZZ
@given(digits=st.lists(my_digit_dicts, min_size=1, max_size=4), raw=st.binary(max_size=200),
       drawn=st.lists(st.lists(st.tuples(coordinates, coordinates), max_size=4), max_size=3), bare=st.booleans())
def test_my_digits_collections(tmp_path: Path, digits, raw: bytes, drawn, bare: bool) -> None:
    p = tmp_path / "my.json"
    p.write_text(json.dumps(_bare_or_huge({"format": personal.FORMAT, "digits": digits}, bare)))
    for content in (None, raw):
        if content is not None:
            p.write_bytes(content)
        try:
            personal.Collection.load(p)
        except personal.PersonalError as e:
            _one_line(e)
        c, message = personal.Collection.load_or_recover(p)  # never raises: moved aside instead
        assert message is None or "\n" not in message
    # whatever strokes are added, the saved collection opens again (and as an import)
    import tempfile

    here = Path(tempfile.mkdtemp(dir=tmp_path))  # tmp_path is shared by every example
    c = personal.Collection(here / "mine.json")
    c.add(1, np.zeros((28, 28), np.uint8), drawn)
    assert len(personal.Collection.load(c.path)) == 1
    c.export(here / "export.json")
    assert personal.Collection(here / "other.json").import_file(here / "export.json") == 1


# --------------------------------------------------------------------------- IDX, IDX.gz, npz

@FUZZ
@given(magic=st.sampled_from([2051, 2049, 0x0D03, 0x0803 + 1, 0]),
       dims=st.lists(st.integers(0, 2**31 - 1), min_size=0, max_size=4), body=st.binary(max_size=3000),
       gz=st.booleans())
def test_idx_files(tmp_path: Path, magic: int, dims: list[int], body: bytes, gz: bool) -> None:
    blob = struct.pack(">I", magic) + b"".join(struct.pack(">I", d) for d in dims) + body
    if gz:
        blob = gzip.compress(blob)
    p = tmp_path / ("f.idx.gz" if gz else "f.idx")
    p.write_bytes(blob)
    for reader in (dataset.read_idx_images, dataset.read_idx_labels):
        try:
            reader(p)
        except dataset.DatasetError as e:
            _one_line(e)


@FUZZ
@given(keys=st.lists(st.sampled_from(["x_train", "y_train", "x_test", "y_test", "other"]), max_size=5),
       shapes=st.lists(st.lists(st.integers(0, 30), max_size=3), min_size=5, max_size=5),
       dtype=st.sampled_from(["uint8", "float32", "int64", "object"]), flip=st.integers(0, 400))
def test_npz_files(tmp_path: Path, keys, shapes, dtype: str, flip: int) -> None:
    arrays = {k: np.zeros(shapes[i], dtype=dtype if dtype != "object" else np.uint8) for i, k in enumerate(keys)}
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    blob = bytearray(buf.getvalue())
    if blob and flip < len(blob):
        blob[flip] ^= 0xFF
    p = tmp_path / "mnist.npz"
    p.write_bytes(bytes(blob))
    try:
        dataset.load_mnist_npz(p)
    except dataset.DatasetError as e:
        _one_line(e)
