"""Tests for mnist_gui.core.imagefile: decoding untrusted image files with Pillow."""
from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from mnist_gui.core import imagefile
from mnist_gui.core.imagefile import ImageFileError, read_image


def digit_like(h: int = 40, w: int = 30) -> np.ndarray:
    """A grey image with a bright bar: structure that survives JPEG."""
    a = np.full((h, w), 20, np.uint8)
    a[5:35, 12:18] = 230
    return a


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_header_only(width: int, height: int) -> bytes:
    """A syntactically valid PNG signature + IHDR announcing width x height (8-bit grey), no pixels."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"")
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b"")


def refused(path: Path, fragment: str = "", **kwargs) -> str:
    with pytest.raises(ImageFileError) as exc:
        read_image(path, **kwargs)
    msg = str(exc.value)
    assert str(path) in msg and "\n" not in msg, msg
    assert fragment in msg, msg
    return msg


# --------------------------------------------------------------------------- good files


def test_png_grey_round_trip(tmp_path: Path) -> None:
    a = digit_like()
    p = tmp_path / "d.png"
    Image.fromarray(a).save(p)
    out = read_image(p)
    assert out.dtype == np.uint8 and out.shape == (40, 30)
    np.testing.assert_array_equal(out, a)


def test_png_rgba_and_rgb_round_trip(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    rgba = rng.integers(0, 256, (12, 9, 4), dtype=np.uint8)
    Image.fromarray(rgba, "RGBA").save(tmp_path / "a.png")
    np.testing.assert_array_equal(read_image(tmp_path / "a.png"), rgba)
    rgb = rgba[..., :3].copy()
    Image.fromarray(rgb, "RGB").save(tmp_path / "b.png")
    np.testing.assert_array_equal(read_image(tmp_path / "b.png"), rgb)


def test_jpeg_round_trip(tmp_path: Path) -> None:
    a = digit_like()
    p = tmp_path / "d.jpg"
    Image.fromarray(a).save(p, quality=95)
    out = read_image(p)
    assert out.shape == (40, 30) and out.dtype == np.uint8
    assert np.abs(out.astype(int) - a.astype(int)).mean() < 3  # lossy, but close
    rgb = np.stack([a] * 3, axis=-1)
    Image.fromarray(rgb).save(tmp_path / "c.jpeg", quality=95)
    assert read_image(tmp_path / "c.jpeg").shape == (40, 30, 3)


@pytest.mark.parametrize("fmt, name", [("PNG", "digit.jpg"), ("JPEG", "digit.png"), ("PNG", "digit.txt"),
                                       ("BMP", "digit"), ("GIF", "digit.bmp")])
def test_wrong_extension_still_works(tmp_path: Path, fmt: str, name: str) -> None:
    a = digit_like()
    p = tmp_path / name
    Image.fromarray(a).save(p, format=fmt)
    out = read_image(p)
    assert out.shape[:2] == (40, 30)
    grey = out if out.ndim == 2 else out[..., :3].mean(axis=-1)
    assert grey[20, 15] > 200 and grey[2, 2] < 60


def test_other_modes_are_converted(tmp_path: Path) -> None:
    a = digit_like()
    Image.fromarray(a).convert("1").save(tmp_path / "bw.png")
    out = read_image(tmp_path / "bw.png")
    assert out.dtype == np.uint8 and out.shape == (40, 30, 3) and out.max() == 255
    Image.fromarray(a).convert("P").save(tmp_path / "pal.png")
    assert read_image(tmp_path / "pal.png").shape == (40, 30, 3)
    Image.fromarray(a).convert("LA").save(tmp_path / "la.png")
    assert read_image(tmp_path / "la.png").shape == (40, 30, 4)
    Image.fromarray(a).convert("CMYK").save(tmp_path / "cmyk.jpg")
    assert read_image(tmp_path / "cmyk.jpg").shape == (40, 30, 3)


def test_16_bit_grey_is_scaled_not_clipped(tmp_path: Path) -> None:
    a16 = (np.arange(40 * 30, dtype=np.uint32).reshape(40, 30) * 54).astype(np.uint16)  # 0 .. 64746
    p = tmp_path / "deep.png"
    Image.fromarray(a16).save(p)
    out = read_image(p)
    assert out.dtype == np.uint8 and out.shape == (40, 30)
    np.testing.assert_allclose(out.astype(float), a16 / 257.0, atol=0.51)


def test_float_tiff(tmp_path: Path) -> None:
    f = (digit_like() / 255.0).astype(np.float32)
    p = tmp_path / "float.tif"
    Image.fromarray(f, "F").save(p)
    out = read_image(p)
    assert out.dtype == np.uint8 and out.shape == (40, 30)
    np.testing.assert_allclose(out.astype(float), f * 255, atol=0.51)


# --------------------------------------------------------------------------- bad files


def test_missing_file_and_folder(tmp_path: Path) -> None:
    refused(tmp_path / "nope.png", "cannot read")
    refused(tmp_path, "is a folder")


def test_non_image_bytes(tmp_path: Path) -> None:
    p = tmp_path / "notes.png"
    p.write_text("this is not a picture of a digit\n" * 20)
    refused(p, "not an image")
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    refused(empty, "not an image")
    rnd = tmp_path / "random.jpg"
    rnd.write_bytes(np.random.default_rng(1).integers(0, 256, 4096, dtype=np.uint8).tobytes())
    refused(rnd)


def test_truncated_png(tmp_path: Path) -> None:
    a = np.random.default_rng(2).integers(0, 256, (64, 64), dtype=np.uint8)  # noise compresses badly
    good = tmp_path / "good.png"
    Image.fromarray(a).save(good)
    data = good.read_bytes()
    for keep in (0.5, 0.9):
        p = tmp_path / f"cut{keep}.png"
        p.write_bytes(data[: int(len(data) * keep)])
        refused(p, "broken image")
    header_only = tmp_path / "header.png"
    header_only.write_bytes(data[:40])
    refused(header_only)


def test_truncated_jpeg(tmp_path: Path) -> None:
    a = np.random.default_rng(3).integers(0, 256, (64, 64), dtype=np.uint8)
    good = tmp_path / "good.jpg"
    Image.fromarray(a).save(good, quality=90)
    p = tmp_path / "cut.jpg"
    p.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    refused(p, "broken image")


def test_huge_dimensions_announced_in_the_header_are_refused(tmp_path: Path) -> None:
    p = tmp_path / "bomb.png"
    p.write_bytes(png_header_only(100_000, 100_000))
    assert p.stat().st_size < 100
    refused(p, "too large")


def test_over_the_pixel_limit_is_refused_before_decoding(tmp_path: Path) -> None:
    p = tmp_path / "big.png"
    p.write_bytes(png_header_only(8000, 7000))  # 56 MP: over our 50 MP, under Pillow's own limits
    refused(p, "8000x7000 pixels is too large")
    # A real (1-bit, small on disk) image over a lowered limit.
    q = tmp_path / "wide.png"
    Image.new("1", (3000, 2000), 0).save(q)
    assert q.stat().st_size < 10_000
    refused(q, "too large", max_pixels=5_000_000)
    assert read_image(q, max_pixels=6_000_000).shape == (2000, 3000, 3)


def test_oversized_file_is_refused_unread(tmp_path: Path, monkeypatch) -> None:
    p = tmp_path / "d.png"
    Image.fromarray(digit_like()).save(p)
    monkeypatch.setattr(imagefile, "MAX_FILE_BYTES", 10)
    refused(p, "too large")


def test_formats_that_run_external_programs_are_refused(tmp_path: Path) -> None:
    eps = tmp_path / "digit.eps"  # Pillow decodes EPS by running Ghostscript
    eps.write_bytes(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 28 28\n0 0 moveto 28 28 lineto stroke\nshowpage\n")
    refused(eps, "not an image")
