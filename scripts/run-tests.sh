#!/usr/bin/env bash
# Runs one `dotnet test` command as given, and when it fails, repeats every failed test's name, error message and the
# top of its stack trace at the very end of the output, so a CI log that keeps only its tail still says what failed.
set -uo pipefail
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
"$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
if [ "$rc" -ne 0 ]; then
  echo
  echo "==> FAILED (exit $rc): $*"
  awk '
    /^  Failed /        { show = 1; trace = 0; print; next }
    /^  (Passed|Skipped) / { show = 0; next }
    show && /^  Stack Trace:/ { trace = 1; lines = 0 }
    show && /^  Standard Output Messages:/ { show = 0; next }
    show { if (trace && ++lines > 6) next; print }
  ' "$log" | cut -c1-400
fi
exit "$rc"
