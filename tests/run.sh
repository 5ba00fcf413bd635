#!/usr/bin/env bash
# Runs the whole test suite from a clean clone: restores, builds, starts what the tests need,
# runs every test project, and prints one plain line "N passed, N failed".
# Exit status: 0 only when every test passed (and at least one ran).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
results=$(mktemp -d "${TMPDIR:-/tmp}/ruleoflaw-tests.XXXXXX")
# Every node, node command and test cluster the tests start writes its log output here; the last
# step scans it all for secrets and personal data. Kept when anything failed, for reading.
logs=$(mktemp -d "${TMPDIR:-/tmp}/ruleoflaw-test-logs.XXXXXX")
export RULEOFLAW_TEST_LOG_DIR="$logs"
# Screenshots of each browser view at its target size: the run's artefacts, kept after it (gitignored).
artifacts="$root/artifacts/test-run"
rm -rf "$artifacts"
mkdir -p "$artifacts"
export RULEOFLAW_TEST_ARTIFACT_DIR="$artifacts"
keep_logs=1
postgres_dir=""
redis_dir=""

cleanup() {
  # Only the server this script started, by its own data folder; nothing else is touched.
  if [ -n "$postgres_dir" ] && [ -f "$postgres_dir/data/postmaster.pid" ]; then
    as_postgres "$pg_bin/pg_ctl" -D "$postgres_dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  [ -n "$postgres_dir" ] && rm -rf "$postgres_dir"
  if [ -n "$redis_dir" ] && [ -f "$redis_dir/redis.pid" ]; then
    kill "$(cat "$redis_dir/redis.pid")" 2>/dev/null || true
  fi
  [ -n "$redis_dir" ] && rm -rf "$redis_dir"
  rm -rf "$results"
  if [ "$keep_logs" -eq 0 ] || [ -z "$(ls -A "$logs")" ]; then
    rm -rf "$logs"
  else
    echo "The log output of this run is kept in $logs" >&2
  fi
}
trap cleanup EXIT
cd "$root"

# The embedded store (SQLite) ships inside its NuGet package. The PostgreSQL dialect is tested
# against a real server: a throwaway cluster in a temp folder on a free loopback port, from
# Debian's packages (installed only when missing, so reruns are fast), stopped and removed on exit.
# Redis (production membership) is started the same way. The browser tests drive Debian's Chromium
# (never a browser a test tool downloads), with Noto CJK so that the screenshots show Chinese text.

latest_pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true; }

# PostgreSQL refuses to run as root: as root, its tools run as the postgres user the package creates.
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_bin=$(latest_pg_bin)
missing=()
{ [ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ]; } || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} from Debian packages (first run on this machine)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-upgrade "${missing[@]}" >/dev/null
  pg_bin=$(latest_pg_bin)
fi

# Tests that take a database away for a while start their own server with these binaries.
export RULEOFLAW_TEST_PG_BIN="$pg_bin"

postgres_dir=$(mktemp -d "${TMPDIR:-/tmp}/ruleoflaw-postgres.XXXXXX")
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$postgres_dir"
fi
as_postgres "$pg_bin/initdb" -D "$postgres_dir/data" -U postgres --auth=trust --no-locale --encoding=UTF8 >"$postgres_dir/initdb.log" 2>&1 \
  || { cat "$postgres_dir/initdb.log" >&2; exit 1; }

# A free port can be taken between the check and the bind: a failed start tries another one.
postgres_port=""
for _ in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 40000))
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    continue
  fi
  if as_postgres "$pg_bin/pg_ctl" -D "$postgres_dir/data" -l "$postgres_dir/server.log" -w -t 60 \
       -o "-c listen_addresses=127.0.0.1 -p $port -k $postgres_dir -c max_connections=300" start >/dev/null; then
    postgres_port=$port
    break
  fi
done
if [ -z "$postgres_port" ]; then
  echo "Could not start the test PostgreSQL server; its log:" >&2
  cat "$postgres_dir/server.log" >&2 || true
  exit 1
fi
export RULEOFLAW_TEST_POSTGRES="Host=127.0.0.1;Port=$postgres_port;Username=postgres"
echo "Test PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$postgres_port"

redis_dir=$(mktemp -d "${TMPDIR:-/tmp}/ruleoflaw-redis.XXXXXX")
redis_port=""
for _ in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 40000))
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    continue
  fi
  rm -f "$redis_dir/redis.pid"
  redis-server --bind 127.0.0.1 --port "$port" --daemonize yes --save "" --appendonly no \
    --dir "$redis_dir" --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/redis.log" >/dev/null
  for _ in $(seq 1 50); do
    redis-cli -p "$port" ping 2>/dev/null | grep -q PONG && { redis_port=$port; break; }
    sleep 0.1
  done
  [ -n "$redis_port" ] && break
done
if [ -z "$redis_port" ]; then
  echo "Could not start the test Redis server; its log:" >&2
  cat "$redis_dir/redis.log" >&2 || true
  exit 1
fi
export RULEOFLAW_TEST_REDIS="127.0.0.1:$redis_port"
echo "Test Redis $(redis-server --version | awk '{print $3}' | sed 's/v=//') on 127.0.0.1:$redis_port"

dotnet build RuleOfLaw.sln -c Release -warnaserror -nologo -v quiet

status=0
# The browser app's unit tests (Vitest). The build above installed its node_modules (npm ci).
# JUnit results are counted below with the .NET ones; a failing test fails the run.
(cd src/Web/ClientApp && npx --no-install vitest run --reporter=default --reporter=junit \
  --outputFile.junit="$results/vitest.junit.xml") || status=$?

dotnet test RuleOfLaw.sln -c Release --no-build --nologo \
  --logger "trx" --results-directory "$results" -- RunConfiguration.TestSessionTimeout=1500000 || status=$?

# Last, when every node has stopped: no log line of the whole run may hold a secret a test
# recorded, citizen personal data the tests sent, or anything shaped like a token or cookie.
# Counted below like every other test.
RULEOFLAW_TEST_LOG_SCAN=1 dotnet test tests/RuleOfLaw.Host.Tests -c Release --no-build --nologo \
  --filter "FullyQualifiedName~RuleOfLaw.Host.Tests.Protection.FullRunLogScanTests" \
  --logger "trx;LogFileName=log-scan.trx" --results-directory "$results" || status=$?

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

for junit in "$results"/*.junit.xml; do
  [ -e "$junit" ] || continue
  suites=$(grep -o '<testsuites [^>]*>' "$junit" | head -1)
  t=$(sed -n 's/.* tests="\([0-9]*\)".*/\1/p' <<<"$suites")
  f=$(sed -n 's/.* failures="\([0-9]*\)".*/\1/p' <<<"$suites")
  e=$(sed -n 's/.* errors="\([0-9]*\)".*/\1/p' <<<"$suites")
  s=$(grep -c '<skipped' "$junit" || true)
  passed=$((passed + ${t:-0} - ${f:-0} - ${e:-0} - ${s:-0}))
  failed=$((failed + ${f:-0} + ${e:-0}))
done

if [ -d "$artifacts/screenshots" ]; then
  echo "Screenshots of the browser views: $artifacts/screenshots"
fi
echo "$passed passed, $failed failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
keep_logs=0
