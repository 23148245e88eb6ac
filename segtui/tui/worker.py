"""Database work in thread workers: call a service, hand the result back to the UI thread.

Workers never touch widgets; results and errors come back through `call_from_thread`.
`run_service` hands a result to a callback (paged loads, coalesced counts); `call` and
`perform` are awaited from a flow (an async `@work` worker on the UI thread) so that a
multi-step action reads top to bottom.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from functools import partial
from typing import Any, ParamSpec, Protocol, TypeVar

from textual.app import App
from textual.screen import Screen
from textual.widget import Widget
from textual.worker import Worker, WorkerCancelled, WorkType, get_current_worker

from segtui import log as segtui_log
from segtui.domain.errors import SegtuiError
from segtui.services import app_session

T = TypeVar("T")
log = logging.getLogger(__name__)
P = ParamSpec("P")

FLOW = "flow"
"""The worker group of flows: they may wait on a dialog for as long as the user likes."""


class Node(Protocol):
    """What a service call needs of the widget, screen or app it runs for."""

    @property
    def app(self) -> App[object]:
        """The running app."""
        ...

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
        """Start a worker that belongs to this node."""
        ...


def run_service(
    node: Node,
    work: Callable[[], T],
    done: Callable[[T], Any] | None = None,
    *,
    group: str = "db",
    exclusive: bool = False,
    failed: Callable[[str], Any] | None = None,
    description: str = "",
) -> Worker[None]:
    """Run `work` (which calls services) in a thread; `done(result)` runs on the UI thread.

    A SegtuiError becomes a notification (or `failed(message)`), never a traceback.
    """
    app = node.app

    def job() -> None:
        try:
            result = work()
        except SegtuiError as exc:
            if not get_current_worker().is_cancelled:
                app.call_from_thread(_report, app, exc.message, failed)
            return
        except Exception as exc:
            if (trouble := app_session.database_failure(exc)) is not None:  # full disk…
                log.warning("database failure in a TUI worker: %s", trouble)
                if not get_current_worker().is_cancelled:
                    app.call_from_thread(_report, app, trouble[0].upper() + trouble[1:], failed)
                return
            # A worker's exception would end the app with a traceback and lose the user's
            # place; say what happened instead, the traceback going to segtui's log file.
            app.log.error(f"worker failed: {exc!r}")
            log.exception("unexpected error in a TUI worker (%s)", description or "no description")
            if not get_current_worker().is_cancelled:
                app.call_from_thread(_report, app, unexpected_error_text(exc), failed)
            return
        finally:
            _release()
        if done is not None and not get_current_worker().is_cancelled:
            app.call_from_thread(_hand_back, node, done, result)

    return node.run_worker(
        job, thread=True, group=group, exclusive=exclusive, description=description
    )


def _hand_back(node: Node, done: Callable[[T], Any], result: T) -> None:
    """Give a result to `done` on the UI thread, unless its dialog or widget is gone.

    A dialog closed by keys typed fast (the filter, then Ctrl+A) may close while its
    count is on the way: the count is then no longer wanted, and its widgets are gone.
    """
    if _still_shown(node):
        done(result)


def _still_shown(node: Node) -> bool:
    """False once the screen a node belongs to has been closed (it may not be removed yet)."""
    if not isinstance(node, Widget):  # the app
        return True
    if not node.is_attached:
        return False
    screen = node if isinstance(node, Screen) else node.screen
    return screen in node.app.screen_stack


def unexpected_error_text(exc: BaseException) -> str:
    """The notification for a bug: what it was, and the log file that has its traceback."""
    text = f"Something went wrong: {type(exc).__name__}: {exc}"
    where = segtui_log.current_file()
    return f"{text} (details in {where})" if where is not None else text


def _report(app: Any, message: str, failed: Callable[[str], Any] | None) -> None:
    """Show a user error: to the caller if it wants it, else as a notification."""
    if failed is not None:
        failed(message)
    else:
        app.notify(message, severity="error", timeout=6)


def _release() -> None:
    """Close the worker thread's own database connection."""
    app_session.release()


async def attempt(node: Node, work: Callable[[], T], *, group: str = "db") -> T | SegtuiErrorResult:
    """Await `work` run in a thread worker: its result, or its user error as a value.

    The worker belongs to `node`: once the node is gone the flow awaiting it ends quietly.
    """
    answer: asyncio.Future[T | SegtuiErrorResult] = asyncio.get_running_loop().create_future()

    def settle(value: T | SegtuiErrorResult) -> None:
        if not answer.done():
            answer.set_result(value)

    def guarded() -> T | SegtuiErrorResult:
        # Caught here rather than by run_service, to keep the field the error names.
        try:
            return work()
        except SegtuiError as exc:
            return SegtuiErrorResult(exc.message, field=exc.field)

    worker = run_service(
        node,
        guarded,
        settle,
        group=group,
        failed=lambda message: settle(SegtuiErrorResult(message)),
    )
    try:
        await worker.wait()
    except WorkerCancelled:
        raise asyncio.CancelledError from None
    if not answer.done():  # cancelled after its work ended: nobody is waiting for it
        raise asyncio.CancelledError
    return answer.result()


async def call(node: Node, service: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T | None:
    """Await a service run in a thread; a user error is shown as a notification and gives None."""
    result = await attempt(node, partial(service, *args, **kwargs))
    if isinstance(result, SegtuiErrorResult):
        node.app.notify(result.message, severity="error", timeout=6)
        return None
    return result


async def perform(
    node: Node, service: Callable[P, object], *args: P.args, **kwargs: P.kwargs
) -> bool:
    """Await a service run for its effect; True when it succeeded (a user error is shown)."""
    result = await attempt(node, partial(service, *args, **kwargs))
    if isinstance(result, SegtuiErrorResult):
        node.app.notify(result.message, severity="error", timeout=6)
        return False
    return True


class Coalescer:
    """Runs one job at a time for the latest request; rapid requests collapse into one.

    Used for the merge preview (cursor moves) and the live match count (typing): while a
    job runs, newer requests only replace the pending one.
    """

    def __init__(self, node: Node, group: str) -> None:
        self._node = node
        self._group = group
        self._running = False
        self._pending: tuple[Callable[[], Any], Callable[[Any], Any]] | None = None

    def request(self, work: Callable[[], T], done: Callable[[T], Any]) -> None:
        """Ask for `work`; it runs now, or after the running job if none newer comes."""
        self._pending = (work, done)
        if not self._running:
            self._next()

    def _next(self) -> None:
        if self._pending is None:
            self._running = False
            return
        work, done = self._pending
        self._pending = None
        self._running = True

        def finish(result: Any) -> None:
            if self._pending is None:  # only the newest result is worth showing
                done(result)
            self._next()

        def fail(message: str) -> None:
            if self._pending is None:
                done(SegtuiErrorResult(message))
            self._next()

        run_service(self._node, work, finish, group=self._group, failed=fail)


class SegtuiErrorResult:
    """A user error as a value: its message and the field it names (a form focuses it)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        self.message = message
        self.field = field
