"""Finite groups acting on square binary images by permuting pixels (D4 on a grid).

Their orbits and stabilizers are counted element by element: the finite case of
the orbit-stabilizer theorem that Chapter 1 starts from.

Example
-------
>>> import numpy as np
>>> D4 = dihedral_group(3)
>>> image = np.eye(3, dtype=bool)  # a diagonal
>>> len(D4.orbit(image)) * len(D4.stabilizer(image)) == D4.order
True
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from lib._validate import as_bool_array, as_choice, as_int

__all__ = ["PixelGroup", "dihedral_group"]


class PixelGroup:
    """A finite group acting on ``size x size`` binary images by permuting pixels.

    Parameters
    ----------
    generators : dict of str -> array of int
        Each generator as a permutation ``p`` of the ``size**2`` pixel indices:
        it sends image ``x`` to ``x.ravel()[p]``.
    size : int
        Side of the square grid.

    Attributes
    ----------
    elements : list of ndarray
        All group elements as permutations, the identity first.
    names : list of str
        Each element as the shortest word in the generators ("e" for the identity).

    Example
    -------
    >>> D4 = dihedral_group(3)
    >>> D4.order, D4.names[:3]
    (8, ['e', 'r', 's'])
    """

    def __init__(self, generators: dict, size: int) -> None:
        self.size = as_int(size, "size")
        m = self.size * self.size
        if not isinstance(generators, dict) or not generators:
            raise TypeError("generators must be a non-empty dict of name -> permutation")
        gens = {}
        for name, p in generators.items():
            p = np.asarray(p) if isinstance(p, (list, tuple, np.ndarray)) else np.zeros(0)
            if p.shape != (m,) or not np.issubdtype(p.dtype, np.integer) or set(p.tolist()) != set(range(m)):
                raise ValueError(f"generators[{name!r}] must be a permutation of range({m})")
            gens[name] = p
        identity = np.arange(m)
        self.elements = [identity]
        self.names = ["e"]
        seen = {identity.tobytes(): 0}
        frontier = [0]
        while frontier:  # breadth first, so every name is a shortest word
            nxt = []
            for idx in frontier:
                for name, p in gens.items():
                    # apply element idx, then generator p
                    composed = self.elements[idx][p]
                    key = composed.tobytes()
                    if key not in seen:
                        seen[key] = len(self.elements)
                        self.elements.append(composed)
                        word = self.names[idx] if idx else ""
                        self.names.append(word + name)
                        nxt.append(seen[key])
            frontier = nxt

    @property
    def order(self) -> int:
        """Number of elements |G|.

        Example
        -------
        >>> dihedral_group(2).order
        8
        """
        return len(self.elements)

    def _check_image(self, image: ArrayLike) -> np.ndarray:
        image = as_bool_array(image, "image")
        if image.shape != (self.size, self.size):
            raise ValueError(f"image must have shape ({self.size}, {self.size}), got {image.shape}")
        return image

    def act(self, name: str, image: ArrayLike) -> np.ndarray:
        """The image moved by the element called ``name``.

        Example
        -------
        >>> D4 = dihedral_group(2)
        >>> D4.act("r", [[True, False], [False, False]]).astype(int).tolist()
        [[0, 0], [1, 0]]
        """
        image = self._check_image(image)
        as_choice(name, "name", self.names)
        p = self.elements[self.names.index(name)]
        return image.ravel()[p].reshape(image.shape)

    def orbit(self, image: ArrayLike) -> np.ndarray:
        """The distinct images ``g . image`` for ``g`` in the group, shape ``(|O|, size, size)``.

        Example
        -------
        >>> len(dihedral_group(3).orbit(np.eye(3, dtype=bool)))  # a diagonal
        2
        """
        image = self._check_image(image)
        flat = image.ravel()
        moved = {flat[p].tobytes(): flat[p] for p in self.elements}
        return np.array(list(moved.values())).reshape(-1, self.size, self.size)

    def stabilizer(self, image: ArrayLike) -> list:
        """Names of the elements that leave ``image`` unchanged.

        Example
        -------
        >>> dihedral_group(3).stabilizer(np.eye(3, dtype=bool))
        ['e', 'rr', 'rs', 'sr']
        """
        image = self._check_image(image)
        flat = image.ravel()
        return [name for name, p in zip(self.names, self.elements) if np.array_equal(flat[p], flat)]


def dihedral_group(size: int) -> PixelGroup:
    """D4, the 8 symmetries of the square, acting on ``size x size`` images.

    Generators: ``r``, the rotation by 90 degrees counter-clockwise, and ``s``,
    the mirror in the vertical axis. Words are read left to right: ``"rs"``
    rotates, then mirrors.

    Example
    -------
    >>> dihedral_group(4).order
    8
    """
    size = as_int(size, "size")
    index = np.arange(size * size).reshape(size, size)
    return PixelGroup({"r": np.rot90(index).ravel(), "s": np.fliplr(index).ravel()}, size)
