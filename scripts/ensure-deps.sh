#!/usr/bin/env bash
# Installs what Smarketing needs on Debian when it is missing: the servers it runs as local processes
# (PostgreSQL 15, Redis, RabbitMQ) and the .NET tools the build uses. Works as root or as a sudo user.
set -euo pipefail

say() { printf '==> %s\n' "$*"; }

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is required and was not found on PATH." >&2
  echo "Install it from Microsoft's Debian packages (dotnet-sdk-10.0) and run this again." >&2
  exit 1
fi

# --browser: also Chromium, for the browser tests of `make test`.
browser=0
[ "${1:-}" = "--browser" ] && browser=1

missing=()
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
((browser)) && { [ -x /usr/bin/chromium ] || missing+=(chromium); }
[ -x /usr/lib/postgresql/15/bin/postgres ] || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
command -v setpriv >/dev/null 2>&1 || missing+=(util-linux)

if ((${#missing[@]})); then
  if [ "$(id -u)" -eq 0 ]; then sudo=(); elif command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
    echo "Missing Debian packages: ${missing[*]}. Install them as root: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  say "installing ${missing[*]} (apt-get; about 30 s)"
  # Package scripts try to start the services; there may be no init system, and we run our own instances anyway.
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || {
    echo "apt-get install ${missing[*]} failed; install them by hand and run this again." >&2
    exit 1
  }
fi
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "The web front end needs Node.js 20 or newer (found $(node --version 2>/dev/null || echo none))." >&2
  echo "Install Node.js 20+ (for example from NodeSource's Debian packages: nodejs) and run this again." >&2
  exit 1
fi
say "PostgreSQL, Redis, RabbitMQ and Node.js $(node --version) are installed$( ((browser)) && echo ', and Chromium for the browser tests')"
