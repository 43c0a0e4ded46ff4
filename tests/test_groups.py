"""The matrix groups: axioms, dimensions, exp/log, Haar measure, walks, bad input."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.groups import GL, O, SO, Aff

GROUPS = [GL, O, SO, Aff]
ns = st.integers(min_value=1, max_value=5)
seeds = st.integers(min_value=0, max_value=2**32 - 1)
group_types = st.sampled_from(GROUPS)


@given(group_types, ns, seeds)
@settings(max_examples=60, deadline=None)
def test_group_axioms(Group, n, seed):
    G = Group(n)
    g, h, k = G.random(np.random.default_rng(seed), size=3)
    eye = np.eye(G.matrix_size)
    assert G.contains(g @ h)  # closure
    assert G.contains(eye) and np.allclose(g @ eye, g) and np.allclose(eye @ g, g)  # identity
    g_inv = np.linalg.inv(g)
    assert G.contains(g_inv) and np.allclose(g @ g_inv, eye, atol=1e-8)  # inverse
    assert np.allclose((g @ h) @ k, g @ (h @ k))  # associativity


@pytest.mark.parametrize("n", range(1, 6))
def test_dimensions(n):
    assert GL(n).dim == n * n
    assert O(n).dim == SO(n).dim == n * (n - 1) // 2
    assert Aff(n).dim == n * n + n and Aff(n).matrix_size == n + 1
    for G in (GL(n), O(n), SO(n), Aff(n)):
        b = G.basis()
        assert b.shape == (G.dim, G.matrix_size, G.matrix_size)
        gram = np.einsum("aij,bij->ab", b, b)
        assert np.allclose(gram, np.eye(G.dim))  # orthonormal
        assert np.all(G.contains(G.exp(0.3 * b)))  # exp of the algebra lands in the group


@given(group_types, ns, seeds)
@settings(max_examples=60, deadline=None)
def test_log_of_exp(Group, n, seed):
    G = Group(n)
    rng = np.random.default_rng(seed)
    X = np.einsum("k,kij->ij", rng.standard_normal(G.dim), G.basis())
    # Spectral norm < pi, so every eigenvalue has |imaginary part| < pi and the
    # (principal) logarithm is exactly the inverse of exp.
    X *= rng.uniform(0.01, 3.0) / max(np.linalg.norm(X, 2), 1e-12)
    assert np.allclose(G.log(G.exp(X)), X, atol=1e-8)


@given(st.sampled_from([O, SO]), ns, seeds)
@settings(max_examples=60, deadline=None)
def test_exp_of_log_on_rotations(Group, n, seed):
    G = Group(n)
    g = SO(n).random(np.random.default_rng(seed))
    X = G.log(g)
    assert G.algebra_residual(X) < 1e-10
    assert np.allclose(G.exp(X), g, atol=1e-9)


def test_exp_of_log_on_gl_and_aff():
    rng = np.random.default_rng(3)
    for n in range(1, 6):
        g = GL(n).exp(rng.standard_normal((20, n, n)))  # exp of anything has a real log
        assert np.allclose(GL(n).exp(GL(n).log(g)), g, atol=1e-8)
        A = Aff(n)
        X = np.einsum("sk,kij->sij", rng.standard_normal((20, A.dim)), A.basis())
        g = A.exp(X)
        assert np.all(A.contains(g))
        assert np.allclose(A.exp(A.log(g)), g, atol=1e-8)


@pytest.mark.parametrize("n", [2, 3, 4])
def test_log_of_rotation_by_pi(n):
    g = np.eye(n)
    g[:2, :2] = -np.eye(2)
    X = SO(n).log(g)
    assert np.allclose(SO(n).exp(X), g)
    assert np.isclose(np.linalg.norm(X, 2), np.pi)


def test_logs_that_do_not_exist():
    with pytest.raises(ValueError, match="no principal real logarithm"):
        GL(2).log(np.diag([-1.0, 2.0]))
    with pytest.raises(ValueError, match="det g = -1"):
        O(2).log(np.diag([1.0, -1.0]))
    with pytest.raises(ValueError, match="g must be an element of GL"):
        GL(2).log([[1.0, 1.0], [1.0, 1.0]])


@pytest.mark.parametrize("Group,n", [(O, 1), (O, 2), (O, 3), (O, 5), (SO, 3), (SO, 4), (SO, 5)])
def test_haar_moments(Group, n):
    # For Haar measure, the trace of the standard representation has mean 0 and,
    # the representation being irreducible, mean square 1 (Schur orthogonality).
    g = Group(n).random(np.random.default_rng(11), size=20000)
    tr = np.trace(g, axis1=1, axis2=2)
    assert abs(tr.mean()) < 0.05
    assert abs((tr**2).mean() - 1) < 0.06


def test_so2_haar_angles_uniform():
    from scipy.stats import kstest

    g = SO(2).random(np.random.default_rng(5), size=5000)
    angles = np.arctan2(g[:, 1, 0], g[:, 0, 0])
    assert kstest(angles, "uniform", args=(-np.pi, 2 * np.pi)).pvalue > 0.01


def test_random_walk_is_left_invariant_and_stays_in_group():
    for G in (GL(3), SO(3), O(2), Aff(2)):
        g0 = G.random(np.random.default_rng(1))
        h = G.random(np.random.default_rng(2))
        path = G.random_walk(g0, np.random.default_rng(7), n_steps=50, step_size=0.05)
        moved = G.random_walk(h @ g0, np.random.default_rng(7), n_steps=50, step_size=0.05)
        assert path.shape == (51, G.matrix_size, G.matrix_size)
        assert np.allclose(moved, h @ path)
        assert np.all(G.contains(path))


def test_random_walk_variance_grows_linearly():
    # On SO(2) the orthonormal (Frobenius) basis element is J / sqrt(2), J the
    # rotation generator, so the angle is a Brownian motion with variance step_size / 2 per step.
    G = SO(2)
    paths = G.random_walk(np.broadcast_to(np.eye(2), (4000, 2, 2)), np.random.default_rng(0), n_steps=20, step_size=0.01)
    angles = np.arctan2(paths[-1, :, 1, 0], paths[-1, :, 0, 0])
    assert abs(angles.var() - 0.1) < 0.01


def test_bad_input():
    with pytest.raises(ValueError, match="n must be >= 1"):
        GL(0)
    with pytest.raises(TypeError, match="n must be an integer"):
        SO(2.5)
    with pytest.raises(ValueError, match=r"g must have shape \(\.\.\., 2, 2\)"):
        O(2).contains(np.eye(3))
    with pytest.raises(ValueError, match="g must be finite"):
        GL(2).contains([[np.nan, 0.0], [0.0, 1.0]])
    with pytest.raises(TypeError, match="g must be an array of real numbers"):
        GL(2).contains([["a", "b"], ["c", "d"]])
    with pytest.raises(ValueError, match="X must lie in the Lie algebra of SO"):
        SO(2).exp(np.eye(2))
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
        SO(2).random(0)
    with pytest.raises(ValueError, match="not orthogonal"):
        O(2).log([[1.0, 1.0], [0.0, 1.0]])
    with pytest.raises(ValueError, match="g0 must have shape"):
        GL(2).random_walk(np.eye(3), np.random.default_rng(0), n_steps=3, step_size=0.1)
    assert not GL(2).contains([[1.0, 2.0], [2.0, 4.0]])  # singular: not in GL
    assert not Aff(2).contains(np.ones((3, 3)))
    with pytest.raises(ValueError, match="last row must be"):
        Aff(2).log(np.ones((3, 3)))
    assert not O(2).contains([[2.0, 0.0], [0.0, 1.0]])
