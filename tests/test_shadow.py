"""Images as figures, point matching, deformations, folding checks, linear fits."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis.extra.numpy import arrays
from hypothesis import strategies as st

from lib.groups import GL
from lib.shadow import (Topology, best_linear_map, binary_topology, graph_figure, graph_image,
                        interpolate_deformation, jacobian_determinants, match_points)


@given(arrays(float, (5, 5), elements=st.floats(-10, 10, allow_nan=False)))
@settings(max_examples=50, deadline=None)
def test_graph_round_trip(image):
    assert np.array_equal(graph_image(graph_figure(image), image.shape), image)


def test_graph_tangents_are_tangent():
    x = np.linspace(-1, 1, 9)
    image = np.add.outer(-0.5 * x, 2 * x)  # a plane z = 2x - 0.5 y in pixel coordinates
    f = graph_figure(image[::-1])          # row 0 at the top: y decreases down the rows
    normal = np.cross(f.tangents[:, :, 0], f.tangents[:, :, 1])
    assert np.allclose(normal / normal[:, 2:], normal[0] / normal[0, 2])  # one plane, one normal


def test_known_linear_map_is_recovered_exactly():
    rng = np.random.default_rng(0)
    g = GL(2).random(rng)
    p = rng.normal(size=(30, 2))
    fit, residual = best_linear_map(p, p @ g.T)
    assert np.allclose(fit, g) and residual < 1e-12
    shift = np.array([0.5, -1.0])
    fit_affine, residual = best_linear_map(p, p @ g.T + shift, affine=True)
    assert np.allclose(fit_affine[:2, :2], g) and np.allclose(fit_affine[:2, 2], shift) and residual < 1e-12
    # a thin-plate extension of a linear correspondence is that linear map, det = det g everywhere
    gamma = interpolate_deformation(p, p @ g.T)
    grid = rng.uniform(-2, 2, (100, 2))
    assert np.allclose(gamma(grid), grid @ g.T, atol=1e-8)
    assert np.allclose(jacobian_determinants(gamma, grid), np.linalg.det(g), atol=1e-5)


def test_underdetermined_fit_is_closest_to_identity():
    line = np.column_stack([np.linspace(-1, 1, 5), np.zeros(5)])
    g, residual = best_linear_map(line, line * [2.0, 1.0])   # stretch along the line
    assert np.allclose(g, np.diag([2.0, 1.0])) and residual < 1e-12
    g, residual = best_linear_map(line, line, affine=True)
    assert np.allclose(g, np.eye(3)) and residual < 1e-12


def test_matching_finds_a_permutation_and_handles_fewer_targets():
    rng = np.random.default_rng(1)
    a = rng.normal(size=(12, 2))
    order = rng.permutation(12)
    assert np.array_equal(a[order][match_points(a, a[order])], a)
    partner = match_points(a, a[:4])
    assert set(partner.tolist()) == {0, 1, 2, 3} and len(partner) == 12


def test_a_folding_map_is_detected():
    corners = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]])
    src = np.vstack([corners, [[-0.5, 0.0], [0.5, 0.0]]])
    dst = np.vstack([corners, [[0.5, 0.0], [-0.5, 0.0]]])
    g1 = np.linspace(-1, 1, 21)
    grid = np.stack(np.meshgrid(g1, g1), axis=-1).reshape(-1, 2)
    dets = jacobian_determinants(interpolate_deformation(src, dst), grid)
    assert dets.min() < 0 < dets.max()
    mild = np.vstack([corners, [[-0.5, 0.0], [0.6, 0.1]]])
    assert jacobian_determinants(interpolate_deformation(src, mild), grid).min() > 0


def test_collinear_sources_still_interpolate():
    src = np.column_stack([np.linspace(-1, 1, 5), np.zeros(5)])
    dst = src + [0.0, 0.3]
    gamma = interpolate_deformation(src, dst)
    assert np.allclose(gamma(src), dst)


def test_bad_input():
    with pytest.raises(ValueError, match="image must be square"):
        graph_figure(np.zeros((3, 4)))
    with pytest.raises(ValueError, match="a and b must have points of the same dimension"):
        match_points(np.zeros((2, 2)), np.zeros((2, 3)))
    with pytest.raises(ValueError, match="a and b must each hold at least one point"):
        match_points(np.zeros((0, 2)), np.zeros((2, 2)))
    with pytest.raises(ValueError, match="sources must not repeat with different targets"):
        interpolate_deformation([[0.0, 0.0], [0.0, 0.0], [1.0, 1.0]], [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0]])
    with pytest.raises(ValueError, match="sources and targets must have the same"):
        interpolate_deformation(np.zeros((3, 2)), np.zeros((2, 2)))
    with pytest.raises(TypeError, match="gamma must be callable"):
        jacobian_determinants(np.eye(2), np.zeros((1, 2)))
    with pytest.raises(ValueError, match="sources and targets must have the same non-empty shape"):
        best_linear_map(np.zeros((0, 2)), np.zeros((0, 2)))
    with pytest.raises(ValueError, match="points must be finite"):
        interpolate_deformation(np.eye(3, 2), np.eye(3, 2))(np.array([[np.nan, 0.0]]))


def test_function_stabilizer_counts_exact_symmetries():
    from lib.groups import Aff
    from lib.shadow import flow_constraints, function_stabilizer

    x = np.linspace(-1, 1, 10)
    ramp = np.tile(x, (10, 1))
    assert function_stabilizer(ramp, rtol=1e-9).dim == 3
    radial = np.add.outer(x**2, x**2)     # rotations about the centre fix it: one symmetry
    S = function_stabilizer(radial)       # (one-sided differences at the border make it approximate)
    assert S.group.dim == Aff(2).dim and S.dim == 1 and S.singular_values[-1] < 0.05 < 0.3 < S.singular_values[-2]
    A, t = S.basis[-1][:2, :2], S.basis[-1][:2, 2]
    assert np.linalg.norm(A + A.T) < 0.1 * np.linalg.norm(A) and np.linalg.norm(t) < 0.1  # a rotation
    M = flow_constraints(radial)  # the basis is the flow that changes the image least, of unit length
    flow = np.concatenate([A.ravel(), t])
    assert np.isclose(np.linalg.norm(flow), 1) and np.isclose(np.linalg.norm(M @ flow) / np.linalg.norm(M, 2),
                                                              S.singular_values[-1])
    noise = np.random.default_rng(0).normal(size=(10, 10))
    assert function_stabilizer(noise).singular_values.min() > 0.1 and function_stabilizer(noise).dim == 0
    with pytest.raises(ValueError, match="image must not be constant"):
        function_stabilizer(np.ones((4, 4)))


def test_tau_stabilizes_f_and_falls_back():
    from lib.shadow import tau_network

    plus = np.zeros((5, 5), dtype=bool)
    plus[2, :] = plus[:, 2] = True
    rotation = np.array([[0.0, -1.0], [1.0, 0.0]])
    tau = tau_network(rotation, plus)
    assert np.array_equal(tau(plus), plus)
    corner = np.zeros((5, 5), dtype=bool)
    corner[0, 0] = True
    assert np.array_equal(tau(corner), np.rot90(corner))
    shear = tau_network([[1.0, 0.3], [0.0, 1.0]], plus)
    assert np.array_equal(shear(corner), plus)  # off the grid: the fallback zeta_f
    with pytest.raises(ValueError, match="g must be an invertible 2 x 2 matrix"):
        tau_network(np.zeros((2, 2)), plus)
    with pytest.raises(ValueError, match="h must be a boolean image"):
        tau(np.zeros((4, 4), dtype=bool))


def _euler_characteristic(image):
    """V - E + F of the cell complex of the closed on-squares (an independent count)."""
    rows, cols = np.nonzero(image)
    corners = {(r + dr, c + dc) for r, c in zip(rows, cols) for dr in (0, 1) for dc in (0, 1)}
    edges = {e for r, c in zip(rows, cols)
             for e in (("h", r, c), ("h", r + 1, c), ("v", r, c), ("v", r, c + 1))}
    return len(corners) - len(edges) + len(rows)


@pytest.mark.parametrize("image, expected", [
    (np.ones((1, 1), dtype=bool), Topology(1, 0, 0)),
    (np.eye(4, dtype=bool), Topology(1, 0, 3)),
    (np.array([[1, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=bool), Topology(1, 1, 0)),
    # a ring whose gap is a single corner: the corner belongs to the set, so the hole stays closed
    (np.array([[1, 1, 0], [1, 0, 1], [1, 1, 1]], dtype=bool), Topology(1, 1, 1)),
    (np.array([[1, 0, 1], [0, 0, 0], [1, 0, 1]], dtype=bool), Topology(4, 0, 0)),
    (np.zeros((3, 3), dtype=bool), Topology(0, 0, 0)),
])
def test_binary_topology_of_known_sets(image, expected):
    assert binary_topology(image) == expected


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2**25 - 1), st.integers(2, 3), st.integers(0, 3))
def test_binary_topology_is_a_property_of_the_set(bits, refine, quarter_turns):
    image = (bits >> np.arange(25) & 1).astype(bool).reshape(5, 5)
    found = binary_topology(image)
    # the same union of squares drawn on a finer grid, or turned, has the same invariants
    assert binary_topology(np.kron(image, np.ones((refine, refine), dtype=bool))) == found
    assert binary_topology(np.rot90(image, quarter_turns)) == found
    assert binary_topology(image.T) == found
    # Euler characteristic: components - holes = V - E + F
    assert found.components - found.holes == _euler_characteristic(image)


def test_binary_topology_rejects_bad_images():
    with pytest.raises(TypeError, match="image"):
        binary_topology(np.ones((3, 3)))
    with pytest.raises(ValueError, match="image"):
        binary_topology(np.ones(3, dtype=bool))
