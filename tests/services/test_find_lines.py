"""Find in a segment's lines (the worksheet's /): SQL matching, wrap-around, "k of m"."""

from __future__ import annotations

import peewee as pw
import pytest

from segtui.domain.errors import InvalidInput
from segtui.services.segments import criteria, find, segments
from tests.factories import make_contact


def test_find_matches_number_name_city_and_email_and_steps_round(database: pw.Database) -> None:
    make_contact("Anna Smith", city="Leeds", email="anna@example.com")
    make_contact("Bo Jensen", city="Odense", email="bo@smith-works.dk")
    make_contact("Carla Diaz", city="Leeds", email="carla@100%.es")
    no = segments.create_segment("Spring")
    criteria.add_contacts(no, [], criteria.CriteriaOptions())
    assert find.count_matches(no, "SMITH") == 2  # a name and an email, letter case ignored
    assert find.count_matches(no, "leeds") == 2 and find.count_matches(no, "ct") == 3
    assert find.count_matches(no, "100%") == 1 and find.count_matches(no, "%") == 1
    first = find.find_line(no, "smith")
    assert first is not None and (first.position, first.ordinal, first.total) == (0, 1, 2)
    second = find.find_line(no, "smith", after=first.position, previous=first)
    assert second is not None and (second.position, second.ordinal) == (1, 2)
    # After the last match, the first again; before the first, the last: as counted afresh.
    wrapped = find.find_line(no, "smith", after=second.position, previous=second)
    assert wrapped == find.find_line(no, "smith", after=second.position) == first
    back = find.find_line(no, "smith", after=first.position, backward=True, previous=first)
    assert back == find.find_line(no, "smith", after=first.position, backward=True) == second
    assert find.find_line(no, "nobody") is None
    with pytest.raises(InvalidInput):
        find.count_matches(no, "  ")
