"""What `segtui demo` made."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoSummary:
    """Counts of the demo database's records, and the open segment it left ready."""

    contacts: int
    companies: int
    persons: int
    templates: int
    interactions: int
    logged_segments: int
    segment_no: str
    segment_lines: int

    @property
    def text(self) -> str:
        """The one-line summary the CLI prints."""
        return (
            f"demo database: {self.contacts} contacts ({self.companies} companies, "
            f"{self.persons} persons), {self.templates} templates, {self.interactions} "
            f"interactions in {self.logged_segments} logged segments and single entries, "
            f"open segment {self.segment_no} with {self.segment_lines} lines"
        )
