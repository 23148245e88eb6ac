"""segtui: marketing segments, Word merges and interaction logging in the terminal."""

import logging

__version__ = "0.1.0"

# Until the entry point configures the log file (or when segtui is imported as a library,
# e.g. by the tests), segtui's warnings must not reach stderr through logging's last resort.
logging.getLogger(__name__).addHandler(logging.NullHandler())
