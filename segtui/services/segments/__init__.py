"""Segments: the header, its lines, criteria actions, saved criteria and follow-ups."""
