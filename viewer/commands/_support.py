"""What the subcommands share: UTF-8 output, loading the network config, opening the cache, plain errors."""

from __future__ import annotations

import sys
from contextlib import contextmanager

from viewer.core.paths import resolve_paths


def prepare(args):
    """UTF-8 console, PHI-free file logging, and the network config of ``--home``."""
    from viewer.core.logs import setup_logging
    from viewer.net import quiet_pynetdicom
    from viewer.net.nodes import NetworkConfig

    utf8_output()
    paths = resolve_paths(args.home)
    try:
        paths.ensure()
        setup_logging(paths.logs)
    except OSError:
        pass  # a read-only home: reading the settings still works; writing them says why it cannot
    quiet_pynetdicom()
    return paths, NetworkConfig.load(args.home)


def utf8_output() -> None:
    # Names such as "Hôpital^Béninois" must come out intact whatever the console's locale.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8")


@contextmanager
def open_cache(paths):
    from viewer.store.cache import StudyCache

    with StudyCache(paths.store) as cache:
        yield cache


def fail(command: str, message: str, code: int = 1) -> int:
    print(f"cauri {command}: {message}", file=sys.stderr)
    return code


def date_arg(text: str) -> str:
    import argparse

    digits = "".join(c for c in text if c.isdigit())
    if len(digits) != 8:
        raise argparse.ArgumentTypeError("dates are YYYYMMDD or YYYY-MM-DD")
    return digits
