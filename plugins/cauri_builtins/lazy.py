"""Qt only once it is needed: a viewport's factory that imports its module when a display set of its kind is first
shown, so that ``cauri info`` and the other headless commands never load the widgets."""

from __future__ import annotations

import importlib


def lazy(module: str, name: str):
    def call(*args, **kwargs):
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    call.__name__ = name
    return call
