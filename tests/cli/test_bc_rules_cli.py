"""Business Central's rules for templates, languages, salutations and lines (issue 10),
as a user runs them from the command line, on SQLite and on PostgreSQL.

The letters are real .docx files imported with `template import` and re-opened after the
merge; every assertion is on what segtui prints or writes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx.document import Document

from segtui.db import models as m
from tests.cli.runner import Result, Run, invoke
from tests.docs.docs_helpers import add_simple_field, add_text, build
from tests.services.factories import make_contact
from tests.services.letters_helpers import paragraphs

FIELDS = ("Formal_Salutation", "Informal_Salutation", "Subject", "Salesperson_Name")


def letter(words: str) -> bytes:
    """A letter: one paragraph per merge field of FIELDS, then `words`."""

    def fill(document: Document) -> None:
        for name in FIELDS:
            add_simple_field(document.add_paragraph(), f" MERGEFIELD {name} ", f"«{name}»")
        add_text(document.add_paragraph(), words)

    return build(fill)


def ok(result: Result) -> Result:
    """The result, after checking the command succeeded and printed no error."""
    assert (result.status, result.err) == (0, ""), result.err
    return result


@pytest.fixture
def run(database: object, db_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Run:
    """A database with languages, salespeople, salutations, templates and six contacts.

    LETTER (default ENG) has ENG and DEU versions; MEMO (default NLD) has DAN and NLD;
    PHONE (default ENG, which it lacks) has DAN and NLD; MEETING has none.
    """

    def run(*args: str) -> Result:
        return invoke(capsys, db_url, *args)

    for code in ("ENG", "DEU", "DAN", "NLD"):
        m.Language.create(code=code, name=code)
    for code in ("LETTERS", "MEETINGS"):
        m.InteractionGroup.create(code=code, description=code)
    m.Salesperson.create(code="AH", name="Annette Hill", email="ah@us.test")
    m.Salesperson.create(code="BC", name="Benjamin Chiu", email="bc@us.test")
    m.Campaign.create(no="CP1", description="Spring fair")
    m.MailingGroup.create(code="NEWS", description="Newsletter")
    make_contact("CT000001", name="Weber GmbH", type="company", language_code="DEU")
    make_contact(
        "CT000002",
        name="Greta Weber",
        company_no="CT000001",
        first_name="Greta",
        surname="Weber",
        salutation="Ms",
        salutation_code="FEMALE",
        language_code="DEU",
        salesperson_code="BC",
        phone="+49 30 111",
        mobile="+49 170 222",
        email="greta@weber.test",
    )
    make_contact("CT000003", name="Acme Ltd", type="company", language_code="ENG")
    make_contact(
        "CT000004",
        name="Anna Smith",
        company_no="CT000003",
        first_name="Anna",
        surname="Smith",
        salutation="Ms",
        salutation_code="FEMALE",
        language_code="ENG",
    )
    make_contact(
        "CT000005",
        name="Jens Hansen",
        type="person",
        first_name="Jens",
        surname="Hansen",
        salutation="Mr",
        salutation_code="MALE",
        language_code="DAN",
    )
    make_contact("CT000006", name="Bo Berg", company_no="CT000003", first_name="Bo")
    m.ContactMailingGroup.create(contact="CT000002", mailing_group="NEWS")

    ok(run("setup", "salutation", "FEMALE", "Woman"))
    ok(run("setup", "salutation", "MALE", "Man"))
    for code, language, formal, informal in (
        ("FEMALE", "ENG", "Dear {title} {surname},", "Dear {first_name},"),
        ("FEMALE", "DEU", "Sehr geehrte Frau {surname},", "Liebe {first_name},"),
        ("MALE", "DEU", "Sehr geehrter Herr {surname},", "Lieber {first_name},"),
    ):
        ok(
            run(
                "setup", "salutation-formula", code, language,
                "--formal", formal, "--informal", informal,
            )
        )  # fmt: skip

    ok(
        run(
            "template", "new", "LETTER", "--group", "LETTERS", "--description", "Sales letter",
            "language_code_default=ENG", "corr_type=hard_copy", "cost=1.50",
        )
    )  # fmt: skip
    ok(run("template", "new", "MEMO", "--group", "LETTERS", "language=NLD"))
    ok(run("template", "new", "PHONE", "--group", "MEETINGS", "--description", "Phone call"))
    ok(run("template", "new", "MEETING", "--group", "MEETINGS", "--description", "Meeting"))
    for code, language, subject, words in (
        ("LETTER", "ENG", "Our spring offer", "Thank you for your interest."),
        ("LETTER", "DEU", "Unser Frühjahrsangebot", "Vielen Dank für Ihr Interesse."),
        ("MEMO", "DAN", "Vores tilbud", "Tak for din interesse."),
        ("MEMO", "NLD", "Ons aanbod", "Bedankt voor uw interesse."),
        ("PHONE", "DAN", "Opkald", "Opkald."),
        ("PHONE", "NLD", "Telefoon", "Telefoon."),
    ):
        path = tmp_path / f"{code}-{language}.docx"
        path.write_bytes(letter(words))
        ok(run("template", "import", code, str(path), "--language", language, "--subject", subject))
    return run


def new_segment(run: Run, *extra: str) -> str:
    """A new segment on LETTER holding every contact; its number."""
    no = ok(run("segment", "new", "--description", "Spring", "--template", "LETTER", *extra))
    number = no.out.strip()
    ok(run("segment", "add", number, "--filter", "contact.no=*"))
    return number


def show(run: Run, no: str) -> dict[str, object]:
    """`segment show NO --json`."""
    return dict(ok(run("segment", "show", no, "--json")).json())


def lines(run: Run, no: str) -> dict[str, dict[str, object]]:
    """The segment's lines (JSON) by contact number."""
    return {str(line["contact_no"]): line for line in show(run, no)["lines"]}  # type: ignore[attr-defined]


def line_no(run: Run, no: str, contact: str) -> str:
    """The line number of a contact's line, as the CLI takes it."""
    return str(lines(run, no)[contact]["line_no"])


# --- 2. languages as Business Central --------------------------------------------------------


def test_new_lines_take_the_contacts_template_language_and_its_subject(run: Run) -> None:
    no = new_segment(run)

    header = show(run, no)
    assert header["language_code_default"] == "ENG"
    assert header["subject_default"] == "Our spring offer"
    got = {c: (line["language_code"], line["subject"]) for c, line in lines(run, no).items()}
    assert got == {
        "CT000001": ("DEU", "Unser Frühjahrsangebot"),
        "CT000002": ("DEU", "Unser Frühjahrsangebot"),
        "CT000003": ("ENG", "Our spring offer"),
        "CT000004": ("ENG", "Our spring offer"),
        "CT000005": ("ENG", "Our spring offer"),  # LETTER has no DAN: the segment's default
        "CT000006": ("ENG", "Our spring offer"),  # no language: the segment's default
    }


def test_a_line_with_another_template_looks_in_that_templates_languages(run: Run) -> None:
    no = new_segment(run)

    ok(run("segment", "line", no, line_no(run, no, "CT000005"), "template=MEMO"))
    ok(run("segment", "line", no, line_no(run, no, "CT000004"), "template=MEMO"))
    ok(run("segment", "line", no, line_no(run, no, "CT000006"), "template=PHONE"))

    got = lines(run, no)
    assert (got["CT000005"]["language_code"], got["CT000005"]["subject"]) == (
        "DAN",
        "Vores tilbud",
    )  # the contact's language
    assert (got["CT000004"]["language_code"], got["CT000004"]["subject"]) == ("NLD", "Ons aanbod")
    assert (got["CT000006"]["language_code"], got["CT000006"]["subject"]) == ("DAN", "Opkald")


def test_manual_add_reuse_and_follow_up_lines_resolve_their_language(run: Run) -> None:
    no = ok(run("segment", "new", "--description", "Few", "--template", "LETTER")).out.strip()
    ok(run("segment", "add", no, "--contact", "CT000002", "--contact", "CT000004"))
    assert {c: line["language_code"] for c, line in lines(run, no).items()} == {
        "CT000002": "DEU",
        "CT000004": "ENG",
    }
    ok(run("segment", "log", no, "--no-send", "--follow-up"))
    follow_up = show(run, "SEG00002")
    assert follow_up["description"] == f"Follow-up on segment {no}"
    assert {c: line["language_code"] for c, line in lines(run, "SEG00002").items()} == {
        "CT000002": "DEU",
        "CT000004": "ENG",
    }
    other = ok(run("segment", "new", "--description", "Again", "--template", "LETTER")).out.strip()
    ok(run("segment", "reuse-segment", other, "1"))
    assert lines(run, other)["CT000002"]["subject"] == "Unser Frühjahrsangebot"


def test_letters_and_entries_carry_the_lines_language_subject_and_salutation(
    run: Run, tmp_path: Path
) -> None:
    no = new_segment(run)
    out = tmp_path / "letters"

    ok(run("segment", "merge", no, "--out", str(out)))

    greta = paragraphs((out / "CT000002.docx").read_bytes())
    assert greta == [
        "Sehr geehrte Frau Weber,",
        "Liebe Greta,",
        "Unser Frühjahrsangebot",
        "Benjamin Chiu",  # no salesperson on the segment: the contact's
        "Vielen Dank für Ihr Interesse.",
    ]
    anna = paragraphs((out / "CT000004.docx").read_bytes())
    assert anna[:3] == ["Dear Ms Smith,", "Dear Anna,", "Our spring offer"]
    assert anna[-1] == "Thank you for your interest."
    # MALE has no English formula: today's English greeting.
    assert paragraphs((out / "CT000005.docx").read_bytes())[:2] == ["Dear Mr Hansen,", "Dear Jens,"]

    ok(run("segment", "log", no, "--no-send"))
    entries = {e["contact_no"]: e for e in ok(run("interactions", "list", "--json")).json()}
    assert (entries["CT000002"]["language_code"], entries["CT000002"]["subject"]) == (
        "DEU",
        "Unser Frühjahrsangebot",
    )
    assert entries["CT000002"]["salesperson_code"] == "BC"
    # The entry keeps the formula it was logged with; a later change does not rewrite it.
    ok(run("setup", "salutation-formula", "FEMALE", "DEU", "--formal", "Hallo {surname},"))
    again = tmp_path / "again.docx"
    ok(run("interactions", "letter", str(entries["CT000002"]["entry_no"]), "--out", str(again)))
    assert paragraphs(again.read_bytes())[:3] == [
        "Sehr geehrte Frau Weber,",
        "Liebe Greta,",
        "Unser Frühjahrsangebot",
    ]


# --- 3. salutations ----------------------------------------------------------------------------


def test_salutations_are_listed_and_bad_formulas_refused(run: Run) -> None:
    listed = ok(run("setup", "salutations", "--json")).json()
    assert [(s["code"], [f["language_code"] for f in s["formulas"]]) for s in listed] == [
        ("FEMALE", ["DEU", "ENG"]),
        ("MALE", ["DEU"]),
    ]
    bad = run("setup", "salutation-formula", "MALE", "ENG", "--formal", "Dear {nam},")
    assert bad.status == 1
    assert bad.err.startswith("segtui: error: unknown placeholder '{nam}'; placeholders are: ")
    used = run("setup", "salutation-delete", "MALE")
    assert (
        used.err
        == "segtui: error: salutation 'MALE' is still used by 1 contacts; nothing deleted\n"
    )
    assert ok(run("setup", "salutations", "--json")).json() == listed


# --- 1. template maintenance -------------------------------------------------------------------


def test_template_edit_show_and_refused_deletes(run: Run) -> None:
    ok(run("template", "edit", "MEMO", "cost=2.5", "ignore_contact_corres_type=yes",
           "send_as_attachment=no", "map.Kunde=contact name"))  # fmt: skip
    shown = ok(run("template", "show", "MEMO", "--json")).json()
    assert (shown["unit_cost"], shown["ignore_contact_corres_type"]) == (2.5, True)
    assert (shown["send_as_attachment"], shown["field_map"]) == (False, {"Kunde": "Contact_Name"})
    assert [(v["language_code"], v["subject"]) for v in shown["languages"]] == [
        ("DAN", "Vores tilbud"),
        ("NLD", "Ons aanbod"),
    ]
    bad = run("template", "edit", "MEMO", "cost=2.5", "flow=sideways")
    assert (bad.status, bad.out) == (1, "")
    assert bad.err == (
        "segtui: error: information_flow 'sideways' is not one of: blank, outbound, inbound\n"
    )
    assert ok(run("template", "show", "MEMO", "--json")).json() == shown

    no = new_segment(run)
    ok(run("segment", "line", no, line_no(run, no, "CT000005"), "template=MEMO"))
    refused = run("template", "delete", "LETTER")
    assert refused.err == (
        "segtui: error: template 'LETTER' is still used by 1 segments, 5 segment lines; "
        "nothing deleted\n"
    )
    refused = run("template", "remove-language", "LETTER", "DEU")
    assert refused.err == (
        "segtui: error: language DEU of template 'LETTER' is still used by 2 segment lines; "
        "nothing removed\n"
    )
    refused = run("template", "remove-language", "MEMO", "NLD")
    assert refused.status == 1 and "is the default of template 'MEMO'" in refused.err

    ok(run("template", "remove-language", "PHONE", "NLD"))
    ok(run("template", "delete", "MEETING"))
    assert [t["code"] for t in ok(run("template", "list", "--json")).json()] == [
        "LETTER",
        "MEMO",
        "PHONE",
    ]
    phone = ok(run("template", "show", "PHONE", "--json")).json()
    assert [v["language_code"] for v in phone["languages"]] == ["DAN"]


# --- 4. header and line template changes ------------------------------------------------------


def test_a_header_template_change_over_lines_needs_a_choice(run: Run) -> None:
    no = new_segment(run)
    before = show(run, no)

    refused = run("segment", "set", no, "template=MEMO")

    assert refused.status == 1
    assert refused.err == (
        f"segtui: error: 6 line(s) of {no} have the segment's template: give --update-lines "
        "to give them the new template or --keep-lines to keep theirs\n"
    )
    assert show(run, no) == before
    ok(run("segment", "set", no, "template=MEMO", "--keep-lines"))
    assert {line["interaction_template_code"] for line in lines(run, no).values()} == {"LETTER"}

    ok(run("segment", "set", no, "template=LETTER", "--keep-lines"))
    assert ok(run("segment", "set", no, "template=MEMO", "--update-lines")).out == (
        "6 line(s) updated\n"
    )
    got = lines(run, no)
    assert {line["interaction_template_code"] for line in got.values()} == {"MEMO"}
    # Now the header's template: the contact's language, else the segment's default (NLD).
    assert (got["CT000005"]["language_code"], got["CT000005"]["subject"]) == (
        "DAN",
        "Vores tilbud",
    )
    assert (got["CT000004"]["language_code"], got["CT000004"]["subject"]) == ("NLD", "Ons aanbod")


def test_a_line_template_change_reinitialises_the_line(run: Run) -> None:
    no = new_segment(run, "--campaign", "CP1")
    anna = line_no(run, no, "CT000004")
    ok(run("segment", "line", no, anna, "cost=9", "corr_type=email", "description=",
           "campaign_target=yes"))  # fmt: skip

    ok(run("segment", "line", no, anna, "template=MEETING"))
    line = lines(run, no)["CT000004"]
    assert line["description"] == "Meeting"  # blank: the template's
    assert (line["unit_cost"], line["correspondence_type"], line["overridden"]) == (
        0.0,
        "email",
        ["interaction_template_code"],
    )
    assert (line["campaign_target"], line["language_code"], line["subject"]) == (False, "", "")

    ok(run("segment", "line", no, anna, "template=PHONE"))
    assert lines(run, no)["CT000004"]["description"] == "Phone call"  # it was the template's

    bo = line_no(run, no, "CT000006")
    ok(run("segment", "line", no, bo, "description=My own words"))
    ok(run("segment", "line", no, bo, "template=MEETING"))
    assert lines(run, no)["CT000006"]["description"] == "My own words"


# --- 5. salesperson, expand companies, campaign flags, reuse, counts, contact details --------


def test_lines_get_the_contacts_salesperson_when_the_segment_has_none(run: Run) -> None:
    without = new_segment(run)
    with_one = new_segment(run, "--salesperson", "AH")

    assert lines(run, without)["CT000002"]["salesperson_code"] == "BC"
    assert lines(run, without)["CT000004"]["salesperson_code"] == ""
    assert {line["salesperson_code"] for line in lines(run, with_one).values()} == {"AH"}


def test_expand_companies_adds_everyone_with_the_same_company_number(run: Run) -> None:
    no = ok(run("segment", "new", "--description", "News")).out.strip()
    ok(run("segment", "add", no, "--filter", "mailing_group.code=NEWS", "--expand-companies"))
    assert sorted(lines(run, no)) == ["CT000001", "CT000002"]  # Greta brings her company

    m.ContactMailingGroup.create(contact="CT000006", mailing_group="NEWS")
    other = ok(run("segment", "new", "--description", "News 2")).out.strip()
    result = ok(
        run("segment", "add", other, "--filter", "mailing_group.code=NEWS", "--expand-companies")
    )
    assert result.out.endswith("0 → 5 lines (+5)\n")
    # Bo brings Acme and his colleague Anna; Jens (no company) is not anyone's colleague.
    assert sorted(lines(run, other)) == ["CT000001", "CT000002", "CT000003", "CT000004", "CT000006"]


def test_campaign_flags_need_a_campaign_and_go_with_it(run: Run) -> None:
    no = new_segment(run)
    before = show(run, no)

    refused = run("segment", "set", no, "campaign_target=yes", "--update-lines")
    assert refused.err == (
        "segtui: error: campaign_target needs a campaign: set campaign_no on the segment first\n"
    )
    refused = run("segment", "line", no, "1", "campaign_response=yes")
    assert refused.err == (
        "segtui: error: campaign_response needs a campaign: set campaign_no on the line first\n"
    )
    assert show(run, no) == before

    ok(run("segment", "set", no, "campaign=CP1", "campaign_target=yes", "--update-lines"))
    assert {line["campaign_target"] for line in lines(run, no).values()} == {True}
    ok(run("segment", "set", no, "campaign=", "--update-lines"))
    header = show(run, no)
    assert (header["campaign_no"], header["campaign_target"]) == ("", False)
    assert {(li["campaign_no"], li["campaign_target"]) for li in lines(run, no).values()} == {
        ("", False)
    }


def test_reuse_segment_keeps_the_entries_campaign(run: Run) -> None:
    logged = new_segment(run, "--campaign", "CP1")
    ok(run("segment", "log", logged, "--no-send"))
    m.Campaign.create(no="CP2", description="Autumn")

    no = ok(run("segment", "new", "--description", "Reuse", "--campaign", "CP2")).out.strip()
    ok(run("segment", "reuse-segment", no, "1"))

    got = lines(run, no)
    assert {line["campaign_no"] for line in got.values()} == {"CP1"}
    assert all("campaign_no" in line["overridden"] for line in got.values())


def test_a_logged_segment_counts_the_entries_not_canceled(run: Run) -> None:
    no = new_segment(run)
    ok(run("segment", "log", no, "--no-send"))
    entries = ok(run("interactions", "list", "--json")).json()

    ok(run("interactions", "cancel", str(entries[0]["entry_no"])))

    assert ok(run("logged", "list", "--json")).json()[0]["no_of_interactions"] == 5
    ok(run("logged", "cancel", "1"))  # a canceled logged segment counts its canceled entries
    assert ok(run("logged", "list", "--json")).json()[0]["no_of_interactions"] == 6


def test_show_json_has_every_header_line_and_entry_field(run: Run) -> None:
    no = new_segment(run)
    header = show(run, no)
    for key in ("information_flow", "initiated_by", "campaign_target", "campaign_response",
                "send_as_attachment", "salesperson_code", "language_code_default"):  # fmt: skip
        assert key in header
    greta = lines(run, no)["CT000002"]
    assert (greta["contact_phone"], greta["contact_mobile"], greta["contact_email"]) == (
        "+49 30 111",
        "+49 170 222",
        "greta@weber.test",
    )
    line_keys = ("language_code", "subject", "salesperson_code", "campaign_no", "campaign_target",
                 "campaign_response", "send_as_attachment", "unit_cost")  # fmt: skip
    for key in line_keys:
        assert key in greta
    ok(run("segment", "log", no, "--no-send"))
    entry = ok(run("interactions", "list", "--json")).json()[0]
    for key in ("language_code", "subject", "salesperson_code", "campaign_no", "cost",
                "duration_min", "interaction_group_code", "send_as_attachment"):  # fmt: skip
        assert key in entry
    assert json.dumps(entry)  # one JSON document, plain values
