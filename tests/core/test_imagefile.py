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


# --------------------------------------------------------------------------- the policy: orientation,
# transparency, caps (tests/gui/test_imageio.py checks that Qt's reader follows the same)


def f_shape(h: int = 90, w: int = 60) -> np.ndarray:
    """A bright 'F' on dark: no mirror or rotation maps it onto itself, so any wrong turn shows."""
    a = np.full((h, w), 15, np.uint8)
    a[10:80, 12:24] = 235  # the stem
    a[10:22, 12:50] = 235  # the top bar
    a[40:52, 12:40] = 235  # the middle bar
    return a


# How to store a picture so that EXIF orientation o turns it back upright (o's inverse).
STORED_FOR = {1: lambda a: a, 2: np.fliplr, 3: lambda a: np.rot90(a, 2), 4: np.flipud, 5: lambda a: a.T,
              6: lambda a: np.rot90(a, 1), 7: lambda a: np.rot90(a, 2).T, 8: lambda a: np.rot90(a, -1)}


def save_oriented(path: Path, upright: np.ndarray, orientation: int, **save_args) -> None:
    exif = Image.Exif()
    exif[imagefile.ORIENTATION_TAG] = orientation
    Image.fromarray(np.ascontiguousarray(STORED_FOR[orientation](upright))).save(path, exif=exif, **save_args)


@pytest.mark.parametrize("orientation", [6, 8])
def test_a_rotated_jpeg_is_read_upright(tmp_path: Path, orientation: int) -> None:
    up = f_shape()
    p = tmp_path / f"photo{orientation}.jpg"
    save_oriented(p, up, orientation, quality=95)
    assert Image.open(p).size == (90, 60)  # stored on its side
    assert imagefile.probe(p).orientation == orientation
    out = read_image(p)
    assert out.shape == up.shape
    assert np.abs(out.astype(int) - up).mean() < 3
    unturned = np.ascontiguousarray(STORED_FOR[orientation](up))
    assert np.abs(np.rot90(out, 2).astype(int) - up).mean() > 30 and unturned.shape != out.shape


@pytest.mark.parametrize("fmt, ext, args", [("PNG", "png", {}), ("TIFF", "tif", {}),
                                            ("TIFF", "lzw.tif", {"compression": "tiff_lzw"}),
                                            ("WEBP", "webp", {"lossless": True})])
@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_orientation_of_every_format_that_carries_exif(tmp_path: Path, fmt: str, ext: str, args: dict,
                                                             orientation: int) -> None:
    # The uncompressed TIFF is the case Pillow 13 scrambles when it memory-maps the file.
    up = f_shape(13, 9)
    p = tmp_path / f"o{orientation}.{ext}"
    save_oriented(p, up, orientation, format=fmt, **args)
    out = read_image(p)
    np.testing.assert_array_equal(out if out.ndim == 2 else out[..., 0], up)  # WebP is RGB


def test_xmp_orientation_counts_when_there_is_no_exif(tmp_path: Path) -> None:
    from PIL import PngImagePlugin

    up = f_shape(13, 9)
    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description '
                  'xmlns:tiff="http://ns.adobe.com/tiff/1.0/" tiff:Orientation="6"/></rdf:RDF></x:xmpmeta>')
    p = tmp_path / "xmp.png"
    Image.fromarray(np.ascontiguousarray(STORED_FOR[6](up))).save(p, pnginfo=info)
    assert imagefile.probe(p).orientation == 6
    np.testing.assert_array_equal(read_image(p), up)


def broken_exif_blocks() -> dict[str, bytes]:
    """EXIF blocks that are not what they claim: each must leave the picture as stored. (Pillow's
    own ImageOps.exif_transpose raises SyntaxError on the first in a PNG or WebP file.)"""
    def ifd(entries: bytes, count: int) -> bytes:
        return b"Exif\0\0II*\0\x08\0\0\0" + struct.pack("<H", count) + entries + b"\0\0\0\0"

    return {
        "not_tiff": b"Exif\0\0" + b"this is no TIFF header at all",
        "cut_short": b"Exif\0\0II*\0\x08\0",
        "offset_past_the_end": b"Exif\0\0II*\0\xff\xff\xff\x7f",
        "huge_count": ifd(b"", 0xFFFF),
        "orientation_9": ifd(struct.pack("<HHII", 0x0112, 3, 1, 9), 1),
        "orientation_as_text": ifd(struct.pack("<HHI", 0x0112, 2, 4) + b"six\0", 1),
        "orientation_as_rational": ifd(struct.pack("<HHII", 0x0112, 5, 1, 26) + struct.pack("<II", 6, 1), 1),
        "orientation_as_bytes": ifd(struct.pack("<HHII", 0x0112, 7, 4, 6), 1),
        "orientation_type_99": ifd(struct.pack("<HHII", 0x0112, 99, 1, 6), 1),
        "orientation_data_elsewhere": ifd(struct.pack("<HHII", 0x0112, 3, 1000, 0x7FFFFFFF), 1),
    }


BROKEN_EXIF_FORMATS = [("JPEG", "jpg", {"quality": 95}), ("PNG", "png", {}), ("WEBP", "webp", {"lossless": True})]


@pytest.mark.parametrize("fmt, ext, args", BROKEN_EXIF_FORMATS, ids=lambda v: v if isinstance(v, str) else "")
@pytest.mark.parametrize("name", sorted(broken_exif_blocks()))
def test_a_broken_exif_block_leaves_the_picture_as_stored(tmp_path: Path, name: str, fmt: str, ext: str,
                                                          args: dict) -> None:
    a = f_shape()
    p = tmp_path / f"{name}.{ext}"
    Image.fromarray(a).save(p, format=fmt, exif=broken_exif_blocks()[name], **args)
    assert imagefile.probe(p).orientation == 1
    out = read_image(p)
    out = out if out.ndim == 2 else out[..., 0]
    assert out.shape == a.shape and np.abs(out.astype(int) - a).mean() < 3


def test_an_exif_reader_that_raises_is_no_error(tmp_path: Path, monkeypatch) -> None:
    up = f_shape()
    p = tmp_path / "photo.jpg"
    save_oriented(p, up, 6, quality=95)

    def broken(self):
        raise struct.error("unpack requires a buffer of 4 bytes")

    monkeypatch.setattr(Image.Image, "getexif", broken)
    assert imagefile.probe(p).orientation == 1
    assert read_image(p).shape == (60, 90)  # as stored


@pytest.mark.parametrize("fmt", ["PNG", "GIF"])
def test_a_transparent_colour_stays_transparent(tmp_path: Path, fmt: str) -> None:
    """Black ink on a transparent background, through a palette (or PNG tRNS): alpha, not the
    transparent colour's own RGB, which would turn the paper black."""
    ink = f_shape() > 128
    rgba = np.zeros(ink.shape + (4,), np.uint8)
    rgba[ink] = (0, 0, 0, 255)
    p = tmp_path / f"t.{fmt.lower()}"
    im = Image.fromarray(rgba, "RGBA")
    (im if fmt == "GIF" else im.convert("P", palette=Image.Palette.ADAPTIVE)).save(p, format=fmt)
    assert Image.open(p).mode == "P" and "transparency" in Image.open(p).info
    out = read_image(p)
    assert out.shape == ink.shape + (4,)
    np.testing.assert_array_equal(out[..., 3] > 128, ink)
    grey = np.asarray(Image.fromarray(np.where(ink, 0, 200).astype(np.uint8)))
    q = tmp_path / "l_trns.png"
    Image.fromarray(grey).save(q, transparency=200)
    np.testing.assert_array_equal(read_image(q)[..., 3] > 128, ink)


def test_the_caps_are_the_policy(tmp_path: Path) -> None:
    assert imagefile.MAX_FILE_BYTES == 200 * 1024 * 1024 and imagefile.MAX_PIXELS == 50_000_000
    # sparse files: a real size on disk costs nothing
    small = tmp_path / "d.png"
    Image.fromarray(f_shape()).save(small)
    between = tmp_path / "150mb.png"
    between.write_bytes(small.read_bytes())
    with open(between, "r+b") as f:
        f.truncate(150 * 1024 * 1024)  # trailing bytes after IEND: still the same picture
    np.testing.assert_array_equal(read_image(between), f_shape())
    over = tmp_path / "250mb.png"
    over.write_bytes(small.read_bytes())
    with open(over, "r+b") as f:
        f.truncate(250 * 1024 * 1024)
    refused(over, "262 MB is too large")
    header = imagefile.probe(small)
    assert (header.format, header.width, header.height, header.orientation) == ("PNG", 60, 90, 1)
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png_header_only(8000, 7000))
    with pytest.raises(ImageFileError, match="8000x7000 pixels is too large"):
        imagefile.probe(bomb)


@pytest.mark.parametrize("kind", ["rgba-png", "float-tiff"])
def test_a_7000x7000_picture_is_read_in_bounded_memory(tmp_path: Path, kind: str) -> None:
    """Issue 25 #4: a 7000x7000 RGBA PNG or float TIFF took 1.2 GB through predict; read and
    prepared as predict does (read_image, preprocess_picture), a child's peak stays under 0.8 GB."""
    import subprocess
    import sys

    if not Path("/proc/self/status").exists():
        pytest.skip("peak memory is read from /proc/self/status (VmHWM)")
    n = 7000
    ink = np.zeros((n, n), bool)
    ink[n // 6: 5 * n // 6, n // 2 - n // 20: n // 2 + n // 20] = True  # a thick "1"
    if kind == "rgba-png":
        p = tmp_path / "big.png"
        rgba = np.zeros((n, n, 4), np.uint8)
        rgba[..., 3] = 255
        rgba[ink, :3] = 255
        Image.fromarray(rgba, "RGBA").save(p, compress_level=1)
        del rgba
    else:
        p = tmp_path / "big.tif"
        Image.fromarray(ink.astype(np.float32), "F").save(p, compression="tiff_deflate")
    del ink
    # VmHWM: the peak of the child's own memory (ru_maxrss would carry this process's over exec)
    code = ("import sys\n"
            "from mnist_gui.core import preprocess\n"
            "from mnist_gui.core.imagefile import read_image\n"
            "x = preprocess.preprocess_picture(read_image(sys.argv[1]))\n"
            "print(None if x is None else x.shape)\n"
            "print(next(int(line.split()[1]) for line in open('/proc/self/status') if line.startswith('VmHWM:')) / 1024)\n")
    out = subprocess.run([sys.executable, "-c", code, str(p)], capture_output=True, text=True, timeout=300,
                         cwd=Path(__file__).resolve().parents[2], check=True).stdout.splitlines()
    assert out[0] == "(28, 28)", out
    assert float(out[1]) < 800, f"peak {float(out[1]):.0f} MB reading {p.name}"
