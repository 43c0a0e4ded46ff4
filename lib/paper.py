"""The paper's own shapes, defined once: Figure 3's table of GL(2) stabilizers, extended.

Each shape is given twice. As a **sample** (a :class:`lib.figures.Figure`: points,
tangent directions, and the points that must stay put, such as an edge's
endpoints) for the numerical stabilizer, and as **polynomial equations** in the
symbols ``x, y`` for the exact one: a curve is its equation, a point is a list of
two equations, and a shape made of pieces (an edge is a line and two endpoints) is
the list of its pieces. The paper's ellipse is tilted by the angle with cosine 4/5
and sine 3/5, so that its equation has rational coefficients; the samples, the
exact equations and the random walks of Chapter 3 all use this one ellipse.

Example
-------
>>> from lib.stabilizers import stabilizer, stabilizer_exact_union
>>> sample, pieces = gl2_shapes()["circle"]
>>> stabilizer(sample).dim, stabilizer_exact_union(pieces, SYMBOLS).dim
(1, 1)
"""

from __future__ import annotations

import numpy as np
import sympy

from lib.figures import Figure, circle, ellipse, line, point, polygon, segment, union
from lib.walks import distance_to_fixer, distance_to_orthogonal

__all__ = ["SYMBOLS", "EDGE_DIRECTION", "EDGE_NORMAL", "ELLIPSE_AXES", "ELLIPSE_ROTATION", "ELLIPSE_FRAME",
           "paper_figure3", "figure3_distances", "gl2_shapes"]

#: The symbols of the exact equations.
SYMBOLS = sympy.symbols("x y")
#: The direction ``u`` of the edge from ``-u`` to ``u``, and a normal ``v`` to it.
EDGE_DIRECTION = np.array([1.0, 0.5])
EDGE_NORMAL = np.array([-0.5, 1.0])
#: The paper's ellipse: ``ELLIPSE_FRAME . unit circle``, semi-axes 1.2 and 0.6 turned by
#: the rotation with cosine 4/5 and sine 3/5.
ELLIPSE_AXES = (1.2, 0.6)
ELLIPSE_ROTATION = np.array([[4 / 5, -3 / 5], [3 / 5, 4 / 5]])
ELLIPSE_FRAME = ELLIPSE_ROTATION @ np.diag(ELLIPSE_AXES)


def paper_figure3() -> dict[str, Figure]:
    """The three figures of the paper's Figure 3: an edge through 0 (endpoints held), the unit circle, the ellipse.

    Example
    -------
    >>> list(paper_figure3())
    ['edge', 'circle', 'ellipse']
    """
    return {
        "edge": segment(-EDGE_DIRECTION, EDGE_DIRECTION),
        "circle": circle(),
        "ellipse": ellipse(axes=ELLIPSE_AXES, angle=np.arctan2(ELLIPSE_ROTATION[1, 0], ELLIPSE_ROTATION[0, 0])),
    }


def figure3_distances() -> dict:
    """Distance functions to the stabilizers of :func:`paper_figure3`'s shapes, for the walks of Chapter 3.

    ``{"edge": ..., "circle": ..., "ellipse": ...}``, each taking a batch of
    GL(2) elements (..., 2, 2).

    Example
    -------
    >>> {name: round(float(f(np.eye(2))), 12) for name, f in figure3_distances().items()}
    {'edge': 0.0, 'circle': 0.0, 'ellipse': 0.0}
    """
    return {
        "edge": lambda g: distance_to_fixer(g, EDGE_DIRECTION),
        "circle": lambda g: distance_to_orthogonal(g),
        "ellipse": lambda g: distance_to_orthogonal(g, frame=ELLIPSE_FRAME),
    }


def gl2_shapes() -> dict[str, tuple[Figure, list]]:
    """Ten shapes in the plane, each as ``(sample, exact pieces)``, in the order Chapter 3 tabulates them.

    The paper's three (an edge through the origin with its endpoints held, the unit
    circle, a tilted ellipse), and seven that fill in the picture: a whole line
    through 0, a point, the origin, a square, two crossing segments, a parabola and
    a hyperbola.

    Example
    -------
    >>> list(gl2_shapes())[:3]
    ['edge through 0', 'circle', 'ellipse']
    """
    x, y = SYMBOLS
    u, v = EDGE_DIRECTION, EDGE_NORMAL
    x_tilt, y_tilt = (4 * x + 3 * y) / 5, (-3 * x + 4 * y) / 5  # coordinates along the ellipse's axes
    t = np.linspace(-1.2, 1.2, 201)
    corners = [[1, 1], [-1, 1], [-1, -1], [1, -1]]
    return {
        "edge through 0": (segment(-u, u), [x - 2 * y, [x - 1, 2 * y - 1], [x + 1, 2 * y + 1]]),
        "circle": (circle(), [x**2 + y**2 - 1]),
        "ellipse": (paper_figure3()["ellipse"],
                    [x_tilt**2 / sympy.Rational(36, 25) + y_tilt**2 / sympy.Rational(9, 25) - 1]),
        "line through 0": (line(u), [x - 2 * y]),
        "point (1, 2)": (point([1.0, 2.0]), [[x - 1, y - 2]]),
        "origin": (point([0.0, 0.0]), [[x, y]]),
        "square": (polygon(corners),
                   [x - 1, x + 1, y - 1, y + 1] + [[x - a, y - b] for a, b in corners]),
        "crossing segments": (union(segment(-u, u), segment(-v, v)),
                              [x - 2 * y, 2 * x + y, [x - 1, 2 * y - 1], [x + 1, 2 * y + 1],
                               [2 * x + 1, y - 1], [2 * x - 1, y + 1]]),
        "parabola y = x²": (Figure(np.column_stack([t, t**2]), np.column_stack([np.ones_like(t), 2 * t])),
                            [y - x**2]),
        "hyperbola xy = 1": (Figure(np.column_stack([np.exp(t), np.exp(-t)]),
                                    np.column_stack([np.exp(t), -np.exp(-t)])),
                             [x * y - 1]),
    }
