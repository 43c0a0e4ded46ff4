"""Every public function and method of lib has type hints and a docstring with an example."""

import importlib
import inspect
import pkgutil
import re

import pytest

import lib

# every module of lib, found rather than listed, so that a new one cannot be forgotten; and the course tooling
MODULES = sorted(m.name for m in pkgutil.walk_packages(lib.__path__, "lib.")
                 if not m.name.rsplit(".", 1)[-1].startswith("_")) + ["course.editions"]


def public_callables():
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj):
                yield f"{module_name}.{name}", obj
            elif inspect.isclass(obj):
                for attr, member in vars(obj).items():
                    if attr.startswith("_"):
                        continue
                    if isinstance(member, property):
                        member = member.fget
                    if inspect.isfunction(member):
                        yield f"{module_name}.{name}.{attr}", member


CALLABLES = dict(public_callables())


@pytest.mark.parametrize("name", sorted(CALLABLES))
def test_docstring_has_example(name):
    doc = inspect.getdoc(CALLABLES[name]) or ""
    assert "Example" in doc, f"{name} needs a docstring with an example"


@pytest.mark.parametrize("name", sorted(CALLABLES))
def test_type_hints(name):
    signature = inspect.signature(CALLABLES[name])
    missing = [
        p.name
        for p in signature.parameters.values()
        if p.name not in ("self", "cls") and p.annotation is inspect.Parameter.empty
    ]
    assert not missing, f"{name}: parameters without type hints: {missing}"
    assert signature.return_annotation is not inspect.Signature.empty, f"{name}: no return type hint"


def test_the_package_docstring_lists_every_module():
    listed = set(re.findall(r":mod:`(lib\.\w+)`", lib.__doc__))
    top_level = {m.name for m in pkgutil.iter_modules(lib.__path__, "lib.") if not m.name.startswith("lib._")}
    assert listed == top_level


# Parameters that may be given by position although they have a default: each says *what* (the data), not
# *how* (a tuning knob), in the order a reader would write it.
POSITIONAL_DEFAULTS = {
    "Figure": {"tangents", "pinned"},                   # Figure(points, tangents, pinned)
    "line": {"through"}, "plane": {"through"},          # line(direction, through)
    "ellipse": {"center", "axes", "angle"}, "circle": {"center", "radius"}, "sphere": {"center", "radius"},
    "stabilizer": {"group"}, "stabilizer_exact": {"group"}, "stabilizer_exact_union": {"group"},
    "orbit_dimension": {"group"},                       # stabilizer(f, Aff(2))
    "random": {"size"},                                 # G.random(rng, size), as numpy's generators
    "distance_to_orthogonal": {"frame"},
    "gradient_check": {"theta"},
    "show_images": {"titles"},
    "plot_generalized_edge": {"ax"},                    # as matplotlib's functions take ax
    "band": {"form"},                                   # band(values, ".3f"), as format(value, ".3f")
    "load": {"path"},                                   # ledger.load(path), as open(path)
    "argument_map": {"here"},                           # argument_map("edges"): the links marked
}


def signatures():
    for module_name in (m for m in MODULES if m.startswith("lib.")):  # the course tooling takes folders
        module = importlib.import_module(module_name)
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj) or inspect.isclass(obj):
                yield name, obj
            if inspect.isclass(obj):
                yield from ((attr, member) for attr, member in vars(obj).items()
                            if inspect.isfunction(member) and not attr.startswith("_"))


def test_tuning_parameters_are_keyword_only():
    offending = []
    for name, obj in signatures():
        try:
            parameters = inspect.signature(obj).parameters.values()
        except ValueError:
            continue
        positional = {p.name for p in parameters
                      if p.kind is p.POSITIONAL_OR_KEYWORD and p.default is not p.empty}
        if positional - POSITIONAL_DEFAULTS.get(name, set()):
            offending.append(f"{name}: {sorted(positional - POSITIONAL_DEFAULTS.get(name, set()))}")
    assert not offending, "make these keyword-only (after a *):\n" + "\n".join(offending)
