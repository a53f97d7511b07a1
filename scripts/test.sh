#!/usr/bin/env bash
# One command for the tests: the same set-up as scripts/setup.sh, then the whole suite (slow tests included).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
