"""Files with personal data (exports, reports) are created ``0600``, for every door.

The rule and its warning live with the store, which creates the database file the same
way; doors reach them here, so no door imports the store.
"""

from __future__ import annotations

from frontlijn_game.store.private_files import (
    WiderThanPrivate,
    ensure_private_dir,
    open_private,
    write_private_bytes,
    write_private_text,
)

__all__ = [
    "WiderThanPrivate",
    "ensure_private_dir",
    "open_private",
    "write_private_bytes",
    "write_private_text",
]
