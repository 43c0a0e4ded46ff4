"""Sigmoid autoencoders with weight decay and KL sparsity, trained with L-BFGS.

The model is ``x -> h = sigmoid(W1 x + b1) -> x_hat = sigmoid(W2 h + b2)`` and
the cost, for ``m`` examples, is::

    J = 1/(2m) sum |x_hat - x|^2 + lambda/2 (|W1|^2 + |W2|^2) + beta sum_j KL(rho || rho_hat_j)

(with tied weights the decay term is ``lambda/2 |W1|^2``)

where ``rho_hat_j`` is the mean activation of hidden unit ``j``. With
``tied=True``, ``W2 = W1.T``. The API follows scikit-learn: ``fit(X)``
returns the model; fitted attributes end in ``_``.

Example
-------
>>> import numpy as np
>>> X = np.random.default_rng(0).uniform(0.1, 0.9, size=(50, 8))
>>> ae = SparseAutoencoder(4, max_iter=50, random_state=0).fit(X)
>>> ae.encoder_weights_.shape, ae.transform(X).shape, ae.inverse_transform(ae.transform(X)).shape
((4, 8), (50, 4), (50, 8))
"""

from __future__ import annotations

import numpy as np
import scipy.optimize
from numpy.typing import ArrayLike
from scipy.special import expit

from lib._validate import as_float_array, as_positive_float, as_positive_int

__all__ = ["SparseAutoencoder"]


class SparseAutoencoder:
    """A one-hidden-layer sigmoid autoencoder.

    Parameters
    ----------
    n_hidden : int
        Number of hidden units.
    weight_decay : float
        lambda, the L2 penalty on the weights (not the biases).
    sparsity : float
        rho, the target mean activation of each hidden unit, in (0, 1).
    sparsity_weight : float
        beta, the weight of the KL sparsity penalty; 0 turns it off.
    tied : bool
        Whether the decoder uses the transposed encoder weights.
    max_iter : int
        Maximum number of L-BFGS iterations.
    random_state : int, numpy.random.Generator or None
        Seed of the weight initialization.

    Attributes
    ----------
    encoder_weights_ : ndarray (n_hidden, n_visible)
    encoder_bias_ : ndarray (n_hidden,)
    decoder_weights_ : ndarray (n_visible, n_hidden)
    decoder_bias_ : ndarray (n_visible,)
    loss_curve_ : list of float
        The cost after each L-BFGS iteration.
    """

    def __init__(
        self,
        n_hidden: int,
        weight_decay: float = 1e-4,
        sparsity: float = 0.01,
        sparsity_weight: float = 3.0,
        tied: bool = False,
        max_iter: int = 400,
        random_state=None,
    ) -> None:
        self.n_hidden = as_positive_int(n_hidden, "n_hidden")
        self.weight_decay = as_positive_float(weight_decay, "weight_decay", allow_zero=True)
        self.sparsity = as_positive_float(sparsity, "sparsity")
        if self.sparsity >= 1:
            raise ValueError(f"sparsity must lie in (0, 1), got {sparsity}")
        self.sparsity_weight = as_positive_float(sparsity_weight, "sparsity_weight", allow_zero=True)
        if not isinstance(tied, bool):
            raise TypeError(f"tied must be a bool, got {type(tied).__name__}")
        self.tied = tied
        self.max_iter = as_positive_int(max_iter, "max_iter")
        if not (random_state is None or isinstance(random_state, (int, np.random.Generator))):
            raise TypeError("random_state must be None, an int or a numpy.random.Generator")
        self.random_state = random_state

    # --- parameters as one flat vector, for the optimizer -------------------
    def _shapes(self, n_visible: int) -> list:
        h, v = self.n_hidden, n_visible
        shapes = [(h, v), (h,), (v,)]
        return shapes if self.tied else shapes + [(v, h)]

    def _unpack(self, theta: np.ndarray, n_visible: int) -> tuple:
        parts, start = [], 0
        for shape in self._shapes(n_visible):
            size = int(np.prod(shape))
            parts.append(theta[start : start + size].reshape(shape))
            start += size
        w1, b1, b2 = parts[:3]
        w2 = w1.T if self.tied else parts[3]
        return w1, b1, w2, b2

    def _initial_parameters(self, n_visible: int) -> np.ndarray:
        rng = np.random.default_rng(self.random_state)
        r = np.sqrt(6.0 / (self.n_hidden + n_visible + 1))
        parts = []
        for shape in self._shapes(n_visible):
            parts.append(rng.uniform(-r, r, shape) if len(shape) == 2 else np.zeros(shape))
        return np.concatenate([p.ravel() for p in parts])

    def cost_and_gradient(self, theta: ArrayLike, X: ArrayLike) -> tuple[float, np.ndarray]:
        """The cost ``J`` at flat parameters ``theta`` on data ``X`` and its gradient.

        Example
        -------
        >>> X = np.full((3, 4), 0.5)
        >>> ae = SparseAutoencoder(2)
        >>> theta = ae._initial_parameters(4)
        >>> cost, grad = ae.cost_and_gradient(theta, X)
        >>> grad.shape == theta.shape
        True
        """
        X = self._check_data(X)
        theta = as_float_array(theta, "theta", ndim=1)
        expected = sum(int(np.prod(s)) for s in self._shapes(X.shape[1]))
        if theta.size != expected:
            raise ValueError(f"theta must have {expected} entries for this model, got {theta.size}")
        m = X.shape[0]
        w1, b1, w2, b2 = self._unpack(theta, X.shape[1])
        hidden = expit(X @ w1.T + b1)
        output = expit(hidden @ w2.T + b2)
        error = output - X
        # Weight decay counts each distinct weight matrix once (tied: W1 only).
        decayed = [w1] if self.tied else [w1, w2]
        cost = 0.5 * np.sum(error**2) / m + 0.5 * self.weight_decay * sum(np.sum(w**2) for w in decayed)
        delta_out = error * output * (1 - output) / m
        back = delta_out @ w2
        if self.sparsity_weight > 0:
            rho, rho_hat = self.sparsity, np.clip(hidden.mean(axis=0), 1e-12, 1 - 1e-12)
            cost += self.sparsity_weight * np.sum(
                rho * np.log(rho / rho_hat) + (1 - rho) * np.log((1 - rho) / (1 - rho_hat))
            )
            back = back + self.sparsity_weight * (-rho / rho_hat + (1 - rho) / (1 - rho_hat)) / m
        delta_hidden = back * hidden * (1 - hidden)
        grad_w1 = delta_hidden.T @ X + self.weight_decay * w1
        grad_w2 = delta_out.T @ hidden
        grads = [grad_w1, delta_hidden.sum(axis=0), delta_out.sum(axis=0)]
        if self.tied:
            grads[0] = grads[0] + grad_w2.T
        else:
            grads.append(grad_w2 + self.weight_decay * w2)
        return float(cost), np.concatenate([g.ravel() for g in grads])

    def _check_data(self, X: ArrayLike) -> np.ndarray:
        X = as_float_array(X, "X", ndim=2)
        if X.shape[0] == 0 or X.shape[1] == 0:
            raise ValueError(f"X must have at least one row and one column, got shape {X.shape}")
        if X.min() < 0 or X.max() > 1:
            raise ValueError(
                f"X must lie in [0, 1] (the range of the sigmoid output), got [{X.min():.3g}, {X.max():.3g}]"
            )
        return X

    def fit(self, X: ArrayLike) -> "SparseAutoencoder":
        """Train on the rows of ``X`` (values in [0, 1]) with L-BFGS; returns ``self``.

        Example
        -------
        >>> X = np.random.default_rng(0).uniform(0.1, 0.9, size=(20, 6))
        >>> ae = SparseAutoencoder(3, max_iter=20, random_state=0).fit(X)
        >>> len(ae.loss_curve_) == ae.n_iter_
        True
        """
        X = self._check_data(X)
        self.loss_curve_ = []

        def record(intermediate_result):
            self.loss_curve_.append(float(intermediate_result.fun))

        result = scipy.optimize.minimize(
            self.cost_and_gradient,
            self._initial_parameters(X.shape[1]),
            args=(X,),
            jac=True,
            method="L-BFGS-B",
            callback=record,
            options={"maxiter": self.max_iter},
        )
        w1, b1, w2, b2 = self._unpack(result.x, X.shape[1])
        self.encoder_weights_, self.encoder_bias_ = w1.copy(), b1.copy()
        self.decoder_weights_, self.decoder_bias_ = w2.copy(), b2.copy()
        self.n_visible_ = X.shape[1]
        self.n_iter_ = int(result.nit)
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "encoder_weights_"):
            raise RuntimeError("this SparseAutoencoder is not fitted yet: call fit(X) first")

    def transform(self, X: ArrayLike) -> np.ndarray:
        """Hidden activations ``sigmoid(W1 x + b1)`` for the rows of ``X``.

        Example
        -------
        >>> ae = SparseAutoencoder(3, max_iter=5, random_state=0).fit(np.full((4, 6), 0.5))
        >>> ae.transform(np.full((2, 6), 0.5)).shape
        (2, 3)
        """
        self._check_fitted()
        X = as_float_array(X, "X", ndim=2)
        if X.shape[1] != self.n_visible_:
            raise ValueError(f"X must have {self.n_visible_} columns, got {X.shape[1]}")
        return expit(X @ self.encoder_weights_.T + self.encoder_bias_)

    def inverse_transform(self, H: ArrayLike) -> np.ndarray:
        """Reconstructions ``sigmoid(W2 h + b2)`` from hidden activations ``H``.

        Example
        -------
        >>> ae = SparseAutoencoder(3, max_iter=5, random_state=0).fit(np.full((4, 6), 0.5))
        >>> ae.inverse_transform(np.zeros((2, 3))).shape
        (2, 6)
        """
        self._check_fitted()
        H = as_float_array(H, "H", ndim=2)
        if H.shape[1] != self.n_hidden:
            raise ValueError(f"H must have {self.n_hidden} columns, got {H.shape[1]}")
        return expit(H @ self.decoder_weights_.T + self.decoder_bias_)

    def reconstruct(self, X: ArrayLike) -> np.ndarray:
        """``omega(X)``: the autoencoder applied to the rows of ``X``.

        Example
        -------
        >>> X = np.full((4, 6), 0.5)
        >>> ae = SparseAutoencoder(3, max_iter=50, random_state=0).fit(X)
        >>> bool(np.abs(ae.reconstruct(X) - X).max() < 0.05)
        True
        """
        return self.inverse_transform(self.transform(X))
