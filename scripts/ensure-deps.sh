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

missing=()
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
say "PostgreSQL, Redis and RabbitMQ are installed"
