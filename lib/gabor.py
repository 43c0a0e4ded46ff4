"""2-D Gabor functions and least-squares Gabor fits of filters.

A Gabor function is a plane wave under a Gaussian envelope::

    g(x, y) = A exp(-(u^2 / (2 sx^2) + v^2 / (2 sy^2))) cos(2 pi f u + phase) + offset
    u = (x - x0) cos(theta) + (y - y0) sin(theta),  v = -(x - x0) sin(theta) + (y - y0) cos(theta)

with pixel coordinates ``x`` (column) and ``y`` (row). A filter is
"Gabor-like" when a Gabor fits it well: R^2 close to 1.

Example
-------
>>> import numpy as np
>>> true = GaborParams(3.5, 3.5, 0.6, 0.2, 0.0, 1.5, 2.0, 1.0, 0.0)
>>> fit = fit_gabor(gabor(true, 8), np.random.default_rng(0))
>>> round(fit.r2, 6)
1.0
"""

from __future__ import annotations

from dataclasses import astuple, dataclass, fields

import numpy as np
from numpy.typing import ArrayLike

from lib._validate import as_float_array, as_generator, as_int, as_positive_float
from lib.figures import pixel_grid

__all__ = ["GaborParams", "GaborFit", "gabor", "fit_gabor", "fit_filters", "summarize", "energy_radius", "envelope_matched_noise"]


@dataclass(frozen=True)
class GaborParams:
    """Parameters of :func:`gabor`: centre, orientation (radians), frequency (cycles/pixel), phase, envelope, amplitude, offset."""

    x0: float
    y0: float
    theta: float
    frequency: float
    phase: float
    sigma_u: float
    sigma_v: float
    amplitude: float
    offset: float

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if field.name.startswith("sigma"):
                value = as_positive_float(value, field.name)
                if value < 1e-100:  # its square must not underflow to 0
                    raise ValueError(f"{field.name} must be at least 1e-100, got {value}")
            else:
                value = float(as_float_array(value, field.name, ndim=0))
            object.__setattr__(self, field.name, value)


@dataclass(frozen=True)
class GaborFit:
    """The best Gabor found for one filter, and how well it fits (R^2 = 1 - SS_res / SS_tot)."""

    params: GaborParams
    r2: float
    model: np.ndarray


def _grid(size: int) -> tuple[np.ndarray, np.ndarray]:
    y, x = np.mgrid[0:size, 0:size].astype(float)
    return x, y


def _evaluate(p: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    x0, y0, theta, freq, phase, su, sv, amp, offset = p
    dx, dy = x - x0, y - y0
    u = dx * np.cos(theta) + dy * np.sin(theta)
    v = -dx * np.sin(theta) + dy * np.cos(theta)
    envelope = np.exp(-(u**2) / (2 * su**2) - v**2 / (2 * sv**2))
    return amp * envelope * np.cos(2 * np.pi * freq * u + phase) + offset


def gabor(params: GaborParams, size: int) -> np.ndarray:
    """The Gabor function with ``params`` sampled on a ``size x size`` pixel grid.

    Example
    -------
    >>> g = gabor(GaborParams(2.0, 2.0, 0.0, 0.25, 0.0, 1.0, 1.0, 1.0, 0.0), 5)
    >>> float(g[2, 2]), g.shape
    (1.0, (5, 5))
    """
    if not isinstance(params, GaborParams):
        raise TypeError(f"params must be a GaborParams, got {type(params).__name__}")
    size = as_int(size, "size")
    with np.errstate(over="ignore", under="ignore"):  # an envelope far narrower than a pixel is 0 off centre
        return _evaluate(np.array(astuple(params), dtype=float), *_grid(size))


def _initial_guesses(image: np.ndarray, rng: np.random.Generator, n_starts: int) -> list:
    size = image.shape[0]
    centred = image - image.mean()
    spectrum = np.abs(np.fft.fft2(centred)) ** 2
    spectrum[0, 0] = 0.0
    freqs = np.fft.fftfreq(size)
    ky, kx = np.unravel_index(np.argmax(spectrum), spectrum.shape)
    fx, fy = freqs[kx], freqs[ky]
    weight = np.abs(centred) + 1e-12
    x, y = _grid(size)
    cx, cy = (weight * x).sum() / weight.sum(), (weight * y).sum() / weight.sum()
    amp = np.abs(centred).max()
    guesses = []
    for k in range(n_starts):
        if k == 0:
            theta, freq, x0, y0 = np.arctan2(fy, fx), np.hypot(fx, fy), cx, cy
        else:
            theta = rng.uniform(0, np.pi)
            freq = rng.uniform(0.02, 0.5)
            x0, y0 = rng.uniform(0, size - 1, 2)
        guesses.append(
            [x0, y0, theta, freq, rng.uniform(-np.pi, np.pi), rng.uniform(1, size / 2), rng.uniform(1, size / 2),
             amp, image.mean()]
        )
    return guesses


def _model_and_jacobian(p: np.ndarray, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Gabor values (B, P) and their derivatives (B, P, 9) for B parameter vectors at P pixels."""
    x0, y0, theta, freq, phase, su, sv, amp, offset = (p[:, k : k + 1] for k in range(9))
    c, s = np.cos(theta), np.sin(theta)
    dx, dy = x[None, :] - x0, y[None, :] - y0
    u, v = dx * c + dy * s, -dx * s + dy * c
    envelope = np.exp(-(u**2) / (2 * su**2) - v**2 / (2 * sv**2))
    angle = 2 * np.pi * freq * u + phase
    cos, sin = np.cos(angle), np.sin(angle)
    model = amp * envelope * cos + offset
    d_u = amp * envelope * (-u / su**2 * cos - 2 * np.pi * freq * sin)
    d_v = amp * envelope * (-v / sv**2) * cos
    jac = np.stack(
        [
            -c * d_u + s * d_v,  # x0
            -s * d_u - c * d_v,  # y0
            v * d_u - u * d_v,  # theta
            -amp * envelope * sin * 2 * np.pi * u,  # frequency
            -amp * envelope * sin,  # phase
            amp * envelope * cos * u**2 / su**3,  # sigma_u
            amp * envelope * cos * v**2 / sv**3,  # sigma_v
            envelope * cos,  # amplitude
            np.ones_like(u),  # offset
        ],
        axis=2,
    )
    return model, jac


def _levenberg_marquardt(targets: np.ndarray, p: np.ndarray, x: np.ndarray, y: np.ndarray, n_iter: int) -> np.ndarray:
    """Batched Levenberg-Marquardt: fit each row of ``targets`` (B, P) from its start ``p`` (B, 9)."""
    damping = np.full(p.shape[0], 1e-2)
    model, jac = _model_and_jacobian(p, x, y)
    cost = np.sum((model - targets) ** 2, axis=1)
    for _ in range(n_iter):
        residual = model - targets
        transposed = jac.transpose(0, 2, 1)  # batched matrix products: much faster than einsum here
        normal = transposed @ jac
        gradient = (transposed @ residual[:, :, None])[:, :, 0]
        diagonal = np.diagonal(normal, axis1=1, axis2=2)
        system = normal + (damping[:, None] * (diagonal + 1e-9))[:, :, None] * np.eye(9)
        step = np.linalg.solve(system, -gradient[:, :, None])[:, :, 0]
        trial = p + step
        trial[:, 5:7] = np.maximum(np.abs(trial[:, 5:7]), 0.3)  # envelope widths stay positive
        trial_model, trial_jac = _model_and_jacobian(trial, x, y)
        trial_cost = np.sum((trial_model - targets) ** 2, axis=1)
        better = np.isfinite(trial_cost) & (trial_cost < cost)
        p = np.where(better[:, None], trial, p)
        model = np.where(better[:, None], trial_model, model)
        jac = np.where(better[:, None, None], trial_jac, jac)
        cost = np.where(better, trial_cost, cost)
        damping = np.clip(np.where(better, damping / 3, damping * 4), 1e-9, 1e9)
    return p


def _canonical(p: np.ndarray) -> GaborParams:
    x0, y0, theta, freq, phase, su, sv, amp, offset = p
    if freq < 0:  # cos is even: reverse the wave
        freq, phase = -freq, -phase
    if amp < 0:
        amp, phase = -amp, phase + np.pi
    turns = np.floor(theta / np.pi)
    theta = theta - turns * np.pi
    if int(turns) % 2:  # rotated by pi: the wave runs the other way
        phase = -phase
    phase = np.mod(phase + np.pi, 2 * np.pi) - np.pi
    return GaborParams(*(float(v) for v in (x0, y0, theta, freq, phase, abs(su), abs(sv), amp, offset)))


def fit_filters(filters: ArrayLike, rng: np.random.Generator, *, n_starts: int = 8, n_iter: int = 150) -> list:
    """Least-squares Gabor fits of each row of ``filters`` (k, size^2), reshaped to a square.

    For each filter, ``n_starts`` starts (the first read off the filter: the
    peak of its spectrum and the centre of its energy; the others random) are
    refined together by a batched Levenberg-Marquardt with the analytic
    Jacobian, and the best is kept. Parameters are returned in canonical
    ranges: orientation in [0, pi), frequency and amplitude >= 0, phase in
    [-pi, pi).

    Example
    -------
    >>> fits = fit_filters(np.random.default_rng(2).normal(size=(3, 16)), np.random.default_rng(0), n_starts=2)
    >>> len(fits)
    3
    """
    filters = as_float_array(filters, "filters", ndim=2)
    if filters.shape[0] == 0:
        raise ValueError("filters must have at least one row")
    size = int(round(np.sqrt(filters.shape[1])))
    if size * size != filters.shape[1] or size < 3:
        raise ValueError(f"filters must have a square number (>= 9) of columns, got {filters.shape[1]}")
    rng = as_generator(rng)
    n_starts = as_int(n_starts, "n_starts")
    n_iter = as_int(n_iter, "n_iter")
    totals = np.sum((filters - filters.mean(axis=1, keepdims=True)) ** 2, axis=1)
    if np.any(totals == 0):
        raise ValueError("filters must not be constant: a Gabor fit is undefined")
    gx, gy = _grid(size)
    x, y = gx.ravel(), gy.ravel()
    starts = np.array([g for f in filters for g in _initial_guesses(f.reshape(size, size), rng, n_starts)])
    targets = np.repeat(filters, n_starts, axis=0)
    fitted = _levenberg_marquardt(targets, starts, x, y, n_iter)
    model, _ = _model_and_jacobian(fitted, x, y)
    cost = np.sum((model - targets) ** 2, axis=1).reshape(len(filters), n_starts)
    cost = np.where(np.isfinite(cost), cost, np.inf)
    fits = []
    for k, best in enumerate(np.argmin(cost, axis=1)):
        row = k * n_starts + best
        r2 = 1.0 - float(cost[k, best]) / float(totals[k])
        fits.append(GaborFit(_canonical(fitted[row]), r2, model[row].reshape(size, size)))
    return fits


def fit_gabor(image: ArrayLike, rng: np.random.Generator, *, n_starts: int = 8) -> GaborFit:
    """Least-squares fit of a Gabor function to one square filter (see :func:`fit_filters`).

    Example
    -------
    >>> noise = np.random.default_rng(1).normal(size=(8, 8))
    >>> bool(fit_gabor(noise, np.random.default_rng(0)).r2 < 0.7)
    True
    """
    image = as_float_array(image, "image", ndim=2)
    if image.shape[0] != image.shape[1] or image.shape[0] < 3:
        raise ValueError(f"image must be square and at least 3 x 3, got {image.shape}")
    if np.sum((image - image.mean()) ** 2) == 0:  # the test fit_filters makes, so both agree
        raise ValueError("image must not be constant (nor so nearly that its variance underflows)")
    return fit_filters(image.reshape(1, -1), rng, n_starts=n_starts)[0]


def summarize(fits: list, *, threshold: float = 0.7) -> dict:
    """Summary of a bank of fits: R^2 values, fraction Gabor-like, orientations, frequencies, envelope sizes.

    Example
    -------
    >>> fits = fit_filters(np.random.default_rng(2).normal(size=(3, 16)), np.random.default_rng(0), n_starts=2)
    >>> sorted(summarize(fits))
    ['envelope', 'fraction_gabor', 'frequency', 'orientation', 'r2']
    """
    if not isinstance(fits, (list, tuple)) or not fits or not all(isinstance(f, GaborFit) for f in fits):
        raise TypeError("fits must be a non-empty list of GaborFit")
    threshold = float(as_float_array(threshold, "threshold", ndim=0))
    r2 = np.array([f.r2 for f in fits])
    return {
        "r2": r2,
        "fraction_gabor": float(np.mean(r2 >= threshold)),
        "orientation": np.array([f.params.theta for f in fits]),
        "frequency": np.array([f.params.frequency for f in fits]),
        "envelope": np.array([np.sqrt(f.params.sigma_u * f.params.sigma_v) for f in fits]),
    }


def _energy_moments(filters: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pixel centres d from each filter's energy centre (k, P, 2), the energy weights (k, P), the spreads (k, 2, 2).

    A filter's energy is its squared values, normalized to sum to one; its centre and
    spread are the mean and covariance of the pixel centres under that weight.
    """
    size = int(round(np.sqrt(filters.shape[1])))
    if size * size != filters.shape[1] or size < 2 or not np.all(np.any(filters != 0, axis=1)):
        raise ValueError(f"filters must be nonzero square filters (k, size^2), size >= 2, got shape {filters.shape}")
    x, y = pixel_grid(size)
    px, py = np.meshgrid(x, y)
    centres = np.column_stack([px.ravel(), py.ravel()])
    weight = filters**2 / np.sum(filters**2, axis=1, keepdims=True)
    d = centres[None] - (weight @ centres)[:, None, :]
    spread = np.einsum("kp,kpi,kpj->kij", weight, d, d)
    return d, weight, spread


def energy_radius(filters: ArrayLike) -> np.ndarray:
    """How far each square filter (rows of ``filters``, k x size^2) spreads its energy, in pixels.

    The root-mean-square distance of the pixels from the filter's energy centre,
    weighted by the squared values. It needs no fitted model: a filter with all its
    energy in one pixel has radius 0, and one spread evenly over a ``size x size``
    patch has ``sqrt((size**2 - 1) / 6)`` (3.24 for 8 x 8).

    Example
    -------
    >>> flat, spot = np.ones((1, 64)), np.zeros((1, 64))
    >>> spot[0, 27] = 1.0
    >>> np.round(energy_radius(np.vstack([flat, spot])), 2).tolist()
    [3.24, 0.0]
    """
    filters = as_float_array(filters, "filters", ndim=2)
    d, weight, _ = _energy_moments(filters)
    pixel = 2.0 / round(np.sqrt(filters.shape[1]))  # the grid spans [-1, 1]
    return np.sqrt(np.einsum("kp,kpi,kpi->k", weight, d, d)) / pixel


def envelope_matched_noise(filters: ArrayLike, rng: np.random.Generator) -> np.ndarray:
    """A control for a bank of square filters (k, size^2): white noise under each filter's envelope.

    Each row is Gaussian white noise times a Gaussian envelope whose square has the
    filter's energy centre and spread (the mean and covariance of the pixel centres
    of ``[-1, 1]^2`` weighted by the filter's squared values). It is localized like
    the filter, with no structure inside: what a localized filter shows beyond it is
    not explained by its being localized.

    Example
    -------
    >>> filters = np.zeros((1, 64)); filters[0, [27, 28, 35, 36]] = 1.0  # the four central pixels
    >>> noise = envelope_matched_noise(filters, np.random.default_rng(0))
    >>> noise.shape, bool(np.abs(noise[0, [0, 7, 56, 63]]).max() < 1e-6)  # nothing at the corners
    ((1, 64), True)
    """
    filters = as_float_array(filters, "filters", ndim=2)
    rng = as_generator(rng)
    d, _, spreads = _energy_moments(filters)
    out = []
    for offsets, spread in zip(d, spreads):
        if np.linalg.det(spread) <= 1e-12 * np.trace(spread) ** 2:
            raise ValueError("filters must each spread their energy in two directions, not along a line")
        envelope = np.exp(-np.einsum("ni,ij,nj->n", offsets, np.linalg.inv(spread), offsets) / 4)
        out.append(rng.normal(size=filters.shape[1]) * envelope)
    return np.array(out)
