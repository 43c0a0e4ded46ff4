"""The UFLDL-size sparse autoencoder: lib against an equivalent PyTorch CPU version.

    .venv/bin/pip install torch==2.13.0   # benchmark only; the book never needs it
    .venv/bin/python benchmarks/bench_autoencoder.py

Same data (10,000 whitened 8x8 natural patches), same initial weights, same
objective (64-25-64 sigmoid autoencoder, lambda = 1e-4, beta = 3, rho = 0.01),
same optimizer (SciPy's L-BFGS-B, 400 iterations). PyTorch works in float32
and computes the gradient with autograd, with 1 and with 2 threads; lib runs in
float32 and in float64. Whole trainings are timed: medians of 5. Final losses
after 400 iterations differ by a few parts in a thousand from rounding alone
(each implementation follows its own path), so both precisions are shown.
"""

from __future__ import annotations

import statistics
import time

import numpy as np
import scipy.optimize

from lib.autoencoder import SparseAutoencoder
from lib.images import natural_patches

N_HIDDEN, DECAY, RHO, BETA, ITERATIONS, RUNS = 25, 1e-4, 0.01, 3.0, 400, 5


def torch_training(X: np.ndarray, theta0: np.ndarray, threads: int) -> tuple[float, float]:
    import torch

    torch.set_num_threads(threads)
    data = torch.from_numpy(X.astype(np.float32))
    m, v = data.shape
    h = N_HIDDEN
    sizes = [h * v, h, v, v * h]

    def cost_and_gradient(theta: np.ndarray) -> tuple[float, np.ndarray]:
        params = torch.from_numpy(theta.astype(np.float32)).requires_grad_(True)
        w1, b1, b2, w2 = torch.split(params, sizes)
        w1, w2 = w1.view(h, v), w2.view(v, h)
        hidden = torch.sigmoid(data @ w1.T + b1)
        output = torch.sigmoid(hidden @ w2.T + b2)
        rho_hat = hidden.mean(dim=0)
        cost = (
            0.5 * ((output - data) ** 2).sum() / m
            + 0.5 * DECAY * ((w1**2).sum() + (w2**2).sum())
            + BETA * (RHO * torch.log(RHO / rho_hat) + (1 - RHO) * torch.log((1 - RHO) / (1 - rho_hat))).sum()
        )
        cost.backward()
        return float(cost.detach()), params.grad.numpy().astype(np.float64)

    start = time.perf_counter()
    result = scipy.optimize.minimize(cost_and_gradient, theta0, jac=True, method="L-BFGS-B",
                                     options={"maxiter": ITERATIONS})
    return time.perf_counter() - start, float(result.fun)


def lib_training(X: np.ndarray, dtype: str) -> tuple[float, float]:
    model = SparseAutoencoder(N_HIDDEN, weight_decay=DECAY, sparsity=RHO, sparsity_weight=BETA, max_iter=ITERATIONS, dtype=dtype, random_state=0)
    start = time.perf_counter()
    model.fit(X)
    return time.perf_counter() - start, model.loss_curve_[-1]


def ufldl_problem() -> tuple[np.ndarray, np.ndarray]:
    """The data and the initial parameters both implementations start from."""
    X = natural_patches(10_000, 8, np.random.default_rng(0))
    # lib's parameter order is (W1, b1, b2, W2), the one used above for PyTorch
    return X, SparseAutoencoder(N_HIDDEN, random_state=0)._initial_parameters(64)


def main() -> None:
    X, theta0 = ufldl_problem()
    results = {f"lib (NumPy, {dtype})": [lib_training(X, dtype) for _ in range(RUNS)] for dtype in ("float32", "float64")}
    for threads in (1, 2):
        results[f"PyTorch {threads} thread(s)"] = [torch_training(X, theta0, threads) for _ in range(RUNS)]
    medians = {name: statistics.median(t for t, _ in runs) for name, runs in results.items()}
    best_torch = min(v for k, v in medians.items() if k.startswith("PyTorch"))
    print(f"{'implementation':24s} {'median s':>9s} {'final loss':>11s}")
    for name, runs in results.items():
        print(f"{name:24s} {medians[name]:9.2f} {runs[0][1]:11.5f}")
    for dtype in ("float32", "float64"):
        print(f"lib {dtype} / best PyTorch time: {medians[f'lib (NumPy, {dtype})'] / best_torch:.2f}")


if __name__ == "__main__":
    main()
