"""Keys typed ahead of a dialog: held while it is on its way, then handed to it in order.

Textual gives a key to the focused widget of the active screen as soon as it reads it. A
key that opens a dialog starts a flow (a worker) that pushes the dialog a moment later, and
a pushed dialog takes its focus a moment after that; keys read in between (a paste, a fast
typist, a slow SSH link delivering a burst) went to the screen underneath or to nobody.
While a dialog is on its way — a flow started on the active screen is still running, or
the active dialog has not taken its focus yet — the app holds the keys here and replays
them, in order, once the dialog is ready or the flow has ended.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from textual import events
from textual.screen import Screen
from textual.widget import Widget
from textual.worker import Worker, WorkerState

if TYPE_CHECKING:
    from textual.app import App

HELD_AT_MOST = 2.0
"""Seconds a key waits at most: a flow that never shows a dialog must not swallow keys."""

QUIET_STEP = 0.002
"""Seconds between looks at whether the app is quiet enough for the next held key."""

PATIENCE = 100
"""Looks at most before a key is handed on anyway (a spinner may never let the app rest)."""

Typed = events.Key | events.Paste
"""What a user types: keys, and text pasted (or delivered) at once."""


class ReadyWhenFocused:
    """A dialog that says when it has taken its focus (see `Typeahead`).

    Mixed into the dialogs' base: its `on_mount` runs after the dialog's own, whose
    `focus()` calls are queued on the app; being queued behind them, `ready` is set once
    the focus is where the dialog put it.
    """

    typeahead_ready = False

    def on_mount(self) -> None:
        """Queue the "ready" mark behind the dialog's focus calls."""
        app = self.app  # type: ignore[attr-defined]
        app.call_later(self._mark_ready)

    def on_screen_suspend(self) -> None:
        """Another screen came over this one: when it goes, keys wait for this one again."""
        self.typeahead_ready = False

    def on_screen_resume(self) -> None:
        """Back on top: ready once what is queued on it (a closed dialog's result, which may
        move the focus, as a lookup puts it back in its field) has run."""
        self.call_later(self._mark_ready)  # type: ignore[attr-defined]

    def dismiss(self, result: Any = None) -> Any:
        """Closing: keys typed from now on wait for the screen underneath, not this one."""
        self.typeahead_ready = False
        return super().dismiss(result)  # type: ignore[misc]

    def _mark_ready(self) -> None:
        self.typeahead_ready = True
        typeahead = getattr(self.app, "typeahead", None)  # type: ignore[attr-defined]
        if isinstance(typeahead, Typeahead):
            typeahead.release()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A flow of this dialog ended: the keys held for it may go on."""
        flow_changed(self.app, event.worker)  # type: ignore[attr-defined]


def flow_changed(app: App[Any], worker: Worker[Any]) -> None:
    """Tell the app's typeahead (if it has one) that a worker started or ended."""
    typeahead = getattr(app, "typeahead", None)
    if isinstance(typeahead, Typeahead):
        typeahead.flow_changed(worker)


class Typeahead:
    """Holds typed keys while a dialog is on its way; replays them when it is ready."""

    def __init__(
        self, app: App[Any], deliver: Callable[[Typed], Awaitable[None]], flow_group: str
    ) -> None:
        self._app = app
        self._deliver = deliver
        self._flow_group = flow_group
        self._held: deque[Typed] = deque()
        self._started_on: WeakKeyDictionary[Worker[Any], Screen[Any]] = WeakKeyDictionary()
        self._replaying = False
        self._patience = PATIENCE
        self._in_flight: str | None = None  # the key handed on that has yet to come back
        self._quiet_looks = self._looks = 0
        self._timer_generation = 0

    @property
    def pending(self) -> bool:
        """Whether keys typed have yet to reach their place (held, or one still in flight)."""
        return bool(self._held) or self._in_flight is not None

    def hold(self, event: Typed) -> bool:
        """Keep `event` for later if a dialog is on its way (or keys wait before it).

        The app asks twice for each key: when it reads it, and when the key comes back up
        unused from the screen it went to (the screen's own keys are matched there), so a
        key already on its way to the old screen when a flow started is held too.

        A key the focused widget will not take itself (Enter, Tab, Escape, a letter on a
        table) is matched with the bindings only when it comes back up: until then it is
        *in flight*, and the keys read after it wait — handed on at once, they would reach
        the field before Enter had closed its dialog or Tab had moved on.
        """
        if getattr(event, "typeahead_forced", False):
            return False
        if event.is_forwarded:
            if isinstance(event, events.Key) and event.key == self._in_flight:
                # Back from its widget, in its turn: matched with the bindings now; the
                # keys held behind it go on after that.
                self._in_flight = None
                self.release()
                return False
            if getattr(event, "typeahead_replayed", False):
                # A replayed key coming back up unused: it is being handled now, in its
                # turn; held again, it would land behind the keys typed after it.
                return False
        if self._held or self._waiting() or (self._in_flight and not event.is_forwarded):
            self._keep(event)
            return True
        if not event.is_forwarded:
            self._watch(event)
        return False

    def _keep(self, event: Typed) -> None:
        """Hold a key, starting the give-up timer with the first one."""
        self._held.append(_copy(event))
        if len(self._held) == 1:
            self._timer_generation += 1
            generation = self._timer_generation
            self._app.set_timer(HELD_AT_MOST, lambda: self._give_up(generation))

    def _watch(self, event: Typed) -> None:
        """Note a key handed on that its widget will not take (see `hold`)."""
        if not isinstance(event, events.Key):
            return
        focused = self._app.focused
        if focused is not None and focused.check_consume_key(event.key, event.character):
            return
        self._in_flight = event.key
        self._quiet_looks = self._looks = 0
        self._app.set_timer(QUIET_STEP, self._look_at_flight)

    def _look_at_flight(self) -> None:
        """A key in flight that never comes back was taken on the way (a priority binding,
        a screen's own handler): once the app is quiet, the keys after it go on."""
        if self._in_flight is None:
            return
        self._looks += 1
        self._quiet_looks = 0 if self._busy() else self._quiet_looks + 1
        # Bounded: an app that is never quiet (a spinner) must not hold every key after.
        if self._quiet_looks >= 2 or self._looks >= PATIENCE:
            self._in_flight = None
            self.release()
        else:
            self._app.set_timer(QUIET_STEP, self._look_at_flight)

    def release(self) -> None:
        """Something the held keys wait for happened: replay them once the app is free."""
        if self._held:
            self._app.call_later(self._replay)

    def started(self, worker: Worker[Any], screen: Screen[Any]) -> None:
        """The app started `worker` while `screen` was active (its flows have no screen)."""
        self._started_on[worker] = screen

    def flow_changed(self, worker: Worker[Any]) -> None:
        """A worker started or ended: a flow ending may free the held keys."""
        if worker.group == self._flow_group and worker.is_finished:
            self.release()

    def _waiting(self) -> bool:
        """True while the active screen's dialog is coming and keys would go astray."""
        screen = self._app.screen
        if isinstance(screen, ReadyWhenFocused) and not screen.typeahead_ready:
            return True
        for worker in self._app.workers:
            if worker.group != self._flow_group or worker.state not in (
                WorkerState.PENDING,
                WorkerState.RUNNING,
            ):
                continue
            if self._started_on_screen(worker) is screen:
                return True
        return False

    def _started_on_screen(self, worker: Worker[Any]) -> Screen[Any] | None:
        """The screen a flow was started on."""
        node = worker.node
        if isinstance(node, Screen):
            return node
        if isinstance(node, Widget):
            return node.screen if node.is_attached else None
        return self._started_on.get(worker)

    async def _replay(self, *, forced: bool = False) -> None:
        """Hand the held keys on, in order, one a turn, stopping when one opens a dialog.

        A key is handed on only once the app is quiet: every message the last one caused
        has been handled. Enter or Tab come back up to the app to be matched with the
        bindings, and a dialog closed by Enter hands its result back to the screen
        underneath (a lookup puts the focus back in its field); a key handed on before that
        would land in the wrong place, or before the key typed ahead of it.
        """
        if self._replaying:
            return
        if self._in_flight is not None and not forced:
            return  # its return (or the quiet after it) releases the keys again
        if not forced and self._held and self._busy() and self._patience > 0:
            self._patience -= 1
            self._app.set_timer(QUIET_STEP, self._replay)  # a timer: the others get to run
            return
        self._replaying = True
        try:
            if self._held and (forced or not self._waiting()):
                event = self._held.popleft()
                event.typeahead_replayed = True  # type: ignore[union-attr]
                if forced:
                    event.typeahead_forced = True  # type: ignore[union-attr]
                self._patience = PATIENCE
                self._watch(event)
                await self._deliver(event)
                if self._held:
                    self._app.set_timer(QUIET_STEP, self._replay)
        finally:
            self._replaying = False
        if not self._held:
            self._timer_generation += 1  # the give-up timer of these keys is void

    def _busy(self) -> bool:
        """Whether any part of the app still has messages to handle."""
        if self._app.message_queue_size:
            return True
        for screen in self._app.screen_stack:
            if screen.message_queue_size:
                return True
            if any(node.message_queue_size for node in screen.walk_children()):
                return True
        return False

    async def _give_up(self, generation: int) -> None:
        """The keys waited long enough: deliver them to whatever has the focus now."""
        if generation != self._timer_generation:
            return
        if self._replaying:  # a replay is handing keys on right now: look again shortly
            self._app.set_timer(0.1, lambda: self._give_up(generation))
            return
        while self._held and generation == self._timer_generation and not self._replaying:
            await self._replay(forced=True)


def _copy(event: Typed) -> Typed:
    """A fresh event to deliver later (the one read has been through the app's dispatch)."""
    if isinstance(event, events.Paste):
        return events.Paste(event.text)
    return events.Key(event.key, event.character)
