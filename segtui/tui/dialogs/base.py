"""What every dialog shares: its command table (for help and palette), a typed answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, TypeVar

from textual.screen import ModalScreen

from segtui.tui.commands import Command
from segtui.tui.typeahead import ReadyWhenFocused

ResultT = TypeVar("ResultT")


class CommandModal(ReadyWhenFocused, ModalScreen[ResultT]):
    """A modal dialog whose keys are declared in one command table; answers a `ResultT`.

    Keys typed before it has taken its focus wait for it (`ReadyWhenFocused`).
    """

    COMMAND_TABLE: ClassVar[tuple[Command, ...]] = ()

    def after_typing(self, callback: Callable[..., object], *args: object) -> None:
        """Run `callback` once the focused field has taken the keys typed before.

        Priority bindings (Ctrl+S, Ctrl+A…) run as soon as the app reads the key, while
        the characters typed just before still wait in the field's queue; queueing the
        callback behind them makes fast typists' text count. The callback must not return
        an awaitable (such as `dismiss()`'s): the field would wait for its own removal.
        """
        target = self.focused or self
        target.call_later(callback, *args)
