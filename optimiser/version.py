"""The installed distribution's version, for the results' provenance."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("dcsite")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
