"""As-you-type completion of a coded field from the values its lookup lists."""

from __future__ import annotations

from collections.abc import Iterable

from textual.suggester import Suggester


class ValueSuggester(Suggester):
    """Completes the typed start of a value (any case) to the value as stored.

    With `alternatives`, only the part after the last `|` is completed, so `NEWS|PR` offers
    `NEWS|PRESS` as the criteria picker's expressions are written. Right takes it.
    """

    def __init__(self, values: Iterable[str], *, alternatives: bool = False) -> None:
        # Case-sensitive for Textual, which then hands over the text as typed: the match
        # itself ignores case, and the typed part before the completion must stay as it is.
        super().__init__(use_cache=True, case_sensitive=True)
        self.values = [v for v in dict.fromkeys(values) if v]
        self._folded = [v.casefold() for v in self.values]
        self.alternatives = alternatives

    async def get_suggestion(self, value: str) -> str | None:
        """The first value that starts with what was typed, whatever its case."""
        head, bar, typed = value.rpartition("|") if self.alternatives else ("", "", value)
        wanted = typed.casefold()
        if not wanted:
            return None
        for folded, stored in zip(self._folded, self.values, strict=True):
            if folded.startswith(wanted) and folded != wanted:
                # Accepting replaces the text with the suggestion: the value as stored.
                return head + bar + stored
        return None
