"""Contacts: editing rules, CSV import (all or nothing), CSV and vCard export."""

from __future__ import annotations

import io
from pathlib import Path

import peewee as pw
import pytest

from segtui.db.database import open_database
from segtui.db.models import (
    Contact,
    Country,
    InteractionLogEntry,
    Language,
    NumberSeries,
    Salesperson,
    SegmentHeader,
    SegmentLine,
)
from segtui.db.proxy import write_transaction
from segtui.domain.criteria import parse_filter
from segtui.domain.errors import InvalidInput, NotFound, Refused
from segtui.services.contacts import importer
from segtui.services.contacts.contacts import (
    block_contact,
    create_contact,
    delete_contact,
    edit_contact,
    get_contact,
    list_contacts,
)
from segtui.services.contacts.export import export_csv, export_vcard
from segtui.services.contacts.importer import import_contacts


@pytest.fixture
def codes(database: pw.Database) -> None:
    """The classification codes the test files use."""
    with write_transaction():
        Salesperson.insert(code="AH", name="Annette Hill").execute()
        Country.insert(code="GB", name="United Kingdom").execute()
        Language.insert(code="ENG", name="English").execute()


def write_csv(
    tmp_path: Path, text: str, name: str = "contacts.csv", encoding: str = "utf-8"
) -> Path:
    """A CSV file with the given text."""
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def state() -> tuple[int, list[tuple[str, int]]]:
    """Everything an import may change: the contacts and the number series."""
    series = [(s.code, s.last_no) for s in NumberSeries.select().order_by(NumberSeries.code)]
    return Contact.select().count(), series


GOOD = (
    "no,type,name,company_no,first_name,surname,city,country_code,email,salesperson_code,"
    "correspondence_type,privacy_blocked\n"
    "CT000010,company,Acme Ltd,,,,London,GB,info@acme.example,AH,email,no\n"
    "CT000011,person,Anna Smith,CT000010,Anna,Smith,London,GB,anna@acme.example,AH,,yes\n"
    'CT000012,company,"Bolt, Nut & Co",,,,"Leeds",GB,,,hard_copy,false\n'
)


# --- create, edit, block, delete --------------------------------------------------------


def test_create_numbers_from_the_series_and_checks_fields(codes: None) -> None:
    company = create_contact({"name": "Acme Ltd", "city": "London", "salesperson_code": "AH"})
    person = create_contact(
        {"type": "person", "first_name": "Anna", "surname": "Smith", "company_no": company.no}
    )
    assert (company.no, company.type, company.city) == ("CT000001", "company", "London")
    assert (person.no, person.name, person.company_no) == ("CT000002", "Anna Smith", "CT000001")


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"name": "X", "type": "firm"}, "contact type 'firm' is not one of: company, person"),
        ({"name": "X", "correspondence_type": "fax"}, "correspondence type 'fax' is not one of"),
        ({"name": "X", "salesperson_code": "ZZ"}, "salesperson 'ZZ' does not exist"),
        ({"name": "X", "language_code": "KLI"}, "language 'KLI' does not exist"),
        ({"name": "X", "privacy_blocked": "maybe"}, "'maybe' is not yes/no/true/false/1/0"),
        ({"name": ""}, "name must not be empty"),
        ({"name": "X", "colour": "red"}, "unknown contact field 'colour'"),
        ({"name": "X" * 101}, "name is longer than 100 characters"),
        ({"name": "P", "type": "person", "company_no": "CT999"}, "company 'CT999' does not exist"),
    ],
)
def test_create_refuses_bad_values(codes: None, values: dict[str, str], message: str) -> None:
    with pytest.raises(InvalidInput, match=message.replace("(", r"\(")):
        create_contact(values)
    assert Contact.select().count() == 0


def test_a_person_cannot_be_the_company_of_another(codes: None) -> None:
    person = create_contact({"name": "Anna", "type": "person"})
    with pytest.raises(InvalidInput, match="is a person, not a company"):
        create_contact({"name": "Bo", "type": "person", "company_no": person.no})


def test_edit_changes_only_the_given_fields_and_block_sets_privacy(codes: None) -> None:
    contact = create_contact({"name": "Acme", "city": "Leeds", "email": "a@acme.example"})
    edited = edit_contact(contact.no, {"city": "York", "correspondence_type": "Hard copy"})
    assert (edited.city, edited.email, edited.correspondence_type) == (
        "York",
        "a@acme.example",
        "hard_copy",
    )
    assert block_contact(contact.no).privacy_blocked is True
    assert block_contact(contact.no, blocked=False).privacy_blocked is False
    with pytest.raises(NotFound, match="contact 'CT404' does not exist"):
        edit_contact("CT404", {"city": "York"})


def test_delete_is_refused_for_a_contact_with_interactions(codes: None) -> None:
    kept = create_contact({"name": "Has history"})
    gone = create_contact({"name": "No history"})
    with write_transaction():
        InteractionLogEntry.insert(contact_no=kept.no, description="Letter").execute()
    with pytest.raises(Refused, match=r"has interaction log entries .* block it instead"):
        delete_contact(kept.no)
    delete_contact(gone.no)
    assert [c.no for c in list_contacts()] == [kept.no]


def test_list_filters_and_limits(codes: None) -> None:
    for name, city in (("Acme", "London"), ("Bolt", "Leeds"), ("Cog", "london")):
        create_contact({"name": name, "city": city})
    assert [c.name for c in list_contacts()] == ["Acme", "Bolt", "Cog"]
    assert [c.name for c in list_contacts(limit=2)] == ["Acme", "Bolt"]
    assert [c.name for c in list_contacts([parse_filter("city=@lon*")])] == ["Acme", "Cog"]
    assert [c.name for c in list_contacts([parse_filter("contact.city=Leeds")])] == ["Bolt"]


# --- import ------------------------------------------------------------------------------


def test_import_keeps_numbers_and_bumps_the_series(codes: None, tmp_path: Path) -> None:
    result = import_contacts(write_csv(tmp_path, GOOD))
    assert (result.imported, result.first_no, result.last_no) == (3, "CT000010", "CT000012")
    anna = get_contact("CT000011")
    assert (anna.type, anna.company_no, anna.privacy_blocked, anna.correspondence_type) == (
        "person",
        "CT000010",
        True,
        "",
    )
    assert get_contact("CT000012").name == "Bolt, Nut & Co"
    # The series never hands out an imported number again.
    assert create_contact({"name": "Next"}).no == "CT000013"


def test_import_without_numbers_takes_a_block_from_the_series(codes: None, tmp_path: Path) -> None:
    create_contact({"name": "Existing"})
    text = "name,city\nAcme,London\nBolt,Leeds\n\nCog,York\n"
    result = import_contacts(write_csv(tmp_path, text))
    assert (result.imported, result.numbered) == (3, 3)
    assert [(c.no, c.name) for c in list_contacts()] == [
        ("CT000001", "Existing"),
        ("CT000002", "Acme"),
        ("CT000003", "Bolt"),
        ("CT000004", "Cog"),
    ]


def test_import_takes_codes_however_they_are_cased(codes: None, tmp_path: Path) -> None:
    import_contacts(write_csv(tmp_path, "name,salesperson_code\nAcme,ah\nBolt,Ah\n"))
    assert [c.salesperson_code for c in list_contacts()] == ["AH", "AH"]


def test_import_reads_utf8_with_a_byte_order_mark(codes: None, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "\ufeffname,city\nMüller GmbH,Köln\n")
    import_contacts(path)
    assert [(c.name, c.city) for c in list_contacts()] == [("Müller GmbH", "Köln")]


def test_a_person_may_come_before_its_company(codes: None, tmp_path: Path) -> None:
    text = "no,type,name,company_no\nP1,person,Anna,C1\nC1,company,Acme,C1\n"
    import_contacts(write_csv(tmp_path, text))
    assert get_contact("P1").company_no == "C1"


BAD_FILES = [
    ("name,colour\nAcme,red\n", "contacts.csv, row 1, column 2: unknown field 'colour'"),
    ("city\nLondon\n", "contacts.csv: the header has no 'name' column"),
    ("name,name\nA,B\n", "row 1, column 2: field 'name' appears twice"),
    ("", "contacts.csv: the file is empty"),
    ("name,city\nAcme,London\n,Leeds\n", "row 3, column name: a contact needs a name"),
    (
        "name,privacy_blocked\nAcme,no\nBolt,perhaps\n",
        "row 3, column privacy_blocked: 'perhaps' is not yes/no/true/false/1/0",
    ),
    ("name,type\nAcme,firm\n", "row 2, column type: contact type 'firm' is not one of"),
    (
        "name,correspondence_type\nAcme,fax\n",
        "row 2, column correspondence_type: correspondence type 'fax' is not one of",
    ),
    ("no,name\nC1,Acme\nC1,Bolt\n", "row 3, column no: contact number 'C1' appears twice"),
    (
        "no,type,name,company_no\nP1,person,Anna,C9\n",
        "row 2, column company_no: company 'C9' does not exist",
    ),
    (
        "no,type,name,company_no\nP1,person,Anna,\nP2,person,Bo,P1\n",
        "row 3, column company_no: company 'P1' is a person, not a company",
    ),
    (
        "no,type,name,company_no\nC1,company,Acme,C2\n",
        "row 2, column company_no: a company's company_no must be empty or its own number",
    ),
    ("name,salesperson_code\nAcme,ZZ\n", "row 2, column salesperson_code: salesperson 'ZZ'"),
    ("name,city\nAcme,London,extra\n", "row 2: 3 fields, but the header names 2"),
    ("name,post_code\nAcme," + "9" * 21 + "\n", "row 2, column post_code: longer than 20"),
    ('name,city\nAcme,"London\nBolt,Leeds\n', "broken CSV"),
    ('name,city\nAcme,"Lon"don\n', "contacts.csv, line 2: broken CSV"),
]


@pytest.mark.parametrize(("text", "message"), BAD_FILES)
def test_a_bad_file_imports_nothing(codes: None, tmp_path: Path, text: str, message: str) -> None:
    create_contact({"name": "Existing"})
    before = state()
    with pytest.raises(InvalidInput) as caught:
        import_contacts(write_csv(tmp_path, text))
    assert message in caught.value.message
    assert "\n" not in caught.value.message
    assert state() == before


def test_a_number_already_in_the_database_imports_nothing(codes: None, tmp_path: Path) -> None:
    create_contact({"name": "Existing"})  # CT000001
    before = state()
    with pytest.raises(InvalidInput, match=r"row 3, column no: contact 'CT000001' already exists"):
        import_contacts(write_csv(tmp_path, "no,name\nX1,Acme\nCT000001,Bolt\n"))
    assert state() == before


def test_a_file_that_is_not_utf8_imports_nothing(codes: None, tmp_path: Path) -> None:
    before = state()
    path = write_csv(tmp_path, "name,city\nMüller,Köln\n", encoding="latin-1")
    with pytest.raises(
        InvalidInput, match=r"contacts\.csv, line 2: not UTF-8 text; save the file as CSV"
    ):
        import_contacts(path)
    assert state() == before


def test_an_error_in_a_later_batch_rolls_back_the_earlier_ones(
    codes: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "BATCH_SIZE", 2)
    before = state()
    text = "name,type\nA,company\nB,company\nC,company\nD,company\nE,robot\n"
    with pytest.raises(InvalidInput, match="row 6, column type"):
        import_contacts(write_csv(tmp_path, text))
    assert state() == before


def test_a_missing_file_is_a_clear_error(codes: None, tmp_path: Path) -> None:
    with pytest.raises(NotFound, match=r"cannot read .*nothing\.csv"):
        import_contacts(tmp_path / "nothing.csv")


# --- export ------------------------------------------------------------------------------


def test_csv_export_round_trips_through_import(tmp_path: Path) -> None:
    source = tmp_path / "source.db"
    target = tmp_path / "target.db"
    exported = io.StringIO()
    with open_database(str(source)):
        with write_transaction():
            Salesperson.insert(code="AH", name="Annette Hill").execute()
        path = write_csv(tmp_path, GOOD.replace(",GB,", ",,"))
        import_contacts(path)
        block_contact("CT000012")
        original = list_contacts()
        assert export_csv(exported) == 3
    with open_database(str(target)):
        with write_transaction():
            Salesperson.insert(code="AH", name="Annette Hill").execute()
        import_contacts(write_csv(tmp_path, exported.getvalue(), name="exported.csv"))
        copied = list_contacts()
    strip = [{**c.__dict__, "created_at": None, "updated_at": None} for c in original]
    assert [{**c.__dict__, "created_at": None, "updated_at": None} for c in copied] == strip


def test_vcard_has_one_card_per_contact(codes: None, tmp_path: Path) -> None:
    import_contacts(write_csv(tmp_path, GOOD))
    out = io.StringIO()
    assert export_vcard(out) == 3
    text = out.getvalue()
    assert text.count("BEGIN:VCARD\r\n") == 3
    assert text.count("END:VCARD\r\n") == 3
    assert "FN:Anna Smith\r\n" in text
    assert "N:Smith;Anna;;;\r\n" in text
    assert "ORG:Acme Ltd\r\n" in text  # a person's company, looked up
    assert "EMAIL;TYPE=INTERNET:anna@acme.example\r\n" in text
    assert "ADR;TYPE=WORK:;;;London;;;GB\r\n" in text
    assert "FN:Bolt\\, Nut & Co\r\n" in text  # commas escaped


def test_export_of_a_segment_and_of_a_filter(codes: None, tmp_path: Path) -> None:
    import_contacts(write_csv(tmp_path, GOOD))
    with write_transaction():
        SegmentHeader.insert(no="SEG00001", description="Spring").execute()
        for line_no, contact_no in ((1, "CT000012"), (2, "CT000011"), (3, "CT000012")):
            SegmentLine.insert(
                segment_no="SEG00001", line_no=line_no, contact_no=contact_no
            ).execute()
    out = io.StringIO()
    assert export_csv(out, segment_no="SEG00001") == 2
    assert [line.split(",")[0] for line in out.getvalue().splitlines()[1:]] == [
        "CT000011",
        "CT000012",
    ]
    out = io.StringIO()
    assert export_csv(out, filters=[parse_filter("type=person")]) == 1
    with pytest.raises(NotFound, match="segment 'SEG404' does not exist"):
        export_csv(io.StringIO(), segment_no="SEG404")
