"""Results over many seeds, reported as bands; the machine that made them.

A verdict that rests on randomness is reported as the median and the range over
seeds (or batches), never as one run's number. Besides the code and the seeds, a
floating-point result depends on the machine's arithmetic: which SIMD kernels
NumPy dispatches to and which kernels BLAS runs. :func:`machine` says which, so
that a stored output can name the machine that made it, and :func:`computes_like`
tells whether another machine rounds the same way.

Example
-------
>>> band([0.31, 0.29, 0.35, 0.30, 0.33])
'0.31 [0.29, 0.35]'
>>> computes_like(machine(), machine())
True
"""

from __future__ import annotations

import json
import platform
from pathlib import Path

import numpy as np
import threadpoolctl
from numpy.typing import ArrayLike

from lib._validate import as_float_array

__all__ = ["band", "machine", "computes_like", "stored_machine"]

# What decides the last bits of a result; "cpu" is only the processor's name.
REFERENCE_TAG = "reference-machine"  # the tag of a chapter's cell that prints machine()
ARITHMETIC = ("numpy", "numpy_dispatch", "blas")


def band(values: ArrayLike, form: str = ".2f") -> str:
    """``"median [min, max]"`` of ``values``, each number formatted with ``form``.

    Example
    -------
    >>> band([0.5, 0.25, 1.0], ".0%")
    '50% [25%, 100%]'
    """
    values = as_float_array(values, "values", ndim=1)
    if values.size == 0:
        raise ValueError("values must not be empty")
    if not isinstance(form, str):
        raise TypeError(f"form must be a format specification such as '.2f', got {form!r}")
    try:
        return f"{np.median(values):{form}} [{values.min():{form}}, {values.max():{form}}]"
    except ValueError:
        raise ValueError(f"form must be a format specification for numbers such as '.2f', got {form!r}") from None


def machine() -> dict:
    """This machine's arithmetic: the processor, NumPy's SIMD dispatch and the BLAS kernels.

    Returns ``{"cpu": name, "numpy": version, "numpy_dispatch": [targets],
    "blas": ["library version kernel", ...]}``. ``numpy_dispatch`` lists the
    dispatch targets NumPy enabled on this processor (fewer when
    ``NPY_DISABLE_CPU_FEATURES`` is set); ``blas`` names the kernel each loaded BLAS
    chose (threadpoolctl's ``architecture``: ``SkylakeX`` for AVX-512, ``Haswell``
    for AVX2, ...), after SciPy's own BLAS is loaded too. Thread counts are not
    part of it: the book's outputs do not depend on them (the tests check that).

    Example
    -------
    >>> sorted(machine())
    ['blas', 'cpu', 'numpy', 'numpy_dispatch']
    """
    import scipy.linalg  # noqa: F401  (loads SciPy's BLAS, which the chapters use too)
    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__

    blas = sorted(f"{p['internal_api']} {p.get('version') or '?'} {p.get('architecture') or '?'}"
                  for p in threadpoolctl.threadpool_info() if p["user_api"] == "blas")
    return {
        "cpu": _cpu_name(),
        "numpy": np.__version__,
        "numpy_dispatch": [target for target in __cpu_dispatch__ if __cpu_features__.get(target)],
        "blas": blas,
    }


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def computes_like(a: dict, b: dict) -> bool:
    """Whether machines ``a`` and ``b`` (as :func:`machine` describes them) round alike.

    They do when NumPy's version and dispatch and the BLAS kernels agree; the
    processor's name may differ (two processors with the same features run the
    same kernels).

    Example
    -------
    >>> here = machine()
    >>> computes_like(here, dict(here, cpu="another processor"))
    True
    >>> computes_like(here, dict(here, blas=["openblas 0.3.31 Haswell"]))
    False
    """
    for name, value in (("a", a), ("b", b)):
        if not isinstance(value, dict) or not all(key in value for key in ARITHMETIC):
            raise ValueError(f"{name} must be a dict from machine() with the keys {', '.join(ARITHMETIC)}, "
                             f"got {value!r}")
    return all(a[key] == b[key] for key in ARITHMETIC)


def stored_machine(notebook: str | Path) -> dict | None:
    """The machine that made a notebook's stored outputs, or None if it does not say.

    Each chapter ends with a cell tagged ``reference-machine`` (hidden on the
    website) that prints :func:`machine` as JSON; this reads that cell's stored
    output.

    Example
    -------
    >>> sorted(stored_machine("chapters/03_gl2_examples.ipynb"))
    ['blas', 'cpu', 'numpy', 'numpy_dispatch']
    """
    if not isinstance(notebook, (str, Path)):
        raise TypeError(f"notebook must be the path of a .ipynb file, got {notebook!r}")
    path = Path(notebook)
    if path.suffix != ".ipynb" or not path.is_file():
        raise ValueError(f"notebook must be the path of an existing .ipynb file, got {str(path)!r}")
    for cell in json.loads(path.read_text()).get("cells", []):
        if REFERENCE_TAG in cell.get("metadata", {}).get("tags", []):
            text = "".join("".join(o.get("text", "")) for o in cell.get("outputs", []) if o.get("name") == "stdout")
            return json.loads(text) if text else None
    return None
