"""The consoles the ``dcsite`` command prints to: results on stdout, errors on stderr."""

from __future__ import annotations

import sys

from rich.console import Console

# Tables stay readable when the output is a file or a pipe (rich would assume 80 columns).
console = Console(width=None if sys.stdout.isatty() else 220)
error_console = Console(stderr=True, width=None if sys.stderr.isatty() else 1000)
