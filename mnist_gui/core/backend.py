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
