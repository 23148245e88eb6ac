"""Salutations (Business Central's Salutations): codes with a formal and an informal
formula per language, which the merge fields Formal_Salutation and Informal_Salutation use."""

from __future__ import annotations

from segtui.db.models import Contact, Language, Salutation, SalutationFormula
from segtui.db.proxy import write_transaction
from segtui.domain.errors import InvalidInput, NotFound, Refused
from segtui.domain.merge_fields import check_salutation_formula
from segtui.domain.salutations import SalutationFormulaView, SalutationView
from segtui.services.setup.tables import clean_code, clean_text, code_exists

WHAT = "salutation"


def save_salutation(code: str, description: str | None = None) -> SalutationView:
    """Create a salutation code, or change its description when it exists."""
    code = clean_code(code, Salutation, WHAT)
    text = None if description is None else clean_text(description, Salutation, "description", WHAT)
    with write_transaction():
        if not code_exists(Salutation, code):
            Salutation.insert(code=code, description=text or "").execute()
        elif text is not None:
            Salutation.update(description=text).where(Salutation.code == code).execute()
    return get_salutation(code)


def create_salutation(code: str, description: str = "") -> SalutationView:
    """Create a salutation code; refused when the code exists (a form's New is not an edit)."""
    code = clean_code(code, Salutation, WHAT)
    text = clean_text(description, Salutation, "description", WHAT)
    with write_transaction():
        if code_exists(Salutation, code):
            raise Refused(f"salutation {code!r} already exists")
        Salutation.insert(code=code, description=text).execute()
    return get_salutation(code)


def edit_salutation(code: str, description: str) -> SalutationView:
    """Change a salutation code's description; NotFound when the code is gone."""
    code = code.strip().upper()
    text = clean_text(description, Salutation, "description", WHAT)
    with write_transaction():
        if not Salutation.update(description=text).where(Salutation.code == code).execute():
            raise NotFound(f"salutation {code!r} does not exist")
    return get_salutation(code)


def set_formula(
    code: str, language: str, *, formal: str | None = None, informal: str | None = None
) -> SalutationView:
    """Set the formal and/or informal formula of a salutation code in a language.

    A blank language is the formula for every language without one of its own.
    """
    if formal is None and informal is None:
        raise InvalidInput("give --formal and/or --informal")
    code = code.strip().upper()
    language = language.strip().upper()
    values = {
        name: clean_text(check_salutation_formula(text), SalutationFormula, name, "formula")
        for name, text in (("formal", formal), ("informal", informal))
        if text is not None
    }
    with write_transaction():
        if not code_exists(Salutation, code):
            raise NotFound(f"salutation {code!r} does not exist")
        if language and not code_exists(Language, language):
            raise NotFound(f"language {language!r} does not exist")
        where = (SalutationFormula.salutation == code) & (
            SalutationFormula.language_code == language
        )
        if SalutationFormula.select().where(where).exists():
            SalutationFormula.update(**values).where(where).execute()
        else:
            SalutationFormula.insert(salutation=code, language_code=language, **values).execute()
    return get_salutation(code)


def get_salutation(code: str) -> SalutationView:
    """One salutation code with its formulas by language; NotFound if absent."""
    row = Salutation.get_or_none(Salutation.code == code.strip().upper())
    if row is None:
        raise NotFound(f"salutation {code!r} does not exist")
    formulas = (
        SalutationFormula.select()
        .where(SalutationFormula.salutation == row.code)
        .order_by(SalutationFormula.language_code)
    )
    return SalutationView(
        row.code,
        row.description,
        tuple(SalutationFormulaView(f.language_code, f.formal, f.informal) for f in formulas),
    )


def list_salutations() -> list[SalutationView]:
    """Every salutation code with its formulas, by code."""
    codes = Salutation.select(Salutation.code).order_by(Salutation.code).scalars()
    return [get_salutation(code) for code in list(codes)]


def delete_salutation(code: str) -> None:
    """Delete a salutation code with its formulas, refused while contacts use it."""
    code = code.strip().upper()
    with write_transaction():
        if not code_exists(Salutation, code):
            raise NotFound(f"salutation {code!r} does not exist")
        used = Contact.select().where(Contact.salutation_code == code).count()
        if used:
            raise Refused(f"salutation {code!r} is still used by {used} contacts; nothing deleted")
        SalutationFormula.delete().where(SalutationFormula.salutation == code).execute()
        Salutation.delete().where(Salutation.code == code).execute()


def remove_formula(code: str, language: str) -> None:
    """Remove the formulas of a salutation code in one language."""
    code, language = code.strip().upper(), language.strip().upper()
    with write_transaction():
        deleted = (
            SalutationFormula.delete()
            .where(
                (SalutationFormula.salutation == code)
                & (SalutationFormula.language_code == language)
            )
            .execute()
        )
        if not deleted:
            raise NotFound(
                f"salutation {code!r} has no formula for language {language or '(blank)'!r}"
            )
