#!/usr/bin/env bash
# One command from a fresh checkout: set everything up, run the pipeline on the bundled example articles
# (examples/) into the embedded DuckDB file (warehouse/quoteline.duckdb), and show what it loaded.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/quoteline run
.venv/bin/quoteline status --runs 1
