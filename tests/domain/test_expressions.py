"""The NAV filter syntax of SPEC §3: every form, clear errors, and parameterised SQL."""

from __future__ import annotations

import re

import peewee as pw
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from segtui.db import models as m
from segtui.db.criteria import contact_condition
from segtui.domain.criteria import make_filter, parse_filter
from segtui.domain.errors import InvalidInput
from segtui.domain.expressions import (
    AllOf,
    Comparison,
    Empty,
    Expression,
    Op,
    Pattern,
    Range,
    parse_expression,
)


def one(condition: object) -> Expression:
    """An expression of a single condition."""
    return Expression((AllOf((condition,)),))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("London", one(Comparison(Op.EQ, "London"))),
        (
            "London|Paris",
            Expression(
                (AllOf((Comparison(Op.EQ, "London"),)), AllOf((Comparison(Op.EQ, "Paris"),)))
            ),
        ),
        ("10..20", one(Range("10", "20"))),
        ("2026-01-01..2026-06-30", one(Range("2026-01-01", "2026-06-30"))),
        ("..20", one(Range(None, "20"))),
        ("10..", one(Range("10", None))),
        ("<>X", one(Comparison(Op.NE, "X"))),
        ("<X", one(Comparison(Op.LT, "X"))),
        ("<=X", one(Comparison(Op.LE, "X"))),
        (">X", one(Comparison(Op.GT, "X"))),
        (">=X", one(Comparison(Op.GE, "X"))),
        ("Lon*", one(Pattern("Lon*"))),
        ("*don", one(Pattern("*don"))),
        ("*on*", one(Pattern("*on*"))),
        ("L?ndon", one(Pattern("L?ndon"))),
        ("<>*x*", one(Pattern("*x*", negated=True))),
        ("@london", one(Comparison(Op.EQ, "london", case_insensitive=True))),
        ("@*lon*", one(Pattern("*lon*", case_insensitive=True))),
        ("''", one(Empty())),
        ("<>''", one(Empty(negated=True))),
        (
            "A*&<>Ann",
            Expression((AllOf((Pattern("A*"), Comparison(Op.NE, "Ann"))),)),
        ),
        ("'A|B'", one(Comparison(Op.EQ, "A|B"))),
        ("'Lon*'", one(Comparison(Op.EQ, "Lon*"))),
        ("'10..20'", one(Comparison(Op.EQ, "10..20"))),
        ("'a'..'b'", one(Range("a", "b"))),
        ("'O''Brien'", one(Comparison(Op.EQ, "O'Brien"))),
        ("  London  ", one(Comparison(Op.EQ, "London"))),
    ],
)
def test_every_syntax_form_parses_to_what_it_means(text: str, expected: Expression) -> None:
    assert parse_expression(text) == expected


def test_alternatives_bind_looser_than_and() -> None:
    parsed = parse_expression("A*&<>Ann|B*")
    assert [len(alt.conditions) for alt in parsed.alternatives] == [2, 1]
    assert parsed.conditions() == [Pattern("A*"), Comparison(Op.NE, "Ann"), Pattern("B*")]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("'abc", "'abc"),
        ("a..b..c", "a..b..c"),
        ("<", "'<'"),
        ("@", "'@'"),
        ("a|", "a|"),
        ("|", "|"),
        ("&x", "&x"),
        (">a*", "'>'"),
        ("<>10..20", "<>10..20"),
        ("..", ".."),
        ("@''", "''"),
        ("<''", "''"),
        ("", "empty"),
        ("   ", "empty"),
        ("a\x00b", "control character"),
        ("x" * 10_001, "too long"),
    ],
)
def test_bad_expressions_name_the_part_at_fault(text: str, named: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_expression(text)
    assert named in info.value.message


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("contact.city", "source.field=expression"),
        ("nosuch.code=X", "unknown source 'nosuch'"),
        ("contact.nosuch=X", "unknown field 'nosuch' of source 'contact'"),
        ("mailing_group=X", "names no field"),
        ("contact.city=<", "contact.city: '<' needs a value"),
        ("interaction.date=2026-13-01", "interaction.date: '2026-13-01' is not a date"),
        ("contact.no_of_interactions=many", "contact.no_of_interactions: 'many' is not a whole"),
        ("contact.privacy_blocked=perhaps", "contact.privacy_blocked: 'perhaps' is not yes/no"),
        ("interaction.date=2026*", "interaction.date: wildcards and @ apply to text fields only"),
        ("contact.no_of_interactions=@1", "wildcards and @ apply to text fields only"),
    ],
)
def test_bad_filters_name_source_field_and_value(text: str, named: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_filter(text)
    assert named in info.value.message


def test_filter_text_form_round_trips_and_defaults_to_contact() -> None:
    assert parse_filter("city=@lon*").text == "contact.city=@lon*"
    assert parse_filter(" Mailing_Group.CODE =NEWS|PRESS").text == "mailing_group.code=NEWS|PRESS"
    assert parse_filter("interaction.date=2026-01-01..").text == "interaction.date=2026-01-01.."
    # The expression keeps an `=` of its own: `contact.city==x` means city equals x.
    assert parse_filter("contact.city==x").parsed == one(Comparison(Op.EQ, "x"))
    # A comparison may follow the field directly, as users tend to write it.
    assert parse_filter("contact.no_of_interactions>=2").text == "contact.no_of_interactions=>=2"
    assert parse_filter("contact.city<>Paris").parsed == one(Comparison(Op.NE, "Paris"))
    assert parse_filter("contact.city<'a=b'").parsed == one(Comparison(Op.LT, "a=b"))


@pytest.mark.parametrize("value", ["yes", "no", "TRUE", "false", "1", "0"])
def test_booleans_accept_the_documented_words(value: str) -> None:
    assert parse_filter(f"contact.exclude_from_segment={value}").expression == value


# --- properties ----------------------------------------------------------------------------

SAFE = st.lists(
    st.sampled_from([*"abcXYZ019 .-'\";%_\\/*?@<>=&|()é€中😀\t", "--", "..", "''"]),
    max_size=20,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(SAFE)
def test_any_text_either_parses_or_is_invalid_input(text: str) -> None:
    try:
        parsed = parse_expression(text)
    except InvalidInput as exc:
        assert exc.message
    else:
        assert parsed.alternatives


MARKER = "x'; DROP TABLE contact; --"
VALUE = st.text(alphabet=st.sampled_from(list('ab9 ;%_\\"-é中😀')), max_size=8).map(
    lambda tail: MARKER + tail
)


def _quoted(value: str) -> str:
    """A value written so the parser takes it literally."""
    return "'" + value.replace("'", "''") + "'"


CONDITION = st.one_of(
    VALUE.map(_quoted),
    st.tuples(st.sampled_from(["<>", "<", "<=", ">", ">=", "@", "<>@"]), VALUE).map(
        lambda t: t[0] + _quoted(t[1])
    ),
    st.tuples(VALUE, VALUE).map(lambda t: f"{_quoted(t[0])}..{_quoted(t[1])}"),
    VALUE.map(lambda v: "@" + v.replace("'", "").replace("|", "").replace("&", "") + "*"),
    st.just("''"),
    st.just("<>''"),
)
EXPRESSION = st.lists(st.lists(CONDITION, min_size=1, max_size=3), min_size=1, max_size=3).map(
    lambda alts: "|".join("&".join(alt) for alt in alts)
)


def _sql_of(expression: str, field: str = "city") -> tuple[str, list[object]]:
    """The SQL and parameters of a contact query filtered by `contact.field=expression`."""
    flt = make_filter("contact", field, expression)
    query = m.Contact.select(m.Contact.no).where(contact_condition([flt]))
    sql, params = query.sql()
    return sql, list(params)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(EXPRESSION)
def test_user_values_only_ever_reach_sql_as_parameters(
    database: pw.Database, expression: str
) -> None:
    sql, params = _sql_of(expression)
    assert "DROP" not in sql
    assert ";" not in sql
    # The only quoted literal in the SQL is LIKE's ESCAPE character, never user text.
    assert re.sub(r"ESCAPE '\\'", "", sql).count("'") == 0
    if "x'" in expression.replace("''", "'"):
        assert any(isinstance(p, str) and "drop table contact" in p.lower() for p in params)
    # The query runs: parameters are bound, not spliced.
    assert database.execute_sql(sql, params).fetchall() == []


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(SAFE)
def test_any_parsed_text_compiles_without_user_text_in_sql(
    database: pw.Database, text: str
) -> None:
    try:
        sql, params = _sql_of(text)
    except InvalidInput:
        return
    assert re.sub(r"ESCAPE '\\'", "", sql).count("'") == 0
    assert database.execute_sql(sql, params).fetchall() == []
