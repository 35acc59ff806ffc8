#!/usr/bin/env bash
# Install what the tests need, then run the whole suite. GUI tests run real windows on Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
bash installers/install.sh --tests
export TCP_NODELAY=1 PYTHONFAULTHANDLER=1
if [ -z "${DISPLAY:-}" ] && command -v xvfb-run >/dev/null 2>&1; then
  exec xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python -m pytest -ra "$@"
fi
exec .venv/bin/python -m pytest -ra "$@"
