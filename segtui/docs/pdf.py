"""Make PDFs from .docx files with the LibreOffice found on the machine."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from segtui.domain.errors import SegtuiError

# soffice takes many files in one call (one start-up instead of N); batches keep the
# command line well under the system's argument limit.
_BATCH = 200


class OfficeNotInstalled(SegtuiError):
    """No LibreOffice on PATH, so no PDFs can be made."""


class PdfFailed(SegtuiError):
    """LibreOffice ran but did not produce a PDF."""


def find_office() -> str | None:
    """The path of LibreOffice's `soffice` (or `libreoffice`) program, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _run(office: str, files: Sequence[Path], out_dir: Path, timeout: float) -> None:
    with tempfile.TemporaryDirectory(prefix="segtui-lo-") as profile:
        # A private profile per run: two conversions at once would otherwise share (and lock)
        # the user's profile, and the second one would silently do nothing.
        args = [
            office,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            *(str(f) for f in files),
        ]
        try:
            done = subprocess.run(
                args, capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise PdfFailed(f"LibreOffice took longer than {timeout:.0f} s to make PDFs") from exc
        except OSError as exc:
            raise PdfFailed(f"cannot run LibreOffice ({office}): {exc.strerror}") from exc
    missing = [f for f in files if not (out_dir / f"{f.stem}.pdf").is_file()]
    if missing:
        detail = (done.stderr or done.stdout).strip().splitlines()
        why = f": {detail[-1]}" if detail else ""
        raise PdfFailed(f"LibreOffice made no PDF of {missing[0]}{why}")


def convert_many(files: Sequence[Path], out_dir: Path, timeout: float = 300) -> list[Path]:
    """PDFs of `files` in `out_dir` (same names, .pdf), in as few LibreOffice runs as can be.

    LibreOffice writes with the user's umask (0644); the PDFs are made in a private folder
    and moved into `out_dir` as 0600, like the letters, so no one else ever can read them.
    """
    office = find_office()
    if office is None:
        raise OfficeNotInstalled(
            "LibreOffice (soffice) is not installed; install libreoffice-writer-nogui to make PDFs"
        )
    if not out_dir.is_dir():
        out_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    files = [Path(f).resolve() for f in files]
    with tempfile.TemporaryDirectory(prefix=".segtui-pdf-", dir=out_dir) as private:
        made = Path(private)
        for start in range(0, len(files), _BATCH):
            batch = files[start : start + _BATCH]
            _run(office, batch, made, timeout + 2 * len(batch))
            for f in batch:
                pdf = made / f"{f.stem}.pdf"
                os.chmod(pdf, 0o600)
                os.replace(pdf, out_dir / pdf.name)
    return [out_dir / f"{f.stem}.pdf" for f in files]


def convert_to_pdf(docx_path: Path, out_dir: Path) -> Path:
    """The PDF of one .docx, written to `out_dir`."""
    return convert_many([docx_path], out_dir)[0]
