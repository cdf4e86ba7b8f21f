"""The index of the stored content, kept per database and rebuilt when the content changes."""

from __future__ import annotations

import threading
import time

from knowledge.search.index import TiltakIndex

_lock = threading.Lock()
_cache: dict[str, tuple[TiltakIndex, str | None, float]] = {}
REFRESH_SECONDS = 10.0


def get_index(url: str | None = None) -> TiltakIndex:
    """The index of the stored content; rebuilt when the content version changes."""
    from knowledge.database import database_url
    from knowledge.store import content_version, load_all

    url = url or database_url()
    now = time.monotonic()
    with _lock:
        cached = _cache.get(url)
        if cached and now - cached[2] < REFRESH_SECONDS:
            return cached[0]
        version = content_version(url)
        if cached and cached[1] == version:
            _cache[url] = (cached[0], version, now)
            return cached[0]
        index = TiltakIndex(load_all(url))
        _cache[url] = (index, version, now)
        return index
