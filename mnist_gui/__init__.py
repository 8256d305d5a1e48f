"""MNIST GUI: draw digits, train a convolutional network, explore its errors."""
from __future__ import annotations

import os

__version__ = "1.0.0"
APP_NAME = "MNIST Digit Studio"

# TensorFlow's C++ start-up chatter is noise for users; real problems still surface as errors.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
