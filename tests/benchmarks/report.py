"""One result per operation and size, printed as one table or one JSON document."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Result:
    """One measured operation: our figure, the baseline's, their ratio and the target.

    `ratio` is value / baseline_value. For targets that are absolute (the TUI's) the baseline
    is the budget itself, so a ratio ≤ 1 means within budget. `extra` holds secondary
    figures (a bare-statement ratio, p95…).
    """

    operation: str
    size: int
    value: float
    unit: str = "s"
    baseline: str = ""
    baseline_value: float | None = None
    target: str = ""
    met: bool | None = None
    rows: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    backend: str = "sqlite"  # or "postgresql": which database the figure was measured on

    @property
    def ratio(self) -> float | None:
        """Our figure over the baseline's, measured in the same process on the same data."""
        if not self.baseline_value:
            return None
        return self.value / self.baseline_value

    def as_dict(self) -> dict[str, Any]:
        """The result for the JSON document, ratio included."""
        data = asdict(self)
        data["ratio"] = None if self.ratio is None else round(self.ratio, 3)
        return data


def _number(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _extra(extra: dict[str, Any]) -> str:
    parts = []
    for key, value in extra.items():
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        parts.append(f"{key}={shown}")
    return " ".join(parts)


def table(results: list[Result]) -> str:
    """The results as one fixed-width table (ratio = ours / baseline)."""
    head = (
        f"{'backend':<10} {'operation':<34} {'size':>9} {'rows':>8} {'value':>11} {'baseline':>11} "
        f"{'ratio':>7}  {'target':<18} {'met':<4} {'baseline / notes'}"
    )
    out = [head, "-" * len(head)]
    for r in results:
        met = "—" if r.met is None else ("yes" if r.met else "NO")
        notes = " ".join(x for x in (r.baseline, _extra(r.extra)) if x)
        rows = "" if r.rows is None else f"{r.rows:,}"
        out.append(
            f"{r.backend:<10} {r.operation:<34} {r.size:>9,} {rows:>8} "
            f"{_number(r.value):>9} {r.unit:<1} {_number(r.baseline_value):>9} {r.unit:<1} "
            f"{_number(r.ratio, 2):>7}  "
            f"{r.target:<18} {met:<4} {notes}"
        )
    return "\n".join(out)


def document(results: list[Result], meta: dict[str, Any]) -> str:
    """The results as one JSON document."""
    return json.dumps(
        {"meta": meta, "results": [r.as_dict() for r in results]}, indent=2, default=str
    )
