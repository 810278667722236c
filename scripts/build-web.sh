#!/usr/bin/env bash
# Builds the web front end (gateway/web) with the machine's Node.js: npm ci when the lock file changed, then vite build.
set -euo pipefail
cd "$(dirname "$0")/../gateway"
say() { printf '==> %s\n' "$*"; }
[ -f web/package.json ] || { say "no web front end in gateway/web yet"; exit 0; }
cd web
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing the web front end's npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
say "building the web front end (vite)"
npm run --silent build
