"""Style augmentation of core.augment: shapes, ranges, determinism, and what each step does."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from mnist_gui.core import augment
from tests.synthetic import glyphs

NONE = augment.AugmentConfig(p_geometry=0, p_elastic=0, p_bold=0, p_thin=0, p_binarize=0, p_blur=0)


def batch() -> np.ndarray:
    return glyphs().astype(np.float32) / 255.0


def ink(x: np.ndarray) -> np.ndarray:
    return (x > 0.5).sum(axis=(1, 2))


def test_shape_dtype_range_and_uint8_input() -> None:
    out = augment.augment_batch(glyphs(), np.random.default_rng(0))
    assert out.shape == (10, 28, 28) and out.dtype == np.float32
    assert np.isfinite(out).all() and out.min() >= 0 and out.max() <= 1


def test_same_seed_same_pictures_other_seed_other_pictures() -> None:
    a = augment.augment_batch(batch(), np.random.default_rng(3))
    b = augment.augment_batch(batch(), np.random.default_rng(3))
    c = augment.augment_batch(batch(), np.random.default_rng(4))
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)


def test_nothing_enabled_changes_nothing_and_input_is_not_modified() -> None:
    x = batch()
    keep = x.copy()
    out = augment.augment_batch(x, np.random.default_rng(0), NONE)
    assert np.array_equal(out, keep) and np.array_equal(x, keep)


def test_bold_adds_ink_thin_removes_it_but_never_all() -> None:
    x = batch()
    bold = augment.augment_batch(x, np.random.default_rng(0), replace(NONE, p_bold=1.0))
    thin = augment.augment_batch(x, np.random.default_rng(0), replace(NONE, p_thin=1.0))
    assert (ink(bold) > ink(x)).all()
    assert (ink(thin) <= ink(x)).all() and (ink(thin) < ink(x)).any()
    assert (thin.max(axis=(1, 2)) > 0.3).all()


def test_binarize_gives_two_levels() -> None:
    out = augment.augment_batch(batch(), np.random.default_rng(0), replace(NONE, p_binarize=1.0))
    assert set(np.unique(out)) <= {0.0, 1.0}


def test_blur_spreads_ink_and_keeps_mass() -> None:
    x = batch()
    out = augment.augment_batch(x, np.random.default_rng(0), replace(NONE, p_blur=1.0))
    assert ((out > 0.05).sum(axis=(1, 2)) > (x > 0.05).sum(axis=(1, 2))).all()
    np.testing.assert_allclose(out.sum(axis=(1, 2)), x.sum(axis=(1, 2)), rtol=0.05)


def test_geometry_renormalises_into_mnist_frame() -> None:
    cfg = replace(NONE, p_geometry=1.0, p_elastic=1.0, p_stretch=0.5)
    out = augment.augment_batch(batch(), np.random.default_rng(1), cfg)
    for img in out:
        ys, xs = np.nonzero(img > 0.1)
        extent = max(ys.max() - ys.min() + 1, xs.max() - xs.min() + 1)
        assert 18 <= extent <= 22
        m = img.sum()
        cy = (img.sum(axis=1) @ np.arange(28)) / m
        cx = (img.sum(axis=0) @ np.arange(28)) / m
        assert abs(cy - 14) < 1.0 and abs(cx - 14) < 1.0


def test_blank_pictures_stay_blank() -> None:
    x = np.zeros((4, 28, 28), np.float32)
    cfg = augment.AugmentConfig(p_geometry=1, p_bold=0.5, p_thin=0.5, p_binarize=1, p_blur=1)
    assert not augment.augment_batch(x, np.random.default_rng(0), cfg).any()


def test_empty_batch() -> None:
    assert augment.augment_batch(np.zeros((0, 28, 28), np.uint8), np.random.default_rng(0)).shape == (0, 28, 28)


@pytest.mark.parametrize("dy,dx", [(1, 0), (-1, 0), (0, 2), (0, -2), (1, -1)])
def test_shift_moves_and_fills_with_zeros(dy: int, dx: int) -> None:
    x = np.zeros((1, 5, 5), np.float32)
    x[0, 2, 2] = 1
    out = augment._shift(x, dy, dx)
    assert out[0, 2 + dy, 2 + dx] == 1 and out.sum() == 1
