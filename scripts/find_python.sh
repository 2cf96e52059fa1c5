#!/usr/bin/env bash
# Prints the path of a working Python 3.10 interpreter, or explains what to do and exits 1.
# Order: $PYTHON, then pyenv's 3.10 (as on these machines), then a python3.10 on PATH.
# pyenv's python3.10 *shim* fails unless 3.10 is activated, so every candidate is run, not just found.
set -u

is_python_310() {
    [ -n "$1" ] && "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1
}

if [ -n "${PYTHON:-}" ]; then
    if is_python_310 "$PYTHON"; then echo "$PYTHON"; exit 0; fi
    echo "PYTHON=$PYTHON is not a working Python 3.10. Point PYTHON at a Python 3.10 interpreter, or unset it." >&2
    exit 1
fi

if command -v pyenv >/dev/null 2>&1; then
    prefix=$(pyenv prefix 3.10 2>/dev/null | head -n 1)
    if [ -n "$prefix" ] && is_python_310 "$prefix/bin/python"; then echo "$prefix/bin/python"; exit 0; fi
fi

if command -v python3.10 >/dev/null 2>&1 && is_python_310 "$(command -v python3.10)"; then
    command -v python3.10; exit 0
fi

echo "No Python 3.10 found: install it (for example 'pyenv install 3.10') or set PYTHON=/path/to/python3.10, then run make again." >&2
exit 1
