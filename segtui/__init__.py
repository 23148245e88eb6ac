"""segtui: marketing segments, Word merges and interaction logging in the terminal."""

__version__ = "0.1.0"
