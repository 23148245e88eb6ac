"""Logging a segment and what follows: delivery, logged segments, interaction log entries."""
