"""Where letters go on disk and how they are written: whole files, names from numbers only."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from segtui.config import Settings
from segtui.domain.errors import InvalidInput, Refused
from segtui.paths import data_dir


def output_folder(out_dir: Path | None, settings: Settings) -> Path:
    """The folder for delivered hard copies: `out_dir`, else the settings', else data dir."""
    return out_dir or settings.output.folder_path or data_dir() / "letters"


def ensure_folder(folder: Path) -> Path:
    """Create `folder` if needed (and its parents, each 0700: letters are personal data);
    a clear error when it is a file or cannot be made. Existing folders keep their mode."""
    if folder.exists() and not folder.is_dir():
        raise InvalidInput(f"{folder} is a file, not a folder")
    missing = []
    node = folder
    while not node.exists() and node != node.parent:
        missing.append(node)
        node = node.parent
    try:
        for path in reversed(missing):
            path.mkdir(mode=0o700, exist_ok=True)
            os.chmod(path, 0o700)  # mkdir's mode is cut by the umask
    except OSError as exc:
        raise InvalidInput(f"cannot create folder {folder}: {exc.strerror}") from None
    return folder


@dataclass(frozen=True)
class FolderUse:
    """What was in a per-record merge's folder before it wrote there."""

    folder: Path
    existing: frozenset[str]

    def replaced(self, written: list[Path]) -> int:
        """How many of the files written took the place of a file of the same name."""
        return sum(p.name in self.existing for p in written)

    def kept(self, written: list[Path]) -> int:
        """How many files already there were left as they were (not written by this merge)."""
        return len(self.existing - {p.name for p in written})


def claim_folder(folder: Path, overwrite: bool) -> FolderUse:
    """Refuse a per-record merge into a folder that holds other files, unless `overwrite`.

    Letters from an earlier merge would otherwise sit beside the new ones as if they were
    part of it (0003.docx left while 2 letters were written). With `overwrite` only the
    names this merge writes are replaced; the caller says how many.
    """
    existing = frozenset(p.name for p in folder.iterdir()) if folder.is_dir() else frozenset()
    if existing and not overwrite:
        example = min(existing)
        raise Refused(
            f"{folder} already holds {len(existing)} file(s) (e.g. {example}); merge into an "
            "empty or new folder, or add --overwrite to replace the files this merge writes "
            "(others are left as they are)"
        )
    return FolderUse(folder, existing)


def write_whole(path: Path, data: bytes) -> Path:
    """Write a file completely or not at all (a reader never sees half a document).

    Only a regular file is ever replaced: a symlink, FIFO or device node at `path`
    (`--out /dev/full`, run as root) is refused, not turned into a file.
    """
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise InvalidInput(f"{path} exists and is not a regular file; nothing was written")
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
