#!/usr/bin/env bash
# Runs CMD with a real, unlocked Secret Service on the D-Bus session bus, so keychain code and tests
# talk to the same kind of store a Linux desktop has (gnome-keyring), not a fake.
#
#   scripts/with-keyring.sh npx vitest run src/main/core/secrets
#
# - Already inside a D-Bus session whose Secret Service has an unlocked default collection: exec CMD.
# - Otherwise: start a private session bus (dbus-run-session), start gnome-keyring-daemon in it with
#   only the secrets component, unlocked with a throw-away password, keyring files in a temporary
#   folder (never the user's real keyrings), run CMD, then stop the daemon and delete the folder.
# Exit status is CMD's. Needs the Debian packages dbus (dbus-run-session, dbus-send) and gnome-keyring.
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 CMD [ARGS…]" >&2
  exit 64
fi

bus_call() {
  timeout 5 dbus-send --session --print-reply "$@" 2>/dev/null
}

# Something owns org.freedesktop.secrets on the session bus (it answers without being auto-started).
secret_service_owned() {
  [[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ]] || return 1
  local out
  out=$(bus_call --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner \
    string:org.freedesktop.secrets) || return 1
  [[ "$out" == *"boolean true"* ]]
}

# ...and its default collection exists and is unlocked, so writes succeed without a prompt.
secret_service_usable() {
  secret_service_owned || return 1
  local out collection
  out=$(bus_call --dest=org.freedesktop.secrets /org/freedesktop/secrets \
    org.freedesktop.Secret.Service.ReadAlias string:default) || return 1
  collection=$(sed -n 's/.*object path "\(.*\)".*/\1/p' <<<"$out")
  [[ -n "$collection" && "$collection" != "/" ]] || return 1
  out=$(bus_call --dest=org.freedesktop.secrets "$collection" org.freedesktop.DBus.Properties.Get \
    string:org.freedesktop.Secret.Collection string:Locked) || return 1
  [[ "$out" == *"boolean false"* ]]
}

if [[ "${1:-}" != "--inside-session" ]]; then
  if secret_service_usable; then
    exec "$@"
  fi
  for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "with-keyring: '$tool' not found; install the Debian packages dbus and gnome-keyring" >&2
      exit 69
    fi
  done
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
  secret_service_usable && break
  if ! kill -0 "$daemon_pid" 2>/dev/null; then
    echo "with-keyring: gnome-keyring-daemon exited early:" >&2
    cat "$keyring_home/daemon.log" >&2 || true
    exit 70
  fi
  sleep 0.1
done
if ! secret_service_usable; then
  echo "with-keyring: no unlocked Secret Service appeared on the session bus within 10 s" >&2
  exit 70
fi

export KAD_WITH_KEYRING=1
set +e
"$@"
status=$?
set -e
exit "$status"
