#!/usr/bin/env bash
# The GPU figures of issue #5 (MPR, thick slab, VR frame times at 1920x1080 on 512x512x400), in one call
# of the device tool. The GPU machine has Python 3.12 and numpy but no VTK and no network, and only
# 64 MiB travel per call, so the work is split in two:
#
#   1. here (network, once):   bash installers/device-check.sh prepare
#        builds .device/ (slim VTK + EGL loader + pydicom/platformdirs wheels, ~45 MB, git-ignored) with
#        ../shared/tools/device-bundle.sh and checks that it and the tracked tree fit the 64 MiB.
#   2. device tool, one call:  carry [".device"], timeout_s 420,
#        command "bash installers/device-check.sh run"
#        -> $OUT/render-gpu.json (every figure) and a table on stdout: per interaction Cauri's frame while
#           dragging, the peer (stock VTK, same process), the ratio, still-frame and slab-path figures,
#           whether the issue's GPU targets are met, and the GPU-vs-CPU slab grey difference.
#      A reduced run (fewer slices, if the first call ran out of time): "... run 200".
#
#   bash installers/device-check.sh selftest   runs phase 2 here on llvmpipe at a small size: the
#   plumbing of the non-GPU parts (imports with numpy/pydicom/VTK only, JSON, table), not the figures.
set -euo pipefail
root=$(git rev-parse --show-toplevel); cd "$root"
what=${1:-run}

# The bundle keeps only the rendering/imaging modules, but the wheel's vtk.py imports every module:
# each of its imports is made optional, so 'import vtk' gives what the bundle has.
slim_vtk_py() {
    python3 - "$1/vtk.py" <<'PY'
import re, sys
path = sys.argv[1]
src = open(path, encoding="utf-8").read()
src = re.sub(r"^from (vtkmodules\.vtk\w+) import \*$", r"try:\n    from \1 import *\nexcept ImportError:\n    pass", src, flags=re.M)
open(path, "w", encoding="utf-8").write(src)
PY
}

case "$what" in
prepare)
    vtk_version=$(.venv/bin/python -c 'import vtkmodules; print(vtkmodules.__version__)')
    PATH="$root/.venv/bin:$PATH" bash ../shared/tools/device-bundle.sh "$vtk_version" pydicom platformdirs
    tree_kb=$(git ls-files -z | xargs -0 du -ck 2>/dev/null | tail -1 | cut -f1)
    device_kb=$(du -sk .device | cut -f1)
    echo "tracked tree ${tree_kb} KiB + .device ${device_kb} KiB (limit 65536 KiB per call)"
    [ $((tree_kb + device_kb)) -lt 60000 ] || { echo "too big to travel: trim .device or the tree" >&2; exit 1; }
    ;;
run)
    slices=${2:-400}
    [ -f .device/setup.sh ] || { echo "no .device/: run 'bash installers/device-check.sh prepare' first and carry .device" >&2; exit 2; }
    # shellcheck disable=SC1091
    source .device/setup.sh
    slim_vtk_py "$DEVSITE"
    out=${OUT:-/tmp}
    nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null || true
    python3 -m viewer.bench.mpr_frames --device "$out/render-gpu.json" "$slices"
    ;;
selftest)
    out=$(mktemp -d)
    .venv/bin/python - "$out" <<'PY'
import json, sys
from viewer.bench.mpr_frames import measure
result = measure(24, 320, 200, 2, 1, size=128)
json.dump(result, open(sys.argv[1] + "/render-gpu.json", "w"))
assert [r["name"] for r in result["rows"]][-3:] == ["VR rotation", "VR rotation draft", "VR still frame input latency p95"], result["rows"]
print("selftest ok:", result["gl"].get("renderer"), "slab path", result["cauri"]["_slab_path"], result["agreement"])
PY
    rm -rf "$out"
    ;;
*)
    echo "usage: $0 prepare | run [SLICES] | selftest" >&2; exit 2 ;;
esac
