"""Find contacts by what a user remembers of them: number, name, city, post code or email.

One SQL query a page at a time (keyset on the number), for the Contacts screen's search,
the worksheet's Add Contact and the lookups of contact-number fields.
"""

from __future__ import annotations

from segtui.db.criteria import contains_text, flat
from segtui.db.models import Contact
from segtui.domain.contacts import ContactView
from segtui.domain.errors import InvalidInput
from segtui.services.contacts.contacts import VIEW_COLUMNS, view_from_row

SEARCHED = (Contact.no, Contact.name, Contact.city, Contact.post_code, Contact.email)
"""The columns a search text is looked for in."""


def find_contacts(
    text: str, *, after: str = "", limit: int = 50, companies_only: bool = False
) -> list[ContactView]:
    """Contacts whose number, name, city, post code or email holds `text` (any case), by
    number, the first `limit` after number `after`; every contact for a blank text."""
    if limit < 0:
        raise InvalidInput(f"limit must not be negative, not {limit}")
    query = Contact.select(*VIEW_COLUMNS)
    conditions = []
    if wanted := text.strip():
        conditions.append(flat([contains_text(column, wanted) for column in SEARCHED], "OR"))
    if after:
        conditions.append(Contact.no > after)
    if companies_only:
        conditions.append(Contact.type == "company")
    if conditions:
        query = query.where(flat(conditions, "AND"))
    rows = query.order_by(Contact.no).limit(limit).tuples().iterator()
    return [view_from_row(row) for row in rows]
