"""Import Keras (and its TensorFlow backend) without TensorFlow's native start-up chatter.

TensorFlow's C++ runtime writes lines such as "All log messages before absl::InitializeLog()"
straight to file descriptor 2 while it is imported, whatever TF_CPP_MIN_LOG_LEVEL says. Users of
the command line should see only our own one-line messages, so the import runs with fd 2
pointed at /dev/null; Python-level errors still propagate as exceptions.
"""
from __future__ import annotations

import os
import sys
import threading
from types import ModuleType

_lock = threading.Lock()


def import_keras() -> ModuleType:
    """Import and return ``keras``, silencing native stderr output during the import."""
    with _lock:
        if "keras" in sys.modules:
            return sys.modules["keras"]
        try:
            saved = os.dup(2)
        except OSError:  # no stderr at all (windowed build)
            import keras

            return keras
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            sys.stderr.flush() if sys.stderr is not None else None
            os.dup2(devnull, 2)
            import keras

            keras.ops.convert_to_tensor([0.0])  # initialises the backend runtime, also chatty
            return keras
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            os.close(devnull)


_frozen = False


def freeze_imported_objects() -> bool:
    """Take everything allocated so far out of the cyclic garbage collector's sight, once.

    Once Keras and TensorFlow are imported the process holds over 300,000 objects the collector
    tracks, nearly all of them modules, classes and functions that live as long as the process.
    A full collection walks all of them: 120-170 ms here, during which no other Python thread
    runs, so the window freezes whenever one happens (after a model is replaced, and at random
    as objects accumulate). ``gc.freeze`` moves them to a permanent generation that collections
    skip: a full collection then takes 2-7 ms, and objects created afterwards (models, their
    layers) are collected as before. Call it right after importing Keras, before any model is
    built (a frozen model would never be collected).

    Returns:
        True if this call froze (False: already done).
    """
    global _frozen
    import gc

    with _lock:
        if _frozen:
            return False
        gc.freeze()
        _frozen = True
        return True
