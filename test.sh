#!/usr/bin/env bash
#
# test.sh - build, format-check and test AktivResept against a throwaway
# PostgreSQL 15 cluster. Runs unattended (CI=true, no terminal, usually root on
# a fresh Debian 12 machine) as well as locally.
#
# What it does:
#   1. installs postgresql-15, chromium (and nginx-light, xmllint, node) with apt when missing (root only)
#   2. starts a PostgreSQL 15 cluster as a non-root user in a temp directory,
#      on a free 127.0.0.1 port (see scripts/pg-cluster.sh); it is stopped and
#      deleted on exit, whatever happens
#   3. exports AKTIVRESEPT_TEST_PG (Npgsql connection string, role aktiv/aktiv,
#      superuser, database aktivresept_test)
#   4. dotnet build AktivResept.slnx -c Release            (fail fast)
#   5. dotnet format --verify-no-changes                   (counts as 1 failure)
#   6. dotnet test for every tests/*/*.csproj, with a trx logger; all projects
#      run even if one fails. tests/AktivResept.Server.Tests runs twice: on
#      PostgreSQL, then on SQLite (AKTIVRESEPT_TEST_DB=sqlite, a temp file per
#      test class) without the tests marked [PostgresOnly]
#   7. prints as its very last line:  "<N> passed, <N> failed"
#      and exits non-zero if anything failed.
#
# Optional environment knobs:
#   TEST_FILTER=<expr>       passed to every `dotnet test` as --filter <expr>
#   SKIP_FORMAT=1            skip the `dotnet format --verify-no-changes` check
#   TEST_SH_DB_ONLY=1        only start the database, check it with psql
#                            (select 1 over TCP as aktiv/aktiv) and exit
#   RESTORE_DRILL=1          also run scripts/restore-drill.sh (docs/operations.md) as one
#                            counted check (off by default: minutes on a loaded machine)
#   TEST_RESULTS_DIR=<dir>   keep the .trx files there (default: temp dir,
#                            deleted on exit)
#   TEST_HANG_TIMEOUT=<t>    passed as --blame-hang-timeout <t> (default 10m: a
#                            test hung that long fails with a dump instead of
#                            eating CI's time); set it empty to turn it off
#   PG_BIN=<dir>             PostgreSQL binaries (default /usr/lib/postgresql/15/bin)
#   PG_TMP_ROOT=<dir>        parent of the cluster temp dir (default /tmp)
#
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
ROOT="$PWD"

export DEBIAN_FRONTEND=noninteractive
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
if [ -z "${HOME:-}" ]; then
    HOME="$(getent passwd "$(id -u)" | cut -d: -f6)"
    export HOME="${HOME:-/tmp}"
fi

log() { printf '==> %s\n' "$*" >&2; }
is_root() { [ "$(id -u)" -eq 0 ]; }

# shellcheck source=scripts/pg-cluster.sh
. "$ROOT/scripts/pg-cluster.sh"

RESULTS_DIR=""
RESULTS_DIR_IS_TEMP=0
CHILD_PID=""

# Run a command in the background and wait for it, so that INT/TERM traps fire
# right away instead of after a long `dotnet test` finishes.
run() {
    local rc=0
    "$@" &
    CHILD_PID=$!
    wait "$CHILD_PID" || rc=$?
    CHILD_PID=""
    return "$rc"
}

cleanup() {
    if [ -n "$CHILD_PID" ]; then
        kill -TERM "$CHILD_PID" 2>/dev/null || true
        wait "$CHILD_PID" 2>/dev/null || true
        CHILD_PID=""
    fi
    pg_cluster_stop || true
    if [ "$RESULTS_DIR_IS_TEMP" = 1 ] && [ -n "$RESULTS_DIR" ]; then
        rm -rf "$RESULTS_DIR"
        RESULTS_DIR=""
    fi
}
trap cleanup EXIT
trap 'cleanup; trap - EXIT; exit 130' INT
trap 'cleanup; trap - EXIT; exit 143' TERM

# Print the summary line (always the last line of output) and exit.
finish() { # passed failed
    cleanup
    echo "$1 passed, $2 failed"
    if [ "$2" -eq 0 ]; then exit 0; else exit 1; fi
}

# ---------------------------------------------------------------- packages ---

ensure_chromium() {
    if [ -x /usr/bin/chromium ]; then
        return 0
    fi
    if ! is_root || ! command -v apt-get >/dev/null 2>&1; then
        log "WARNING: /usr/bin/chromium not found and cannot install it (not root or no apt);"
        log "         browser tests will fail. Install it with: sudo apt-get install -y chromium"
        return 0
    fi
    log "installing chromium with apt-get"
    if [ "${_APT_UPDATED:-0}" != 1 ]; then
        apt-get update -q >&2 || true
        _APT_UPDATED=1
    fi
    apt-get install -y -q chromium >&2 ||
        log "WARNING: installing chromium failed; browser tests will fail"
}

# Independent checkers some tests start: xmllint (dialogmelding files against the
# stored XSDs) and node (a second FHIR client library). Installed like chromium.
ensure_tool() {
    local tool="$1"; shift
    if command -v "$tool" >/dev/null 2>&1; then
        return 0
    fi
    if ! is_root || ! command -v apt-get >/dev/null 2>&1; then
        log "WARNING: $tool not found and cannot install it (not root or no apt);"
        log "         the tests that use it will fail or be skipped. Install: sudo apt-get install -y $*"
        return 0
    fi
    log "installing $* with apt-get"
    if [ "${_APT_UPDATED:-0}" != 1 ]; then
        apt-get update -q >&2 || true
        _APT_UPDATED=1
    fi
    apt-get install -y -q "$@" >&2 ||
        log "WARNING: installing $* failed; the tests that use $tool will fail or be skipped"
}

if ! pg_cluster_ensure_installed; then
    log "PostgreSQL 15 is not available"
    finish 0 1
fi
if [ "${TEST_SH_DB_ONLY:-0}" != 1 ]; then
    ensure_chromium
    ensure_tool xmllint libxml2-utils
    ensure_tool node nodejs npm
    # The reverse proxy of the two-node test (tests/AktivResept.Server.Tests/MultiNode); the test runs its own nginx
    # from a temp folder on a free port, never the system service.
    ensure_tool nginx nginx-light
fi

# ---------------------------------------------------------------- database ---

log "starting throwaway PostgreSQL 15 cluster"
if ! pg_cluster_start; then
    log "could not start PostgreSQL"
    finish 0 1
fi
export AKTIVRESEPT_TEST_PG="$PG_CLUSTER_CONN"
log "AKTIVRESEPT_TEST_PG=$AKTIVRESEPT_TEST_PG"

if [ "${TEST_SH_DB_ONLY:-0}" = 1 ]; then
    log "TEST_SH_DB_ONLY=1: checking the database with psql over TCP"
    if out="$(PGPASSWORD=aktiv PGCONNECT_TIMEOUT=10 "$PG_BIN/psql" -X -At -v ON_ERROR_STOP=1 \
        -h 127.0.0.1 -p "$PG_CLUSTER_PORT" -U aktiv -d aktivresept_test \
        -c 'select 1' \
        -c "select current_user || ' super=' || rolsuper || ' createdb=' || rolcreatedb from pg_roles where rolname = current_user" \
        -c "select current_database() || ' owner=' || pg_get_userbyid(datdba) from pg_database where datname = current_database()" \
        -c 'show server_version')"; then
        printf '%s\n' "$out" >&2
        log "cluster dir: $PG_CLUSTER_DIR (owner $PG_CLUSTER_USER), port $PG_CLUSTER_PORT"
        finish 1 0
    else
        log "psql check failed"
        finish 0 1
    fi
fi

# ------------------------------------------------------------------- build ---

log "dotnet build AktivResept.slnx -c Release"
if ! run dotnet build AktivResept.slnx -c Release --disable-build-servers; then
    log "BUILD FAILED"
    finish 0 1
fi

FORMAT_FAILED=0
if [ "${SKIP_FORMAT:-0}" = 1 ]; then
    log "SKIP_FORMAT=1: skipping dotnet format"
else
    log "dotnet format --verify-no-changes"
    if ! run dotnet format AktivResept.slnx --verify-no-changes --no-restore; then
        log "FORMAT CHECK FAILED (run: dotnet format AktivResept.slnx)"
        FORMAT_FAILED=1
    fi
fi

# ------------------------------------------------------------------- tests ---

if [ -n "${TEST_RESULTS_DIR:-}" ]; then
    mkdir -p "$TEST_RESULTS_DIR"
    RESULTS_DIR="$(cd "$TEST_RESULTS_DIR" && pwd)"
else
    RESULTS_DIR="$(mktemp -d "${TMPDIR:-/tmp}/aktivresept-trx.XXXXXX")"
    RESULTS_DIR_IS_TEMP=1
fi

# Value of a numeric attribute of <Counters .../> in a trx file ("" if absent).
trx_counter() { # file attr
    { tr '\n' ' ' <"$1" | grep -o '<Counters[^>]*>' | head -n 1 |
        sed -n "s/.*[[:space:]]$2=\"\([0-9][0-9]*\)\".*/\1/p"; } 2>/dev/null || true
}

in_solution() { # project path relative to repo root
    local fwd="$1" back="${1//\//\\}"
    grep -qF "\"$fwd\"" AktivResept.slnx || grep -qF "\"$back\"" AktivResept.slnx
}

shopt -s nullglob
projects=(tests/*/*.csproj)
shopt -u nullglob

TOTAL_PASSED=0
TOTAL_FAILED=0
FAILED_PROJECTS=()

if [ "${#projects[@]}" -eq 0 ]; then
    log "no test projects found under tests/"
    TOTAL_FAILED=$((TOTAL_FAILED + 1))
    FAILED_PROJECTS+=("(no test projects)")
fi

# Runs one test project and adds its trx counters to the totals.
#   $1 project, $2 label in the log, $3 results name (trx file, folder), $4 extra filter ("" for none);
#   further arguments are VAR=value settings for this run only.
run_project() {
    local proj="$1" label="$2" name="$3" extra_filter="$4"
    shift 4
    local resdir="$RESULTS_DIR/$name"
    local trx="$resdir/$name.trx"
    local filter="${TEST_FILTER:-}"
    local rc p f e t
    rm -rf "$resdir"
    mkdir -p "$resdir"

    local args=(test "$proj" -c Release --logger "trx;LogFileName=$name.trx" --results-directory "$resdir")
    if in_solution "$proj"; then
        args+=(--no-build)
    else
        log "$proj is not in AktivResept.slnx; letting dotnet test build it"
        args+=(--disable-build-servers)
    fi
    if [ -n "$extra_filter" ]; then
        filter="${filter:+($filter)&}$extra_filter"
    fi
    if [ -n "$filter" ]; then
        args+=(--filter "$filter")
    fi
    if [ -n "${TEST_HANG_TIMEOUT-10m}" ]; then
        args+=(--blame-hang-timeout "${TEST_HANG_TIMEOUT-10m}" --blame-hang-dump-type mini)
    fi

    log "$label: ${*:+$* }dotnet ${args[*]}"
    local started=$SECONDS
    if run env "$@" dotnet "${args[@]}"; then rc=0; else rc=$?; fi

    if [ -f "$trx" ]; then
        p="$(trx_counter "$trx" passed)"
        f="$(trx_counter "$trx" failed)"
        e="$(trx_counter "$trx" error)"
        t="$(trx_counter "$trx" timeout)"
    else
        p="" f="" e="" t=""
    fi
    if [ -z "$p" ] && [ -z "$f" ]; then
        log "$label: no test results (exit code $rc) - counting as 1 failed"
        p=0
        f=1
    else
        p="${p:-0}"
        f=$(( ${f:-0} + ${e:-0} + ${t:-0} ))
        if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
            log "$label: dotnet test exited with $rc but reported no failed test - counting as 1 failed"
            f=1
        fi
    fi
    log "$label: $p passed, $f failed (exit code $rc, $((SECONDS - started)) s)"
    TOTAL_PASSED=$((TOTAL_PASSED + p))
    TOTAL_FAILED=$((TOTAL_FAILED + f))
    if [ "$rc" -ne 0 ] || [ "$f" -ne 0 ]; then
        FAILED_PROJECTS+=("$label")
    fi
}

for proj in "${projects[@]}"; do
    name="$(basename "$proj" .csproj)"
    run_project "$proj" "$name" "$name" "" AKTIVRESEPT_TEST_DB=postgresql
    if [ "$name" = AktivResept.Server.Tests ]; then
        # The same suite on the embedded SQLite database that `dotnet run` uses, minus the tests of what only
        # PostgreSQL can do ([PostgresOnly], trait Database=PostgresOnly).
        run_project "$proj" "$name (SQLite)" "$name.Sqlite" "Database!=PostgresOnly" AKTIVRESEPT_TEST_DB=sqlite
    fi
done

# The backup and point-in-time restore drill (docs/operations.md): its own cluster, one counted check. Opt-in: it takes
# over 3 minutes on a loaded 2-core machine (mostly .NET process starts), too long for every run.
if [ "${RESTORE_DRILL:-0}" = 1 ]; then
    log "restore drill: scripts/restore-drill.sh --no-build"
    if run "$ROOT/scripts/restore-drill.sh" --no-build; then
        TOTAL_PASSED=$((TOTAL_PASSED + 1))
    else
        TOTAL_FAILED=$((TOTAL_FAILED + 1))
        FAILED_PROJECTS+=("restore drill")
    fi
fi

if [ "$FORMAT_FAILED" = 1 ]; then
    TOTAL_FAILED=$((TOTAL_FAILED + 1))
    FAILED_PROJECTS+=("dotnet format")
fi

if [ "${#FAILED_PROJECTS[@]}" -gt 0 ]; then
    log "FAILED: ${FAILED_PROJECTS[*]}"
fi
if [ "$RESULTS_DIR_IS_TEMP" = 0 ]; then
    log "trx files kept in $RESULTS_DIR"
fi

finish "$TOTAL_PASSED" "$TOTAL_FAILED"
