#!/usr/bin/env bash
# Install the system tools Suara Berita needs when they are missing: ffmpeg, espeak-ng, opusenc
# (opus-tools: encodes voice notes with less CPU than ffmpeg; ffmpeg is used without it), and the
# PostgreSQL server binaries (the tests start a throw-away cluster with initdb and pg_ctl; the
# bot itself runs on SQLite unless SUARA_DB names a PostgreSQL server).
# Also checks the Python that makes the .venv (PYTHON, default python3): 3.11 or newer, with venv.
# Uses apt-get as root, or through sudo; never prompts.
set -euo pipefail
PYTHON="${PYTHON:-python3}"
missing=()
# The virtualenv needs Python 3.11+ with venv and ensurepip (Debian and Ubuntu ship them apart).
if ! command -v "$PYTHON" >/dev/null 2>&1; then
  echo "Suara Berita needs Python 3.11 or newer: $PYTHON was not found (set PYTHON=...)." >&2
  exit 1
fi
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "Suara Berita needs Python 3.11 or newer; $PYTHON is $("$PYTHON" --version 2>&1)." \
    "Install a newer one and run: make PYTHON=python3.11 ..." >&2
  exit 1
fi
"$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=(python3-venv)
command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 || missing+=(ffmpeg)
command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
command -v opusenc >/dev/null 2>&1 || missing+=(opus-tools)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
# initdb refuses root: as root the test cluster runs as the `postgres` system user.
ensure_postgres_user() {
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  fi
}
if [ ${#missing[@]} -eq 0 ]; then ensure_postgres_user; exit 0; fi

if [ "$(id -u)" -eq 0 ]; then SUDO=""
elif command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"
else
  echo "Missing: ${missing[*]}. Install them with your package manager (no root or sudo here)." >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing: ${missing[*]}. This script knows apt-get only; install them by hand." >&2
  exit 1
fi
echo "Installing ${missing[*]} with apt-get ..."
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
ensure_postgres_user
