"""The criteria picker at its limits: a pasted filter of thousands of alternatives or tens of
thousands of characters is refused in the dialog, in words, and nothing is added."""

from __future__ import annotations

from textual.widgets import Static

from segtui.services.segments import segments
from segtui.tui.dialogs.criteria_picker import CriteriaPickerScreen
from tests.tui.conftest import press, settle, type_text

SEGMENT = "SEG00003"


async def test_a_filter_past_the_limits_is_refused_in_the_picker_and_adds_nothing(
    make_app,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "a")
        picker = app.screen
        assert isinstance(picker, CriteriaPickerScreen)
        before = len(segments.list_lines(SEGMENT, limit=1000))

        for pasted, says in (
            ("post_code=" + "|".join(f"P{i}" for i in range(600)), "500"),
            ("name=" + "x" * 20_000, "at most 10000"),
        ):
            await press(pilot, "ctrl+u")
            await type_text(pilot, pasted)  # pasted, as a terminal delivers it
            await press(pilot, "ctrl+a")
            assert app.screen is picker, pasted[:20]  # refused: the dialog stays
            error = str(picker.query_one("#error", Static).render())
            assert error and says in error, (pasted[:20], error)
        assert len(segments.list_lines(SEGMENT, limit=1000)) == before
