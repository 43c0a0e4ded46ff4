"""Malformed input to every public function of lib fails clearly, never deep inside NumPy or as a silent NaN.

Each case is a public function (or method) with one valid call. Hypothesis then
replaces one argument at a time by a malformed value drawn for that argument's
kind: arrays of the wrong shape, rank or dtype, empty arrays, NaN/inf, huge or
tiny values, singular and non-square matrices, ragged lists, None, strings;
bad integers, floats, generators, figures, callables, dicts and choices. The
call must then either

- raise ``ValueError`` or ``TypeError`` from lib's own code, with a message
  that names the argument, or
- return a result with no NaN in it (a malformed value can be a valid one:
  any 2x2 matrix is a valid argument of ``exp``),

and NumPy must not warn on the way (an overflow or an invalid operation means
the input was not checked). Results are never NaN, and a whole run never
reaches a NumPy or SciPy traceback.
"""

from __future__ import annotations

import dataclasses
import math
import os
import traceback
import warnings
from pathlib import Path

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

import lib
from lib import (autoencoder, experiments, figures, gabor, groups, images, landscape, moduli, pixel_groups, plotting,
                 shadow, stabilizers, walks, widgets)
from lib._validate import LARGEST

LIB_DIR = str(Path(lib.__file__).parent)
# 20 fixed examples per argument in the test suite (the same every run); for a deeper, random search:
# FUZZ_EXAMPLES=500 .venv/bin/python -m pytest tests/test_fuzz.py
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20"))

# --- malformed values, by kind -------------------------------------------------

ANY_FLOAT = st.floats(allow_nan=True, allow_infinity=True, width=64)
EXTREME_FLOAT = st.sampled_from([np.nan, np.inf, -np.inf, 1e300, -1e300, 1e-300, 0.0, -1.0, 1e12])
NOT_AN_ARRAY = st.sampled_from([
    None, "abc", {"a": 1}, [[1.0, 2.0], [3.0]], [1 + 2j, 0j], np.array(["a", "b"]),
    np.array([None, 1.0], dtype=object), np.array([[1 + 1j, 0], [0, 1]]),
])


def malformed_arrays(shape: tuple) -> st.SearchStrategy:
    same_shape = arrays(np.float64, shape, elements=ANY_FLOAT)
    same_shape_extreme = arrays(np.float64, shape, elements=EXTREME_FLOAT)
    any_shape = arrays(np.float64, array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4), elements=ANY_FLOAT)
    empty = st.just(np.empty((0,) + tuple(shape[1:])))
    options = [same_shape, same_shape_extreme, any_shape, empty, NOT_AN_ARRAY,
               st.just(np.zeros(shape, dtype=np.int64)), st.just(np.ones(shape, dtype=bool))]
    if len(shape) >= 2 and shape[-1] == shape[-2]:
        n = shape[-1]
        options += [st.just(np.zeros(shape)), st.just(np.ones(shape)),  # singular
                    st.just(np.ones(shape[:-1] + (n + 1,)))]  # not square
    return st.one_of(options)


MALFORMED_INTS = st.sampled_from([-1, 0, 2.5, True, "3", None, np.nan])
MALFORMED_FLOATS = st.one_of(EXTREME_FLOAT, st.sampled_from([None, "1.0", True, 1 + 1j, np.array([1.0, 2.0])]))
MALFORMED_RNGS = st.sampled_from([None, 0, "rng", np.random.RandomState(0)])
MALFORMED_STRINGS = st.sampled_from(["nope", "", None, 3])
MALFORMED_BOOLS = st.sampled_from([None, "yes", 2, np.array([True, False])])
MALFORMED_DICTS = st.sampled_from([{}, None, [], {"x": None}, {"x": "y"}, {1: np.eye(2)}])
MALFORMED_FIGURES = st.sampled_from([
    None, "circle", np.zeros((3, 2)), figures.sphere(n_points=20), figures.point([0.0, 0.0, 0.0, 0.0]),
])
MALFORMED_CALLABLES = st.sampled_from([
    None, 3, lambda *a: None, lambda *a: np.nan, lambda *a: np.full((1, 1), np.nan),
    lambda *a: "x", lambda *a: np.zeros((2, 7)),
])


def malformed(valid) -> st.SearchStrategy:
    """Malformed values of the same kind as ``valid``."""
    if isinstance(valid, bool):
        return MALFORMED_BOOLS
    if isinstance(valid, int):
        return MALFORMED_INTS
    if isinstance(valid, float):
        return MALFORMED_FLOATS
    if isinstance(valid, str):
        return MALFORMED_STRINGS
    if isinstance(valid, np.random.Generator):
        return MALFORMED_RNGS
    if isinstance(valid, figures.Figure):
        # valid Figure objects with extreme coordinates: huge, tiny, coincident, far apart
        coordinates = st.one_of(st.floats(-LARGEST, LARGEST), st.sampled_from([0.0, 1e-300, LARGEST, -LARGEST]))
        return st.one_of(MALFORMED_FIGURES, st.builds(figures.Figure, arrays(np.float64, valid.points.shape,
                                                                             elements=coordinates)))
    if isinstance(valid, dict):
        return MALFORMED_DICTS
    if isinstance(valid, np.ndarray):
        return malformed_arrays(valid.shape)
    if callable(valid):
        return MALFORMED_CALLABLES
    if isinstance(valid, (sympy.Expr, list, tuple)):
        return st.sampled_from([None, 3, "x", [], [None], (1, 2)])
    return st.sampled_from([None, 3, "x", object()])  # any other object: the wrong kind of thing


# --- the cases: one valid call per public function -------------------------------

RNG = np.random.default_rng(0)
X, Y = sympy.symbols("x y")
SQUARE = np.array([[0.5, 1.0], [-0.3, 2.0]])
GL2, O2, AFF2 = groups.GL(2), groups.O(2), groups.Aff(2)
CIRCLE = figures.circle(n_points=20)
PATCHES = np.random.default_rng(1).uniform(0.1, 0.9, (8, 4))
TINY_AE = autoencoder.SparseAutoencoder(2, max_iter=3, random_state=0).fit(PATCHES)
STACK = autoencoder.StackedAutoencoder([3, 2], max_iter=3, random_state=0).fit(PATCHES)
FLAT = landscape.Flats(2, (0,), np.array([[0.5]]))
D4 = pixel_groups.dihedral_group(3)
IMAGE3 = np.eye(3, dtype=bool)
P1, P2 = np.array([0.0, 0.0, 1.0, 0.0]), np.array([0.0, 1.0, 1.0, 1.0])
GABOR = gabor.GaborParams(2.0, 2.0, 0.0, 0.25, 0.0, 1.0, 1.0, 1.0, 0.0)


def _ax():
    import matplotlib.pyplot as plt

    return plt.figure().add_subplot()


CASES = {
    "groups.GL": (groups.GL, dict(n=2)),
    "groups.O": (groups.O, dict(n=2)),
    "groups.SO": (groups.SO, dict(n=2)),
    "groups.Aff": (groups.Aff, dict(n=2)),
    "GL.algebra_residual": (GL2.algebra_residual, dict(X=SQUARE)),
    "O.algebra_residual": (O2.algebra_residual, dict(X=SQUARE - SQUARE.T)),
    "GL.exp": (GL2.exp, dict(X=SQUARE)),
    "O.exp": (O2.exp, dict(X=SQUARE - SQUARE.T)),
    "Aff.exp": (AFF2.exp, dict(X=np.zeros((3, 3)))),
    "GL.log": (GL2.log, dict(g=SQUARE)),
    "O.log": (O2.log, dict(g=np.array([[0.0, -1.0], [1.0, 0.0]]))),
    "Aff.log": (AFF2.log, dict(g=np.eye(3))),
    "GL.contains": (GL2.contains, dict(g=SQUARE, tol=1e-9)),
    "O.contains": (O2.contains, dict(g=SQUARE, tol=1e-9)),
    "GL.random": (GL2.random, dict(rng=RNG, size=3)),
    "O.random": (O2.random, dict(rng=RNG, size=3)),
    "GL.walk_step": (GL2.walk_step, dict(g=SQUARE, rng=RNG, step_size=0.1)),
    "GL.random_walk": (GL2.random_walk, dict(g0=SQUARE, n_steps=3, step_size=0.1, rng=RNG)),
    "figures.Figure": (figures.Figure, dict(points=np.zeros((3, 2)), tangents=np.ones((3, 2)),
                                            pinned=np.array([True, False, False]))),
    "Figure.transform": (CIRCLE.transform, dict(g=SQUARE)),
    "figures.point": (figures.point, dict(p=np.array([1.0, 0.0]))),
    "figures.segment": (figures.segment, dict(a=np.zeros(2), b=np.ones(2), n_points=5, pin_ends=True)),
    "figures.line": (figures.line, dict(direction=np.ones(2), through=np.zeros(2), half_length=1.0, n_points=5)),
    "figures.circle": (figures.circle, dict(center=np.zeros(2), radius=1.0, n_points=8)),
    "figures.ellipse": (figures.ellipse, dict(center=np.zeros(2), axes=np.array([1.0, 2.0]), angle=0.3,
                                              n_points=8)),
    "figures.polygon": (figures.polygon, dict(vertices=np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]]),
                                              n_per_edge=3, closed=True)),
    "figures.plane": (figures.plane, dict(u=np.array([1.0, 0, 0]), v=np.array([0, 1.0, 0]), through=np.zeros(3),
                                          half_width=1.0, n_per_side=3)),
    "figures.sphere": (figures.sphere, dict(center=np.zeros(3), radius=1.0, n_points=10)),
    "figures.union": (lambda a, b: figures.union(a, b), dict(a=CIRCLE, b=figures.point([0.0, 0.0]))),
    "figures.rasterize": (figures.rasterize, dict(figure=CIRCLE, size=8, extent=1.0)),
    "figures.pixel_grid": (figures.pixel_grid, dict(size=4, extent=1.0)),
    "figures.from_image": (figures.from_image, dict(image=IMAGE3, extent=1.0)),
    "figures.hausdorff": (figures.hausdorff, dict(a=CIRCLE, b=figures.point([0.0, 0.0]))),
    "stabilizers.tangency_constraints": (stabilizers.tangency_constraints, dict(figure=CIRCLE)),
    "stabilizers.stabilizer": (stabilizers.stabilizer, dict(figure=CIRCLE, rtol=1e-8)),
    "Stabilizer.echelon_basis": (stabilizers.stabilizer(CIRCLE).echelon_basis, dict(decimals=10)),
    "stabilizers.stabilizer_exact": (stabilizers.stabilizer_exact, dict(equation=X**2 + Y**2 - 1, variables=(X, Y))),
    "stabilizers.stabilizer_exact_union": (stabilizers.stabilizer_exact_union,
                                           dict(pieces=[Y, [X - 1, Y]], variables=(X, Y))),
    "stabilizers.orbit_dimension": (stabilizers.orbit_dimension, dict(figure=CIRCLE, sigma=0.2, step=1e-4)),
    "stabilizers.orbit_dimension_global": (stabilizers.orbit_dimension_global, dict(
        figure=CIRCLE, group=GL2, rng=RNG, n_samples=8, radius=0.02)),
    "stabilizers.is_compact": (stabilizers.is_compact, dict(basis=np.array([[[0.0, -1.0], [1.0, 0.0]]]), tol=1e-9)),
    "pixel_groups.PixelGroup": (pixel_groups.PixelGroup, dict(generators={"r": np.rot90(np.arange(9).reshape(3, 3)).ravel()}, size=3)),
    "pixel_groups.dihedral_group": (pixel_groups.dihedral_group, dict(size=3)),
    "PixelGroup.act": (D4.act, dict(name="r", image=IMAGE3)),
    "PixelGroup.orbit": (D4.orbit, dict(image=IMAGE3)),
    "PixelGroup.stabilizer": (D4.stabilizer, dict(image=IMAGE3)),
    "walks.expm2": (walks.expm2, dict(X=SQUARE)),
    "walks.step_table": (walks.step_table, dict(step_size=0.01)),
    "walks.gl2_walk": (walks.gl2_walk, dict(g0=np.stack([np.eye(2)] * 3), n_steps=3, step_size=0.01, rng=RNG)),
    "walks.distance_to_fixer": (walks.distance_to_fixer, dict(g=SQUARE, u=np.array([1.0, 0.0]))),
    "walks.distance_to_line_stabilizer": (walks.distance_to_line_stabilizer, dict(g=SQUARE, u=np.array([1.0, 0.0]))),
    "walks.distance_to_orthogonal": (walks.distance_to_orthogonal, dict(g=SQUARE, frame=np.eye(2))),
    "walks.distance_to_identity": (walks.distance_to_identity, dict(g=SQUARE)),
    "walks.distance_to_parabola_stabilizer": (walks.distance_to_parabola_stabilizer, dict(g=SQUARE)),
    "walks.hitting_times": (walks.hitting_times, dict(
        g0=np.stack([np.eye(2)] * 3), n_steps=3, step_size=0.01, rng=RNG,
        targets={"circle": walks.distance_to_orthogonal}, eps=np.array([0.5, 0.1]))),
    "walks.tube_fraction": (walks.tube_fraction, dict(distances=np.array([0.1, 0.5]), eps=np.array([0.3]))),
    "walks.fit_power": (walks.fit_power, dict(x=np.array([1.0, 2.0, 4.0]), y=np.array([3.0, 12.0, 48.0]))),
    "landscape.Flats": (landscape.Flats, dict(d=2, axes=(0,), positions=np.array([[0.5]]))),
    "Flats.squared_distance": (FLAT.squared_distance, dict(x=np.array([[0.2, 0.9]]))),
    "landscape.two_family_loss": (landscape.two_family_loss, dict(x=np.array([[0.5, 0.1]]), f=FLAT,
                                                                  h=landscape.Flats(2, (1,), np.array([[0.5]])))),
    "landscape.gibbs_odds": (landscape.gibbs_odds, dict(f=FLAT, h=landscape.Flats(2, (1,), np.array([[0.5]])),
                                                        temperature=0.01, n=20, sharpness=1.0)),
    "landscape.langevin": (landscape.langevin, dict(x0=np.ones((3, 1)), grad=lambda x: 2 * x, n_steps=5,
                                                    step_size=0.05, temperature=0.1, rng=RNG)),
    "landscape.simulated_odds": (landscape.simulated_odds, dict(
        f=FLAT, h=landscape.Flats(2, (1,), np.array([[0.5]])), temperature=0.01, rng=RNG, n_walkers=20, n_steps=5,
        step_size=0.02)),
    "landscape.first_arrivals": (landscape.first_arrivals, dict(
        f=FLAT, h=landscape.Flats(2, (1,), np.array([[0.5]])), temperature=0.01, eps=0.3, rng=RNG, n_walkers=5,
        n_steps=200, step_size=0.05)),
    "landscape.voronoi_odds": (landscape.voronoi_odds, dict(f=FLAT, h=landscape.Flats(2, (1,), np.array([[0.5]])),
                                                            rng=RNG, n_points=100)),
    "autoencoder.SparseAutoencoder": (lambda **kw: autoencoder.SparseAutoencoder(**kw).fit(PATCHES), dict(
        n_hidden=2, weight_decay=1e-4, sparsity=0.01, sparsity_weight=3.0, max_iter=3, solver="lbfgs",
        batch_size=4, learning_rate=1e-3, dtype="float64", random_state=0)),
    "SparseAutoencoder.fit": (autoencoder.SparseAutoencoder(2, max_iter=3, random_state=0).fit, dict(X=PATCHES)),
    "SparseAutoencoder.fit(sample_weight)": (autoencoder.SparseAutoencoder(2, max_iter=3, random_state=0).fit,
                                             dict(X=PATCHES, sample_weight=np.arange(1.0, 9.0))),
    "SparseAutoencoder.fit(adam)": (autoencoder.SparseAutoencoder(2, max_iter=3, solver="adam", batch_size=4,
                                                                   random_state=0).fit, dict(X=PATCHES)),
    "SparseAutoencoder.cost_and_gradient": (TINY_AE.cost_and_gradient, dict(theta=TINY_AE._initial_parameters(4),
                                                                             X=PATCHES)),
    "SparseAutoencoder.transform": (TINY_AE.transform, dict(X=PATCHES)),
    "SparseAutoencoder.inverse_transform": (TINY_AE.inverse_transform, dict(H=np.full((3, 2), 0.5))),
    "SparseAutoencoder.reconstruct": (TINY_AE.reconstruct, dict(X=PATCHES)),
    "SparseAutoencoder.at_iteration": (autoencoder.SparseAutoencoder(2, max_iter=4, snapshot_every=2,
                                                                     random_state=0).fit(PATCHES).at_iteration,
                                       dict(iteration=2)),
    "SparseAutoencoder.jacobian": (TINY_AE.jacobian, dict(x=PATCHES[0], of="map")),
    "autoencoder.StackedAutoencoder": (lambda **kw: autoencoder.StackedAutoencoder(**kw).fit(PATCHES), dict(
        layer_sizes=[3, 2], fine_tune_iter=2, max_iter=3, random_state=0)),
    "StackedAutoencoder.fit": (autoencoder.StackedAutoencoder([3, 2], max_iter=3, random_state=0).fit,
                               dict(X=PATCHES)),
    "StackedAutoencoder.transform": (STACK.transform, dict(X=PATCHES)),
    "StackedAutoencoder.inverse_transform": (STACK.inverse_transform, dict(H=np.full((3, 2), 0.5))),
    "StackedAutoencoder.reconstruct": (STACK.reconstruct, dict(X=PATCHES)),
    "StackedAutoencoder.chain_cost_and_gradient": (STACK.chain_cost_and_gradient, dict(
        theta=STACK._flatten(STACK._chain()), X=PATCHES)),
    "autoencoder.free_code_decoder": (autoencoder.free_code_decoder, dict(X=PATCHES[:4], n_hidden=2, rng=RNG,
                                                                          max_iter=5)),
    "autoencoder.bar_network": (autoencoder.bar_network, dict(seed=0, pixels=8)),
    "autoencoder.gradient_check": (autoencoder.gradient_check, dict(model=autoencoder.SparseAutoencoder(2),
                                                                    X=PATCHES[:3], step=1e-6)),
    "images.natural_image": (images.natural_image, dict(name="camera")),
    "images.whiten_image": (images.whiten_image, dict(image=np.random.default_rng(2).random((8, 8)), cutoff=0.4)),
    "images.natural_patches": (images.natural_patches, dict(n_patches=4, size=4, rng=RNG, whiten=False)),
    "images.normalize_patches": (images.normalize_patches, dict(patches=PATCHES)),
    "images.zca_whiten": (images.zca_whiten, dict(X=PATCHES, epsilon=0.1)),
    "images.pca_whiten": (images.pca_whiten, dict(X=PATCHES, epsilon=0.1)),
    "images.bars": (images.bars, dict(size=3)),
    "images.to_input": (images.to_input, dict(images=np.zeros((2, 3, 3), dtype=bool))),
    "images.from_output": (images.from_output, dict(rows=np.full((2, 9), 0.5))),
    "images.network_image": (images.network_image, dict(net=TINY_AE, image=np.full((2, 2), 0.5))),
    "images.rectangles": (images.rectangles, dict(n=2, size=6, rng=RNG, min_side=3)),
    "images.edge_and_corner_templates": (images.edge_and_corner_templates, dict(size=4)),
    "images.blob_templates": (images.blob_templates, dict(size=4, sigmas=np.array([1.0, 2.0]))),
    "images.match_templates": (images.match_templates, dict(
        features=np.random.default_rng(6).normal(size=(3, 9)),
        templates={"a": np.eye(9)[:4], "b": np.eye(9)[4:]}, margin=0.05, floor=0.5)),
    "images.phase_randomized": (images.phase_randomized, dict(images=np.random.default_rng(7).normal(size=(2, 3, 3)),
                                                              rng=RNG)),
    "images.rectangle_outlines": (images.rectangle_outlines, dict(size=6, min_side=3)),
    "gabor.gabor": (lambda size, **p: gabor.gabor(gabor.GaborParams(**p), size),
                    dict(size=5, **dataclasses.asdict(GABOR))),
    "gabor.fit_gabor": (gabor.fit_gabor, dict(image=gabor.gabor(GABOR, 5), rng=RNG, n_starts=1)),
    "gabor.fit_filters": (gabor.fit_filters, dict(filters=np.random.default_rng(2).normal(size=(2, 16)), rng=RNG,
                                                  n_starts=1, n_iter=5)),
    "gabor.energy_radius": (gabor.energy_radius, dict(filters=np.random.default_rng(5).normal(size=(2, 16)))),
    "gabor.envelope_matched_noise": (gabor.envelope_matched_noise, dict(filters=np.random.default_rng(5).normal(size=(2, 16)), rng=RNG)),
    "gabor.summarize": (gabor.summarize, dict(fits=gabor.fit_filters(np.random.default_rng(2).normal(size=(2, 16)),
                                                                     RNG, n_starts=1, n_iter=5), threshold=0.7)),
    "shadow.graph_figure": (shadow.graph_figure, dict(image=IMAGE3, extent=1.0)),
    "shadow.graph_image": (shadow.graph_image, dict(figure=shadow.graph_figure(IMAGE3), shape=np.array([3, 3]))),
    "shadow.match_points": (shadow.match_points, dict(a=np.array([[0.0, 0.0], [1.0, 0.0]]),
                                                      b=np.array([[1.1, 0.0], [0.1, 0.0]]))),
    "shadow.interpolate_deformation": (shadow.interpolate_deformation, dict(
        sources=np.random.default_rng(3).normal(size=(6, 2)), targets=np.random.default_rng(4).normal(size=(6, 2)),
        smoothing=0.0)),
    "shadow.jacobian_determinants": (shadow.jacobian_determinants, dict(gamma=lambda p: 2 * p, grid=np.zeros((2, 2)),
                                                                        step=1e-5)),
    "shadow.best_linear_map": (shadow.best_linear_map, dict(sources=np.random.default_rng(3).normal(size=(6, 2)),
                                                            targets=np.random.default_rng(4).normal(size=(6, 2)),
                                                            affine=False)),
    "shadow.function_stabilizer": (shadow.function_stabilizer, dict(image=np.tile(np.linspace(0, 1, 4), (4, 1)),
                                                                     extent=1.0, rtol=0.2, linear=True)),
    "shadow.flow_constraints": (shadow.flow_constraints, dict(image=np.tile(np.linspace(0, 1, 4), (4, 1)), extent=1.0)),
    "shadow.tau_network": (lambda g, f, extent: shadow.tau_network(g, f, extent=extent)(f),
                           dict(g=np.array([[-1.0, 0.0], [0.0, 1.0]]), f=IMAGE3, extent=1.0)),
    "shadow.binary_topology": (shadow.binary_topology, dict(image=IMAGE3)),
    "moduli.segment_point": (moduli.segment_point, dict(a=np.zeros(2), b=np.ones(2))),
    "moduli.point_segment": (moduli.point_segment, dict(P=P1)),
    "moduli.reverse_segment": (moduli.reverse_segment, dict(P=P1)),
    "moduli.generalized_edge": (moduli.generalized_edge, dict(P1=P1, P2=P2, n=3)),
    "moduli.swept_shape": (moduli.swept_shape, dict(P1=P1, P2=P2, resolution=50)),
    "moduli.fan_triangulation": (moduli.fan_triangulation, dict(vertices=np.array([[0.0, 0], [1, 0], [1, 1]]))),
    "plotting.plot_figure": (lambda figure, size: plotting.plot_figure(_ax(), figure, size=size),
                             dict(figure=CIRCLE, size=4.0)),
    "plotting.plot_tubes": (plotting.plot_tubes, dict(radii=(0.4, 0.2))),
    "experiments.band": (experiments.band, dict(values=np.array([0.3, 0.1, 0.2]), form=".2f")),
    "experiments.computes_like": (experiments.computes_like, dict(a=experiments.machine(), b=experiments.machine())),
    "experiments.stored_machine": (experiments.stored_machine, dict(notebook="chapters/10_appendix.ipynb")),
    "plotting.show_images": (plotting.show_images, dict(images=np.zeros((2, 3, 3)), ncols=2, size=1.0)),
    "widgets.plot_gl2_action": (widgets.plot_gl2_action, dict(g=SQUARE)),
    "widgets.plot_generalized_edge": (widgets.plot_generalized_edge, dict(P1=P1, P2=P2)),
}

# Where the message names the argument by another name
ALIASES = {("figures.union", "a"): "figures", ("figures.union", "b"): "figures"}

# Arguments that are not data: the book's own callers pass them, and a wrong one is a programming error
# that Python reports well enough (e.g. ``observe`` callbacks).
NOT_FUZZED = {"landscape.langevin": {"grad"}}

PAIRS = [(case, arg) for case, (_, valid) in CASES.items() for arg in valid if arg not in NOT_FUZZED.get(case, ())]


def fresh(valid: dict) -> dict:
    """The valid arguments, with a new generator in place of a shared one, so every call is reproducible."""
    return {k: np.random.default_rng(0) if isinstance(v, np.random.Generator) else v for k, v in valid.items()}


def has_nan(value, depth: int = 0) -> bool:
    if depth > 4:
        return False
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "fc" and bool(np.isnan(value).any())
    if isinstance(value, (list, tuple)):
        return any(has_nan(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return any(has_nan(v, depth + 1) for v in value.values())
    if dataclasses.is_dataclass(value) or hasattr(value, "__dict__"):
        return any(has_nan(v, depth + 1) for k, v in vars(value).items() if not k.startswith("_"))
    return False


def check_call(fn, kwargs: dict, arg: str, named: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # overflow or invalid value inside NumPy: input unchecked
        try:
            result = fn(**kwargs)
        except (ValueError, TypeError) as exc:
            origin = traceback.extract_tb(exc.__traceback__)[-1]
            assert origin.filename.startswith(LIB_DIR), (
                f"{type(exc).__name__} from {origin.filename}:{origin.lineno}, not from lib: {exc}"
            )
            assert named in str(exc), f"the message does not name {named!r}: {exc}"
            return
        finally:
            import matplotlib.pyplot as plt

            plt.close("all")
    assert not has_nan(result), f"NaN returned for {arg}={kwargs[arg]!r}"


@pytest.mark.parametrize(("case", "arg"), PAIRS, ids=[f"{c}:{a}" for c, a in PAIRS])
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=EXAMPLES == 20,
          database=None)
@given(data=st.data())
def test_malformed_argument_fails_clearly(case, arg, data):
    fn, valid = CASES[case]
    kwargs = fresh(valid)
    kwargs[arg] = data.draw(malformed(valid[arg]), label=arg)
    check_call(fn, kwargs, arg, ALIASES.get((case, arg), arg))


@pytest.mark.parametrize("case", list(CASES))
def test_valid_call_succeeds(case):
    """The baseline call of each case is valid, so a failure above is the malformed argument's doing."""
    fn, valid = CASES[case]
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        assert not has_nan(fn(**fresh(valid)))
