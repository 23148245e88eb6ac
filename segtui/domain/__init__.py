"""Floor 1: plain values and rules of segtui, free of database, TUI and Word libraries."""
