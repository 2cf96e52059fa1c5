#!/usr/bin/env bash
# `make test`: every check, in the order that fails fastest. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

step() { echo; echo "=== $*"; }

# Warnings fail the build. The "not used in any story or rule" notes it still prints are responses
# that actions send and intents that forms or buttons use: tests/foundation/test_validation_warnings.py
# explains each one, so a truly dead name fails there.
step "rasa data validate"
rasa data validate --config config.yml --domain domain --data data --fail-on-warnings

step "ruff"
ruff check .

step "train (skipped when nothing changed)"
bash scripts/train.sh

step "pytest"
python -m pytest -q

step "rasa test stories (tests/stories)"
bash scripts/test_stories.sh
