#!/usr/bin/env bash
# Debian packages the tests need: a real browser for the end-to-end tests, a real Secret Service
# (gnome-keyring in a D-Bus session) for the keychain tests, poppler to read PDFs back, and the
# font the PDF reports embed, and a real spreadsheet engine (LibreOffice Calc, headless) that opens every CSV
# export to prove no cell becomes a formula. Idempotent; needs root (CI runs as root).
set -euo pipefail
pkgs=(chromium gnome-keyring dbus dbus-x11 poppler-utils fonts-dejavu-core libreoffice-calc-nogui)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
echo "system packages: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
