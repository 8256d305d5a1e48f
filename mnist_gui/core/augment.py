"""Batch augmentation that models how real pens and scanners differ from MNIST (numpy only).

Every operation works on a whole batch ``(B, 28, 28)`` of float32 pictures (white ink on black,
0..1) at once, so augmenting costs a small fraction of a training step. The steps, in the order
:func:`augment_batch` applies them:

1. **thickness**: bold (grey dilation, +1 or +2 px) or thin (grey erosion), as with a felt pen
   or a fine pencil, a dark or a light scan;
2. **binarise**: a hard threshold at a random level, as a 1-bit scanner or fax does;
3. **geometry**: rotation, slant (shear), aspect-ratio squeeze/stretch and an elastic
   distortion (a smooth random displacement field), sampled bilinearly in one pass;
4. **renormalise**: the result is put back into MNIST's frame (larger side 20 px, centre of mass
   at the centre), because every real input passes through :func:`core.preprocess.preprocess`
   before the network sees it: a stretched digit must be seen the way the app will show it;
5. **blur**: a light Gaussian blur, as an out-of-focus photo or a soft scan.

No Qt and no SciPy: shifted-array maxima/minima for morphology, a coarse random grid upsampled
bilinearly for the elastic field.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

SIZE = 28
BOX = 20.0


@dataclass(frozen=True)
class AugmentConfig:
    """Probabilities and ranges of each augmentation (each applied per sample)."""

    p_geometry: float = 0.9
    rotate_deg: float = 12.0
    shear: float = 0.3  # x += shear * y (slant), uniform in +-shear
    aspect: float = 0.35  # log-uniform horizontal stretch factor in [1/(1+a), 1+a]
    p_stretch: float = 0.08  # chance of a strong stretch (size-normalised scans: a digit filling a box)
    p_elastic: float = 0.4
    elastic_px: float = 1.6  # displacement amplitude in pixels
    p_bold: float = 0.25
    p_thin: float = 0.15
    p_binarize: float = 0.15
    p_blur: float = 0.12

    def to_dict(self) -> dict[str, float]:
        return asdict(self)


GEOMETRIC = AugmentConfig(p_geometry=0.9, rotate_deg=10.0, shear=0.2, aspect=0.2, p_stretch=0.0, p_elastic=0.4,
                          elastic_px=1.6, p_bold=0.0, p_thin=0.0, p_binarize=0.0, p_blur=0.0)
"""Shape only (rotation, slant, aspect, elastic), no pen or scanner styles: what the Train tab's
augmented runs use, since they are measured on MNIST's own test digits."""


def _shift(x: np.ndarray, dy: int, dx: int) -> np.ndarray:
    """Shift a batch by (dy, dx) pixels, filling with zeros."""
    out = np.zeros_like(x)
    h, w = x.shape[1:]
    ys, yd = (slice(0, h - dy), slice(dy, h)) if dy >= 0 else (slice(-dy, h), slice(0, h + dy))
    xs, xd = (slice(0, w - dx), slice(dx, w)) if dx >= 0 else (slice(-dx, w), slice(0, w + dx))
    out[:, yd, xd] = x[:, ys, xs]
    return out


_CROSS = [(0, 1), (0, -1), (1, 0), (-1, 0)]
_SQUARE2 = [(0, 1), (1, 0), (1, 1)]


def dilate(x: np.ndarray, offsets: list[tuple[int, int]] = _CROSS) -> np.ndarray:
    """Grey dilation of a batch: the maximum over the pixel and its shifted neighbours."""
    out = x.copy()
    for dy, dx in offsets:
        np.maximum(out, _shift(x, dy, dx), out=out)
    return out


def erode(x: np.ndarray, offsets: list[tuple[int, int]] = _SQUARE2) -> np.ndarray:
    """Grey erosion of a batch: the minimum over the pixel and its shifted neighbours."""
    out = x.copy()
    for dy, dx in offsets:
        np.minimum(out, _shift(x, dy, dx), out=out)
    return out


def blur(x: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    """Per-sample Gaussian blur with a 5-tap separable kernel; ``sigma`` has shape (B,)."""
    taps = np.arange(-2, 3, dtype=np.float32)
    k = np.exp(-0.5 * (taps[None, :] / np.maximum(sigma[:, None], 1e-3)) ** 2)
    k /= k.sum(axis=1, keepdims=True)
    pad = np.pad(x, ((0, 0), (2, 2), (2, 2)))
    h, w = x.shape[1:]
    rows = sum(k[:, i, None, None] * pad[:, :, i:i + w] for i in range(5))
    return sum(k[:, i, None, None] * rows[:, i:i + h, :] for i in range(5)).astype(np.float32)


def _bilinear(x: np.ndarray, sy: np.ndarray, sx: np.ndarray) -> np.ndarray:
    """Sample each picture of the batch at (sy, sx) (shape (B, H, W)); zeros outside."""
    b, h, w = x.shape
    pad = np.pad(x, ((0, 0), (1, 1), (1, 1)))
    sy = np.clip(sy + 1.0, 0.0, h + 0.999)
    sx = np.clip(sx + 1.0, 0.0, w + 0.999)
    y0 = np.floor(sy).astype(np.int32)
    x0 = np.floor(sx).astype(np.int32)
    fy = (sy - y0).astype(np.float32)
    fx = (sx - x0).astype(np.float32)
    y1 = np.minimum(y0 + 1, h + 1)
    x1 = np.minimum(x0 + 1, w + 1)
    bi = np.arange(b)[:, None, None]
    top = pad[bi, y0, x0] * (1 - fx) + pad[bi, y0, x1] * fx
    bot = pad[bi, y1, x0] * (1 - fx) + pad[bi, y1, x1] * fx
    return (top * (1 - fy) + bot * fy).astype(np.float32)


def _smooth_field(rng: np.random.Generator, b: int, amp: np.ndarray, grid: int = 4) -> np.ndarray:
    """A smooth random displacement field (B, 28, 28): random values on a coarse grid, upsampled."""
    coarse = rng.standard_normal((b, grid, grid)).astype(np.float32)
    pos = np.linspace(0, grid - 1, SIZE, dtype=np.float32)
    i0 = np.clip(np.floor(pos).astype(int), 0, grid - 2)
    f = pos - i0
    rows = coarse[:, i0, :] * (1 - f)[None, :, None] + coarse[:, i0 + 1, :] * f[None, :, None]
    field = rows[:, :, i0] * (1 - f)[None, None, :] + rows[:, :, i0 + 1] * f[None, None, :]
    return field * amp[:, None, None]


def warp(x: np.ndarray, rng: np.random.Generator, cfg: AugmentConfig, mask: np.ndarray) -> np.ndarray:
    """Rotation, shear, aspect change and elastic distortion for the samples where ``mask``."""
    b = x.shape[0]
    theta = np.deg2rad(rng.uniform(-cfg.rotate_deg, cfg.rotate_deg, b))
    shear = rng.uniform(-cfg.shear, cfg.shear, b)
    a = np.exp(rng.uniform(-np.log1p(cfg.aspect), np.log1p(cfg.aspect), b))
    strong = rng.random(b) < cfg.p_stretch
    a = np.where(strong, rng.uniform(1.3, 1.8, b), a)  # wide, as size-normalised boxes make them
    # forward map (about the centre): p' = R @ S @ A @ p, with A = diag(a, 1), S = [[1, shear], [0, 1]]
    c, s = np.cos(theta), np.sin(theta)
    m00, m01 = c * a, c * shear - s
    m10, m11 = s * a, s * shear + c
    det = m00 * m11 - m01 * m10
    i00, i01, i10, i11 = m11 / det, -m01 / det, -m10 / det, m00 / det
    ctr = (SIZE - 1) / 2.0
    gy, gx = np.mgrid[0:SIZE, 0:SIZE].astype(np.float32)
    dy, dx = gy[None] - ctr, gx[None] - ctr
    sx = i00[:, None, None] * dx + i01[:, None, None] * dy + ctr
    sy = i10[:, None, None] * dx + i11[:, None, None] * dy + ctr
    amp = np.where(rng.random(b) < cfg.p_elastic, cfg.elastic_px, 0.0).astype(np.float32)
    sx = sx + _smooth_field(rng, b, amp)
    sy = sy + _smooth_field(rng, b, amp)
    ident = ~mask
    sx[ident] = gx
    sy[ident] = gy
    return _bilinear(x, sy, sx)


def renormalize(x: np.ndarray, threshold: float = 0.1) -> np.ndarray:
    """Put every picture back into MNIST's frame: larger ink side 20 px, centre of mass at 14.

    The same frame as :func:`core.preprocess.preprocess` produces (bilinear instead of area
    resampling); a blank picture stays blank.
    """
    b, h, w = x.shape
    ink = x > threshold
    rows, cols = ink.any(axis=2), ink.any(axis=1)
    has = rows.any(axis=1)
    top = np.argmax(rows, axis=1)
    bottom = h - np.argmax(rows[:, ::-1], axis=1)
    left = np.argmax(cols, axis=1)
    right = w - np.argmax(cols[:, ::-1], axis=1)
    extent = np.maximum(np.maximum(bottom - top, right - left), 1).astype(np.float32)
    scale = np.where(has, BOX / extent, 1.0).astype(np.float32)
    mass = x.sum(axis=(1, 2)) + 1e-6
    gy, gx = np.mgrid[0:h, 0:w].astype(np.float32)
    cy = (x * gy).sum(axis=(1, 2)) / mass
    cx = (x * gx).sum(axis=(1, 2)) / mass
    # the centre of mass of the scaled picture goes to 14 (as center_by_mass does)
    sy = (gy[None] - 14.0) / scale[:, None, None] + cy[:, None, None]
    sx = (gx[None] - 14.0) / scale[:, None, None] + cx[:, None, None]
    out = _bilinear(x, sy, sx)
    if scale.min() < 1.0:
        # shrinking by bilinear sampling thins strokes: restore the peak
        peak = out.max(axis=(1, 2), keepdims=True)
        out = np.where(peak > 0, out / np.maximum(peak, 1e-6), out)
    out[~has] = x[~has]
    return np.clip(out, 0.0, 1.0)


def augment_batch(x: np.ndarray, rng: np.random.Generator, cfg: AugmentConfig | None = None) -> np.ndarray:
    """Augment a batch of pictures (uint8 0..255 or float 0..1, (B, 28, 28)); returns float32 0..1.

    Each sample draws its own augmentations (see the module doc for the order).
    """
    cfg = cfg or AugmentConfig()
    x = np.asarray(x)
    x = x.astype(np.float32) / 255.0 if x.dtype == np.uint8 else x.astype(np.float32, copy=True)
    b = x.shape[0]
    if b == 0:
        return x
    u = rng.random(b)
    bold = u < cfg.p_bold
    thin = (u >= cfg.p_bold) & (u < cfg.p_bold + cfg.p_thin)
    if bold.any():
        very = bold & (rng.random(b) < 0.5)
        thick = dilate(x[bold], _SQUARE2)
        thick2 = dilate(x[bold], _CROSS)
        x[bold] = np.where(very[bold][:, None, None], thick2, thick)
    if thin.any():
        t = erode(x[thin])
        peak = t.max(axis=(1, 2), keepdims=True)
        ok = peak[:, 0, 0] > 0.3  # never erase a digit
        t = np.where(peak > 0, t / np.maximum(peak, 1e-6), t)
        sub = x[thin]
        sub[ok] = t[ok]
        x[thin] = sub
    binar = rng.random(b) < cfg.p_binarize
    if binar.any():
        level = rng.uniform(0.25, 0.6, int(binar.sum())).astype(np.float32)
        x[binar] = (x[binar] > level[:, None, None]).astype(np.float32)
    geo = rng.random(b) < cfg.p_geometry
    if geo.any():
        x = warp(x, rng, cfg, geo)
        x[geo] = renormalize(x[geo])
    blurred = rng.random(b) < cfg.p_blur
    if blurred.any():
        x[blurred] = blur(x[blurred], rng.uniform(0.4, 0.8, int(blurred.sum())).astype(np.float32))
    return np.clip(x, 0.0, 1.0, out=x)
