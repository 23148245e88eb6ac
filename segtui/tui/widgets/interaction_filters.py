"""The filter bar of the interaction log entries browser: two rows of fields and choices."""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select

from segtui.domain.dates import parse_optional_date
from segtui.domain.errors import InvalidInput
from segtui.domain.interactions import InteractionQuery

TEXT_ROWS = (
    (
        ("contact", "Contact", "CT…"),
        ("segment", "Segment", "SEG…"),
        ("logged", "Logged", "entry no."),
        ("template", "Template", "code"),
    ),
    (
        ("date_from", "From", "YYYY-MM-DD"),
        ("date_to", "To", "YYYY-MM-DD"),
    ),
)
"""The typed filters, row by row: (key, label, placeholder)."""

TEXT_FILTERS = tuple(field for row in TEXT_ROWS for field in row)
"""Every typed filter, in the order Tab visits them."""

CHOICES = (
    ("canceled", "Canceled", (("all", "all"), ("yes", "yes"), ("no", "no"))),
    (
        "delivery",
        "Delivery",
        # Blank status means delivered, or nothing to deliver (no correspondence type).
        (
            ("all", "all"),
            ("done/none", "blank"),
            ("in progress", "in_progress"),
            ("error", "error"),
        ),
    ),
)
"""The chosen filters on the second row: (key, label, ((shown, value), …)); "all" is any."""


def read_query(
    values: dict[str, str], limit: int | None = None, *, oldest_first: bool = False
) -> InteractionQuery:
    """The filter values as a query; a bad date or entry number is an InvalidInput naming it."""

    def text(key: str) -> str | None:
        return values.get(key, "").strip().upper() or None

    def date(key: str, label: str) -> dt.date | None:
        return parse_optional_date(values.get(key, ""), f"{label}:")

    def entry_no(key: str, label: str) -> int | None:
        typed = values.get(key, "").strip()
        if not typed:
            return None
        if not typed.isdigit() or int(typed) < 1:
            raise InvalidInput(f"{label}: {typed!r} is not a logged segment entry number")
        return int(typed)

    delivery = values.get("delivery", "all")
    return InteractionQuery(
        contact_no=text("contact"),
        segment_no=text("segment"),
        logged_segment_entry_no=entry_no("logged", "Logged"),
        template_code=text("template"),
        date_from=date("date_from", "From"),
        date_to=date("date_to", "To"),
        canceled={"yes": True, "no": False}.get(values.get("canceled", "all")),
        delivery_status=None if delivery == "all" else delivery,
        limit=limit,
        oldest_first=oldest_first,
    )


class InteractionFilters(Vertical):
    """Typed filters (Enter applies them) and chosen ones (applied when chosen)."""

    def compose(self) -> ComposeResult:
        for number, row in enumerate(TEXT_ROWS):
            with Horizontal(classes="filter-bar"):
                for key, label, hint in row:
                    yield Label(label)
                    classes = "date" if key.startswith("date_") else ""
                    yield Input(placeholder=hint, id=f"filter-{key}", classes=classes, compact=True)
                if number == len(TEXT_ROWS) - 1:
                    for key, label, options in CHOICES:
                        yield Label(label)
                        yield Select(
                            options,
                            value="all",
                            allow_blank=False,
                            id=f"filter-{key}",
                            compact=True,
                        )

    def values(self) -> dict[str, str]:
        """Every filter's text or chosen value, by key."""
        typed = {key: self.query_one(f"#filter-{key}", Input).value for key, _, _ in TEXT_FILTERS}
        chosen = {key: str(self.query_one(f"#filter-{key}", Select).value) for key, _, _ in CHOICES}
        return typed | chosen

    def focus_first(self) -> None:
        """Put the cursor in the first filter field."""
        self.query_one(f"#filter-{TEXT_FILTERS[0][0]}", Input).focus()
