"""The four floors of DESIGN.md stay true: lower floors never import the ones above."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _modules_after_import(module: str) -> set[str]:
    """The top-level modules loaded by importing `module` in a fresh interpreter."""
    code = (
        f"import sys, importlib; importlib.import_module({module!r}); "
        "print('\\n'.join(sorted(sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    return set(out.split())


@pytest.mark.parametrize(
    "module",
    [
        "segtui.domain.criteria",
        "segtui.domain.expressions",
        "segtui.domain.segments",
        "segtui.domain.fields",
        "segtui.domain.saved_criteria",
    ],
)
def test_domain_imports_no_framework(module: str) -> None:
    loaded = _modules_after_import(module)
    assert not {"peewee", "textual", "docx"} & loaded


@pytest.mark.parametrize(
    "module",
    [
        "segtui.services.segments.segments",
        "segtui.services.segments.criteria",
        "segtui.services.segments.saved_criteria",
    ],
)
def test_services_do_not_import_textual(module: str) -> None:
    loaded = _modules_after_import(module)
    assert "textual" not in loaded
    assert not any(m.startswith("segtui.tui") or m.startswith("segtui.cli") for m in loaded)


def test_db_floor_does_not_import_services_or_ui() -> None:
    loaded = _modules_after_import("segtui.db.criteria")
    assert not any(m.startswith(("segtui.services", "segtui.tui", "segtui.cli")) for m in loaded)
    assert "textual" not in loaded


def test_front_ends_reach_the_database_only_through_services() -> None:
    """The CLI and the TUI (floor 4) import neither peewee nor segtui.db in their source."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "segtui"
    offenders = [
        str(path.relative_to(root))
        for floor in ("cli", "tui")
        for path in (root / floor).rglob("*.py")
        if any(
            word in path.read_text(encoding="utf-8")
            for word in ("import peewee", "from peewee", "segtui.db")
        )
    ]
    assert offenders == []
