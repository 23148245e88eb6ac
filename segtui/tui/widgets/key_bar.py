"""The key bar at the foot of every screen: Textual's Footer, rebuilt only when its keys change."""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.widgets import Footer


class KeyBar(Footer):
    """Textual's Footer that rebuilds its keys only when the keys it would show change.

    Footer removes and mounts every key widget whenever the screen's bindings are
    re-checked: on every focus change, closed dialog and `refresh_bindings`. Most of those
    leave the same keys, and the rebuild (a dozen widgets styled and laid out) was a fifth
    of the CPU time of a keypress. So the keys are compared first, at the moment Footer
    would rebuild them (the bindings may have changed since the re-check was announced).
    """

    _shown: Hashable | None = None
    """What the keys were last built from (read as they were built, so it is what shows)."""

    async def recompose(self) -> None:
        """Rebuild the keys, as Footer does, unless they would show what they show now."""
        # A footer being removed with its screen must not ask the screen's bindings.
        ready = self._bindings_ready and self.is_attached and not self._pruning
        if ready and self._keys_shown() == self._shown:
            return
        await super().recompose()

    def compose(self) -> ComposeResult:
        """Footer's keys, noting what they were built from."""
        # Noted here, not in recompose: the bindings may change while the old keys are
        # being removed, and later keys must be compared with what was built, not with
        # what was asked for before the build.
        self._shown = self._keys_shown() if self._bindings_ready else None
        yield from super().compose()

    def _keys_shown(self) -> Hashable:
        """What the keys show: each binding's key, label, action, state and group."""
        palette = self.app.COMMAND_PALETTE_BINDING
        bindings = tuple(
            (
                binding.key,
                binding.key_display,
                binding.description,
                binding.action,
                binding.group,
                enabled,
                tooltip,
            )
            for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == palette
        )
        return (self.show_command_palette, self.combine_groups, bindings)
