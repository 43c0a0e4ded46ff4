"""Natural patches, whitening, synthetic data, and Gabor fits."""

import numpy as np
import pytest
import scipy.stats

from lib.gabor import GaborParams, fit_filters, fit_gabor, gabor, summarize
from lib.images import (blob_templates, edge_and_corner_templates, match_templates, phase_randomized, bars, natural_image, natural_patches, normalize_patches, pca_whiten, rectangle_outlines,
                        rectangles, whiten_image, zca_whiten)


def test_natural_patches_are_normalized_and_reproducible():
    a = natural_patches(500, 8, np.random.default_rng(0))
    b = natural_patches(500, 8, np.random.default_rng(0))
    assert a.shape == (500, 64) and np.array_equal(a, b)
    assert a.min() >= 0.1 - 1e-12 and a.max() <= 0.9 + 1e-12
    assert np.allclose(a.mean(axis=1), 0.5, atol=0.1)  # each patch's mean was removed


def test_whitening_flattens_the_spectrum():
    image = natural_image("camera")
    def radial_power(im):
        power = np.abs(np.fft.fft2(im - im.mean())) ** 2
        f = np.hypot(*np.meshgrid(np.fft.fftfreq(im.shape[1]), np.fft.fftfreq(im.shape[0])))
        low, mid = power[(f > 0.02) & (f < 0.05)].mean(), power[(f > 0.1) & (f < 0.15)].mean()
        return low / mid
    assert radial_power(image) > 20          # natural images: power falls like 1/f^2
    assert radial_power(whiten_image(image)) < 2  # whitened: roughly flat


@pytest.mark.parametrize("whiten", [pca_whiten, zca_whiten])
def test_patch_whitening_gives_identity_covariance(whiten):
    X = natural_patches(3000, 4, np.random.default_rng(1), whiten=False)
    W = whiten(X, epsilon=0.0)
    assert np.allclose(np.cov(W.T, bias=True), np.eye(16), atol=1e-6)


def test_zca_stays_close_to_the_data():
    X = natural_patches(3000, 4, np.random.default_rng(1), whiten=False)
    centred = X - X.mean(axis=0)
    assert np.linalg.norm(zca_whiten(X, epsilon=1e-3) - centred / centred.std()) < np.linalg.norm(
        pca_whiten(X, epsilon=1e-3) - centred / centred.std()
    )


def test_synthetic_figures():
    b = bars(5)
    assert b.shape == (10, 5, 5) and np.all(b.sum(axis=(1, 2)) == 5)
    r = rectangles(50, 8, np.random.default_rng(0), min_side=3)
    for image in r:
        rows, cols = np.nonzero(image)
        top, bottom, left, right = rows.min(), rows.max(), cols.min(), cols.max()
        assert bottom - top >= 2 and right - left >= 2
        assert image.sum() == 2 * (bottom - top + right - left)  # exactly the outline


def test_gabor_fit_recovers_known_parameters():
    true = GaborParams(3.7, 3.2, 0.7, 0.22, 0.5, 1.6, 2.2, 1.3, 0.1)
    clean = gabor(true, 8)
    noisy = clean + np.random.default_rng(0).normal(0, 0.02, clean.shape)
    fit = fit_gabor(noisy, np.random.default_rng(1))
    assert fit.r2 > 0.99
    p = fit.params
    assert abs(p.x0 - true.x0) < 0.1 and abs(p.y0 - true.y0) < 0.1
    assert abs(p.theta - true.theta) < 0.05 and abs(p.frequency - true.frequency) < 0.01
    assert abs(p.sigma_u - true.sigma_u) < 0.15 and abs(p.sigma_v - true.sigma_v) < 0.15


def test_noise_is_not_gabor_like():
    noise = np.random.default_rng(3).normal(size=(20, 64))
    summary = summarize(fit_filters(noise, np.random.default_rng(0)))
    assert summary["fraction_gabor"] == 0.0 and summary["r2"].max() < 0.6


def test_bad_input():
    with pytest.raises(ValueError, match="name must be one of"):
        natural_image("eagle")
    with pytest.raises(ValueError, match="size must be >= 2"):
        natural_patches(10, 1, np.random.default_rng(0))
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
        natural_patches(10, 8, 0)
    with pytest.raises(ValueError, match="patches must have shape"):
        normalize_patches(np.zeros((0, 4)))
    with pytest.raises(ValueError, match="filters must have a square number"):
        fit_filters(np.ones((2, 10)), np.random.default_rng(0))
    with pytest.raises(ValueError, match="filters must not be constant"):
        fit_filters(np.ones((2, 16)), np.random.default_rng(0))
    with pytest.raises(ValueError, match="image must be square"):
        fit_gabor(np.ones((3, 4)), np.random.default_rng(0))
    with pytest.raises(ValueError, match="min_side must be at most size"):
        rectangles(3, 4, np.random.default_rng(0), min_side=5)


def _outline_counts(drawn, outlines):
    index = {outline.tobytes(): k for k, outline in enumerate(outlines)}
    return np.bincount([index.get(r.tobytes(), len(outlines)) for r in drawn], minlength=len(outlines) + 1)


def test_rectangle_outlines_are_what_rectangles_draws_with_those_probabilities():
    outlines, probabilities = rectangle_outlines(6, min_side=3)
    assert len({o.tobytes() for o in outlines}) == len(outlines)
    assert abs(probabilities.sum() - 1) < 1e-12
    drawn = rectangles(50_000, 6, np.random.default_rng(3), min_side=3)
    counts = _outline_counts(drawn, outlines)
    assert counts[-1] == 0  # nothing drawn outside the list
    chi2 = scipy.stats.chisquare(counts[:-1], 50_000 * probabilities)
    assert chi2.pvalue > 1e-6


def test_rectangle_outlines_chi_square_rejects_another_distribution():
    outlines, probabilities = rectangle_outlines(6, min_side=3)
    drawn = rectangles(50_000, 6, np.random.default_rng(3), min_side=4)  # no side of 3
    counts = _outline_counts(drawn, outlines)
    assert scipy.stats.chisquare(counts[:-1], 50_000 * probabilities).pvalue < 1e-6


def test_blob_templates_are_round_gaussians_centred_on_the_half_pixel_grid():
    blobs = blob_templates(5, sigmas=[1.5])
    assert blobs.shape == (81, 25)
    image = blobs[40].reshape(5, 5)  # the middle centre, (2, 2)
    assert image.argmax() == 12 and np.allclose(image, image.T) and np.allclose(image, image[::-1])
    assert np.isclose(image[2, 3] / image[2, 2], np.exp(-1 / (2 * 1.5**2)))
    between = blobs[1].reshape(5, 5)  # centre (0, 0.5): columns 0 and 1 tie
    assert np.isclose(between[0, 0], between[0, 1])


def test_match_templates_labels_by_the_best_kind_with_margin_and_floor():
    edges, corners = edge_and_corner_templates(6)
    templates = {"edge": edges, "corner": corners, "blob": blob_templates(6)}
    labels, matches = match_templates(np.vstack([edges[:3], corners[:3]]), templates)
    assert labels.tolist() == ["edge"] * 3 + ["corner"] * 3
    assert np.allclose(matches[:3, 0], 1) and np.allclose(matches[3:, 1], 1)
    # a feature exactly between an edge and a corner is neither; a weak one too
    e, c = edges[0] - edges[0].mean(), corners[0] - corners[0].mean()
    tie = e / np.linalg.norm(e) + c / np.linalg.norm(c)
    labels, matches = match_templates(tie[None], {"edge": edges[:1], "corner": corners[:1]})
    assert labels.tolist() == ["neither"] and np.isclose(matches[0, 0], matches[0, 1])
    labels, _ = match_templates(tie[None], {"edge": edges[:1], "corner": corners[:1]}, margin=0.0, floor=0.0)
    assert labels.tolist() == ["neither"]  # a tie never wins
    weak = np.random.default_rng(0).normal(size=(200, 36))
    labels, matches = match_templates(weak, templates, floor=0.99)
    assert set(labels) == {"neither"} and matches.max() < 0.99
    with pytest.raises(ValueError, match="neither"):
        match_templates(edges[:1], {"neither": edges, "corner": corners})
    with pytest.raises(ValueError, match="floor"):
        match_templates(edges[:1], {"edge": edges, "corner": corners}, floor=1.5)


def test_phase_randomized_keeps_the_amplitude_spectrum_and_scrambles_the_picture():
    rng = np.random.default_rng(0)
    edge = edge_and_corner_templates(8)[0][5].reshape(1, 8, 8)
    scrambled = phase_randomized(np.repeat(edge, 50, axis=0), rng)
    assert np.allclose(np.abs(np.fft.fft2(scrambled)), np.abs(np.fft.fft2(edge)))
    assert np.isrealobj(scrambled)
    # the picture is not kept: the scrambled copies differ from the edge and from each other
    cosines = [np.corrcoef(s.ravel(), edge.ravel())[0, 1] for s in scrambled]
    assert np.median(np.abs(cosines)) < 0.5
    assert not np.allclose(scrambled[0], scrambled[1])


def test_energy_radius_is_the_spread_of_the_squared_values_in_pixels():
    from lib.gabor import energy_radius
    size = 8
    rows, cols = np.mgrid[0:size, 0:size]
    # two pixels k apart along a row: each half a pixel-squared weight at k/2 from the centre
    for k in (1, 3, 7):
        w = np.zeros((size, size))
        w[2, 0], w[2, k] = 1.0, -1.0  # the sign does not matter: energy is the square
        assert energy_radius(w.reshape(1, -1))[0] == pytest.approx(k / 2)
    # a Gaussian spot exp(-r^2 / 2s^2) has energy exp(-r^2 / s^2), per-axis variance s^2 / 2:
    # radius s (up to the patch's truncation); a shifted, rescaled copy spreads the same
    spot = np.exp(-((rows - 3.5) ** 2 + (cols - 3.5) ** 2) / (2 * 1.0**2))
    moved = 5.0 * np.roll(spot, 1, axis=1)
    r_spot, r_moved = energy_radius(np.vstack([spot.ravel(), moved.ravel()]))
    assert r_spot == pytest.approx(1.0, abs=0.01)
    assert r_moved == pytest.approx(r_spot, abs=0.01)
    with pytest.raises(ValueError, match="filters"):
        energy_radius(np.zeros((1, 64)))
    with pytest.raises(ValueError, match="filters"):
        energy_radius(np.ones((1, 10)))
