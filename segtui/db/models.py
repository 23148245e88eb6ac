"""The tables of SPEC §1 as Peewee models.

Codes (contacts, segments, templates…) are text keys; entry numbers of logged segments and
interaction log entries come from the database's own sequence. Structural links are
foreign keys; classification codes on a contact are plain, indexed text columns that the
services check on write.
"""

from __future__ import annotations

import datetime as dt

import peewee as pw

from segtui.db.proxy import db


def now() -> dt.datetime:
    """The current time, to the second (what users see and what both backends store alike)."""
    return dt.datetime.now().replace(microsecond=0)


class BaseModel(pw.Model):
    """Every table lives in the one database segtui opened."""

    class Meta:
        database = db
        legacy_table_names = False


def code_column(**kwargs: object) -> pw.CharField:
    """A short code column (salesperson, language, template…), empty when not set."""
    kwargs.setdefault("default", "")
    return pw.CharField(max_length=20, **kwargs)  # type: ignore[arg-type,call-overload]


def text_column(max_length: int = 100, **kwargs: object) -> pw.CharField:
    """A free-text column, empty when not set."""
    kwargs.setdefault("default", "")
    return pw.CharField(max_length=max_length, **kwargs)  # type: ignore[arg-type,call-overload]


def money() -> pw.DecimalField:
    """An amount (cost) or a quantity with decimals (duration in minutes)."""
    return pw.DecimalField(max_digits=14, decimal_places=2, default=0, auto_round=True)


class Setting(BaseModel):
    """Key/value facts about the database itself, such as its schema version."""

    key = pw.CharField(max_length=50, primary_key=True)
    value = pw.TextField()


class NumberSeries(BaseModel):
    """The last number handed out for one kind of record (CT000001, SEG00001…)."""

    code = pw.CharField(max_length=20, primary_key=True)
    prefix = pw.CharField(max_length=10)
    width = pw.IntegerField()
    last_no = pw.IntegerField(default=0)


# --- classifications -----------------------------------------------------------------------


class Salesperson(BaseModel):
    """A salesperson or purchaser: signs letters and owns contacts."""

    code = pw.CharField(max_length=20, primary_key=True)
    name = text_column()
    email = text_column(80)
    phone = text_column(30)
    job_title = text_column(50)


class Territory(BaseModel):
    """A sales territory."""

    code = pw.CharField(max_length=20, primary_key=True)
    name = text_column()


class Country(BaseModel):
    """A country or region."""

    code = pw.CharField(max_length=10, primary_key=True)
    name = text_column()


class Language(BaseModel):
    """A language letters can be written in."""

    code = pw.CharField(max_length=10, primary_key=True)
    name = text_column()


class MailingGroup(BaseModel):
    """A mailing group any contact can belong to (newsletter, press…)."""

    code = pw.CharField(max_length=20, primary_key=True)
    description = text_column()


class IndustryGroup(BaseModel):
    """An industry a company belongs to; its persons inherit it."""

    code = pw.CharField(max_length=20, primary_key=True)
    description = text_column()


class BusinessRelation(BaseModel):
    """A business relation of a company (customer, vendor, bank…)."""

    code = pw.CharField(max_length=20, primary_key=True)
    description = text_column()


class JobResponsibility(BaseModel):
    """A responsibility a person has (purchasing, IT…)."""

    code = pw.CharField(max_length=20, primary_key=True)
    description = text_column()


class ProfileQuestionnaire(BaseModel):
    """A profile questionnaire (e.g. customer profile)."""

    code = pw.CharField(max_length=20, primary_key=True)
    description = text_column()


class ProfileQuestion(BaseModel):
    """A question of a questionnaire."""

    questionnaire = pw.ForeignKeyField(
        ProfileQuestionnaire, column_name="questionnaire_code", on_delete="CASCADE"
    )
    code = pw.CharField(max_length=20)
    description = text_column()

    class Meta:
        indexes = ((("questionnaire", "code"), True),)


class ProfileAnswer(BaseModel):
    """One possible answer to a profile question."""

    question = pw.ForeignKeyField(ProfileQuestion, on_delete="CASCADE")
    code = pw.CharField(max_length=20)
    description = text_column()

    class Meta:
        indexes = ((("question", "code"), True),)


class Campaign(BaseModel):
    """A marketing campaign that segments and interactions belong to."""

    no = pw.CharField(max_length=20, primary_key=True)
    description = text_column()
    starting_date = pw.DateField(null=True)
    ending_date = pw.DateField(null=True)


class Salutation(BaseModel):
    """A salutation code (e.g. M-FORMAL, F-JOB): contacts point at one."""

    code = pw.CharField(max_length=20, primary_key=True)
    description = text_column()


class SalutationFormula(BaseModel):
    """The formal and informal greeting of a salutation code in one language.

    Formulas name the contact's parts in braces: `Sehr geehrte Frau {surname},`.
    """

    salutation = pw.ForeignKeyField(Salutation, column_name="salutation_code", on_delete="CASCADE")
    language_code = code_column()
    formal = text_column(200)
    informal = text_column(200)

    class Meta:
        primary_key = pw.CompositeKey("salutation", "language_code")


# --- contacts ------------------------------------------------------------------------------


class Contact(BaseModel):
    """A company or a person; a person may belong to a company (looked up, never copied)."""

    no = pw.CharField(max_length=20, primary_key=True)
    type = pw.CharField(max_length=10, default="company")
    name = text_column(index=True)
    company_no = code_column(index=True)
    first_name = text_column(50)
    surname = text_column(50)
    salutation = text_column(20)
    # The contact's salutation code: which formal and informal formulas its letters use.
    salutation_code = code_column()
    job_title = text_column(50)
    address = text_column()
    address_2 = text_column()
    post_code = text_column(20, index=True)
    city = text_column(50, index=True)
    county = text_column(50)
    country_code = code_column(index=True)
    phone = text_column(30)
    mobile = text_column(30)
    email = text_column(80)
    language_code = code_column()
    salesperson_code = code_column(index=True)
    territory_code = code_column()
    correspondence_type = pw.CharField(max_length=10, default="")
    exclude_from_segment = pw.BooleanField(default=False)
    privacy_blocked = pw.BooleanField(default=False)
    created_at = pw.DateTimeField(default=now)
    updated_at = pw.DateTimeField(default=now)


class ContactMailingGroup(BaseModel):
    """A contact's membership of a mailing group."""

    contact = pw.ForeignKeyField(Contact, column_name="contact_no", on_delete="CASCADE")
    mailing_group = pw.ForeignKeyField(MailingGroup, column_name="mailing_group_code")

    class Meta:
        primary_key = pw.CompositeKey("contact", "mailing_group")
        indexes = ((("mailing_group", "contact"), False),)


class ContactIndustryGroup(BaseModel):
    """A company's industry group."""

    contact = pw.ForeignKeyField(Contact, column_name="contact_no", on_delete="CASCADE")
    industry_group = pw.ForeignKeyField(IndustryGroup, column_name="industry_group_code")

    class Meta:
        primary_key = pw.CompositeKey("contact", "industry_group")
        indexes = ((("industry_group", "contact"), False),)


class ContactBusinessRelation(BaseModel):
    """A company's business relation."""

    contact = pw.ForeignKeyField(Contact, column_name="contact_no", on_delete="CASCADE")
    business_relation = pw.ForeignKeyField(BusinessRelation, column_name="business_relation_code")

    class Meta:
        primary_key = pw.CompositeKey("contact", "business_relation")
        indexes = ((("business_relation", "contact"), False),)


class ContactJobResponsibility(BaseModel):
    """A person's job responsibility."""

    contact = pw.ForeignKeyField(Contact, column_name="contact_no", on_delete="CASCADE")
    job_responsibility = pw.ForeignKeyField(
        JobResponsibility, column_name="job_responsibility_code"
    )

    class Meta:
        primary_key = pw.CompositeKey("contact", "job_responsibility")
        indexes = ((("job_responsibility", "contact"), False),)


class ContactProfileAnswer(BaseModel):
    """A contact's answer to a profile question."""

    contact = pw.ForeignKeyField(Contact, column_name="contact_no", on_delete="CASCADE")
    answer = pw.ForeignKeyField(ProfileAnswer, on_delete="CASCADE")

    class Meta:
        primary_key = pw.CompositeKey("contact", "answer")
        indexes = ((("answer", "contact"), False),)


# --- templates and attachments -------------------------------------------------------------


class Attachment(BaseModel):
    """A stored file (a Word template or a line's own document), kept in the database."""

    filename = pw.CharField(max_length=255)
    content = pw.BlobField()
    sha256 = pw.CharField(max_length=64)
    read_only = pw.BooleanField(default=False)
    created_at = pw.DateTimeField(default=now)


class InteractionGroup(BaseModel):
    """A group of interaction templates (letters, emails, meetings…)."""

    code = pw.CharField(max_length=20, primary_key=True)
    description = text_column()


class InteractionTemplate(BaseModel):
    """The defaults of an interaction and its Word template per language."""

    code = pw.CharField(max_length=20, primary_key=True)
    group_code = code_column()
    description = text_column()
    correspondence_type_default = pw.CharField(max_length=10, default="email")
    ignore_contact_corres_type = pw.BooleanField(default=False)
    information_flow = pw.CharField(max_length=10, default="")
    initiated_by = pw.CharField(max_length=10, default="")
    unit_cost = money()
    unit_duration_min = money()
    language_code_default = code_column()
    # Email: the letter attached to a short text (True) or as the HTML body itself (False).
    send_as_attachment = pw.BooleanField(default=True)
    # JSON object: template field name -> segtui merge field name.
    field_map = pw.TextField(default="{}")


class InteractionTemplateLanguage(BaseModel):
    """One language version of a template: its Word document and subject."""

    template = pw.ForeignKeyField(
        InteractionTemplate, column_name="template_code", on_delete="CASCADE"
    )
    language_code = code_column()
    attachment = pw.ForeignKeyField(Attachment, null=True)
    subject = text_column()

    class Meta:
        primary_key = pw.CompositeKey("template", "language_code")


# --- segments ------------------------------------------------------------------------------


class SegmentHeader(BaseModel):
    """An open segment: its interaction defaults, copied into new lines."""

    no = pw.CharField(max_length=20, primary_key=True)
    description = text_column()
    date = pw.DateField(null=True)
    salesperson_code = code_column()
    campaign_no = code_column()
    interaction_template_code = code_column()
    subject_default = text_column()
    language_code_default = code_column()
    correspondence_type_default = pw.CharField(max_length=10, default="")
    ignore_contact_corres_type = pw.BooleanField(default=False)
    information_flow = pw.CharField(max_length=10, default="")
    initiated_by = pw.CharField(max_length=10, default="")
    unit_cost = money()
    unit_duration_min = money()
    campaign_target = pw.BooleanField(default=False)
    campaign_response = pw.BooleanField(default=False)
    send_as_attachment = pw.BooleanField(default=True)
    created_by = text_column(50)
    created_at = pw.DateTimeField(default=now)
    updated_at = pw.DateTimeField(default=now)
    # Advanced by every write to the segment (its header, lines, criteria or comments), so
    # a confirmation can say which state it showed and be refused if that state is gone.
    version = pw.IntegerField(default=1)


class SegmentChange(BaseModel):
    """One write to an open segment: the version it made, by whom, when, and what it did.

    A confirmation that showed an older version is refused with these summaries ("4 505
    lines added by ann"); the rows go with the segment when it is logged or deleted.
    """

    segment_no = pw.CharField(max_length=20)
    version = pw.IntegerField()
    changed_by = text_column(50)
    changed_at = pw.DateTimeField(default=now)
    summary = pw.TextField(default="")

    class Meta:
        indexes = ((("segment_no", "version"), True),)


class LineValues(BaseModel):
    """The columns a segment line has, shared with the undo snapshots of deleted lines.

    Each interaction field has an `_overridden` mark: set when the user changed it on the
    line, so header changes pass it by.
    """

    id = pw.AutoField()
    line_no = pw.IntegerField()
    contact_no = pw.CharField(max_length=20)
    contact_company_no = code_column()
    description = text_column()
    subject = text_column()
    interaction_template_code = code_column()
    correspondence_type = pw.CharField(max_length=10, default="")
    language_code = code_column()
    information_flow = pw.CharField(max_length=10, default="")
    initiated_by = pw.CharField(max_length=10, default="")
    unit_cost = money()
    unit_duration_min = money()
    salesperson_code = code_column()
    date = pw.DateField(null=True)
    campaign_no = code_column()
    campaign_target = pw.BooleanField(default=False)
    campaign_response = pw.BooleanField(default=False)
    send_as_attachment = pw.BooleanField(default=True)
    description_overridden = pw.BooleanField(default=False)
    subject_overridden = pw.BooleanField(default=False)
    interaction_template_code_overridden = pw.BooleanField(default=False)
    correspondence_type_overridden = pw.BooleanField(default=False)
    language_code_overridden = pw.BooleanField(default=False)
    information_flow_overridden = pw.BooleanField(default=False)
    initiated_by_overridden = pw.BooleanField(default=False)
    unit_cost_overridden = pw.BooleanField(default=False)
    unit_duration_min_overridden = pw.BooleanField(default=False)
    salesperson_code_overridden = pw.BooleanField(default=False)
    date_overridden = pw.BooleanField(default=False)
    campaign_no_overridden = pw.BooleanField(default=False)
    campaign_target_overridden = pw.BooleanField(default=False)
    campaign_response_overridden = pw.BooleanField(default=False)
    send_as_attachment_overridden = pw.BooleanField(default=False)
    # A unique document for this line; empty means the template's is inherited.
    attachment_id = pw.IntegerField(null=True)
    comment = pw.TextField(default="")
    # The criteria action that inserted the line (Go Back deletes exactly these).
    added_by_action = pw.IntegerField(null=True)
    # Bumped on every edit so a stale write from another user is refused.
    version = pw.IntegerField(default=1)


class SegmentLine(LineValues):
    """One contact in an open segment, with its own copy of the interaction fields."""

    segment_no = pw.CharField(max_length=20)

    class Meta:
        indexes = (
            (("segment_no", "line_no"), True),
            (("segment_no", "contact_no"), False),
            (("segment_no", "added_by_action"), False),
        )
        constraints = [
            pw.SQL("FOREIGN KEY (segment_no) REFERENCES segment_header (no) ON DELETE CASCADE"),
            pw.SQL("FOREIGN KEY (contact_no) REFERENCES contact (no)"),
        ]


class CriteriaAction(BaseModel):
    """One step that changed a segment's lines: a verb, its options, filters and counts."""

    id = pw.AutoField()
    segment_no = pw.CharField(max_length=20)
    action_no = pw.IntegerField()
    kind = pw.CharField(max_length=20)
    # JSON: the options that were on, and for manual/reuse actions their arguments.
    options = pw.TextField(default="{}")
    # JSON list of filters written `source.field=expression`.
    filters = pw.TextField(default="[]")
    count_before = pw.IntegerField(default=0)
    count_after = pw.IntegerField(default=0)
    undone = pw.BooleanField(default=False)
    created_by = text_column(50)
    created_at = pw.DateTimeField(default=now)

    class Meta:
        indexes = ((("segment_no", "action_no"), True),)
        constraints = [
            pw.SQL("FOREIGN KEY (segment_no) REFERENCES segment_header (no) ON DELETE CASCADE"),
        ]


class SegmentHistory(LineValues):
    """A full snapshot of a line an action deleted (role `deleted`) or Go Back removed
    (role `inserted`, kept for Redo)."""

    action = pw.ForeignKeyField(CriteriaAction, on_delete="CASCADE")
    role = pw.CharField(max_length=10)

    class Meta:
        indexes = ((("action", "role"), False),)


class SavedCriteria(BaseModel):
    """A named, ordered copy of a segment's add/reduce/refine actions."""

    code = pw.CharField(max_length=20, primary_key=True)
    description = text_column()
    created_by = text_column(50)
    created_at = pw.DateTimeField(default=now)


class SavedCriteriaAction(BaseModel):
    """One step of saved criteria."""

    saved_criteria = pw.ForeignKeyField(
        SavedCriteria, column_name="saved_criteria_code", on_delete="CASCADE"
    )
    position = pw.IntegerField()
    kind = pw.CharField(max_length=20)
    options = pw.TextField(default="{}")
    filters = pw.TextField(default="[]")


# --- logged segments and interaction log entries -------------------------------------------


class LoggedSegment(BaseModel):
    """A segment frozen by Log; its lines live on as interaction log entries."""

    entry_no = pw.AutoField()
    segment_no = pw.CharField(max_length=20, index=True)
    description = text_column()
    created_at = pw.DateTimeField(default=now)
    created_by = text_column(50)
    canceled = pw.BooleanField(default=False)
    no_of_interactions = pw.IntegerField(default=0)
    # JSON: the segment header as it was, for follow-up segments.
    header = pw.TextField(default="{}")
    # JSON: our company's details at the time, for re-rendering letters.
    our_company = pw.TextField(default="{}")


class InteractionLogEntry(BaseModel):
    """One interaction with one contact, with the merge snapshot of its letter."""

    entry_no = pw.AutoField()
    contact_no = pw.CharField(max_length=20, index=True)
    contact_company_no = code_column()
    date = pw.DateField(null=True, index=True)
    time = pw.TimeField(null=True)
    description = text_column()
    subject = text_column()
    interaction_group_code = code_column()
    interaction_template_code = code_column(index=True)
    language_code = code_column()
    correspondence_type = pw.CharField(max_length=10, default="")
    information_flow = pw.CharField(max_length=10, default="")
    initiated_by = pw.CharField(max_length=10, default="")
    cost = money()
    duration_min = money()
    salesperson_code = code_column()
    campaign_no = code_column()
    campaign_target = pw.BooleanField(default=False)
    campaign_response = pw.BooleanField(default=False)
    segment_no = code_column(index=True)
    logged_segment_entry_no = pw.IntegerField(null=True, index=True)
    user_id = text_column(50)
    evaluation = pw.CharField(max_length=15, default="")
    attempt_failed = pw.BooleanField(default=False)
    canceled = pw.BooleanField(default=False)
    delivery_status = pw.CharField(max_length=12, default="")
    delivery_error = pw.TextField(default="")
    attachment_id = pw.IntegerField(null=True)
    attachment_unique = pw.BooleanField(default=False)
    send_as_attachment = pw.BooleanField(default=True)
    comment = pw.TextField(default="")
    # The merge snapshot: contact and salesperson values as they were when logged.
    merge_contact_name = text_column()
    merge_company_name = text_column()
    merge_first_name = text_column(50)
    merge_surname = text_column(50)
    merge_salutation = text_column(20)
    merge_job_title = text_column(50)
    merge_address = text_column()
    merge_address_2 = text_column()
    merge_post_code = text_column(20)
    merge_city = text_column(50)
    merge_county = text_column(50)
    merge_country_code = code_column()
    merge_phone = text_column(30)
    merge_mobile = text_column(30)
    merge_email = text_column(80)
    merge_salesperson_name = text_column()
    merge_salesperson_email = text_column(80)
    merge_salesperson_phone = text_column(30)
    merge_salesperson_job_title = text_column(50)
    # The salutation formulas of the contact's code in the entry's language, as logged
    # (empty: the built-in English greetings).
    merge_formal_formula = text_column(200)
    merge_informal_formula = text_column(200)
    # When `logged resend --refresh` last re-read the contact, salesperson and document into
    # this snapshot (None: the entry still holds what was logged).
    refreshed_at = pw.DateTimeField(null=True)

    class Meta:
        # Schema version 2: a contact's entries by date (last interaction, history).
        indexes = ((("contact_no", "date"), False),)
        constraints = [
            pw.SQL("FOREIGN KEY (contact_no) REFERENCES contact (no)"),
            pw.SQL(
                "FOREIGN KEY (logged_segment_entry_no) REFERENCES logged_segment (entry_no)"
                " ON DELETE SET NULL"
            ),
        ]


ALL_MODELS: tuple[type[BaseModel], ...] = (
    Setting,
    NumberSeries,
    Salesperson,
    Territory,
    Country,
    Language,
    MailingGroup,
    IndustryGroup,
    BusinessRelation,
    JobResponsibility,
    ProfileQuestionnaire,
    ProfileQuestion,
    ProfileAnswer,
    Campaign,
    Salutation,
    SalutationFormula,
    Contact,
    ContactMailingGroup,
    ContactIndustryGroup,
    ContactBusinessRelation,
    ContactJobResponsibility,
    ContactProfileAnswer,
    Attachment,
    InteractionGroup,
    InteractionTemplate,
    InteractionTemplateLanguage,
    SegmentHeader,
    SegmentChange,
    SegmentLine,
    CriteriaAction,
    SegmentHistory,
    SavedCriteria,
    SavedCriteriaAction,
    LoggedSegment,
    InteractionLogEntry,
)

LINE_INTERACTION_FIELDS: tuple[str, ...] = (
    "description",
    "subject",
    "interaction_template_code",
    "correspondence_type",
    "language_code",
    "information_flow",
    "initiated_by",
    "unit_cost",
    "unit_duration_min",
    "salesperson_code",
    "date",
    "campaign_no",
    "campaign_target",
    "campaign_response",
    "send_as_attachment",
)
"""The interaction fields a line copies from its header and may override one by one."""


def _sql_literal(value: object) -> str:
    """A constant default written as SQL that SQLite and PostgreSQL both read."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def _add_server_defaults(tables: tuple[type[BaseModel], ...]) -> None:
    """Give every column with a constant Python default the same default in the database.

    Set-based INSERT … SELECT statements name only some columns; the rest must be filled
    by the database exactly as Peewee would fill them.
    """
    for table in tables:
        for field in table._meta.sorted_fields:
            default = field.default
            if default is None or callable(default) or field.constraints:
                continue
            field.constraints = [pw.SQL(f"DEFAULT {_sql_literal(default)}")]


_add_server_defaults(ALL_MODELS)
