"""Letters of segment lines and interaction log entries: their merge values and results."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from segtui.domain.merge_fields import (
    FIELD_NAMES,
    apply_salutation_formula,
    formal_salutation,
    informal_salutation,
    mail_address,
)

# SPEC §4's names plus the second address line of our company, which settings also hold.
VOCABULARY: tuple[str, ...] = (*FIELD_NAMES, "Our_Address_2")

# Contact numbers are codes, but imports may bring odd ones: only these make a file name.
_SAFE_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}")


@dataclass(frozen=True)
class Addressee:
    """The contact and salesperson values a letter is merged with (live, or a snapshot)."""

    contact_no: str
    name: str
    company_name: str = ""
    first_name: str = ""
    surname: str = ""
    salutation: str = ""
    job_title: str = ""
    address: str = ""
    address_2: str = ""
    post_code: str = ""
    city: str = ""
    county: str = ""
    country: str = ""
    phone: str = ""
    mobile: str = ""
    email: str = ""
    salesperson_name: str = ""
    salesperson_email: str = ""
    salesperson_phone: str = ""
    salesperson_job_title: str = ""
    # The contact's salutation formulas in the letter's language ('' = built-in English).
    formal_formula: str = ""
    informal_formula: str = ""

    def salutations(self) -> tuple[str, str]:
        """The formal and informal greeting: the formulas filled, else the English ones."""
        parts = {
            "first_name": self.first_name,
            "surname": self.surname,
            "name": self.name,
            "title": self.salutation,
            "job_title": self.job_title,
            "company_name": self.company_name,
        }
        formal = apply_salutation_formula(self.formal_formula, parts)
        informal = apply_salutation_formula(self.informal_formula, parts)
        return (
            formal or formal_salutation(self.salutation, self.first_name, self.surname, self.name),
            informal or informal_salutation(self.first_name, self.name),
        )


@dataclass(frozen=True)
class LetterDocument:
    """The document-level values of a letter: date, segment, description, subject, campaign."""

    date: dt.date | None
    segment_no: str
    description: str
    subject: str
    campaign_no: str
    comment: str


@dataclass(frozen=True)
class LetterSource:
    """Everything needed to make and deliver one letter (of a line or of an entry).

    `key` is the line number or the entry number; `attachment_id` is the line's unique
    document (`unique`), or for an entry the document it was logged with.
    """

    key: int
    contact_no: str
    template_code: str
    language_code: str
    attachment_id: int | None
    unique: bool
    correspondence_type: str
    email: str
    subject: str
    values: Mapping[str, str] = field(repr=False)
    send_as_attachment: bool = True


@dataclass(frozen=True)
class TemplateCheck:
    """The merge fields a template has and those segtui cannot fill (after its field map)."""

    template_code: str
    language_code: str
    fields: tuple[str, ...]
    unknown: tuple[str, ...]


@dataclass(frozen=True)
class MergeReport:
    """What `segment merge` wrote: one entry per file (letters, or PDFs when asked)."""

    segment_no: str
    letters: int
    unique_documents: int
    files: tuple[Path, ...]
    pdfs: tuple[Path, ...] = ()
    replaced: int = 0  # files of the same name the merge wrote over (--overwrite)
    kept: int = 0  # other files already in the folder, left as they were


@dataclass(frozen=True)
class LetterPreview:
    """A line's letter as plain text; `comment` is the part of `text` to highlight.

    `comment_start` is where `comment` begins in `text` (-1 when the letter shows no
    comment); `source` names the document used ("LETTER (ENG)", "unique document").
    """

    text: str
    comment: str
    comment_start: int = -1
    contact_no: str = ""
    source: str = ""

    @property
    def comment_end(self) -> int:
        """Where the comment ends in `text` (-1 when there is none)."""
        return self.comment_start + len(self.comment) if self.comment_start >= 0 else -1


def merge_values(
    person: Addressee, document: LetterDocument, our_company: Mapping[str, object]
) -> dict[str, str]:
    """The merge record of SPEC §4 for one letter, keyed by the vocabulary's names."""
    p = person
    place = " ".join(s for s in (p.post_code.strip(), p.city.strip()) if s)
    # A person's letter names the person, then the company; a company's names it once.
    company_line = p.company_name if p.company_name.strip() != p.name.strip() else ""
    block = mail_address(p.name, company_line, p.address, p.address_2, place, p.county, p.country)
    formal, informal = p.salutations()

    def our(key: str) -> str:
        value = our_company.get(key, "")
        return "" if value is None else str(value)

    return {
        "Contact_No": p.contact_no,
        "Contact_Name": p.name,
        "Company_Name": p.company_name,
        "First_Name": p.first_name,
        "Surname": p.surname,
        "Job_Title": p.job_title,
        "Address": p.address,
        "Address_2": p.address_2,
        "Post_Code": p.post_code,
        "City": p.city,
        "County": p.county,
        "Country": p.country,
        "Phone": p.phone,
        "Mobile": p.mobile,
        "Email": p.email,
        "Mail_Address": block,
        "Formal_Salutation": formal,
        "Informal_Salutation": informal,
        "Salesperson_Name": p.salesperson_name,
        "Salesperson_Email": p.salesperson_email,
        "Salesperson_Phone": p.salesperson_phone,
        "Salesperson_Job_Title": p.salesperson_job_title,
        "Document_Date": document.date.isoformat() if document.date else "",
        "Segment_No": document.segment_no,
        "Description": document.description,
        "Subject": document.subject,
        "Campaign_No": document.campaign_no,
        "Our_Company_Name": our("name"),
        "Our_Address": our("address"),
        "Our_Address_2": our("address_2"),
        "Our_Post_Code": our("post_code"),
        "Our_City": our("city"),
        "Our_Country": our("country"),
        "Our_Phone": our("phone"),
        "Our_Email": our("email"),
        "Comment": document.comment.replace("\r\n", "\n").replace("\r", "\n"),
    }


def safe_code(code: str) -> str | None:
    """`code` when it is fit for a file name (letters, digits, - and _), else None."""
    return code if _SAFE_CODE.fullmatch(code) else None


def line_file_stem(contact_no: str, line_no: int) -> str:
    """The file name (without suffix) of a line's letter: its contact number, else the line."""
    return safe_code(contact_no) or f"L{line_no:06d}"


def entry_file_stem(entry_no: int, contact_no: str) -> str:
    """The file name (without suffix) of an entry's letter, e.g. E000123-CT000045."""
    code = safe_code(contact_no)
    return f"E{entry_no:06d}-{code}" if code else f"E{entry_no:06d}"
