"""Loss landscapes of flats (Figure 2(b)): the loss and its gradient, Langevin dynamics, Gibbs odds."""

import numpy as np
import pytest

from lib.landscape import Flats, first_arrivals, gibbs_odds, langevin, simulated_odds, two_family_loss, voronoi_odds


def test_flats_distance_is_periodic_and_gradient_is_right():
    f = Flats(3, (0, 2), [[0.1, 0.9], [0.5, 0.5]])
    x = np.array([[0.95, 0.3, 0.05], [0.45, 0.0, 0.6]])
    e, grad = f.squared_distance(x)
    assert np.allclose(e, [0.15**2 + 0.15**2, 0.05**2 + 0.1**2])
    h = Flats(3, (1,), [[0.2]])
    rng = np.random.default_rng(0)
    y = rng.uniform(0, 1, (50, 3))
    loss, g = two_family_loss(y, f, h)
    numeric = np.zeros_like(y)
    for j in range(3):
        step = np.zeros(3)
        step[j] = 1e-6
        numeric[:, j] = (two_family_loss(y + step, f, h)[0] - two_family_loss(y - step, f, h)[0]) / 2e-6
    assert np.allclose(g, numeric, atol=1e-6)
    assert np.all(loss <= np.minimum(f.squared_distance(y)[0], h.squared_distance(y)[0]) + 1e-15)


def test_langevin_samples_the_gibbs_distribution():
    # L = x^2 / 2 at temperature T: equilibrium variance T
    rng = np.random.default_rng(1)
    x, _ = langevin(np.zeros((20_000, 1)), lambda x: x, rng, n_steps=400, step_size=0.01, temperature=0.5)
    assert abs(x.var() - 0.5) < 0.03


def test_langevin_stops_walkers():
    rng = np.random.default_rng(2)
    x, when = langevin(np.full((10, 1), 3.0), lambda x: 2 * x, rng, n_steps=1000, step_size=0.01, temperature=0.0, stop=lambda x: np.abs(x[:, 0]) < 0.5)
    assert np.all(when > 0) and np.all(np.abs(x) < 0.5) and len(set(when.tolist())) == 1


def test_bad_input():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="axes must be distinct coordinates"):
        Flats(2, (0, 0), [[0.1, 0.2]])
    with pytest.raises(ValueError, match="f and h must live in the same torus"):
        two_family_loss(np.zeros((1, 2)), Flats(2, (0,), [[0.1]]), Flats(3, (0,), [[0.1]]))
    with pytest.raises(ValueError, match="temperature must be finite"):
        langevin(np.zeros((1, 1)), lambda x: x, rng, n_steps=5, step_size=0.1, temperature=np.nan)
    with pytest.raises(ValueError, match="n_walkers"):
        simulated_odds(Flats(2, (0,), [[0.1]]), Flats(2, (1,), [[0.1]]), 0.01, rng, n_walkers=0)


def test_gibbs_odds_match_an_independent_quadrature():
    import scipy.integrate
    import scipy.optimize

    f, h = Flats(1, (0,), [[0.2]]), Flats(1, (0,), [[0.6], [0.9]])
    T, a = 0.02, 3.0

    def periodic(x, c):
        return min(abs(x - c) % 1.0, 1 - abs(x - c) % 1.0)

    def ef(x):
        return a * periodic(x, 0.2) ** 2

    def eh(x):
        return min(periodic(x, 0.6), periodic(x, 0.9)) ** 2

    def weight(x):
        return np.exp(-ef(x) * eh(x) / (ef(x) + eh(x)) / T) if ef(x) + eh(x) > 0 else 1.0

    grid = np.linspace(0.0, 1.0, 10_001)
    sign = np.array([ef(x) - eh(x) for x in grid])
    cuts = [scipy.optimize.brentq(lambda x: ef(x) - eh(x), grid[i], grid[i + 1])
            for i in np.nonzero(np.sign(sign[:-1]) != np.sign(sign[1:]))[0]]
    edges = [0.0, *cuts, 1.0]
    near_f = near_h = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        part = scipy.integrate.quad(weight, lo, hi, points=[c for c in (0.2, 0.6, 0.75, 0.9) if lo < c < hi],
                                    limit=200, epsabs=1e-13)[0]
        if ef(0.5 * (lo + hi)) < eh(0.5 * (lo + hi)):
            near_f += part
        else:
            near_h += part
    assert abs(gibbs_odds(f, h, T, n=20_000, sharpness=a) / (near_f / near_h) - 1) < 1e-4


def test_gibbs_odds_approach_the_laplace_asymptote():
    plane, line = Flats(3, (2,), [[0.25]]), Flats(3, (1, 2), [[0.5, 0.75]])
    T = 1e-4  # one more normal dimension for the plane: odds ~ (pi T)^(-1/2)
    assert abs(gibbs_odds(plane, line, T, n=1600) * np.sqrt(np.pi * T) - 1) < 0.01
    # a valley 4 times sharper in its one normal direction counts half as much
    sharp = gibbs_odds(plane, line, T, n=1600, sharpness=4.0) / gibbs_odds(plane, line, T, n=1600)
    assert abs(sharp - 0.5) < 0.01


def test_simulated_odds_approach_the_exact_odds():
    """At equilibrium the simulation estimates what gibbs_odds computes (a band over seeds around it)."""
    plane, line = Flats(3, (2,), [[0.25]]), Flats(3, (1, 2), [[0.5, 0.75]])
    exact = gibbs_odds(plane, line, 0.01, n=128)
    odds = [simulated_odds(plane, line, 0.01, np.random.default_rng(seed)) for seed in range(4)]
    assert min(odds) < exact < max(odds) or abs(np.median(odds) / exact - 1) < 0.1, (exact, odds)


def test_voronoi_odds_and_noiseless_first_arrivals_match_the_exact_cells():
    """On the circle, f at 0.2 and h at 0.6 and 0.9: f's Voronoi cell is [0.05, 0.4), a share of 0.35.

    Without noise, descent ends in the basin it starts in, and with equal valleys
    the basins are the Voronoi cells: the first arrivals follow the same share.
    """
    f, h = Flats(1, (0,), [[0.2]]), Flats(1, (0,), [[0.6], [0.9]])
    assert abs(voronoi_odds(f, h, np.random.default_rng(0)) - 0.35 / 0.65) < 0.01
    on_f = first_arrivals(f, h, 0.0, 0.01, np.random.default_rng(0), n_walkers=4000)
    assert abs(on_f.mean() - 0.35) < 0.03  # four standard errors
