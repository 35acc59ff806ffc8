"""Coverage-guided fuzzing (atheris, libFuzzer) of Cauri's own parsers. Not part of the test suite.

    pip install -e .[fuzz]
    nice -n 19 python -m tools.robustness.fuzz --target tagscan --hours 1 --work /tmp/fuzz
    nice -n 19 python -m tools.robustness.fuzz --all --hours 1 --work /tmp/fuzz   # one after the other

Targets: ``tagscan`` (the import's tag scanner), ``header`` (``header.read_header``: structure walk, pydicom,
completeness checks), ``pdu`` (the upper layer's PDU and message reader, and A-ASSOCIATE-RQ decoding),
``multipart`` (the WADO-RS multipart/related reader, parts filed through the header parser), ``zip`` (the
zip/loose-file reader of ``cauri info``: members, bombs, DICOMDIR). An input that raises anything but the
parser's own refusal is a crash (a traceback), one that runs over 5 s a hang, over 2 GB of RSS a memory
failure: libFuzzer stops and writes it to WORK/TARGET/crash-*. At the end it prints the run's figures.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import struct
import subprocess
import sys
import time
import warnings
from pathlib import Path

TARGETS = ("tagscan", "header", "pdu", "multipart", "zip")
CORPUS = Path(os.environ.get("CAURI_TEST_DATA") or Path(__file__).resolve().parents[3] / "shared" / "data" / "dicom")


# -- harnesses (each one input; expected refusals return quietly) -------------------------------------

def fuzz_tagscan(data: bytes) -> None:
    from viewer.store import tagscan

    tagscan.scan(data)


def fuzz_header(data: bytes) -> None:
    from viewer.dicom.header import NotImportable, read_header, read_index_header, sniff

    kind = sniff(data[:132])
    if kind not in ("part10", "raw"):
        return
    for reader in (read_header, read_index_header):
        try:
            reader(io.BytesIO(data), len(data), raw=kind == "raw")
        except NotImportable:
            pass


class _FakeSocket:
    def __init__(self, data: bytes):
        self._data = data

    def makefile(self, *_a, **_k):
        return io.BufferedReader(io.BytesIO(self._data))

    def sendall(self, _b) -> None:
        pass

    def shutdown(self, _how) -> None:
        pass

    def close(self) -> None:
        pass


def fuzz_pdu(data: bytes) -> None:
    from viewer.net import ul, ul_assoc

    link = ul.Link(_FakeSocket(data), max_pdu_in=1 << 16, max_dataset=1 << 20)
    try:
        if data[:1] == b"\x01":
            ul_assoc.read_request(link)
        for _ in range(64):
            link.read_message()
    except (ul.ULError, ul.ReleaseRequested):
        pass


class _Writer:
    """Stands for the CacheWriter: parts go through the same header parsing, nothing is stored."""

    def __init__(self, work: Path):
        self.work = work

    def has_room(self) -> bool:
        return True

    def store_part10(self, body) -> None:
        from viewer.dicom.header import NotImportable
        from viewer.dicom.part10 import parse_part10

        try:
            parse_part10(memoryview(body))
        except NotImportable:
            pass

    def new_temp(self) -> str:
        return str(self.work / "part.tmp")

    def submit(self, path: str) -> None:
        from viewer.dicom.header import NotImportable, read_header

        with open(path, "rb") as fh:
            try:
                read_header(fh, os.fstat(fh.fileno()).st_size)
            except NotImportable:
                pass
        os.unlink(path)


_WORK = Path(".")


def fuzz_multipart(data: bytes) -> None:
    from viewer.net import dicomweb
    from viewer.net import NetError
    from viewer.store.receive import DiskFull

    try:
        for _headers in dicomweb._parts(io.BufferedReader(io.BytesIO(data)), b"BOUNDARY", _Writer(_WORK)):
            pass
    except (NetError, DiskFull, ValueError):
        pass  # ValueError: the first delimiter never came (index of a missing marker)


def fuzz_zip(data: bytes) -> None:
    from viewer.model.loose_files import open_paths

    path = _WORK / "input.zip"
    path.write_bytes(data)
    with open_paths([str(path)], home=_WORK / "home") as loose:
        loose.display_sets()


HARNESS = {"tagscan": fuzz_tagscan, "header": fuzz_header, "pdu": fuzz_pdu, "multipart": fuzz_multipart,
           "zip": fuzz_zip}


# -- seed corpora -------------------------------------------------------------------------------------

def _real_files(limit: int = 40, max_size: int = 256 << 10) -> list[Path]:
    found = []
    for p in sorted(CORPUS.rglob("*.dcm")):
        if p.stat().st_size <= max_size:
            found.append(p)
        if len(found) >= limit:
            break
    return found


def seed_corpus(target: str, folder: Path) -> None:
    import zipfile

    folder.mkdir(parents=True, exist_ok=True)
    files = _real_files()
    if target in ("tagscan", "header"):
        for k, p in enumerate(files):
            (folder / f"seed{k}").write_bytes(p.read_bytes()[:64 << 10])
    elif target == "pdu":
        sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))
        from net.test_listener_flood import _association_request  # a real A-ASSOCIATE-RQ

        from viewer.net import ul

        command = ul.encode_command({ul.AFFECTED_SOP_CLASS: "1.2.840.10008.1.1", ul.COMMAND_FIELD: ul.C_ECHO_RQ,
                                     ul.MESSAGE_ID: 1, ul.DATASET_TYPE: ul.NO_DATASET})
        pdata = struct.pack(">BBL", 4, 0, len(command) + 6) + struct.pack(">LBB", len(command) + 2, 1, 3) + command
        (folder / "rq").write_bytes(_association_request())
        (folder / "echo").write_bytes(pdata + struct.pack(">BBL", 5, 0, 4) + b"\x00" * 4)
    elif target == "multipart":
        for k, p in enumerate(files[:8]):
            body = p.read_bytes()
            part = (b"--BOUNDARY\r\nContent-Type: application/dicom\r\n"
                    + (f"Content-Length: {len(body)}\r\n".encode() if k % 2 else b"") + b"\r\n" + body)
            (folder / f"seed{k}").write_bytes(part + b"\r\n--BOUNDARY--\r\n")
    elif target == "zip":
        for k in range(6):
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED if k % 2 else zipfile.ZIP_STORED) as zf:
                for j, p in enumerate(files[k * 3:k * 3 + 2]):
                    zf.writestr(f"d/{j}.dcm", p.read_bytes()[:32 << 10])
            (folder / f"seed{k}").write_bytes(buf.getvalue())


# -- running ----------------------------------------------------------------------------------------

def run_target(target: str, seconds: int, work: Path) -> None:
    """In this process: fuzz ``target`` for ``seconds`` (libFuzzer exits when done or on a crash)."""
    import atheris

    global _WORK
    _WORK = work / target / "scratch"
    _WORK.mkdir(parents=True, exist_ok=True)
    os.environ["CAURI_HOME"] = str(_WORK / "home")
    warnings.simplefilter("ignore")
    import logging

    logging.getLogger().addHandler(logging.NullHandler())
    corpus = work / target / "corpus"
    if not corpus.exists():
        seed_corpus(target, corpus)
    import viewer.model.loose_files  # noqa: F401
    import viewer.net.dicomweb  # noqa: F401
    import viewer.net.ul_assoc  # noqa: F401
    import viewer.dicom.header  # noqa: F401
    import viewer.store.receive  # noqa: F401

    # Coverage of Cauri's own code (already imported by the seed corpus, so not through instrument_imports).
    for name, module in list(sys.modules.items()):
        if name.startswith("viewer") and module is not None:
            for value in list(vars(module).values()):
                _instrument(atheris, value, name)
    args = [sys.argv[0], str(corpus), f"-max_total_time={seconds}", "-timeout=5", "-rss_limit_mb=2048",
            f"-artifact_prefix={work / target}/", "-print_final_stats=1", "-max_len=262144"]
    atheris.Setup(args, HARNESS[target])
    atheris.Fuzz()


def _instrument(atheris, value, module_name: str) -> None:
    import inspect

    if inspect.isfunction(value) and value.__module__ == module_name:
        atheris.instrument_func(value)
    elif inspect.isclass(value) and value.__module__ == module_name:
        for attr in list(vars(value).values()):
            if inspect.isfunction(attr):
                atheris.instrument_func(attr)


def run_all(targets: list[str], seconds: int, work: Path) -> str:
    lines = []
    for target in targets:
        log = work / f"{target}.log"
        start = time.monotonic()
        with open(log, "w") as out:
            proc = subprocess.run([sys.executable, "-m", "tools.robustness.fuzz", "--target", target,
                                   "--seconds", str(seconds), "--work", str(work), "--child"],
                                  stdout=out, stderr=subprocess.STDOUT)
        lines.append(report(target, log, time.monotonic() - start, proc.returncode, work))
        print(lines[-1], flush=True)
    return "\n".join(lines)


def report(target: str, log: Path, seconds: float, rc: int, work: Path) -> str:
    text = log.read_text(errors="replace")
    runs = re.findall(r"stat::number_of_executed_units:\s*(\d+)", text)
    execs = int(runs[-1]) if runs else max((int(m) for m in re.findall(r"#(\d+)\s", text)), default=0)
    cov = re.findall(r"cov: (\d+)", text)
    crashes = sorted(p.name for p in (work / target).glob("crash-*")) + sorted(p.name for p in (work / target).glob("timeout-*"))
    crashes += sorted(p.name for p in (work / target).glob("oom-*"))
    return (f"fuzz {target}: {seconds / 60:.1f} min, {execs} executions, coverage {cov[-1] if cov else '?'} edges, "
            f"exit {rc}, crashes/hangs/oom: {len(crashes)} {crashes[:3]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", choices=TARGETS)
    parser.add_argument("--all", action="store_true", help="every target, one after the other")
    parser.add_argument("--hours", type=float, default=1.0)
    parser.add_argument("--seconds", type=int, help="overrides --hours")
    parser.add_argument("--work", type=Path, default=Path("/tmp/cauri-fuzz"))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    seconds = args.seconds or int(args.hours * 3600)
    args.work.mkdir(parents=True, exist_ok=True)
    if args.child:
        run_target(args.target, seconds, args.work)
        return 0
    targets = list(TARGETS) if args.all or not args.target else [args.target]
    print(run_all(targets, seconds, args.work))
    return 0


if __name__ == "__main__":
    sys.exit(main())
