"""Opening a series must not wait for numpy's lazily imported ``numpy.ma`` (~30 ms on the first open)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from synthetic import write_series
from viewer.dicom.geometry import median

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("values", [[3.0], [1.0, 5.0], [2.5, 2.5, 7.0, 2.4], list(np.linspace(-3, 9, 301))])
def test_median_agrees_with_numpy(values):
    assert median(np.array(values)) == pytest.approx(float(np.median(values)))


def test_building_a_series_display_set_does_not_import_numpy_ma(tmp_path):
    write_series(tmp_path / "s", slices=12, rows=32, cols=32)
    code = (
        "import sys\n"
        "from viewer.model.loose_files import open_paths\n"
        f"with open_paths([{str(tmp_path / 's')!r}]) as loose:\n"
        "    sets = loose.display_sets()\n"
        "assert sets and sets[0].frame_count == 12, sets\n"
        "print('numpy.ma' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
