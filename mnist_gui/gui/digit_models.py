"""Item models for grids of MNIST digits (Dataset and Errors tabs).

A :class:`DigitSource` glues one or more image arrays (the train and test splits) into one
"global" index space: 0..59,999 are the training digits, 60,000..69,999 the test digits.
:class:`DigitListModel` shows a selection of those digits; its rows are a numpy array of global
indices, so filtering by split or label means handing it a new index array (a numpy mask over
70,000 labels takes well under a millisecond) instead of running a proxy model over every row.

Thumbnails (``DecorationRole``) are made only when a view asks for them, which a ``QListView``
with uniform item sizes does only for the rows it paints, and kept in a small LRU cache keyed by
the global index, so the cache survives re-filtering. Digits keep the MNIST look: white ink on
black.
"""
from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any, Sequence

import numpy as np
from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QImage

from mnist_gui.gui.qimages import gray_qimage
from mnist_gui.gui.percent import number, percent


logger = logging.getLogger(__name__)

# Custom roles (Qt.UserRole = 256).
IndexRole = int(Qt.ItemDataRole.UserRole) + 1
"""int: global index into the :class:`DigitSource`."""
SplitRole = IndexRole + 1
"""str: name of the split the digit belongs to ("train" / "test")."""
SplitIndexRole = IndexRole + 2
"""int: index of the digit within its split."""
LabelRole = IndexRole + 3
"""int: the true label 0..9."""
PredictionRole = IndexRole + 4
"""int | None: the network's prediction, when the model has predictions."""
ConfidenceRole = IndexRole + 5
"""float | None: the network's probability for its prediction."""
ImageRole = IndexRole + 6
"""numpy.ndarray: the 28x28 uint8 image (a read-only view)."""

DEFAULT_CACHE_SIZE = 4096

_ITEM_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
_NO_FLAGS = Qt.ItemFlag.NoItemFlags


digit_qimage = gray_qimage  # the name the item models and their tests use


class DigitSource:
    """Several (images, labels) splits seen as one array of digits.

    Args:
        parts: ``(name, images (N, 28, 28) uint8, labels (N,))`` per split, in order.
    """

    def __init__(self, parts: Sequence[tuple[str, np.ndarray, np.ndarray]]) -> None:
        if not parts:
            raise ValueError("a digit source needs at least one split")
        self.names = [str(p[0]) for p in parts]
        self.images = [p[1] for p in parts]
        self.split_labels = [np.asarray(p[2]) for p in parts]
        for name, x, y in zip(self.names, self.images, self.split_labels):
            if x.ndim != 3 or len(x) != len(y):
                raise ValueError(f"split {name!r}: {x.shape} images do not match {y.shape} labels")
        sizes = [len(y) for y in self.split_labels]
        self.offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        self.labels = np.concatenate(self.split_labels).astype(np.int64)

    @classmethod
    def from_mnist(cls, data: Any, splits: Sequence[str] = ("train", "test")) -> DigitSource:
        """The named splits of a :class:`mnist_gui.core.dataset.MnistData`."""
        return cls([(s, getattr(data, f"x_{s}"), getattr(data, f"y_{s}")) for s in splits])

    def __len__(self) -> int:
        return int(self.offsets[-1])

    def split_range(self, name: str) -> tuple[int, int]:
        """Global ``(start, stop)`` of a split."""
        i = self.names.index(name)
        return int(self.offsets[i]), int(self.offsets[i + 1])

    def locate(self, g: int) -> tuple[str, int]:
        """``(split name, index within split)`` of global index ``g``."""
        i = int(np.searchsorted(self.offsets, g, side="right")) - 1
        if g < 0 or i >= len(self.names):
            raise IndexError(f"digit {g} out of range 0..{len(self) - 1}")
        return self.names[i], int(g - self.offsets[i])

    def image(self, g: int) -> np.ndarray:
        """The 28x28 uint8 image of global index ``g``."""
        name, local = self.locate(g)
        return self.images[self.names.index(name)][local]

    def label(self, g: int) -> int:
        return int(self.labels[g])

    def select(self, split: str | None = None, label: int | None = None) -> np.ndarray:
        """Global indices (ascending) of one split (None: all) with one label (None: any)."""
        start, stop = self.split_range(split) if split else (0, len(self))
        if label is None:
            return np.arange(start, stop, dtype=np.int64)
        return start + np.flatnonzero(self.labels[start:stop] == label).astype(np.int64)

    def counts(self, split: str | None = None) -> np.ndarray:
        """(10,) number of digits of each label in one split (None: all)."""
        start, stop = self.split_range(split) if split else (0, len(self))
        return np.bincount(self.labels[start:stop], minlength=10)


class DigitListModel(QAbstractListModel):
    """A flat list of digits: row ``r`` shows global digit ``rows()[r]`` of a :class:`DigitSource`.

    Optional per-digit predictions (arrays over the whole source) add the prediction and
    confidence roles, shown by the errors grid's captions.

    Args:
        cache_size: number of thumbnails kept (least recently used are dropped).
    """

    def __init__(self, parent: Any = None, *, cache_size: int = DEFAULT_CACHE_SIZE) -> None:
        super().__init__(parent)
        self._source: DigitSource | None = None
        self._rows = np.zeros(0, dtype=np.int64)
        self._pred: np.ndarray | None = None
        self._conf: np.ndarray | None = None
        self._cache: OrderedDict[int, QImage] = OrderedDict()
        self.cache_size = int(cache_size)
        self.thumbnails_made = 0  # for tests and benchmarks: how many thumbnails were rendered

    # ------------------------------------------------------------------ content
    def source(self) -> DigitSource | None:
        return self._source

    def rows(self) -> np.ndarray:
        """The global indices shown, in row order (a copy)."""
        return self._rows.copy()

    def set_source(self, source: DigitSource | None, rows: np.ndarray | None = None, *,
                   predictions: np.ndarray | None = None, confidence: np.ndarray | None = None) -> None:
        """Show ``rows`` (default: every digit) of ``source``; clears the thumbnail cache.

        Args:
            source: the digits (None: empty model).
            rows: global indices to show, in order.
            predictions: (len(source),) predicted labels, or None.
            confidence: (len(source),) probability of the prediction, or None.
        """
        self.beginResetModel()
        self._source = source
        self._cache.clear()
        n = len(source) if source is not None else 0
        for name, arr in (("predictions", predictions), ("confidence", confidence)):
            if arr is not None and len(arr) != n:
                raise ValueError(f"{name} has {len(arr)} entries for {n} digits")
        self._pred = None if predictions is None else np.asarray(predictions).astype(np.int64)
        self._conf = None if confidence is None else np.asarray(confidence, dtype=np.float32)
        self._rows = self._checked_rows(np.arange(n, dtype=np.int64) if rows is None else rows)
        self.endResetModel()

    def set_rows(self, rows: np.ndarray) -> None:
        """Show other digits of the same source (the thumbnail cache is kept)."""
        rows = self._checked_rows(rows)
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def _checked_rows(self, rows: np.ndarray) -> np.ndarray:
        rows = np.asarray(rows, dtype=np.int64).reshape(-1)
        n = len(self._source) if self._source is not None else 0
        if rows.size and (rows.min() < 0 or rows.max() >= n):
            raise IndexError(f"row indices must lie in 0..{n - 1}")
        return rows.copy()

    def global_index(self, row: int) -> int:
        return int(self._rows[row])

    def row_of(self, g: int) -> int:
        """Row showing global digit ``g``, or -1."""
        hits = np.flatnonzero(self._rows == g)
        return int(hits[0]) if hits.size else -1

    # ------------------------------------------------------------- thumbnails
    def thumbnail(self, g: int) -> QImage:
        """The 28x28 QImage of global digit ``g`` (cached, LRU)."""
        img = self._cache.get(g)
        if img is not None:
            self._cache.move_to_end(g)
            return img
        assert self._source is not None
        img = digit_qimage(self._source.image(g))
        self.thumbnails_made += 1
        self._cache[g] = img
        if len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)
        return img

    def tile_data(self, row: int) -> tuple[QImage, int, int | None, float | None]:
        """(thumbnail, label, prediction, confidence) of a row in one call (the delegate's fast path)."""
        assert self._source is not None
        g = int(self._rows[row])
        pred = None if self._pred is None else int(self._pred[g])
        conf = None if self._conf is None else float(self._conf[g])
        return self.thumbnail(g), int(self._source.labels[g]), pred, conf

    def cached_count(self) -> int:
        return len(self._cache)

    # ---------------------------------------------------------------- Qt API
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else int(self._rows.size)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        return _ITEM_FLAGS if index.isValid() else _NO_FLAGS

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.column() != 0 or not 0 <= index.row() < self._rows.size:
            return None
        src = self._source
        if src is None:
            return None
        g = int(self._rows[index.row()])
        role = int(role)
        if role == Qt.ItemDataRole.DecorationRole:
            return self.thumbnail(g)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._caption(g)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(g)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._tooltip(g)
        if role == IndexRole:
            return g
        if role == LabelRole:
            return src.label(g)
        if role == SplitRole:
            return src.locate(g)[0]
        if role == SplitIndexRole:
            return src.locate(g)[1]
        if role == PredictionRole:
            return None if self._pred is None else int(self._pred[g])
        if role == ConfidenceRole:
            return None if self._conf is None else float(self._conf[g])
        if role == ImageRole:
            return src.image(g)
        return None

    def roleNames(self) -> dict[int, bytes]:
        names = dict(super().roleNames())
        names.update({IndexRole: b"index", SplitRole: b"split", SplitIndexRole: b"splitIndex",
                      LabelRole: b"label", PredictionRole: b"prediction", ConfidenceRole: b"confidence",
                      ImageRole: b"image"})
        return names

    def _caption(self, g: int) -> str:
        assert self._source is not None
        label = self._source.label(g)
        if self._pred is None:
            return str(label)
        conf = "" if self._conf is None else f"  {percent(self._conf[g], 0)}"
        return f"{label} \u2192 {int(self._pred[g])}{conf}"

    def _tooltip(self, g: int) -> str:
        assert self._source is not None
        split, local = self._source.locate(g)
        text = ((self.tr("Train #%1: label %2") if split == "train" else self.tr("Test #%1: label %2"))
                .replace("%1", number(local)).replace("%2", str(self._source.label(g))))
        if self._pred is not None:
            text += self.tr(", predicted %1").replace("%1", str(int(self._pred[g])))
            if self._conf is not None:
                text += f" ({percent(self._conf[g])})"
        return text
