"""Salespeople: the people letters are signed by, with their contact details."""

from __future__ import annotations

from segtui.db.models import (
    Salesperson,
)
from segtui.db.proxy import write_transaction
from segtui.domain.errors import NotFound, Refused
from segtui.domain.setup import (
    SalespersonView,
)
from segtui.services.contacts.checks import query_tuples
from segtui.services.setup.tables import (
    clean_code,
    clean_text,
    code_exists,
)


def create_salesperson(
    code: str, name: str, email: str = "", phone: str = "", job_title: str = ""
) -> SalespersonView:
    """Add a salesperson with the details letters are signed with."""
    code = clean_code(code, Salesperson, "salesperson")
    values = {
        column: clean_text(value, Salesperson, column, "salesperson")
        for column, value in (("name", name), ("email", email), ("phone", phone))
    }
    values["job_title"] = clean_text(job_title, Salesperson, "job_title", "salesperson")
    with write_transaction():
        if code_exists(Salesperson, code):
            raise Refused(f"salesperson {code!r} already exists")
        Salesperson.insert(code=code, **values).execute()
    return SalespersonView(code, **values)


def list_salespeople() -> list[SalespersonView]:
    """Every salesperson, by code."""
    query = Salesperson.select(
        Salesperson.code,
        Salesperson.name,
        Salesperson.email,
        Salesperson.phone,
        Salesperson.job_title,
    ).order_by(Salesperson.code)
    return [SalespersonView(*row) for row in query_tuples(query)]


def edit_salesperson(
    code: str,
    *,
    name: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    job_title: str | None = None,
) -> SalespersonView:
    """Change a salesperson's details (None leaves one as it is; the code stays)."""
    code = clean_code(code, Salesperson, "salesperson")
    given = (("name", name), ("email", email), ("phone", phone), ("job_title", job_title))
    values = {
        column: clean_text(value, Salesperson, column, "salesperson")
        for column, value in given
        if value is not None
    }
    with write_transaction():
        if not code_exists(Salesperson, code):
            raise NotFound(f"salesperson {code!r} does not exist")
        if values:
            Salesperson.update(**values).where(Salesperson.code == code).execute()
        query = Salesperson.select(
            Salesperson.code,
            Salesperson.name,
            Salesperson.email,
            Salesperson.phone,
            Salesperson.job_title,
        ).where(Salesperson.code == code)
        row = next(query_tuples(query))
    return SalespersonView(*row)
