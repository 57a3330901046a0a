"""Optional dependencies of the language steps, imported on first use."""
from __future__ import annotations

import importlib
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=None)
def optional(module: str, name: str) -> Any:
    """``module.name`` (``optional("underthesea", "sent_tokenize")``), imported on first
    use; None when the module is not installed, so the caller takes its fallback."""
    try:
        return getattr(importlib.import_module(module), name)
    except ImportError:
        return None
