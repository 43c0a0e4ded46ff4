"""The sigmoid autoencoder: analytic gradient, training, bad input."""

import numpy as np
import pytest

from lib.autoencoder import SparseAutoencoder


def numeric_gradient(f, theta, h=1e-6):
    grad = np.empty_like(theta)
    for i in range(theta.size):
        e = np.zeros_like(theta)
        e[i] = h
        grad[i] = (f(theta + e) - f(theta - e)) / (2 * h)
    return grad


@pytest.mark.parametrize("tied", [False, True])
@pytest.mark.parametrize("sparsity_weight", [0.0, 3.0])
def test_gradient_matches_finite_differences(tied, sparsity_weight):
    rng = np.random.default_rng(0)
    X = rng.uniform(0.05, 0.95, (15, 6))
    ae = SparseAutoencoder(4, weight_decay=1e-3, sparsity=0.1, sparsity_weight=sparsity_weight, tied=tied)
    theta = ae._initial_parameters(6) + rng.normal(0, 0.2, ae._initial_parameters(6).shape)
    _, grad = ae.cost_and_gradient(theta, X)
    numeric = numeric_gradient(lambda t: ae.cost_and_gradient(t, X)[0], theta)
    assert np.max(np.abs(grad - numeric)) < 1e-7 * max(1.0, np.max(np.abs(numeric)))


def test_training_reconstructs_what_it_learned():
    # Eight binary patterns, four hidden units: 2^4 >= 8 codes, so the patterns can be learned.
    patterns = np.array([[int(b) for b in f"{k:03b}" * 2] for k in range(8)], dtype=float)
    X = 0.1 + 0.8 * patterns
    ae = SparseAutoencoder(4, weight_decay=1e-5, sparsity_weight=0.0, max_iter=500, random_state=0).fit(X)
    assert ae.loss_curve_[-1] < 0.1 * ae.loss_curve_[0]
    assert np.all(np.diff(ae.loss_curve_) <= 1e-12)  # L-BFGS with a line search never goes up
    err_train = np.mean((ae.reconstruct(X) - X) ** 2)
    other = 0.1 + 0.8 * np.random.default_rng(1).integers(0, 2, (50, 6))
    other = other[~(other[:, :3] == other[:, 3:]).all(axis=1)]  # not of the learned form
    err_other = np.mean((ae.reconstruct(other) - other) ** 2)
    assert err_train < 0.2 * err_other


def test_same_seed_same_model():
    X = np.random.default_rng(0).uniform(0.1, 0.9, (30, 5))
    a = SparseAutoencoder(3, max_iter=30, random_state=4).fit(X)
    b = SparseAutoencoder(3, max_iter=30, random_state=4).fit(X)
    assert np.array_equal(a.encoder_weights_, b.encoder_weights_)


def test_bad_input():
    with pytest.raises(ValueError, match=r"X must lie in \[0, 1\]"):
        SparseAutoencoder(2).fit(np.full((3, 3), 2.0))
    with pytest.raises(ValueError, match="X must be finite"):
        SparseAutoencoder(2).fit([[np.nan, 0.5]])
    with pytest.raises(ValueError, match="X must have 2 dimension"):
        SparseAutoencoder(2).fit(np.full(3, 0.5))
    with pytest.raises(ValueError, match=r"sparsity must lie in \(0, 1\)"):
        SparseAutoencoder(2, sparsity=1.5)
    with pytest.raises(TypeError, match="n_hidden must be an integer"):
        SparseAutoencoder("5")
    with pytest.raises(RuntimeError, match="not fitted"):
        SparseAutoencoder(2).transform(np.zeros((1, 3)))
    ae = SparseAutoencoder(2, max_iter=5).fit(np.full((4, 3), 0.5))
    with pytest.raises(ValueError, match="X must have 3 columns"):
        ae.transform(np.zeros((1, 4)))
    with pytest.raises(ValueError, match="theta must have"):
        ae.cost_and_gradient(np.zeros(3), np.full((4, 3), 0.5))
