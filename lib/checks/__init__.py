"""Checks for the book's exercises: ``lib.checks.ch3.exercise_2(answer)``.

Each chapter's module has one function per computational or exploratory exercise,
numbered as on the website (Exercise 3.2 is ``ch3.exercise_2``). A check prints
``Exercise 3.2 passed: ...`` and returns nothing, or raises :class:`CheckFailed`
(an ``AssertionError``) with a hint; a stub that is not yet filled in raises
``NotImplementedError``. Checks test properties of the answer (computed afresh,
where they can) rather than comparing with a stored result.
"""

from lib.checks._core import CheckFailed

__all__ = ["CheckFailed"]
