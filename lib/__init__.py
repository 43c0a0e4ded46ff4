"""The library behind *Why does deep learning work? — the executable book*.

One module per idea, in the order the chapters need them:

- :mod:`lib.groups`: matrix Lie groups GL(n), O(n), SO(n), Aff(n): dimension, basis, exp, log.
- :mod:`lib.figures`: figures in an intrinsic space, as samples; rasterizing to images and back.
- :mod:`lib.paper`: the paper's own shapes and constants (Figure 3), defined once.
- :mod:`lib.stabilizers`: the stabilizer Lie algebra of a figure, numeric and exact; orbit dimensions.
- :mod:`lib.pixel_groups`: finite groups permuting pixels (D4), their orbits and stabilizers.
- :mod:`lib.landscape`: loss landscapes of flats (Figure 2(b)), Langevin dynamics, Gibbs odds.
- :mod:`lib.walks`: random walks on GL(2), hitting times, tube volumes, power-law fits.
- :mod:`lib.autoencoder`: sigmoid autoencoders with weight decay and KL sparsity, and their stacks.
- :mod:`lib.images`: natural image patches, whitening, synthetic figures.
- :mod:`lib.gabor`: Gabor functions and Gabor fits of filters.
- :mod:`lib.shadow`: images as figures, the maps a network induces on them, function stabilizers.
- :mod:`lib.moduli`: segments as points of R^4 and the shapes generalized edges sweep.
- :mod:`lib.plotting`: one figure style for the whole book.
- :mod:`lib.widgets`: interactive explorers, each with a static figure for the website.
- :mod:`lib.experiments`: results over many seeds, reported as bands (median [range]).
- :mod:`lib.ledger`: the claim ledger as data: every claim, its verdict, its link of the argument.
- :mod:`lib.checks`: the exercises' checks, one module per chapter.
"""

__version__ = "0.1.0"
