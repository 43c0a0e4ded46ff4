"""Checks for the exercises of Chapter 4 (``import lib.checks.ch4 as check``)."""

from __future__ import annotations

from typing import Callable

import numpy as np

from lib.checks._core import Passed, call, number, require

__all__ = ["exercise_1", "exercise_2", "exercise_3"]


def _summary(exercise: str, value: object, what: str) -> dict:
    require(isinstance(value, dict) and {"fraction_gabor", "envelope"} <= set(value), exercise,
            f"{what} should be a summary as made by lib.gabor.summarize, got {value!r:.80}",
            "return summarize(fit_filters(net.encoder_weights_, np.random.default_rng(0))).")
    require(np.size(value["envelope"]) > 0 and bool(np.all(np.isfinite(value["envelope"]))), exercise,
            f"{what} has no finite envelope sizes", "fit the trained network's encoder weights.")
    return value


def exercise_1(unwhitened_summary: Callable, whitened: dict) -> Passed:
    """Filters learned without whitening must have larger Gabor envelopes than the whitened ones.

    Example
    -------
    >>> exercise_1(lambda: {"fraction_gabor": 1.0, "envelope": [9.0, 12.0]},
    ...            {"fraction_gabor": 1.0, "envelope": [3.0, 4.0]})
    Exercise 4.1 passed: Gabor-like 100%, median envelope 10.50 px (whitened: 3.50 px)
    """
    raw = _summary("4.1", call("4.1", unwhitened_summary), "unwhitened_summary()")
    ours, theirs = float(np.median(raw["envelope"])), float(np.median(whitened["envelope"]))
    require(ours > theirs, "4.1", f"median envelope {ours:.2f} px, not larger than the whitened filters' {theirs:.2f} px",
            "train on natural_patches(10_000, 8, np.random.default_rng(0), whiten=False) with the chapter's settings.")
    return Passed("4.1", f"Gabor-like {raw['fraction_gabor']:.0%}, median envelope {ours:.2f} px (whitened: {theirs:.2f} px)")


def exercise_2(dense_summary: Callable, sparse: dict) -> Passed:
    """Without the sparsity penalty, fewer filters must be Gabor-like than with it.

    Example
    -------
    >>> exercise_2(lambda: {"fraction_gabor": 0.0, "envelope": [9.0]}, {"fraction_gabor": 1.0, "envelope": [3.0]})
    Exercise 4.2 passed: Gabor-like 0% without the penalty, 100% with it
    """
    dense = _summary("4.2", call("4.2", dense_summary), "dense_summary()")
    require(dense["fraction_gabor"] < sparse["fraction_gabor"], "4.2",
            f"{dense['fraction_gabor']:.0%} Gabor-like without the penalty, {sparse['fraction_gabor']:.0%} with it",
            "set sparsity_weight=0.0 and keep everything else as in the chapter.")
    return Passed("4.2", f"Gabor-like {dense['fraction_gabor']:.0%} without the penalty, {sparse['fraction_gabor']:.0%} with it")


def exercise_3(noise_r2: Callable) -> Passed:
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
    return Passed("4.3", "within 0.01 of simulated fits for (n, p) = (64, 9), (100, 20), (30, 3), (6, 3)")
