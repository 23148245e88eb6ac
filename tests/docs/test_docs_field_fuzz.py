"""Any field code and any picture: filled, left, or refused in one line; never a crash."""

from __future__ import annotations

from docs_helpers import add_simple_field, build
from docx.document import Document
from hypothesis import given, settings
from hypothesis import strategies as st

from segtui.docs import merge_combined
from segtui.docs.pictures import format_date, format_number
from segtui.domain.errors import InvalidInput

CODE_TEXT = st.text(
    alphabet=st.sampled_from(list(" IFNEXTSKPMRGDL=\"“”\\*@#<>=?0.,;'aZ9-")), max_size=40
)


@settings(max_examples=60, deadline=None)
@given(code=CODE_TEXT)
def test_any_field_code_is_filled_left_or_refused(code: str) -> None:
    def letter(doc: Document) -> None:
        add_simple_field(doc.add_paragraph(), code, "shown")

    try:
        merge_combined(build(letter), [{}, {}], leave_unknown_empty=True)
    except InvalidInput as exc:
        assert "\n" not in exc.message


PICTURE = st.text(alphabet=st.sampled_from(list("0#,.;'-+x %€dMyHhmsAP/")), max_size=30)
VALUE = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
    st.integers().map(str),
    st.text(max_size=12),
    st.dates().map(str),
)


@settings(max_examples=300, deadline=None)
@given(value=VALUE, picture=PICTURE, language=st.sampled_from(["", "ENG", "DEU", "FRA", "XX"]))
def test_any_picture_gives_text(value: str, picture: str, language: str) -> None:
    assert isinstance(format_number(value, picture, language), str)
    assert isinstance(format_date(value, picture, language), str)
