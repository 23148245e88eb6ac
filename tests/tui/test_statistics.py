"""Statistics of a logged segment (F3 → t) and of a campaign (F7 campaigns → t)."""

from __future__ import annotations

from collections import Counter

from textual.widgets import Static

from segtui.domain.interactions import InteractionQuery
from segtui.services.log import interactions, logged
from segtui.tui.screens.logged import LoggedScreen
from segtui.tui.screens.setup import SetupScreen
from segtui.tui.screens.statistics import StatisticsScreen
from tests.tui.conftest import press, settle


def text(app, widget_id: str) -> str:
    return str(app.screen.query_one(f"#{widget_id}", Static).render())


async def test_statistics_count_a_logged_segment_and_a_campaign(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        newest = logged.list_logged_segments()[0]
        query = InteractionQuery(logged_segment_entry_no=newest.entry_no, canceled=False)
        entries = interactions.list_interactions(query)
        await press(pilot, "f3")
        assert isinstance(app.screen, LoggedScreen)
        await press(pilot, "t")
        assert isinstance(app.screen, StatisticsScreen)
        assert text(app, "stats-title").startswith(f"Logged segment {newest.entry_no}")
        assert text(app, "stats-totals").startswith(f"{len(entries)} entries")
        by_type = text(app, "stats-by_correspondence_type")
        for kind, count in Counter(e.correspondence_type for e in entries).items():
            label = {"hard_copy": "Hard copy", "email": "Email"}.get(kind, "none (not delivered)")
            row = next(line for line in by_type.splitlines() if line.strip().startswith(label))
            assert row.rstrip().endswith(f"{count} {count / len(entries):>4.0%}")
            assert "█" in row
        assert len(max(by_type.splitlines(), key=len)) <= 80
        assert "not evaluated" in text(app, "stats-by_evaluation")

        await press(pilot, "escape", "f7", "left_square_bracket", "left_square_bracket")
        assert isinstance(app.screen, SetupScreen)
        campaign = app.screen.highlighted
        assert campaign is not None
        await press(pilot, "t")
        assert isinstance(app.screen, StatisticsScreen)
        mine = interactions.list_interactions()
        count = sum(1 for e in mine if e.campaign_no == campaign.code and not e.canceled)
        assert text(app, "stats-title").startswith(f"Campaign {campaign.code}")
        assert text(app, "stats-totals").startswith(f"{count} entr")
