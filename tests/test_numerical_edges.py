"""Where floating point makes the answer delicate, lib's behaviour is documented and checked here.

1. ``log`` near a rotation by pi and near singular matrices.
2. Saturated sigmoids: an autoencoder whose hidden units sit at exactly 0 or 1.
3. Ill-conditioned stabilizer constraints: figures that are almost more symmetric
   than they are.
"""

import warnings

import numpy as np
import pytest

from lib.autoencoder import SparseAutoencoder
from lib.figures import circle, segment
from lib.groups import GL, O, SO
from lib.stabilizers import stabilizer, tangency_constraints


def rotation(angle: float) -> np.ndarray:
    c, s = np.cos(angle), np.sin(angle)
    return np.array([[c, -s], [s, c]])


def axis_rotation(axis: np.ndarray, angle: float) -> np.ndarray:
    """Rodrigues' formula, computed independently of lib."""
    k = axis / np.linalg.norm(axis)
    K = np.array([[0, -k[2], k[1]], [k[2], 0, -k[0]], [-k[1], k[0], 0]])
    return np.eye(3) + np.sin(angle) * K + (1 - np.cos(angle)) * K @ K


# --- 1. log near pi and near singular --------------------------------------------------


@pytest.mark.parametrize("delta", [1e-1, 1e-4, 1e-8, 1e-12, 0.0])
def test_rotation_log_near_pi_is_accurate_and_principal(delta):
    """O(2)/SO(n).log use the real Schur form: accurate right up to and at angle pi."""
    g = rotation(np.pi - delta)
    X = SO(2).log(g)
    assert np.allclose(SO(2).exp(X), g, atol=1e-13)
    assert abs(abs(X[1, 0]) - (np.pi - delta)) < 1e-12  # the principal angle, never 2 pi - angle
    axis = np.array([1.0, 2.0, -0.5])
    g3 = axis_rotation(axis, np.pi - delta)
    X3 = O(3).log(g3)
    assert np.allclose(O(3).exp(X3), g3, atol=1e-12)
    angle = np.linalg.norm(X3) / np.sqrt(2)  # |X|_F = sqrt(2) * angle for a skew 3 x 3 matrix
    assert abs(angle - (np.pi - delta)) < 1e-7


@pytest.mark.parametrize("delta", [1e-1, 1e-4, 1e-6, 1e-8, 1e-10, 1e-12, 0.0])
def test_gl_log_near_pi_returns_an_accurate_log_or_says_why_not(delta):
    """GL(n).log is the principal logarithm (SciPy's logm), which does not exist at angle pi.

    Near pi it either returns a real X with exp(X) = g to 1e-8, or raises a
    ValueError saying why (an eigenvalue on the negative axis, or an
    inaccurate result); it never returns a wrong logarithm.
    """
    g = rotation(np.pi - delta)
    try:
        X = GL(2).log(g)
    except ValueError as exc:
        assert delta < 1e-6, f"refused a rotation by pi - {delta}: {exc}"
        assert "negative eigenvalue" in str(exc) or "inaccurate" in str(exc)
        return
    assert np.linalg.norm(GL(2).exp(X) - g) <= 1e-8 * np.linalg.norm(g)
    assert np.all(np.abs(np.diag(X)) < 1e-6)  # a rotation's log is (nearly) skew: no spurious scaling


@pytest.mark.parametrize("eps", [1e-2, 1e-6, 1e-10, 1e-11])
def test_gl_log_near_singular_is_exact_while_condition_allows(eps):
    g = np.diag([1.0, eps])
    X = GL(2).log(g)
    assert np.allclose(X, np.diag([0.0, np.log(eps)]), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("eps", [1e-13, 1e-16, 0.0])
def test_gl_log_refuses_numerically_singular_matrices(eps):
    """Past cond(g) = 1e12 a matrix is treated as singular, and the message says so."""
    with pytest.raises(ValueError, match=r"g must be an element of GL\(2\); cond\(g\) ="):
        GL(2).log(np.diag([1.0, eps]))


# --- 2. saturated sigmoids -------------------------------------------------------------


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("bias", [40.0, -40.0, 1e4, -1e4])
def test_saturated_hidden_units_give_finite_cost_and_gradient(dtype, bias):
    """Hidden units at exactly 0 or 1: the KL sparsity term stays finite (mean activations are
    clipped to [1e-12, 1 - 1e-12] in float64), and no NumPy warning is raised."""
    X = np.random.default_rng(0).uniform(0.1, 0.9, (20, 6))
    model = SparseAutoencoder(3, dtype=dtype, random_state=0)
    theta = model._initial_parameters(6)
    theta[18:21] = bias  # b1: every hidden unit saturated
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cost, grad = model.cost_and_gradient(theta, X)
    assert np.isfinite(cost) and np.all(np.isfinite(grad))
    # the KL term is at its largest: beta * 3 units * KL(rho || 1e-12 or 1 - 1e-12)
    rho, beta = model.sparsity, model.sparsity_weight
    saturated = 1e-12 if bias < 0 else 1 - 1e-12
    kl = rho * np.log(rho / saturated) + (1 - rho) * np.log((1 - rho) / (1 - saturated))
    assert cost > 0.99 * beta * 3 * kl


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_training_from_saturation_recovers(dtype):
    """L-BFGS started with every hidden unit saturated still lowers the cost, with no NaN."""
    X = np.random.default_rng(0).uniform(0.1, 0.9, (50, 6))
    model = SparseAutoencoder(3, max_iter=60, dtype=dtype, random_state=0)
    theta = model._initial_parameters(6)
    theta[18:21] = 40.0
    start, _ = model.cost_and_gradient(theta, X)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        model.fit(X)
    assert np.all(np.isfinite(model.loss_curve_))
    assert model.loss_curve_[-1] < start / 2


# --- 3. ill-conditioned stabilizer constraints -------------------------------------------


@pytest.mark.parametrize("scale", [1e-6, 1e-3, 1.0, 1e3, 1e6])
def test_stabilizer_is_scale_invariant(scale):
    """Zero is judged relative to the constraints' own norm, so the circle's answer is the same at every scale."""
    S = stabilizer(circle(radius=scale))
    assert S.dim == 1 and S.gap > 1e10


def test_nearly_degenerate_edge_switches_where_its_singular_values_cross_rtol():
    """An edge from (-1, e) to (1, e) has stabilizer {I} (dimension 0) for e != 0 and dimension 2 at
    e = 0 (its endpoints then span only a line). Two singular values of the constraints are
    proportional to e (with different constants), so as e shrinks the numeric answer goes 0 -> 1 -> 2
    as each falls below rtol * |A|. The 1 in between belongs to no exact edge; ``gap`` (about 2 there,
    above 1e4 elsewhere) is what tells a reader the verdict is not decisive."""
    rtol = 1e-8
    small, dims = [], []
    grid = np.geomspace(1e-2, 1e-12, 21)
    for e in grid:
        f = segment([-1.0, e], [1.0, e], n_points=11)
        S = stabilizer(f, rtol=rtol)
        s = np.sort(S.singular_values)
        assert S.dim == int(np.sum(s <= rtol * np.linalg.norm(tangency_constraints(f))))
        assert (S.gap > 1e4) == (S.dim != 1), (e, S.dim, S.gap)
        small.append(s[:2] / e)
        dims.append(S.dim)
    small = np.array(small)
    assert np.all(small.max(axis=0) / small.min(axis=0) < 1.01)  # both linear in e: a smooth degradation
    assert dims == sorted(dims) and dims[0] == 0 and dims[-1] == 2 and 1 in dims
