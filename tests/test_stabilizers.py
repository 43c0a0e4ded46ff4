"""Stabilizers: known dimensions, numeric against exact, conjugation, D4, bad input."""

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lib.figures import Figure, circle, ellipse, hausdorff, line, plane, point, polygon, segment, sphere, union
from lib.groups import GL, O, SO, Aff
from lib.pixel_groups import dihedral_group
from lib.stabilizers import (orbit_dimension_global, stabilizer, stabilizer_exact,
                             tangency_constraints)

x, y, z = sympy.symbols("x y z")


def parabola(n_points=201):
    t = np.linspace(-1.5, 1.5, n_points)
    return Figure(np.column_stack([t, t**2]), np.column_stack([np.ones_like(t), 2 * t]))


def hyperbola(n_points=201):
    t = np.linspace(-1.5, 1.5, n_points)
    return Figure(np.column_stack([np.exp(t), np.exp(-t)]), np.column_stack([np.exp(t), -np.exp(-t)]))


# (figure, group, expected dimension, exact equations or None): the dimensions
# follow from the definitions, e.g. the stabilizer of a k-plane in GL(n) has
# dimension n^2 - k(n - k), that of a point p != 0 has n^2 - n.
CASES = {
    "circle": (circle(), GL(2), 1, x**2 + y**2 - 1),
    "ellipse": (ellipse(axes=(2.0, 1.0)), GL(2), 1, x**2 / 4 + y**2 - 1),
    # rotated by the angle with cos = 3/5, sin = 4/5, so the equation is rational
    "rotated ellipse": (
        ellipse(axes=(2.0, 1.0), angle=np.arctan2(4, 3)),
        GL(2),
        1,
        ((3 * x + 4 * y) / 5) ** 2 / 4 + ((-4 * x + 3 * y) / 5) ** 2 - 1,
    ),
    "edge through 0, endpoints pinned": (segment([-1.0, -0.5], [2.0, 1.0]), GL(2), 2, None),
    "edge from 0, endpoints pinned": (segment([0.0, 0.0], [1.0, 1.0]), GL(2), 2, None),
    "line through 0": (line([1.0, 2.0]), GL(2), 3, y - 2 * x),
    "point != 0": (point([1.0, 2.0]), GL(2), 2, [x - 1, y - 2]),
    "origin": (point([0.0, 0.0]), GL(2), 4, [x, y]),
    "square centred at 0": (polygon([[1, 1], [-1, 1], [-1, -1], [1, -1]]), GL(2), 0, None),
    "segment off 0": (segment([1.0, 0.0], [0.0, 1.0]), GL(2), 0, None),
    "parabola": (parabola(), GL(2), 1, y - x**2),
    "hyperbola": (hyperbola(), GL(2), 1, x * y - 1),
    "unit sphere": (sphere(), GL(3), 3, x**2 + y**2 + z**2 - 1),
    "plane through 0": (plane([1.0, 0.0, 0.0], [0.0, 1.0, 0.0]), GL(3), 7, z),
    "tilted plane through 0": (plane([1.0, -1.0, 0.0], [0.0, 1.0, -1.0]), GL(3), 7, x + y + z),
    "line in R^3": (line([1.0, 2.0, 3.0]), GL(3), 9 - 2, [2 * x - y, 3 * x - z]),
    "circle in O(2)": (circle(), O(2), 1, x**2 + y**2 - 1),
    "ellipse in SO(2)": (ellipse(axes=(2.0, 1.0)), SO(2), 0, x**2 / 4 + y**2 - 1),
    "sphere in SO(3)": (sphere(), SO(3), 3, x**2 + y**2 + z**2 - 1),
    "plane in SO(3)": (plane([1.0, 0.0, 0.0], [0.0, 1.0, 0.0]), SO(3), 1, z),
}


@pytest.mark.parametrize("name", list(CASES))
def test_known_dimensions(name):
    figure, group, expected, _ = CASES[name]
    S = stabilizer(figure, group)
    assert S.dim == expected
    assert S.orbit_dim == group.dim - expected
    assert S.basis.shape == (expected, group.n, group.n)
    # a clear gap: the zeros are at rounding level, the rest are not
    s = S.singular_values
    scale = np.linalg.norm(tangency_constraints(figure))
    assert np.all(s[group.dim - expected :] <= 1e-10 * scale)
    assert np.all(s[: group.dim - expected] > 1e-3 * scale)


@pytest.mark.parametrize("name", [k for k, v in CASES.items() if v[3] is not None])
def test_numeric_and_exact_agree(name):
    figure, group, expected, equation = CASES[name]
    variables = (x, y, z)[: group.n]
    exact = stabilizer_exact(equation, variables, group)
    assert exact.dim == expected
    numeric = stabilizer(figure, group).basis.reshape(expected, group.n**2)
    exact_basis = np.array([np.array(b, dtype=float).ravel() for b in exact.basis]).reshape(expected, group.n**2)
    # the same subspace: each basis lies in the span of the other
    both = np.vstack([numeric, exact_basis])
    assert np.linalg.matrix_rank(both, tol=1e-8) == expected


# (Figures sampled on a window of an unbounded set, such as a line or a parabola,
# are left out: the flow carries the window's ends beyond the sample.)
@pytest.mark.parametrize("name", ["circle", "rotated ellipse", "edge through 0, endpoints pinned", "point != 0"])
def test_stabilizer_flows_map_the_figure_to_itself(name):
    figure, group, _, _ = CASES[name]
    spacing = np.max(np.linalg.norm(np.diff(figure.points, axis=0), axis=1), initial=1e-6)
    for X in stabilizer(figure, group).basis:
        moved = figure.transform(group.exp(0.2 * X))
        assert hausdorff(figure, moved) < spacing
    g = GL(2).random(np.random.default_rng(0))
    assert hausdorff(figure, figure.transform(g)) > 10 * spacing


@given(st.sampled_from(["circle", "rotated ellipse", "edge through 0, endpoints pinned", "line through 0", "point != 0"]),
       st.integers(0, 2**32 - 1))
@settings(max_examples=40, deadline=None)
def test_conjugate_figures_have_conjugate_stabilizers(name, seed):
    figure, group, expected, _ = CASES[name]
    g = GL(2).random(np.random.default_rng(seed))
    if np.linalg.cond(g) > 1e3:
        return
    S = stabilizer(figure.transform(g), rtol=1e-7)
    assert S.dim == expected
    conjugated = np.linalg.inv(g) @ S.basis @ g  # g^-1 S_{gf} g = S_f
    assert np.allclose(stabilizer(figure).basis.shape, conjugated.shape)
    assert np.linalg.matrix_rank(
        np.vstack([conjugated.reshape(expected, -1), stabilizer(figure).basis.reshape(expected, -1)]), tol=1e-6
    ) == expected


def test_exact_limits_are_stated():
    # x^2 + y^2 = 0 has only the origin as real points; the ideal is that of two
    # complex lines, whose stabilizer (dim 2) is not the origin's (dim 4).
    assert stabilizer_exact(x**2 + y**2, (x, y)).dim == 2
    with pytest.raises(ValueError, match="no solutions"):
        stabilizer_exact([x, x - 1], (x, y))


FIGURES_5x5 = {
    # name: (pixels, |orbit| under D4)
    "plus": ([(2, 0), (2, 1), (2, 2), (2, 3), (2, 4), (0, 2), (1, 2), (3, 2), (4, 2)], 1),
    "middle bar": ([(2, 0), (2, 1), (2, 2), (2, 3), (2, 4)], 2),
    "diagonal": ([(i, i) for i in range(5)], 2),
    "border edge": ([(0, j) for j in range(5)], 4),
    "L in a corner": ([(0, 0), (0, 1), (0, 2), (1, 0), (2, 0)], 4),  # mirror-symmetric in the diagonal
    "L off the diagonal": ([(0, 0), (1, 0), (2, 0), (2, 1), (2, 2)], 8),
    "one off-axis pixel": ([(0, 1)], 8),
}


@pytest.mark.parametrize("name", list(FIGURES_5x5))
def test_orbit_stabilizer_d4(name):
    pixels, orbit_size = FIGURES_5x5[name]
    image = np.zeros((5, 5), dtype=bool)
    image[tuple(np.array(pixels).T)] = True
    D4 = dihedral_group(5)
    orbit, stab = D4.orbit(image), D4.stabilizer(image)
    assert len(orbit) == orbit_size
    assert len(orbit) * len(stab) == D4.order == 8
    assert all(np.array_equal(D4.act(name_, image), image) for name_ in stab)


@given(arrays(bool, (4, 4)))
@settings(max_examples=50, deadline=None)
def test_orbit_stabilizer_d4_random(image):
    D4 = dihedral_group(4)
    assert len(D4.orbit(image)) * len(D4.stabilizer(image)) == 8


def test_d4_is_the_dihedral_group():
    D4 = dihedral_group(3)
    assert D4.order == 8
    image = np.arange(9).reshape(3, 3) == 1
    assert np.array_equal(D4.act("rrrr", image) if "rrrr" in D4.names else image, image)
    # r has order 4, s order 2, and s r s = r^-1
    assert np.array_equal(D4.act("rr", D4.act("rr", image)), image)
    assert np.array_equal(D4.act("s", D4.act("s", image)), image)
    srs = D4.act("s", D4.act("r", D4.act("s", image)))
    assert np.array_equal(srs, D4.act("rrr", image))


def test_bad_input():
    with pytest.raises(TypeError, match="figure must be a Figure"):
        stabilizer(np.zeros((3, 2)))
    with pytest.raises(ValueError, match="group acts on R\\^3 but the figure lies in R\\^2"):
        stabilizer(circle(), GL(3))
    with pytest.raises(TypeError, match="group must be a MatrixGroup"):
        stabilizer(circle(), "GL(2)")
    with pytest.raises(ValueError, match="rtol must be finite"):
        stabilizer(circle(), rtol=np.nan)
    with pytest.raises(ValueError, match=r"equation\[0\] must be a polynomial"):
        stabilizer_exact(sympy.sin(x) + y, (x, y))
    with pytest.raises(ValueError, match="identically zero"):
        stabilizer_exact(x - x, (x, y))
    with pytest.raises(TypeError, match="variables must be"):
        stabilizer_exact(x, ("x", "y"))
    with pytest.raises(ValueError, match="image must have shape"):
        dihedral_group(3).orbit(np.zeros((4, 4), dtype=bool))
    with pytest.raises(ValueError, match="must be a permutation"):
        from lib.pixel_groups import PixelGroup

        PixelGroup({"a": np.array([0, 0, 1, 2])}, 2)


def test_echelon_basis_depends_only_on_the_algebra():
    from dataclasses import replace

    S = stabilizer(line([1.0, 2.0]))
    rotation = np.linalg.qr(np.random.default_rng(0).standard_normal((S.dim, S.dim)))[0]
    rotated = replace(S, basis=np.einsum("ab,bij->aij", rotation, S.basis))
    assert np.allclose(rotated.echelon_basis(), S.echelon_basis())
    both = np.vstack([S.basis.reshape(S.dim, -1), S.echelon_basis().reshape(S.dim, -1)])
    assert np.linalg.matrix_rank(both, tol=1e-8) == S.dim


def test_gap_separates_exact_zeros_from_the_rest():
    assert stabilizer(circle()).gap > 1e10
    f = circle(n_points=200)
    rng = np.random.default_rng(0)
    wobbly = Figure(f.points, f.tangents[:, :, 0] + 1e-3 * rng.standard_normal((200, 2)))  # tangents a bit off
    S = stabilizer(wobbly, rtol=1e-2)  # a loose threshold still finds the rotation...
    assert S.dim == 1 and S.gap < 1e4  # ...but the gap shows it is only approximate


def test_affine_stabilizers():


    A = Aff(2)
    # every segment, anywhere, has the same stabilizer dimension in Aff(2):
    # fixing two distinct points leaves 6 - 4 = 2 dimensions
    assert stabilizer(segment([1.0, 0.0], [0.0, 1.0]), A).dim == 2
    assert stabilizer(segment([-1.0, 0.0], [1.0, 0.0]), A).dim == 2
    assert stabilizer(circle(center=(1.0, 1.0)), A).dim == 1
    assert stabilizer(point([3.0, 1.0]), A).dim == 4
    assert stabilizer(line([1.0, 1.0], through=[0.0, 1.0]), A).dim == 4
    assert stabilizer(polygon([[1, 1], [-1, 1], [-1, -1], [1, -1]]), A).dim == 0
    exact = stabilizer_exact((x - 1) ** 2 + (y - 1) ** 2 - 1, (x, y), A)
    assert exact.dim == 1 and exact.basis[0].shape == (3, 3)


def test_exact_union_of_pieces_agrees_with_numeric():
    from lib.stabilizers import stabilizer_exact_union

    edge = [2 * y - x, [x - 2, y - 1], [x + 2, y + 1]]
    square = [x - 1, x + 1, y - 1, y + 1, [x - 1, y - 1], [x + 1, y - 1], [x + 1, y + 1], [x - 1, y + 1]]
    crossing = [y, x, [x - 1, y], [x + 1, y], [x, y - 1], [x, y + 1]]
    numeric = {
        "edge": segment([-2.0, -1.0], [2.0, 1.0]),
        "square": polygon([[1, 1], [-1, 1], [-1, -1], [1, -1]]),
        "crossing": union(segment([-1.0, 0.0], [1.0, 0.0]), segment([0.0, -1.0], [0.0, 1.0])),
    }
    for name, pieces in (("edge", edge), ("square", square), ("crossing", crossing)):
        exact = stabilizer_exact_union(pieces, (x, y))
        S = stabilizer(numeric[name])
        assert exact.dim == S.dim
        if S.dim:
            both = np.vstack([S.basis.reshape(S.dim, -1)] + [np.array(b, dtype=float).reshape(1, -1) for b in exact.basis])
            assert np.linalg.matrix_rank(both, tol=1e-8) == S.dim


@pytest.mark.parametrize(
    "name,compact",
    [("circle", True), ("rotated ellipse", True), ("square centred at 0", True), ("unit sphere", True),
     ("edge through 0, endpoints pinned", False), ("line through 0", False), ("point != 0", False),
     ("origin", False), ("parabola", False), ("hyperbola", False)],
)
def test_compactness(name, compact):
    from lib.stabilizers import is_compact

    figure, group, _, _ = CASES[name]
    assert is_compact(stabilizer(figure, group).basis) == compact


ORBIT_CASES = [
    (point([1.0, 2.0]), GL(2)),
    (point([0.0, 0.0]), GL(2)),
    (segment([-1.0, -0.5], [1.0, 0.5]), GL(2)),
    (segment([1.0, 0.0], [0.0, 1.0]), GL(2)),
    (circle(), GL(2)),
    (ellipse(axes=(1.2, 0.6), angle=0.5), GL(2)),
    (polygon([[1, 1], [-1, 1], [-1, -1], [1, -1]]), GL(2)),
    (circle(), SO(2)),
    (ellipse(axes=(1.2, 0.6)), SO(2)),
    (sphere(n_points=2000), GL(3)),
    (sphere(n_points=2000), SO(3)),
    (segment([1.0, 0.0], [0.0, 1.0]), Aff(2)),
    (circle(center=(1.0, 1.0)), Aff(2)),
]


@pytest.mark.parametrize("index", range(len(ORBIT_CASES)))
def test_orbit_stabilizer_for_lie_groups(index):
    # dim G - dim S (tangency constraints) = dim O (measured on the orbit, no tangents used)
    from lib.stabilizers import orbit_dimension

    figure, group = ORBIT_CASES[index]
    found = orbit_dimension(figure, group)
    dim_orbit, s = found.dim, found.singular_values
    assert group.dim - stabilizer(figure, group).dim == dim_orbit
    assert np.all((s > 1e-1) | (s < 1e-4))  # a clear gap between zero and nonzero


@pytest.mark.parametrize("seed", range(3))
def test_orbit_dimension_global_finds_known_orbit_dimensions(seed):
    rng = np.random.default_rng(seed)
    cases = [  # (figure, group, dim of the orbit, known without computing a stabilizer)
        (point([1.0, 2.0, 0.5]), GL(3), 3),         # a nonzero point of R^3 goes anywhere but 0
        (sphere(n_points=500), GL(3), 6),           # centred ellipsoids: positive definite 3 x 3 matrices
        (circle(), GL(2), 3),                       # centred ellipses: positive definite 2 x 2 matrices
        (point([1.0, 2.0]), GL(2), 2),              # a nonzero point goes anywhere but 0
        (circle(center=(1.0, 1.0)), Aff(2), 5),     # all ellipses
        (circle(), SO(2), 0),
    ]
    for figure, group, expected in cases:
        assert orbit_dimension_global(figure, group, rng).dim == expected


def test_orbit_dimension_global_rejects_bad_input():
    with pytest.raises(ValueError, match="radius"):
        orbit_dimension_global(circle(), GL(2), np.random.default_rng(0), radius=2.0)
    with pytest.raises(TypeError, match="rng"):
        orbit_dimension_global(circle(), GL(2), 0)


def test_results_are_frozen_and_compared_by_identity():
    """A stabilizer can be compared (by identity) and its arrays cannot be written."""
    from lib.figures import circle
    from lib.stabilizers import orbit_dimension

    S = stabilizer(circle())
    assert S == S and S != stabilizer(circle())  # no elementwise array comparison, no error
    for array in (S.basis, S.singular_values, orbit_dimension(circle()).singular_values):
        with pytest.raises(ValueError, match="read-only"):
            array[0] = 0
    x, y = sympy.symbols("x y")
    exact = stabilizer_exact(x**2 + y**2 - 1, (x, y))
    assert isinstance(exact.basis, tuple) and all(isinstance(b, sympy.ImmutableMatrix) for b in exact.basis)
