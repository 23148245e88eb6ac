"""Reading MERGEFIELD codes as Word writes them."""

from __future__ import annotations

import pytest

from segtui.docs.fieldcode import MergeFieldCode, parse_mergefield


@pytest.mark.parametrize(
    ("code", "name"),
    [
        (" MERGEFIELD First_Name ", "First_Name"),
        (" MERGEFIELD  testfield  \\* MERGEFORMAT ", "testfield"),
        (' MERGEFIELD "Hello world" \\* MERGEFORMAT ', "Hello world"),
        (" mergefield City\\* MERGEFORMAT", "City"),
        (" MERGEFIELD “Post Code” ", "Post Code"),
        (' MERGEFIELD "More  than one space" ', "More than one space"),
    ],
)
def test_the_field_name_is_read_from_the_code(code: str, name: str) -> None:
    found = parse_mergefield(code)
    assert found is not None and found.name == name


@pytest.mark.parametrize("code", [" PAGE ", " MERGEFIELD ", " MERGEFIELD \\* Upper ", ""])
def test_codes_that_name_no_merge_field_are_not_fields(code: str) -> None:
    assert parse_mergefield(code) is None


def test_switches_shape_the_value() -> None:
    code = parse_mergefield(' MERGEFIELD City \\* Caps \\b "in " \\f "." ')
    assert code == MergeFieldCode("City", case="caps", before="in ", after=".")
    assert code.apply("new york") == "in New York."
    assert code.apply("") == ""
