"""`segtui setup …` and `segtui contacts show|classify|unclassify|answer` as a user runs them."""

from __future__ import annotations

import datetime as dt

import pytest

from segtui.services.app_session import command_session
from segtui.services.contacts.contacts import create_contact
from segtui.services.setup.campaigns import list_campaigns
from segtui.services.setup.classification import contact_classification
from segtui.services.setup.codes import list_codes
from segtui.services.setup.profiles import list_questions
from segtui.services.setup.salespeople import list_salespeople
from tests.cli.runner import Result, Run, invoke


@pytest.fixture
def run(db_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    """Run `segtui --db <test database> ARGS…` in-process."""
    monkeypatch.setenv("SEGTUI_USER", "tester")

    def run(*args: str) -> Result:
        return invoke(capsys, db_url, *args)

    return run


def fails(result: Result, message: str) -> None:
    """The command failed with exactly one `segtui: error:` line containing `message`."""
    assert result.status == 1, result
    assert result.out == ""
    assert result.err.startswith("segtui: error: ")
    assert result.err.count("\n") == 1
    assert message in result.err


def test_add_and_list_a_salesperson(run: Run, db_url: str) -> None:
    added = run(
        "setup", "add", "salesperson", "AH", "Annette Hill",
        "--email", "annette@example.com", "--phone", "+44 1", "--job-title", "Sales Manager",
    )  # fmt: skip
    assert (added.status, added.out, added.err) == (0, "added salesperson AH\n", "")
    listed = run("setup", "list", "salesperson")
    assert listed.out.splitlines()[0].split() == ["Code", "Name", "Email", "Phone", "Job", "title"]
    assert listed.out.splitlines()[1].split() == [
        "AH", "Annette", "Hill", "annette@example.com", "+44", "1", "Sales", "Manager"
    ]  # fmt: skip
    assert run("setup", "list", "salesperson", "--json").json() == [
        {
            "code": "AH",
            "name": "Annette Hill",
            "email": "annette@example.com",
            "phone": "+44 1",
            "job_title": "Sales Manager",
        }
    ]
    with command_session(db_url):
        assert [p.name for p in list_salespeople()] == ["Annette Hill"]


@pytest.mark.parametrize(
    ("kind", "column"),
    [
        ("territory", "name"),
        ("country", "name"),
        ("language", "name"),
        ("mailing-group", "description"),
        ("industry_group", "description"),
        ("business-relation", "description"),
        ("job_responsibility", "description"),
        ("profile-questionnaire", "description"),
        ("interaction_group", "description"),
    ],
)
def test_add_list_delete_every_code_kind(run: Run, db_url: str, kind: str, column: str) -> None:
    assert run("setup", "add", kind, "B").status == 0
    added = run("setup", "add", kind, "A", "First one")
    what = kind.replace("-", " ").replace("_", " ")
    assert (added.status, added.out) == (0, f"added {what} A\n")
    assert run("setup", "list", kind, "--json").json() == [
        {"code": "A", column: "First one"},
        {"code": "B", column: ""},
    ]
    table = run("setup", "list", kind).out.splitlines()
    assert table[0].split() == ["Code", column.capitalize()]
    assert table[1].split() == ["A", "First", "one"]
    deleted = run("setup", "delete", kind, "B")
    assert (deleted.status, deleted.out) == (0, f"deleted {what} B\n")
    with command_session(db_url):
        assert [(e.code, e.text) for e in list_codes(kind.replace("-", "_"))] == [
            ("A", "First one")
        ]


def test_add_and_list_campaigns(run: Run, db_url: str) -> None:
    added = run(
        "setup", "add", "campaign", "Spring fair", "--from", "2026-03-01", "--to", "2026-05-31"
    )
    assert (added.status, added.out) == (0, "CP00001\n")
    assert run("setup", "add", "campaign", "Autumn", "--no", "AUT26").out == "AUT26\n"
    assert run("setup", "list", "campaign", "--json").json() == [
        {"no": "AUT26", "description": "Autumn", "starting_date": None, "ending_date": None},
        {
            "no": "CP00001",
            "description": "Spring fair",
            "starting_date": "2026-03-01",
            "ending_date": "2026-05-31",
        },
    ]
    table = run("setup", "list", "campaign").out.splitlines()
    assert table[0].split() == ["No", "Description", "Starting", "Ending"]
    assert table[2].split() == ["CP00001", "Spring", "fair", "2026-03-01", "2026-05-31"]
    assert run("setup", "delete", "campaign", "AUT26").out == "deleted campaign AUT26\n"
    with command_session(db_url):
        assert [(c.no, c.starting_date) for c in list_campaigns()] == [
            ("CP00001", dt.date(2026, 3, 1))
        ]


def test_questionnaire_questions_and_answers(run: Run, db_url: str) -> None:
    run("setup", "add", "profile_questionnaire", "CUSTOMER", "Customer profile")
    assert run("setup", "question", "CUSTOMER", "SIZE", "Company size").out == (
        "added question CUSTOMER/SIZE\n"
    )
    assert run("setup", "question", "CUSTOMER", "INTEREST").status == 0
    assert run("setup", "answer", "CUSTOMER", "SIZE", "SMALL", "Under 50").out == (
        "added answer CUSTOMER/SIZE/SMALL\n"
    )
    assert run("setup", "answer", "CUSTOMER", "SIZE", "LARGE").status == 0
    assert run("setup", "questions", "CUSTOMER", "--json").json() == [
        {"questionnaire_code": "CUSTOMER", "code": "INTEREST", "description": "", "answers": []},
        {
            "questionnaire_code": "CUSTOMER",
            "code": "SIZE",
            "description": "Company size",
            "answers": [
                {"code": "LARGE", "description": ""},
                {"code": "SMALL", "description": "Under 50"},
            ],
        },
    ]
    assert [line.split() for line in run("setup", "questions", "CUSTOMER").out.splitlines()] == [
        ["Question", "Answer", "Description"],
        ["INTEREST"],
        ["SIZE", "Company", "size"],
        ["LARGE"],
        ["SMALL", "Under", "50"],
    ]
    fails(run("setup", "answer", "CUSTOMER", "AGE", "OLD"), "CUSTOMER/AGE does not exist")
    fails(run("setup", "question", "NOPE", "SIZE"), "questionnaire 'NOPE' does not exist")
    fails(run("setup", "question", "CUSTOMER", "SIZE"), "CUSTOMER/SIZE already exists")
    fails(run("setup", "questions", "NOPE"), "questionnaire 'NOPE' does not exist")
    with command_session(db_url):
        assert [len(q.answers) for q in list_questions("CUSTOMER")] == [0, 2]


def test_bad_setup_input_is_one_line_and_changes_nothing(run: Run, db_url: str) -> None:
    run("setup", "add", "mailing_group", "NEWS", "Newsletter")
    fails(run("setup", "add", "colour", "RED"), "unknown kind 'colour'; kinds are: salesperson")
    fails(run("setup", "list", "colour"), "kinds are: salesperson, territory")
    fails(run("setup", "delete", "colour", "RED"), ", campaign")
    fails(
        run("setup", "add", "mailing-group", "NEWS", "Other"), "mailing group 'NEWS' already exists"
    )
    fails(run("setup", "add", "territory", "LON", "--email", "x@y"), "--email is only for a salesp")
    fails(run("setup", "add", "territory", "LON", "--from", "2026-01-01"), "--from is only for a c")
    fails(run("setup", "add", "campaign", "Fair", "extra"), "give its number with --no")
    fails(
        run("setup", "add", "campaign", "Backwards", "--from", "2026-03-01", "--to", "2026-01-01"),
        "ending date 2026-01-01 is before its starting date",
    )
    fails(run("setup", "delete", "territory", "LON"), "territory 'LON' does not exist")
    with command_session(db_url):
        contact = create_contact({"name": "Acme"})
    assert run("contacts", "classify", contact.no, "mailing-group", "NEWS").status == 0
    fails(
        run("setup", "delete", "mailing_group", "NEWS"),
        "mailing group 'NEWS' is still used by 1 contacts; nothing deleted",
    )
    usage = run("setup", "add", "campaign", "Fair", "--from", "someday")
    assert (usage.status, usage.out) == (2, "")
    assert usage.err == "segtui: error: argument --from: invalid date value: 'someday'\n"
    with command_session(db_url):
        assert [(e.code, e.text) for e in list_codes("mailing_group")] == [("NEWS", "Newsletter")]
        assert list_codes("territory") == []
        assert list_campaigns() == []
        assert contact_classification(contact.no).mailing_groups == ("NEWS",)


def test_classify_answer_and_show_a_contact(run: Run, db_url: str) -> None:
    for kind, code in (
        ("mailing_group", "NEWS"),
        ("industry_group", "IT"),
        ("job_responsibility", "BUY"),
    ):
        run("setup", "add", kind, code)
    run("setup", "add", "profile_questionnaire", "CUSTOMER")
    run("setup", "question", "CUSTOMER", "SIZE")
    run("setup", "answer", "CUSTOMER", "SIZE", "SMALL")
    with command_session(db_url):
        acme = create_contact({"name": "Acme", "city": "London"})
        anna = create_contact({"name": "Anna", "type": "person", "company_no": acme.no})

    classified = run("contacts", "classify", acme.no, "industry-group", "IT")
    assert (classified.status, classified.out) == (0, f"{acme.no} is in industry group IT\n")
    assert run("contacts", "classify", acme.no, "mailing_group", "NEWS").status == 0
    answered = run("contacts", "answer", acme.no, "CUSTOMER", "SIZE", "SMALL")
    assert (answered.status, answered.out) == (0, f"{acme.no} answered CUSTOMER/SIZE/SMALL\n")

    shown = run("contacts", "show", acme.no, "--json").json()
    assert shown["no"] == acme.no
    assert (shown["name"], shown["city"], shown["type"]) == ("Acme", "London", "company")
    assert shown["mailing_groups"] == ["NEWS"]
    assert shown["industry_groups"] == ["IT"]
    assert shown["business_relations"] == []
    assert shown["job_responsibilities"] == []
    assert shown["profile_answers"] == ["CUSTOMER/SIZE/SMALL"]
    text = run("contacts", "show", acme.no).out.splitlines()
    assert ["name", "Acme"] in [line.split() for line in text]
    assert ["industry_groups", "IT"] in [line.split() for line in text]
    assert ["profile_answers", "CUSTOMER/SIZE/SMALL"] in [line.split() for line in text]

    unclassified = run("contacts", "unclassify", acme.no, "mailing-group", "NEWS")
    assert (unclassified.status, unclassified.out) == (
        0,
        f"{acme.no} is not in mailing group NEWS\n",
    )
    removed = run("contacts", "answer", acme.no, "CUSTOMER", "SIZE", "SMALL", "--remove")
    assert (removed.status, removed.out) == (0, f"{acme.no} has no answer CUSTOMER/SIZE/SMALL\n")
    with command_session(db_url):
        codes = contact_classification(acme.no)
    assert (codes.mailing_groups, codes.industry_groups, codes.profile_answers) == ((), ("IT",), ())

    # Wrong input: one line, exit 1, nothing changed.
    fails(run("contacts", "classify", "CT404", "mailing_group", "NEWS"), "contact 'CT404' does not")
    fails(run("contacts", "unclassify", "CT404", "mailing_group", "NEWS"), "contact 'CT404' does n")
    fails(run("contacts", "show", "CT404"), "contact 'CT404' does not exist")
    fails(run("contacts", "classify", anna.no, "industry_group", "IT"), "is for company contacts")
    fails(run("contacts", "classify", acme.no, "colour", "RED"), "unknown classification 'colour'")
    fails(run("contacts", "classify", acme.no, "mailing_group", "NOPE"), "'NOPE' does not exist")
    fails(run("contacts", "answer", acme.no, "CUSTOMER", "SIZE", "HUGE"), "has no answer 'HUGE'")
    fails(run("contacts", "answer", "CT404", "CUSTOMER", "SIZE", "SMALL"), "'CT404' does not")
    fails(run("contacts", "answer", "CT404", "CUSTOMER", "SIZE", "SMALL", "--remove"), "'CT404'")
    fails(run("contacts", "answer", acme.no, "NOPE", "SIZE", "SMALL", "--remove"), "'NOPE' does")
    with command_session(db_url):
        assert contact_classification(acme.no) == codes
        assert contact_classification(anna.no).industry_groups == ()


def test_edit_changes_text_details_and_dates_not_the_code(run: Run, db_url: str) -> None:
    assert run("setup", "add", "territory", "NORTH", "North").status == 0
    run("setup", "add", "salesperson", "ZZ", "Zoe Zed", "--email", "zoe@example.com")
    run("setup", "add", "campaign", "Spring", "--no", "CP-X", "--from", "2026-03-01")

    edited = run("setup", "edit", "territory", "north", "Northern region")
    assert (edited.status, edited.out, edited.err) == (0, "edited territory NORTH\n", "")
    person = run("setup", "edit", "salesperson", "ZZ", "--phone", "+44 2", "--job-title", "Boss")
    assert (person.status, person.out) == (0, "edited salesperson ZZ\n")
    campaign = run("setup", "edit", "campaign", "CP-X", "Spring sale", "--to", "2026-05-31")
    assert (campaign.status, campaign.out) == (0, "edited campaign CP-X\n")
    with command_session(db_url):
        assert ("NORTH", "Northern region") in [(e.code, e.text) for e in list_codes("territory")]
        zoe = next(p for p in list_salespeople() if p.code == "ZZ")
        assert (zoe.name, zoe.email, zoe.phone, zoe.job_title) == (
            "Zoe Zed", "zoe@example.com", "+44 2", "Boss"
        )  # fmt: skip
        spring = next(c for c in list_campaigns() if c.no == "CP-X")
        assert (spring.description, spring.starting_date, spring.ending_date) == (
            "Spring sale", dt.date(2026, 3, 1), dt.date(2026, 5, 31)
        )  # fmt: skip
        before = (list_codes("territory"), list_salespeople(), list_campaigns())

    # Wrong input: one line, exit 1, nothing changed.
    fails(run("setup", "edit", "territory", "SOUTH", "South"), "territory 'SOUTH' does not exist")
    fails(run("setup", "edit", "colour", "RED", "Red"), "unknown kind 'colour'")
    fails(run("setup", "edit", "territory", "NORTH", "x", "--email", "a@b"), "--email is only for")
    fails(run("setup", "edit", "salesperson", "ZZ", "--to", "2026-01-01"), "--to is only for a c")
    fails(run("setup", "edit", "campaign", "CP-X", "--from", "2026-06-01"), "is before its start")
    fails(run("setup", "edit", "territory", "NORTH"), "nothing to change")
    fails(run("setup", "edit", "territory", "NORTH", "x" * 500), "longer than")
    with command_session(db_url):
        assert (list_codes("territory"), list_salespeople(), list_campaigns()) == before
