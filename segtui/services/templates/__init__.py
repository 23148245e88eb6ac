"""Interaction templates and their Word documents per language."""
