"""`logged resend --refresh`: today's contact, salesperson and document in the snapshots.

An entry's letter is merged from the snapshot Log froze. When a delivery failed because
the data was wrong (a mistyped email address, a broken template since re-imported), the
user fixes the contact or the template and re-sends with --refresh: the entries about to
be re-sent take the contact's current names, address and email, the salesperson's current
details and the template's current document in the entry's language — one UPDATE with
correlated subqueries, set-based like Log itself — and record when (`refreshed_at`).
An entry with a unique document keeps it. Salutation formulas and our company stay as
logged.
"""

from __future__ import annotations

from typing import Any

import peewee as pw

from segtui.db.models import (
    Contact,
    InteractionLogEntry,
    InteractionTemplate,
    InteractionTemplateLanguage,
    Salesperson,
    now,
)

E = InteractionLogEntry

# Snapshot column ← contact column.
_CONTACT_COLUMNS = {
    E.merge_contact_name: Contact.name,
    E.merge_first_name: Contact.first_name,
    E.merge_surname: Contact.surname,
    E.merge_salutation: Contact.salutation,
    E.merge_job_title: Contact.job_title,
    E.merge_address: Contact.address,
    E.merge_address_2: Contact.address_2,
    E.merge_post_code: Contact.post_code,
    E.merge_city: Contact.city,
    E.merge_county: Contact.county,
    E.merge_country_code: Contact.country_code,
    E.merge_phone: Contact.phone,
    E.merge_mobile: Contact.mobile,
    E.merge_email: Contact.email,
}
_SALESPERSON_COLUMNS = {
    E.merge_salesperson_name: Salesperson.name,
    E.merge_salesperson_email: Salesperson.email,
    E.merge_salesperson_phone: Salesperson.phone,
    E.merge_salesperson_job_title: Salesperson.job_title,
}


def _contact(snapshot: pw.Field, column: pw.Field) -> Any:
    """The entry's contact's current `column` (the snapshot as logged if the contact went)."""
    current = Contact.select(column).where(Contact.no == E.contact_no)
    return pw.fn.COALESCE(current, snapshot)


def _company_name() -> Any:
    """A company's own name, or a person's company's name, as Log takes it."""
    company = Contact.alias("company")
    own = Contact.select(Contact.name).where(
        (Contact.no == E.contact_no) & (Contact.type == "company")
    )
    of_person = company.select(company.name).where(company.no == E.contact_company_no)
    return pw.fn.COALESCE(own, of_person, E.merge_company_name)


def _document() -> Any:
    """The template's current document in the entry's language, else its default's."""
    language = InteractionTemplateLanguage
    template = InteractionTemplate
    in_language = language.select(language.attachment).where(
        (language.template == E.interaction_template_code)
        & (language.language_code == E.language_code)
    )
    default = (
        language.select(language.attachment)
        .join(template, on=(template.code == language.template))
        .where(
            (template.code == E.interaction_template_code)
            & (language.language_code == template.language_code_default)
        )
    )
    return pw.fn.COALESCE(in_language, default, E.attachment_id)


def refresh_snapshots(entries: pw.Expression) -> int:
    """Re-read today's data into the snapshots of the entries matching `entries`."""
    values: dict[pw.Field, Any] = {
        snapshot: _contact(snapshot, source) for snapshot, source in _CONTACT_COLUMNS.items()
    }
    values[E.merge_company_name] = _company_name()
    for snapshot, source in _SALESPERSON_COLUMNS.items():
        current = Salesperson.select(source).where(Salesperson.code == E.salesperson_code)
        values[snapshot] = pw.fn.COALESCE(current, snapshot)
    values[E.attachment_id] = pw.Case(None, [(E.attachment_unique, E.attachment_id)], _document())
    values[E.refreshed_at] = now()
    return int(E.update(values).where(entries).execute())
