"""`segtui segment …`: build, edit, undo and log open segments from the shell."""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from segtui.cli.arguments import entry_number, line_number
from segtui.cli.output import print_json, print_table
from segtui.cli.segment_log import add_log_command
from segtui.cli.segment_merge import add_merge_command
from segtui.domain.criteria import CriteriaOptions
from segtui.domain.errors import InvalidInput, Refused
from segtui.domain.segments import CriteriaActionView, SegmentLine
from segtui.paths import read_edited_text
from segtui.services.segments import criteria, saved_criteria, segments

PAGE = 1000


def register(commands: Any) -> None:
    """Add `segment` and its verbs to the command line."""
    parser = commands.add_parser("segment", help="build, edit and log segments")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB")

    new = verbs.add_parser("new", help="create a segment; prints its number")
    new.add_argument("--description", required=True)
    new.add_argument("--template", help="interaction template code")
    new.add_argument("--subject")
    new.add_argument("--corr-type", choices=["email", "hard_copy"])
    new.add_argument("--salesperson")
    new.add_argument("--campaign")
    new.add_argument("--date", help="YYYY-MM-DD (default today)")
    new.set_defaults(handler=_new)

    listing = verbs.add_parser("list", help="open segments")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_list)

    show = verbs.add_parser("show", help="header, lines and criteria log")
    show.add_argument("no")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_show)

    setter = verbs.add_parser("set", help="change header fields")
    setter.add_argument("no")
    setter.add_argument("assignments", nargs="+", metavar="FIELD=VALUE")
    follow = setter.add_mutually_exclusive_group()
    follow.add_argument(
        "--update-lines", action="store_true", help="also update lines that follow the header"
    )
    follow.add_argument(
        "--keep-lines",
        action="store_true",
        help="leave the lines as they are (needed, or --update-lines, to change the template)",
    )
    setter.set_defaults(handler=_set)

    add = verbs.add_parser("add", help="Add Contacts by filters, or contacts by number")
    add.add_argument("no")
    add.add_argument("--contact", action="append", default=[], metavar="CT")
    add.add_argument("--filter", action="append", default=[], metavar="F")
    for option in (
        "allow-existing",
        "expand-companies",
        "allow-related-companies",
        "ignore-exclusion",
    ):
        add.add_argument(f"--{option}", action="store_true")
    add.set_defaults(handler=_add)

    for verb, handler, text in (
        ("reduce", _reduce, "Reduce Contacts: remove matching lines"),
        ("refine", _refine, "Refine Contacts: keep only matching lines"),
    ):
        narrow = verbs.add_parser(verb, help=text)
        narrow.add_argument("no")
        narrow.add_argument("--filter", action="append", required=True, metavar="F")
        narrow.add_argument("--entire-companies", action="store_true")
        narrow.set_defaults(handler=handler)

    remove = verbs.add_parser("remove", help="remove a line or a contact's lines")
    remove.add_argument("no")
    which = remove.add_mutually_exclusive_group(required=True)
    which.add_argument("--line", type=line_number)
    which.add_argument("--contact")
    remove.set_defaults(handler=_remove)

    line = verbs.add_parser("line", help="override fields of one line")
    line.add_argument("no")
    line.add_argument("line_no", type=line_number)
    line.add_argument("assignments", nargs="+", metavar="FIELD=VALUE")
    line.set_defaults(handler=_line)

    comment = verbs.add_parser("comment", help="set a contact's individualised comment")
    comment.add_argument("no")
    comment.add_argument("contact")
    text = comment.add_mutually_exclusive_group(required=True)
    text.add_argument("text", nargs="?")
    text.add_argument("--edit", action="store_true", help="write it in $EDITOR")
    comment.set_defaults(handler=_comment)

    for verb, handler, help_text in (
        ("go-back", _go_back, "undo the last criteria action"),
        ("redo", _redo, "re-apply the last undone action"),
        ("delete", _delete, "delete the segment with its lines and criteria"),
    ):
        simple = verbs.add_parser(verb, help=help_text)
        simple.add_argument("no")
        simple.set_defaults(handler=handler)

    save = verbs.add_parser("save-criteria", help="save the add/reduce/refine steps")
    save.add_argument("no")
    save.add_argument("code")
    save.add_argument("--description", default="")
    save.set_defaults(handler=_save_criteria)

    reuse = verbs.add_parser("reuse-criteria", help="replay saved criteria")
    reuse.add_argument("no")
    reuse.add_argument("code")
    reuse.set_defaults(handler=_reuse_criteria)

    reuse_segment = verbs.add_parser("reuse-segment", help="add a logged segment's contacts")
    reuse_segment.add_argument("no")
    reuse_segment.add_argument("logged_entry_no", type=entry_number)
    reuse_segment.add_argument("--allow-existing", action="store_true")
    reuse_segment.set_defaults(handler=_reuse_segment)

    add_log_command(verbs)
    add_merge_command(verbs)


def _report(action: CriteriaActionView) -> None:
    """One line saying what an action did."""
    change = action.count_after - action.count_before
    print(f"{action.summary}: {action.count_before} → {action.count_after} lines ({change:+d})")


def _new(args: argparse.Namespace) -> None:
    print(
        segments.create_segment(
            args.description,
            template=args.template,
            subject=args.subject,
            correspondence_type=args.corr_type,
            salesperson=args.salesperson,
            campaign=args.campaign,
            date=args.date,
        )
    )


def _list(args: argparse.Namespace) -> None:
    rows = segments.list_segments()
    if args.json:
        print_json(
            [{"no": s.no, "description": s.description, "no_of_lines": s.no_of_lines} for s in rows]
        )
    else:
        print_table(
            ["No.", "Description", "Lines"], [(s.no, s.description, s.no_of_lines) for s in rows]
        )


def _line_json(line: SegmentLine) -> dict[str, Any]:
    """A line in the JSON shape of SPEC §5, with every other field of the line too."""
    return {
        "line_no": line.line_no,
        "contact_no": line.contact_no,
        "contact_name": line.contact_name,
        "correspondence_type": line.correspondence_type,
        "description": line.description,
        "comment": line.comment,
        "interaction_template_code": line.interaction_template_code,
        "subject": line.subject,
        "language_code": line.language_code,
        "overridden": list(line.overridden),
        "contact_company_no": line.contact_company_no,
        "contact_phone": line.contact_phone,
        "contact_mobile": line.contact_mobile,
        "contact_email": line.contact_email,
        "salesperson_code": line.salesperson_code,
        "date": line.date.isoformat() if line.date else None,
        "information_flow": line.information_flow,
        "initiated_by": line.initiated_by,
        "unit_cost": float(line.unit_cost),
        "unit_duration_min": float(line.unit_duration_min),
        "campaign_no": line.campaign_no,
        "campaign_target": line.campaign_target,
        "campaign_response": line.campaign_response,
        "send_as_attachment": line.send_as_attachment,
        "has_unique_document": line.has_unique_document,
        "version": line.version,
    }


def _all_lines(no: str) -> Any:
    """Every line of a segment, a page at a time (memory stays flat on big segments)."""
    after = 0
    while True:
        page = segments.list_lines(no, after_line_no=after, limit=PAGE)
        yield from page
        if len(page) < PAGE:
            return
        after = page[-1].line_no


def _show(args: argparse.Namespace) -> None:
    header = segments.get_header(args.no)
    actions = criteria.criteria_log(header.no)
    if args.json:
        document = {
            "no": header.no,
            "description": header.description,
            "date": header.date.isoformat() if header.date else None,
            "interaction_template_code": header.interaction_template_code,
            "correspondence_type_default": header.correspondence_type_default,
            "subject_default": header.subject_default,
            "language_code_default": header.language_code_default,
            "salesperson_code": header.salesperson_code,
            "campaign_no": header.campaign_no,
            "ignore_contact_corres_type": header.ignore_contact_corres_type,
            "unit_cost": float(header.unit_cost),
            "unit_duration_min": float(header.unit_duration_min),
            "information_flow": header.information_flow,
            "initiated_by": header.initiated_by,
            "campaign_target": header.campaign_target,
            "campaign_response": header.campaign_response,
            "send_as_attachment": header.send_as_attachment,
            "created_by": header.created_by,
            "total_cost": float(header.total_cost),
            "total_duration_min": float(header.total_duration_min),
            "no_of_lines": header.no_of_lines,
            "no_of_criteria_actions": header.no_of_criteria_actions,
            "version": header.version,
            "criteria": [
                {
                    "action_no": a.action_no,
                    "kind": a.kind,
                    "filters": list(a.filters),
                    "options": a.options,
                    "count_before": a.count_before,
                    "count_after": a.count_after,
                    "undone": a.undone,
                }
                for a in actions
            ],
        }
        # The lines are streamed into the document so a 100 000-line segment is never
        # held in memory at once.
        head = json.dumps(document, ensure_ascii=False)[:-1]
        sys.stdout.write(head + ', "lines": [')
        for i, line in enumerate(_all_lines(header.no)):
            sys.stdout.write(
                ("," if i else "") + "\n" + json.dumps(_line_json(line), ensure_ascii=False)
            )
        sys.stdout.write("\n]}\n")
        return
    print(f"{header.no}  {header.description}")
    print(
        f"Template {header.interaction_template_code or '-'}  "
        f"Corr. {header.correspondence_type_default or '-'}  "
        f"Subject {header.subject_default or '-'}  Date {header.date or '-'}  "
        f"Lines {header.no_of_lines}"
    )
    print()
    print_table(
        ["Line", "Contact", "Name", "Corr.", "Description", "Comment"],
        (
            (
                line.line_no,
                line.contact_no,
                line.contact_name,
                line.correspondence_type,
                line.description,
                line.comment.replace("\n", " ⏎ "),
            )
            for line in _all_lines(header.no)
        ),
    )
    if actions:
        print()
        print_table(
            ["Step", "Action", "Before", "After"],
            (
                (
                    a.action_no,
                    a.summary + (" (undone)" if a.undone else ""),
                    a.count_before,
                    a.count_after,
                )
                for a in actions
            ),
        )


def _set(args: argparse.Namespace) -> None:
    if not (args.update_lines or args.keep_lines):
        following = segments.lines_following_template_change(args.no, args.assignments)
        if following:
            raise Refused(
                f"{following} line(s) of {args.no.strip().upper()} have the segment's template: "
                "give --update-lines to give them the new template or --keep-lines to keep theirs"
            )
    updated = segments.set_header(args.no, args.assignments, update_lines=args.update_lines)
    if args.update_lines:
        print(f"{updated} line(s) updated")


def _add(args: argparse.Namespace) -> None:
    if args.contact and args.filter:
        raise InvalidInput("use either --contact or --filter, not both")
    if args.contact:
        _report(criteria.add_manual(args.no, args.contact))
        return
    if not args.filter:
        raise InvalidInput("give --filter F (or --contact CT); `--filter contact.no=*` adds all")
    options = CriteriaOptions(
        allow_existing=args.allow_existing,
        expand_companies=args.expand_companies,
        allow_related_companies=args.allow_related_companies,
        ignore_exclusion=args.ignore_exclusion,
    )
    _report(criteria.add_contacts(args.no, criteria.parse_filters(args.filter), options))


def _reduce(args: argparse.Namespace) -> None:
    filters = criteria.parse_filters(args.filter)
    _report(criteria.reduce_contacts(args.no, filters, entire_companies=args.entire_companies))


def _refine(args: argparse.Namespace) -> None:
    filters = criteria.parse_filters(args.filter)
    _report(criteria.refine_contacts(args.no, filters, entire_companies=args.entire_companies))


def _remove(args: argparse.Namespace) -> None:
    if args.line is not None:
        _report(criteria.remove_lines(args.no, line_nos=[args.line]))
    else:
        _report(criteria.remove_lines(args.no, contact_no=args.contact))


def _line(args: argparse.Namespace) -> None:
    line = segments.set_line(args.no, args.line_no, args.assignments)
    print(f"line {line.line_no} ({line.contact_no}) overrides: {', '.join(line.overridden)}")


def _edit_in_editor(initial: str) -> str:
    """Let the user write text in $VISUAL/$EDITOR (run without a shell) and return it."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        command = shlex.split(editor)
    except ValueError as exc:  # an unbalanced quote
        raise InvalidInput(f"cannot read $EDITOR {editor!r}: {exc}") from None
    if not command:
        raise InvalidInput("$EDITOR is blank; set it to your editor")
    with tempfile.TemporaryDirectory(prefix="segtui-") as folder:
        path = Path(folder) / "comment.txt"
        path.write_text(initial, encoding="utf-8")
        try:
            result = subprocess.run([*command, str(path)], check=False)
        except (FileNotFoundError, PermissionError):
            raise InvalidInput(f"editor {editor!r} was not found; set $EDITOR") from None
        if result.returncode != 0:
            raise InvalidInput(
                f"editor {editor!r} exited with status {result.returncode}; comment unchanged"
            )
        return read_edited_text(path)


def _comment(args: argparse.Namespace) -> None:
    shown_version = None
    if args.edit:
        # The version the editor starts from: if anyone changes the segment while the
        # editor is open (another user's comment, say), saving is refused, not overwritten.
        shown_version = segments.get_header(args.no).version
        current = ""
        for line in _all_lines(args.no):
            if line.contact_no == args.contact.strip().upper():
                current = line.comment
                break
        text = _edit_in_editor(current)
    else:
        text = args.text
    count = segments.set_comment(
        args.no, text, contact_no=args.contact, shown_version=shown_version
    )
    print(f"comment set on {count} line(s)")


def _go_back(args: argparse.Namespace) -> None:
    action = criteria.go_back(args.no)
    print(f"went back from step {action.action_no} ({action.summary}); {action.count_before} lines")


def _redo(args: argparse.Namespace) -> None:
    _report(criteria.redo(args.no))


def _delete(args: argparse.Namespace) -> None:
    header = segments.get_header(args.no)
    segments.delete_segment(header.no)
    print(f"deleted {header.no} ({header.no_of_lines} lines)")


def _save_criteria(args: argparse.Namespace) -> None:
    saved = saved_criteria.save_criteria(args.no, args.code, args.description)
    print(f"saved {len(saved.steps)} step(s) as {saved.code}")


def _reuse_criteria(args: argparse.Namespace) -> None:
    for action in saved_criteria.reuse_criteria(args.no, args.code):
        _report(action)


def _reuse_segment(args: argparse.Namespace) -> None:
    _report(
        criteria.reuse_segment(args.no, args.logged_entry_no, allow_existing=args.allow_existing)
    )
