"""The GL(2) explorer and its static fallback."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from lib.widgets import generalized_edge_explorer, gl2_explorer, plot_gl2_action  # noqa: E402


def test_fallback_titles_report_the_distance():
    fig = plot_gl2_action(np.array([[0.0, -1.0], [1.0, 0.0]]))  # a rotation: stabilizes the circle only
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[1].endswith("d(g·f, f) = 0.00, d(g, S_f) = 0.00")
    assert not titles[0].endswith("= 0.00")


def test_explorer_redraws_on_slider_change():
    w = gl2_explorer()
    image = w.children[2]
    before = image.value
    sliders = w.children[0].children[0].children
    sliders[0].value = 0.3
    assert image.value != before and 'src="data:image/png;base64,' in image.value
    assert 'alt="GL(2) explorer: det g = ' in image.value
    assert repr(w).startswith("GL(2) explorer")


def test_singular_g_is_refused():
    with pytest.raises(ValueError, match="g must be invertible"):
        plot_gl2_action([[1.0, 2.0], [2.0, 4.0]])


def test_generalized_edge_explorer_redraws():
    w = generalized_edge_explorer()
    image = w.children[2]
    before = image.value
    w.children[0].children[0].children[0].value = 1.0  # a1x
    assert image.value != before and repr(w).startswith("Generalized-edge explorer")
    w.children[0].children[0].children[0].value = 2.0  # a1 = b1... only if a1y = b1y as well
    assert "alt=" in image.value
