#!/usr/bin/env bash
# `make test`: every check, in the order that fails fastest. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

step() { echo; echo "=== $*"; }

step "rasa data validate (warnings fail the build)"
rasa data validate --config config.yml --domain domain.yml --data data --fail-on-warnings

step "ruff"
ruff check .

step "train (skipped when nothing changed)"
bash scripts/train.sh

step "pytest"
python -m pytest -q

step "rasa test stories (tests/stories)"
bash scripts/test_stories.sh
