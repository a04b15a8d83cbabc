#!/usr/bin/env bash
# Creates (or adds) a SoftHSM2 token in a folder and prints the SOFTHSM2_CONF path on stdout.
#
#   create-token.sh DIR LABEL [USER_PIN_SOURCE] [SO_PIN_SOURCE]
#
#   DIR              folder for softhsm2.conf and tokens/ (created; may already hold other tokens)
#   LABEL            token label (1..32 characters); fails if a token with this label exists in DIR
#   USER_PIN_SOURCE  file:/path  read the PIN from the file; if the file does not exist a random
#                                PIN is generated and written to it (mode 0600)
#                    env:VAR     read the PIN from environment variable VAR
#                    default: file:DIR/user.pin
#   SO_PIN_SOURCE    same forms; default: file:DIR/so.pin
#
# stdout: exactly one line, the absolute path of DIR/softhsm2.conf. Diagnostics go to stderr.
# PINs are never printed. Needs softhsm2-util (Debian package softhsm2).
set -euo pipefail

usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -ge 2 ] && [ $# -le 4 ] || usage

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="$1"; label="$2"
mkdir -p "$dir/tokens"
dir="$(cd "$dir" && pwd)"
user_src="${3:-file:$dir/user.pin}"
so_src="${4:-file:$dir/so.pin}"

if ! command -v softhsm2-util >/dev/null 2>&1; then
  echo "create-token.sh: softhsm2-util not found (apt-get install softhsm2)" >&2
  exit 3
fi
if [ -z "$label" ] || [ "${#label}" -gt 32 ]; then
  echo "create-token.sh: label must have 1..32 characters" >&2
  exit 2
fi

# read_pin SOURCE -> PIN on stdout (never echoed elsewhere)
read_pin() {
  local src="$1"
  case "$src" in
    file:*)
      local f="${src#file:}"
      if [ ! -e "$f" ]; then
        mkdir -p "$(dirname "$f")"
        ( umask 077; od -An -N8 -tu8 /dev/urandom | tr -d ' \n' | cut -c1-12 > "$f" )
        chmod 600 "$f"
      fi
      local pin; pin="$(head -n1 "$f" | tr -d '\r\n')"
      printf '%s' "$pin" ;;
    env:*)
      local v="${src#env:}"
      if [ -z "${!v+x}" ]; then echo "create-token.sh: environment variable $v is not set" >&2; exit 2; fi
      printf '%s' "${!v}" ;;
    *)
      echo "create-token.sh: PIN source must be file:/path or env:VAR" >&2; exit 2 ;;
  esac
}

user_pin="$(read_pin "$user_src")"
so_pin="$(read_pin "$so_src")"
if [ "${#user_pin}" -lt 4 ] || [ "${#so_pin}" -lt 4 ]; then
  echo "create-token.sh: PINs must have at least 4 characters" >&2
  exit 2
fi

conf="$dir/softhsm2.conf"
sed "s|@TOKEN_DIR@|$dir|g" "$here/softhsm2.conf.template" > "$conf.tmp"
mv "$conf.tmp" "$conf"
export SOFTHSM2_CONF="$conf"

if softhsm2-util --show-slots 2>/dev/null | grep -q "Label:[[:space:]]*$label[[:space:]]*\$"; then
  echo "create-token.sh: a token labelled '$label' already exists in $dir" >&2
  exit 4
fi

# PINs go to softhsm2-util on its command line only (it has no stdin/file option); the process is
# short-lived and local. Output is discarded: it names the slot, never the PIN.
softhsm2-util --init-token --free --label "$label" --so-pin "$so_pin" --pin "$user_pin" >/dev/null
echo "create-token.sh: token '$label' initialised in $dir/tokens" >&2
echo "$conf"
