"""The segtui application and `build_app`, the factory shared by the CLI, tests and scripts."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from functools import partial
from typing import TypeVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkType

from segtui.services import app_session
from segtui.services.segments import segments
from segtui.tui.commands import GLOBAL, Command, bindings
from segtui.tui.dialogs.help import HelpScreen
from segtui.tui.dialogs.new_segment import NewSegment, NewSegmentScreen
from segtui.tui.messages import OpenSegment, ShowInteractions, ShowSegments
from segtui.tui.palette import UnavailableCommands
from segtui.tui.screens.base import CommandScreen
from segtui.tui.screens.home import HomeScreen
from segtui.tui.typeahead import Typeahead, Typed
from segtui.tui.worker import FLOW, SegtuiErrorResult, attempt

# The worksheet and the browsers are imported when first opened, not at the top: with
# their services and dialogs they add ~0.09 s (about half again) to the first frame.

Clock = Callable[[], dt.date]
T = TypeVar("T")


class SegtuiApp(App[None]):
    """Segments and interactions in the terminal."""

    CSS_PATH = "segtui.tcss"
    TITLE = "segtui"
    BINDINGS = bindings(c for c in GLOBAL if c.action not in ("command_palette", "quit"))
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {UnavailableCommands}

    def __init__(self, *, clock: Clock | None = None, user: str = "") -> None:
        super().__init__()
        self.clock: Clock = clock or dt.date.today
        self.user = user
        self.typeahead = Typeahead(self, self._deliver_typed, FLOW)

    def on_mount(self) -> None:
        self.push_screen(HomeScreen())

    # -- keys typed ahead of a dialog ----------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        # Keys read while a dialog is on its way wait for it, and so do keys coming back
        # unused from the screen underneath (see typeahead.py).
        if isinstance(event, (events.Key, events.Paste)) and self.typeahead.hold(event):
            return
        await super().on_event(event)

    async def _deliver_typed(self, event: Typed) -> None:
        """Hand a held key on as if it had just been read."""
        await super().on_event(event)

    def run_worker(
        self,
        work: WorkType[T],
        name: str | None = "",
        group: str = "default",
        description: str = "",
        exit_on_error: bool = True,
        start: bool = True,
        exclusive: bool = False,
        thread: bool = False,
    ) -> Worker[T]:
        """Start a worker; the app's own flows remember the screen they were started on."""
        worker = super().run_worker(
            work, name, group, description, exit_on_error, start, exclusive, thread
        )
        if group == FLOW:
            self.typeahead.started(worker, self.screen)
        return worker

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """One of the app's flows ended: keys held for it may go on."""
        self.typeahead.flow_changed(event.worker)

    # -- one check for the global commands ----------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Jumping to another screen from inside a dialog would leave the dialog orphaned.
        navigation = {c.action for c in GLOBAL} - {"help", "command_palette", "quit"}
        return not (action in navigation and isinstance(self.screen, ModalScreen))

    # -- the command palette --------------------------------------------------------------

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every command of the current screen and the global ones, by NAV name."""
        table: tuple[Command, ...] = getattr(screen, "COMMAND_TABLE", ())
        seen: set[str] = set()
        for command in (*table, *GLOBAL):
            if not command.palette or command.title in seen:
                continue
            seen.add(command.title)
            target = screen if command in table else self
            # The app's own check would see the palette itself as a dialog in the way.
            if target is screen and screen.check_action(command.action, ()) is False:
                continue
            yield SystemCommand(command.title, command.help, _runner(target, command.action))
        yield from super().get_system_commands(screen)

    # -- global actions -----------------------------------------------------------------

    def action_help(self) -> None:
        """Show the keys of the current screen."""
        if isinstance(self.screen, HelpScreen):
            return
        table: tuple[Command, ...] = getattr(self.screen, "COMMAND_TABLE", ())
        title = getattr(self.screen, "HELP_TITLE", "") or human_name(type(self.screen).__name__)
        self.push_screen(HelpScreen(str(title), table))

    def action_home(self) -> None:
        """Back to the open segments."""
        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    def _open(self, screen: Screen[None]) -> None:
        """Show a browser, replacing another browser rather than stacking them."""
        from segtui.tui.worksheet.screen import WorksheetScreen  # lazy: first frame

        current = self.screen
        if isinstance(current, CommandScreen) and not isinstance(
            current, (HomeScreen, WorksheetScreen)
        ):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def action_logged_segments(self) -> None:
        """Open the logged segments browser."""
        from segtui.tui.screens.logged import LoggedScreen  # lazy: first frame

        self._open(LoggedScreen())

    def action_interactions(self) -> None:
        """Open the interaction log entries browser."""
        from segtui.tui.screens.interactions import InteractionsScreen  # lazy: first frame

        self._open(InteractionsScreen())

    def action_contacts(self) -> None:
        """Open the contacts browser."""
        from segtui.tui.screens.contacts import ContactsScreen  # lazy: first frame

        self._open(ContactsScreen())

    def action_templates(self) -> None:
        """Open the interaction templates setup."""
        from segtui.tui.screens.templates import TemplatesScreen  # lazy: first frame

        self._open(TemplatesScreen())

    def action_setup(self) -> None:
        """Open the setup tables (salespeople, groups, campaigns, code tables)."""
        from segtui.tui.screens.setup import SetupScreen  # lazy: first frame

        self._open(SetupScreen())

    def action_settings(self) -> None:
        """Open the settings (our company, SMTP, output folder)."""
        from segtui.tui.screens.settings import SettingsScreen  # lazy: first frame

        self._open(SettingsScreen())

    @work(group=FLOW)
    async def action_new_segment(self) -> None:
        """Ask for a description and template, create the segment and open it.

        The dialog stays open until the segment is created: a refusal (a mistyped
        template) leaves it on the faulty field with what was typed.
        """
        created: list[str] = []

        async def create(choice: NewSegment | None) -> SegtuiErrorResult | None:
            assert choice is not None
            work = partial(
                segments.create_segment,
                choice.description,
                template=choice.template or None,
                date=self.clock().isoformat(),
            )
            no = await attempt(self, work)
            if isinstance(no, SegtuiErrorResult):
                return no
            created.append(no)
            return None

        if not await self.push_screen_wait(NewSegmentScreen(create)) or not created:
            return
        self.notify(f"Segment {created[0]} created")
        self.post_message(OpenSegment(created[0]))

    # -- app-level messages ---------------------------------------------------------------

    def on_open_segment(self, message: OpenSegment) -> None:
        """Open a segment's worksheet: over the segments list, or in place of a browser."""
        from segtui.tui.worksheet.screen import WorksheetScreen  # lazy: first frame

        if message.replace:
            self.switch_screen(WorksheetScreen(message.segment_no))
        else:
            self.action_home()
            self.push_screen(WorksheetScreen(message.segment_no))

    def on_show_segments(self, message: ShowSegments) -> None:
        """Back to the segments list."""
        self.action_home()

    def on_show_interactions(self, message: ShowInteractions) -> None:
        """The entries of one logged segment, over the segments list."""
        from segtui.tui.screens.interactions import InteractionsScreen  # lazy: first frame

        self.action_home()
        self.push_screen(InteractionsScreen(logged=message.logged_segment_entry_no))


def human_name(class_name: str) -> str:
    """A screen's class name as its users would say it: NewSegmentScreen → "New Segment"."""
    words = re.findall(r"[A-Z][a-z0-9]*", class_name.removesuffix("Screen"))
    return " ".join(words) or class_name


def _runner(target: object, action: str) -> Callable[[], object]:
    """A palette callback running an action on a screen or the app."""

    def run() -> object:
        return target.run_action(action)  # type: ignore[attr-defined]

    return run


def build_app(
    db: str | None,
    *,
    clock: Clock | None = None,
    connect: bool = True,
) -> SegtuiApp:
    """Open the database once and build the app (used by the CLI, tests and screenshots)."""
    user = ""
    if connect:
        user = app_session.open(db)
    return SegtuiApp(clock=clock, user=user)
