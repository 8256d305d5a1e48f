"""Tests of mnist_gui.core.preprocess on synthetic pictures.

Centre convention under test: the intensity-weighted centre of mass of the
28x28 output, in pixel index coordinates, lies within 0.5 px of (14, 14)
(an integer shift puts it on the pixel nearest to index 14, as in MNIST).
"""
from __future__ import annotations

import time

import numpy as np
import pytest

from mnist_gui.core import preprocess as prep_module

from mnist_gui.core.preprocess import (
    PreprocessSteps,
    center_by_mass,
    crop_to_ink,
    ink_bbox,
    normalize_polarity,
    plain_resize,
    preprocess,
    preprocess_steps,
    scale_to_box,
    to_grayscale,
)

CENTRE = 14.0


def ring(h: int, w: int, cy: float, cx: float, r_out: float, r_in: float) -> np.ndarray:
    """A thick ring ('0'-like shape), white on black, float32 0..1 (antialiased edges)."""
    yy, xx = np.mgrid[:h, :w].astype(np.float32)
    d = np.hypot((yy - cy) / 1.3, xx - cx)  # taller than wide, like a digit
    outer = np.clip(r_out - d + 0.5, 0, 1)
    inner = np.clip(d - r_in + 0.5, 0, 1)
    return (outer * inner).astype(np.float32)


def centre_of_mass(img: np.ndarray) -> tuple[float, float]:
    mass = img.sum()
    cy = float(img.sum(axis=1) @ np.arange(img.shape[0]) / mass)
    cx = float(img.sum(axis=0) @ np.arange(img.shape[1]) / mass)
    return cy, cx


def bbox_size(img: np.ndarray, threshold: float = 0.0) -> tuple[int, int]:
    mask = img > threshold
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    return int(rows[-1] - rows[0] + 1), int(cols[-1] - cols[0] + 1)


def assert_valid_output(out: np.ndarray | None) -> np.ndarray:
    assert out is not None
    assert out.shape == (28, 28)
    assert out.dtype == np.float32
    assert float(out.min()) >= 0.0
    assert float(out.max()) <= 1.0
    assert float(out.max()) == pytest.approx(1.0, abs=1e-6)
    return out


def assert_centred(out: np.ndarray) -> None:
    cy, cx = centre_of_mass(out)
    assert abs(cy - CENTRE) <= 0.5 + 1e-6, cy
    assert abs(cx - CENTRE) <= 0.5 + 1e-6, cx


# ---------------------------------------------------------------- to_grayscale

def test_grayscale_uint8_and_float():
    a = np.array([[0, 255], [128, 64]], dtype=np.uint8)
    g = to_grayscale(a)
    assert g.dtype == np.float32 and g.shape == (2, 2)
    np.testing.assert_allclose(g, a / 255.0, atol=1e-6)
    f = np.array([[0.0, 1.0], [0.5, 0.25]])
    np.testing.assert_allclose(to_grayscale(f), f, atol=1e-6)


def test_grayscale_rgb_uses_luma_weights():
    rgb = np.zeros((1, 3, 3), dtype=np.uint8)
    rgb[0, 0, 0] = rgb[0, 1, 1] = rgb[0, 2, 2] = 255
    np.testing.assert_allclose(to_grayscale(rgb)[0], [0.299, 0.587, 0.114], atol=1e-5)
    np.testing.assert_allclose(to_grayscale(rgb.astype(np.float32) / 255)[0],
                               [0.299, 0.587, 0.114], atol=1e-5)


def test_grayscale_alpha_composites_over_white():
    rgba = np.zeros((1, 3, 4), dtype=np.uint8)  # black everywhere
    rgba[0, :, 3] = [0, 255, 128]  # transparent, opaque, half
    g = to_grayscale(rgba)
    np.testing.assert_allclose(g[0], [1.0, 0.0, 1 - 128 / 255], atol=1e-5)


@pytest.mark.parametrize("shape", [(0, 0), (0, 5), (5, 0), (0, 0, 3)])
def test_empty_arrays_raise(shape):
    with pytest.raises(ValueError, match="empty"):
        preprocess(np.zeros(shape, dtype=np.uint8))
    with pytest.raises(ValueError, match="empty"):
        to_grayscale(np.zeros(shape, dtype=np.uint8))


@pytest.mark.parametrize("shape", [(5,), (4, 4, 5), (2, 2, 2, 2)])
def test_bad_shapes_raise(shape):
    with pytest.raises(ValueError):
        preprocess(np.zeros(shape, dtype=np.uint8))


@pytest.mark.parametrize("func", [normalize_polarity, scale_to_box, center_by_mass, ink_bbox])
def test_steps_reject_empty(func):
    with pytest.raises(ValueError, match="empty"):
        func(np.zeros((0, 3), dtype=np.float32))


# ---------------------------------------------------------- normalize_polarity

def test_polarity_keeps_white_on_black_and_inverts_black_on_white():
    digit = ring(100, 100, 50, 50, 30, 20)
    np.testing.assert_allclose(normalize_polarity(digit), digit, atol=1e-6)
    np.testing.assert_allclose(normalize_polarity(1.0 - digit), digit, atol=1e-6)


def test_polarity_stretches_low_contrast_photo_like():
    digit = ring(100, 100, 50, 50, 30, 20)
    photo = 0.55 - 0.3 * digit  # grey paper (0.55), darker grey ink (0.25)
    out = normalize_polarity(photo)
    assert out[digit >= 1.0].min() == pytest.approx(1.0, abs=1e-5)
    assert out[digit == 0].max() == pytest.approx(0.0, abs=1e-6)


def test_polarity_dark_grey_paper_is_still_inverted():
    digit = ring(100, 100, 50, 50, 30, 20)
    photo = 0.45 - 0.4 * digit  # paper darker than 0.5, ink darker still
    out = normalize_polarity(photo)
    assert out[digit > 0.99].mean() > 0.95
    assert out[digit == 0].mean() < 0.01


def test_paper_and_ink_for_a_pen_over_a_picture():
    from mnist_gui.core.ink import paper_and_ink

    digit = ring(100, 100, 50, 50, 30, 20)
    assert paper_and_ink(digit) == pytest.approx((0.0, 1.0))  # white ink on black
    assert paper_and_ink(1.0 - digit) == pytest.approx((1.0, 0.0))  # black ink on white
    assert paper_and_ink(0.55 - 0.3 * digit) == pytest.approx((0.55, 0.25), abs=1e-3)  # the photo's own grey
    assert paper_and_ink(np.full((40, 40), 0.9)) == pytest.approx((0.9, 0.0))  # blank: black ink
    assert paper_and_ink(np.full((40, 40), 0.1)) == pytest.approx((0.1, 1.0))  # dark and blank: white


def test_polarity_uneven_lighting():
    h, w = 300, 400
    digit = ring(h, w, 150, 200, 90, 65)
    xx = np.mgrid[:h, :w][1]
    paper = 0.4 + 0.5 * xx / w  # light falls off across the sheet
    rng = np.random.default_rng(1)
    photo = np.clip(paper * (1 - 0.8 * digit) + 0.01 * rng.standard_normal((h, w)), 0, 1)
    out = normalize_polarity(photo)
    assert out[digit > 0.99].mean() > 0.9
    assert out[digit == 0].mean() < 0.02
    result = assert_valid_output(preprocess(photo))
    expected = assert_valid_output(preprocess(digit))
    assert np.abs(result - expected).mean() < 0.05


# -------------------------------------------------------------------- ink_bbox

def test_ink_bbox_and_crop():
    img = np.zeros((50, 40), dtype=np.float32)
    img[10:20, 5:30] = 1.0
    assert ink_bbox(img) == (10, 5, 20, 30)
    crop = crop_to_ink(img)
    assert crop is not None and crop.shape == (10, 25) and crop.dtype == np.float32


def test_ink_bbox_none_for_negligible_ink():
    img = np.zeros((50, 50), dtype=np.float32)
    assert ink_bbox(img) is None
    img[3, 3] = 1.0  # one pixel
    assert ink_bbox(img) is None
    assert crop_to_ink(img) is None
    img[3, 4] = 0.05  # below threshold
    assert ink_bbox(img) is None


def test_ink_bbox_ignores_isolated_specks():
    img = np.zeros((100, 100), dtype=np.float32)
    img[30:70, 40:60] = 1.0
    img[2, 2] = img[95, 97] = 1.0  # salt noise
    assert ink_bbox(img) == (30, 40, 70, 60)


# ---------------------------------------------------------------- scale_to_box

def test_scale_to_box_keeps_aspect_and_renormalises():
    img = np.zeros((100, 50), dtype=np.float32)
    img[:, :] = 0.5
    out = scale_to_box(img, 20)
    assert out.shape == (20, 10)
    assert out.max() == pytest.approx(1.0)


def test_scale_to_box_thin_bar_stays_thin():
    bar = np.ones((200, 3), dtype=np.float32)
    out = scale_to_box(bar, 20)
    assert out.shape == (20, 1)
    assert out.max() == pytest.approx(1.0)


def test_scale_to_box_one_pixel_line():
    line = np.ones((1, 300), dtype=np.float32)
    out = scale_to_box(line, 20)
    assert out.shape == (1, 20)
    dot = scale_to_box(np.ones((1, 1), dtype=np.float32), 20)
    assert dot.shape == (20, 20)


def test_scale_to_box_antialiases_large_downscale():
    # A fine checkerboard must average to uniform grey, not alias into stripes.
    big = (np.indices((1000, 1000)).sum(axis=0) % 2).astype(np.float32)
    big[0, 0] = 1.0
    out = scale_to_box(big, 20)
    assert out.shape == (20, 20)
    assert out.max() - out.min() < 0.05


def test_scale_to_box_upscales_small():
    out = scale_to_box(np.ones((5, 5), dtype=np.float32), 20)
    assert out.shape == (20, 20)


# -------------------------------------------------------------- center_by_mass

def test_center_by_mass_puts_centre_of_mass_at_14():
    img = np.zeros((20, 12), dtype=np.float32)
    img[:5, :] = 1.0  # mass concentrated at the top
    out = center_by_mass(img, 28)
    assert out.shape == (28, 28)
    assert_centred(out)


def test_center_by_mass_clips_content_falling_out():
    img = np.zeros((20, 20), dtype=np.float32)
    img[0, 0] = 1.0
    img[19, 19] = 0.01
    out = center_by_mass(img, 28)
    assert out.shape == (28, 28)
    assert out[14, 14] == pytest.approx(1.0)
    assert out.sum() == pytest.approx(1.0)  # the faint corner fell outside


# ------------------------------------------------------------------ preprocess

def test_digit_in_corner_is_centred_and_sized():
    img = ring(400, 400, 60, 330, 45, 30)  # near the top right corner
    out = assert_valid_output(preprocess(img))
    assert_centred(out)
    assert max(bbox_size(out)) == 20


def test_tiny_digit_is_enlarged_to_20():
    img = np.zeros((500, 500), dtype=np.float32)
    img[100:105, 300:305] = 1.0
    out = assert_valid_output(preprocess(img))
    assert max(bbox_size(out)) == 20
    assert_centred(out)


def test_huge_input_is_fast_enough():
    img = np.full((3000, 4000), 230, dtype=np.uint8)  # light paper
    yy, xx = np.mgrid[:3000, :4000]
    mask = ((np.hypot((yy - 1500) / 1.3, xx - 2000) - 800) ** 2) < 150 ** 2
    img[mask] = 20  # dark ink
    start = time.perf_counter()
    out = assert_valid_output(preprocess(img))
    elapsed = time.perf_counter() - start
    assert elapsed < 2.0, elapsed
    assert_centred(out)
    assert max(bbox_size(out)) == 20


def test_inverted_gives_same_output():
    img = ring(300, 300, 140, 160, 100, 70)
    a = assert_valid_output(preprocess(img))
    b = assert_valid_output(preprocess(1.0 - img))
    c = assert_valid_output(preprocess((255 - img * 255).astype(np.uint8)))
    assert np.abs(a - b).max() < 1e-4
    assert np.abs(a - c).mean() < 0.01


def test_rgb_and_rgba_inputs():
    img = ring(200, 200, 100, 100, 70, 50)
    reference = assert_valid_output(preprocess(img))
    rgb = np.repeat(((1 - img) * 255).astype(np.uint8)[:, :, None], 3, axis=2)  # black on white
    assert np.abs(assert_valid_output(preprocess(rgb)) - reference).mean() < 0.01
    colour = np.zeros((200, 200, 3), dtype=np.uint8)
    colour[..., 2] = (img * 255).astype(np.uint8)  # blue ink on black
    assert np.abs(assert_valid_output(preprocess(colour)) - reference).mean() < 0.01
    rgba = np.zeros((200, 200, 4), dtype=np.uint8)  # black ink, transparent paper
    rgba[..., 3] = (img * 255).astype(np.uint8)
    assert np.abs(assert_valid_output(preprocess(rgba)) - reference).mean() < 0.01
    assert np.abs(assert_valid_output(preprocess(rgba.astype(np.float32) / 255))
                  - reference).mean() < 0.01


@pytest.mark.parametrize(
    "picture",
    [
        np.zeros((280, 280), dtype=np.uint8),
        np.full((280, 280), 255, dtype=np.uint8),
        np.full((100, 120), 0.5, dtype=np.float32),
        np.full((50, 50, 3), 128, dtype=np.uint8),
        np.zeros((50, 50, 4), dtype=np.uint8),  # fully transparent
    ],
    ids=["black", "white", "grey", "grey-rgb", "transparent"],
)
def test_blank_pictures_give_none(picture):
    assert preprocess(picture) is None
    assert plain_resize(picture) is None


def test_noise_only_gives_none():
    rng = np.random.default_rng(0)
    assert preprocess(rng.random((300, 300))) is None
    assert preprocess(np.clip(0.5 + 0.1 * rng.standard_normal((400, 400)), 0, 1)) is None
    assert preprocess(np.clip(0.1 + 0.03 * rng.standard_normal((280, 280)), 0, 1)) is None
    salt = np.zeros((300, 300), dtype=np.float32)
    salt[rng.integers(0, 300, 20), rng.integers(0, 300, 20)] = 1.0
    assert preprocess(salt) is None


def test_noisy_photo_of_digit_is_found():
    rng = np.random.default_rng(2)
    digit = ring(240, 240, 120, 120, 80, 55)
    photo = np.clip(0.8 - 0.6 * digit + 0.03 * rng.standard_normal(digit.shape), 0, 1)
    out = assert_valid_output(preprocess(photo))
    reference = assert_valid_output(preprocess(digit))
    assert np.abs(out - reference).mean() < 0.03


def test_thin_vertical_bar_stays_thin():
    img = np.zeros((300, 300), dtype=np.float32)
    img[50:250, 145:152] = 1.0  # a '1': 200 tall, 7 wide
    out = assert_valid_output(preprocess(img))
    h, w = bbox_size(out)
    assert h == 20
    assert w <= 2
    assert_centred(out)


def test_one_pixel_high_line():
    img = np.zeros((60, 300), dtype=np.float32)
    img[30, 20:280] = 1.0
    out = assert_valid_output(preprocess(img))
    h, w = bbox_size(out)
    assert (h, w) == (1, 20)
    assert_centred(out)


def test_single_dot_is_no_digit():
    img = np.zeros((28, 28), dtype=np.uint8)
    img[5, 5] = 255
    assert preprocess(img) is None


def test_tiny_picture_with_ink_everywhere():
    out = preprocess(np.ones((3, 3), dtype=np.float32))
    # All ink, no background: it cannot be told from a blank picture.
    assert out is None or out.shape == (28, 28)


def test_mnist_like_input_is_a_fixed_point():
    # A 20 px tall, already centred digit with a full-intensity stroke: as an
    # MNIST image, it must come out unchanged.
    core = ring(20, 20, 9.5, 9.5, 7.5, 4.5)
    core[12:20, 14:17] = 1.0  # a tail, so the centre of mass is not on a half pixel
    core /= core.max()
    assert max(bbox_size(core)) == 20
    cy, cx = centre_of_mass(core)
    top, left = int(np.floor(14 - cy + 0.5)), int(np.floor(14 - cx + 0.5))
    digit = np.zeros((28, 28), dtype=np.float32)
    digit[top:top + 20, left:left + 20] = core
    out = assert_valid_output(preprocess(digit))
    np.testing.assert_allclose(out, digit, atol=1e-5)
    out_u8 = assert_valid_output(preprocess(np.round(digit * 255).astype(np.uint8)))
    assert np.abs(out_u8 - digit).max() < 0.01


def test_preprocess_steps_and_plain_resize():
    img = ring(200, 300, 60, 60, 40, 28)
    steps = preprocess_steps(img)
    assert isinstance(steps, PreprocessSteps)
    assert steps.gray is not None and steps.gray.shape == (200, 300)
    assert steps.normalized is not None and steps.normalized.shape == (200, 300)
    assert steps.cropped is not None and max(steps.cropped.shape) < 200
    assert steps.scaled is not None and max(steps.scaled.shape) == 20
    np.testing.assert_array_equal(steps.centered, preprocess(img))
    plain = plain_resize(img)
    assert plain is not None and plain.shape == (28, 28) and plain.dtype == np.float32
    # The naive resize leaves the digit small and off-centre.
    assert max(bbox_size(plain, 0.1)) <= 16
    cy, cx = centre_of_mass(plain)
    assert abs(cy - CENTRE) > 3 and abs(cx - CENTRE) > 3
    blank = preprocess_steps(np.zeros((10, 10)))
    assert blank.gray is not None and blank.cropped is None and blank.centered is None


# --------------------------------------------------------------------------- stroke thickness
def _ring(size: int, width: float) -> np.ndarray:
    """A '0'-like ring of the given stroke width, white on black."""
    yy, xx = np.mgrid[0:size, 0:size]
    r = np.hypot(yy - size / 2, (xx - size / 2) * 1.4)
    outer = size / 2 - 2
    return ((r <= outer) & (r >= outer - width)).astype(np.float32)


def test_stroke_width_ratio_tracks_width() -> None:
    thin, mid, bold = (prep_module.stroke_width_ratio(_ring(200, w)) for w in (6, 26, 60))
    assert thin < mid < bold
    assert 0.1 < mid < 0.2
    assert prep_module.stroke_width_ratio(np.zeros((10, 10))) is None


def test_normalize_thickness_thins_bold_thickens_hairline_keeps_normal() -> None:
    bold = _ring(200, 70)
    hair = _ring(400, 2)
    normal = _ring(200, 26)
    assert prep_module.stroke_width_ratio(bold) > 0.27
    assert prep_module.stroke_width_ratio(hair) < 0.07
    out_bold = prep_module.normalize_thickness(bold)
    out_hair = prep_module.normalize_thickness(hair)
    assert 0.12 < prep_module.stroke_width_ratio(out_bold) < prep_module.stroke_width_ratio(bold)
    assert prep_module.stroke_width_ratio(hair) < prep_module.stroke_width_ratio(out_hair) < 0.2
    assert np.array_equal(prep_module.normalize_thickness(normal), normal)


def test_normalize_thickness_never_erases_a_digit() -> None:
    blob = np.ones((40, 30), np.float32)  # solid block: 'bold' by any measure
    out = prep_module.normalize_thickness(blob)
    assert (out > 0.5).sum() > 0


@pytest.mark.parametrize("size,width", [(28, 3), (100, 14), (300, 40)])
def test_preprocess_picture_leaves_mnist_like_digits_alone(size: int, width: int) -> None:
    g = _ring(size, width)
    assert 0.07 <= prep_module.stroke_width_ratio(g) <= 0.27
    np.testing.assert_array_equal(prep_module.preprocess_picture(g), prep_module.preprocess(g))


def test_preprocess_picture_bold_scan_becomes_thinner() -> None:
    scan = 1.0 - _ring(192, 64)  # dark bold ink on white, like a 1-bit scan
    plain = prep_module.preprocess(scan)
    fixed = prep_module.preprocess_picture(scan)
    assert fixed is not None and plain is not None
    assert (fixed > 0.5).sum() < (plain > 0.5).sum()
