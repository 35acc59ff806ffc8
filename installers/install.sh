#!/usr/bin/env bash
# Install Cauri into ./.venv (editable), plus, when run as root on Debian/Ubuntu, the system
# libraries Qt and VTK need. `--tests` adds what the test suite needs: Xvfb, Orthanc, DCMTK,
# dicom3tools, GDCM tools, poppler (the film sheet PDF is measured from outside), and the Python test tools.
set -euo pipefail
cd "$(dirname "$0")/.."

with_tests=0
[ "${1:-}" = "--tests" ] && with_tests=1

gui_pkgs="libegl1 libegl-mesa0 libgl1 libglx-mesa0 libgl1-mesa-dri libosmesa6 libxcb-icccm4 libxcb-keysyms1
 libxcb-cursor0 libxkbcommon-x11-0 libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-randr0
 libxcb-xinerama0 libxcb-xkb1 libfontconfig1 libdbus-1-3 libxrender1 libxi6 fonts-dejavu-core"
test_pkgs="xvfb xauth orthanc orthanc-dicomweb dcmtk dicom3tools libgdcm-tools poppler-utils"

pkgs="$gui_pkgs"
[ "$with_tests" = 1 ] && pkgs="$pkgs $test_pkgs"
if command -v dpkg-query >/dev/null 2>&1; then
  missing=""
  for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ]; then
      echo "cauri install: installing Debian packages:$missing"
      apt-get update -qq
      # Orthanc's package would start a system service; Cauri's tests start their own instances.
      DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -qq --no-install-recommends $missing >/dev/null
    else
      echo "cauri install: please install (as root): apt-get install$missing" >&2
    fi
  fi
fi

py=${PYTHON:-python3}
"$py" - <<'PY' || { echo "cauri install: Python >= 3.11 is required" >&2; exit 1; }
import sys
raise SystemExit(0 if sys.version_info >= (3, 11) else 1)
PY
[ -x .venv/bin/python ] || "$py" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ "$with_tests" = 1 ]; then
  .venv/bin/python -m pip install -q -e ".[test]"
else
  .venv/bin/python -m pip install -q -e .
fi
echo "cauri install: ready (.venv/bin/cauri)"
