"""Every exercise check faces right answers and typical mistakes.

For each check: the reference answer (the chapter's solution or its equivalent),
at least one *other* right answer (another method, or the same answer in another
form), and the typical mistakes, each of which must fail with the hint for that
mistake. The chapters' own solutions pass too: nbval re-runs them.
"""

import contextlib
import functools
import importlib
import io
import math
import re

import numpy as np
import pytest
import scipy.linalg
import scipy.ndimage
import sympy
from scipy.linalg import expm

from lib.autoencoder import SparseAutoencoder
from lib.checks import CheckFailed
from lib.groups import GL
from lib.images import natural_patches
from lib.landscape import Flats, gibbs_odds
from lib.moduli import segment_point
from lib.shadow import binary_topology, flow_constraints, function_stabilizer
from lib.stabilizers import stabilizer, tangency_constraints
from lib.paper import figure3_distances
from lib.walks import distance_to_orthogonal, fit_power, hitting_times, tube_fraction


def passes(check, *args):
    """Whether the check passes: it prints "Exercise N.k passed: ..." and returns nothing."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        value = check(*args)
    assert value is None, f"a check returns nothing, got {value!r}"
    return re.match(r"Exercise (?:\d+|P)\.\d+ passed: ", printed.getvalue()) is not None


PRIMER_8 = {"p -> 2 p": True, "(x, y) -> (x + sin y, y)": True, "(x, y) -> (x, y^3)": True,
            "(x, y) -> (x, y^2)": False, "(x, y) -> (x, 0)": False, "every map of (1 + t) p is a homeomorphism": True}


# --- what some checks are given besides the answer: small stand-ins for the chapters' data -------------------

@functools.cache
def walkers():
    """Chapter 3's starting matrices and radii."""
    candidates = GL(2).exp(0.5 * np.random.default_rng(0).standard_normal((40_000, 2, 2)))
    g0 = candidates[np.min([d(candidates) for d in figure3_distances().values()], axis=0) > 0.4][:10_000]
    return g0, np.geomspace(0.3, 0.03, 7)


def walk_slopes(n_steps, h, seed, ratio="fit"):
    g0, eps = walkers()
    hits = hitting_times(g0, figure3_distances(), eps, np.random.default_rng(seed), n_steps=n_steps, step_size=h)
    P = hits.probability()
    slopes = {name: fit_power(eps, P[i])[0] for i, name in enumerate(hits.names)}
    slopes["ratio"] = {"fit": fit_power(eps, P[0] / P[1])[0], "difference": slopes["edge"] - slopes["circle"],
                       "edge only": slopes["edge"]}[ratio]
    return slopes


@functools.cache
def tube_samples():
    return np.eye(2) + np.random.default_rng(0).uniform(-0.5, 0.5, (100_000, 2, 2)), np.geomspace(0.08, 0.25, 6)


@functools.cache
@functools.cache
def patches(whiten=True):
    return natural_patches(10_000, 8, np.random.default_rng(0), whiten=whiten)


def network(whiten=True, **settings):
    """Chapter 4's autoencoder, at the chapter's size: the 'chapter' network is network().

    A smaller stand-in (16 units, 100 iterations, 2000 patches) left the envelopes of
    whitened and raw training within one seed's spread of each other, so a right
    answer could fail on one machine's rounding; at this size they are 3-4 px apart.
    """
    options = {"n_hidden": 25, "weight_decay": 1e-4, "sparsity": 0.01, "sparsity_weight": 3.0, "max_iter": 400,
               "dtype": "float32", "random_state": 0} | settings
    return SparseAutoencoder(options.pop("n_hidden"), **options).fit(patches(whiten))


@functools.cache
def chapter_network():
    return network()


def pca_data():
    X = np.random.default_rng(0).normal(size=(200, 64))
    return X + np.linspace(0, 3, 64)  # a mean that matters: not centring changes the components


def features():
    x = np.linspace(-1, 1, 8)
    return np.array([np.tile(x, (8, 1)).ravel(), np.tanh(np.add.outer(x, 0.5 * x) / 0.3).ravel()])


# --- the answers -------------------------------------------------------------------------------------------------

J = np.array([[0.0, -1.0], [1.0, 0.0]])


def burnside(n):
    """D4's orbits on n x n binary images by Burnside's lemma, counted by hand."""
    fixed = [n * n, (n * n + 3) // 4, (n * n + 3) // 4, (n * n + 1) // 2,  # e, r, r^3, r^2
             n * ((n + 1) // 2), n * ((n + 1) // 2), n * (n + 1) // 2, n * (n + 1) // 2]  # two mirrors, two diagonals
    return sum(2 ** k for k in fixed) // 8


def listed_orbits(n):
    from lib.pixel_groups import dihedral_group

    D4 = dihedral_group(n)
    images = (np.arange(2 ** (n * n))[:, None] >> np.arange(n * n) & 1).astype(bool).reshape(-1, n, n)
    return len({min(o.tobytes() for o in D4.orbit(image)) for image in images})


def moved_circle(g):
    A_inv = np.linalg.inv(g[:2, :2])
    return np.concatenate([(A_inv.T @ A_inv)[np.triu_indices(2)], g[:2, 2]])


def line_conditions(directions):
    return np.array([[-u[0] * u[1], -u[1] ** 2, u[0] ** 2, u[0] * u[1]] for u in directions])


def svd_basis(directions):
    _, s, vt = np.linalg.svd(line_conditions(directions))
    rank = int(np.sum(s > 1e-10 * max(1.0, s.max())))
    return [v.reshape(2, 2) for v in vt[rank:]]


def eig_bounded(X, tolerance=1e-9, diagonalizable=True):
    values, vectors = np.linalg.eig(X)
    imaginary = np.all(np.abs(values.real) < tolerance) if tolerance else np.all(values.real == 0)
    return bool(imaginary and (np.linalg.cond(vectors) < 1e8 or not diagonalizable))


def shoelace(P1, P2, order=(0, 1, 3, 2)):
    corners = np.array([P1[:2], P1[2:], P2[:2], P2[2:]])[list(order)]
    x, y = corners.T
    return 0.5 * abs(x @ np.roll(y, -1) - y @ np.roll(x, -1))


def two_triangles(P1, P2):
    a, b, a2, b2 = P1[:2], P1[2:], P2[:2], P2[2:]

    def area(p, q, r):
        return 0.5 * abs((q - p)[0] * (r - p)[1] - (q - p)[1] * (r - p)[0])
    return area(a, b, b2) + area(a, b2, a2)


def pca_counts(X, centre=True, method="svd", threshold=0.2):
    Y = X - X.mean(axis=0) if centre else X
    if method == "svd":
        components = np.linalg.svd(Y, full_matrices=False)[2][:25]
    else:  # eigenvectors of the covariance, largest first
        components = np.linalg.eigh(Y.T @ Y)[1][:, ::-1][:, :25].T
    return np.array([function_stabilizer(c.reshape(8, 8), rtol=threshold).dim for c in components], dtype=float)


def rounded_error(net, X, rounding=np.round):
    return np.mean((X - net.inverse_transform(rounding(net.transform(X)))) ** 2)


def plain_error(net, X):
    return np.mean((X - net.inverse_transform(net.transform(X))) ** 2)


CORNERS = [[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]]
T_ = sympy.symbols("t")

# check: (extra arguments, [(name, right answer)], [(name, mistake, a phrase its message must contain)])
ANSWERS = {
    "ch1.exercise_1": (lambda: (), [
        ("reference", lambda T: T @ J @ np.linalg.inv(T)),
        ("by solve, scaled by -2.5", lambda T: -2.5 * np.linalg.solve(T.T, (T @ J).T).T),
    ], [
        ("not conjugated", lambda T: J, "which product with T and T^-1"),
        ("conjugated the wrong way", lambda T: np.linalg.inv(T) @ J @ T, "which product with T and T^-1"),
        ("zero", lambda T: np.zeros((2, 2)), "must be nonzero"),
    ]),
    "ch1.exercise_2": (lambda: (), [
        ("reference (stabilizers counted)", listed_orbits),
        ("Burnside by hand, as a float", lambda n: float(burnside(n))),
    ], [
        ("divided the count by |G|", lambda n: 2 ** (n * n) // 8, "average over the 8 symmetries"),
        ("true division", lambda n: 2 ** (n * n) / 8 + 0.5, "divide with //"),
    ]),
    "ch1.exercise_3": (lambda: (), [
        ("reference", lambda: {"crossing": 0, "lines": 2, "corner": 0}),
        ("NumPy and float values", lambda: {"crossing": np.int64(0), "lines": 2.0, "corner": 0}),
    ], [
        ("a line counted as fixing a direction", lambda: {"crossing": 0, "lines": 1, "corner": 0},
         "each whole line"),
    ]),
    "ch1.exercise_4": (lambda: (), [
        ("reference", lambda sizes: {2: (0.067, np.array([0.07, 0.04, 0.16])), 16: (0.0002, [0.07, 0.009])}),
        ("arrays, a mean and more sizes", lambda sizes: {n: np.array([0.2 / n, 0.1]) for n in (2, 4, 16, 64)}),
        ("on the images' [0, 1] scale", lambda sizes: {2: (0.067 / 0.64, [0.036 / 0.64]),
                                                        16: (0.0002 / 0.64, [0.009 / 0.64])}),
    ], [
        ("the same network for every size", lambda sizes: {n: (0.001, [0.1]) for n in sizes}, "retrain for each size"),
        ("the pair swapped", lambda sizes: {2: (0.1, 0.05), 16: (0.1, 0.001)}, "train(n_hidden)"),
        ("the errors as one number only", lambda sizes: {2: 0.067, 16: 0.0002}, "should be a pair"),
    ]),
    "ch2.exercise_1": (lambda: (), [
        ("reference", lambda f: np.linalg.matrix_rank(tangency_constraints(f), tol=1e-8)),
        ("dim G - dim S", lambda f: f.n ** 2 - stabilizer(f).dim),
        ("singular values counted", lambda f: int(np.sum((s := np.linalg.svd(tangency_constraints(f),
                                                                              compute_uv=False)) > 1e-8 * s.max()))),
    ], [
        ("the kernel's size", lambda f: f.n ** 2 - np.linalg.matrix_rank(tangency_constraints(f), tol=1e-8),
         "not the size of its kernel"),
    ]),
    "ch2.exercise_2": (lambda: (), [
        ("reference", lambda T: 2 * (np.pi * T) ** -0.5),
        ("another form", lambda T: np.sqrt(4 / (np.pi * T))),
        ("exact, by SymPy", lambda T: 2 / sympy.sqrt(sympy.pi * sympy.Rational(T).limit_denominator(10**6))),
        ("as a 0-d array", lambda T: np.array(2 * (np.pi * T) ** -0.5)),
        ("the exact odds by quadrature", lambda T: gibbs_odds(Flats(3, (2,), [[0.25], [0.75]]),
                                                                 Flats(3, (1, 2), [[0.5, 0.5]]), T, n=400)),
    ], [
        ("the volume ratio left out", lambda T: (np.pi * T) ** -0.5, "volume ratio"),
        ("one dimension counted as two", lambda T: 2.0 / (np.pi * T), "per dimension"),
        ("the pi left out", lambda T: 2 * T ** -0.5, "(pi T)^(-1/2)"),
        ("H taken as I: (2 pi T)", lambda T: 2 * (2 * np.pi * T) ** -0.5, "H = 2I"),
        ("a string", lambda T: "11.3", "should be a number"),
    ]),
    "ch2.exercise_3": (tube_samples, [
        ("reference", lambda F: fit_power(tube_samples()[1], tube_fraction(
            distance_to_orthogonal(tube_samples()[0], frame=F), tube_samples()[1]))[0]),
        ("counted and fitted by hand", lambda F: np.polyfit(np.log(tube_samples()[1]), np.log(np.mean(
            distance_to_orthogonal(tube_samples()[0], frame=F)[:, None] < tube_samples()[1], axis=0)), 1)[0]),
    ], [
        ("the circle's tube", lambda F: fit_power(tube_samples()[1], tube_fraction(
            distance_to_orthogonal(tube_samples()[0]), tube_samples()[1]))[0], "frame=F"),
        ("the codimension, not a fit", lambda F: 3.0, "fit_power"),
    ]),
    "ch2.exercise_4": (lambda: (), [
        ("reference", lambda: {"point": 2, "segment": 4, "circle": 5, "square": 6}),
        ("floats", lambda: {"point": 2.0, "segment": 4.0, "circle": 5.0, "square": 6.0}),
    ], [
        ("stabilizer dimensions instead", lambda: {"point": 4, "segment": 2, "circle": 1, "square": 0},
         "count the parameters"),
    ]),
    "ch3.exercise_1": (lambda: (), [
        ("reference", lambda b, d, s: np.array([[1.0, (1 - s) * b], [0.0, d ** (1 - s)]])),
        ("a straight line in (b, d)", lambda b, d, s: np.array([[1.0, (1 - s) * b], [0.0, (1 - s) * d + s]])),
    ], [
        ("a jump at the end", lambda b, d, s: np.array([[1.0, (1 - s) * b], [0.0, d]]) if s < 1 else np.eye(2),
         "no cases"),
        ("ends at a singular matrix", lambda b, d, s: np.array([[1.0, (1 - s) * b], [0.0, (1 - s) * d]]),
         "at s = 1"),
        ("starts at I", lambda b, d, s: np.array([[1.0, s * b], [0.0, d ** s]]), "at s = 0"),
        ("d' crosses 0", lambda b, d, s: np.array([[1.0, (1 - s) * b], [0.0, d * np.cos(2 * np.pi * s)]])
         if 0 < s < 1 else np.array([[1.0, (1 - s) * b], [0.0, d if s == 0 else 1.0]]), "d' > 0"),
    ]),
    "ch3.exercise_2": (lambda: (), [
        ("reference", eig_bounded),
        ("exp(tX) measured", lambda X: bool(max(np.linalg.norm(expm(t * X), 2) for t in (-100, -10, 10, 100)) < 50)),
    ], [
        ("shears forgotten", lambda X: eig_bounded(X, diagonalizable=False), "eigenvalues alone"),
        ("no tolerance", lambda X: eig_bounded(X, tolerance=0), "tolerance"),
        ("X = 0 called unbounded", lambda X: eig_bounded(X) and bool(np.any(X)), "X = 0"),
    ]),
    "ch3.exercise_3": (lambda: (), [
        ("reference", svd_basis),
        ("null space, scaled", lambda directions: [3 * v.reshape(2, 2) for v in
                                                   scipy.linalg.null_space(line_conditions(directions)).T]),
    ], [
        ("too few", lambda directions: [np.eye(2)], "solve those conditions"),
        ("dependent", lambda directions: [np.eye(2)] * 2 + svd_basis(directions), "independent"),
        ("turns a line", lambda directions: [np.array([[0.0, 1.0], [0.0, 0.0]])], "parallel to u"),
    ]),
    "ch3.exercise_4": (walkers, [
        ("reference (seed 1)", lambda: walk_slopes(125, 4e-3, 1)),
        ("another seed; the ratio as a difference of slopes", lambda: walk_slopes(125, 4e-3, 42, ratio="difference")),
    ], [
        ("2,000 coarse steps", lambda: walk_slopes(2000, 4e-3, 1), "longer walk"),
        ("the chapter's fine walk", lambda: walk_slopes(500, 1e-3, 1), "longer walk"),
        ("a shorter walk", lambda: walk_slopes(31, 4e-3, 1), "shorter walk"),
        ("the edge's slope as the ratio's", lambda: walk_slopes(125, 4e-3, 1, ratio="edge only"), "edge/circle ratio"),
    ]),
    "ch4.exercise_1": (lambda: (chapter_network(),), [
        ("reference", lambda: network(whiten=False)),
        ("float64, another seed", lambda: network(whiten=False, dtype="float64", random_state=3)),
    ], [
        ("whitened again", lambda: network(), "whiten=False"),
        ("the penalty changed too", lambda: network(whiten=False, sparsity_weight=1.0), "keep every other setting"),
    ]),
    "ch4.exercise_2": (lambda: (chapter_network(),), [
        ("reference", lambda: network(sparsity_weight=0.0)),
        ("float64, another seed and target", lambda: network(sparsity_weight=0.0, sparsity=0.3, dtype="float64",
                                                            random_state=3)),
    ], [
        ("the target changed instead", lambda: network(sparsity=0.2), "sparsity_weight only"),
        ("fewer iterations too", lambda: network(sparsity_weight=0.0, max_iter=50), "keep every other setting"),
    ]),
    "ch4.exercise_3": (lambda: (), [
        ("reference", lambda n, p: (p - 1) / (n - 1)),
        ("another form", lambda n, p: 1 - (n - p) / (n - 1)),
    ], [
        ("the offset counted as a direction", lambda n, p: p / (n - 1), "above"),
        ("no offset", lambda n, p: (p - 1) / n, "below"),
    ]),
    "ch5.exercise_1": (lambda: (), [
        ("reference", lambda Y: np.concatenate([(-(Y[:2, :2].T + Y[:2, :2]))[np.triu_indices(2)], Y[:2, 2]])),
        ("finite differences", lambda Y: (moved_circle(expm(1e-6 * Y)) - moved_circle(expm(-1e-6 * Y))) / 2e-6),
    ], [
        ("the sign of dQ", lambda Y: np.concatenate([(Y[:2, :2].T + Y[:2, :2])[np.triu_indices(2)], Y[:2, 2]]),
         "differentiate Q"),
    ]),
    "ch5.exercise_2": (lambda: (), [
        ("reference", lambda: (np.array(CORNERS + [[-0.5, 0], [0.5, 0]]), np.array(CORNERS + [[0.5, 0], [-0.5, 0]]))),
        ("a list; a vertical swap", lambda: [CORNERS + [[0, -0.4], [0, 0.4]], CORNERS + [[0, 0.4], [0, -0.4]]]),
    ], [
        ("nothing traded", lambda: (np.array(CORNERS + [[0.5, 0]]), np.array(CORNERS + [[0.6, 0.1]])), "trade places"),
        ("two targets the same", lambda: (np.array(CORNERS + [[-0.5, 0], [0.5, 0]]),
                                          np.array(CORNERS + [[0.5, 0], [0.5, 0]])), "distinct"),
    ]),
    "ch5.exercise_3": (lambda: (), [
        ("reference", lambda image: (scipy.ndimage.label(image, structure=np.ones((3, 3)))[1],
                                     scipy.ndimage.label(~np.pad(image, 1))[1] - 1)),
        ("binary_topology", lambda image: [binary_topology(image).components, binary_topology(image).holes]),
    ], [
        ("corners apart", lambda image: (scipy.ndimage.label(image)[1], scipy.ndimage.label(~np.pad(image, 1))[1] - 1),
         "structuring element"),
        ("not padded", lambda image: (scipy.ndimage.label(image, structure=np.ones((3, 3)))[1],
                                      scipy.ndimage.label(~image)[1] - 1), "pad"),
        ("the outside counted", lambda image: (scipy.ndimage.label(image, structure=np.ones((3, 3)))[1],
                                               scipy.ndimage.label(~np.pad(image, 1))[1]), "outside"),
    ]),
    "ch6.exercise_1": (lambda: (), [
        ("reference (a rotation)", lambda points: np.array([np.argmin(np.linalg.norm(points - q, axis=1))
                                                            for q in points @ J.T])),
        ("a reflection, as a list", lambda points: [int(np.argmin(np.linalg.norm(points - q, axis=1)))
                                                    for q in points * [1.0, -1.0]]),
    ], [
        ("the identity", lambda points: np.arange(len(points)), "identity"),
        ("a shuffle", lambda points: np.random.default_rng(0).permutation(len(points)), "symmetry R"),
    ]),
    "ch6.exercise_2": (lambda: (pca_data(),), [
        ("reference", lambda: pca_counts(pca_data())),
        ("eigenvectors of the covariance", lambda: pca_counts(pca_data(), method="eigh")),
    ], [
        ("not centred", lambda: pca_counts(pca_data(), centre=False), "centred"),
    ]),
    "ch6.exercise_3": (lambda: (features(),), [
        ("reference", lambda feature: (function_stabilizer(feature).basis[-1][:2, :2],
                                       function_stabilizer(feature).basis[-1][:2, 2])),
        ("the SVD by hand, scaled, as a list", lambda feature: [
            -3 * np.linalg.svd(flow_constraints(feature))[2][-1][:4].reshape(2, 2),
            -3 * np.linalg.svd(flow_constraints(feature))[2][-1][4:]]),
    ], [
        ("the largest singular value's", lambda feature: (
            np.linalg.svd(flow_constraints(feature))[2][0][:4].reshape(2, 2),
            np.linalg.svd(flow_constraints(feature))[2][0][4:]), "changes the feature least"),
        ("zero", lambda feature: (np.zeros((2, 2)), np.zeros(2)), "normalize"),
        ("the second-largest singular value's", lambda feature: (
            np.linalg.svd(flow_constraints(feature))[2][1][:4].reshape(2, 2),
            np.linalg.svd(flow_constraints(feature))[2][1][4:]), "changes the feature least"),
    ]),
    "ch6.exercise_4": (lambda: (), [
        ("reference", lambda: {"blob": 1, "wave": 3, "edge": 3, "checkerboard": 0}),
        ("floats", lambda: {"blob": 1.0, "wave": 3.0, "edge": 3.0, "checkerboard": 0.0}),
    ], [
        ("the blob's rotation missed", lambda: {"blob": 0, "wave": 3, "edge": 3, "checkerboard": 0}, "level lines"),
        ("a step edge's count", lambda: {"blob": 1, "wave": 3, "edge": 4, "checkerboard": 0}, "level lines"),
    ]),
    "ch7.exercise_1": (lambda: (), [
        ("reference", lambda: [(segment_point([0, 0], [1, 1]),) * 2,
                               (segment_point([0, 0], [1, 0]), segment_point([2, 0], [3, 0]))]),
        ("lists, overlapping on one line", lambda: ([[1, 2, 3, 4], [1, 2, 3, 4]], ([0, 0, 2, 2], [1, 1, 3, 3]))),
    ], [
        ("both the same reason", lambda: [(np.array([0, 0, 1, 1.0]),) * 2, (np.array([0, 0, 2, 2.0]),) * 2],
         "P1 != P2"),
        ("a pair that sweeps area", lambda: [(segment_point([0, 0], [1, 1]),) * 2,
                                             (segment_point([0, 0], [1, 0]), segment_point([0, 1], [1, 1]))],
         "on one line"),
    ]),
    "ch7.exercise_2": (lambda: (), [
        ("reference", lambda: {"segment": 2, "triangle": 0, "upstairs, Aff(4)": 12, "upstairs, Aff(2)": 0}),
        ("NumPy and float values", lambda: {"segment": np.int64(2), "triangle": 0.0, "upstairs, Aff(4)": 12.0,
                                            "upstairs, Aff(2)": np.int64(0)}),
    ], [
        ("orbit dimensions", lambda: {"segment": 4, "triangle": 6, "upstairs, Aff(4)": 8, "upstairs, Aff(2)": 6},
         "dimension of the orbit"),
        ("the upstairs groups confused", lambda: {"segment": 2, "triangle": 0, "upstairs, Aff(4)": 12,
                                                  "upstairs, Aff(2)": 12}, "four endpoints"),
    ]),
    "ch7.exercise_3": (lambda: (), [
        ("reference", lambda net, X: rounded_error(net, X) / plain_error(net, X)),
        ("sums, thresholding at 1/2", lambda net, X: np.sum((X - net.inverse_transform((net.transform(X) > 0.5) * 1.0)) ** 2)
         / np.sum((X - net.reconstruct(X)) ** 2)),
        ("norms, rint, float", lambda net, X: float(np.linalg.norm(X - net.inverse_transform(np.rint(net.transform(X))))
                                                    ** 2 / np.linalg.norm(X - net.reconstruct(X)) ** 2)),
    ], [
        ("inverted", lambda net, X: plain_error(net, X) / rounded_error(net, X), "not the other way"),
        ("root mean squares", lambda net, X: np.sqrt(rounded_error(net, X) / plain_error(net, X)), "no square root"),
        ("not rounded", lambda net, X: rounded_error(net, X, rounding=lambda H: H) / plain_error(net, X), "round"),
    ]),
    "ch7.exercise_4": (lambda: (), [
        ("reference (shoelace)", shoelace),
        ("two triangles", two_triangles),
    ], [
        ("one triangle", lambda P1, P2: 0.5 * abs(np.linalg.det([P1[2:] - P1[:2], P2[:2] - P1[:2]])), "shoelace"),
        ("corners in the wrong order", lambda P1, P2: shoelace(P1, P2, order=(0, 1, 2, 3)), "order matters"),
    ]),
    "ch10.exercise_1": (lambda: (), [
        ("reference", lambda A: [ev / (ev - 1) for ev in A.eigenvals() if ev != 1]),
        ("sympy.solve of the determinant", lambda A: sympy.solve(((1 - T_) * A + T_ * sympy.eye(A.shape[0])).det(), T_)),
        ("floats from the numeric eigenvalues", lambda A: [complex(ev / (ev - 1)) for ev in np.linalg.eigvals(
            np.array(A.tolist(), dtype=float)) if abs(ev - 1) > 1e-9]),
    ], [
        ("a sign slip", lambda A: [ev / (1 - ev) for ev in A.eigenvals() if ev != 1], "lambda = 1"),
        ("the eigenvalues themselves", lambda A: list(A.eigenvals()), "(1 - t) lambda + t = 0"),
    ]),
    "ch10.exercise_2": (lambda: (), [
        ("reference-like", lambda eps: 4.0 / eps),
        ("faster growth", lambda eps: 1e-6 / eps ** 2),
    ], [
        ("no output noise", lambda eps: 1e-13, "1e-6 output noise"),
    ]),
    "ch10.exercise_4": (lambda: (), [
        ("reference (clipped singular values)", lambda A, eps: (lambda u, s, vt: u @ np.diag(np.maximum(s, eps)) @ vt)(
            *np.linalg.svd(A))),
        ("eps added to every singular value", lambda A, eps: (lambda u, s, vt: u @ np.diag(s + eps) @ vt)(
            *np.linalg.svd(A))),
    ], [
        ("the identity, halved", lambda A, eps: A + eps * np.eye(len(A)) / 2, "raise only the small singular values"),
        ("raised too far", lambda A, eps: (lambda u, s, vt: u @ np.diag(np.maximum(s, 2 * eps)) @ vt)(
            *np.linalg.svd(A)), "spectral norm"),
    ]),
    "primer.exercise_1": (lambda: (), [
        ("reference", lambda: np.array([[2.0, -1.0], [1.0, 1.0]])),
        ("lists of ints, built from the columns", lambda: np.column_stack([[2, 1], [-1, 1]]).tolist()),
    ], [
        ("rows, not columns", lambda: [[2, 1], [-1, 1]], "columns are the images"),
        ("the second point wrong", lambda: [[2, 1], [1, 1]], "second column"),
    ]),
    "primer.exercise_2": (lambda: (), [
        ("reference", lambda X, p, t: expm(t * X) @ p),
        ("the series, 40 terms", lambda X, p, t: sum(np.linalg.matrix_power(t * X, k) / math.factorial(k)
                                                       for k in range(40)) @ p),
        ("an ODE solver", lambda X, p, t: __import__("scipy.integrate", fromlist=["solve_ivp"]).solve_ivp(
            lambda _, y: X @ y, (0, t), p, rtol=1e-11, atol=1e-12).y[:, -1]),
    ], [
        ("np.exp entry by entry", lambda X, p, t: np.exp(t * X) @ p, "entry by entry"),
        ("the first-order step", lambda X, p, t: (np.eye(2) + t * X) @ p, "matrix exponential of t X"),
    ]),
    "primer.exercise_3": (lambda: (), [
        ("reference", lambda: [np.array([[1, 0], [0, 0]]), np.array([[0, 1], [0, 0]]), np.array([[0, 0], [0, 1]])]),
        ("another basis", lambda: [[[1, 1], [0, 0]], [[1, -1], [0, 1]], [[0, 0], [0, 2]]]),
    ], [
        ("the diagonal only", lambda: [np.diag([1, 0]), np.diag([0, 1])], "some are missing"),
        ("a lower entry", lambda: [np.diag([1, 0]), np.diag([0, 1]), np.array([[0, 0], [1, 0]])], "upper triangular"),
        ("one twice", lambda: [np.diag([1, 0]), np.diag([2, 0]), np.array([[0, 1], [0, 0]])], "linearly dependent"),
    ]),
    "primer.exercise_4": (lambda: (), [
        ("reference", lambda: [np.array([[1, 0], [0, 0]]), np.array([[0, 1], [0, 0]]), np.array([[0, 0], [0, 1]])]),
        ("the identity among them", lambda: [np.eye(2), np.array([[0, 3], [0, 0]]), np.array([[1, 0], [0, -1]])]),
    ], [
        ("endpoints held, as for an edge", lambda: [np.array([[0, 1], [0, 0]]), np.array([[0, 0], [0, 1]])],
         "some are missing"),
        ("the rotation", lambda: [np.array([[0, -1], [1, 0]]), np.eye(2), np.array([[0, 1], [0, 0]])],
         "point along the line"),
    ]),
    "primer.exercise_5": (lambda: (), [
        ("reference", lambda g: np.linalg.inv(g @ g.T)),
        ("inverse transpose times inverse", lambda g: np.linalg.inv(g).T @ np.linalg.inv(g)),
    ], [
        ("not inverted", lambda g: g @ g.T, "inverted"),
        ("the wrong order", lambda g: np.linalg.inv(g.T @ g), "unit circle"),
    ]),
    "primer.exercise_6": (lambda: (), [
        ("reference", lambda: {"orbit size": 4, "stabilizer size": 2, "circle orbit dimension": 3}),
        ("numpy integers", lambda: {"orbit size": np.int64(4), "stabilizer size": np.int64(2),
                                    "circle orbit dimension": np.int64(3)}),
    ], [
        ("the orbit of a generic figure", lambda: {"orbit size": 8, "stabilizer size": 1,
                                                   "circle orbit dimension": 3}, "|orbit| x |stabilizer| = 8"),
        ("dimension of GL(2)", lambda: {"orbit size": 4, "stabilizer size": 2, "circle orbit dimension": 4},
         "dim GL(2) - dim stabilizer"),
    ]),
    "primer.exercise_7": (lambda: (), [
        ("reference", lambda: {"SO(2)": True, "O(2)": True, "diagonal with entries 1 or -1": True,
                               "the edge's stabilizer": False, "GL(2)": False}),
        ("numpy booleans", lambda: {"SO(2)": np.True_, "O(2)": np.True_, "diagonal with entries 1 or -1": np.True_,
                                    "the edge's stabilizer": np.False_, "GL(2)": np.False_}),
    ], [
        ("only connected groups", lambda: {"SO(2)": True, "O(2)": False, "diagonal with entries 1 or -1": False,
                                           "the edge's stabilizer": False, "GL(2)": False}, "closed and bounded"),
    ]),
    "primer.exercise_8": (lambda: (), [
        ("reference", lambda: dict(PRIMER_8)),
        ("the same in another order", lambda: dict(reversed(list(PRIMER_8.items())))),
    ], [
        ("the cube's inverse thought not continuous", lambda: {**PRIMER_8, "(x, y) -> (x, y^3)": False},
         "write the inverse"),
        ("a homotopy taken to end in a pinch", lambda: {**PRIMER_8, "every map of (1 + t) p is a homeomorphism": False},
         "t = 1 included"),
    ]),
}

CHECKS = sorted(f"{name}.{f}" for name in ("primer", "ch1", "ch2", "ch3", "ch4", "ch5", "ch6", "ch7", "ch10")
                for f in importlib.import_module(f"lib.checks.{name}").__all__)


def check_named(key):
    name, function = key.split(".")
    return getattr(importlib.import_module(f"lib.checks.{name}"), function)


def test_every_check_faces_another_right_answer_and_a_mistake():
    assert sorted(ANSWERS) == CHECKS
    for key, (_, right, wrong) in ANSWERS.items():
        assert len(right) >= 2 and wrong, key


def stub(*args, **kwargs):
    raise NotImplementedError()


@pytest.mark.parametrize("key", CHECKS)
def test_no_answer_yet_is_not_a_wrong_answer(key):
    """A stub, or ``...`` in place of the function, raises NotImplementedError like the stub itself."""
    for unfinished in (stub, ...):
        with pytest.raises(NotImplementedError):
            check_named(key)(unfinished, *ANSWERS[key][0]())


RIGHT = [(key, name, answer) for key, (_, right, _) in ANSWERS.items() for name, answer in right]
WRONG = [(key, name, answer, hint) for key, (_, _, wrong) in ANSWERS.items() for name, answer, hint in wrong]


@pytest.mark.parametrize("key,name,answer", RIGHT, ids=[f"{k}: {n}" for k, n, _ in RIGHT])
def test_a_right_answer_passes(key, name, answer):
    assert passes(check_named(key), answer, *ANSWERS[key][0]())


@pytest.mark.parametrize("key,name,answer,hint", WRONG, ids=[f"{k}: {n}" for k, n, _, _ in WRONG])
def test_a_mistake_fails_with_its_hint(key, name, answer, hint):
    with pytest.raises(CheckFailed) as failure:
        check_named(key)(answer, *ANSWERS[key][0]())
    message = str(failure.value)  # what is wrong, then the hint: either may name the mistake
    assert "\nHint: " in message
    assert hint in message, f"{key}, {name}: {message}"


# mistakes whose message once showed the answer asked for, and a pattern of that answer
LEAKS = [
    ("ch1.exercise_2", lambda n: 2 ** (n * n) // 8, r"(?<![\d.])2(?![\d.])"),  # 2 orbits for n = 1
    ("ch2.exercise_1", lambda f: 1, r"(?<![\d.^])3(?![\d.])"),  # the ellipse's orbit has dimension 3
    ("ch5.exercise_1", lambda Y: np.zeros(5), r"-2|2\.0"),  # the velocity for Y = E11 is (-2, 0, 0, 0, 0)
    ("ch7.exercise_4", lambda P1, P2: 0.0, r"\d\.\d{4}.*\d\.\d{4}"),  # only the student's area is shown
    ("ch10.exercise_1", lambda A: [], r"/|\[-?\d"),  # no root, as a fraction or a list
]


@pytest.mark.parametrize("key,mistake,answer", LEAKS, ids=[k for k, _, _ in LEAKS])
def test_a_failure_never_shows_the_answer(key, mistake, answer):
    with pytest.raises(CheckFailed) as failure:
        check_named(key)(mistake)
    problem = str(failure.value).split(" not passed: ", 1)[1].split("\nHint:")[0]
    problem = re.sub(r"(Y|A) = \[.*?\]\]", "", problem)  # the input the check used is not an answer
    assert not re.search(answer, problem), problem


def test_a_function_that_crashes_fails_and_a_non_function_is_refused():
    from lib.checks import ch1

    with pytest.raises(CheckFailed, match="ZeroDivisionError"):
        ch1.exercise_2(lambda n: 1 / 0)
    with pytest.raises(TypeError, match="your function itself"):
        ch1.exercise_2(102)
    assert passes(ch1.exercise_3, lambda: {"crossing": 0, "lines": 2, "corner": 0})


# the right answers of the prediction exercises (the checks' own docstring examples, which pass)
PREDICTIONS = {
    "ch1.exercise_3": {"crossing": 0, "lines": 2, "corner": 0},
    "ch2.exercise_4": {"point": 2, "segment": 4, "circle": 5, "square": 6},
    "ch6.exercise_4": {"blob": 1, "wave": 3, "edge": 3, "checkerboard": 0},
    "ch7.exercise_2": {"segment": 2, "triangle": 0, "upstairs, Aff(4)": 12, "upstairs, Aff(2)": 0},
    "primer.exercise_6": {"orbit size": 4, "stabilizer size": 2, "circle orbit dimension": 3},
    "primer.exercise_7": {"SO(2)": True, "O(2)": True, "diagonal with entries 1 or -1": True,
                          "the edge's stabilizer": False, "GL(2)": False},
    "primer.exercise_8": PRIMER_8,
}


@pytest.mark.parametrize("key", sorted(PREDICTIONS))
def test_a_failed_prediction_never_shows_the_right_value(key):
    check = check_named(key)
    right = PREDICTIONS[key]
    assert passes(check, lambda: dict(right))
    for item, value in right.items():
        with pytest.raises(CheckFailed) as failure:
            check(lambda: {**right, item: value + 1})
        problem = str(failure.value).split(" not passed: ", 1)[1].split("\nHint:")[0]
        problem = re.sub(r"Aff\(\d\)", "Aff", problem)  # a group's name is not an answer
        assert not re.search(rf"(?<![\d.]){value}(?![\d.])", problem), f"{key}: the message shows {value}: {problem}"


def test_exercise_3_3_never_states_the_dimension():
    from lib.checks import ch3

    for wrong in (lambda directions: [np.array([[1.0, 0.0], [0.0, 1.0]])],  # one matrix: too few
                  lambda directions: []):
        with pytest.raises(CheckFailed) as failure:
            ch3.exercise_3(wrong)
        message = str(failure.value).split(" not passed: ", 1)[1]
        assert "dimension" not in message and not re.search(r"(?<![\d.])3(?![\d.])", message), message


def test_exercise_4_3_never_shows_the_simulated_answer():
    from lib.checks import ch4

    with pytest.raises(CheckFailed) as failure:
        ch4.exercise_3(lambda n, p: p / (n - 1))  # no offset: too large
    problem = str(failure.value).split("\nHint:")[0]
    assert f"{8 / 63:.3f}" not in problem and "0.12" not in problem, problem  # the right answer is 8/63 here
