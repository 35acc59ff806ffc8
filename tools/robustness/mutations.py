"""Mutated real DICOM files: the hostile inputs of the robustness campaign (issue 19).

Seeds are the real corpus (``shared/data/dicom``: every transfer syntax, SR, DICOMDIR media); each case is
made from one seed by one mutation, deterministically from (seed number, case number), so a failing case
can be made again from its number alone. Cases are files, DICOMDIR media folders or zip archives.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(os.environ.get("CAURI_TEST_DATA") or Path(__file__).resolve().parents[3] / "shared" / "data" / "dicom")
DICOMDIR_MEDIA = CORPUS / "pypi-pydicom-3.0.2" / "test_files" / "dicomdirtests"
MAX_SEED = 6 << 20


@dataclass(frozen=True)
class Seed:
    path: Path
    syntax: str
    sop_class: str
    frame_bytes: int  # rows x columns x samples x bytes per sample (0 when unknown)


def seeds() -> list[Seed]:
    """Every corpus file with a transfer syntax in the manifest, up to 6 MiB."""
    out = []
    manifest = (CORPUS / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()
    for line in manifest[1:]:
        f = line.split("\t")
        if len(f) < 13 or not f[8]:
            continue
        path = CORPUS / f[1] / f[2]
        if not path.is_file() or path.stat().st_size > MAX_SEED or "dicomdirtests" in f[2]:
            continue
        try:
            frame = int(f[10]) * int(f[11]) * (3 if f[9].startswith(("RGB", "YBR")) else 1) * 2
        except ValueError:
            frame = 0
        out.append(Seed(path, f[8], f[7], frame))
    return out


# -- byte mutations ---------------------------------------------------------------------------------

def _flip(rnd: random.Random, data: bytearray) -> str:
    for _ in range(rnd.randint(1, 16)):
        at = rnd.randrange(len(data))
        data[at] = rnd.randrange(256)
    return "bytes"


def _header_flip(rnd: random.Random, data: bytearray) -> str:
    end = min(len(data), 4096)
    for _ in range(rnd.randint(1, 6)):
        at = rnd.randrange(min(132, end - 1), end)
        data[at] ^= 1 << rnd.randrange(8)
    return "header-bits"


def _truncate(rnd: random.Random, data: bytearray) -> str:
    del data[rnd.randrange(1, len(data)):]
    return "truncate"


def _length(rnd: random.Random, data: bytearray) -> str:
    at = rnd.randrange(132, max(133, min(len(data) - 4, 4096)))
    value = rnd.choice([0xFFFFFFFF, 0xFFFFFFF0, 0x7FFFFFFF, 0x80000000, len(data) * 2, rnd.randrange(1 << 32)])
    data[at:at + 4] = struct.pack("<L", value)
    return "length"


def _vr(rnd: random.Random, data: bytearray) -> str:
    at = rnd.randrange(132, max(133, min(len(data) - 2, 4096)))
    data[at:at + 2] = rnd.choice([b"QQ", b"\x00\x00", b"SQ", b"UN", b"OB", b"\xff\xfe", b"ZZ"])
    return "vr"


def _chunk(rnd: random.Random, data: bytearray) -> str:
    a = rnd.randrange(len(data))
    b = min(len(data), a + rnd.randint(1, 4096))
    if rnd.random() < 0.5:
        del data[a:b]
        return "delete"
    data[a:a] = data[a:b] * rnd.randint(1, 4)
    return "duplicate"


def _zero(rnd: random.Random, data: bytearray) -> str:
    a = rnd.randrange(len(data))
    b = min(len(data), a + rnd.randint(1, 1 << 16))
    data[a:b] = bytes(b - a)
    return "zero-region"


def _nest(rnd: random.Random, data: bytearray) -> str:
    """Replace the dataset after the file meta by sequences nested 100-20,000 deep."""
    depth = rnd.choice([100, 1000, 20000])
    meta_end = 132
    while meta_end + 8 <= len(data) and data[meta_end:meta_end + 2] == b"\x02\x00":
        vr = bytes(data[meta_end + 4:meta_end + 6])
        if vr in (b"OB", b"OW", b"UN", b"SQ", b"UT"):
            meta_end += 12 + struct.unpack_from("<L", data, meta_end + 8)[0]
        else:
            meta_end += 8 + struct.unpack_from("<H", data, meta_end + 6)[0]
    opened = struct.pack("<HH2sHL", 0x0040, 0xA730, b"SQ", 0, 0xFFFFFFFF) + struct.pack("<HHL", 0xFFFE, 0xE000, 0xFFFFFFFF)
    closed = struct.pack("<HHL", 0xFFFE, 0xE00D, 0) + struct.pack("<HHL", 0xFFFE, 0xE0DD, 0)
    data[meta_end:] = opened * depth + closed * depth
    return f"nest{depth}"


BYTE_MUTATIONS = (_flip, _header_flip, _truncate, _length, _vr, _chunk, _zero, _nest)


@dataclass
class Case:
    number: int
    kind: str  # "file", "dicomdir", "zip"
    mutation: str
    seed: Path
    frame_bytes: int


def make(number: int, all_seeds: list[Seed], folder: Path, base_seed: int = 19) -> Case:
    """Case ``number`` written under ``folder`` (a fresh folder): returns what it is."""
    rnd = random.Random(base_seed * 1_000_003 + number)
    folder.mkdir(parents=True, exist_ok=True)
    roll = rnd.random()
    if roll < 0.06 and DICOMDIR_MEDIA.is_dir():
        return _dicomdir_case(number, rnd, folder)
    seed = rnd.choice(all_seeds)
    if roll < 0.16:
        return _zip_case(number, rnd, all_seeds, seed, folder)
    data = bytearray(seed.path.read_bytes())
    mutation = rnd.choice(BYTE_MUTATIONS)(rnd, data) if data else "empty"
    (folder / "case.dcm").write_bytes(bytes(data))
    return Case(number, "file", mutation, seed.path, seed.frame_bytes)


def _zip_case(number: int, rnd: random.Random, all_seeds: list[Seed], seed: Seed, folder: Path) -> Case:
    members = [seed] + [rnd.choice(all_seeds) for _ in range(rnd.randint(0, 3))]
    buf = io.BytesIO()
    method = rnd.choice([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
    with zipfile.ZipFile(buf, "w", method) as zf:
        for k, m in enumerate(members):
            data = bytearray(m.path.read_bytes())
            if rnd.random() < 0.5 and data:
                rnd.choice(BYTE_MUTATIONS)(rnd, data)
            zf.writestr(rnd.choice([f"IMG{k:04d}", f"../../evil{k}.dcm", f"/abs/{k}.dcm", f"d/{k}.dcm"]), bytes(data))
        if rnd.random() < 0.2:
            info = zipfile.ZipInfo("bomb")
            info.compress_type = zipfile.ZIP_DEFLATED
            with zf.open(info, "w", force_zip64=True) as out:
                for _ in range(rnd.choice([80, 200])):
                    out.write(bytes(1 << 20))
    data = bytearray(buf.getvalue())
    mutation = "zip"
    if rnd.random() < 0.5:
        mutation = "zip-" + rnd.choice(BYTE_MUTATIONS[:4])(rnd, data)
    (folder / "case.zip").write_bytes(bytes(data))
    # Each member is its own series: info decodes the first frame of each, all legitimately held at once.
    return Case(number, "zip", mutation, seed.path, sum(m.frame_bytes for m in members))


def _dicomdir_case(number: int, rnd: random.Random, folder: Path) -> Case:
    media = folder / "media"
    shutil.copytree(DICOMDIR_MEDIA, media)
    target = media / "DICOMDIR"
    if rnd.random() < 0.3:
        files = [p for p in media.rglob("*") if p.is_file() and p.name != "DICOMDIR"]
        target = rnd.choice(files)
    data = bytearray(target.read_bytes())
    mutation = "dicomdir-" + rnd.choice(BYTE_MUTATIONS)(rnd, data)
    target.write_bytes(bytes(data))
    return Case(number, "dicomdir", mutation, target, 512 * 512 * 2)
