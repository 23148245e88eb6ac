"""Where letters go on disk and how they are written: whole files, names from numbers only."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from segtui.config import Settings
from segtui.domain.errors import InvalidInput
from segtui.paths import data_dir


def output_folder(out_dir: Path | None, settings: Settings) -> Path:
    """The folder for delivered hard copies: `out_dir`, else the settings', else data dir."""
    return out_dir or settings.output.folder_path or data_dir() / "letters"


def ensure_folder(folder: Path) -> Path:
    """Create `folder` if needed; a clear error when it is a file or cannot be made."""
    if folder.exists() and not folder.is_dir():
        raise InvalidInput(f"{folder} is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInput(f"cannot create folder {folder}: {exc.strerror}") from None
    return folder


def write_whole(path: Path, data: bytes) -> Path:
    """Write a file completely or not at all (a reader never sees half a document)."""
    try:
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".segtui-", suffix=".part")
    except OSError as exc:
        raise InvalidInput(f"cannot write {path}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise InvalidInput(f"cannot write {path}: {exc.strerror}") from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path


def inside(folder: Path, stem: str, suffix: str = ".docx") -> Path:
    """`folder/stem+suffix`, refusing any name that would land outside `folder`."""
    path = folder / f"{stem}{suffix}"
    if path.resolve().parent != folder.resolve() or os.sep in stem or stem.startswith("."):
        raise InvalidInput(f"refusing to write a letter outside {folder}: {stem!r}")
    return path
