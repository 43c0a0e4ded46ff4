"""Walks on GL(2), distances to stabilizers, hitting times, tubes."""

import numpy as np
import pytest
import scipy.linalg
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lib.groups import GL, O
from lib.walks import (
    distance_to_parabola_stabilizer,
    distance_to_fixer,
    distance_to_identity,
    distance_to_line_stabilizer,
    distance_to_orthogonal,
    expm2,
    fit_power,
    gl2_walk,
    hitting_times,
    step_table,
    tube_fraction,
)

finite = st.floats(-3, 3, allow_nan=False)


@given(arrays(float, (2, 2), elements=finite))
@settings(max_examples=200, deadline=None)
def test_expm2_matches_scipy(X):
    assert np.allclose(expm2(X), scipy.linalg.expm(X), rtol=1e-10, atol=1e-12)


def test_expm2_edge_cases():
    for X in ([[0.0, 1.0], [0.0, 0.0]], [[0.0, -1e-9], [1e-9, 0.0]], [[1e-5, 0.0], [0.0, -1e-5]], np.zeros((2, 2))):
        assert np.allclose(expm2(X), scipy.linalg.expm(np.array(X)), rtol=1e-13, atol=1e-15)


def test_step_increments_have_the_stated_moments():
    h = 1e-3
    increments = GL(2).log(step_table(h)).reshape(16, 4) / np.sqrt(h)
    assert np.allclose(np.abs(increments), 1.0)  # each entry is a sign
    assert np.allclose(increments.mean(axis=0), 0.0)
    assert np.allclose(increments.T @ increments / 16, np.eye(4))  # covariance h I


def test_walk_steps_are_uniform_over_the_table():
    rng = np.random.default_rng(0)
    n = 160_000
    g = gl2_walk(np.broadcast_to(np.eye(2), (n, 2, 2)), rng, n_steps=1, step_size=1e-2)
    table = step_table(1e-2).reshape(16, 4)
    index = np.argmin(((g.reshape(n, 1, 4) - table[None]) ** 2).sum(axis=2), axis=1)
    counts = np.bincount(index, minlength=16)
    assert np.all(np.abs(counts - n / 16) < 5 * np.sqrt(n / 16))


def test_walk_is_left_invariant_and_matches_a_slow_loop():
    rng_a, rng_b = np.random.default_rng(3), np.random.default_rng(3)
    g0 = GL(2).exp(0.3 * np.random.default_rng(1).standard_normal((20, 2, 2)))
    h = np.array([[2.0, 1.0], [0.5, 1.0]])
    fast = gl2_walk(g0, rng_a, n_steps=25, step_size=1e-2)
    steps = []
    gl2_walk(h @ g0, rng_b, n_steps=25, step_size=1e-2, observe=lambda k, g: steps.append(g.copy()))
    assert np.allclose(steps[-1], h @ fast)
    # the same walk, one matrix product at a time
    table = step_table(1e-2)
    slow = g0.copy()
    rng_c = np.random.default_rng(3)
    from lib.walks import _random_nibbles

    for _ in range(25):
        slow = np.array([s @ table[i] for s, i in zip(slow, _random_nibbles(rng_c, len(slow)))])
    assert np.allclose(slow, fast)


def test_walk_spreads_like_brownian_motion():
    # log-coordinates of the walk near the identity: variance h per step per entry
    rng = np.random.default_rng(5)
    g = gl2_walk(np.broadcast_to(np.eye(2), (20_000, 2, 2)), rng, n_steps=100, step_size=1e-5)
    d = g - np.eye(2)  # |d| ~ 0.03: the log series to 4th order is exact to ~1e-7
    X = (d - d @ d / 2 + d @ d @ d / 3 - d @ d @ d @ d / 4).reshape(-1, 4)
    assert np.allclose(np.cov(X.T), 1e-3 * np.eye(4), atol=1e-4)


def test_distances_are_zero_exactly_on_the_subgroups():
    rng = np.random.default_rng(0)
    u = np.array([1.0, 0.5])
    v = np.array([-0.5, 1.0])
    B = np.column_stack([u, v])
    fixer = B @ np.array([[1.0, 0.7], [0.0, -2.0]]) @ np.linalg.inv(B)
    assert distance_to_fixer(fixer, u) < 1e-12
    assert distance_to_line_stabilizer(B @ np.diag([3.0, -1.0]) @ np.linalg.inv(B), u) < 1e-12
    q = O(2).random(rng, size=10)
    assert np.all(distance_to_orthogonal(q) < 1e-12)
    F = np.array([[1.2, 0.3], [0.0, 0.6]])
    assert np.all(distance_to_orthogonal(F @ q @ np.linalg.inv(F), frame=F) < 1e-12)
    g = GL(2).random(rng, size=100)
    assert np.all(distance_to_fixer(g, u) > 0) and np.all(distance_to_orthogonal(g) > 0)


@given(arrays(float, (2, 2), elements=finite))
@settings(max_examples=100, deadline=None)
def test_distances_are_true_frobenius_distances(g):
    # a brute-force minimum over the subgroup never beats the closed form
    u = np.array([1.0, 0.5])
    s = g + np.outer(u - g @ u, u) / (u @ u)  # the nearest fixer of u
    assert np.isclose(np.linalg.norm(g - s), distance_to_fixer(g, u))
    angles = np.linspace(0, 2 * np.pi, 721)
    rot = np.array([[np.cos(angles), -np.sin(angles)], [np.sin(angles), np.cos(angles)]]).transpose(2, 0, 1)
    ortho = np.concatenate([rot, rot @ np.diag([1.0, -1.0])])
    brute = np.min(np.linalg.norm(g - ortho, axis=(1, 2)))
    assert distance_to_orthogonal(g) <= brute + 1e-12
    assert brute - distance_to_orthogonal(g) < 0.02 * (1 + np.abs(g).max())
    assert np.isclose(distance_to_identity(g), np.linalg.norm(g - np.eye(2)))


def test_hitting_times_match_a_slow_loop():
    rng = np.random.default_rng(7)
    g0 = np.broadcast_to(np.diag([1.6, 0.7]), (60, 2, 2))
    u = np.array([1.0, 0.0])
    targets = {"edge": lambda g: distance_to_fixer(g, u), "circle": distance_to_orthogonal}
    eps = np.array([0.6, 0.4, 0.3, 0.2])
    hits = hitting_times(g0, targets, eps, rng, n_steps=40, step_size=0.01)
    # replay the same two halves with the same child streams and record every step
    streams = np.random.default_rng(7).spawn(2)
    paths = []
    for half, stream in zip(np.array_split(np.arange(60), 2), streams):
        steps = [g0[half].copy()]
        gl2_walk(g0[half], stream, n_steps=40, step_size=0.01, observe=lambda k, g: steps.append(g.copy()))
        paths.append(np.array(steps))
    path = np.concatenate(paths, axis=1)  # (41, 60, 2, 2)
    for t, f in enumerate(targets.values()):
        d = np.array([f(p) for p in path])  # (41, 60)
        for e, radius in enumerate(eps):
            for w in range(60):
                inside = np.nonzero(d[:, w] < radius)[0]
                assert hits.first[t, e, w] == (inside[0] if inside.size else -1)
        assert np.allclose(hits.min_distance[t], d.min(axis=0))
    assert hits.probability().shape == (2, 4)


def test_tube_fraction_and_power_fit():
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, (200_000, 3))
    eps = np.array([0.05, 0.1, 0.2])
    line = tube_fraction(np.hypot(x[:, 1], x[:, 2]), eps)  # tube around a line in a cube: ~ eps^2
    p, _ = fit_power(eps, line)
    assert abs(p - 2) < 0.1
    assert np.allclose(line, np.pi * eps**2 / 4, rtol=0.1)


def test_bad_input():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="g0 must hold invertible matrices"):
        gl2_walk(np.zeros((3, 2, 2)), rng, n_steps=5, step_size=0.01)
    with pytest.raises(ValueError, match=r"g0 must be a non-empty batch of shape \(n_walkers, 2, 2\)"):
        gl2_walk(np.eye(2), rng, n_steps=5, step_size=0.01)
    with pytest.raises(ValueError, match="step_size must be finite and > 0"):
        step_table(-1.0)
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
        gl2_walk(np.broadcast_to(np.eye(2), (2, 2, 2)), 42, n_steps=5, step_size=0.01)
    with pytest.raises(ValueError, match="u must be a nonzero vector"):
        distance_to_fixer(np.eye(2), [0.0, 0.0])
    with pytest.raises(ValueError, match="frame must be one invertible"):
        distance_to_orthogonal(np.eye(2), frame=np.zeros((2, 2)))
    with pytest.raises(ValueError, match="eps must be a non-empty array of positive radii"):
        hitting_times(np.broadcast_to(np.eye(2), (2, 2, 2)), {"c": distance_to_orthogonal}, [0.1, -1], rng, n_steps=5, step_size=0.01)
    with pytest.raises(TypeError, match="targets must be a non-empty dict"):
        hitting_times(np.broadcast_to(np.eye(2), (2, 2, 2)), [], [0.1], rng, n_steps=5, step_size=0.01)
    with pytest.raises(ValueError, match="x and y must be positive"):
        fit_power([1.0, 2.0], [0.0, 1.0])


def test_distance_to_parabola_stabilizer_is_the_minimum_over_the_subgroup():
    rng = np.random.default_rng(5)
    g = rng.normal(size=(3000, 2, 2)) * rng.choice([0.1, 1.0, 5.0], size=(3000, 1, 1))
    a = np.concatenate([-np.geomspace(30, 1e-4, 6000), np.geomspace(1e-4, 30, 6000)])
    on_grid = np.sqrt(np.min((g[:, 0, 0, None] - a) ** 2 + (g[:, 1, 1, None] - a**2) ** 2, axis=1)
                      + g[:, 0, 1] ** 2 + g[:, 1, 0] ** 2)
    found = distance_to_parabola_stabilizer(g)
    # never above the best grid point, and the grid comes within its spacing of it
    assert np.all(found <= on_grid + 1e-12) and np.all(on_grid - found < 1e-2)
    on_subgroup = np.array([np.diag([s, s * s]) for s in (-3.0, -0.2, 0.5, 1.0, 7.0)])
    assert np.allclose(distance_to_parabola_stabilizer(on_subgroup), 0.0, atol=1e-9)
