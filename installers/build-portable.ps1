# Build Cauri's portable one-folder build on Windows: dist\cauri\ (cauri.exe, its SBOM and licence texts),
# from the same spec as Linux (installers\cauri.spec); with -Installer, the Inno Setup installer as well
# (dist\cauri-<version>-setup.exe; needs Inno Setup 6: https://jrsoftware.org/isinfo.php).
#   powershell -ExecutionPolicy Bypass -File installers\install.ps1
#   powershell -ExecutionPolicy Bypass -File installers\build-portable.ps1 [-Installer] [-ReadingRoom] [-Python path\to\python.exe]
# -ReadingRoom: the radiologists' workstations' build, with SimpleITK (automatic registration of priors, fusion).
param([switch]$Installer, [switch]$ReadingRoom, [string]$Python = ".venv\Scripts\python.exe")
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)
if (-not (Test-Path $Python)) { throw "no Python at $Python (run installers\install.ps1 first, or pass -Python)" }
& $Python -c "import PyInstaller" 2>$null
if ($LASTEXITCODE -ne 0) { & $Python -m pip install -q -r installers\requirements-portable.txt }
$variant = if ($ReadingRoom) { "reading-room" } else { "portable" }
$env:CAURI_BUILD_VARIANT = $variant
if (Test-Path dist\cauri) { Remove-Item -Recurse -Force dist\cauri }
& $Python -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build\pyinstaller installers\cauri.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }
& $Python installers\sbom.py dist\cauri
if ($LASTEXITCODE -ne 0) { throw "SBOM: some files of the build could not be traced to a component (listed above)" }
Set-Content -Path dist\cauri\VARIANT -Value $variant
$size = [math]::Round(((Get-ChildItem -Recurse -File dist\cauri | Measure-Object -Sum Length).Sum) / 1MB)
Write-Host "build-portable: dist\cauri ($variant) ready: $size MB"
if ($Installer) {
  $version = & $Python -c "import tomllib; print(tomllib.load(open('pyproject.toml', 'rb'))['project']['version'])"
  $iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
  if (-not $iscc) { $iscc = Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe" }
  if (-not (Test-Path $iscc)) { throw "Inno Setup 6 (ISCC.exe) not found" }
  $suffix = if ($ReadingRoom) { "-reading-room" } else { "" }
  & $iscc "/DAppVersion=$version" "/DVariantSuffix=$suffix" installers\windows\cauri.iss
  if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
  Write-Host "build-portable: dist\cauri-$version$suffix-setup.exe ready"
}
