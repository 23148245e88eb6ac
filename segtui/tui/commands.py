"""Every user command declared once: key, palette name and help, read by bindings,
the command palette and the help screen alike."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class Command:
    """One user command: the action it runs, its key, its NAV name and a line of help."""

    action: str
    key: str
    title: str
    help: str
    show: bool = True
    key_display: str | None = None
    priority: bool = False
    palette: bool = True
    footer: str = ""

    @property
    def description(self) -> str:
        """What the footer shows: a short label, else the title."""
        return self.footer or self.title

    @property
    def keys_shown(self) -> str:
        """The key as the help screen and footer write it."""
        return self.key_display or self.key.split(",")[0]


def bindings(commands: Iterable[Command]) -> list[BindingType]:
    """Textual bindings for a table of commands."""
    return [
        Binding(
            c.key,
            c.action,
            c.footer or c.title,
            show=c.show,
            key_display=c.key_display,
            priority=c.priority,
        )
        for c in commands
    ]


# Global commands use ctrl/F-keys so they still work while an Input has focus.
GLOBAL = (
    Command("help", "f1", "Help", "Show every key of this screen", priority=True),
    Command("home", "f2", "Segments", "Go to the open segments", show=False),
    Command("logged_segments", "f3", "Logged Segments", "Browse logged segments", show=False),
    Command(
        "interactions", "f4", "Interaction Log Entries", "Browse interaction log entries", False
    ),
    Command("contacts", "f5", "Contacts", "Browse and edit contacts", show=False),
    Command("templates", "f6", "Templates", "Interaction templates setup", show=False),
    Command("setup", "f7", "Setup", "Salespeople, groups, campaigns and code tables", show=False),
    Command("new_segment", "ctrl+n", "New Segment", "Create a new segment", show=False),
    Command(
        "settings",
        "f8",
        "Settings",
        "Our company, SMTP server and output folder (the settings file)",
        show=False,
    ),
    Command("command_palette", "ctrl+p", "Commands", "Search every command", palette=False),
    Command("quit", "ctrl+q", "Quit", "Leave segtui", show=False, palette=False),
)
"""Commands that work on every screen."""

HOME = (
    Command("open_segment", "enter", "Open Segment", "Open the highlighted segment", False),
    Command("new_segment", "n", "New", "Create a new segment", palette=False),
    Command(
        "delete_segment",
        "delete,d",
        "Delete Segment",
        "Delete the highlighted segment",
        key_display="d",
    ),
    Command("refresh", "ctrl+r", "Refresh", "Reload the list", show=False),
)
"""The segments list (home)."""

WORKSHEET = (
    Command("add_contacts", "a", "Add Contacts", "Add contacts matching criteria", footer="Add"),
    Command(
        "reduce_contacts",
        "r",
        "Reduce Contacts",
        "Remove lines whose contact matches",
        footer="Reduce",
    ),
    Command(
        "refine_contacts",
        "f",
        "Refine Contacts",
        "Keep only lines whose contact matches",
        footer="Refine",
    ),
    Command(
        "go_back",
        "ctrl+z",
        "Go Back",
        "Undo the last criteria action",
        key_display="^z",
        footer="Go back",
    ),
    Command("redo", "ctrl+y", "Redo", "Re-apply the action undone last", key_display="^y"),
    Command("edit_comment", "c", "Edit Comment", "Edit the line's comment here", footer="Comment"),
    Command(
        "edit_comment_external",
        "E",
        "Edit Comment in $EDITOR",
        "Edit the line's comment in your editor",
        show=False,
    ),
    Command("edit_line", "e", "Edit Line", "Override the line's interaction fields", False),
    Command("header", "h", "Segment Header", "Open the header form", show=False),
    Command("log_segment", "l", "Log Segment", "Check, then log the segment", footer="Log"),
    Command("merge_preview", "p", "Merge Preview", "Show or hide the letter preview", False),
    Command("criteria_log", "o", "Criteria Log", "Show the criteria log instead", False),
    Command("save_criteria", "s", "Save Criteria", "Store these criteria under a code", False),
    Command("reuse_criteria", "u", "Reuse Criteria", "Replay saved criteria", show=False),
    Command("reuse_segment", "g", "Reuse Segment", "Add a logged segment's contacts", False),
    Command(
        "add_contact",
        "i",
        "Add Contact",
        "Find a contact by number, name, city, post code or email and add it",
        show=False,
    ),
    Command(
        "reload",
        "ctrl+r",
        "Reload",
        "Read the segment again (after another user changed it); the cursor stays on its contact",
        show=False,
    ),
    Command(
        "remove_line",
        "delete,x",
        "Remove Line",
        "Remove the highlighted line",
        show=False,
        key_display="x",
    ),
    Command(
        "find",
        "slash",
        "Find",
        "Find a line by contact number, name, city or email; Enter jumps to the first",
        key_display="/",
        show=False,  # the footer is full at 80 columns; F1 and the palette list it
    ),
    Command(
        "find_next",
        "n",
        "Find Next",
        "Go to the next line the find matches (after the last, the first)",
        show=False,
    ),
    Command(
        "find_previous",
        "N",
        "Find Previous",
        "Go to the previous line the find matches (before the first, the last)",
        show=False,
    ),
    Command(
        "close",
        "escape",
        "Segments",
        "Close the find line, else back to the segments list",
        show=False,
        palette=False,
    ),
)
"""The segment worksheet."""

PICKER = (
    Command(
        "add_filter",
        "enter",
        "Add Filter",
        "Add the typed filter to the list; on an empty filter, run the verb opened",
        False,
        priority=True,
        palette=False,
    ),
    Command(
        "lookup",
        "ctrl+l",
        "Field Values",
        "List the field's values with their contacts; Space marks several (A|B)",
        key_display="^l",
        priority=True,
    ),
    Command(
        "run_add", "ctrl+a", "Add", "Add the matching contacts", key_display="^a", priority=True
    ),
    Command(
        "run_reduce", "ctrl+d", "Reduce", "Remove matching lines", key_display="^d", priority=True
    ),
    Command(
        "run_refine",
        "ctrl+f",
        "Refine",
        "Keep only matching lines",
        key_display="^f",
        priority=True,
    ),
    Command(
        "remove_filter", "ctrl+r", "Remove Filter", "Remove the last filter", False, priority=True
    ),
    Command("cancel", "escape", "Cancel", "Close without changes"),
)
"""The criteria picker; Enter in the expression adds it to the filters (or, when empty, runs
the verb the picker was opened for)."""

LOGGED = (
    Command("toggle_cancel", "c", "Cancel/Uncancel", "Cancel or uncancel the logged segment"),
    Command("follow_up", "f", "Create Follow-up", "Create a follow-up segment and open it"),
    Command("resend", "s", "Re-send", "Deliver the failed or pending entries again"),
    Command(
        "statistics",
        "t",
        "Logged Segment Statistics",
        "Entries by correspondence type, delivery status and evaluation; cost and duration",
        show=False,  # the footer is full at 80 columns; F1 and the palette list it
    ),
    Command(
        "delete_canceled",
        "D",
        "Delete Canceled",
        "Delete every canceled logged segment",
        show=False,
    ),
    Command("close", "escape", "Back", "Back", show=False, palette=False),
)
"""The logged segments browser."""

INTERACTIONS = (
    Command("evaluate", "v", "Evaluate", "Set the evaluation of the entry"),
    Command("toggle_cancel", "c", "Cancel/Uncancel", "Cancel or uncancel the entry"),
    Command("show_letter", "l", "Letter", "Show the entry's letter, re-rendered from its snapshot"),
    Command("filter", "ctrl+f", "Filter", "Focus the filter fields", key_display="^f"),
    Command(
        "first_entry",
        "home",
        "First Entry",
        "Go to the first (newest) entry",
        show=False,
        priority=True,  # over the table's own Home (which scrolls sideways)
    ),
    Command(
        "last_entry",
        "end",
        "Last Entry",
        "Go to the last (oldest) entry matching the filters, past the page shown",
        show=False,
        priority=True,
    ),
    Command(
        "delete_canceled",
        "D",
        "Delete Canceled Entries",
        "Delete every canceled interaction log entry",
        show=False,
    ),
    Command(
        "close",
        "escape",
        "Back",
        "In a filter: back to the list, the filter applied and kept; in the list: back",
        show=False,
        palette=False,
    ),
)
"""The interaction log entries browser."""

CONTACTS = (
    Command(
        "search",
        "ctrl+f",
        "Search",
        "Find contacts by number, name, city, post code or email",
        key_display="^f",
    ),
    Command("edit_contact", "e", "Edit Contact", "Edit the highlighted contact"),
    Command("new_contact", "ctrl+o", "New Contact", "Create a contact", key_display="^o"),
    Command(
        "contact_classifications",
        "g",
        "Contact Classifications",
        "Groups, relations, responsibilities and profile answers of the contact",
        show=False,  # the footer is full at 80 columns; F1 and the palette list it
    ),
    Command(
        "import_contacts",
        "i",
        "Import Contacts",
        "Import contacts from a CSV file",
        footer="Import",
    ),
    Command("next_page", "pagedown", "Next Page", "Next page of contacts", False),
    Command("previous_page", "pageup", "Previous Page", "Previous page of contacts", False),
    Command("close", "escape", "Back", "Back", show=False, palette=False),
)
"""The contacts browser."""

CLASSIFICATIONS = (
    Command(
        "add_classification",
        "a",
        "Add Classification",
        "Add a group, relation, responsibility or profile answer",
        footer="Add",
    ),
    Command(
        "remove_classification",
        "delete,d",
        "Remove Classification",
        "Remove the highlighted classification from the contact",
        key_display="d",
        footer="Remove",
    ),
    Command("close", "escape", "Contacts", "Back to the contacts", footer="Back", palette=False),
)
"""The classifications of one contact."""

TEMPLATES = (
    Command("new_template", "n", "New Template", "Create an interaction template", footer="New"),
    Command(
        "edit_template",
        "e",
        "Edit Template",
        "Change the highlighted template's fields (the code stays)",
        footer="Edit",
    ),
    Command(
        "delete_template",
        "delete,d",
        "Delete Template",
        "Delete the highlighted template (refused while anything uses it)",
        key_display="d",
        footer="Delete",
    ),
    Command(
        "import_docx",
        "i",
        "Import .docx",
        "Import a Word file as the template's document for a language, with its subject",
        footer="Import",
    ),
    Command(
        "remove_language",
        "r",
        "Remove Template Language",
        "Remove one language (document and subject) of the template (refused while in use)",
        footer="Remove lang.",
    ),
    Command("close", "escape", "Back", "Back", show=False, palette=False),
)
"""The interaction templates setup."""

SETUP = (
    Command("new_entry", "n", "New Setup Entry", "Create an entry of the kind shown", footer="New"),
    Command(
        "edit_entry",
        "e",
        "Edit Setup Entry",
        "Change the highlighted entry's name, description or details (the code stays)",
        footer="Edit",
    ),
    Command(
        "delete_entry",
        "delete,d",
        "Delete Setup Entry",
        "Delete the highlighted entry (refused while it is in use)",
        key_display="d",
        footer="Delete",
    ),
    Command(
        "previous_kind",
        "left_square_bracket",
        "Previous Setup Table",
        "Show the previous kind of setup table",
        key_display="[",
        footer="Prev",
    ),
    Command(
        "next_kind",
        "right_square_bracket",
        "Next Setup Table",
        "Show the next kind of setup table",
        key_display="]",
        footer="Next",
    ),
    Command(
        "set_formula",
        "f",
        "Set Salutation Formulas",
        "Set the highlighted salutation's formal and informal formulas in a language",
        footer="Formulas",
    ),
    Command(
        "campaign_statistics",
        "t",
        "Campaign Statistics",
        "The highlighted campaign's entries by correspondence type, delivery status and "
        "evaluation; cost and duration",
        show=False,  # the footer is full at 80 columns; F1 and the palette list it
    ),
    Command(
        "remove_formula",
        "r",
        "Remove Salutation Formulas",
        "Remove the highlighted salutation's formulas in one language",
        show=False,  # the footer is full at 80 columns; F1 and the palette list it
    ),
    Command("close", "escape", "Back", "Back", show=False, palette=False),
)
"""The setup tables: salespeople, classification codes, interaction groups, campaigns and
salutations."""

PROGRESS = (
    Command(
        "cancel",
        "escape",
        "Cancel",
        "Stop delivering after the letters in hand (the rest can be re-sent)",
        palette=False,
    ),
)
"""The progress dialog of long work (log, re-send, import)."""

SETTINGS = (
    Command(
        "save",
        "ctrl+s",
        "Save Settings",
        "Write the settings file (mode 0600)",
        key_display="^s",
        priority=True,
        footer="Save",
    ),
    Command(
        "test_smtp",
        "ctrl+t",
        "Test SMTP Login",
        "Connect to the SMTP server on screen and log in; nothing is sent",
        key_display="^t",
        priority=True,
        footer="Test SMTP",
    ),
    Command("close", "escape", "Back", "Back (unsaved changes are dropped)", palette=False),
)
"""The settings screen: its fields are Inputs, so its keys are ctrl keys."""

STATISTICS = (
    Command("refresh", "ctrl+r", "Refresh", "Count again", key_display="^r"),
    Command("close", "escape", "Back", "Back", palette=False),
)
"""The statistics of a logged segment or a campaign."""

# -- when a command does not apply -------------------------------------------------------
# The command palette lists these greyed, with the reason, instead of "No matches found".

UNAVAILABLE = {
    "open_segment": "no segment highlighted",
    "delete_segment": "no segment highlighted",
    "reduce_contacts": "the segment has no lines yet",
    "refine_contacts": "the segment has no lines yet",
    "log_segment": "the segment has no lines yet",
    "go_back": "no criteria action to go back from",
    "save_criteria": "no criteria to save yet (Add Contacts first)",
    "edit_comment": "no line under the cursor",
    "edit_comment_external": "no line under the cursor",
    "edit_line": "no line under the cursor",
    "remove_line": "no line under the cursor",
    "toggle_cancel": "no entry highlighted",
    "follow_up": "no logged segment highlighted",
    "resend": "no logged segment highlighted",
    "evaluate": "no entry highlighted",
    "show_letter": "no entry highlighted",
    "edit_contact": "no contact highlighted",
    "contact_classifications": "no contact highlighted",
    "remove_classification": "no classification highlighted",
    "edit_template": "no template highlighted",
    "delete_template": "no template highlighted",
    "import_docx": "no template highlighted",
    "remove_language": "the template has no language to remove",
    "edit_entry": "no entry highlighted",
    "delete_entry": "no entry highlighted",
    "set_formula": "highlight a salutation in Setup's Salutations table first",
    "remove_formula": "the highlighted salutation has no formulas",
}
"""Why a command of the current screen does not apply now (its screen's check said no)."""

UNAVAILABLE_ELSEWHERE = "does not apply here now"
"""The reason for a command that is refused with no reason written above."""

ELSEWHERE: tuple[tuple[tuple[Command, ...], str], ...] = (
    (WORKSHEET, "open a segment first"),
    (HOME, "go to the segments first (F2)"),
    (LOGGED, "open Logged Segments first (F3)"),
    (INTERACTIONS, "open Interaction Log Entries first (F4)"),
    (CONTACTS, "open Contacts first (F5)"),
    (CLASSIFICATIONS, "open a contact's classifications first (g in Contacts)"),
    (TEMPLATES, "open Templates first (F6)"),
    (SETUP, "open Setup first (F7)"),
    (SETTINGS, "open Settings first (F8)"),
    (STATISTICS, "open a logged segment's statistics first (t in Logged Segments)"),
)
"""Each screen's commands, and what to do to reach them from another screen."""
