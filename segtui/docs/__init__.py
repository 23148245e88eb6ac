"""Word documents: template field scan, merge engine, combined letters, PDF via LibreOffice."""

from segtui.docs.combined import merge_combined
from segtui.docs.merge import merge_document, merge_documents
from segtui.docs.pdf import convert_to_pdf, find_office
from segtui.docs.template import MergeTemplate, check_fields, check_renders, scan_fields
from segtui.docs.values import LanguageRecord

__all__ = [
    "LanguageRecord",
    "MergeTemplate",
    "check_fields",
    "check_renders",
    "convert_to_pdf",
    "find_office",
    "merge_combined",
    "merge_document",
    "merge_documents",
    "scan_fields",
]
