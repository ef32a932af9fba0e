#!/usr/bin/env bash
# System packages the portal uses from the machine: Pango (WeasyPrint), fonts with Vietnamese
# glyphs (the PDF fonts are also vendored in static/fonts), poppler-utils (reading PDFs back),
# and, for the test suite, Debian's Chromium. Installed when missing and possible; otherwise a
# clear message says what to install.
set -u
purpose="${1:-run}"
missing=()

ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so" || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -qiE "Liberation Serif|DejaVu Serif" || missing+=(fonts-liberation2 fonts-dejavu-core)
if [ "$purpose" = "test" ]; then
  command -v pdftotext >/dev/null || missing+=(poppler-utils)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
fi

[ ${#missing[@]} -eq 0 ] && exit 0

echo "NTM Portal needs system packages: ${missing[*]}"
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null && { echo "Installed: ${missing[*]}"; exit 0; }
  echo "Could not install ${missing[*]} with apt-get." >&2
elif command -v sudo >/dev/null && command -v apt-get >/dev/null; then
  sudo apt-get install -y "${missing[@]}" && exit 0
fi
echo "Install them with your system's package manager (Debian/Ubuntu: apt-get install ${missing[*]})." >&2
if [ "$purpose" = "test" ]; then
  echo "Tests that need them will fail or be reported as skipped." >&2
fi
exit 0
