"""The library behind *Why does deep learning work? — the executable book*.

Modules: :mod:`lib.groups` (matrix Lie groups), :mod:`lib.figures` (sampled
figures), :mod:`lib.stabilizers` (stabilizers, numeric, exact and finite),
:mod:`lib.autoencoder` (sigmoid autoencoders), :mod:`lib.plotting` and
:mod:`lib.widgets` (figures and explorers).
"""

__version__ = "0.1.0"
