"""A salutation's formulas on the Setup screen: set the formal and informal formula of a
language (chosen from the languages set up), remove one language's, and their text."""

from __future__ import annotations

from functools import partial

from rich.markup import escape
from textual.screen import Screen

from segtui.domain.merge_fields import SALUTATION_PLACEHOLDERS
from segtui.domain.salutations import SalutationFormulaView
from segtui.services.setup import salutations
from segtui.tui.dialogs.choice import ChoiceScreen
from segtui.tui.dialogs.confirm import confirm_deletion
from segtui.tui.dialogs.form import FormField, FormScreen
from segtui.tui.dialogs.lookups import read_codes
from segtui.tui.worker import SegtuiErrorResult, attempt, call, perform

Formulas = tuple[SalutationFormulaView, ...]
"""A salutation code's formulas, by language."""

FORMULA_HINT = "Placeholders: " + " ".join("{" + name + "}" for name in SALUTATION_PLACEHOLDERS)
"""What a formula may name, shown under the formulas form."""


def languages(formulas: Formulas) -> str:
    """The languages a salutation has formulas in, as its row lists them."""
    return " ".join(f.language_code or "(all)" for f in formulas)


def formula_lines(code: str, formulas: Formulas) -> list[str]:
    """A salutation's formulas, a language a line, for the status under the table."""
    if not formulas:
        return [f" {code} has no formulas yet · f sets them for a language"]
    lines = [f" Formulas of {code}:"]
    for f in formulas:
        language = f.language_code or "(all)"
        lines.append(f" {language:<5} formal   {f.formal or '—'}")
        lines.append(f" {language:<5} informal {f.informal or '—'}")
    return lines


def formula_fields(formula: SalutationFormulaView | None) -> list[FormField]:
    """The formulas form of one language, filled with the formulas it has."""
    return [
        FormField("formal", "Formal", formula.formal if formula else "", "Dear {title} {surname},"),
        FormField(
            "informal", "Informal", formula.informal if formula else "", "Dear {first_name},"
        ),
    ]


async def set_formulas(screen: Screen[None], code: str, formulas: Formulas) -> bool:
    """Ask a language, then its formulas until they are saved; True when they were.

    A refusal (an unknown placeholder, say) keeps the form open with what was typed.
    """
    blank = "(blank: every language without its own)"
    if (choices := await call(screen, read_codes, "language", blank=blank)) is None:
        return False
    having = {f.language_code: f for f in formulas}
    options = [(value, f"{label}  ✓" if value in having else label) for value, label in choices]
    chooser = ChoiceScreen(f"Formulas of {code} in which language?", options)
    if (language := await screen.app.push_screen_wait(chooser)) is None:
        return False
    shown = language or "every language"

    async def save(values: dict[str, str] | None) -> SegtuiErrorResult | None:
        assert values is not None
        work = partial(
            salutations.set_formula,
            code,
            language,
            formal=values["formal"],
            informal=values["informal"],
        )
        result = await attempt(screen, work)
        if isinstance(result, SegtuiErrorResult):
            return result
        screen.notify(f"Salutation {code}: formulas for {shown} saved")
        return None

    fields = formula_fields(having.get(language))
    title = f"Salutation {code} · {shown}"
    form = FormScreen(title, fields, changed_only=False, hint=FORMULA_HINT, check=save)
    return await screen.app.push_screen_wait(form) is not None


async def remove_formulas(screen: Screen[None], code: str, formulas: Formulas) -> bool:
    """Ask which language's formulas go, confirm, remove them; True when they were."""
    options = [
        (f.language_code, escape(f"{f.language_code or '(all)':<5} {f.formal} · {f.informal}"))
        for f in formulas
    ]
    chooser = ChoiceScreen(f"Remove the formulas of {code} in", options)
    if (language := await screen.app.push_screen_wait(chooser)) is None:
        return False
    shown = language or "every language"
    if not await confirm_deletion(screen.app, f"Remove the formulas of {code} for {shown}?"):
        return False
    if not await perform(screen, salutations.remove_formula, code, language):
        return False
    screen.notify(f"Salutation {code}: formulas for {shown} removed")
    return True
