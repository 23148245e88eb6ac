"""The dry run predicts delivery (issue 11): `segment log --dry-run` tries what delivery
would do — renders each template × language in use, checks the output folder, connects
and logs in to the SMTP server (a real one on loopback; nothing is sent) — and exits 1
listing every problem, before anything is logged.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from segtui.db import models as m
from segtui.db.database import open_database
from tests.cli.test_delivery_cli import run
from tests.docs.docs_helpers import add_simple_field, build
from tests.services.factories import make_contact, make_segment
from tests.services.letters_helpers import (
    LETTER,
    free_port,
    smtp_server,
    store_template,
    write_settings,
)


def _segment(db_path: Path, template: bytes = LETTER, *, languages: tuple[str, ...] = ()) -> None:
    """SEG00001: CT000001 by hard copy, CT000002 by email, on template LETTER."""
    with open_database(str(db_path)):
        store_template("LETTER", template)
        make_contact("CT000001", name="Acme Ltd")
        make_contact("CT000002", name="Bo Jensen", email="bo@example.test")
        make_segment(
            "SEG00001",
            lines=[
                {"contact_no": "CT000001", "correspondence_type": "hard_copy"},
                {"contact_no": "CT000002", "correspondence_type": "email"},
            ],
        )
        for language in languages:
            m.Language.get_or_create(code=language, defaults={"name": language})
            m.SegmentLine.update(language_code=language).where(
                m.SegmentLine.contact_no == "CT000002"
            ).execute()


def _line_on_a_template_without_documents(db_path: Path) -> None:
    """Line 3 (CT000003, hard copy) on MEMO, a template with no document in any language."""
    with open_database(str(db_path)):
        m.InteractionTemplate.create(code="MEMO", description="Memo", language_code_default="DEU")
        make_contact("CT000003", name="Cy Memo")
        m.SegmentLine.create(
            segment_no="SEG00001",
            line_no=3,
            contact_no="CT000003",
            interaction_template_code="MEMO",
            correspondence_type="hard_copy",
        )


def _settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **smtp: object) -> None:
    monkeypatch.setenv("SEGTUI_USER", "tester")
    monkeypatch.setenv("SEGTUI_CONFIG", str(write_settings(tmp_path / "settings.toml", **smtp)))


def _dry_run(capsys: pytest.CaptureFixture[str], db: Path, out: Path) -> tuple[int, dict, str]:
    status, text, err = run(
        capsys, db, "segment", "log", "SEG00001", "--dry-run", "--json", "--out", str(out)
    )
    return status, json.loads(text), err


def _nothing_logged(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    status, text, _ = run(capsys, db, "logged", "list", "--json")
    assert (status, json.loads(text)) == (0, [])


def test_a_reachable_server_and_sound_letters_pass_and_nothing_is_sent(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    port = free_port()
    _settings(tmp_path, monkeypatch, host="127.0.0.1", port=port, security="none")
    _segment(db_path)
    with smtp_server(port) as inbox:
        status, document, err = _dry_run(capsys, db_path, tmp_path / "out")

    assert (status, err, document["delivery_problems"]) == (0, "", [])
    assert inbox.envelopes == []  # connected, greeted, and hung up: nothing sent
    assert not (tmp_path / "out").exists()  # the dry run makes no folder
    _nothing_logged(capsys, db_path)


@pytest.mark.parametrize(
    ("smtp", "reason"),
    [
        ({}, "emails cannot be sent: no SMTP server set: add [smtp] host to the settings file"),
        (
            {"host": "127.0.0.1", "security": "none"},
            "emails cannot be sent: SMTP connection refused",
        ),
    ],
    ids=["no-server", "nothing-listens"],
)
def test_no_smtp_server_fails_the_dry_run_before_the_log(
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys,
    smtp: dict[str, object],
    reason: str,
) -> None:
    if "host" in smtp:
        smtp = {**smtp, "port": free_port()}
    _settings(tmp_path, monkeypatch, **smtp)
    _segment(db_path)

    status, document, err = _dry_run(capsys, db_path, tmp_path / "out")

    assert status == 1
    (problem,) = document["delivery_problems"]
    assert problem["reason"].startswith(reason)
    assert err.startswith("segtui: error: SEG00001 would be logged but not delivered: 1 ")
    assert err.endswith("(fix them, or log with --no-send)\n")
    _nothing_logged(capsys, db_path)
    # Without delivery there is nothing to fail.
    status, _text, err = run(
        capsys, db_path, "segment", "log", "SEG00001", "--dry-run", "--no-send"
    )
    assert (status, err) == (0, "")


def test_a_field_segtui_cannot_fill_and_a_language_without_document_are_found(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    port = free_port()
    _settings(tmp_path, monkeypatch, host="127.0.0.1", port=port, security="none")

    def fill(document: object) -> None:
        add_simple_field(document.add_paragraph(), " MERGEFIELD Shoe_Size ", "«Shoe_Size»")  # type: ignore[attr-defined]

    _segment(db_path, build(fill), languages=("KLI",))
    _line_on_a_template_without_documents(db_path)
    with smtp_server(port):
        status, document, _ = _dry_run(capsys, db_path, tmp_path / "out")

    assert status == 1
    reasons = [p["reason"] for p in document["delivery_problems"]]
    assert len(reasons) == 3, reasons
    # Each language in use is tried (KLI has no document: the default's is used, and fails
    # the same way).
    assert "cannot fill the merge field(s) Shoe_Size" in reasons[0]
    assert reasons[0].endswith(" — line 1 (CT000001) and the others on LETTER")
    assert "cannot fill the merge field(s) Shoe_Size" in reasons[1]
    assert reasons[1].endswith(" — line 2 (CT000002) and the others on LETTER in KLI")
    assert "MEMO" in reasons[2] and reasons[2].endswith(
        " — line 3 (CT000003) and the others on MEMO"
    )
    assert [p["line_no"] for p in document["delivery_problems"]] == [1, 2, 3]
    _nothing_logged(capsys, db_path)


def test_an_output_folder_that_cannot_be_written_is_found(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    port = free_port()
    _settings(tmp_path, monkeypatch, host="127.0.0.1", port=port, security="none")
    _segment(db_path)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")

    with smtp_server(port):
        status, document, _ = _dry_run(capsys, db_path, blocker / "letters")

    assert status == 1
    assert [p["reason"] for p in document["delivery_problems"]] == [
        f"hard copies cannot be written: {blocker} is not a folder"
    ]
