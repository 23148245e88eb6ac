"""The Textual face of segtui: screens over the services, never the database directly."""
