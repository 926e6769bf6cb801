"""Adding our entries to the theme's search index after the search plugin has written it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable


def amend_search_index(site: Path, add: list[dict[str, Any]],
                       change: Callable[[dict[str, Any]], bool] | None = None) -> None:
    """Append ``add`` to ``search/search_index.json``; pass each existing entry to ``change``, which may
    alter it and says whether to keep it."""
    index = site / "search" / "search_index.json"
    if not index.exists() or not (add or change):
        return
    data = json.loads(index.read_text("utf-8"))
    if change is not None:
        data["docs"] = [doc for doc in data["docs"] if change(doc)]
    data["docs"].extend(add)
    index.write_text(json.dumps(data, separators=(",", ":")), "utf-8")
