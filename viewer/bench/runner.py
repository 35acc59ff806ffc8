"""Running the cases: sizes for the default and ``--quick`` runs, the shared context, the table."""

from __future__ import annotations

import importlib
import shutil
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from viewer.bench import CASES
from viewer.bench.inputs import Inputs
from viewer.bench.results import Measurement, failed, format_table


@dataclass(frozen=True)
class Sizes:
    ct_slices: int  # the series for load, open, import, retrieve (the 300-slice CT)
    decode_slices: int  # slices per compressed syntax
    memory_slices: int  # the 512x512x1000 volume
    index_studies: int
    index_instances: int
    render_frames: int  # timed frames per interaction and view size
    repeats: int  # repetitions of short timings (the median or best is reported)
    real_mr: bool = True  # also time the shared 384-slice MR series when the machine has it
    mpr_size: int = 512  # the MPR/slab/VR volume's rows and columns (its slices follow ct_slices)
    mpr_view: tuple[int, int] = (1920, 1080)
    demo_runs: bool = True  # time ``cauri --demo --screenshot`` (two GUI processes)
    slow_link_slices: int = 30  # the 2 Mbit/s link's series when smaller than ct_slices (--quick, tiny)


DEFAULT = Sizes(ct_slices=300, decode_slices=60, memory_slices=1000, index_studies=100_000,
                index_instances=5_000_000, render_frames=30, repeats=3)
QUICK = Sizes(ct_slices=100, decode_slices=16, memory_slices=200, index_studies=10_000,
              index_instances=500_000, render_frames=8, repeats=2)
# The plumbing test: seconds, not minutes; figures from it mean nothing.
TINY = Sizes(ct_slices=6, decode_slices=3, memory_slices=6, index_studies=200, index_instances=2_000,
             render_frames=2, repeats=1, real_mr=False, mpr_size=96, mpr_view=(480, 270), demo_runs=False,
             slow_link_slices=3)


@dataclass
class BenchContext:
    inputs: Inputs
    sizes: Sizes
    scratch: Path
    quick: bool = False
    log: Callable[[str], None] = field(default=lambda text: print(text, file=sys.stderr, flush=True))


def run_cases(
    names: list[str] | None = None,
    quick: bool = False,
    home: str | Path | None = None,
    sizes: Sizes | None = None,
    log: Callable[[str], None] | None = None,
) -> list[Measurement]:
    """Run the named cases (all by default) in the documented order and return their rows.

    ``home``: inputs go to ``home/bench`` and stay for the next run; without it, to a temporary
    folder removed at the end. A case that raises becomes a ``failed`` row: one broken case must
    not hide the others' figures.
    """
    names = list(names or CASES)
    unknown = [n for n in names if n not in CASES]
    if unknown:
        raise ValueError(f"unknown case(s): {', '.join(unknown)} (cases: {', '.join(CASES)})")
    temp = None
    if home:
        scratch = Path(home).expanduser().resolve() / "bench"
    else:
        temp = tempfile.mkdtemp(prefix="cauri-bench-")
        scratch = Path(temp)
    ctx = BenchContext(Inputs(scratch / "inputs"), sizes or (QUICK if quick else DEFAULT), scratch, quick)
    if log is not None:
        ctx.log = log
    ctx.inputs.log = ctx.log
    rows: list[Measurement] = []
    try:
        for name in CASES:
            if name not in names:
                continue
            ctx.log(f"== {name}")
            t0 = time.perf_counter()
            module = importlib.import_module(f"viewer.bench.case_{name}")
            try:
                case_rows = module.run(ctx)
            except Exception as exc:  # noqa: BLE001 - reported in the table, the suite goes on
                ctx.log(traceback.format_exc().rstrip())
                case_rows = [failed(name, exc)]
            rows.extend(case_rows)
            ctx.log(f"   {name}: {time.perf_counter() - t0:.1f} s")
    finally:
        if temp:
            shutil.rmtree(temp, ignore_errors=True)
    return rows


def print_table(rows: list[Measurement], stream=None) -> None:
    print(format_table(rows), file=stream or sys.stdout)
