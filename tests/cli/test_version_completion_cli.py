"""`segtui --version` and `segtui completion bash|zsh`, as a user runs them."""

from __future__ import annotations

import shutil
import subprocess
from importlib.metadata import version
from pathlib import Path

import pytest

from segtui.cli.app import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run `segtui ARGS…` in-process (no database needed); return (status, stdout, stderr)."""
    try:
        status = main(list(args))
    except SystemExit as exc:  # --version and usage errors end through argparse
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def test_version_prints_the_installed_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--version") == (0, f"segtui {version('segtui')}\n", "")


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completion_is_a_bash_script_naming_the_commands(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, err = run(capsys, "completion", "bash")

    assert (status, err) == (0, "")
    script = tmp_path / "segtui.bash"
    script.write_text(out)
    checked = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    commands = next(line for line in out.splitlines() if line.startswith("_shtab_segtui_subp"))
    for command in ("segment", "template", "contacts", "logged", "completion"):
        assert f" {command}" in commands or f"({command}" in commands
    assert "--corr-type" in out  # options of the real parser, down to the verbs
    assert out.rstrip().endswith("complete -o bashdefault -F _shtab_segtui segtui")


def test_zsh_completion_is_a_compdef_script(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "completion", "zsh")

    assert (status, err) == (0, "")
    assert out.startswith("#compdef segtui")
    assert "reuse-criteria" in out


def test_an_unknown_shell_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "completion", "fish")

    assert (status, out) == (2, "")
    # argparse quotes the choices or not depending on the Python version.
    assert err.startswith("segtui: error: argument SHELL: invalid choice: 'fish' (choose from")
    assert "bash" in err and "zsh" in err and err.count("\n") == 1
