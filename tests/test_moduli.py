"""Segments as points of R^4 and the shapes generalized edges sweep (Figure 4(b))."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.moduli import fan_triangulation, generalized_edge, point_segment, reverse_segment, segment_point, swept_shape


def swept_area_by_pixels(P1, P2, n=900, resolution=300):
    """Area of the union of the swept segments, counted in pixels: independent of swept_shape.

    The samples must be denser than the cells, or cells inside the shape are missed and the
    area undercounted: with n = 900 segments of n points each, neighbouring samples (along a
    segment and between segments) are at most sqrt(2) x extent / 900 apart, under half a cell.
    """
    segments = generalized_edge(P1, P2, n=n)
    u = np.linspace(0, 1, n)[:, None]
    points = np.concatenate([(1 - u) * a + u * b for a, b in segments])
    low, high = points.min(axis=0), points.max(axis=0)
    h = (high - low).max() / resolution
    column, row = np.floor((points - low) / h).astype(int).T
    n_cells = len(np.unique(column * (resolution + 1) + row))
    return n_cells * h * h


FIGURE_4B = {
    # the two segments do not meet: a trapezoid
    "trapezoid": ([0.0, 0.0, 2.0, 0.0], [0.5, 1.0, 1.5, 1.0], "quadrilateral", 4, False, 1.5),
    # a shared start point: a triangle
    "triangle": ([0.0, 0.0, 2.0, 0.0], [0.0, 0.0, 0.0, 2.0], "triangle", 3, False, 2.0),
    # crossing segments: a butterfly
    "butterfly": ([0.0, 0.0, 2.0, 2.0], [0.0, 2.0, 2.0, 0.0], "butterfly", 4, True, 2.0),
}


@pytest.mark.parametrize("name", list(FIGURE_4B))
def test_figure_4b_shapes(name):
    P1, P2, kind, n_vertices, crosses, area = FIGURE_4B[name]
    shape = swept_shape(P1, P2)
    assert shape.kind == kind and len(shape.vertices) == n_vertices
    assert shape.self_intersecting == crosses
    assert abs(shape.area - area) < (1e-9 if kind != "butterfly" else 0.03 * area)  # butterflies: raster
    assert abs(swept_area_by_pixels(P1, P2) - area) < 0.03 * area


@given(st.lists(st.floats(-2, 2, allow_nan=False), min_size=8, max_size=8))
@settings(max_examples=40, deadline=None)
def test_area_agrees_with_pixel_count(coords):
    P1, P2 = np.array(coords[:4]), np.array(coords[4:])
    a1, b1 = P1[:2], P1[2:]
    a2, b2 = P2[:2], P2[2:]
    if min(np.linalg.norm(a1 - b1), np.linalg.norm(a2 - b2)) < 0.3:
        return
    shape = swept_shape(P1, P2)
    if shape.area < 0.2 or shape.kind == "folded":  # folded sweeps are measured by pixels themselves
        return
    # Counting the cells the samples meet overestimates by the cells the outline crosses, part-covered:
    # at most about perimeter x cell size (h); samples missing an inner cell would underestimate.
    corners = np.array([a1, b1, b2, a2])
    h = np.ptp(corners, axis=0).max() / 300
    perimeter = np.linalg.norm(corners - np.roll(corners, 1, axis=0), axis=1).sum()
    excess = swept_area_by_pixels(P1, P2) - shape.area
    assert -0.01 * shape.area < excess < perimeter * h + 4 * h * h


def test_a_folded_sweep_is_recognized_and_measured():
    P1, P2 = [0.0, 0.0, 0.0, -1.0], [0.0, -2.0, 1.0, 0.0]
    shape = swept_shape(P1, P2)
    assert shape.kind == "folded"
    assert abs(shape.area - swept_area_by_pixels(P1, P2)) < 0.03 * shape.area


def test_fan_triangulation_covers_the_polygon():
    hexagon = np.array([[np.cos(t), np.sin(t)] for t in np.linspace(0, 2 * np.pi, 7)[:-1]])
    triangles = fan_triangulation(hexagon)
    assert len(triangles) == 4
    total = sum(swept_shape(P1, P2).area for P1, P2 in triangles)
    assert np.isclose(total, 3 * np.sqrt(3) / 2)  # the regular hexagon's area
    assert all(swept_shape(P1, P2).kind == "triangle" for P1, P2 in triangles)


def test_round_trip_and_bad_input():
    a, b = point_segment(segment_point([1.0, 2.0], [3.0, 4.0]))
    assert a.tolist() == [1.0, 2.0] and b.tolist() == [3.0, 4.0]
    with pytest.raises(ValueError, match="a and b must differ"):
        segment_point([1.0, 1.0], [1.0, 1.0])
    with pytest.raises(ValueError, match="P must be a point of R\\^4"):
        point_segment([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="vertices must be at least 3 points"):
        fan_triangulation([[0.0, 0.0], [1.0, 0.0]])
    assert swept_shape([0, 0, 1, 0], [0, 0, 1, 0]).kind == "degenerate"


def test_the_other_lift_sweeps_another_region_and_the_raster_converges_to_its_exact_area():
    # reversing the top of the trapezoid: horizontal segments of length |2 - 3t|, area 5/6;
    # reversing one leg of the triangle: the region under sqrt(x) + sqrt(y) = sqrt(2), area 2/3
    trapezoid = (segment_point([0, 0], [2, 0]), reverse_segment(segment_point([0.5, 1], [1.5, 1])))
    triangle = (segment_point([0, 0], [2, 0]), reverse_segment(segment_point([0, 0], [0, 2])))
    for (P1, P2), kind, exact in ((trapezoid, "butterfly", 5 / 6), (triangle, "folded", 2 / 3)):
        errors = [swept_shape(P1, P2, resolution=n).area - exact for n in (150, 300, 600)]
        assert swept_shape(P1, P2).kind == kind
        assert 0 < errors[2] < errors[1] < errors[0] < 0.05
    assert reverse_segment(reverse_segment([1, 2, 3, 4])).tolist() == [1.0, 2.0, 3.0, 4.0]
    with pytest.raises(ValueError, match="resolution must be >= 10"):
        swept_shape(*trapezoid, resolution=5)
