"""File modes of what dcsite writes: readable by others, as the user's umask allows.

Every writer of results, maps, studies and workbooks writes to a temporary file or folder
beside the target and renames it into place once whole. :mod:`tempfile` makes those private
(0600 files, 0700 folders), fit for secrets, not for results meant to be shared; each writer
gives them the mode a plain ``open`` or ``mkdir`` would have: 0666 or 0777 less the user's
umask (0644 and 0755 under the usual umask 022).
"""

from __future__ import annotations

import os
from pathlib import Path


def current_umask() -> int:
    """Return the process's umask (the permission bits new files and folders lose)."""
    # The umask can only be read by setting it: it is set and restored at once.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def make_shareable(path: str | Path) -> None:
    """Give a file or folder made by :mod:`tempfile` the mode ``open`` or ``mkdir`` would give.

    Parameters
    ----------
    path : str or pathlib.Path
        A file (mode 0666 less the umask) or a folder (0777 less the umask).
    """
    full = 0o777 if Path(path).is_dir() else 0o666
    os.chmod(path, full & ~current_umask())
