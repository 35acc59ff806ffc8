#!/usr/bin/env bash
# Debian/Ubuntu package of the portable build: dist/cauri_<version>_amd64.deb, made with dpkg-deb from
# dist/cauri/ (bash installers/build-portable.sh first). It installs the build in /opt/cauri, `cauri` in
# /usr/bin, a menu entry, and takes OpenGL, the C++ runtime and fonts from the system (the build leaves
# them out: the driver must match the machine).
#   bash installers/debian/build-deb.sh [DIST_FOLDER]
# Silent install for IT:    apt-get install -y ./cauri_<version>_amd64.deb     (or: dpkg -i, then apt-get -f install)
# Machine defaults:         /etc/cauri/settings.json (see /usr/share/doc/cauri/examples/settings.json)
# Uninstall:                apt-get remove cauri  (or purge): users' caches in ~/.local/share/Cauri, settings
#                           in ~/.config/Cauri and /etc/cauri/settings.json (IT's file) are never touched; a user
#                           removes their own with: rm -rf ~/.local/share/Cauri ~/.cache/Cauri ~/.config/Cauri
set -euo pipefail
cd "$(dirname "$0")/../.."
dist=${1:-dist/cauri}
[ -x "$dist/cauri" ] || { echo "build-deb: no build at $dist (run: bash installers/build-portable.sh)" >&2; exit 1; }
maintainer=${CAURI_DEB_MAINTAINER:-Cauri maintainers <cauri@invalid>}  # set to the team's address
version=$(python3 -c "import tomllib; print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])")
arch=$(dpkg --print-architecture)
variant=$(cat "$dist/VARIANT" 2>/dev/null || echo portable)
suffix=$([ "$variant" = portable ] || echo "-$variant")
out="dist/cauri${suffix}_${version}_${arch}.deb"
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

install -d "$root/opt" "$root/usr/bin" "$root/usr/share/applications" "$root/usr/share/doc/cauri/examples" "$root/DEBIAN"
cp -a "$dist" "$root/opt/cauri"
ln -s /opt/cauri/cauri "$root/usr/bin/cauri"
install -m 644 installers/debian/cauri.desktop "$root/usr/share/applications/cauri.desktop"
install -m 644 installers/debian/settings.example.json "$root/usr/share/doc/cauri/examples/settings.json"
{
  echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
  echo "Upstream-Name: Cauri"
  echo "Comment: The licence of every component bundled in /opt/cauri is in /opt/cauri/licenses/, listed"
  echo " with its version in the CycloneDX SBOM /opt/cauri/sbom.cdx.json; where its sources are:"
  echo " /opt/cauri/licenses/SOURCES.txt."
  echo
  echo "Files: *"
  echo "Copyright: Cauri maintainers"
  echo "License: BSD-3-Clause"
  sed 's/^$/./; s/^/ /' installers/debian/BSD-3-Clause.txt
} > "$root/usr/share/doc/cauri/copyright"
gzip -9n -c > "$root/usr/share/doc/cauri/changelog.gz" <<CHANGES
cauri ($version) stable; urgency=medium

  * Portable build packaged for Debian and Ubuntu.

 -- $maintainer  $(date -R -u -d @"${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}")
CHANGES
# Root owns everything; nothing is writable by others (the build is read-only at run time); libraries
# are not programs.
chmod -R u+rwX,go+rX,go-w "$root/opt/cauri" "$root/usr"
find "$root/opt/cauri/_internal" -type f -name "*.so*" -exec chmod 644 {} +
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat > "$root/DEBIAN/control" <<CONTROL
Package: cauri
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $size
Depends: libc6 (>= 2.36), libstdc++6 (>= 11), libgcc-s1, libgl1, libegl1, libgl1-mesa-dri, fonts-dejavu-core | fonts-liberation
Recommends: libosmesa6
Section: science
Priority: optional
Description: DICOM reading workstation (local study cache, PACS, 2D/MPR/3D)
 Cauri is the diagnostic DICOM workstation of Benin's public teaching hospitals:
 a local study cache, 2-D reading, MPR and volume rendering through VTK, the
 hospital's archive (DIMSE and DICOMweb), in French first and in English.
 .
 This package holds the self-contained portable build (Python, Qt, VTK, GDCM
 and the codecs bundled) in /opt/cauri; OpenGL comes from the system.
CONTROL
dpkg-deb --root-owner-group --build "$root" "$out" >/dev/null
echo "build-deb: $out ($(du -m "$out" | cut -f1) MB)"
