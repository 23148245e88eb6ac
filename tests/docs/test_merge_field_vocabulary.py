"""The merge-field vocabulary: name matching, salutations and the address block."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from segtui.domain.merge_fields import (
    FIELD_NAMES,
    formal_salutation,
    informal_salutation,
    is_known_field,
    mail_address,
    normalise_field_name,
)


def test_spellings_of_one_name_match() -> None:
    spellings = [
        "First_Name",
        "first name",
        "First.Name",
        "FIRST_NAME",
        "first-name",
        " First  Name ",
    ]
    assert {normalise_field_name(s) for s in spellings} == {"first_name"}


def test_different_names_do_not_match() -> None:
    assert normalise_field_name("Address") != normalise_field_name("Address_2")


@given(st.sampled_from(FIELD_NAMES), st.sampled_from([" ", ".", "-", "_"]), st.booleans())
def test_every_vocabulary_name_is_known_however_written(name: str, sep: str, upper: bool) -> None:
    written = name.replace("_", sep)
    assert is_known_field(written.upper() if upper else written.lower())


def test_the_vocabulary_has_the_fields_of_the_spec() -> None:
    for name in ("Contact_No", "Mail_Address", "Salesperson_Job_Title", "Our_Email", "Comment"):
        assert name in FIELD_NAMES
    assert not is_known_field("Shoe_Size")


def test_formal_salutation() -> None:
    assert formal_salutation("Ms", "Anna", "Smith", "Anna Smith") == "Dear Ms Smith,"
    assert formal_salutation("", "Anna", "Smith", "Anna Smith") == "Dear Anna Smith,"
    assert formal_salutation("", "", "", "Acme Ltd") == "Dear Sir or Madam,"
    assert formal_salutation("Dr", "", "", "Patel") == "Dear Dr Patel,"


def test_informal_salutation() -> None:
    assert informal_salutation("Anna", "Anna Smith") == "Dear Anna,"
    assert informal_salutation("", "Acme Ltd") == "Dear Acme Ltd,"
    assert informal_salutation(" ", "") == "Dear Sir or Madam,"


def test_mail_address_skips_blank_parts() -> None:
    block = mail_address("Anna Smith", "Acme Ltd", "1 High St", "", None, "LS1 4AP Leeds", " ")
    assert block == "Anna Smith\nAcme Ltd\n1 High St\nLS1 4AP Leeds"
