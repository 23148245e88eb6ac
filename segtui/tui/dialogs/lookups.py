"""The lists a form's lookup (Ctrl+L) offers: setup codes, yes/no, the coded fields and
contacts (found by a query, a page at a time)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.markup import escape

from segtui.domain.contacts import ContactView
from segtui.domain.enums import LabelledEnum
from segtui.domain.setup import CodeEntry
from segtui.services.contacts import search
from segtui.services.setup import codes
from segtui.services.templates import templates
from segtui.tui.dialogs.form import Choices

YES_NO: Choices = (("yes", "yes"), ("no", "no"))
"""A yes/no field's values."""


def code_choices(entries: Sequence[CodeEntry], *, blank: str | None = None) -> Choices:
    """Codes as lookup values: the code in a column, then its name; `blank` offers '' first."""
    width = max((len(e.code) for e in entries), default=0)
    listed = tuple((e.code, escape(f"{e.code:<{width}}  {e.text}".rstrip())) for e in entries)
    return ((("", escape(blank)),) if blank is not None else ()) + listed


def enum_choices(values: Iterable[LabelledEnum]) -> Choices:
    """A coded field's values as stored, each with the words a user reads for it."""
    return tuple((v.value, f"{v.value or '(blank)':<10} {v.label}".rstrip()) for v in values)


def read_codes(kind: str, *, blank: str | None = None) -> Choices:
    """A setup code table as lookup values (runs in a worker)."""
    return code_choices(codes.list_codes(kind), blank=blank)


def template_choices() -> Choices:
    """The interaction templates as lookup values, "no template" first (runs in a worker)."""
    rows = [CodeEntry(t.code, t.description) for t in templates.list_templates()]
    return code_choices(rows, blank="(no template)")


CONTACT_PAGE = 50
"""How many contacts a contact lookup lists for one search text."""


def contact_label(contact: ContactView) -> str:
    """A contact as a lookup line: number, name, then where it is and its email."""
    place = " ".join(p for p in (contact.post_code, contact.city) if p)
    details = " · ".join(p for p in (place, contact.email) if p)
    return escape(f"{contact.no:<9} {contact.name}" + (f" · {details}" if details else ""))


def find_contacts(text: str) -> Choices:
    """Contacts found by number, name, city, post code or email (runs in a worker)."""
    rows = search.find_contacts(text, limit=CONTACT_PAGE)
    return tuple((c.no, contact_label(c)) for c in rows)


def find_companies(text: str) -> Choices:
    """Companies found as `find_contacts` finds contacts, "no company" first (in a worker)."""
    rows = search.find_contacts(text, limit=CONTACT_PAGE, companies_only=True)
    return (("", escape("(no company)")), *((c.no, contact_label(c)) for c in rows))
