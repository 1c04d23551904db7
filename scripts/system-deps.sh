#!/usr/bin/env bash
# Install the operating-system packages briefings needs, where we can (Debian/Ubuntu as root
# or with passwordless sudo). Elsewhere, say what to install and carry on.
#   WeasyPrint: Pango (libpango-1.0-0, libpangoft2-1.0-0) and libharfbuzz-subset0 (3x faster).
#   PDF checks in tests: poppler-utils (pdftotext, pdftoppm).
#   Browser tests (--test): Debian's chromium.
#   Validators (--test): a Java runtime for the Nu HTML Checker, Node.js and npm for it and pa11y-ci.
set -euo pipefail
if ! command -v ldconfig >/dev/null 2>&1 && [ ! -x /sbin/ldconfig ]; then
  # Not Linux (macOS: brew install pango): we cannot look libraries up, so trust the system.
  exit 0
fi
need=()
have_lib() { { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep -q "$1"; }
have_lib libpango-1.0.so.0 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
have_lib libharfbuzz-subset.so.0 || need+=(libharfbuzz-subset0)
if [ "${1:-}" = "--test" ]; then
  command -v pdftotext >/dev/null || need+=(poppler-utils)
  [ -x /usr/bin/chromium ] || need+=(chromium)
  command -v java >/dev/null || need+=(default-jre-headless)
  command -v npm >/dev/null || need+=(nodejs npm)
fi
[ ${#need[@]} -eq 0 ] && exit 0
if command -v apt-get >/dev/null; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    if sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO=""; fi
  fi
  if [ "$(id -u)" = 0 ] || [ -n "$SUDO" ]; then
    echo "Installing system packages: ${need[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    exit 0
  fi
fi
echo "briefings needs these system packages, which I could not install: ${need[*]}" >&2
echo "On Debian or Ubuntu: sudo apt-get install ${need[*]}" >&2
echo "On macOS: brew install pango (and chromium for the browser tests)" >&2
exit 1
