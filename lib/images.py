"""Image data for the book: natural patches, whitening, synthetic figures.

Natural images come from scikit-image's own files (``skimage.data``), which
ship inside its wheel: nothing is downloaded at run time.

Example
-------
>>> import numpy as np
>>> X = natural_patches(100, 8, np.random.default_rng(0))
>>> X.shape, bool(X.min() >= 0.1 and X.max() <= 0.9)
((100, 64), True)
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike

from lib._validate import _as_real, as_bool, as_choice, as_float_array, as_generator, as_int, as_nonnegative_float, as_positive_float

if TYPE_CHECKING:  # lib.autoencoder imports this module
    from lib.autoencoder import SparseAutoencoder

__all__ = [
    "NATURAL_IMAGES",
    "natural_image",
    "whiten_image",
    "natural_patches",
    "normalize_patches",
    "zca_whiten",
    "pca_whiten",
    "bars",
    "network_image",
    "rectangles",
    "rectangle_outlines",
    "edge_and_corner_templates",
    "blob_templates",
    "match_templates",
    "phase_randomized",
    "to_input",
    "from_output",
]

#: Photographs in scikit-image's wheel used as natural images.
NATURAL_IMAGES = ("camera", "astronaut", "coffee", "chelsea", "rocket", "grass", "gravel", "brick")


@lru_cache(maxsize=None)
def _load(name: str) -> np.ndarray:
    # Deferred: importing skimage's colour module costs about 0.2 s, and most uses of lib.images load no photograph.
    import skimage.color
    import skimage.data

    image = getattr(skimage.data, name)()
    if image.ndim == 3:
        image = skimage.color.rgb2gray(image[..., :3])
    image = np.asarray(image, dtype=np.float64)
    if image.max() > 1.0:
        image = image / 255.0
    image.setflags(write=False)
    return image


def natural_image(name: str) -> np.ndarray:
    """A gray-scale photograph from scikit-image's own files, values in [0, 1].

    Example
    -------
    >>> natural_image("camera").shape
    (512, 512)
    """
    as_choice(name, "name", NATURAL_IMAGES)
    return _load(name)


def whiten_image(image: ArrayLike, *, cutoff: float = 0.4) -> np.ndarray:
    """Flatten an image's 1/f spectrum, as Olshausen and Field (1996) did for their images.

    Multiplies the Fourier transform by ``f exp(-(f / f0)^4)`` (``f`` the radial
    frequency in cycles per pixel, ``f0 = cutoff``; Olshausen's 0.4 N cycles per
    picture is 0.4 cycles per pixel), then scales the result to unit variance.

    Example
    -------
    >>> w = whiten_image(natural_image("camera"))
    >>> round(float(w.std()), 6)
    1.0
    """
    image = as_float_array(image, "image", ndim=2)
    if min(image.shape) < 8:
        raise ValueError(f"image must be at least 8 x 8, got {image.shape}")
    cutoff = as_positive_float(cutoff, "cutoff")
    fy = np.fft.fftfreq(image.shape[0])[:, None]
    fx = np.fft.fftfreq(image.shape[1])[None, :]
    f = np.hypot(fx, fy)
    if np.ptp(image) == 0:
        raise ValueError("image must not be constant: it has no spectrum to whiten")
    with np.errstate(over="ignore"):  # frequencies far above the cutoff get weight exp(-inf) = 0
        filtered = np.real(np.fft.ifft2(np.fft.fft2(image - image.mean()) * f * np.exp(-((f / cutoff) ** 4))))
    spread = filtered.std()
    if spread == 0:
        raise ValueError(f"cutoff = {cutoff:g} is too small: the filter removes the whole image")
    return filtered / spread


@lru_cache(maxsize=None)
def _whitened(name: str) -> np.ndarray:
    w = whiten_image(natural_image(name))
    w.setflags(write=False)
    return w


def normalize_patches(patches: ArrayLike) -> np.ndarray:
    """The UFLDL normalization: remove each patch's mean, clip at 3 standard deviations, map to [0.1, 0.9].

    Example
    -------
    >>> normalize_patches([[0.0, 1.0], [2.0, 2.0]]).round(3).tolist()
    [[0.311, 0.689], [0.5, 0.5]]
    """
    X = as_float_array(patches, "patches", ndim=2)
    if X.shape[0] == 0 or X.shape[1] < 2:
        raise ValueError(f"patches must have shape (n >= 1, d >= 2), got {X.shape}")
    X = X - X.mean(axis=1, keepdims=True)
    limit = 3 * X.std()
    if limit == 0:
        return np.full_like(X, 0.5)
    return (np.clip(X, -limit, limit) / limit + 1) * 0.4 + 0.1


def natural_patches(
    n_patches: int, size: int, rng: np.random.Generator, *, whiten: bool = True, images: tuple = NATURAL_IMAGES
) -> np.ndarray:
    """Random ``size x size`` patches of natural photographs, normalized as in UFLDL; shape (n, size^2).

    Patches are drawn evenly from ``images``, each at a uniformly random
    position; with ``whiten`` the images are first whitened
    (:func:`whiten_image`), as the images of the classic experiment were.

    Example
    -------
    >>> natural_patches(10, 6, np.random.default_rng(1)).shape
    (10, 36)
    """
    n_patches = as_int(n_patches, "n_patches")
    size = as_int(size, "size", minimum=2)
    rng = as_generator(rng)
    whiten = as_bool(whiten, "whiten")
    if not isinstance(images, (tuple, list)) or not images:
        raise TypeError("images must be a non-empty tuple of names from NATURAL_IMAGES")
    smallest = min(min(natural_image(name).shape) for name in images)  # also validates the names
    if size > smallest:
        raise ValueError(f"size must be at most {smallest}, the side of the smallest image, got {size}")
    which = rng.integers(0, len(images), n_patches)
    patches = np.empty((n_patches, size * size))
    for k, name in enumerate(images):
        source = _whitened(name) if whiten else natural_image(name)
        rows = np.nonzero(which == k)[0]
        i = rng.integers(0, source.shape[0] - size + 1, rows.size)
        j = rng.integers(0, source.shape[1] - size + 1, rows.size)
        offsets = np.arange(size)
        window = source[i[:, None, None] + offsets[None, :, None], j[:, None, None] + offsets[None, None, :]]
        patches[rows] = window.reshape(rows.size, size * size)
    return normalize_patches(patches)


def _whitening(X: np.ndarray, epsilon: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    X = as_float_array(X, "X", ndim=2)
    if X.shape[0] < 2 or X.shape[1] == 0:
        raise ValueError(f"X must have at least 2 rows and 1 column, got shape {X.shape}")
    epsilon = as_nonnegative_float(epsilon, "epsilon")
    centred = X - X.mean(axis=0)
    values, vectors = np.linalg.eigh(centred.T @ centred / X.shape[0])
    order = np.argsort(values)[::-1]
    # the covariance is positive semi-definite; rounding can leave tiny negative eigenvalues
    values = np.maximum(values[order], 0.0)
    if values[-1] + epsilon <= 0:
        raise ValueError("X has a direction of zero variance: whitening needs epsilon > 0")
    return centred, values, vectors[:, order]


def pca_whiten(X: ArrayLike, *, epsilon: float = 0.1) -> np.ndarray:
    """PCA whitening: coordinates in the principal axes, each scaled by ``1/sqrt(variance + epsilon)``.

    Example
    -------
    >>> X = np.random.default_rng(0).normal(size=(500, 3)) * [1.0, 5.0, 0.2]
    >>> np.round(np.cov(pca_whiten(X, epsilon=0.0).T), 2).diagonal().tolist()
    [1.0, 1.0, 1.0]
    """
    centred, values, vectors = _whitening(X, epsilon)
    return centred @ vectors / np.sqrt(values + epsilon)


def zca_whiten(X: ArrayLike, *, epsilon: float = 0.1) -> np.ndarray:
    """ZCA whitening: PCA whitening rotated back to the original axes (whitened data closest to ``X``).

    Example
    -------
    >>> X = np.random.default_rng(0).normal(size=(500, 3)) * [1.0, 5.0, 0.2]
    >>> np.round(np.cov(zca_whiten(X, epsilon=0.0).T), 2).diagonal().tolist()
    [1.0, 1.0, 1.0]
    """
    centred, values, vectors = _whitening(X, epsilon)
    return centred @ vectors / np.sqrt(values + epsilon) @ vectors.T


def bars(size: int) -> np.ndarray:
    """All ``2 size`` one-pixel bars, horizontal then vertical, as boolean images (2 size, size, size).

    Example
    -------
    >>> bars(3)[[0, 3]].astype(int).tolist()
    [[[1, 1, 1], [0, 0, 0], [0, 0, 0]], [[1, 0, 0], [1, 0, 0], [1, 0, 0]]]
    """
    size = as_int(size, "size")
    out = np.zeros((2 * size, size, size), dtype=bool)
    for i in range(size):
        out[i, i, :] = True
        out[size + i, :, i] = True
    return out


def rectangles(n: int, size: int, rng: np.random.Generator, *, min_side: int = 3) -> np.ndarray:
    """``n`` outlines of random axis-parallel rectangles on ``size x size`` grids (the paper's Figure 2(a)).

    Each has sides of at least ``min_side`` pixels, drawn one pixel wide.

    Example
    -------
    >>> r = rectangles(2, 6, np.random.default_rng(0))
    >>> r.shape, r.dtype
    ((2, 6, 6), dtype('bool'))
    """
    n = as_int(n, "n")
    size, min_side = _rectangle_sizes(size, min_side)
    rng = as_generator(rng)
    out = np.zeros((n, size, size), dtype=bool)
    for k in range(n):
        top, left = rng.integers(0, size - min_side + 1, 2)
        bottom = rng.integers(top + min_side - 1, size)
        right = rng.integers(left + min_side - 1, size)
        out[k, [top, bottom], left : right + 1] = True
        out[k, top : bottom + 1, [left, right]] = True
    return out


def _rectangle_sizes(size: int, min_side: int) -> tuple[int, int]:
    size = as_int(size, "size", minimum=2)
    min_side = as_int(min_side, "min_side", minimum=2)
    if min_side > size:
        raise ValueError(f"min_side must be at most size ({size}), got {min_side}")
    return size, min_side


def rectangle_outlines(size: int, *, min_side: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Every outline ``rectangles`` can draw, with the exact probability that it draws it.

    ``rectangles`` picks the top row uniformly, then the bottom row uniformly among
    those that leave at least ``min_side`` rows, and the columns alike; so the
    probability of an outline is a product of two such factors. Exact shares
    (of outlines containing a given pattern, say) follow by summing.

    Returns
    -------
    outlines : ndarray of bool, shape (k, size, size)
    probabilities : ndarray, shape (k,), summing to 1

    Example
    -------
    >>> outlines, p = rectangle_outlines(4, min_side=3)
    >>> outlines.shape, round(float(p.sum()), 12)
    ((9, 4, 4), 1.0)
    """
    size, min_side = _rectangle_sizes(size, min_side)
    n_starts = size - min_side + 1
    spans = [(a, b, 1.0 / (n_starts * (size - a - min_side + 1)))
             for a in range(n_starts) for b in range(a + min_side - 1, size)]
    outlines = np.zeros((len(spans) ** 2, size, size), dtype=bool)
    probabilities = np.empty(len(spans) ** 2)
    for k, ((top, bottom, p_rows), (left, right, p_cols)) in enumerate(
            (rows, cols) for rows in spans for cols in spans):
        outlines[k, [top, bottom], left : right + 1] = True
        outlines[k, top : bottom + 1, [left, right]] = True
        probabilities[k] = p_rows * p_cols
    return outlines, probabilities


def blob_templates(size: int, *, sigmas: ArrayLike = (0.7, 1.0, 1.5, 2.0, 3.0)) -> np.ndarray:
    """Round Gaussian blobs on a ``size x size`` grid, as rows of ``size^2`` pixels.

    One blob for every width in ``sigmas`` (pixels) and every centre on the
    half-pixel grid inside the image (``(2 size - 1)^2`` centres). Chapter 4 uses
    them as a third kind of template, so that a filter that is only a smooth
    spot is not forced to count as an edge or a corner.

    Example
    -------
    >>> blob_templates(3, sigmas=[1.0]).shape  # 5 x 5 centres
    (25, 9)
    """
    size = as_int(size, "size", minimum=2)
    sigmas = as_float_array(sigmas, "sigmas", ndim=1)
    if sigmas.size == 0 or np.any(sigmas <= 0):
        raise ValueError(f"sigmas must be a non-empty list of positive widths, got {sigmas.tolist()}")
    grid = np.arange(size, dtype=float)
    centres = np.arange(0, size - 0.5, 0.5)
    rows = []
    for sigma in sigmas:
        for cy in centres:
            for cx in centres:
                d2 = (grid[:, None] - cy) ** 2 + (grid[None, :] - cx) ** 2
                rows.append(np.exp(-d2 / (2 * sigma**2)).ravel())
    return np.array(rows)


def _unit_rows(A: np.ndarray) -> np.ndarray:
    A = A - A.mean(axis=1, keepdims=True)
    norms = np.linalg.norm(A, axis=1, keepdims=True)
    return A / np.where(norms > 0, norms, 1.0)


def match_templates(
    features: ArrayLike, templates: dict, *, margin: float = 0.05, floor: float = 0.5
) -> tuple[np.ndarray, np.ndarray]:
    """Label each feature by the kind of template it matches best.

    A feature's match with a kind is its largest cosine similarity (means
    removed) with that kind's templates. A feature gets the kind whose match is
    at least ``floor`` and beats every other kind's by ``margin``; otherwise
    ``"neither"``.

    Parameters
    ----------
    features : array (n, d)
        One feature (a filter, say) per row.
    templates : dict of str to array (k, d)
        The templates of each kind.

    Returns
    -------
    labels : ndarray of str, shape (n,)
    matches : ndarray (n, number of kinds)
        Each feature's best cosine with each kind, in the dict's order.

    Example
    -------
    >>> edges, corners = edge_and_corner_templates(4)
    >>> labels, _ = match_templates(edges[:2], {"edge": edges, "corner": corners})
    >>> labels.tolist()
    ['edge', 'edge']
    """
    features = as_float_array(features, "features", ndim=2)
    if not isinstance(templates, dict) or len(templates) < 2:
        raise ValueError("templates must be a dict of at least two kinds, name -> array (k, d)")
    margin = as_nonnegative_float(margin, "margin")
    floor = _as_real(floor, "floor")
    if not -1 <= floor <= 1:
        raise ValueError(f"floor must be a cosine similarity, in [-1, 1], got {floor}")
    names = list(templates)
    if not all(isinstance(name, str) for name in names):
        raise TypeError(f"templates must be keyed by the kinds' names (str), got keys {names!r}")
    if "neither" in names:
        raise ValueError('templates must not use the name "neither": it labels features that match no kind')
    f = _unit_rows(features)
    matches = []
    for name in names:
        t = as_float_array(templates[name], f"templates[{name!r}]", ndim=2)
        if t.shape[1] != f.shape[1]:
            raise ValueError(f"templates[{name!r}] must have {f.shape[1]} columns like features, "
                             f"got shape {t.shape}")
        matches.append((f @ _unit_rows(t).T).max(axis=1))
    matches = np.array(matches).T
    order = np.argsort(matches, axis=1)
    rows = np.arange(len(f))
    best, second = matches[rows, order[:, -1]], matches[rows, order[:, -2]]
    won = (best >= floor) & (best > second + margin)
    labels = np.where(won, np.array(names, dtype=object)[order[:, -1]], "neither").astype(str)
    return labels, matches


def phase_randomized(images: ArrayLike, rng: np.random.Generator) -> np.ndarray:
    """Images with the same amplitude spectrum as ``images`` but random Fourier phases.

    A null model for a filter: it keeps how much of each spatial frequency the
    filter has (so its smoothness and scale), and scrambles where things are. The
    phases are those of white noise, so the result is real.

    Parameters
    ----------
    images : array (n, s, s)
    rng : numpy.random.Generator

    Example
    -------
    >>> import numpy as np
    >>> w = np.random.default_rng(0).normal(size=(2, 4, 4))
    >>> v = phase_randomized(w, np.random.default_rng(1))
    >>> bool(np.allclose(np.abs(np.fft.fft2(v)), np.abs(np.fft.fft2(w))))
    True
    """
    images = as_float_array(images, "images", ndim=3)
    rng = as_generator(rng)
    noise = np.fft.fft2(rng.normal(size=images.shape))
    phases = noise / np.where(np.abs(noise) > 0, np.abs(noise), 1.0)
    return np.real(np.fft.ifft2(np.abs(np.fft.fft2(images)) * phases))


def to_input(images: ArrayLike) -> np.ndarray:
    """Square images (n, s, s), binary or in [0, 1], as network inputs: rows of pixel values in [0.1, 0.9].

    The margins keep the targets inside the sigmoid's range, away from 0 and 1.

    Example
    -------
    >>> to_input([[[True, False], [False, True]]]).tolist()
    [[0.9, 0.1, 0.1, 0.9]]
    """
    images = as_float_array(images, "images", ndim=3)
    if images.shape[1] != images.shape[2] or 0 in images.shape:
        raise ValueError(f"images must be a stack of square images, of shape (n, s, s) with n, s >= 1, got "
                         f"{images.shape}")
    return 0.1 + 0.8 * images.reshape(len(images), -1)


def from_output(rows: ArrayLike) -> np.ndarray:
    """Network outputs (n, s*s) back on the images' scale (0 = off, 1 = on), as square images (n, s, s).

    Example
    -------
    >>> from_output(to_input([[[1.0, 0.0], [0.0, 1.0]]])).round(12).tolist()
    [[[1.0, 0.0], [0.0, 1.0]]]
    """
    rows = as_float_array(rows, "rows", ndim=2)
    size = int(round(np.sqrt(rows.shape[1])))
    if size * size != rows.shape[1] or 0 in rows.shape:
        raise ValueError(f"rows must be a non-empty (n, s * s) array of pixel rows, s >= 1, got shape {rows.shape}")
    return ((rows - 0.1) / 0.8).reshape(len(rows), size, size)


def network_image(net: SparseAutoencoder, image: ArrayLike) -> np.ndarray:
    """``omega(image)``: a fitted network's output for one square image, on the image's scale (0 = off, 1 = on).

    The image goes in through :func:`to_input` and comes back through
    :func:`from_output`, so a network that returns its input exactly gives the
    image back. Thresholding the result at 1/2 reads it as a binary figure again.

    Example
    -------
    >>> from lib.autoencoder import bar_network
    >>> bar = bars(8)[3]
    >>> output = network_image(bar_network(0), bar)
    >>> output.shape, bool(np.array_equal(output > 0.5, bar))
    ((8, 8), True)
    """
    if not callable(getattr(net, "reconstruct", None)) or not hasattr(net, "n_visible_"):
        raise TypeError(f"net must be a fitted autoencoder (with reconstruct and n_visible_), got {type(net).__name__}")
    image = as_float_array(image, "image", ndim=2)
    if image.shape[0] != image.shape[1] or image.size != net.n_visible_:
        raise ValueError(f"image must be square with net's {net.n_visible_} pixels, got shape {image.shape}")
    return from_output(net.reconstruct(to_input(image[None])))[0]


def edge_and_corner_templates(size: int, *, unequal_arms: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """The straight pieces and the corners of rectangle outlines, as images (rows of size^2 pixels).

    Edges: every horizontal or vertical segment of 3 or more pixels. Corners:
    every L with two equal arms of 2 or more pixels, in its four orientations;
    with ``unequal_arms``, also every L whose arms differ, each of 3 or more
    pixels (an arm of 2 beside a long one is an edge and one more pixel).
    Chapter 4 compares learned filters with them.

    Example
    -------
    >>> edges, corners = edge_and_corner_templates(3)
    >>> edges.shape, corners.shape  # 3 rows and 3 columns; the 4 corners of the 2 x 2 squares, 4 ways each
    ((6, 9), (16, 9))
    """
    size = as_int(size, "size", minimum=3)
    unequal_arms = as_bool(unequal_arms, "unequal_arms")
    edges, corners = [], []
    for length in range(3, size + 1):
        for r in range(size):
            for c in range(size - length + 1):
                for transpose in (False, True):
                    t = np.zeros((size, size))
                    t[r, c : c + length] = 1
                    edges.append(t.T if transpose else t)
    arms = [(a, b) for a in range(2, size + 1) for b in range(2, size + 1)
            if a == b < size or (unequal_arms and a != b and min(a, b) >= 3)]
    for down, across in arms:
        for r in range(size):
            for c in range(size):
                for dr in (1, -1):
                    for dc in (1, -1):
                        r2, c2 = r + dr * (down - 1), c + dc * (across - 1)
                        if 0 <= r2 < size and 0 <= c2 < size:
                            t = np.zeros((size, size))
                            t[min(r, r2) : max(r, r2) + 1, c] = 1
                            t[r, min(c, c2) : max(c, c2) + 1] = 1
                            corners.append(t)
    return np.array(edges).reshape(len(edges), -1), np.array(corners).reshape(len(corners), -1)
