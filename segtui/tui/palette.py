"""The command palette's second source: commands that do not apply now, greyed, with why.

The available commands come from `SegtuiApp.get_system_commands`. Typing "Go Back" where
there is nothing to go back from, or "Add Contacts" outside a worksheet, found nothing
("No matches found"); this provider lists such commands greyed, with the reason, below
the available ones, and choosing one tells the reason instead of running it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.screen import Screen

from segtui.tui.commands import ELSEWHERE, UNAVAILABLE, UNAVAILABLE_ELSEWHERE, Command

GREYED_SCORE = 0.5
"""Greyed hits count half as much as a match, so the available ones come first."""


def unavailable_commands(app: Any, screen: Screen[Any]) -> Iterator[tuple[Command, str]]:
    """Every palette command that does not apply on `screen` now, with the reason."""
    table: tuple[Command, ...] = getattr(screen, "COMMAND_TABLE", ())
    seen = {command.title for command in app.get_system_commands(screen)}
    for command in table:
        if command.palette and command.title not in seen:
            seen.add(command.title)
            yield command, UNAVAILABLE.get(command.action, UNAVAILABLE_ELSEWHERE)
    for other, where in ELSEWHERE:
        if other is table:
            continue
        for command in other:
            if command.palette and command.title not in seen:
                seen.add(command.title)
                yield command, where


class UnavailableCommands(Provider):
    """Palette hits for the commands that do not apply now: greyed, the reason beside."""

    async def discover(self) -> Hits:
        """The greyed commands, listed after the available ones when nothing is typed."""
        for command, reason in unavailable_commands(self.app, self.screen):
            yield DiscoveryHit(
                _greyed(Content(command.title), reason),
                self._explain(command, reason),
                text=command.title,
                help=command.help,
            )

    async def search(self, query: str) -> Hits:
        """The greyed commands whose NAV name matches what was typed."""
        matcher = self.matcher(query)
        for command, reason in unavailable_commands(self.app, self.screen):
            if (score := matcher.match(command.title)) > 0:
                yield Hit(
                    score * GREYED_SCORE,
                    _greyed(matcher.highlight(command.title), reason),
                    self._explain(command, reason),
                    text=command.title,
                    help=command.help,
                )

    def _explain(self, command: Command, reason: str) -> Callable[[], None]:
        """Choosing a greyed command tells why it does not apply."""

        def explain() -> None:
            self.app.notify(f"{command.title}: {reason}", severity="warning")

        return explain


def _greyed(title: Content, reason: str) -> Content:
    """`Title — reason`, dimmed."""
    return Content.assemble(title, f" — {reason}").stylize("dim")
