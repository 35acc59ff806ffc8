"""kill -9 drills: Cauri killed at a random moment of each kind of write, then checked and resumed.

    nice -n 19 python -m tools.robustness.kill_drills --drills 210 --work /tmp/cauri-drills

Kinds (in turn): ``import`` (cauri import of a 300-file series), ``get``, ``move``, ``wado`` (cauri retrieve
of a 300-image study from a real Orthanc), ``receive`` (cauri listen fed by DCMTK storescu), ``autosave``
(the measurement store rewritten in a loop), ``findings`` (SR + GSPS written and imported in a loop),
``export`` (cauri export of the 300-image study to a new folder, or to an ISO image, in turn) and ``report``
(cauri report --final: the TID 2000 SR and its PDF written and imported) and ``evict`` (cauri cache evict --yes of
the 300-image study: its rows kept "on the archive", its files removed).

After each kill the home is checked, as the next Cauri finds it (``StudyCache`` opens and repairs):
- corrupt: an indexed file missing, unreadable, of another size than indexed, or not the instance its row
  names; a measurement document that does not parse;
- duplicated: one instance stored twice (two files for one SOP Instance UID), or more files than rows;
- lost: after resuming (the same command run again to its end), an instance that should be there is not.
For export, the media itself: "corrupt" when a target exists but is not complete (no DICOMDIR, or fewer images
than the study); for report, "duplicated" when resuming leaves more than one SR or PDF of the report; for evict,
"lost" counts what resuming leaves behind (rows or files of the study, or a list of files still to remove).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KINDS = ("import", "get", "move", "wado", "receive", "autosave", "findings", "export", "report", "evict")
N_IMAGES = 300
ENV = dict(os.environ, TCP_NODELAY="1", PYTHONPATH=f"{ROOT}{os.pathsep}{ROOT / 'plugins'}", QT_QPA_PLATFORM="offscreen")


def cauri(*args, home: Path, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "viewer", *args, "--home", str(home)], env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def finish(*args, home: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "viewer", *args, "--home", str(home)], env=ENV,
                          capture_output=True, text=True, timeout=timeout)


class Lab:
    """The shared fixtures: a source study on disk and in a real Orthanc, configs for each home."""

    def __init__(self, work: Path):
        sys.path.insert(0, str(ROOT / "tests"))
        from net.synth import write_study

        from viewer.bench.orthanc import Orthanc, free_port

        self.work = work
        self.study = write_study(work / "src", slices_per_series=(N_IMAGES // 2, N_IMAGES // 2), size=128)
        self.scp_port = free_port()
        self.orthanc = Orthanc(work / "orthanc", modalities={"cauri": ("CAURI", self.scp_port)}).start()
        self.orthanc.upload(self.study.files)
        self.durations: dict[str, float] = {}

    def calibrate(self) -> None:
        """How long each command takes to the end here and now: kills land uniformly within that time."""
        for kind, args in (("import", ("import", str(self.work / "src"))),
                           *((m, ("retrieve", "pacs", "--study-uid", self.study.study_uid, "--method", m, "--quiet"))
                             for m in ("get", "move", "wado"))):
            home = self.home(9999, kind)
            start = time.monotonic()
            finish(*args, home=home)
            self.durations[kind] = time.monotonic() - start
            shutil.rmtree(home, ignore_errors=True)
        # Export and report start from a home holding the study: made once, copied for each drill.
        self.base = self.home(9998, "base")
        finish("import", str(self.work / "src"), home=self.base)
        (self.work / "report.txt").write_text("Indication\nContrôle.\n\nConclusion\nPas d'anomalie.\n", encoding="utf-8")
        for kind, args in (("export", ("export", "--study-uid", self.study.study_uid, "--media", str(self.work / "cal"))),
                           ("report", REPORT_ARGS(self)), ("evict", EVICT_ARGS(self))):
            home = self.copy_base(9997, kind)
            start = time.monotonic()
            finish(*args, home=home)
            self.durations[kind] = time.monotonic() - start
            shutil.rmtree(home, ignore_errors=True)
        shutil.rmtree(self.work / "cal", ignore_errors=True)

    def copy_base(self, k: int, kind: str) -> Path:
        home = self.work / f"drill{k:04d}-{kind}"
        shutil.rmtree(home, ignore_errors=True)
        shutil.copytree(self.base, home)
        return home

    def home(self, k: int, kind: str) -> Path:
        from viewer.net.nodes import NetworkConfig, Node

        home = self.work / f"drill{k:04d}-{kind}"
        shutil.rmtree(home, ignore_errors=True)
        cfg = NetworkConfig()
        cfg.workstation.ae_title = "CAURI"
        cfg.workstation.storage_port = self.scp_port
        cfg.workstation.min_free_mb = 0
        cfg.add(Node(name="pacs", ae_title=self.orthanc.aet, host="127.0.0.1", port=self.orthanc.dicom_port,
                     dicomweb_url=self.orthanc.dicomweb))
        cfg.add(Node(name="modality", ae_title="STORESCU", host="127.0.0.1", port=104))
        cfg.save(home)
        return home

    def close(self) -> None:
        self.orthanc.stop()


def REPORT_ARGS(lab) -> tuple:  # noqa: N802 - a constant made from the lab
    return ("report", "--study-uid", lab.study.study_uid, "--template", "ct-head", "--text-file",
            str(lab.work / "report.txt"), "--final", "--reader", "DRILL^Test")


def EVICT_ARGS(lab) -> tuple:  # noqa: N802 - a constant made from the lab
    return ("cache", "evict", "--study-uid", lab.study.study_uid, "--yes")


def _kill_after(proc: subprocess.Popen, seconds: float) -> bool:
    """SIGKILL ``proc`` after ``seconds``; False when it had ended by itself before."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return True


def drill(lab: Lab, k: int, kind: str, rnd: random.Random) -> dict:
    home = lab.home(k, kind)
    # Anywhere from the interpreter's start to the end of the work as timed by ``calibrate``.
    delay = rnd.uniform(0.5, lab.durations.get(kind, 4.0))
    uid = lab.study.study_uid
    if kind == "import":
        killed = _kill_after(cauri("import", str(lab.work / "src"), home=home), delay)
        resume = ("import", str(lab.work / "src"))
    elif kind in ("get", "move", "wado"):
        killed = _kill_after(cauri("retrieve", "pacs", "--study-uid", uid, "--method", kind, "--quiet", home=home),
                             delay)
        resume = ("retrieve", "pacs", "--study-uid", uid, "--method", kind, "--quiet")
    elif kind == "receive":
        return _receive_drill(lab, home, delay)
    elif kind == "export":
        return _export_drill(lab, k, delay)
    elif kind == "report":
        return _report_drill(lab, k, delay)
    elif kind == "evict":
        return _evict_drill(lab, k, delay)
    else:
        killed = _kill_after(_looping_writer(kind, lab, home), delay)
        resume = None
    verdict = check(home, kind)
    verdict.update(kind=kind, killed=killed, delay=round(delay, 2))
    if resume is not None:
        done = finish(*resume, home=home)
        verdict["resume_rc"] = done.returncode
        verdict["lost"] = N_IMAGES - check(home, kind)["indexed"]
    shutil.rmtree(home, ignore_errors=True)
    return verdict


def _evict_drill(lab: Lab, k: int, delay: float) -> dict:
    """Killed while evicting the study: the next open finds whole rows or none, each with its file, and no file
    the index does not name ("duplicated"); resuming leaves neither rows nor files nor a removal list."""
    import sqlite3

    from viewer.core.paths import resolve_paths

    home = lab.copy_base(k, "evict")
    killed = _kill_after(cauri(*EVICT_ARGS(lab), home=home), delay)
    verdict = check(home, "evict")
    verdict.update(kind="evict", killed=killed, delay=round(delay, 2))
    done = finish(*EVICT_ARGS(lab), home=home)
    verdict["resume_rc"] = done.returncode
    after = check(home, "evict")
    root = resolve_paths(home).store
    db = sqlite3.connect(root / "index.sqlite")
    try:
        pending = db.execute("SELECT count(*) FROM removal").fetchone()[0]
        on_archive = db.execute("SELECT count(*) FROM study WHERE evicted_at > 0").fetchone()[0]
    finally:
        db.close()
    files = len(list((root / "files").rglob("*.dcm")))
    verdict["lost"] = after["indexed"] + files + pending + (0 if on_archive == 1 else 1)
    shutil.rmtree(home, ignore_errors=True)
    return verdict


def _receive_drill(lab: Lab, home: Path, delay: float) -> dict:
    from viewer.bench.orthanc import free_port

    port = free_port()
    listener = cauri("listen", "--port", str(port), home=home)
    listener.stdout.readline()  # listening
    push = subprocess.Popen(["storescu", "-aet", "STORESCU", "-aec", "CAURI", "127.0.0.1", str(port),
                             *map(str, lab.study.files)], env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    killed = _kill_after(listener, max(0.05, delay - 0.8))
    push.wait(120)
    verdict = check(home, "receive")
    listener = cauri("listen", "--port", str(port), home=home)  # resume: the modality sends again
    listener.stdout.readline()
    again = subprocess.run(["storescu", "-aet", "STORESCU", "-aec", "CAURI", "127.0.0.1", str(port),
                            *map(str, lab.study.files)], env=ENV, capture_output=True, timeout=300)
    listener.send_signal(signal.SIGTERM)
    listener.communicate(timeout=120)
    verdict.update(kind="receive", killed=killed, delay=round(delay, 2), resume_rc=again.returncode,
                   lost=N_IMAGES - check(home, "receive")["indexed"])
    shutil.rmtree(home, ignore_errors=True)
    return verdict


def _media_state(target: Path) -> tuple[str, int]:
    """("absent" | "complete" | "partial", images) of an export's target as a reader would find it."""
    if not target.exists():
        return "absent", 0
    if target.suffix == ".iso":
        import pycdlib

        iso = pycdlib.PyCdlib()
        try:
            iso.open(str(target))
            names = [name for _root, _dirs, files in iso.walk(iso_path="/") for name in files]
            iso.close()
        except Exception:
            return "partial", 0
        images = sum(1 for n in names if n.upper().startswith("IM"))
        has_dicomdir = any(n.upper().startswith("DICOMDIR") for n in names)
    else:
        images = sum(1 for p in target.rglob("IM*") if p.is_file())
        has_dicomdir = (target / "DICOMDIR").is_file()
    return ("complete" if has_dicomdir and images == N_IMAGES else "partial"), images


def _export_drill(lab: Lab, k: int, delay: float) -> dict:
    home = lab.copy_base(k, "export")
    target = lab.work / (f"key{k:04d}.iso" if k % 2 else f"key{k:04d}")
    args = ("export", "--study-uid", lab.study.study_uid, "--media", str(target))
    killed = _kill_after(cauri(*args, home=home), delay)
    verdict = check(home, "export")
    state, _ = _media_state(target)
    verdict["corrupt"] += state == "partial"  # half-written media that looks like media
    verdict.update(kind="export", killed=killed, delay=round(delay, 2), media_after_kill=state)
    if state == "absent":  # resume: the same export again (it clears what the killed one left beside the target)
        done = finish(*args, home=home)
        verdict["resume_rc"] = done.returncode
    state, images = _media_state(target)
    verdict["lost"] = N_IMAGES - images if state == "complete" else N_IMAGES
    leftovers = [p.name for p in lab.work.glob(f".{target.name}.cauri-part*")]
    verdict["leftovers"] = leftovers
    shutil.rmtree(home, ignore_errors=True)
    shutil.rmtree(target, ignore_errors=True) if target.is_dir() else target.unlink(missing_ok=True)
    return verdict


def _report_drill(lab: Lab, k: int, delay: float) -> dict:
    home = lab.copy_base(k, "report")
    killed = _kill_after(cauri(*REPORT_ARGS(lab), home=home), delay)
    verdict = check(home, "report")
    verdict.update(kind="report", killed=killed, delay=round(delay, 2))
    done = finish(*REPORT_ARGS(lab), home=home)  # resume; "already final, use --amend" also means it is there
    verdict["resume_rc"] = 0 if done.returncode == 0 or "--amend" in done.stderr else done.returncode
    doc = json.loads(finish("report", "--study-uid", lab.study.study_uid, "--json", home=home).stdout or "{}")
    kinds = Counter(o.get("kind") for o in doc.get("objects", []))
    verdict["report_status"] = doc.get("status")
    verdict["duplicated"] += max(0, kinds["SR"] - 1) + max(0, kinds["PDF"] - 1)
    verdict["lost"] = 0 if doc.get("status") == "final" and kinds["SR"] == 1 and kinds["PDF"] == 1 else 1
    verdict["after"] = check(home, "report")["corrupt"]
    verdict["corrupt"] += verdict["after"]
    shutil.rmtree(home, ignore_errors=True)
    return verdict


_WRITER = r'''
import sys, random
from pathlib import Path
from viewer.core.paths import resolve_paths
from viewer.store.cache import StudyCache
from viewer.store.importer import import_paths
from viewer.model.measurements import AnnotationStore, ImageRef, Measurement, MeasurementKind as K, save_findings
kind, home, src = sys.argv[1], sys.argv[2], sys.argv[3]
cache = StudyCache(resolve_paths(home).ensure().store)
import_paths(cache, [src])
study = cache.find_studies()[0]
series = cache.series_of(study.study_uid)[0]
refs = [ImageRef(study.study_uid, series.series_uid, i.sop_uid, 0) for i in cache.instances_of(series.series_uid)]
print("ready", flush=True)
store = AnnotationStore(cache.root)
n = 0
while True:
    n += 1
    ms = [Measurement(K.LENGTH, [(10, 10), (20 + n % 50, 30)], refs[(n + j) % len(refs)], f"L{n}") for j in range(1 + n % 7)]
    if kind == "autosave":
        store.save(study.study_uid, ms)
    else:
        save_findings(cache, study.study_uid, ms[:2])
'''


def _looping_writer(kind: str, lab: Lab, home: Path) -> subprocess.Popen:
    one_series = lab.work / "one-series"
    if not one_series.exists():
        one_series.mkdir()
        for f in lab.study.files[:10]:
            shutil.copy(f, one_series)
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, kind, str(home), str(one_series)], env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc.stdout.readline()  # "ready": the kill lands in the loop of saves
    return proc


def check(home: Path, kind: str) -> dict:
    """The home as the next Cauri finds it: open (and repair) the cache, then every file against its row."""
    from viewer.core.paths import resolve_paths
    from viewer.model.annotation_store import AnnotationStore
    from viewer.store.cache import StudyCache
    from viewer.dicom.header import NotImportable, read_index_header

    corrupt, rows = [], []
    root = resolve_paths(home).store
    if not root.exists():
        return {"indexed": 0, "corrupt": 0, "duplicated": 0, "repaired": ""}
    with StudyCache(root) as cache:
        repaired = cache.repaired
        for study in cache.find_studies():
            for series in cache.series_of(study.study_uid):
                rows.extend(cache.instances_of(series.series_uid))
        sizes = {}
        for r in rows:
            try:
                with open(r.path, "rb", buffering=0) as fh:
                    h = read_index_header(fh, os.fstat(fh.fileno()).st_size)
                sizes[r.sop_uid] = r.path.stat().st_size
                if h.sop_uid != r.sop_uid:
                    corrupt.append(f"{r.sop_uid}: another instance in its file")
            except (OSError, NotImportable) as exc:
                corrupt.append(f"{r.sop_uid}: {type(exc).__name__}")
        for doc in (root / "annotations").glob("*.json") if (root / "annotations").exists() else []:
            try:
                json.loads(doc.read_text(encoding="utf-8"))
            except ValueError:
                corrupt.append(f"measurement document {doc.name} does not parse")
        if kind == "autosave":
            for study in cache.find_studies():
                AnnotationStore(cache.root).load(study.study_uid)
    files = list((root / "files").rglob("*.dcm"))
    by_sop = Counter(r.sop_uid for r in rows)
    duplicated = sum(n - 1 for n in by_sop.values()) + max(0, len(files) - len(rows))
    return {"indexed": len(rows), "corrupt": len(corrupt), "corrupt_detail": corrupt[:3], "duplicated": duplicated,
            "repaired": str(repaired.text()) if repaired else ""}


def summarize(results: list[dict], minutes: float) -> str:
    by_kind = Counter(r["kind"] for r in results)
    killed = sum(r["killed"] for r in results)
    corrupt = sum(r["corrupt"] for r in results)
    duplicated = sum(r["duplicated"] for r in results)
    resumed = [r for r in results if "lost" in r]
    lost = sum(max(0, r["lost"]) for r in resumed)
    failed_resume = [r for r in resumed if r.get("resume_rc") not in (0, None)]
    repaired = sum(bool(r["repaired"]) for r in results)
    lines = [
        f"kill -9 drills: {len(results)} in {minutes:.1f} min ({dict(by_kind)}); killed mid-work: {killed} "
        f"(the rest had finished before the kill)",
        f"  corrupt: {corrupt}, duplicated: {duplicated}, lost after resume: {lost} "
        f"(resumed {len(resumed)}, resume not completed: {len(failed_resume)})",
        f"  homes the next start repaired (orphans indexed/removed, temp cleaned): {repaired}",
        f"  export: media left half-written after a kill: "
        f"{sum(r.get('media_after_kill') == 'partial' for r in results if r['kind'] == 'export')}; work folders "
        f"left beside the target after the resume: {sum(bool(r.get('leftovers')) for r in results)}",
    ]
    for r in [r for r in results if r["corrupt"] or r["duplicated"] or r.get("lost")][:5]:
        lines.append(f"  PROBLEM {r}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--drills", type=int, default=210)
    parser.add_argument("--work", type=Path, default=Path("/tmp/cauri-drills"))
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--kinds", default=",".join(KINDS))
    args = parser.parse_args(argv)
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    rnd = random.Random(args.seed)
    kinds = args.kinds.split(",")
    lab = Lab(args.work)
    lab.calibrate()
    print(f"calibration (s to the end of the work): {lab.durations}", file=sys.stderr, flush=True)
    results: list[dict] = []
    started = time.monotonic()
    try:
        with open(args.work.parent / f"{args.work.name}-results.jsonl", "w") as log:
            for k in range(args.drills):
                r = drill(lab, k, kinds[k % len(kinds)], rnd)
                results.append(r)
                log.write(json.dumps(r) + "\n")
                log.flush()
                if (k + 1) % 10 == 0:
                    print(f"{k + 1} drills, {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        print("interrupted: figures for the drills that ran", file=sys.stderr)
    finally:
        lab.close()
    print(summarize(results, (time.monotonic() - started) / 60))
    print(f"  kill moments drawn uniformly from 0.5 s to the command's own duration: "
          f"{ {k: round(v, 1) for k, v in lab.durations.items()} } s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
