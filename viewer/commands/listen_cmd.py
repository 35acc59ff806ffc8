"""``cauri listen [--port N]``: the storage SCP without a window.

For a reading-room PC left receiving overnight, a service (systemd, Windows), scripts and tests: the same
listener as the workstation's (``viewer.net.storage_scp``), so the same allow-list of configured peers, the
same TLS settings, the same free-space floor and connection limits. It runs until SIGTERM or Ctrl-C, then
finishes filing what it acknowledged and exits 0.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading

EXIT_OK = 0
EXIT_CANNOT_LISTEN = 1

_EPILOG = """\
The peers that may send are the configured nodes (cauri node add ...): the calling AE title must belong
to a node whose host is the address the connection comes from. The port, AE title, TLS and limits are the
workstation's settings (cauri config list); --port and --bind override them for this run.

exit status:
  0  stopped by SIGTERM or Ctrl-C after filing everything it had acknowledged
  1  could not listen (port in use or not allowed, TLS settings unusable, no configured peer)
"""


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "listen", help="receive DICOM pushes (storage SCP) without a window, until stopped",
        description="Run the storage SCP headless: configured peers push studies into the local cache.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, help="listen on this port instead of the storage_port setting")
    parser.add_argument("--bind", metavar="ADDRESS", help="listen on this address only (default: storage_bind)")
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    from viewer.dicom.integrity import judging_second_copies
    from viewer.commands._support import fail, prepare
    from viewer.net.nodes import ConfigError, check_port
    from viewer.net.storage_scp import StorageSCP, TLSSetupError
    from viewer.store.cache import StudyCache
    from viewer.store.schema import IndexUnusable

    paths, cfg = prepare(args)
    ws = cfg.workstation
    try:
        if args.port is not None:
            ws.storage_port = check_port(args.port)
        if args.bind is not None:
            ws.set("storage_bind", args.bind)
    except ConfigError as exc:
        return fail("listen", str(exc))
    if not any(n.has_dimse for n in cfg.nodes):
        return fail("listen", "no configured peer may send to this workstation (add one: cauri node add NAME "
                    "--ae AE --host HOST --port PORT)")
    stop = threading.Event()
    for name in ("SIGTERM", "SIGINT", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is not None:
            signal.signal(sig, lambda *_: stop.set())
    try:
        cache = StudyCache(paths.store)
    except (IndexUnusable, OSError) as exc:
        return fail("listen", f"cannot open the study cache ({exc})")
    if cache.repaired:
        print(f"cauri listen: {cache.repaired.text()}", file=sys.stderr)
    try:
        scp = StorageSCP(judging_second_copies(cache), cfg).start()  # a good copy replaces a damaged one
    except TLSSetupError as exc:
        cache.close()
        return fail("listen", str(exc))
    except OSError as exc:
        cache.close()
        why = (exc.strerror or type(exc).__name__).lower()
        return fail("listen", f"cannot listen on port {ws.storage_port} ({why})")
    print(f"cauri listen: receiving as {ws.ae_title} on {ws.storage_bind or 'every interface'}, port {scp.port}"
          f"{' (TLS)' if scp.uses_tls else ''}; {len(cfg.nodes)} configured peer(s); stop with Ctrl-C or SIGTERM",
          flush=True)
    try:
        while not stop.wait(1.0):
            pass
    finally:
        scp.stop()
        counts = scp.writer.counts
        cache.close()
    print(f"cauri listen: stopped; {counts.imported} instance(s) stored, {counts.already_present} already "
          f"present, {counts.rejected} refused, {scp.rejected_peers} association(s) from unknown peers refused",
          flush=True)
    return EXIT_OK
