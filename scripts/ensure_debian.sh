#!/usr/bin/env bash
# Installs Debian packages when a command they provide is missing; safe to call every time.
#   scripts/ensure_debian.sh COMMAND PACKAGE [PACKAGE...]
# Waits for the dpkg lock rather than failing when another install is running.
set -euo pipefail
command=${1:?usage: ensure_debian.sh COMMAND PACKAGE...}
shift
if command -v "$command" >/dev/null 2>&1 || [ -x "$command" ]; then
    exit 0
fi
echo "Installing $* (Debian packages; needs root)..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
apt-get -o DPkg::Lock::Timeout=600 install -y -qq "$@" >/dev/null
command -v "$command" >/dev/null 2>&1 || [ -x "$command" ]
