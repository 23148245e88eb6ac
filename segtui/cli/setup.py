"""`segtui setup list|add|edit|delete|question|answer|questions` (additions beyond SPEC §5).

Every verb takes the kind as a plain word, checked by the services rather than by argparse,
so an unknown kind is a one-line error with exit status 1 that names the kinds.
"""

from __future__ import annotations

import argparse
from typing import Any

from segtui.cli.arguments import date_argument
from segtui.cli.output import print_json, print_table
from segtui.domain.errors import InvalidInput
from segtui.domain.setup import SetupKind
from segtui.services.setup.campaigns import create_campaign, edit_campaign, list_campaigns
from segtui.services.setup.codes import create_code, delete_code, edit_code, list_codes
from segtui.services.setup.profiles import create_answer, create_question, list_questions
from segtui.services.setup.salespeople import create_salesperson, edit_salesperson, list_salespeople
from segtui.services.setup.salutations import (
    delete_salutation,
    list_salutations,
    remove_formula,
    save_salutation,
    set_formula,
)
from segtui.services.setup.tables import CODE_TABLES

_KINDS = list(SetupKind)
KINDS_HELP = f"{', '.join(_KINDS[:-1])} or {_KINDS[-1]} (dashes work too: mailing-group)"


def kind_name(text: str) -> str:
    """A kind as the services name it: `mailing-group` and `Mailing_Group` are `mailing_group`."""
    return text.strip().lower().replace("-", "_")


def _kind(text: str) -> SetupKind:
    """A kind the setup verbs take (`mailing-group` too), or an error naming every one."""
    return SetupKind.parse(text)


def _list(args: argparse.Namespace) -> int:
    """Print the codes of one kind as a table or as JSON."""

    kind = _kind(args.kind)
    if kind == "salesperson":
        people = list_salespeople()
        if args.json:
            print_json(people)
        else:
            print_table(
                ("Code", "Name", "Email", "Phone", "Job title"),
                ((p.code, p.name, p.email, p.phone, p.job_title) for p in people),
            )
        return 0
    if kind == "campaign":
        campaigns = list_campaigns()
        if args.json:
            print_json(campaigns)
        else:
            print_table(
                ("No", "Description", "Starting", "Ending"),
                ((c.no, c.description, c.starting_date, c.ending_date) for c in campaigns),
            )
        return 0
    entries = list_codes(kind)
    column = CODE_TABLES[kind][1]
    if args.json:
        print_json([{"code": e.code, column: e.text} for e in entries])
    else:
        print_table(("Code", column.capitalize()), ((e.code, e.text) for e in entries))
    return 0


def _refuse_other_options(args: argparse.Namespace, kind: str, campaign: dict[str, Any]) -> None:
    """Refuse options that belong to another kind: they would be silently lost."""
    what = SetupKind(kind).singular
    person = {"--email": args.email, "--phone": args.phone, "--job-title": args.job_title}
    campaign = {**campaign, "--from": args.starting_date, "--to": args.ending_date}
    for option, value in (person if kind != "salesperson" else {}).items():
        if value is not None:
            raise InvalidInput(f"{option} is only for a salesperson, not a {what}")
    for option, value in (campaign if kind != "campaign" else {}).items():
        if value is not None:
            raise InvalidInput(f"{option} is only for a campaign, not a {what}")


def _add(args: argparse.Namespace) -> int:
    """Add a code of one kind; for a campaign print its (new) number."""

    kind = _kind(args.kind)
    what = SetupKind(kind).singular
    _refuse_other_options(args, kind, {"--no": args.no})
    if kind == "campaign":
        if args.text is not None:
            raise InvalidInput("a campaign takes only its DESCRIPTION; give its number with --no")
        created = create_campaign(args.code, args.starting_date, args.ending_date, no=args.no)
        print(created.no)
        return 0
    if kind == "salesperson":
        create_salesperson(
            args.code, args.text or "", args.email or "", args.phone or "", args.job_title or ""
        )
    else:
        create_code(kind, args.code, args.text or "")
    print(f"added {what} {args.code.strip()}")
    return 0


def _edit(args: argparse.Namespace) -> int:
    """Change a code's name/description (a salesperson's details, a campaign's dates too);
    the code itself stays."""

    kind = _kind(args.kind)
    what = SetupKind(kind).singular
    _refuse_other_options(args, kind, {})
    given = (args.text, args.email, args.phone, args.job_title)
    if all(value is None for value in (*given, args.starting_date, args.ending_date)):
        raise InvalidInput(f"nothing to change: give the {what}'s new TEXT or an option")
    if kind == "campaign":
        edit_campaign(
            args.code,
            description=args.text,
            starting_date=args.starting_date,
            ending_date=args.ending_date,
        )
    elif kind == "salesperson":
        edit_salesperson(
            args.code, name=args.text, email=args.email, phone=args.phone, job_title=args.job_title
        )
    else:
        edit_code(kind, args.code, args.text)
    print(f"edited {what} {args.code.strip().upper()}")
    return 0


def _delete(args: argparse.Namespace) -> int:
    """Delete a code nothing uses any more."""

    kind = _kind(args.kind)
    delete_code(kind, args.code)
    print(f"deleted {kind.replace('_', ' ')} {args.code.strip()}")
    return 0


def _question(args: argparse.Namespace) -> int:
    """Add a question to a profile questionnaire."""

    create_question(args.questionnaire, args.code, args.description or "")
    print(f"added question {args.questionnaire}/{args.code.strip()}")
    return 0


def _answer(args: argparse.Namespace) -> int:
    """Add a possible answer to a profile question."""

    create_answer(args.questionnaire, args.question, args.code, args.description or "")
    print(f"added answer {args.questionnaire}/{args.question}/{args.code.strip()}")
    return 0


def _questions(args: argparse.Namespace) -> int:
    """Print a questionnaire's questions, each followed by its answers."""

    questions = list_questions(args.questionnaire)
    if args.json:
        print_json(
            [
                {
                    "questionnaire_code": q.questionnaire_code,
                    "code": q.code,
                    "description": q.description,
                    "answers": [{"code": a.code, "description": a.text} for a in q.answers],
                }
                for q in questions
            ]
        )
        return 0
    rows: list[tuple[str, str, str]] = []
    for q in questions:
        rows.append((q.code, "", q.description))
        rows.extend(("", a.code, a.text) for a in q.answers)
    print_table(("Question", "Answer", "Description"), rows)
    return 0


def _salutation(args: argparse.Namespace) -> int:
    """Create a salutation code or change its description."""

    view = save_salutation(args.code, args.description)
    print(f"salutation {view.code}: {view.description or '(no description)'}")
    return 0


def _salutation_formula(args: argparse.Namespace) -> int:
    """Set a salutation code's formal/informal formula in a language."""

    view = set_formula(args.code, args.language, formal=args.formal, informal=args.informal)
    language = args.language.strip().upper()
    formula = next(f for f in view.formulas if f.language_code == language)
    print(f"{view.code} {language or '(any language)'}: {formula.formal} | {formula.informal}")
    return 0


def _salutations(args: argparse.Namespace) -> int:
    """Print every salutation code with its formulas per language."""

    views = list_salutations()
    if args.json:
        print_json(views)
        return 0
    print_table(
        ("Code", "Description", "Language", "Formal", "Informal"),
        (
            (v.code, v.description, f.language_code, f.formal, f.informal)
            for v in views
            for f in (v.formulas or (None,))
            if f is not None
        ),
    )
    empty = [v.code for v in views if not v.formulas]
    if empty:
        print(f"without formulas (English greetings): {', '.join(empty)}")
    return 0


def _salutation_delete(args: argparse.Namespace) -> int:
    """Delete a salutation code, or only its formula in one language."""

    if args.language is not None:
        remove_formula(args.code, args.language)
        print(f"removed the {args.language.strip().upper() or 'blank'} formulas of {args.code}")
    else:
        delete_salutation(args.code)
        print(f"deleted salutation {args.code.strip().upper()}")
    return 0


def _register_salutations(verbs: Any) -> None:
    """Add the salutation verbs (additions beyond SPEC §5; see the README)."""
    salutation = verbs.add_parser(
        "salutation", help="create a salutation code or change its description"
    )
    salutation.add_argument("code", metavar="CODE")
    salutation.add_argument("description", metavar="DESCRIPTION", nargs="?")
    salutation.set_defaults(handler=_salutation)

    formula = verbs.add_parser(
        "salutation-formula",
        help="set a salutation's formulas in a language, e.g. --formal 'Dear {title} {surname},'",
    )
    formula.add_argument("code", metavar="CODE")
    formula.add_argument("language", metavar="LANGUAGE", help="language code ('' for any)")
    formula.add_argument("--formal", metavar="F", help="the Formal_Salutation formula")
    formula.add_argument("--informal", metavar="I", help="the Informal_Salutation formula")
    formula.set_defaults(handler=_salutation_formula)

    listing = verbs.add_parser("salutations", help="list salutation codes and their formulas")
    listing.add_argument("--json", action="store_true", help="print one JSON document")
    listing.set_defaults(handler=_salutations)

    delete = verbs.add_parser(
        "salutation-delete", help="delete a salutation (or, with --language, one formula)"
    )
    delete.add_argument("code", metavar="CODE")
    delete.add_argument("--language", metavar="L", help="remove only this language's formulas")
    delete.set_defaults(handler=_salutation_delete)


def register(commands: Any) -> None:
    """Add `setup` and its verbs to the command line."""
    setup = commands.add_parser(
        "setup", help="code tables, salespeople, campaigns and profile questionnaires"
    )
    verbs = setup.add_subparsers(dest="verb", metavar="VERB")

    listing = verbs.add_parser("list", help="list the codes of one kind")
    listing.add_argument("kind", metavar="KIND", help=KINDS_HELP)
    listing.add_argument("--json", action="store_true", help="print one JSON document")
    listing.set_defaults(handler=_list)

    add = verbs.add_parser(
        "add",
        help="add a code: KIND CODE [TEXT], or campaign DESCRIPTION (prints its number)",
    )
    add.add_argument("kind", metavar="KIND", help=KINDS_HELP)
    add.add_argument("code", metavar="CODE", help="the new code (a campaign's DESCRIPTION)")
    add.add_argument("text", metavar="TEXT", nargs="?", help="its name or description")
    person = add.add_argument_group("salesperson")
    person.add_argument("--email")
    person.add_argument("--phone")
    person.add_argument("--job-title", dest="job_title")
    campaign = add.add_argument_group("campaign")
    campaign.add_argument("--no", metavar="NO", help="the number (default: the next CP number)")
    campaign.add_argument("--from", dest="starting_date", type=date_argument, metavar="YYYY-MM-DD")
    campaign.add_argument("--to", dest="ending_date", type=date_argument, metavar="YYYY-MM-DD")
    add.set_defaults(handler=_add)

    edit = verbs.add_parser(
        "edit", help="change a code's name or description (and details); the code stays"
    )
    edit.add_argument("kind", metavar="KIND", help=KINDS_HELP)
    edit.add_argument("code", metavar="CODE", help="the code (a campaign's number)")
    edit.add_argument("text", metavar="TEXT", nargs="?", help="the new name or description")
    person = edit.add_argument_group("salesperson")
    person.add_argument("--email")
    person.add_argument("--phone")
    person.add_argument("--job-title", dest="job_title")
    campaign = edit.add_argument_group("campaign")
    campaign.add_argument("--from", dest="starting_date", type=date_argument, metavar="YYYY-MM-DD")
    campaign.add_argument("--to", dest="ending_date", type=date_argument, metavar="YYYY-MM-DD")
    edit.set_defaults(handler=_edit)

    delete = verbs.add_parser("delete", help="delete a code (refused while anything uses it)")
    delete.add_argument("kind", metavar="KIND", help=KINDS_HELP)
    delete.add_argument("code", metavar="CODE", help="the code (a campaign's number)")
    delete.set_defaults(handler=_delete)

    question = verbs.add_parser("question", help="add a question to a profile questionnaire")
    question.add_argument("questionnaire", metavar="QUESTIONNAIRE")
    question.add_argument("code", metavar="CODE")
    question.add_argument("description", metavar="DESCRIPTION", nargs="?")
    question.set_defaults(handler=_question)

    answer = verbs.add_parser("answer", help="add a possible answer to a profile question")
    answer.add_argument("questionnaire", metavar="QUESTIONNAIRE")
    answer.add_argument("question", metavar="QUESTION")
    answer.add_argument("code", metavar="CODE")
    answer.add_argument("description", metavar="DESCRIPTION", nargs="?")
    answer.set_defaults(handler=_answer)

    questions = verbs.add_parser("questions", help="list a questionnaire's questions and answers")
    questions.add_argument("questionnaire", metavar="QUESTIONNAIRE")
    questions.add_argument("--json", action="store_true", help="print one JSON document")
    questions.set_defaults(handler=_questions)

    _register_salutations(verbs)
