#!/usr/bin/env bash
# Runs CMD with a real, unlocked Secret Service on the D-Bus session bus, so keychain code and tests
# talk to the same kind of store a Linux desktop has (gnome-keyring), not a fake.
#
#   scripts/with-keyring.sh npx vitest run src/main/core/secrets
#
# - Already inside a D-Bus session where something owns org.freedesktop.secrets: just exec CMD.
# - Otherwise: start a private session bus (dbus-run-session), start gnome-keyring-daemon in it with
#   only the secrets component, unlocked with a throw-away password, keyring files in a temporary
#   folder (never the user's real keyrings), run CMD, then stop the daemon and delete the folder.
# Exit status is CMD's. Needs the Debian packages dbus (dbus-run-session) and gnome-keyring.
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 CMD [ARGS…]" >&2
  exit 64
fi

secret_service_owned() {
  [[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ]] || return 1
  local out
  if command -v gdbus >/dev/null 2>&1; then
    out=$(timeout 5 gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
      --method org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets 2>/dev/null) || return 1
    [[ "$out" == "(true,)" ]]
  elif command -v dbus-send >/dev/null 2>&1; then
    out=$(timeout 5 dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null) || return 1
    [[ "$out" == *"boolean true"* ]]
  else
    return 1
  fi
}

if [[ "${1:-}" != "--inside-session" ]]; then
  if secret_service_owned; then
    exec "$@"
  fi
  for tool in dbus-run-session gnome-keyring-daemon; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "with-keyring: '$tool' not found; install the Debian packages dbus and gnome-keyring" >&2
      exit 69
    fi
  done
  if ! command -v gdbus >/dev/null 2>&1 && ! command -v dbus-send >/dev/null 2>&1; then
    echo "with-keyring: neither gdbus (libglib2.0-bin) nor dbus-send (dbus-bin) found" >&2
    exit 69
  fi
  # dbus-daemon's "Failed to set fd limit" notice in containers is harmless.
  exec dbus-run-session -- "$0" --inside-session "$@"
fi
shift # --inside-session

keyring_home=$(mktemp -d "${TMPDIR:-/tmp}/with-keyring.XXXXXX")
chmod 700 "$keyring_home"
daemon_pid=""
cleanup() {
  if [[ -n "$daemon_pid" ]]; then
    kill "$daemon_pid" 2>/dev/null || true
    wait "$daemon_pid" 2>/dev/null || true
  fi
  rm -rf "$keyring_home"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --foreground keeps the daemon our child (so we can stop it by pid); --unlock reads the password from
# stdin and creates/unlocks the "login" keyring with it.
printf '%s' pw | XDG_DATA_HOME="$keyring_home/data" XDG_RUNTIME_DIR="$keyring_home/run" \
  gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>"$keyring_home/daemon.log" &
daemon_pid=$!
mkdir -p "$keyring_home/data" "$keyring_home/run"

for _ in $(seq 1 100); do
  secret_service_owned && break
  if ! kill -0 "$daemon_pid" 2>/dev/null; then
    echo "with-keyring: gnome-keyring-daemon exited early:" >&2
    cat "$keyring_home/daemon.log" >&2 || true
    exit 70
  fi
  sleep 0.1
done
if ! secret_service_owned; then
  echo "with-keyring: the Secret Service did not appear on the session bus within 10 s" >&2
  exit 70
fi

export KAD_WITH_KEYRING=1
set +e
"$@"
status=$?
set -e
exit "$status"
