"""The paper's own shapes, defined once: Figure 3's table of GL(2) stabilizers, extended.

Each shape is given twice. As a **sample** (a :class:`lib.figures.Figure`: points,
tangent directions, and the points that must stay put, such as an edge's
endpoints) for the numerical stabilizer, and as **polynomial equations** in the
symbols ``x, y`` for the exact one: a curve is its equation, a point is a list of
two equations, and a shape made of pieces (an edge is a line and two endpoints) is
the list of its pieces. The tilted ellipse is tilted by the angle with cosine 4/5,
so that its equation has rational coefficients.

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

__all__ = ["SYMBOLS", "EDGE_DIRECTION", "EDGE_NORMAL", "gl2_shapes"]

#: The symbols of the exact equations.
SYMBOLS = sympy.symbols("x y")
#: The direction ``u`` of the edge from ``-u`` to ``u``, and a normal ``v`` to it.
EDGE_DIRECTION = np.array([1.0, 0.5])
EDGE_NORMAL = np.array([-0.5, 1.0])


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
    c, s = 4 / 5, 3 / 5  # cos and sin of the ellipse's tilt
    x_tilt, y_tilt = (4 * x + 3 * y) / 5, (-3 * x + 4 * y) / 5
    t = np.linspace(-1.2, 1.2, 201)
    corners = [[1, 1], [-1, 1], [-1, -1], [1, -1]]
    return {
        "edge through 0": (segment(-u, u), [x - 2 * y, [x - 1, 2 * y - 1], [x + 1, 2 * y + 1]]),
        "circle": (circle(), [x**2 + y**2 - 1]),
        "ellipse": (ellipse(axes=(1.2, 0.6), angle=np.arctan2(s, c)),
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
