"""Figures: constructors, transforms, rasterizing and back, bad input."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lib.figures import (
    Figure,
    circle,
    ellipse,
    from_image,
    hausdorff,
    line,
    plane,
    point,
    polygon,
    rasterize,
    segment,
    sphere,
    union,
)


def test_constructors_lie_on_their_sets():
    c = circle(center=(1.0, -2.0), radius=3.0)
    assert np.allclose(np.linalg.norm(c.points - [1.0, -2.0], axis=1), 3.0)
    e = ellipse(center=(0.5, 0.5), axes=(2.0, 1.0), angle=0.3)
    c3, s3 = np.cos(0.3), np.sin(0.3)
    local = (e.points - 0.5) @ np.array([[c3, -s3], [s3, c3]])
    assert np.allclose((local[:, 0] / 2) ** 2 + local[:, 1] ** 2, 1.0)
    # ellipse tangents are perpendicular to the gradient of its equation
    grad = np.column_stack([local[:, 0] / 4, local[:, 1]]) @ np.array([[c3, -s3], [s3, c3]]).T
    assert np.allclose(np.einsum("ni,ni->n", grad, e.tangents[:, :, 0]), 0.0)
    s = sphere(radius=2.0)
    assert np.allclose(np.linalg.norm(s.points, axis=1), 2.0)
    assert np.allclose(np.einsum("ni,nik->nk", s.points, s.tangents), 0.0)


def test_segment_line_polygon_structure():
    s = segment([0, 0], [1, 1], n_points=11)
    assert s.pinned.tolist() == [True] + [False] * 9 + [True]
    assert not line([1, 0]).pinned.any()
    sq = polygon([[1, 1], [-1, 1], [-1, -1], [1, -1]], n_per_edge=10)
    assert len(sq) == 40 and sq.pinned.sum() == 4
    assert np.allclose(np.sort(np.abs(sq.points[sq.pinned]).ravel()), 1.0)
    u = union(point([0, 0]), circle(), plane([1, 0], [0, 1], n_per_side=3))
    assert u.tangents.shape == (1 + 200 + 9, 2, 2)


def test_transform_moves_points_and_tangents():
    g = np.array([[2.0, 1.0], [0.0, 1.0]])
    f = circle(n_points=50).transform(g)
    assert np.allclose(f.points, circle(n_points=50).points @ g.T)
    assert np.allclose(f.tangents[:, :, 0], circle(n_points=50).tangents[:, :, 0] @ g.T)


def test_affine_transform_translates():
    shift = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, -1.0], [0.0, 0.0, 1.0]])
    moved = circle().transform(shift)
    assert np.allclose(moved.points, circle().points + [2.0, -1.0])
    assert np.allclose(moved.tangents, circle().tangents)


def test_hausdorff_sees_equal_sets_and_different_ones():
    rot = np.array([[0.0, -1.0], [1.0, 0.0]])
    assert hausdorff(circle(n_points=100), circle(n_points=100).transform(rot)) < 1e-12
    assert abs(hausdorff(circle(), circle(radius=2.0)) - 1.0) < 1e-12


@given(arrays(bool, (8, 8)))
@settings(max_examples=50, deadline=None)
def test_image_round_trip(image):
    if not image.any():
        with pytest.raises(ValueError, match="empty"):
            from_image(image)
        return
    f = from_image(image, extent=2.0)
    assert f.pinned.all()
    assert np.array_equal(rasterize(f, size=8, extent=2.0), image)


def test_rasterize_segment_is_connected_row():
    image = rasterize(segment([-1, 0.01], [1, 0.01], n_points=200), size=16)
    assert image.sum() == 16 and image[7].all()


def test_bad_input():
    with pytest.raises(ValueError, match="points must contain at least one point"):
        Figure(np.zeros((0, 2)))
    with pytest.raises(ValueError, match="points must have 2 dimension"):
        Figure([1.0, 2.0])
    with pytest.raises(ValueError, match="tangents must have shape"):
        Figure(np.zeros((3, 2)), tangents=np.zeros((2, 2)))
    with pytest.raises(ValueError, match="points must be finite"):
        Figure([[np.nan, 0.0]])
    with pytest.raises(TypeError, match="pinned must be a boolean array"):
        Figure(np.zeros((2, 2)), pinned=[1, 0])
    with pytest.raises(ValueError, match="b - a must be a nonzero vector"):
        segment([1, 1], [1, 1])
    with pytest.raises(ValueError, match="axes must be two positive"):
        ellipse(axes=(1.0, -1.0))
    with pytest.raises(ValueError, match="u and v must be linearly independent"):
        plane([1, 0, 0], [2, 0, 0])
    with pytest.raises(ValueError, match="figures must all lie in the same R"):
        union(circle(), sphere())
    with pytest.raises(TypeError, match=r"figures\[1\] must be a Figure"):
        union(circle(), np.zeros((2, 2)))
    with pytest.raises(ValueError, match="figure must lie in R\\^2 to be rasterized"):
        rasterize(sphere())
    with pytest.raises(ValueError, match="g must have shape"):
        circle().transform(np.eye(4))
    with pytest.raises(ValueError, match="affine g must have last row"):
        circle().transform(np.ones((3, 3)))
    with pytest.raises(TypeError, match="image must be a boolean array"):
        from_image(np.ones((2, 2)))
