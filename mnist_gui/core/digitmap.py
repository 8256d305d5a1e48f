"""The digit map: the test digits laid out in 2-D by what the network's last hidden layer sees. No Qt.

**Features**: the input of the model's last Dense layer (its last hidden layer), found from the
model itself; for an ensemble whose members are averaged, each member's features, side by side.
A model whose last Dense layer reads the pixels directly has no hidden layer: ``DigitMapError``.

**Map**: the features are reduced to ``PCA_DIMS`` principal components and laid out with
openTSNE (PCA initialisation, perplexity 30, a shortened schedule sized so that the 10,000 test
digits take well under 30 s on two cores; ``benchmarks/digit_map.py`` measures it).

**Placing a new digit** (a drawn one): its features are projected on the same components and the
point goes to the distance-weighted mean of its ``PLACE_NEIGHBOURS`` nearest test digits' places
(openTSNE's own start for new points, without its 100 optimisation steps: a fraction of a
millisecond instead of tens). Its nearest test digits are the same neighbours.

**Cache**: one ``.npz`` per model file, named by the file's SHA-256, in the per-user cache folder;
it holds what placing a point needs, and the fingerprint of the digits it was made on. A file that
cannot be read, or was made on other digits or by another format, is ignored (and recomputed).
"""
from __future__ import annotations

import hashlib
import logging
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np

from mnist_gui.core.training import to_input

logger = logging.getLogger(__name__)

FORMAT = 1
PCA_DIMS = 50
PLACE_NEIGHBOURS = 10
PERPLEXITY = 30.0
# openTSNE's defaults are 250 + 500 iterations with 3 interpolation points: 60 s here. This
# schedule takes ~10 s for the 10,000 test digits, with the same trustworthiness (0.993 on 3,000
# of them, against 0.993 for the default schedule).
EARLY_ITERATIONS = 125  # with exaggeration 12
LATE_ITERATIONS = 175
INTERPOLATION_POINTS = 2
BATCH = 500

Progress = Callable[[int, int, str], None]
"""progress(done, total, what) with total = PROGRESS_TOTAL."""
PROGRESS_TOTAL = 1000
_FEATURES_SHARE = 400  # of PROGRESS_TOTAL
_NEIGHBOURS_SHARE = 100


class DigitMapError(ValueError):
    """The map cannot be made for this model or these digits (message for the user)."""


# --------------------------------------------------------------------------- features
def _feature_owners(model: Any) -> list[tuple[Any, Any]]:
    """[(model owning the tensor, the last hidden layer's output tensor)], one per network."""
    import keras

    layers = list(getattr(model, "layers", []))
    dense = [layer for layer in layers if isinstance(layer, keras.layers.Dense)]
    if dense:
        last = dense[-1]
        hidden = [layer for layer in layers[:layers.index(last)]
                  if layer.weights and not isinstance(layer, keras.layers.InputLayer)]
        if not hidden:
            raise DigitMapError("this model has no hidden layer: its last Dense layer reads the pixels "
                                "directly, so there are no learned features to make a map of")
        return [(model, last.input)]
    owners: list[tuple[Any, Any]] = []
    for layer in layers:
        if isinstance(layer, keras.Model):
            owners += _feature_owners(layer)
    if not owners:
        raise DigitMapError("this model has no Dense layer whose input could serve as its features")
    return owners


def _averages_members(model: Any, owners: list[tuple[Any, Any]]) -> bool:
    """The model is Input -> members -> Average of their outputs (the bundled ensemble)."""
    import keras

    members = [layer for layer in model.layers if isinstance(layer, keras.Model)]
    others = [layer for layer in model.layers if not isinstance(layer, (keras.Model, keras.layers.InputLayer))]
    return (len(members) == len(owners) and all(m is o for m, (o, _t) in zip(members, owners))
            and len(others) == 1 and isinstance(others[0], keras.layers.Average))


class FeatureProbe:
    """The features and the probabilities of a batch of digits for one model (one thread's model)."""

    def __init__(self, model: Any) -> None:
        import keras

        shape = tuple(getattr(model, "input_shape", ()) or ())
        if shape[1:] != (28, 28, 1):
            raise DigitMapError(f"this model takes {shape[1:]}; the digit map needs 28x28x1 pictures")
        owners = _feature_owners(model)
        self.model = model
        try:
            self.probes = [keras.Model(owner.inputs, [tensor, owner.outputs[0]]) for owner, tensor in owners]
        except (ValueError, AttributeError, TypeError) as e:
            raise DigitMapError(f"the features of this model cannot be read ({e})") from e
        self.averaged = len(owners) > 1 and _averages_members(model, owners)
        self.direct = len(owners) == 1 and owners[0][0] is model
        self.width = int(sum(int(t.shape[-1]) for _o, t in owners))

    def __call__(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(features (N, width) float32, probabilities (N, 10)) of prepared or uint8 digits."""
        x = to_input(x)
        feats, probs = [], []
        for probe in self.probes:
            f, p = probe.predict_on_batch(x)
            feats.append(np.asarray(f, np.float32).reshape(len(x), -1))
            probs.append(np.asarray(p, np.float32))
        if self.direct:
            prob = probs[0]
        elif self.averaged:
            prob = np.mean(probs, axis=0)
        else:
            prob = np.asarray(self.model.predict_on_batch(x), np.float32)
        return np.concatenate(feats, axis=1), prob


def features(model: Any, x: np.ndarray, *, progress: Progress | None = None,
             cancel: Any = None, probe: FeatureProbe | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Features (N, D) and predicted digits (N,) of ``x``, in batches (cancellable between them)."""
    probe = probe or FeatureProbe(model)
    feats, preds = [], []
    for start in range(0, len(x), BATCH):
        _check(cancel)
        f, p = probe(x[start:start + BATCH])
        feats.append(f)
        preds.append(np.argmax(p, axis=1).astype(np.uint8))
        if progress is not None:
            done = min(len(x), start + BATCH)
            progress(_FEATURES_SHARE * done // max(1, len(x)), PROGRESS_TOTAL, "reading the digits' features")
    if not feats:
        raise DigitMapError("there are no digits to make a map of")
    return np.concatenate(feats), np.concatenate(preds)


def _check(cancel: Any) -> None:
    if cancel is not None and (cancel.is_set() if hasattr(cancel, "is_set") else cancel()):
        raise InterruptedError("cancelled")


# --------------------------------------------------------------------------- the map
@dataclass
class DigitMap:
    """Where each test digit lies on the map, and what placing another digit needs."""

    coords: np.ndarray       # (N, 2) float32
    labels: np.ndarray       # (N,) uint8, the true digits
    predictions: np.ndarray  # (N,) uint8, the model's readings
    mean: np.ndarray         # (D,) float32: the features' mean
    basis: np.ndarray        # (D, k) float32: their principal directions
    reduced: np.ndarray      # (N, k) float32: the test digits' features on them
    model_sha256: str = ""
    data_key: str = ""
    seconds: dict[str, float] = field(default_factory=dict)  # features, embedding (when computed)
    from_cache: bool = False

    @property
    def misread(self) -> np.ndarray:
        return self.predictions != self.labels

    def project(self, feats: np.ndarray) -> np.ndarray:
        return (np.asarray(feats, np.float32).reshape(-1, len(self.mean)) - self.mean) @ self.basis

    def neighbours(self, feats: np.ndarray, k: int = PLACE_NEIGHBOURS) -> tuple[np.ndarray, np.ndarray]:
        """Indices (M, k) of the nearest test digits (nearest first) and their distances, in feature space."""
        q = self.project(feats)
        k = max(1, min(k, len(self.reduced)))
        d2 = (q * q).sum(1)[:, None] - 2 * q @ self.reduced.T + self._norms()[None, :]
        idx = np.argpartition(d2, k - 1, axis=1)[:, :k]
        part = np.take_along_axis(d2, idx, 1)
        order = np.argsort(part, axis=1)
        idx = np.take_along_axis(idx, order, 1)
        return idx, np.sqrt(np.maximum(np.take_along_axis(part, order, 1), 0))

    def place(self, feats: np.ndarray) -> np.ndarray:
        """Places (M, 2) on the map of new digits' features (M, D)."""
        idx, dist = self.neighbours(feats)
        w = 1.0 / (dist + 1e-3 * (dist.mean(axis=1, keepdims=True) + 1e-6))
        w /= w.sum(axis=1, keepdims=True)
        return (self.coords[idx] * w[..., None]).sum(axis=1).astype(np.float32)

    def inside(self, x0: float, y0: float, x1: float, y1: float) -> np.ndarray:
        """Indices of the digits inside the rectangle (any two corners), in index order."""
        xa, xb = sorted((x0, x1))
        ya, yb = sorted((y0, y1))
        c = self.coords
        return np.flatnonzero((c[:, 0] >= xa) & (c[:, 0] <= xb) & (c[:, 1] >= ya) & (c[:, 1] <= yb))

    def _norms(self) -> np.ndarray:
        norms = getattr(self, "_norm_cache", None)
        if norms is None or len(norms) != len(self.reduced):
            norms = (self.reduced * self.reduced).sum(1)
            object.__setattr__(self, "_norm_cache", norms)
        return norms

    # ------------------------------------------------------------------ file
    def save(self, path: str | Path) -> None:
        """Write it as one .npz, atomically (a temporary file renamed over)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        with open(tmp, "wb") as f:
            np.savez(f, format=np.array(FORMAT), coords=self.coords, labels=self.labels,
                     predictions=self.predictions, mean=self.mean, basis=self.basis, reduced=self.reduced,
                     model_sha256=np.array(self.model_sha256), data_key=np.array(self.data_key))
        tmp.replace(path)

    @classmethod
    def load(cls, path: str | Path) -> DigitMap:
        """Read one written by ``save``; DigitMapError if it is not one (or is damaged)."""
        try:
            with np.load(path, allow_pickle=False) as z:
                if int(z["format"]) != FORMAT:
                    raise DigitMapError(f"{path}: made by another version (format {int(z['format'])})")
                m = cls(coords=z["coords"].astype(np.float32), labels=z["labels"].astype(np.uint8),
                        predictions=z["predictions"].astype(np.uint8), mean=z["mean"].astype(np.float32),
                        basis=z["basis"].astype(np.float32), reduced=z["reduced"].astype(np.float32),
                        model_sha256=str(z["model_sha256"]), data_key=str(z["data_key"]), from_cache=True)
        except DigitMapError:
            raise
        except (OSError, KeyError, ValueError, TypeError, EOFError, zipfile.BadZipFile) as e:
            raise DigitMapError(f"{path}: not a readable digit map ({e})") from e
        n, k = len(m.labels), m.basis.shape[1] if m.basis.ndim == 2 else -1
        if (m.coords.shape != (n, 2) or m.predictions.shape != (n,) or m.reduced.shape != (n, k)
                or m.mean.shape != (m.basis.shape[0],) or not np.isfinite(m.coords).all()):
            raise DigitMapError(f"{path}: its arrays do not fit together")
        return m


def data_key(x: np.ndarray, y: np.ndarray) -> str:
    """A fingerprint of the digits a map is made on."""
    h = hashlib.sha256()
    h.update(np.ascontiguousarray(x).tobytes())
    h.update(np.ascontiguousarray(y).astype(np.uint8).tobytes())
    return h.hexdigest()[:32]


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def cache_path(model_sha256: str) -> Path:
    from mnist_gui.paths import user_cache_dir

    return user_cache_dir() / "digit-map" / f"{model_sha256}.npz"


def load_cached(model_sha256: str, key: str) -> DigitMap | None:
    """The cached map of that model file on those digits, or None (missing, damaged or other digits)."""
    path = cache_path(model_sha256)
    if not path.exists():
        return None
    try:
        m = DigitMap.load(path)
    except DigitMapError as e:
        logger.warning("ignoring the cached digit map: %s", e)
        return None
    if m.data_key != key or m.model_sha256 != model_sha256:
        logger.info("the cached digit map %s was made on other digits; recomputing", path)
        return None
    return m


def _pca(feats: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    mean = feats.mean(axis=0)
    centred = feats - mean
    k = max(2, min(k, feats.shape[1], len(feats) - 1))
    # the covariance's eigenvectors: (D, D) with D a few hundred, much cheaper than an SVD of (N, D)
    cov = centred.T.astype(np.float64) @ centred.astype(np.float64) / max(1, len(feats) - 1)
    vals, vecs = np.linalg.eigh(cov)
    basis = vecs[:, ::-1][:, :k].astype(np.float32)
    return mean.astype(np.float32), basis, (centred @ basis).astype(np.float32)


def embed(reduced: np.ndarray, *, progress: Progress | None = None, cancel: Any = None,
          seed: int = 0, n_jobs: int = 2) -> np.ndarray:
    """openTSNE of the reduced features (N, k) -> (N, 2), cancellable between its steps."""
    from openTSNE import TSNEEmbedding, affinity, initialization
    from openTSNE.tsne import OptimizationInterrupt

    n = len(reduced)
    if n < 4:
        raise DigitMapError(f"a map needs at least 4 digits, not {n}")
    perplexity = min(PERPLEXITY, (n - 1) / 3.0)
    _check(cancel)
    aff = affinity.PerplexityBasedNN(reduced, perplexity=perplexity, n_jobs=n_jobs, random_state=seed,
                                     method="annoy" if n > 1000 else "exact")
    _check(cancel)
    base = _FEATURES_SHARE + _NEIGHBOURS_SHARE
    if progress is not None:
        progress(base, PROGRESS_TOTAL, "laying the map out")
    init = initialization.pca(reduced, random_state=seed)
    total = EARLY_ITERATIONS + LATE_ITERATIONS
    done = [0]

    def callback(iteration: int, error: float, embedding: Any) -> bool:
        if progress is not None:
            it = done[0] + iteration
            progress(base + (PROGRESS_TOTAL - base) * it // total, PROGRESS_TOTAL, "laying the map out")
        return bool(cancel is not None and (cancel.is_set() if hasattr(cancel, "is_set") else cancel()))

    # FFT gradients for large maps, Barnes-Hut for small ones (where the FFT grid costs the most)
    emb = TSNEEmbedding(init, aff, n_jobs=n_jobs, random_state=seed,
                        negative_gradient_method="fft" if n >= 5000 else "bh",
                        n_interpolation_points=INTERPOLATION_POINTS)
    try:
        emb = emb.optimize(n_iter=EARLY_ITERATIONS, exaggeration=12, momentum=0.5, callbacks=callback,
                           callbacks_every_iters=10, propagate_exception=True)
        done[0] = EARLY_ITERATIONS
        emb = emb.optimize(n_iter=LATE_ITERATIONS, momentum=0.8, callbacks=callback,
                           callbacks_every_iters=10, propagate_exception=True)
    except OptimizationInterrupt:
        raise InterruptedError("cancelled") from None
    return np.asarray(emb, np.float32)


def compute(model: Any, x: np.ndarray, y: np.ndarray, *, model_sha256: str = "",
            progress: Progress | None = None, cancel: Any = None, seed: int = 0) -> DigitMap:
    """The map of digits (x, y) as ``model`` sees them (see the module's docstring)."""
    t0 = time.perf_counter()
    feats, preds = features(model, x, progress=progress, cancel=cancel)
    t1 = time.perf_counter()
    _check(cancel)
    mean, basis, reduced = _pca(feats, PCA_DIMS)
    coords = embed(reduced, progress=progress, cancel=cancel, seed=seed)
    t2 = time.perf_counter()
    if progress is not None:
        progress(PROGRESS_TOTAL, PROGRESS_TOTAL, "done")
    return DigitMap(coords=coords, labels=np.asarray(y, np.uint8), predictions=preds, mean=mean, basis=basis,
                    reduced=reduced, model_sha256=model_sha256, data_key=data_key(x, y),
                    seconds={"features": t1 - t0, "embedding": t2 - t1})


def compute_or_load(model: Any, x: np.ndarray, y: np.ndarray, *, model_file: str | Path | None = None,
                    progress: Progress | None = None, cancel: Any = None) -> DigitMap:
    """The cached map of ``model_file`` on these digits, else computed (and cached when from a file)."""
    sha = file_sha256(model_file) if model_file else ""
    key = data_key(x, y)
    if sha:
        cached = load_cached(sha, key)
        if cached is not None:
            return cached
    m = compute(model, x, y, model_sha256=sha, progress=progress, cancel=cancel)
    if sha:
        try:
            m.save(cache_path(sha))
        except OSError as e:
            logger.warning("could not cache the digit map: %s", e)
    return m
