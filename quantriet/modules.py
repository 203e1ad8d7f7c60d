"""Optional per-app modules (extension points: `<app>.demo`, `<app>.privacy`, reminder
sources, `<app>.tests.outsider`)."""

from __future__ import annotations

import importlib
from types import ModuleType


def optional_import(name: str) -> ModuleType | None:
    """The module, or None when that module itself does not exist. An import error inside
    an existing module is a bug and propagates."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        return None
