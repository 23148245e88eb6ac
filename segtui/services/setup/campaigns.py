"""Campaigns: numbered from their series, with the dates they run."""

from __future__ import annotations

import datetime as dt
from typing import Any

from segtui.db.models import (
    Campaign,
)
from segtui.db.numbering import next_number
from segtui.db.proxy import write_transaction
from segtui.domain.errors import InvalidInput, NotFound, Refused
from segtui.domain.setup import (
    CampaignView,
)
from segtui.services.contacts.checks import query_tuples
from segtui.services.setup.tables import (
    clean_code,
    clean_text,
    code_exists,
)


def create_campaign(
    description: str,
    starting_date: dt.date | None = None,
    ending_date: dt.date | None = None,
    no: str | None = None,
) -> CampaignView:
    """Add a campaign; its number comes from the CAMPAIGN series unless given."""
    description = clean_text(description, Campaign, "description", "campaign")
    _check_dates(starting_date, ending_date)
    with write_transaction():
        if no:
            no = clean_code(no, Campaign, "campaign")
            if code_exists(Campaign, no):
                raise Refused(f"campaign {no!r} already exists")
        else:
            no = next_number("CAMPAIGN")
        Campaign.insert(
            no=no, description=description, starting_date=starting_date, ending_date=ending_date
        ).execute()
    return CampaignView(no, description, starting_date, ending_date)


def _check_dates(starting_date: dt.date | None, ending_date: dt.date | None) -> None:
    """Refuse a campaign that ends before it starts."""
    if starting_date and ending_date and ending_date < starting_date:
        raise InvalidInput(
            f"campaign ending date {ending_date} is before its starting date {starting_date}"
        )


def list_campaigns() -> list[CampaignView]:
    """Every campaign, by number."""
    query = Campaign.select(
        Campaign.no, Campaign.description, Campaign.starting_date, Campaign.ending_date
    ).order_by(Campaign.no)
    return [CampaignView(*row) for row in query_tuples(query)]


def edit_campaign(
    no: str,
    *,
    description: str | None = None,
    starting_date: dt.date | None = None,
    ending_date: dt.date | None = None,
) -> CampaignView:
    """Change a campaign's description or dates (None leaves one as it is; the number stays).

    The ending date may not be before the starting date, counting the one not changed.
    """
    no = clean_code(no, Campaign, "campaign")
    values: dict[str, Any] = {}
    if description is not None:
        values["description"] = clean_text(description, Campaign, "description", "campaign")
    with write_transaction():
        query = (
            Campaign.select(
                Campaign.no, Campaign.description, Campaign.starting_date, Campaign.ending_date
            )
            .where(Campaign.no == no)
            .limit(1)
        )
        row = next(query_tuples(query), None)
        if row is None:
            raise NotFound(f"campaign {no!r} does not exist")
        starts = starting_date or row[2]
        ends = ending_date or row[3]
        _check_dates(starts, ends)
        if starting_date is not None:
            values["starting_date"] = starting_date
        if ending_date is not None:
            values["ending_date"] = ending_date
        if values:
            Campaign.update(**values).where(Campaign.no == no).execute()
    return CampaignView(no, values.get("description", row[1]), starts, ends)
