"""Benchmark: segtui's merge against docx-mailmerge2, same template and data, same process.

Run: .venv/bin/python -m tests.benchmarks.bench_merge [--records 1000]
Prints seconds for 1 000 separate letters and for one combined 1 000-letter document, and
how many times faster segtui is. Not a test (pytest does not collect it).
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.text.paragraph import Paragraph
from mailmerge import MailMerge

from segtui.docs import MergeTemplate, merge_combined, merge_documents

FIELDS = [
    "Contact_Name", "Company_Name", "Address", "Post_Code", "City", "Country",
    "Document_Date", "Formal_Salutation", "Comment", "Salesperson_Name",
    "Salesperson_Job_Title", "Our_Company_Name",
]  # fmt: skip
FILLER = (
    "Thank you for your interest in our spring collection. We are pleased to send you our "
    "new catalogue, with the prices that apply until the end of the season. "
)


def add_field(p: Paragraph, name: str) -> None:
    """A complex MERGEFIELD as Word writes it (code split over runs, shown result)."""
    for inner in (
        '<w:fldChar w:fldCharType="begin"/>',
        '<w:instrText xml:space="preserve"> MERGEFIELD </w:instrText>',
        f'<w:instrText xml:space="preserve">{name} \\* MERGEFORMAT </w:instrText>',
        '<w:fldChar w:fldCharType="separate"/>',
        f"<w:t>«{name}»</w:t>",
        '<w:fldChar w:fldCharType="end"/>',
    ):
        p._p.append(parse_xml(f"<w:r {nsdecls('w')}><w:rPr><w:b/></w:rPr>{inner}</w:r>"))


def make_template(path: Path) -> None:
    """A one-page sales letter: fields in the header, address block, body and signature."""
    document = docx.Document()
    header = document.sections[0].header.paragraphs[0]
    add_field(header, "Our_Company_Name")
    for name in ("Contact_Name", "Company_Name", "Address"):
        add_field(document.add_paragraph(), name)
    p = document.add_paragraph()
    add_field(p, "Post_Code")
    p.add_run(" ")
    add_field(p, "City")
    add_field(document.add_paragraph(), "Country")
    add_field(document.add_paragraph(), "Document_Date")
    add_field(document.add_paragraph(), "Formal_Salutation")
    for _ in range(6):
        document.add_paragraph(FILLER * 3)
    add_field(document.add_paragraph(), "Comment")
    document.add_paragraph("Yours sincerely,")
    add_field(document.add_paragraph(), "Salesperson_Name")
    add_field(document.add_paragraph(), "Salesperson_Job_Title")
    document.save(path)


def make_records(n: int) -> list[dict[str, str]]:
    """`n` contacts with every field filled (a two-line comment on every third)."""
    return [
        {
            "Contact_Name": f"Contact {i}", "Company_Name": f"Company {i % 97} Ltd",
            "Address": f"{i} High Street", "Post_Code": f"LS{i % 30} {i % 9}AB",
            "City": "Leeds", "Country": "United Kingdom", "Document_Date": "1 May 2025",
            "Formal_Salutation": f"Dear Ms Contact{i},",
            "Comment": "Thank you for your visit.\nSamples follow." if i % 3 == 0 else "",
            "Salesperson_Name": "Robin Kent", "Salesperson_Job_Title": "Sales manager",
            "Our_Company_Name": "Cronus Ltd",
        }
        for i in range(n)
    ]  # fmt: skip


def timed(work: Callable[[], object]) -> float:
    """Seconds one call takes."""
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def compare(n: int, folder: Path) -> tuple[dict[str, tuple[float, float]], tuple[int, int], int]:
    """Time both engines on `n` letters: {mode: (segtui s, docx-mailmerge2 s)}, file sizes,
    and the number of sections in segtui's combined document."""
    template = folder / "letter.docx"
    make_template(template)
    records = make_records(n)

    def segtui_separate() -> None:
        tpl = MergeTemplate.load(template)  # parsing is part of the timed work
        for i, data in enumerate(merge_documents(tpl, records), start=1):
            (folder / f"s{i:04d}.docx").write_bytes(data)

    def mailmerge_separate() -> None:
        for i, record in enumerate(records, start=1):
            with MailMerge(str(template)) as doc:
                doc.merge(**record)
                doc.write(str(folder / f"m{i:04d}.docx"))

    def segtui_combined() -> None:
        (folder / "s_all.docx").write_bytes(merge_combined(template, records))

    def mailmerge_combined() -> None:
        with MailMerge(str(template)) as doc:
            doc.merge_templates(records, separator="nextPage_section")
            doc.write(str(folder / "m_all.docx"))

    results = {}
    for label, ours, theirs in (
        ("separate files", segtui_separate, mailmerge_separate),
        ("combined document", segtui_combined, mailmerge_combined),
    ):
        ours_s, theirs_s = timed(ours), timed(theirs)
        results[label] = (ours_s, theirs_s)
    sizes = (
        (folder / "s_all.docx").stat().st_size,
        (folder / "m_all.docx").stat().st_size,
    )
    # The combined letters really are there: one section per record.
    sections = len(docx.Document(io.BytesIO((folder / "s_all.docx").read_bytes())).sections)
    return results, sizes, sections


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=1000)
    n = parser.parse_args().records
    with tempfile.TemporaryDirectory() as tmp:
        results, sizes, sections = compare(n, Path(tmp))

    print(f"merge of {n} letters, {len(FIELDS)} fields each (seconds; lower is better)")
    print(f"{'mode':<20}{'segtui':>10}{'docx-mailmerge2':>18}{'speed-up':>11}")
    for label, (ours_s, theirs_s) in results.items():
        print(f"{label:<20}{ours_s:>10.3f}{theirs_s:>18.3f}{theirs_s / ours_s:>10.1f}x")
    print(f"combined file size: segtui {sizes[0]:,} B, docx-mailmerge2 {sizes[1]:,} B; "
          f"segtui document has {sections} sections")  # fmt: skip


if __name__ == "__main__":
    main()
