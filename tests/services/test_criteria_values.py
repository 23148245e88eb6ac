"""The values of a filter field with their contact counts (the picker's Ctrl+L list)."""

from __future__ import annotations

import peewee as pw

from segtui.services.segments import criteria
from tests.factories import add_mailing_group, add_profile_answer, make_contact


def test_each_value_is_counted_once_per_contact_and_filtered_as_typed(
    database: pw.Database,
) -> None:
    anna = make_contact("Anna", city="Leeds")
    bo = make_contact("Bo", city="Odense")
    carla = make_contact("Carla", city="Leeds")
    for contact, group in ((anna, "NEWS"), (bo, "NEWS"), (carla, "XMAS")):
        add_mailing_group(contact, group)
    add_profile_answer(anna, "CUSTOMER", "SIZE", "LARGE")
    add_profile_answer(bo, "CUSTOMER", "SIZE", "SMALL")
    add_profile_answer(carla, "CUSTOMER", "SIZE", "LARGE")

    assert criteria.value_counts("contact", "city", "") == [("Leeds", 2), ("Odense", 1)]
    assert criteria.value_counts("contact", "city", "ode") == [("Odense", 1)]
    assert criteria.value_counts("mailing_group", "code", "") == [("NEWS", 2), ("XMAS", 1)]
    assert criteria.value_counts("profile", "answer", "") == [("LARGE", 2), ("SMALL", 1)]
    assert criteria.value_counts("profile", "questionnaire", "cust") == [("CUSTOMER", 3)]
