#!/usr/bin/env bash
# Build Cauri's portable one-folder build, dist/cauri/ (Linux), with its SBOM and licence texts.
#   bash installers/install.sh && bash installers/build-portable.sh
#   CAURI_BUILD_PYTHON=/path/to/python bash installers/build-portable.sh   # another environment with Cauri's deps
#   bash installers/build-portable.sh --reading-room   # for the radiologists' workstations: + SimpleITK
#                                                      # (automatic registration of priors, fusion), ~+264 MB
# Build on the oldest distribution you target (the build carries that machine's X/xcb libraries; the
# target's own glibc, C++ runtime and OpenGL are used): Debian 12 here, so glibc >= 2.36 on the target.
set -euo pipefail
cd "$(dirname "$0")/.."
variant=portable
case "${1:-}" in
  "") ;;
  --reading-room) variant=reading-room ;;
  *) echo "build-portable: unknown option $1 (use --reading-room or nothing)" >&2; exit 2 ;;
esac
export CAURI_BUILD_VARIANT=$variant
py=${CAURI_BUILD_PYTHON:-.venv/bin/python}
if [ ! -x "$py" ]; then
  echo "build-portable: no Python at $py (run: bash installers/install.sh, or set CAURI_BUILD_PYTHON)" >&2
  exit 1
fi
if ! "$py" -c "import PyInstaller" 2>/dev/null; then
  "$py" -m pip install -q -r installers/requirements-portable.txt
fi
rm -rf dist/cauri
"$py" -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
  installers/cauri.spec
"$py" installers/sbom.py dist/cauri
echo "$variant" > dist/cauri/VARIANT  # the installers name their package after it
size=$(du -sm dist/cauri | cut -f1)
files=$(find dist/cauri -type f | wc -l)
echo "build-portable: dist/cauri ($variant) ready: ${size} MB, ${files} files"
