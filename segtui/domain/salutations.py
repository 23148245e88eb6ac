"""Salutations as plain values: a code contacts point at, with a formula per language."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SalutationFormulaView:
    """The formal and informal greeting of a salutation code in one language."""

    language_code: str
    formal: str
    informal: str


@dataclass(frozen=True)
class SalutationView:
    """A salutation code with its formulas, by language."""

    code: str
    description: str
    formulas: tuple[SalutationFormulaView, ...]
