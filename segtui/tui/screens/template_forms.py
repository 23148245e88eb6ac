"""The template forms and the detail pane: every field of SPEC §1's interaction template as
the form shows it, the lookups it offers, and the text of a template's fields and languages."""

from __future__ import annotations

from dataclasses import dataclass

from segtui.domain.enums import CorrespondenceType, InformationFlow, InitiatedBy
from segtui.domain.errors import InvalidInput
from segtui.domain.templates import TemplateLanguage, TemplateView
from segtui.services.setup import codes
from segtui.services.templates import templates
from segtui.tui.dialogs.form import Choices, FormField
from segtui.tui.dialogs.lookups import YES_NO, code_choices, enum_choices, read_codes


@dataclass(frozen=True)
class Lookups:
    """The codes the template forms offer: interaction groups and languages."""

    groups: Choices
    languages: Choices
    """For the default language: blank is none."""
    import_languages: Choices
    """For an import: blank is the template's default language."""


def read_lookups() -> Lookups:
    """The interaction groups and languages set up (runs in a worker)."""
    entries = codes.list_codes("language")
    return Lookups(
        read_codes("interaction_group"),
        code_choices(entries, blank="(blank: no language)"),
        code_choices(entries, blank="(blank: the template's default)"),
    )


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _field_map_text(field_map: dict[str, str]) -> str:
    """A field map as the form writes it: `TEMPLATE_FIELD:Segtui_Field, …`."""
    return ", ".join(f"{source}:{target}" for source, target in sorted(field_map.items()))


def template_values(view: TemplateView | None) -> dict[str, str]:
    """A template's fields as the form shows them (a new template's defaults for None)."""
    if view is None:
        return {
            "correspondence_type_default": CorrespondenceType.EMAIL.value,
            "ignore_contact_corres_type": "no",
            "unit_cost": "0",
            "unit_duration_min": "0",
            "send_as_attachment": "yes",
        }
    return {
        "description": view.description,
        "group_code": view.group_code,
        "correspondence_type_default": view.correspondence_type_default,
        "ignore_contact_corres_type": _yes_no(view.ignore_contact_corres_type),
        "information_flow": view.information_flow,
        "initiated_by": view.initiated_by,
        "unit_cost": str(view.unit_cost),
        "unit_duration_min": str(view.unit_duration_min),
        "language_code_default": view.language_code_default,
        "send_as_attachment": _yes_no(view.send_as_attachment),
        "field_map": _field_map_text(view.field_map),
    }


def template_fields(
    lookups: Lookups, values: dict[str, str], *, with_code: bool
) -> list[FormField]:
    """The template form: every field of SPEC §1's interaction template, in BC's order."""
    spec: list[tuple[str, str, str, Choices]] = [
        ("description", "Description", "up to 100 characters", ()),
        ("group_code", "Interaction group", "", lookups.groups),
        (
            "correspondence_type_default",
            "Corr. type",
            "email | hard_copy | blank",
            enum_choices(CorrespondenceType),
        ),
        ("ignore_contact_corres_type", "Ignore contact type", "yes | no", YES_NO),
        (
            "information_flow",
            "Information flow",
            "outbound | inbound | blank",
            enum_choices(InformationFlow),
        ),
        ("initiated_by", "Initiated by", "us | them | blank", enum_choices(InitiatedBy)),
        ("unit_cost", "Unit cost", "e.g. 1.50", ()),
        ("unit_duration_min", "Unit duration (min)", "", ()),
        ("language_code_default", "Default language", "", lookups.languages),
        (
            "send_as_attachment",
            "Send as attachment",
            "yes | no (no: the letter is the body)",
            YES_NO,
        ),
        ("field_map", "Field map", "TEMPLATE_FIELD:Segtui_Field, …", ()),
    ]
    if with_code:
        spec.insert(0, ("code", "Code", "up to 20 characters", ()))
    return [
        FormField(key, label, values.get(key, ""), hint, choices)
        for key, label, hint, choices in spec
    ]


def create_from_form(values: dict[str, str]) -> TemplateView:
    """Create a template from the New form's values (runs in a worker)."""
    group = values.get("group_code", "").strip()
    if not group:
        raise InvalidInput("a template needs an interaction group (Ctrl+L in the field lists them)")
    rest = {k: v for k, v in values.items() if k not in ("code", "group_code", "description")}
    if not rest.get("field_map", "").strip():
        rest.pop("field_map", None)
    return templates.new_template(
        values.get("code", ""),
        group,
        values.get("description", ""),
        [f"{key}={value}" for key, value in rest.items()],
    )


def language_line(version: TemplateLanguage, default: str) -> str:
    """One language of the template as the detail pane lists it."""
    marker = "*" if version.language_code == default else ""
    language = (version.language_code or "(blank)") + marker
    return f"   {language:<8} {version.filename or '—':<24} {version.subject or '—'}"


def describe(view: TemplateView) -> str:
    """The detail pane: the template's fields, then its languages with their subjects."""
    corr = CorrespondenceType(view.correspondence_type_default).label or "(blank)"
    flow = InformationFlow(view.information_flow).label or "(blank)"
    initiated = InitiatedBy(view.initiated_by).label or "(blank)"
    lines = [
        f" {view.code} · {view.description or '(no description)'}",
        f" Group {view.group_code or '—'} · Corr. type {corr}"
        f" · Ignore contact corr. type {_yes_no(view.ignore_contact_corres_type)}",
        f" Flow {flow} · Initiated by {initiated} · Cost {view.unit_cost}"
        f" · Duration {view.unit_duration_min} min",
        f" Default language {view.language_code_default or '(blank)'}"
        f" · Send as attachment {_yes_no(view.send_as_attachment)}",
    ]
    if view.field_map:
        lines.append(f" Field map {_field_map_text(view.field_map)}")
    lines.append(" Languages (* default) · document · subject:")
    lines += [language_line(v, view.language_code_default) for v in view.languages] or [
        "   none yet — i imports a .docx for a language"
    ]
    return "\n".join(lines)
