"""What the fork server of launcher.py imports once: everything a segtui command loads.

Building the parser imports every command module, and with them the services, the
database layer and the Word code they use; the gate and the worker add nothing else.
"""

from __future__ import annotations

import segtui.__main__
import segtui.log  # noqa: F401
import tests.reliability.gate
import tests.reliability.worker  # noqa: F401
from segtui.cli.app import build_parser

build_parser()
