"""Contacts: find, create and edit them, their rules, CSV import and export."""
