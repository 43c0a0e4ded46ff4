"""Checks for the exercises of Chapter 4 (``import lib.checks.ch4 as check``)."""

from __future__ import annotations

from typing import Callable

import numpy as np

from lib.autoencoder import SparseAutoencoder
from lib.checks._core import call, number, passed, require
from lib.gabor import fit_filters, summarize

__all__ = ["exercise_1", "exercise_2", "exercise_3"]


# the settings that make two networks "the same autoencoder", trained alike
_SETTINGS = ("n_hidden", "weight_decay", "sparsity", "sparsity_weight", "tied", "max_iter", "solver")


def _network(exercise: str, function: Callable, chapter: SparseAutoencoder, changed: dict) -> SparseAutoencoder:
    """The student's trained network, with the chapter's settings except ``changed``."""
    net = call(exercise, function)
    name = getattr(function, "__name__", "your function")
    require(isinstance(net, SparseAutoencoder) and hasattr(net, "encoder_weights_"), exercise,
            f"{name}() should return a trained SparseAutoencoder, got {net!r:.80}",
            "return the network itself, after .fit(...).")
    require(net.encoder_weights_.shape == chapter.encoder_weights_.shape, exercise,
            f"your network's filters have shape {net.encoder_weights_.shape}",
            "train on 8 x 8 patches, with as many hidden units as in the chapter.")
    for key, value in changed.items():
        require(getattr(net, key) == value, exercise, f"your network has {key}={getattr(net, key)!r}",
                f"this exercise changes {key} only; set {key}={value!r}.")
    for key in _SETTINGS:
        if key not in changed and not (key == "sparsity" and changed.get("sparsity_weight") == 0.0):
            require(getattr(net, key) == getattr(chapter, key), exercise,
                    f"your network's {key} is {getattr(net, key)!r}, the chapter's {getattr(chapter, key)!r}",
                    "change only what the exercise asks and keep every other setting as in the chapter.")
    return net


_FITS: dict = {}  # the chapter network's fits, made once for both checks


def _gabor(net: SparseAutoencoder) -> dict:
    key = net.encoder_weights_.tobytes()
    if key not in _FITS:
        _FITS[key] = summarize(fit_filters(net.encoder_weights_, np.random.default_rng(0)))
    return _FITS[key]


def exercise_1(unwhitened_network: Callable, chapter: SparseAutoencoder) -> None:
    """Filters learned without whitening must have larger Gabor envelopes than the chapter's.

    ``unwhitened_network()`` returns the trained network; its settings must be the
    chapter network's. The Gabor fits of both are made here.

    Example
    -------
    >>> from lib.images import natural_patches
    >>> def train(whiten):
    ...     X = natural_patches(2000, 8, np.random.default_rng(0), whiten=whiten)
    ...     return SparseAutoencoder(16, max_iter=100, random_state=0).fit(X)
    >>> exercise_1(lambda: train(False), train(True))  # doctest: +ELLIPSIS
    Exercise 4.1 passed: Gabor-like ...%, median envelope ... px (the chapter's: ... px)
    """
    net = _network("4.1", unwhitened_network, chapter, {})
    raw, ours = _gabor(net), _gabor(chapter)
    wide, narrow = float(np.median(raw["envelope"])), float(np.median(ours["envelope"]))
    require(wide > narrow, "4.1", f"your filters' median envelope, {wide:.2f} px, is not larger than the chapter's",
            "train on natural_patches(10_000, 8, np.random.default_rng(0), whiten=False).")
    passed("4.1", f"Gabor-like {raw['fraction_gabor']:.0%}, median envelope {wide:.2f} px (the chapter's: {narrow:.2f} px)")


def exercise_2(dense_network: Callable, chapter: SparseAutoencoder) -> None:
    """Without the sparsity penalty (beta = 0, all else kept), fewer filters must be Gabor-like.

    ``dense_network()`` returns the trained network. Its sparsity weight must be 0
    and its other settings the chapter network's (the target rho does not matter
    without the penalty). The Gabor fits of both are made here.

    Example
    -------
    >>> from lib.images import natural_patches
    >>> X = natural_patches(2000, 8, np.random.default_rng(0))
    >>> def train(beta):
    ...     return SparseAutoencoder(16, sparsity_weight=beta, max_iter=100, random_state=0).fit(X)
    >>> exercise_2(lambda: train(0.0), train(3.0))
    Exercise 4.2 passed: Gabor-like 0% without the penalty, ...% with it
    """
    net = _network("4.2", dense_network, chapter, {"sparsity_weight": 0.0})
    dense, sparse = _gabor(net)["fraction_gabor"], _gabor(chapter)["fraction_gabor"]
    require(dense < sparse, "4.2", f"{dense:.0%} of your filters are Gabor-like, not fewer than with the penalty",
            "set sparsity_weight=0.0, keep everything else as in the chapter, and train on the whitened X.")
    passed("4.2", f"Gabor-like {dense:.0%} without the penalty, {sparse:.0%} with it")


def exercise_3(noise_r2: Callable) -> None:
    """``noise_r2(n, p)`` must match the mean R^2 of least-squares fits to simulated white noise.

    The fits are the chapter's kind: ``p`` parameters of which one is a constant
    offset, and R^2 the fraction of the variance about the mean explained.

    Example
    -------
    >>> exercise_3(lambda n, p: (p - 1) / (n - 1))
    Exercise 4.3 passed: within 0.01 of simulated fits for (n, p) = (64, 9), (100, 20), (30, 3), (6, 3)
    """
    rng = np.random.default_rng(0)
    for n, p in ((64, 9), (100, 20), (30, 3), (6, 3)):
        trials = 40_000 if n < 10 else 4000  # the standard error stays below 0.002
        design = np.concatenate([np.ones((trials, n, 1)), rng.normal(size=(trials, n, p - 1))], axis=2)
        noise = rng.normal(size=(trials, n, 1))
        fitted = design @ np.linalg.solve(design.transpose(0, 2, 1) @ design, design.transpose(0, 2, 1) @ noise)
        centred = noise - noise.mean(axis=1, keepdims=True)
        simulated = float(np.mean(1 - np.sum((noise - fitted) ** 2, axis=(1, 2)) / np.sum(centred**2, axis=(1, 2))))
        answer = number("4.3", call("4.3", noise_r2, n, p), f"noise_r2({n}, {p})")
        require(abs(answer - simulated) < 0.01, "4.3",
                f"noise_r2({n}, {p}) = {answer:.3f} is not what fits to {trials} noise vectors give on average "
                f"({'above' if answer > simulated else 'below'} it)",
                "removing the mean uses the offset and one dimension of the noise; the other parameters project "
                "what is left onto a subspace: what share of its variance lands there on average?")
    passed("4.3", "within 0.01 of simulated fits for (n, p) = (64, 9), (100, 20), (30, 3), (6, 3)")
