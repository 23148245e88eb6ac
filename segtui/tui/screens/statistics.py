"""Statistics of a logged segment or a campaign: its entries by correspondence type, by
delivery status and by evaluation, drawn as bars of block characters (readable in 16
colours and at 80 columns), with the cost and duration totals."""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.widgets import Static

from segtui.domain.statistics import EntryStatistics, Tally
from segtui.domain.wording import counted, number
from segtui.tui.commands import STATISTICS, bindings
from segtui.tui.screens.base import CommandScreen
from segtui.tui.widgets.key_bar import KeyBar
from segtui.tui.worker import run_service

LABEL = 28
"""The width of a row's label; the bar takes what the count leaves of the rest."""

GROUPS = (
    ("By correspondence type", "by_correspondence_type"),
    ("By delivery status", "by_delivery_status"),
    ("By evaluation", "by_evaluation"),
)


def bar_rows(tallies: tuple[Tally, ...], total: int, width: int) -> str:
    """One row per value: its label, a bar as long as its share of `total`, the count
    and the percentage (content markup; the bar in the primary colour: the accent turns
    bright red in 16 colours and would read as an error)."""
    bar_width = max(8, width - LABEL - 14)
    rows = []
    for t in tallies:
        share = t.count / total if total else 0.0
        filled = round(share * bar_width)
        label = t.label if len(t.label) < LABEL else t.label[: LABEL - 2] + "…"
        bar = "█" * filled + "░" * (bar_width - filled)
        rows.append(
            f"  {escape(label):<{LABEL}}[$primary]{bar}[/] {number(t.count):>6} {share:>4.0%}"
        )
    return "\n".join(rows) or "  (none)"


def totals_line(stats: EntryStatistics) -> str:
    """Entries, canceled ones left out, cost and duration."""
    entries = counted(stats.entries, "entry", "entries")
    parts = [entries]
    if stats.canceled:
        parts.append(f"{number(stats.canceled)} canceled left out")
    parts.append(f"cost {stats.cost:,.2f}".replace(",", " "))
    parts.append(f"duration {stats.duration_min:,.0f} min".replace(",", " "))
    return " · ".join(parts)


class StatisticsScreen(CommandScreen):
    """The statistics of a logged segment or a campaign; Escape goes back."""

    COMMAND_TABLE = STATISTICS
    BINDINGS = bindings(STATISTICS)
    HELP_TITLE = "Statistics"

    def __init__(self, what: str, read: Callable[[], EntryStatistics]) -> None:
        super().__init__()
        self.what = what
        self.read = read
        self.stats: EntryStatistics | None = None

    def compose(self) -> ComposeResult:
        yield Static(f" segtui · Statistics · {self.what}", classes="title", markup=False)
        with VerticalScroll(id="statistics"):
            yield Static("Counting…", id="stats-title", classes="heading", markup=False)
            yield Static("", id="stats-totals", markup=False)
            for heading, key in GROUPS:
                yield Static(heading, classes="heading stats-heading")
                yield Static("", id=f"stats-{key}", classes="stats-bars")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#statistics").focus()
        self.action_refresh()

    def action_refresh(self) -> None:
        """Count again."""
        run_service(self, self.read, self._show, group="statistics", exclusive=True)

    def on_resize(self, event: events.Resize) -> None:
        if self.stats is not None:
            self._show(self.stats)

    def _show(self, stats: EntryStatistics) -> None:
        self.stats = stats
        self.query_one("#stats-title", Static).update(stats.title)
        self.query_one("#stats-totals", Static).update(totals_line(stats))
        width = self.size.width - 4  # padding and the scrollbar
        for _, key in GROUPS:
            tallies: tuple[Tally, ...] = getattr(stats, key)
            self.query_one(f"#stats-{key}", Static).update(bar_rows(tallies, stats.entries, width))
