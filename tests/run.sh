#!/usr/bin/env bash
# Runs the whole test suite from a clean clone: restores, builds, starts what the tests need,
# runs every test project, and prints one plain line "N passed, N failed".
# Exit status: 0 only when every test passed (and at least one ran).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
results=$(mktemp -d "${TMPDIR:-/tmp}/ruleoflaw-tests.XXXXXX")
trap 'rm -rf "$results"' EXIT
cd "$root"

# The embedded store (SQLite) ships inside its NuGet package: no server to install for now.
# Later issues add PostgreSQL, Redis and Chromium here (Debian packages, started and stopped by this script).

dotnet build RuleOfLaw.sln -c Release -warnaserror -nologo -v quiet

status=0
dotnet test RuleOfLaw.sln -c Release --no-build --nologo \
  --logger "trx" --results-directory "$results" -- RunConfiguration.TestSessionTimeout=1500000 || status=$?

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done

echo "$passed passed, $failed failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
