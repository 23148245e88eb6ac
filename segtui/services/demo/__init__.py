"""The demo database: contacts, setup, templates and segments to try segtui on."""
