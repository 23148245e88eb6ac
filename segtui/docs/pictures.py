"""Word's picture switches: `\\@` for dates, `\\#` for numbers, in the letter's language.

Month and day names, and the decimal and grouping symbols, come from Babel (CLDR) for the
language of the line: ISO 639-2 codes such as ENG, DEU, FRA (and Business Central's
Windows codes such as ENU, DES, whose first two letters name the language). A value that
is not a date (ISO `YYYY-MM-DD`, optionally with a time) or not a number is shown as it is,
as Word does.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from functools import lru_cache
from typing import Literal

from babel import Locale, UnknownLocaleError
from babel.dates import get_day_names, get_month_names
from babel.numbers import get_decimal_symbol, get_group_symbol

# Pictures are short in practice; longer ones are cut so a template cannot make work grow.
MAX_PICTURE = 200
_DATE_TOKEN = re.compile(
    r"'[^']*'|d{1,4}|M{1,4}|y{4}|y{1,2}|H{1,2}|h{1,2}|m{1,2}|s{1,2}|AM/PM|am/pm|.", re.DOTALL
)
_PLACES = "0#"
MAX_NUMBER_DIGITS = 100  # longer "numbers" (account numbers, codes) are shown as they are


@lru_cache(maxsize=64)
def locale_for(language: str) -> Locale:
    """The Babel locale of a language code (ENG, DEU, fr, de-AT…); English when unknown."""
    code = language.strip().replace("-", "_")
    for candidate in (code.lower(), code[:2].lower()):
        if not candidate:
            continue
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse("en")


def parse_date(value: str) -> dt.datetime | None:
    """The date (and time) an ISO value holds, or None."""
    text = value.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?", text):
        return None
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


def _date_piece(token: str, when: dt.datetime, locale: Locale, with_day: bool) -> str:
    """One token of a date picture for `when`."""
    # Names of months next to a day number take the grammatical "format" form (5 марта);
    # alone they take the stand-alone form (март 2024).
    context: Literal["format", "stand-alone"] = "format" if with_day else "stand-alone"
    if token[0] == "'":
        return token[1:-1]
    kind, n = token[0], len(token)
    if kind == "d":
        if n <= 2:
            return f"{when.day:0{n}d}"
        width: Literal["abbreviated", "wide"] = "abbreviated" if n == 3 else "wide"
        return str(get_day_names(width, context="format", locale=locale)[when.weekday()])
    if kind == "M":
        if n <= 2:
            return f"{when.month:0{n}d}"
        month_width: Literal["abbreviated", "wide"] = "abbreviated" if n == 3 else "wide"
        return str(get_month_names(month_width, context=context, locale=locale)[when.month])
    if kind == "y":
        return f"{when.year:04d}" if n == 4 else f"{when.year % 100:02d}"
    if kind == "H":
        return f"{when.hour:0{n}d}"
    if kind == "h":
        return f"{(when.hour % 12) or 12:0{n}d}"
    if kind == "m":
        return f"{when.minute:0{n}d}"
    if kind == "s":
        return f"{when.second:0{n}d}"
    if token in ("AM/PM", "am/pm"):
        mark = "AM" if when.hour < 12 else "PM"
        return mark if token == "AM/PM" else mark.lower()
    return token


def format_date(value: str, picture: str, language: str = "") -> str:
    """`value` shown through a `\\@` picture such as "d MMMM yyyy"; unchanged if no date."""
    when = parse_date(value)
    if when is None:
        return value
    locale = locale_for(language)
    tokens = _DATE_TOKEN.findall(picture[:MAX_PICTURE])
    with_day = any(t in ("d", "dd") for t in tokens)
    return "".join(_date_piece(t, when, locale, with_day) for t in tokens)


def parse_number(value: str) -> Decimal | None:
    """The number a value holds ("1234.5", "-3", "1,250.00"), or None."""
    text = value.strip().replace(",", "")
    if len(text) > MAX_NUMBER_DIGITS or not re.fullmatch(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _literal(text: str) -> str:
    """Picture text outside the digits, with its single quotes taken off."""
    return re.sub(r"'([^']*)'", r"\1", text)


def _group(digits: str, symbol: str) -> str:
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return symbol.join(parts)


def _section(number: Decimal, picture: str, locale: Locale, signed: bool) -> str:
    """`number` (not negative unless `signed`) through one section of a numeric picture."""
    places = [i for i, ch in enumerate(picture) if ch in _PLACES]
    if not places:
        return _literal(picture)
    start, end = places[0], places[-1] + 1
    if start and picture[start - 1] in ".,":
        start -= 1
    prefix, core, suffix = _literal(picture[:start]), picture[start:end], _literal(picture[end:])
    # The later of . and , is the decimal point (an English or a German-made picture).
    dot, comma = core.rfind("."), core.rfind(",")
    point = max(dot, comma) if dot >= 0 and comma >= 0 else dot
    whole, fraction = (core[:point], core[point + 1 :]) if point >= 0 else (core, "")
    decimals = sum(ch in _PLACES for ch in fraction)
    # Enough precision for any value a data file holds and any picture up to MAX_PICTURE.
    with localcontext() as ctx:
        ctx.prec = 2 * MAX_PICTURE + len(str(number))
        value = abs(number).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    int_digits, _, frac_digits = f"{value:f}".partition(".")
    if int_digits == "0" and "0" not in whole:
        int_digits = ""
    int_digits = int_digits.rjust(whole.count("0"), "0")
    # Trailing # decimals are dropped when they are zero; 0 decimals always stay.
    keep = sum(ch in _PLACES for ch in fraction.rstrip("#"))
    frac_digits = frac_digits[:decimals]
    while len(frac_digits) > keep and frac_digits.endswith("0"):
        frac_digits = frac_digits[:-1]
    grouped = "," in whole or "." in whole  # what is left of the point groups digits
    shown = _group(int_digits, get_group_symbol(locale)) if grouped and int_digits else int_digits
    pad = sum(ch == "#" for ch in whole) + whole.count("0") - len(int_digits)
    shown = " " * max(pad, 0) + shown
    if frac_digits:
        shown += get_decimal_symbol(locale) + frac_digits
    negative = number < 0 and signed
    sign = ""
    if "-" in prefix or "+" in prefix:
        char = "+" if "+" in prefix else "-"
        prefix = prefix.replace(
            char, "-" if negative else ("+" if char == "+" and number > 0 else " "), 1
        )
    elif negative:
        sign = "-"
    return f"{sign}{prefix}{shown}{suffix}"


def format_number(value: str, picture: str, language: str = "") -> str:
    """`value` shown through a `\\#` picture such as "#,##0.00"; unchanged if no number."""
    number = parse_number(value)
    if number is None:
        return value
    locale = locale_for(language)
    sections = picture[:MAX_PICTURE].split(";")
    if number < 0 and len(sections) > 1:
        return _section(number, sections[1], locale, signed=False)
    if number == 0 and len(sections) > 2:
        return _section(number, sections[2], locale, signed=False)
    return _section(number, sections[0], locale, signed=True)
