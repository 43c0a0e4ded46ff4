"""Sigmoid autoencoders with weight decay and KL sparsity.

The model is ``x -> h = sigmoid(W1 x + b1) -> x_hat = sigmoid(W2 h + b2)`` and
the cost, for ``m`` examples, is::

    J = 1/(2m) sum |x_hat - x|^2 + lambda/2 (|W1|^2 + |W2|^2) + beta sum_j KL(rho || rho_hat_j)

where ``rho_hat_j`` is the mean activation of hidden unit ``j`` (with tied
weights, ``W2 = W1.T`` and the decay term is ``lambda/2 |W1|^2``). Training uses
SciPy's L-BFGS on the whole data set or Adam on minibatches. The API follows
scikit-learn: ``fit(X)`` returns the model; fitted attributes end in ``_``.

Speed: the cost and its gradient run in ``float64`` or ``float32`` (``dtype``),
in preallocated buffers, with the sigmoid computed as ``(1 + tanh(z/2)) / 2``
in place; on 10,000 8x8 patches one evaluation takes a few milliseconds.

Example
-------
>>> import numpy as np
>>> X = np.random.default_rng(0).uniform(0.1, 0.9, size=(50, 8))
>>> ae = SparseAutoencoder(4, max_iter=50, random_state=0).fit(X)
>>> ae.encoder_weights_.shape, ae.transform(X).shape, ae.inverse_transform(ae.transform(X)).shape
((4, 8), (50, 4), (50, 8))
"""

from __future__ import annotations

import inspect
import json
import math
import numbers
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

import numpy as np
import scipy.optimize
from numpy.typing import ArrayLike
from threadpoolctl import threadpool_limits

from lib._validate import as_bool, as_choice, as_float_array, as_int, as_nonnegative_float, as_positive_float
from lib.images import bars, to_input

__all__ = ["SparseAutoencoder", "StackedAutoencoder", "gradient_check", "free_code_decoder", "bar_network"]

DTYPES = {"float64": np.float64, "float32": np.float32}
# Below this many rows, two threads cost more in handing over than they save.
_ROWS_WORTH_A_THREAD = 2000


def _sigmoid_(a: np.ndarray) -> np.ndarray:
    """In-place logistic sigmoid, ``(1 + tanh(a/2)) / 2``: one transcendental call, no temporaries."""
    a *= 0.5
    np.tanh(a, out=a)
    a *= 0.5
    a += 0.5
    return a


def _sigmoid(a: np.ndarray) -> np.ndarray:
    return _sigmoid_(np.array(a, dtype=np.result_type(a, np.float32), copy=True))


class _Buffers:
    """Work arrays for one data shape, reused across cost evaluations."""

    def __init__(self, m: int, n_visible: int, n_hidden: int, dtype: type) -> None:
        self.hidden = np.empty((m, n_hidden), dtype)
        self.back = np.empty((m, n_hidden), dtype)
        self.output = np.empty((m, n_visible), dtype)
        self.error = np.empty((m, n_visible), dtype)
        self.delta = np.empty((m, n_visible), dtype)
        self.ones = np.ones(m, dtype)


def _check_weights(sample_weight: ArrayLike | None, X: np.ndarray) -> np.ndarray | None:
    """``sample_weight`` as a vector in X's dtype: one finite nonnegative number per row, not all zero."""
    if sample_weight is None:
        return None
    w = as_float_array(sample_weight, "sample_weight", ndim=1)
    if w.size != X.shape[0]:
        raise ValueError(f"sample_weight must have one entry per row of X ({X.shape[0]}), got {w.size}")
    if np.any(w < 0) or not np.any(w > 0):
        raise ValueError("sample_weight must be nonnegative and not all zero")
    return w.astype(X.dtype)


def _shuffling_stream(random_state: int | np.random.Generator | None) -> np.random.Generator:
    """A generator for Adam's minibatch order, independent of the one that draws the initial weights.

    The weights come from ``default_rng(random_state)``; this stream is a child
    of the same seed (``Generator.spawn``, through ``SeedSequence``), so the two
    never share draws.
    """
    parent = random_state if isinstance(random_state, np.random.Generator) else np.random.default_rng(random_state)
    return parent.spawn(1)[0]


def _check_data(X: ArrayLike, dtype: str = "float64", name: str = "X") -> np.ndarray:
    """Training data: a non-empty 2-D array in [0, 1] (the sigmoid's range), contiguous in ``dtype``."""
    X = as_float_array(X, name, ndim=2)
    if X.shape[0] == 0 or X.shape[1] == 0:
        raise ValueError(f"{name} must have at least one row and one column, got shape {X.shape}")
    if X.min() < 0 or X.max() > 1:
        raise ValueError(
            f"{name} must lie in [0, 1] (the range of the sigmoid output), got [{X.min():.3g}, {X.max():.3g}]"
        )
    return np.ascontiguousarray(X, dtype=DTYPES[dtype])


class SparseAutoencoder:
    """A one-hidden-layer sigmoid autoencoder.

    Parameters
    ----------
    n_hidden : int
        Number of hidden units, ``>= 1``.
    weight_decay : float
        lambda, the L2 penalty on the weights (not the biases).
    sparsity : float
        rho, the target mean activation of each hidden unit, in (0, 1).
    sparsity_weight : float
        beta, the weight of the KL sparsity penalty; 0 turns it off.
    tied : bool
        Whether the decoder uses the transposed encoder weights.
    max_iter : int
        L-BFGS iterations, or Adam epochs.
    solver : {"lbfgs", "adam"}
        Full-batch L-BFGS (SciPy) or minibatch Adam.
    batch_size : int
        Minibatch size for Adam.
    learning_rate : float
        Adam's step size.
    dtype : {"float64", "float32"}
        Precision of the cost and gradient computations (the optimizer's
        parameters stay float64).
    random_state : int, numpy.random.Generator or None
        Seed of the weight initialization (and of Adam's shuffling).
    snapshot_every : int or None
        Keep a copy of the encoder weights every this many iterations (epochs),
        and at the start, in ``snapshots_``.
    callback : callable or None
        ``callback(iteration, loss)`` after each L-BFGS iteration or Adam epoch,
        for example to drive a progress bar.

    As in scikit-learn, the constructor only stores its arguments; :meth:`fit`
    checks them.

    Attributes
    ----------
    encoder_weights_ : ndarray (n_hidden, n_visible)
    encoder_bias_ : ndarray (n_hidden,)
    decoder_weights_ : ndarray (n_visible, n_hidden)
    decoder_bias_ : ndarray (n_visible,)
    loss_curve_ : list of float
        The cost after each L-BFGS iteration or Adam epoch.
    n_iter_ : int
    snapshots_ : list of (int, ndarray)
        ``(iteration, encoder_weights)`` pairs, when ``snapshot_every`` is set.
    """

    def __init__(
        self,
        n_hidden: int,
        *,
        weight_decay: float = 1e-4,
        sparsity: float = 0.01,
        sparsity_weight: float = 3.0,
        tied: bool = False,
        max_iter: int = 400,
        solver: str = "lbfgs",
        batch_size: int = 256,
        learning_rate: float = 1e-3,
        dtype: str = "float64",
        random_state: int | np.random.Generator | None = None,
        snapshot_every: int | None = None,
        callback: Callable[[int, float], None] | None = None,
    ) -> None:
        self.n_hidden = n_hidden
        self.weight_decay = weight_decay
        self.sparsity = sparsity
        self.sparsity_weight = sparsity_weight
        self.tied = tied
        self.max_iter = max_iter
        self.solver = solver
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.dtype = dtype
        self.random_state = random_state
        self.snapshot_every = snapshot_every
        self.callback = callback
        self._buffers: dict = {}

    def get_params(self) -> dict:
        """The constructor's arguments, by name (scikit-learn's ``get_params``).

        Example
        -------
        >>> SparseAutoencoder(8, tied=True).get_params()["tied"]
        True
        """
        return {name: getattr(self, name) for name in _PARAMETERS}

    def _validate(self) -> None:
        """Check every parameter; called by :meth:`fit` and the other entry points."""
        as_int(self.n_hidden, "n_hidden")
        as_nonnegative_float(self.weight_decay, "weight_decay")
        if not 0 < as_positive_float(self.sparsity, "sparsity") < 1:
            raise ValueError(f"sparsity must lie in (0, 1), got {self.sparsity}")
        as_nonnegative_float(self.sparsity_weight, "sparsity_weight")
        as_bool(self.tied, "tied")
        as_int(self.max_iter, "max_iter")
        as_choice(self.solver, "solver", ("lbfgs", "adam"))
        as_int(self.batch_size, "batch_size")
        as_positive_float(self.learning_rate, "learning_rate")
        as_choice(self.dtype, "dtype", tuple(DTYPES))
        seed = self.random_state
        if isinstance(seed, bool) or not (seed is None or isinstance(seed, (numbers.Integral, np.random.Generator))):
            raise TypeError("random_state must be None, an int or a numpy.random.Generator")
        if isinstance(seed, numbers.Integral) and seed < 0:
            raise ValueError(f"random_state must be a non-negative int, got {seed}")
        if self.snapshot_every is not None:
            as_int(self.snapshot_every, "snapshot_every")
        if self.callback is not None and not callable(self.callback):
            raise TypeError(f"callback must be None or a function callback(iteration, loss), got {self.callback!r}")

    def __repr__(self) -> str:
        return (
            f"SparseAutoencoder(n_hidden={self.n_hidden}, weight_decay={self.weight_decay}, "
            f"sparsity={self.sparsity}, sparsity_weight={self.sparsity_weight}, tied={self.tied}, "
            f"solver={self.solver!r}, dtype={self.dtype!r})"
        )

    # --- parameters as one flat vector, for the optimizer -------------------
    def _shapes(self, n_visible: int) -> list:
        h, v = self.n_hidden, n_visible
        shapes = [(h, v), (h,), (v,)]
        return shapes if self.tied else shapes + [(v, h)]

    def _unpack(self, theta: np.ndarray, n_visible: int) -> tuple:
        parts, start = [], 0
        for shape in self._shapes(n_visible):
            size = math.prod(shape)
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

    def _check_data(self, X: ArrayLike, name: str = "X") -> np.ndarray:
        return _check_data(X, self.dtype, name)

    def _check_theta(self, theta: ArrayLike, n_visible: int) -> np.ndarray:
        theta = as_float_array(theta, "theta", ndim=1)
        expected = sum(int(np.prod(s)) for s in self._shapes(n_visible))
        if theta.size != expected:
            raise ValueError(
                f"theta must have {expected} entries for this model on X with {n_visible} columns, got {theta.size}"
            )
        return theta

    # --- the objective ----------------------------------------------------------
    def cost_and_gradient(
        self, theta: ArrayLike, X: ArrayLike, *, sample_weight: ArrayLike | None = None
    ) -> tuple[float, np.ndarray]:
        """The cost ``J`` at flat parameters ``theta`` on data ``X`` and its gradient (float64).

        With ``sample_weight``, row ``i`` counts ``sample_weight[i]`` times (see :meth:`fit`).

        Example
        -------
        >>> X = np.full((3, 4), 0.5)
        >>> ae = SparseAutoencoder(2)
        >>> theta = ae._initial_parameters(4)
        >>> cost, grad = ae.cost_and_gradient(theta, X)
        >>> grad.shape == theta.shape
        True
        """
        self._validate()
        X = self._check_data(X)
        weights = _check_weights(sample_weight, X)
        return self._cost_and_gradient(self._check_theta(theta, X.shape[1]), X, weights=weights)

    def _cost_and_gradient(
        self, theta: np.ndarray, X: np.ndarray, pool: ThreadPoolExecutor | None = None,
        weights: np.ndarray | None = None,
    ) -> tuple[float, np.ndarray]:
        """Cost and gradient; with a ``pool``, the two halves of ``X`` are worked on in two threads.
        ``weights`` (checked, in X's dtype) count each row that many times.

        The halves are fixed and their sums are added in a fixed order, so the
        result does not depend on the threads' timing.
        """
        m, n_visible = X.shape
        dtype = X.dtype
        parts = 2 if pool is not None and m >= _ROWS_WORTH_A_THREAD else 1
        bounds = [m * i // parts for i in range(parts + 1)]
        key = (m, n_visible, dtype, parts)
        if key not in self._buffers:  # Adam alternates minibatches with the whole data: keep both
            self._buffers[key] = [_Buffers(b - a, n_visible, self.n_hidden, dtype) for a, b in zip(bounds, bounds[1:])]
        work = [(X[a:b], buf, None if weights is None else weights[a:b])
                for a, b, buf in zip(bounds, bounds[1:], self._buffers[key])]
        if weights is not None:
            m = float(weights.sum(dtype=np.float64))  # the rows counted with their weights
        w1, b1, w2, b2 = (p.astype(dtype, copy=False) for p in self._unpack(theta, n_visible))
        run = pool.map if parts == 2 else map

        # forward pass and output layer, per half
        halves = list(run(lambda item: self._forward(*item, w1, b1, w2, b2, m), work))
        cost = sum(c for c, _, _, _ in halves)
        grad_w2 = sum(g for _, g, _, _ in halves)
        grad_b2 = sum(g for _, _, g, _ in halves)
        sparsity_term = None
        if self.sparsity_weight > 0:
            rho = self.sparsity
            rho_hat = np.clip(sum(s for _, _, _, s in halves) / m, 1e-12, 1 - 1e-12)
            cost += self.sparsity_weight * float(
                np.sum(rho * np.log(rho / rho_hat) + (1 - rho) * np.log((1 - rho) / (1 - rho_hat)))
            )
            sparsity_term = (self.sparsity_weight * (-rho / rho_hat + (1 - rho) / (1 - rho_hat)) / m).astype(dtype)

        # hidden layer, per half
        backs = list(run(lambda item: self._backward(*item, sparsity_term), work))
        grad_w1 = sum(g for g, _ in backs)
        grad_b1 = sum(g for _, g in backs)

        # weight decay, in float64 on the parameters themselves
        w1_64 = self._unpack(theta, n_visible)[0]
        if self.tied:
            grads = [grad_w1 + grad_w2.T, grad_b1, grad_b2]
            decay = [w1_64]
        else:
            grads = [grad_w1, grad_b1, grad_b2, grad_w2]
            decay = [w1_64, self._unpack(theta, n_visible)[2]]
        cost += 0.5 * self.weight_decay * sum(float(np.sum(w * w)) for w in decay)
        grad = np.concatenate([g.ravel() for g in grads]).astype(np.float64)
        if self.weight_decay:
            k = w1_64.size
            grad[:k] += self.weight_decay * w1_64.ravel()
            if not self.tied:
                grad[-decay[1].size :] += self.weight_decay * decay[1].ravel()
        return cost, grad

    @staticmethod
    def _forward(X, buf, weights, w1, b1, w2, b2, m_total):
        """Forward pass on a block of rows (``weights`` None or theirs); leaves ``buf.back = delta_out @ W2``."""
        dtype = X.dtype
        hidden, output, error, delta = buf.hidden, buf.output, buf.error, buf.delta
        np.matmul(X, w1.T, out=hidden)
        hidden += b1
        _sigmoid_(hidden)
        np.matmul(hidden, w2.T, out=output)
        output += b2
        _sigmoid_(output)
        np.subtract(output, X, out=error)
        # per-row sums in the working precision, the total in float64
        rows = np.einsum("ij,ij->i", error, error)
        cost = 0.5 * float((rows if weights is None else rows * weights).sum(dtype=np.float64)) / m_total
        # delta_out = error * output * (1 - output) / m
        np.subtract(dtype.type(1.0), output, out=delta)
        delta *= output
        delta *= error
        delta *= dtype.type(1.0 / m_total)
        if weights is not None:
            delta *= weights[:, None]
        np.matmul(delta, w2, out=buf.back)
        hidden_sum = ((buf.ones if weights is None else weights) @ hidden).astype(np.float64)
        return cost, delta.T @ hidden, buf.ones @ delta, hidden_sum

    @staticmethod
    def _backward(X, buf, weights, sparsity_term):
        """``delta_hidden = back * hidden * (1 - hidden)`` (into ``buf.back``) and the encoder's gradient."""
        back, hidden = buf.back, buf.hidden
        if sparsity_term is not None:
            back += sparsity_term if weights is None else weights[:, None] * sparsity_term
        back *= hidden
        np.subtract(X.dtype.type(1.0), hidden, out=hidden)  # hidden is not needed any more
        back *= hidden
        return back.T @ X, buf.ones @ back

    # --- training ----------------------------------------------------------------
    def fit(self, X: ArrayLike, *, sample_weight: ArrayLike | None = None) -> "SparseAutoencoder":
        """Train on the rows of ``X`` (values in [0, 1]); returns ``self``.

        ``sample_weight`` (L-BFGS only): nonnegative numbers, one per row, not all
        zero; row ``i`` then counts ``sample_weight[i]`` times in the cost and in
        the mean activations. The distinct rows of a sample with their counts
        give the sample's own objective, in fewer rows.

        Example
        -------
        >>> X = np.random.default_rng(0).uniform(0.1, 0.9, size=(20, 6))
        >>> ae = SparseAutoencoder(3, max_iter=20, random_state=0).fit(X)
        >>> len(ae.loss_curve_) == ae.n_iter_
        True
        """
        self._validate()
        X = self._check_data(X)
        weights = _check_weights(sample_weight, X)
        if weights is not None and self.solver != "lbfgs":
            raise ValueError(f"sample_weight is for solver='lbfgs' (full batch), not {self.solver!r}")
        theta = self._initial_parameters(X.shape[1])
        self.snapshots_, self._snapshot_parameters = [], {}
        self._snapshot(0, theta, X.shape[1])
        # One BLAS thread per worker: the matrices are small, and OpenBLAS's
        # threads, spinning between calls, cost more than they give (3x slower
        # here). Instead L-BFGS splits the rows into two halves worked on in two
        # threads (NumPy releases the GIL).
        with threadpool_limits(limits=1, user_api="blas"):
            theta = self._fit_lbfgs(theta, X, weights) if self.solver == "lbfgs" else self._fit_adam(theta, X)
        self._set_parameters(theta, X.shape[1])
        self._buffers = {}
        return self

    def _fit_lbfgs(self, theta: np.ndarray, X: np.ndarray, weights: np.ndarray | None) -> np.ndarray:
        self.loss_curve_ = []

        def record(intermediate_result):
            self._iteration_done(float(intermediate_result.fun), intermediate_result.x, X.shape[1])

        with ThreadPoolExecutor(max_workers=2) as pool:
            result = scipy.optimize.minimize(
                self._cost_and_gradient,
                theta,
                args=(X, pool, weights),
                jac=True,
                method="L-BFGS-B",
                callback=record,
                options={"maxiter": self.max_iter},
            )
        self.n_iter_ = int(result.nit)
        return result.x

    def _fit_adam(self, theta: np.ndarray, X: np.ndarray) -> np.ndarray:
        rng = _shuffling_stream(self.random_state)
        self.loss_curve_ = []
        first, second = np.zeros_like(theta), np.zeros_like(theta)
        beta1, beta2, step = 0.9, 0.999, 0
        for epoch in range(self.max_iter):
            order = rng.permutation(X.shape[0])
            for start in range(0, X.shape[0], self.batch_size):
                batch = X[order[start : start + self.batch_size]]
                _, grad = self._cost_and_gradient(theta, batch)
                step += 1
                first = beta1 * first + (1 - beta1) * grad
                second = beta2 * second + (1 - beta2) * grad**2
                corrected = first / (1 - beta1**step)
                theta = theta - self.learning_rate * corrected / (np.sqrt(second / (1 - beta2**step)) + 1e-8)
            self._iteration_done(self._cost_and_gradient(theta, X)[0], theta, X.shape[1])
        self.n_iter_ = self.max_iter
        return theta

    def _iteration_done(self, loss: float, theta: np.ndarray, n_visible: int) -> None:
        """Record an L-BFGS iteration or Adam epoch: the loss, a snapshot if due, the callback."""
        self.loss_curve_.append(loss)
        self._snapshot(len(self.loss_curve_), theta, n_visible)
        if self.callback is not None:
            self.callback(len(self.loss_curve_), loss)

    def _snapshot(self, iteration: int, theta: np.ndarray, n_visible: int) -> None:
        if self.snapshot_every is not None and iteration % self.snapshot_every == 0:
            self.snapshots_.append((iteration, self._unpack(theta, n_visible)[0].copy()))
            self._snapshot_parameters[iteration] = np.array(theta, dtype=float)

    def at_iteration(self, iteration: int) -> "SparseAutoencoder":
        """A fitted copy of this network with the parameters it had at a snapshot.

        ``iteration`` must be one of the iterations in ``snapshots_`` (0 is the
        initial weights). The copy keeps no snapshots of its own.

        Example
        -------
        >>> X = np.random.default_rng(0).uniform(0.1, 0.9, size=(20, 6))
        >>> ae = SparseAutoencoder(3, max_iter=20, snapshot_every=10, random_state=0).fit(X)
        >>> early = ae.at_iteration(10)
        >>> bool(np.array_equal(early.encoder_weights_, ae.snapshots_[1][1]))
        True
        """
        self._check_fitted()
        kept = getattr(self, "_snapshot_parameters", {})
        if isinstance(iteration, bool) or not isinstance(iteration, (int, np.integer)) or iteration not in kept:
            raise ValueError(f"iteration must be one of the snapshot iterations {sorted(kept)}, got {iteration!r}"
                             if kept else "iteration: this network kept no snapshots (set snapshot_every)")
        copy = SparseAutoencoder(**{**self.get_params(), "snapshot_every": None})
        copy._set_parameters(kept[int(iteration)], self.n_visible_)
        copy.loss_curve_, copy.n_iter_ = list(self.loss_curve_[: int(iteration)]), int(iteration)
        copy.snapshots_ = []
        return copy

    def _set_parameters(self, theta: np.ndarray, n_visible: int) -> None:
        w1, b1, w2, b2 = self._unpack(theta, n_visible)
        self.encoder_weights_, self.encoder_bias_ = w1.copy(), b1.copy()
        self.decoder_weights_, self.decoder_bias_ = w2.copy(), b2.copy()
        self.n_visible_ = n_visible

    # --- using a fitted model ----------------------------------------------------
    def _check_fitted(self) -> None:
        if not hasattr(self, "encoder_weights_"):
            raise RuntimeError("this SparseAutoencoder is not fitted yet: call fit(X) first")

    def _check_input(self, X: ArrayLike, name: str, columns: int) -> np.ndarray:
        self._check_fitted()
        X = as_float_array(X, name)
        if X.ndim not in (1, 2) or X.shape[-1] != columns:
            raise ValueError(f"{name} must have {columns} columns, got shape {X.shape}")
        return X

    def transform(self, X: ArrayLike) -> np.ndarray:
        """Hidden activations ``sigmoid(W1 x + b1)`` for the rows of ``X`` (the encoder).

        Example
        -------
        >>> ae = SparseAutoencoder(3, max_iter=5, random_state=0).fit(np.full((4, 6), 0.5))
        >>> ae.transform(np.full((2, 6), 0.5)).shape
        (2, 3)
        """
        self._check_fitted()
        X = self._check_input(X, "X", self.n_visible_)
        return _sigmoid(X @ self.encoder_weights_.T + self.encoder_bias_)

    def inverse_transform(self, H: ArrayLike) -> np.ndarray:
        """Reconstructions ``sigmoid(W2 h + b2)`` from hidden activations ``H`` (the decoder).

        Example
        -------
        >>> ae = SparseAutoencoder(3, max_iter=5, random_state=0).fit(np.full((4, 6), 0.5))
        >>> ae.inverse_transform(np.zeros((2, 3))).shape
        (2, 6)
        """
        H = self._check_input(H, "H", self.n_hidden)
        return _sigmoid(H @ self.decoder_weights_.T + self.decoder_bias_)

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

    def jacobian(self, x: ArrayLike, *, of: str = "map") -> np.ndarray:
        """Jacobian at one input ``x`` of the encoder (``of="encoder"``, shape (h, v)) or the whole map (v, v).

        Example
        -------
        >>> ae = SparseAutoencoder(2, max_iter=5, random_state=0).fit(np.full((4, 3), 0.5))
        >>> ae.jacobian(np.full(3, 0.5)).shape, ae.jacobian(np.full(3, 0.5), of="encoder").shape
        ((3, 3), (2, 3))
        """
        self._check_fitted()
        x = self._check_input(x, "x", self.n_visible_)
        if x.ndim != 1:
            raise ValueError(f"x must be one input of shape ({self.n_visible_},), got {x.shape}")
        as_choice(of, "of", ("encoder", "map"))
        h = self.transform(x)
        encoder = (h * (1 - h))[:, None] * self.encoder_weights_
        if of == "encoder":
            return encoder
        out = self.inverse_transform(h)
        return (out * (1 - out))[:, None] * (self.decoder_weights_ @ encoder)

    # --- saving ------------------------------------------------------------------
    def save(self, path: str | Path) -> None:
        """Save every parameter (the callback excepted) and the fitted weights to an ``.npz`` file.

        ``random_state`` must be an int or None: a Generator's state is not saved.

        Example
        -------
        >>> import tempfile, os
        >>> ae = SparseAutoencoder(2, max_iter=5, random_state=7, snapshot_every=5).fit(np.full((4, 3), 0.5))
        >>> path = os.path.join(tempfile.mkdtemp(), "ae.npz")
        >>> ae.save(path)
        >>> back = SparseAutoencoder.load(path)
        >>> bool(np.array_equal(back.encoder_weights_, ae.encoder_weights_)), back.random_state, back.snapshot_every
        (True, 7, 5)
        """
        self._check_fitted()
        if isinstance(self.random_state, np.random.Generator):
            raise ValueError("random_state must be an int or None to save the model (a Generator's state is not "
                             "saved); got a numpy.random.Generator")
        params = {k: (v.item() if isinstance(v, np.generic) else v) for k, v in self.get_params().items()}
        params.pop("callback")
        np.savez(
            path, params=json.dumps(params),
            encoder_weights=self.encoder_weights_, encoder_bias=self.encoder_bias_,
            decoder_weights=self.decoder_weights_, decoder_bias=self.decoder_bias_,
            loss_curve=np.array(self.loss_curve_), n_iter=self.n_iter_,
        )

    @classmethod
    def load(cls, path: str | Path) -> "SparseAutoencoder":
        """Load a model written by :meth:`save`.

        Example: ``SparseAutoencoder.load("ae.npz")`` (see :meth:`save`).
        """
        with np.load(path) as data:
            model = cls(**json.loads(str(data["params"])))
            model._validate()
            model.encoder_weights_ = data["encoder_weights"].copy()
            model.encoder_bias_ = data["encoder_bias"].copy()
            model.decoder_weights_ = data["decoder_weights"].copy()
            model.decoder_bias_ = data["decoder_bias"].copy()
            model.loss_curve_ = data["loss_curve"].tolist()
            model.n_iter_ = int(data["n_iter"])
            model.n_visible_ = model.encoder_weights_.shape[1]
        return model


def gradient_check(model: SparseAutoencoder, X: ArrayLike, theta: ArrayLike | None = None, *, step: float = 1e-6) -> float:
    """Relative error ``|g - n| / |g + n|`` between the analytic gradient ``g`` and central differences ``n``.

    Uses every parameter, so keep the problem small. In float64 a correct
    gradient gives about 1e-9 or less.

    Example
    -------
    >>> X = np.random.default_rng(0).uniform(0.1, 0.9, (10, 5))
    >>> bool(gradient_check(SparseAutoencoder(3, random_state=0), X) < 1e-7)
    True
    """
    if not isinstance(model, SparseAutoencoder):
        raise TypeError(f"model must be a SparseAutoencoder, got {type(model).__name__}")
    model._validate()
    X = model._check_data(X)
    theta = model._initial_parameters(X.shape[1]) if theta is None else model._check_theta(theta, X.shape[1])
    step = as_positive_float(step, "step")
    _, analytic = model._cost_and_gradient(theta, X)
    numeric = np.empty_like(theta)
    for i in range(theta.size):
        shift = np.zeros_like(theta)
        shift[i] = step
        numeric[i] = (model._cost_and_gradient(theta + shift, X)[0] - model._cost_and_gradient(theta - shift, X)[0]) / (
            2 * step
        )
    return float(np.linalg.norm(analytic - numeric) / np.linalg.norm(analytic + numeric))


def bar_network(seed: int, *, pixels: int = 8) -> SparseAutoencoder:
    """Chapter 1's network (8 hidden units) trained on the 16 bars of an 8x8 grid, drawn on ``pixels x pixels``.

    Each bar is a continuum figure, a row or column of the square; at ``pixels = 8k``
    it covers ``k`` rows or columns of pixels. Weight decay 1e-4, sparsity target 0.1
    with weight 0.5, 400 L-BFGS iterations from the initial weights of ``seed``.

    Example
    -------
    >>> net = bar_network(0)
    >>> net.encoder_weights_.shape, bar_network(0, pixels=16).encoder_weights_.shape
    ((8, 64), (8, 256))
    """
    seed = as_int(seed, "seed", minimum=0)
    pixels = as_int(pixels, "pixels", minimum=8)
    if pixels % 8:
        raise ValueError(f"pixels must be a multiple of 8 (each bar covers pixels / 8 rows), got {pixels}")
    block = np.ones((pixels // 8, pixels // 8), dtype=bool)
    images = np.kron(bars(8), block)
    return SparseAutoencoder(8, weight_decay=1e-4, sparsity=0.1, sparsity_weight=0.5, max_iter=400,
                             random_state=seed).fit(to_input(images))


def free_code_decoder(X: ArrayLike, n_hidden: int, rng: np.random.Generator, *, max_iter: int = 3000) -> np.ndarray:
    """The best reconstruction of ``X`` that a sigmoid decoder of width ``n_hidden`` finds from free codes.

    An autoencoder without its encoder: the codes ``H`` (one row of
    ``n_hidden`` real numbers per input, unconstrained) and the decoder ``W``,
    ``b`` are fitted together by L-BFGS to minimize the squared error of
    ``sigmoid(H W + b)`` against ``X``, from a random start drawn with ``rng``.
    No encoder of that width can do better than the best such decoder, so this
    measures what the decoder's width alone allows (one local optimum per start).

    Returns the reconstruction, an array of the shape of ``X``.

    Example
    -------
    >>> X = np.array([[0.1, 0.9], [0.9, 0.1]])
    >>> bool(np.abs(free_code_decoder(X, 2, np.random.default_rng(0)) - X).max() < 1e-3)
    True
    """
    X = _check_data(X)
    n_hidden = as_int(n_hidden, "n_hidden", minimum=1)
    max_iter = as_int(max_iter, "max_iter", minimum=1)
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
    m, n = X.shape
    sizes = [m * n_hidden, n_hidden * n, n]

    def cost(theta: np.ndarray) -> tuple[float, np.ndarray]:
        H, W, b = np.split(theta, np.cumsum(sizes)[:-1])
        H, W = H.reshape(m, n_hidden), W.reshape(n_hidden, n)
        Y = _sigmoid(H @ W + b)
        E = (Y - X) * Y * (1 - Y)
        grad = np.concatenate([(E @ W.T).ravel(), (H.T @ E).ravel(), E.sum(axis=0)])
        return 0.5 * float(np.sum((Y - X) ** 2)), grad

    theta = rng.standard_normal(sum(sizes))
    result = scipy.optimize.minimize(cost, theta, jac=True, method="L-BFGS-B", options={"maxiter": max_iter})
    H, W, b = np.split(result.x, np.cumsum(sizes)[:-1])
    return _sigmoid(H.reshape(m, n_hidden) @ W.reshape(n_hidden, n) + b)


class StackedAutoencoder:
    """Autoencoders trained greedily, one layer at a time (principle P2), with optional fine-tuning.

    Layer ``k`` is a :class:`SparseAutoencoder` with ``layer_sizes[k]`` hidden
    units trained on the codes of layer ``k - 1``. Fine-tuning then trains the
    whole chain ``x -> encoders -> decoders (reversed) -> x_hat`` jointly on the
    reconstruction error plus weight decay, with L-BFGS and backpropagation.

    Parameters
    ----------
    layer_sizes : sequence of int
        Hidden units of each layer, first layer first.
    fine_tune_iter : int
        L-BFGS iterations of joint fine-tuning after pretraining (0: none).
    **params
        Passed to every layer's :class:`SparseAutoencoder`; an int
        ``random_state`` seeds layer ``k`` with ``random_state + k``.

    Attributes
    ----------
    layers_ : list of SparseAutoencoder
    fine_tune_curve_ : list of float
        The fine-tuning cost after each iteration (empty without fine-tuning).

    Example
    -------
    >>> X = np.random.default_rng(0).uniform(0.1, 0.9, (40, 9))
    >>> stack = StackedAutoencoder([5, 3], max_iter=20, random_state=0).fit(X)
    >>> stack.transform(X).shape, stack.reconstruct(X).shape
    ((40, 3), (40, 9))
    """

    def __init__(self, layer_sizes: list | tuple, *, fine_tune_iter: int = 0, **params) -> None:
        self.layer_sizes = layer_sizes
        self.fine_tune_iter = fine_tune_iter
        self.params = params

    def fit(self, X: ArrayLike) -> "StackedAutoencoder":
        """Pretrain layer by layer, then fine-tune if asked; returns ``self``.

        Example
        -------
        >>> X = np.random.default_rng(0).uniform(0.1, 0.9, (40, 9))
        >>> len(StackedAutoencoder([4, 2], max_iter=10).fit(X).layers_)
        2
        """
        if not isinstance(self.layer_sizes, (list, tuple)) or not self.layer_sizes:
            raise TypeError("layer_sizes must be a non-empty list of positive ints")
        sizes = [as_int(n, "layer_sizes[k]") for n in self.layer_sizes]
        as_int(self.fine_tune_iter, "fine_tune_iter", minimum=0)
        unknown = set(self.params) - set(_PARAMETERS) | ({"n_hidden"} & set(self.params))
        if unknown:
            raise TypeError(f"params must be SparseAutoencoder's parameters other than n_hidden, got {sorted(unknown)}")
        SparseAutoencoder(1, **self.params)._validate()
        X = _check_data(X)
        self.layers_, codes = [], X
        seed = self.params.get("random_state")
        for k, size in enumerate(sizes):
            params = dict(self.params)
            if isinstance(seed, numbers.Integral):
                params["random_state"] = int(seed) + k
            layer = SparseAutoencoder(size, **params).fit(codes)
            self.layers_.append(layer)
            codes = layer.transform(codes)
        self.fine_tune_curve_ = []
        if self.fine_tune_iter:
            self._fine_tune(X)
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "layers_"):
            raise RuntimeError("this StackedAutoencoder is not fitted yet: call fit(X) first")

    def transform(self, X: ArrayLike) -> np.ndarray:
        """Codes of the last layer: the encoders applied in order.

        Example
        -------
        >>> X = np.random.default_rng(0).uniform(0.1, 0.9, (10, 6))
        >>> StackedAutoencoder([4, 2], max_iter=5).fit(X).transform(X).shape
        (10, 2)
        """
        self._check_fitted()
        for layer in self.layers_:
            X = layer.transform(X)
        return X

    def inverse_transform(self, H: ArrayLike) -> np.ndarray:
        """Reconstructions from last-layer codes: the decoders applied in reverse order.

        Example
        -------
        >>> X = np.random.default_rng(0).uniform(0.1, 0.9, (10, 6))
        >>> StackedAutoencoder([4, 2], max_iter=5).fit(X).inverse_transform(np.zeros((1, 2))).shape
        (1, 6)
        """
        self._check_fitted()
        for layer in reversed(self.layers_):
            H = layer.inverse_transform(H)
        return H

    def reconstruct(self, X: ArrayLike) -> np.ndarray:
        """The whole stack applied to the rows of ``X``.

        Example
        -------
        >>> X = np.random.default_rng(0).uniform(0.1, 0.9, (10, 6))
        >>> StackedAutoencoder([4], max_iter=5).fit(X).reconstruct(X).shape
        (10, 6)
        """
        return self.inverse_transform(self.transform(X))

    # --- fine-tuning: the chain of 2L sigmoid layers ---------------------------
    def _chain(self) -> list:
        encoders = [(l.encoder_weights_, l.encoder_bias_) for l in self.layers_]
        decoders = [(l.decoder_weights_, l.decoder_bias_) for l in reversed(self.layers_)]
        return encoders + decoders

    def chain_cost_and_gradient(self, theta: ArrayLike, X: ArrayLike) -> tuple[float, np.ndarray]:
        """The fine-tuning cost (reconstruction + weight decay) at flat parameters ``theta``, and its gradient.

        ``theta`` concatenates ``(W, b)`` of every layer of the chain, encoders
        first, each ``W`` row-major.

        Example
        -------
        >>> X = np.random.default_rng(0).uniform(0.1, 0.9, (10, 6))
        >>> stack = StackedAutoencoder([4], max_iter=5).fit(X)
        >>> cost, grad = stack.chain_cost_and_gradient(stack._flatten(stack._chain()), X)
        >>> grad.shape == stack._flatten(stack._chain()).shape
        True
        """
        self._check_fitted()
        X = _check_data(X)
        if X.shape[1] != self.layers_[0].n_visible_:
            raise ValueError(f"X must have {self.layers_[0].n_visible_} columns, got {X.shape[1]}")
        theta = as_float_array(theta, "theta", ndim=1)
        shapes = [(w.shape, b.shape) for w, b in self._chain()]
        expected = sum(int(np.prod(ws)) + bs[0] for ws, bs in shapes)
        if theta.size != expected:
            raise ValueError(f"theta must have {expected} entries for this stack, got {theta.size}")
        layers, start = [], 0
        for ws, bs in shapes:
            w = theta[start : start + int(np.prod(ws))].reshape(ws)
            start += w.size
            layers.append((w, theta[start : start + bs[0]]))
            start += bs[0]
        m = X.shape[0]
        activations = [X]
        for w, b in layers:
            activations.append(_sigmoid(activations[-1] @ w.T + b))
        error = activations[-1] - X
        decay = self.layers_[0].weight_decay
        cost = 0.5 * float(np.sum(error**2)) / m + 0.5 * decay * sum(float(np.sum(w**2)) for w, _ in layers)
        delta = error * activations[-1] * (1 - activations[-1]) / m
        grads = []
        for k in range(len(layers) - 1, -1, -1):
            w, _ = layers[k]
            grads.append((delta.T @ activations[k] + decay * w, delta.sum(axis=0)))
            if k:
                delta = (delta @ w) * activations[k] * (1 - activations[k])
        return cost, np.concatenate([np.concatenate([gw.ravel(), gb]) for gw, gb in reversed(grads)])

    @staticmethod
    def _flatten(chain: list) -> np.ndarray:
        return np.concatenate([np.concatenate([w.ravel(), b]) for w, b in chain])

    def _fine_tune(self, X: np.ndarray) -> None:
        X = np.asarray(X, dtype=np.float64)

        def record(intermediate_result):  # SciPy passes the result object to a parameter of this name
            self.fine_tune_curve_.append(float(intermediate_result.fun))

        result = scipy.optimize.minimize(
            self.chain_cost_and_gradient, self._flatten(self._chain()), args=(X,), jac=True, method="L-BFGS-B",
            callback=record, options={"maxiter": self.fine_tune_iter},
        )
        start, n = 0, len(self.layers_)
        chain = self._chain()
        for k, (w, b) in enumerate(chain):
            new_w = result.x[start : start + w.size].reshape(w.shape)
            start += w.size
            new_b = result.x[start : start + b.size]
            start += b.size
            layer = self.layers_[k] if k < n else self.layers_[2 * n - 1 - k]
            if k < n:
                layer.encoder_weights_, layer.encoder_bias_ = new_w.copy(), new_b.copy()
            else:
                layer.decoder_weights_, layer.decoder_bias_ = new_w.copy(), new_b.copy()


_PARAMETERS = [name for name in inspect.signature(SparseAutoencoder).parameters]
