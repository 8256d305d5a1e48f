"""Qt-free core: data, preprocessing, networks, training, evaluation, model files."""
