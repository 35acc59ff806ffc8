"""The mutation campaign: N mutated real files through ``import`` and ``info``, with the figures a security
reviewer asks for. Not part of the test suite (10,000 cases take about an hour on 2 cores).

    nice -n 19 python -m tools.robustness.campaign --cases 10000 --work /tmp/campaign [--start 0]

Each case runs in a child forked from a warm parent (Cauri's modules imported once), with its own home,
its own TMPDIR and its own working folder, and is judged on:
- tracebacks: any exception escaping ``import_paths`` or ``info``'s ``describe`` (0 expected);
- hangs: a case still running after 5 s (killed after 60 s);
- memory: the child's peak RSS above what it had at fork, against twice the seed's largest frame;
- writes outside the home: anything left in the case's TMPDIR or working folder;
- clear reasons: every refusal a catalogued message with its French (``viewer.core.messages``).
Progress lines go to stderr; the figures are printed at the end (and on Ctrl-C, for what ran).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import sys
import time
import traceback
import warnings
from collections import Counter
from pathlib import Path

from tools.robustness import mutations

HANG_SECONDS = 5.0
KILL_SECONDS = 60.0


def _rss_kib() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)


def _clear(reason) -> bool:
    from viewer.core.messages import Message
    from viewer.core.messages_fr import FRENCH

    return isinstance(reason, Message) and reason.template in FRENCH


def _child(case_dir: Path, target: Path, out: Path) -> None:
    """Run import and info on ``target``; write the verdict as JSON to ``out``."""
    os.environ["TMPDIR"] = str(case_dir / "systmp")
    import tempfile

    tempfile.tempdir = None
    os.chdir(case_dir / "cwd")
    rss0 = _rss_kib()
    result = {"tracebacks": [], "reasons": 0, "unclear": []}
    home = case_dir / "home"
    warnings.simplefilter("ignore")
    try:
        from viewer.store.cache import StudyCache
        from viewer.store.importer import import_paths

        with StudyCache(home / "data" / "store") as cache:
            report = import_paths(cache, [str(target)])
        result["imported"] = report.imported
        for r in report.rejected:
            result["reasons"] += 1
            if not _clear(r.reason):
                result["unclear"].append(("import", str(r.reason)[:200]))
    except Exception:
        result["tracebacks"].append(("import", traceback.format_exc()[-2000:]))
    try:
        from viewer.commands.info_cmd import describe
        from viewer.model.loose_files import open_paths

        with open_paths([str(target)], home=home) as loose:
            report = describe(loose)
        for e in report["errors"]:
            result["reasons"] += 1
            if not _clear(e["reason"]):
                result["unclear"].append(("info", str(e["reason"])[:200]))
    except Exception:
        result["tracebacks"].append(("info", traceback.format_exc()[-2000:]))
    result["peak_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0
    out.write_text(json.dumps(result))


def run_case(number: int, all_seeds, work: Path, plain: mutations.Seed | None = None) -> dict:
    """Case ``number`` (or, with ``plain``, that seed unchanged: the calibration run)."""
    case_dir = work / f"case{number:06d}"
    shutil.rmtree(case_dir, ignore_errors=True)
    for sub in ("systmp", "cwd", "input"):
        (case_dir / sub).mkdir(parents=True)
    if plain is None:
        case = mutations.make(number, all_seeds, case_dir / "input")
    else:
        shutil.copy(plain.path, case_dir / "input" / "case.dcm")
        case = mutations.Case(number, "file", "none", plain.path, plain.frame_bytes)
    target = next((case_dir / "input").iterdir())
    out = case_dir / "result.json"
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the parent's loop
        code = 0
        try:
            _child(case_dir, target, out)
        except BaseException:
            code = 3
        finally:
            os._exit(code)
    status, killed = None, False
    while status is None:
        done, st = os.waitpid(pid, os.WNOHANG)
        if done:
            status = st
            break
        if time.monotonic() - start > KILL_SECONDS:
            os.kill(pid, signal.SIGKILL)
            killed = True
        time.sleep(0.005)
    seconds = time.monotonic() - start
    verdict = json.loads(out.read_text()) if out.exists() else {"tracebacks": [("child", f"exit status {status}")],
                                                                 "reasons": 0, "unclear": [], "peak_kib": 0}
    outside = [str(p.relative_to(case_dir)) for sub in ("systmp", "cwd") for p in (case_dir / sub).rglob("*")]
    verdict.update(number=number, kind=case.kind, mutation=case.mutation, seed=str(case.seed),
                   frame_bytes=case.frame_bytes, seconds=round(seconds, 3), killed=killed, outside=outside)
    shutil.rmtree(case_dir, ignore_errors=True)
    return verdict


def calibrate(all_seeds, work: Path) -> int:
    """Peak KiB above start of import + info on unmodified files: the fixed cost (index, threads, a decode
    worker's pipes) that every case pays whatever its input; the memory criterion is judged above it."""
    small = sorted(all_seeds, key=lambda s: s.path.stat().st_size)[:: max(1, len(all_seeds) // 12)]
    return max(run_case(-1 - k, all_seeds, work, plain=seed)["peak_kib"] for k, seed in enumerate(small))


def summarize(results: list[dict], elapsed: float, overhead_kib: int = 0) -> str:
    n = len(results)
    tracebacks = [r for r in results if r["tracebacks"]]
    hangs = [r for r in results if r["seconds"] > HANG_SECONDS]
    outside = [r for r in results if r["outside"]]
    reasons = sum(r["reasons"] for r in results)
    unclear = [tuple(u) for r in results for u in r["unclear"]]
    largest = max((r["frame_bytes"] for r in results), default=0)
    # The allowance: twice the largest legitimate frame of the run, or of the case when it is larger (a zip
    # of several series holds one decoded frame of each).
    over_memory = [r for r in results if (r["peak_kib"] - overhead_kib) * 1024 > 2 * max(largest, r["frame_bytes"])]
    peak = max((r["peak_kib"] for r in results), default=0)
    kinds = Counter(r["kind"] for r in results)
    mutations_seen = Counter(r["mutation"].split("-")[0] for r in results)
    syntaxes = len({r["seed"] for r in results})
    lines = [
        f"mutation campaign: {n} cases in {elapsed / 60:.1f} min ({dict(kinds)}), {syntaxes} distinct seeds",
        f"  mutations: {dict(mutations_seen)}",
        f"  tracebacks: {len(tracebacks)}",
        f"  hangs over {HANG_SECONDS:g} s: {len(hangs)} (slowest {max((r['seconds'] for r in results), default=0):.2f} s)",
        f"  peak memory above the process at start: max {peak / 1024:.1f} MiB, of which {overhead_kib / 1024:.1f} MiB "
        f"is paid by unmodified files too; above that: max {(peak - overhead_kib) / 1024:.1f} MiB against 2 x the "
        f"largest legitimate frame = {2 * largest / (1 << 20):.1f} MiB; cases over: {len(over_memory)}",
        f"  bytes written outside the home: {sum(len(r['outside']) for r in results)} file(s) in {len(outside)} case(s)",
        f"  refusals: {reasons}, clear (catalogued, in French too): "
        f"{100.0 * (reasons - len(unclear)) / max(reasons, 1):.2f} %",
    ]
    for r in tracebacks[:5]:
        lines.append(f"  TRACEBACK case {r['number']} ({r['mutation']} of {r['seed']}): {r['tracebacks'][0][1][-300:]}")
    for (where, text), count in Counter(unclear).most_common(12):
        lines.append(f"  unclear ({where}, x{count}): {text}")
    for r in sorted(over_memory, key=lambda r: -r["peak_kib"])[:5]:
        lines.append(f"  memory case {r['number']} ({r['mutation']} of {r['seed']}): {r['peak_kib'] / 1024:.1f} MiB")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--work", type=Path, default=Path("/tmp/cauri-campaign"))
    parser.add_argument("--results", type=Path, help="JSON lines of every case (default: WORK/results.jsonl)")
    parser.add_argument("--numbers", help="run only these case numbers (comma-separated), e.g. the slow ones again")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    results_path = args.results or args.work / "results.jsonl"
    # Warm the parent: every child starts with the modules imported.
    import viewer.commands.info_cmd  # noqa: F401
    import viewer.model.loose_files  # noqa: F401
    import viewer.store.importer  # noqa: F401
    from viewer.model.registry import load_plugins

    load_plugins()
    import logging

    logging.getLogger().addHandler(logging.NullHandler())  # the verdicts are the output, not log lines
    all_seeds = mutations.seeds()
    results: list[dict] = []
    overhead = calibrate(all_seeds, args.work)
    started = time.monotonic()
    try:
        with open(results_path, "a") as log:
            numbers = ([int(n) for n in args.numbers.split(",")] if args.numbers
                       else range(args.start, args.start + args.cases))
            for number in numbers:
                r = run_case(number, all_seeds, args.work)
                results.append(r)
                log.write(json.dumps(r) + "\n")
                log.flush()
                if len(results) % 100 == 0:
                    print(f"{len(results)} cases, {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        print("interrupted: figures for the cases that ran", file=sys.stderr)
    print(summarize(results, time.monotonic() - started, overhead))
    return 0


if __name__ == "__main__":
    sys.exit(main())
