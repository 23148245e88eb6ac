"""Invent the demo's companies and persons with their classifications, in bulk.

Rows are made with cheap Python (choices from small lists) and written in batches with
`executemany`, so a million contacts take seconds, not minutes.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from segtui.db.bulk import insert_rows
from segtui.db.models import (
    BaseModel,
    Contact,
    ContactBusinessRelation,
    ContactIndustryGroup,
    ContactJobResponsibility,
    ContactMailingGroup,
    ContactProfileAnswer,
)
from segtui.db.numbering import format_number, reserve_numbers
from segtui.domain.contacts import CONTACT_FIELDS
from segtui.services.demo.data import (
    BUSINESS_RELATIONS,
    COMPANY_TRADES,
    COMPANY_WORDS,
    COUNTRIES,
    INDUSTRY_GROUPS,
    JOB_TITLES,
    MAILING_GROUPS,
    SALESPEOPLE,
    CountryData,
)

T = TypeVar("T")
FLUSH_ROWS = 20000
SAMPLE_SIZE = 3000
# The demo's salutation codes (their formulas are made in demo.py).
COMPANY_SALUTATION, FEMALE_SALUTATION, MALE_SALUTATION = "COMPANY", "FEMALE", "MALE"

CONTACT_COLUMNS: tuple[str, ...] = (*CONTACT_FIELDS, "created_at", "updated_at")
# Column positions in a contact row, for the code that reads rows back.
COL = {name: i for i, name in enumerate(CONTACT_COLUMNS)}

# Persons per company (1–6), weighted so about a quarter of all contacts are companies.
PERSONS_PER_COMPANY = (1, 2, 3, 4, 5, 6)
PERSONS_WEIGHTS = (3, 3, 3, 2, 1, 1)
# Weighted choices as lists with repeats: indexing by random() beats random.choices per row.
CORRESPONDENCE = ("",) * 3 + ("email",) * 5 + ("hard_copy",) * 2
BUSINESS_WEIGHTS = (50, 30, 10, 8, 2)


def _slug(text: str) -> str:
    """Lower-case ASCII for e-mail addresses ("Jørgensen" → "jorgensen")."""
    folded = unicodedata.normalize("NFKD", text.replace("ø", "o").replace("Ø", "O"))
    return "".join(c for c in folded.lower() if c.isascii() and c.isalnum())


@dataclass
class _Batch:
    """Rows waiting to be written, per table."""

    contacts: list[tuple[object, ...]] = field(default_factory=list)
    mailing: list[tuple[str, str]] = field(default_factory=list)
    industry: list[tuple[str, str]] = field(default_factory=list)
    business: list[tuple[str, str]] = field(default_factory=list)
    jobs: list[tuple[str, str]] = field(default_factory=list)
    answers: list[tuple[str, int]] = field(default_factory=list)

    def flush(self) -> None:
        """Write every waiting row (contacts first: the links refer to them)."""
        if self.contacts:
            insert_rows(Contact._meta.table_name, CONTACT_COLUMNS, self.contacts)
        links: tuple[tuple[type[BaseModel], str, Sequence[tuple[object, ...]]], ...] = (
            (ContactMailingGroup, "mailing_group_code", self.mailing),
            (ContactIndustryGroup, "industry_group_code", self.industry),
            (ContactBusinessRelation, "business_relation_code", self.business),
            (ContactJobResponsibility, "job_responsibility_code", self.jobs),
            (ContactProfileAnswer, "answer_id", self.answers),
        )
        for model, column, rows in links:
            if rows:
                insert_rows(model._meta.table_name, ("contact_no", column), rows)
        self.contacts.clear()
        for _, _, rows in links:
            rows.clear()  # type: ignore[attr-defined]


@dataclass(frozen=True)
class MadeContacts:
    """What was generated: counts and the first contacts' rows for history and the segment."""

    companies: int
    persons: int
    sample: list[tuple[object, ...]]


def generate_contacts(
    rng: random.Random, count: int, answer_ids: dict[tuple[str, str], int], stamp: object
) -> MadeContacts:
    """Insert `count` contacts (companies each followed by their persons) with their links."""
    prefix, width, first = reserve_numbers("CONTACT", count)
    numbers = (format_number(prefix, width, first + i) for i in range(count))
    slugs = {
        name: _slug(name)
        for country in COUNTRIES
        for name in (*country.first_names_f, *country.first_names_m, *country.surnames)
    }
    domains = {(w, t): _slug(w) + _slug(t) for w in COMPANY_WORDS for t in COMPANY_TRADES}
    salespeople = [s[0] for s in SALESPEOPLE]
    industries = [code for code, _ in INDUSTRY_GROUPS]
    relations = [code for code, _ in BUSINESS_RELATIONS]
    mailing = [code for code, _ in MAILING_GROUPS]
    sizes = rng.choices(PERSONS_PER_COMPANY, PERSONS_WEIGHTS, k=count // 2 + 1)
    countries = rng.choices(COUNTRIES, [c.weight for c in COUNTRIES], k=count // 2 + 1)
    size_answers = [answer_ids[("SIZE", a)] for a in ("SMALL", "MEDIUM", "LARGE")]
    interest_answers = [answer_ids[("INTEREST", a)] for a in ("PRICE", "QUALITY", "SERVICE")]

    batch = _Batch()
    sample: list[tuple[object, ...]] = []
    made = companies = 0
    relations = [r for r, w in zip(relations, BUSINESS_WEIGHTS, strict=True) for _ in range(w)]
    random_ = rng.random

    def choice(seq: Sequence[T]) -> T:
        """One element, drawn with a single random() (random.choice costs several calls)."""
        return seq[int(random_() * len(seq))]

    def randrange(low: int, high: int) -> int:
        """A whole number in [low, high), from a single random()."""
        return low + int(random_() * (high - low))

    while made < count:
        country: CountryData = countries[companies]
        persons = min(sizes[companies], count - made - 1)
        companies += 1
        made += 1 + persons

        word, trade = choice(COMPANY_WORDS), choice(COMPANY_TRADES)
        domain = f"{domains[word, trade]}.{country.tld}"
        city, post_code, county = choice(country.cities)
        street = choice(country.streets)
        number = randrange(1, 250)
        address = f"{number} {street}" if country.number_first else f"{street} {number}"
        salesperson = choice(salespeople)
        territory = choice(country.territories)
        language = country.language
        company_no = next(numbers)
        company_has_email = random_() < 0.9
        corr = choice(CORRESPONDENCE)
        if not company_has_email and corr == "email":
            corr = "hard_copy"
        rows = batch.contacts
        rows.append(
            (
                company_no,
                "company",
                f"{word} {trade} {choice(country.company_suffixes)}",
                "",
                "",
                "",
                "",
                COMPANY_SALUTATION,
                "",
                address,
                "",
                post_code,
                city,
                county,
                country.code,
                f"{country.phone_prefix} {randrange(10_000_000, 99_999_999)}",
                "",
                f"info@{domain}" if company_has_email else "",
                language,
                salesperson,
                territory,
                corr,
                random_() < 0.03,
                random_() < 0.02,
                stamp,
                stamp,
            )
        )
        batch.industry.append((company_no, choice(industries)))
        batch.business.append((company_no, choice(relations)))
        if random_() < 0.2:
            batch.answers.append((company_no, choice(size_answers)))
        if random_() < 0.1:
            batch.answers.append((company_no, choice(interest_answers)))
        if random_() < 0.25:
            batch.mailing.append((company_no, choice(mailing)))

        for _ in range(persons):
            person_no = next(numbers)
            female = random_() < 0.5
            first_name = choice(country.first_names_f if female else country.first_names_m)
            surname = choice(country.surnames)
            job_title, responsibility = choice(JOB_TITLES)
            has_email = random_() < 0.85
            corr = choice(CORRESPONDENCE)
            if not has_email and corr == "email":
                corr = "hard_copy"
            rows.append(
                (
                    person_no,
                    "person",
                    f"{first_name} {surname}",
                    company_no,
                    first_name,
                    surname,
                    "Dr" if random_() < 0.05 else ("Ms" if female else "Mr"),
                    FEMALE_SALUTATION if female else MALE_SALUTATION,
                    job_title,
                    address,
                    "",
                    post_code,
                    city,
                    county,
                    country.code,
                    f"{country.phone_prefix} {randrange(10_000_000, 99_999_999)}",
                    f"{country.phone_prefix} 7{randrange(10_000_000, 99_999_999)}"
                    if random_() < 0.6
                    else "",
                    f"{slugs[first_name]}.{slugs[surname]}@{domain}" if has_email else "",
                    language,
                    salesperson,
                    territory,
                    corr,
                    random_() < 0.03,
                    random_() < 0.02,
                    stamp,
                    stamp,
                )
            )
            if random_() < 0.5:
                batch.jobs.append((person_no, responsibility))
            if random_() < 0.25:
                batch.mailing.append((person_no, choice(mailing)))

        if len(sample) < SAMPLE_SIZE:
            sample.extend(rows[-1 - persons :])
        if len(rows) >= FLUSH_ROWS:
            batch.flush()
    batch.flush()
    return MadeContacts(companies=companies, persons=count - companies, sample=sample)


def names_of_companies(sample: Sequence[tuple[object, ...]]) -> dict[str, str]:
    """Company number → company name, for the sample's contacts."""
    return {str(r[COL["no"]]): str(r[COL["name"]]) for r in sample if r[COL["type"]] == "company"}
