# Install Cauri on Windows (reading rooms): a virtual environment beside the sources, then launch the demo.
#   powershell -ExecutionPolicy Bypass -File installers\install.ps1 [-Demo]
param([switch]$Demo)
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)
# Windows PowerShell 5.1 has no ternary operator: plain if/else.
if (Get-Command py -ErrorAction SilentlyContinue) { $exe = "py"; $pre = @("-3") } else { $exe = "python"; $pre = @() }
& $exe @pre -c "import sys; raise SystemExit(0 if sys.version_info >= (3, 11) else 1)"
if ($LASTEXITCODE -ne 0) { throw "Cauri needs Python 3.11 or newer" }
if (-not (Test-Path .venv\Scripts\python.exe)) { & $exe @pre -m venv .venv }
.venv\Scripts\python.exe -m pip install -q --upgrade pip
.venv\Scripts\python.exe -m pip install -q -e .
Write-Host "cauri install: ready (.venv\Scripts\cauri.exe)"
if ($Demo) { .venv\Scripts\cauri.exe --demo }
