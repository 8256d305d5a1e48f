"""The Draw tab's reader (Qt) and the command line's (Pillow) read a file alike: one policy, stated
in core.imagefile, the same verdict, the same upright picture, the same 28x28 network input."""
from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from mnist_gui.core import imagefile, preprocess
from mnist_gui.gui import imageio
from mnist_gui.gui.canvas import qimage_to_array
from tests.core.test_imagefile import (
    BROKEN_EXIF_FORMATS,
    STORED_FOR,
    broken_exif_blocks,
    f_shape,
    png_header_only,
    save_oriented,
)


def both(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """The picture as ``predict`` decodes it and as the Draw tab's Open/drop does, each as grey
    0..255 (what preparation starts from: alpha composited over white)."""
    cli = preprocess.to_grayscale(imagefile.read_image(path)) * 255
    gui = preprocess.to_grayscale(qimage_to_array(imageio.read_image(str(path)))) * 255
    return cli, gui


def verdicts(path: Path) -> tuple[str | None, str | None]:
    """Each reader's refusal message, or None where it accepts the file."""
    out: list[str | None] = []
    for read, error in ((imagefile.read_image, imagefile.ImageFileError), (imageio.read_image, imageio.ImageLoadError)):
        try:
            read(str(path))
            out.append(None)
        except error as e:
            out.append(str(e))
    return out[0], out[1]


@pytest.fixture
def tab(qtbot):
    from mnist_gui.gui.draw_tab import DrawTab
    from mnist_gui.session.state import AppState

    t = DrawTab(AppState())  # no model needed: the prepared input is what is compared
    qtbot.addWidget(t)
    return t


@pytest.mark.parametrize("orientation", [6, 8])
def test_a_rotated_jpeg_gives_the_same_network_input_in_both(tmp_path: Path, tab, orientation: int) -> None:
    up = f_shape(180, 120)
    p = tmp_path / f"photo{orientation}.jpg"
    save_oriented(p, up, orientation, quality=92)
    assert Image.open(p).size == (180, 120)  # stored on its side
    cli, gui = both(p)
    assert cli.shape == gui.shape == up.shape  # both turned it upright
    assert np.abs(cli - gui).mean() < 3  # JPEG decoders may differ by a level or two
    assert np.abs(cli - up).mean() < 3 and np.abs(gui - up).mean() < 3
    assert np.abs(np.rot90(gui, 2) - up).mean() > 15  # the shape tells a wrong turn
    # The Draw tab's own path (Open -> canvas -> preparation) against predict's
    # (read_image -> preprocess_picture): the same preparation of the same picture.
    assert tab.open_image(str(p))
    x_cli = preprocess.preprocess_picture(imagefile.read_image(p))
    assert tab.last_input is not None and x_cli is not None
    assert np.abs(tab.last_input - x_cli).max() < 0.05
    np.testing.assert_array_equal(tab.last_input, preprocess.preprocess_picture(tab.current_picture_array()))
    tab.prepare_box.setChecked(False)  # --no-preprocess in predict
    assert np.abs(tab.last_input - preprocess.plain_resize(imagefile.read_image(p))).max() < 0.05


@pytest.mark.parametrize("fmt, ext, args", [("PNG", "png", {}), ("TIFF", "tif", {}), ("WEBP", "webp", {"lossless": True})])
@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_orientation_is_applied_alike(tmp_path: Path, fmt: str, ext: str, args: dict, orientation: int) -> None:
    # Qt's own auto-transform turns JPEG and TIFF only; PNG and WebP carry EXIF too.
    up = f_shape(13, 9).astype(float)
    p = tmp_path / f"o{orientation}.{ext}"
    save_oriented(p, f_shape(13, 9), orientation, format=fmt, **args)
    cli, gui = both(p)
    np.testing.assert_allclose(cli, up, atol=0.01)
    np.testing.assert_allclose(gui, up, atol=0.01)


def test_xmp_orientation_alike(tmp_path: Path) -> None:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description '
                  'xmlns:tiff="http://ns.adobe.com/tiff/1.0/" tiff:Orientation="8"/></rdf:RDF></x:xmpmeta>')
    p = tmp_path / "xmp.png"
    Image.fromarray(np.ascontiguousarray(STORED_FOR[8](f_shape(13, 9)))).save(p, pnginfo=info)
    cli, gui = both(p)
    np.testing.assert_allclose(cli, f_shape(13, 9), atol=0.01)
    np.testing.assert_allclose(gui, cli, atol=0.01)


@pytest.mark.parametrize("fmt, ext, args", BROKEN_EXIF_FORMATS, ids=lambda v: v if isinstance(v, str) else "")
@pytest.mark.parametrize("name", sorted(broken_exif_blocks()))
def test_a_broken_exif_block_is_read_as_stored_by_both(tmp_path: Path, name: str, fmt: str, ext: str,
                                                       args: dict) -> None:
    a = f_shape()
    p = tmp_path / f"{name}.{ext}"
    Image.fromarray(a).save(p, format=fmt, exif=broken_exif_blocks()[name], **args)
    cli, gui = both(p)
    assert cli.shape == gui.shape == a.shape
    assert np.abs(cli - gui).mean() < 3 and np.abs(gui - a).mean() < 3


def _sparse_copy(src: Path, dst: Path, size: int) -> Path:
    dst.write_bytes(src.read_bytes())
    with open(dst, "r+b") as f:
        f.truncate(size)  # zeros after IEND: the same picture, a real size, no disk used
    return dst


def test_the_byte_cap_gives_the_same_verdict(tmp_path: Path, monkeypatch) -> None:
    small = tmp_path / "d.png"
    Image.fromarray(f_shape()).save(small)
    mb = 1024 * 1024
    between = _sparse_copy(small, tmp_path / "150mb.png", 150 * mb)  # over the old 100 MB of predict
    assert verdicts(between) == (None, None)
    cli, gui = both(between)
    np.testing.assert_array_equal(cli, gui)
    over = _sparse_copy(small, tmp_path / "250mb.png", 250 * mb)  # over 200 MB, the old cap of the tab
    cli_says, gui_says = verdicts(over)
    assert cli_says == gui_says and "too large" in cli_says
    monkeypatch.setattr(imagefile, "MAX_FILE_BYTES", 100 * mb)  # one constant moves both
    cli_says, gui_says = verdicts(between)
    assert cli_says == gui_says and "157 MB is too large" in cli_says


def test_the_pixel_cap_and_the_formats_give_the_same_verdict(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png_header_only(8000, 7000))  # 56 MP announced, nothing decoded
    cli_says, gui_says = verdicts(bomb)
    assert cli_says == gui_says and "8000x7000 pixels is too large" in cli_says
    # Formats Qt reads but the policy does not: a vector drawing, an icon, X pixmaps.
    svg = tmp_path / "seven.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="28" height="28">'
                   '<path d="M4 4H24L10 26" stroke="black" stroke-width="3" fill="none"/></svg>')
    ico = tmp_path / "seven.ico"
    Image.fromarray(f_shape(32, 32)).save(ico, format="ICO")
    xpm = tmp_path / "seven.xpm"
    xpm.write_text('/* XPM */\nstatic char *d[] = {"2 2 2 1", "a c #000000", "b c #ffffff", "ab", "ba"};\n')
    for p in (svg, ico, xpm):
        cli_says, gui_says = verdicts(p)
        assert cli_says is not None and cli_says == gui_says, p


@pytest.mark.parametrize("fmt", ["PNG", "GIF"])
def test_transparent_paper_alike(tmp_path: Path, fmt: str) -> None:
    ink = f_shape() > 128
    rgba = np.zeros(ink.shape + (4,), np.uint8)
    rgba[ink] = (0, 0, 0, 255)
    im = Image.fromarray(rgba, "RGBA")
    p = tmp_path / f"t.{fmt.lower()}"
    (im if fmt == "GIF" else im.convert("P", palette=Image.Palette.ADAPTIVE)).save(p, format=fmt)
    cli, gui = both(p)
    np.testing.assert_allclose(cli, gui, atol=0.01)
    assert cli[~ink].min() > 250  # white paper, not the transparent colour's black
    x_cli = preprocess.preprocess_picture(imagefile.read_image(p))
    x_gui = preprocess.preprocess_picture(qimage_to_array(imageio.read_image(str(p))))
    assert x_cli is not None and x_gui is not None
    np.testing.assert_allclose(x_cli, x_gui, atol=1e-5)


def test_broken_exif_does_not_trip_the_qt_reader_either(tmp_path: Path, monkeypatch) -> None:
    p = tmp_path / "photo.jpg"
    save_oriented(p, f_shape(), 6, quality=95)

    def broken(self):
        raise struct.error("unpack requires a buffer of 4 bytes")

    monkeypatch.setattr(Image.Image, "getexif", broken)
    assert qimage_to_array(imageio.read_image(str(p))).shape[:2] == (60, 90)  # as stored, like predict
