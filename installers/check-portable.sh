#!/usr/bin/env bash
# The portable build's smoke test, run before a release or resolving a change to the build (it takes longer
# than CI's 15-minute budget on 2 cores, so CI runs tests/test_portable_recipes.py instead):
#   bash installers/check-portable.sh            builds dist/cauri (or reuses one newer than every source)
#   CAURI_REBUILD=1 bash installers/check-portable.sh    rebuilds anyway
#   CAURI_BUILD_PYTHON=/path/to/python ...               the build's Python (as build-portable.sh)
#
# From a patient's disc laid out as docs/installers.md says (CAURI/ the build, DICOMDIR and its files at the
# root), mounted read-only (as root: a read-only bind mount; otherwise a copy with chmod -R a-w), it checks:
#   1. the SBOM and licence texts are in the build, every file traced to a component;
#   2. each codec decodes in the frozen build: JPEG-LS, JPEG 2000, RLE (MR_small) and JPEG lossless (SC_rgb)
#      render the same pixels as the uncompressed file, the disc's JPEG baseline renders;
#   3. `cauri --demo --screenshot` from the read-only disc, a fresh profile: settings and cache in the
#      profile, nothing written on the disc, no network connection tried (strace); start-up to first image
#      (the screenshot's time, the demo already in the cache) median of 3, and the same from the source tree;
#   4. the build started on the disc with no argument opens the disc's DICOMDIR in place (--media), imports
#      nothing, leaves no index behind; `--media PATH` the same from a read-only copy.
# Screenshots are kept in build/check-portable-out/ to be looked at. Exit status 0 only if all passed.
set -euo pipefail
if [ -z "${DISPLAY:-}" ]; then  # one X server for every run: its start is not counted in the timings
  exec xvfb-run -a -s "-screen 0 1920x1080x24" bash "$0" "$@"
fi
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
py=${CAURI_BUILD_PYTHON:-.venv/bin/python}
corpus=${CAURI_TEST_DATA:-${CAURI_DICOM_CORPUS:-$root/../shared/data/dicom}}  # the tests' variable, as README says
tests="$corpus/pypi-pydicom-3.0.2/test_files"
[ -f "$tests/dicomdirtests/DICOMDIR" ] || { echo "check-portable: no DICOM corpus at $corpus (set CAURI_TEST_DATA)" >&2; exit 1; }
out="$root/build/check-portable-out"
stage="$root/build/check-portable"  # beside dist/: the disc's copy of the build is hard links, not 500 MB
failures=0
fail() { echo "check-portable: FAIL: $*" >&2; failures=$((failures + 1)); }
ok() { echo "check-portable: ok: $*"; }

# --- the build -----------------------------------------------------------------------------------------
# What goes into the build, newer than the build's executable: rebuild.
newer=
if [ -x dist/cauri/cauri ]; then
  built=$(stat -c %Y dist/cauri/cauri)
  while IFS= read -r -d '' f; do
    if [ -e "$f" ] && [ "$(stat -c %Y "$f")" -gt "$built" ]; then newer=$f; break; fi
  done < <(git ls-files -z viewer plugins resources pyproject.toml installers/cauri.spec installers/cauri_entry.py \
             installers/portable_manifest.py installers/sbom.py installers/build-portable.sh)
fi
if [ -n "${CAURI_REBUILD:-}" ] || [ ! -x dist/cauri/cauri ] || [ ! -f dist/cauri/sbom.cdx.json ] || [ -n "$newer" ]; then
  [ -z "$newer" ] || echo "check-portable: rebuilding: $newer changed since the build"
  nice -n 10 bash installers/build-portable.sh
else
  echo "check-portable: reusing dist/cauri (newer than every source; CAURI_REBUILD=1 to rebuild)"
fi
size_mb=$(du -sm dist/cauri | cut -f1)
files=$(find dist/cauri -type f | wc -l)

# --- the disc, read-only -------------------------------------------------------------------------------
cleanup() {
  if [ -n "${mounted:-}" ]; then
    umount "$mounted" 2>/dev/null || umount -l "$mounted" 2>/dev/null \
      || { echo "check-portable: $mounted still mounted; $stage left in place" >&2; return; }
    mounted=
  fi
  if mountpoint -q "$stage/ro" 2>/dev/null; then umount "$stage/ro" || return; fi  # an earlier run's
  chmod -R u+w "$stage" 2>/dev/null || true
  rm -rf "$stage"
}
trap cleanup EXIT
cleanup
mkdir -p "$stage/disc" "$out"
rm -f "$out"/*.png
cp -al dist/cauri "$stage/disc/CAURI" 2>/dev/null || cp -a dist/cauri "$stage/disc/CAURI"
cp -a "$tests/dicomdirtests/DICOMDIR" "$tests/dicomdirtests/77654033" "$tests/dicomdirtests/98892001" \
      "$tests/dicomdirtests/98892003" "$stage/disc/"
disc="$stage/disc"
if [ "$(id -u)" = 0 ] && mkdir -p "$stage/ro" && mount --bind "$stage/disc" "$stage/ro" 2>/dev/null; then
  mounted="$stage/ro"
  mount -o remount,bind,ro "$stage/ro"
  disc="$stage/ro"
  how="read-only bind mount"
else
  chmod -R a-w "$stage/disc"
  how="chmod -R a-w"
fi
if touch "$disc/probe" 2>/dev/null; then fail "the disc copy at $disc can be written"; rm -f "$disc/probe"; fi
ok "disc at $disc ($how): CAURI/ (the build), DICOMDIR, 77654033/ 98892001/ 98892003/"
exe="$disc/CAURI/cauri"

# A fresh profile for the frozen build: platformdirs' folders under it, nothing inherited.
fresh_env() {
  local home=$1
  mkdir -p "$home"
  env -u CAURI_HOME -u XDG_CONFIG_HOME -u XDG_DATA_HOME -u XDG_CACHE_HOME -u XDG_STATE_HOME \
      -u PYTHONPATH -u PYTHONHOME HOME="$home" "${@:2}"
}

# --- 1. SBOM and licences ------------------------------------------------------------------------------
"$py" - "$disc/CAURI" <<'PY' || fail "SBOM"
import json, sys
from pathlib import Path
build = Path(sys.argv[1])
bom = json.loads((build / "sbom.cdx.json").read_text())
assert bom["bomFormat"] == "CycloneDX", bom.get("bomFormat")
names = {c["name"] for c in bom["components"]}
for needed in ("pyside6", "vtk", "pydicom", "numpy", "pylibjpeg", "python-gdcm"):
    assert any(n.lower().replace("_", "-").startswith(needed) for n in names), f"{needed} missing from the SBOM"
unattributed = [p["value"] for p in bom["metadata"].get("properties", [])]
assert not unattributed, f"files traced to no component: {unattributed[:5]}"
licences = [p for p in (build / "licenses").rglob("*") if p.is_file()]
assert len(licences) > 20, f"only {len(licences)} licence files"
print(f"check-portable: ok: SBOM {len(bom['components'])} components, {len(licences)} licence files")
PY

# --- 2. decoders inside the frozen build ----------------------------------------------------------------
dec="$stage/decode"
mkdir -p "$dec"
render() { fresh_env "$stage/home-render" "$exe" render "$tests/$1.dcm" --out "$dec/$1.png" "${@:2}" >/dev/null; }
for f in MR_small MR_small_RLE MR_small_jp2klossless MR_small_jpeg_ls_lossless SC_rgb_rle SC_rgb_jpeg_gdcm \
         SC_rgb_jpeg_dcmtk; do
  render "$f" --window 1000 --level 500 || fail "frozen render of $f"
done
same() { cmp -s "$dec/$1.png" "$dec/$2.png" && ok "$2 decodes to $1's pixels" || fail "$2 differs from $1"; }
same MR_small MR_small_RLE
same MR_small MR_small_jp2klossless
same MR_small MR_small_jpeg_ls_lossless
same SC_rgb_rle SC_rgb_jpeg_gdcm
[ -s "$dec/SC_rgb_jpeg_dcmtk.png" ] && ok "JPEG baseline renders" || fail "JPEG baseline"

# --- 3. the demo from the read-only disc -----------------------------------------------------------------
# Time from the start of the process to the screenshot's file (written once every viewport has drawn).
first_image_s() {  # HOME SHOT command...
  local home=$1 shot=$2; shift 2
  local t0; t0=$(date +%s.%N)
  fresh_env "$home" "$@" --screenshot "$shot" >"$stage/run.log" 2>&1 || { cat "$stage/run.log" >&2; return 1; }
  awk -v a="$t0" -v b="$(stat -c %.9Y "$shot")" 'BEGIN { printf "%.2f\n", b - a }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
home="$stage/home-demo"
# The first run fills the cache with the demo study; the strace of it shows every file opened for writing
# and every connection tried.
fresh_env "$home" strace -f -qq -e trace=openat,mkdir,creat,rename,unlink,connect -o "$stage/strace.log" \
  "$exe" --demo --lang fr --screenshot "$out/demo-first.png" \
  >"$stage/run.log" 2>&1 || { cat "$stage/run.log" >&2; fail "the demo from the disc"; }
writes=$(grep -E "(O_WRONLY|O_RDWR|O_CREAT|mkdir\(|creat\(|rename\(|unlink\()" "$stage/strace.log" | grep -F "\"$disc" || true)
if [ -n "$writes" ]; then
  fail "tried to write on the disc: $(echo "$writes" | head -3)"
else
  ok "nothing opened for writing on the disc"
fi
[ -d "$home/.config/Cauri" ] || [ -d "$home/.local/share/Cauri" ] && ok "settings and cache in the profile: $(cd "$home" && find . -maxdepth 3 -type d -name 'Cauri*' | tr '\n' ' ')" \
  || fail "no Cauri folder in the profile"
inet=$(grep -E "connect\(.*(AF_INET|AF_INET6)" "$stage/strace.log" | grep -v "127.0.0.1\|::1" || true)
[ -z "$inet" ] && ok "no network connection tried at start-up (telemetry: none)" || fail "network connections: $inet"
frozen=(); source_t=()
for i in 1 2 3; do
  frozen+=("$(first_image_s "$home" "$out/demo-frozen-$i.png" "$exe" --demo --lang fr)") || fail "frozen demo run $i"
done
src_home="$stage/home-source"
src=(env PYTHONPATH="$root:$root/plugins" "$py" -m viewer --demo --lang fr)
fresh_env "$src_home" "${src[@]}" --screenshot "$out/demo-source-first.png" >/dev/null 2>&1 || fail "the demo from the source tree"
for i in 1 2 3; do
  source_t+=("$(first_image_s "$src_home" "$out/demo-source-$i.png" "${src[@]}")") || fail "source demo run $i"
done

# --- 4. the disc in place ----------------------------------------------------------------------------------
images=$("$py" -c "
import sys, pydicom
ds = pydicom.dcmread(sys.argv[1])
print(sum(1 for r in ds.DirectoryRecordSequence if r.DirectoryRecordType == 'IMAGE'))" "$disc/DICOMDIR")
stored() { "$py" -c "
import sqlite3, sys, pathlib
found = list(pathlib.Path(sys.argv[1]).rglob('index.sqlite'))
print(sum(sqlite3.connect(p).execute('SELECT COUNT(*) FROM instance').fetchone()[0] for p in found))" "$1"; }
for how_started in beside path; do
  mhome="$stage/home-media-$how_started"
  shot="$out/media-$how_started.png"
  if [ $how_started = beside ]; then args=(); else args=(--media "$disc/DICOMDIR"); fi
  fresh_env "$mhome" "$exe" "${args[@]}" --lang fr --screenshot "$shot" \
    >"$stage/media.log" 2>&1 || { cat "$stage/media.log" >&2; fail "--media ($how_started)"; continue; }
  [ -s "$shot" ] || fail "--media ($how_started): no screenshot"
  n=$(stored "$mhome")
  [ "$n" = 0 ] || fail "--media ($how_started) imported $n instances"
  # What the window read (its log: counts only), against pydicom's count of the DICOMDIR's IMAGE records.
  shown=$(find "$mhome" -name 'cauri.log*' -exec cat {} + | sed -n 's/.*disc read in place: \([0-9]*\) instances.*/\1/p' | tail -1)
  [ "$shown" = "$images" ] && ok "disc opened in place ($how_started): $shown images shown = the DICOMDIR's $images, nothing imported" \
    || fail "--media ($how_started) showed ${shown:-no} images; the DICOMDIR lists $images"
  left=$(find "$mhome" -mindepth 1 -path '*/media/*' | head -1)
  [ -z "$left" ] || fail "--media ($how_started) left its index: $left"
done

echo
echo "check-portable: build dist/cauri: ${size_mb} MB, ${files} files"
echo "check-portable: start-up to first image of the demo (s, from the read-only disc): frozen ${frozen[*]} (median $(printf '%s\n' "${frozen[@]}" | median)); source tree ${source_t[*]} (median $(printf '%s\n' "${source_t[@]}" | median))"
echo "check-portable: screenshots to look at: $out"
[ "$failures" = 0 ] && echo "check-portable: all passed" || { echo "check-portable: $failures failure(s)" >&2; exit 1; }
