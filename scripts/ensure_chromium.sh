#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (Playwright's own browser download cannot reach the
# network here). Installs it once when missing; safe to call from every test session.
set -euo pipefail
exec bash "$(dirname "$0")/ensure_debian.sh" /usr/bin/chromium chromium fonts-dejavu-core
