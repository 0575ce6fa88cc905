#!/usr/bin/env bash
#
# scripts/restore-drill.sh - the backup and point-in-time restore drill (issue 22, docs/operations.md).
#
# On a throwaway PostgreSQL 15 cluster (scripts/pg-cluster.sh; durable settings, WAL archiving on) it:
#   1. takes a base backup with pg_basebackup, before the schema exists (so the restore replays all of it from WAL);
#   2. migrates as the owner role and grants the app role (`migrate`), seeds the demo base data (`seed-demo --base`), starts the
#      built server against the cluster and writes draft prescriptions over HTTP with a dev token, recording every
#      ACKNOWLEDGED write (id, time of the 201); waits until the sealing job has sealed every audit row; exports a
#      signed audit checkpoint; notes the recovery target T; switches and archives the WAL segment (pg_switch_wal);
#   3. writes on after T until archive_timeout has shipped at least one more segment, and a few writes more;
#   4. DESTROYS the cluster: kill -9 of the postmaster and its children, the data directory deleted;
#   5. disaster recovery: restores the base backup and replays every archived segment (restore_command, to the end
#      of the archive), starts it and the app (RTO: destroy -> the database writable, and -> /health/ready 200);
#      checks `verify-audit --checkpoint` passes, every write acknowledged before T is there, the writes after T
#      that survived are a prefix (none missing before one present), and RPO (destroy - the last acknowledged
#      write present) is within DRILL_RPO_LIMIT;
#   6. point-in-time recovery: the same base backup and archive into a second directory with recovery_target_time=T:
#      every write acknowledged before T is there, none after it, `verify-audit --checkpoint` passes; then one audit
#      row is changed there as the superuser and `verify-audit` must name it (the check can fail);
#   7. prints one summary line and exits non-zero on any failure. Everything is removed on exit, whatever happens.
#
# Usage: scripts/restore-drill.sh [--no-build]
#   --no-build   use src/AktivResept.Server/bin/Release/net10.0/AktivResept.Server.dll as built (test.sh builds it)
# Knobs: DRILL_ARCHIVE_TIMEOUT (s, default 10; production uses 60), DRILL_WRITES_BEFORE (default 40),
#        DRILL_WRITES_AFTER (writes after the first archive_timeout switch, default 15), DRILL_RPO_LIMIT (s, 300),
#        DRILL_KEEP_LOGS=<dir> (copy the server and PostgreSQL logs there), and pg-cluster.sh's PG_BIN / PG_TMP_ROOT.
# Runs as root (the cluster as a non-root user, the app as the caller) and as a normal user; needs dotnet and curl.
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
ROOT="$PWD"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# shellcheck source=scripts/pg-cluster.sh
. "$ROOT/scripts/pg-cluster.sh"

ARCHIVE_TIMEOUT="${DRILL_ARCHIVE_TIMEOUT:-10}"
WRITES_BEFORE="${DRILL_WRITES_BEFORE:-40}"
WRITES_AFTER="${DRILL_WRITES_AFTER:-15}"
RPO_LIMIT="${DRILL_RPO_LIMIT:-300}"
DLL="$ROOT/src/AktivResept.Server/bin/Release/net10.0/AktivResept.Server.dll"
BUILD=1
for arg in "$@"; do
    case "$arg" in
        --no-build) BUILD=0 ;;
        *) echo "usage: $0 [--no-build]" >&2; exit 2 ;;
    esac
done

WORK=""
APP_PID=""
PITR_DIR=""
FAILED=0
STARTED_AT=$SECONDS

say() { printf '[restore-drill %3ds] %s\n' $((SECONDS - STARTED_AT)) "$*" >&2; }
fail() { say "FAIL: $*"; FAILED=1; }
die() { say "FAIL: $*"; summary "FAILED: $*"; exit 1; }
now_ns() { date -u +%s%N; }
# Seconds between two nanosecond instants, to the millisecond.
secs() { local d=$(($2 - $1)); printf '%d.%03d' $((d / 1000000000)) $(((d % 1000000000) / 1000000)); }

stop_app() {
    if [ -n "$APP_PID" ]; then
        kill -TERM "$APP_PID" 2>/dev/null || true
        wait "$APP_PID" 2>/dev/null || true
        APP_PID=""
    fi
}

cleanup() {
    local rc=$?
    stop_app
    if [ -n "$PITR_DIR" ] && [ -f "$PITR_DIR/postmaster.pid" ]; then
        _pg_as_owner "$PG_BIN/pg_ctl" -D "$PITR_DIR" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
    fi
    if [ -n "${DRILL_KEEP_LOGS:-}" ]; then
        mkdir -p "$DRILL_KEEP_LOGS"
        cp "$WORK"/*.log "$DRILL_KEEP_LOGS/" 2>/dev/null || true
        cp "$PG_CLUSTER_DIR"/*.log "$DRILL_KEEP_LOGS/" 2>/dev/null || true
    fi
    pg_cluster_stop || true
    [ -n "$WORK" ] && rm -rf "$WORK"
    WORK=""
    return "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

summary() { printf 'restore drill: %s\n' "$*"; }

command -v dotnet >/dev/null 2>&1 || die "dotnet not found"
if ! command -v curl >/dev/null 2>&1; then
    if _pg_is_root && command -v apt-get >/dev/null 2>&1; then
        say "installing curl with apt-get"
        apt-get install -y -q --no-install-recommends curl >&2 || { apt-get update -q >&2 && apt-get install -y -q --no-install-recommends curl >&2; } || true
    fi
    command -v curl >/dev/null 2>&1 || die "curl not found (sudo apt-get install -y curl)"
fi

if [ "$BUILD" = 1 ]; then
    say "dotnet build src/AktivResept.Server -c Release"
    dotnet build "$ROOT/src/AktivResept.Server" -c Release -v q -nologo >&2 || die "build failed"
fi
[ -f "$DLL" ] || die "$DLL not found (build it, or run without --no-build)"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/aktivresept-drill.XXXXXX")"
chmod 700 "$WORK"

# ------------------------------------------------------------ the cluster ---

# Durable settings (no fsync=off): this is the configuration the drill proves. archive_command is set below with
# ALTER SYSTEM, once the cluster directory (and so the archive's path) exists; the archiver waits for it.
export PG_SERVER_OPTS="-c wal_level=replica -c archive_mode=on -c archive_timeout=$ARCHIVE_TIMEOUT -c max_wal_senders=4"
pg_cluster_start || die "could not start PostgreSQL"
DIR="$PG_CLUSTER_DIR"
PORT="$PG_CLUSTER_PORT"
ARCHIVE="$DIR/archive"
case "$DIR" in *[!A-Za-z0-9/._-]*) die "cluster directory $DIR has characters archive_command would need quoted" ;; esac
_pg_as_owner mkdir -m 700 "$ARCHIVE"

psql_on() { # port database sql...
    local port="$1" db="$2"
    shift 2
    _pg_as_owner "$PG_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 -h "$DIR/sock" -p "$port" -U aktiv -d "$db" "$@"
}
sql() { psql_on "$PORT" aktivresept_test -c "$1"; }

# Copy to a temporary name and rename, so a crash mid-copy never leaves a truncated segment under its real name;
# never overwrite a segment already archived.
psql_on "$PORT" postgres \
    -c "ALTER SYSTEM SET archive_command = 'test ! -f $ARCHIVE/%f && cp %p $ARCHIVE/%f.part && mv $ARCHIVE/%f.part $ARCHIVE/%f'" \
    -c "SELECT pg_reload_conf()" >/dev/null || die "setting archive_command failed"
psql_on "$PORT" postgres -c "CREATE ROLE aktiv_app LOGIN PASSWORD 'aktiv_app'" || die "creating the app role failed"

say "base backup (pg_basebackup, WAL streamed into it)"
_pg_as_owner "$PG_BIN/pg_basebackup" -h "$DIR/sock" -p "$PORT" -U aktiv -D "$DIR/base" -Fp -X stream -c fast \
    >"$WORK/basebackup.log" 2>&1 || { cat "$WORK/basebackup.log" >&2; die "pg_basebackup failed"; }

# ------------------------------------------------------------------ the app ---

conn() { # port user
    printf 'Host=127.0.0.1;Port=%s;Username=%s;Password=%s;Database=aktivresept_test;Timeout=30;Command Timeout=120' "$1" "$2" "$2"
}
CHECKPOINT_KEY="$(head -c 32 /dev/urandom | base64 | tr -d '\n')"
mkdir -p "$WORK/data"

# The app's environment: Development for dev tokens and synthetic ids, the keys kept in $WORK/data (dev-secrets.json
# there is the "key backup": the restored database is read with the same person-data keys), limits raised for the load.
# The app connects as aktiv_app (DB_USER=aktiv for seeding, which migrates first and so needs the owner). No static web
# assets manifest: in Development it points into the builder's NuGet cache, which another user may not read.
app_env() { # port: sets APP_ENV to the VAR=value list
    APP_ENV=(ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_CONTENTROOT="$(dirname "$DLL")" AKTIVRESEPT_DATA="$WORK/data"
        Database__Provider=PostgreSQL
        ConnectionStrings__Default="$(conn "$1" "${DB_USER:-aktiv_app}")"
        ConnectionStrings__Owner="$(conn "$1" aktiv)"
        Database__AppRole=aktiv_app
        Audit__SealIntervalSeconds=1 Audit__CheckpointKey="$CHECKPOINT_KEY"
        RateLimits__WritesPerUser__PermitLimit=100000 RateLimits__WritesPerAddress__PermitLimit=100000
        RateLimits__LookupsPerUser__PermitLimit=100000 RateLimits__LookupsPerAddress__PermitLimit=100000
        Logging__LogLevel__Default=Warning Logging__LogLevel__Microsoft.EntityFrameworkCore=Error
        ASPNETCORE_STATICWEBASSETS="$WORK/no-static-web-assets.json")
}
verb() { # port verb args... (output to stdout, log to $WORK/verbs.log; its tail on stderr when it fails)
    app_env "$1"
    shift
    : >"$WORK/verb.log"
    if env "${APP_ENV[@]}" dotnet "$DLL" "$@" 2>"$WORK/verb.log"; then
        cat "$WORK/verb.log" >>"$WORK/verbs.log"
        return 0
    else
        local rc=$?
        cat "$WORK/verb.log" >>"$WORK/verbs.log"
        say "$1 exited with $rc:"
        tail -n 15 "$WORK/verb.log" >&2
        return "$rc"
    fi
}

APP_PORT=""
start_app() { # db-port log
    APP_PORT="$(_pg_free_port)" || die "no free port for the app"
    app_env "$1"
    # A simple command, so $! is the server itself (env execs dotnet), which stop_app and the disaster can kill.
    env "${APP_ENV[@]}" dotnet "$DLL" --urls "http://127.0.0.1:$APP_PORT" >"$WORK/$2" 2>&1 &
    APP_PID=$!
}
# Waits until /health/ready answers 200 (the database answers and the keys work); 0 when it did.
wait_ready() {
    local deadline=$((SECONDS + 180))
    while [ $SECONDS -lt $deadline ]; do
        if ! kill -0 "$APP_PID" 2>/dev/null; then
            return 1
        fi
        if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$APP_PORT/health/ready" || true)" = 200 ]; then
            return 0
        fi
        sleep 0.2
    done
    return 1
}

say "migrate (as the owner role, granting aktiv_app) and seed-demo"
verb "$PORT" migrate >&2 || die "migrate failed"
DB_USER=aktiv verb "$PORT" seed-demo --base >&2 || die "seed-demo failed"
start_app "$PORT" app-before.log
# The token is minted while the server starts (each verb is a process start of its own).
verb "$PORT" dev-token --role referrer --hpr 9144900 --org 991000100 --hours 2 >"$WORK/token.txt" || die "dev-token failed"
TOKEN="$(tail -n 1 "$WORK/token.txt")"
[ -n "$TOKEN" ] || die "dev-token gave nothing"
wait_ready || { tail -n 30 "$WORK/app-before.log" >&2; die "the app did not become ready"; }

# --------------------------------------------------------------- the load ---

# Synthetic national ids (month + 80), a year picked per run, valid control digits; one new person per write.
YEAR=$((50 + RANDOM % 40))
SEQ=0
next_fnr() {
    local w1=(3 7 6 1 8 9 4 5 2) w2=(5 4 3 2 7 6 5 4 3 2) stem s k1 k2 i
    while :; do
        SEQ=$((SEQ + 1))
        stem="$(printf '%02d%02d%02d%03d' $((1 + (SEQ / 500) % 28)) $((81 + (SEQ / 14000) % 12)) "$YEAR" $((SEQ % 500)))"
        s=0; for i in 0 1 2 3 4 5 6 7 8; do s=$((s + ${stem:i:1} * w1[i])); done
        k1=$(((11 - s % 11) % 11)); [ "$k1" -eq 10 ] && continue
        stem="$stem$k1"
        s=0; for i in 0 1 2 3 4 5 6 7 8 9; do s=$((s + ${stem:i:1} * w2[i])); done
        k2=$(((11 - s % 11) % 11)); [ "$k2" -eq 10 ] && continue
        FNR="$stem$k2"
        return 0
    done
}
START_DATE="$(TZ=Europe/Oslo date -d '+7 days' +%F)"

# One draft prescription for a new person: on 201, "<id> <ack ns>" goes to the file named.
write_one() { # acks-file
    local body code id
    next_fnr
    body="{\"participant\":{\"nationalId\":\"$FNR\",\"givenName\":\"Drill\",\"familyName\":\"Deltaker\",\"kommunenummer\":\"0301\"},\"reasonCode\":\"L84\",\"reasonText\":\"Ryggsmerter\",\"goals\":\"Gå tur uten smerter\",\"activityTypes\":[\"SupervisedStrength\"],\"sessionsPerWeek\":2,\"minutesPerSession\":60,\"startDate\":\"$START_DATE\",\"durationWeeks\":12,\"confirmationIntervalWeeks\":4,\"funding\":\"SelfPaid\",\"draft\":true}"
    code="$(curl -s -o "$WORK/response.json" -w '%{http_code}' --max-time 60 \
        -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
        --data-binary "$body" "http://127.0.0.1:$APP_PORT/api/prescriptions" || true)"
    if [ "$code" != 201 ]; then
        say "write refused or failed: HTTP $code $(head -c 400 "$WORK/response.json" 2>/dev/null)"
        return 1
    fi
    id="$(grep -o '"id":"[0-9a-f-]\{36\}"' "$WORK/response.json" | head -n 1 | cut -d'"' -f4)"
    [ -n "$id" ] || { say "no id in $(head -c 400 "$WORK/response.json")"; return 1; }
    printf '%s %s\n' "$id" "$(now_ns)" >>"$1"
}

say "load: $WRITES_BEFORE acknowledged writes before the recovery target"
: >"$WORK/acks-before.txt"
: >"$WORK/acks-after.txt"
for _ in $(seq 1 "$WRITES_BEFORE"); do
    write_one "$WORK/acks-before.txt" || die "a write before the target failed"
done

# Every audit row committed so far sealed by the running sealing job (Audit:SealIntervalSeconds=1).
unsealed_sql='SELECT count(*) FROM "AuditRecords" r WHERE NOT EXISTS (SELECT 1 FROM "AuditSeals" s WHERE s."AuditRecordId" = r."Id")'
deadline=$((SECONDS + 120))
until [ "$(sql "$unsealed_sql")" = 0 ]; do
    [ $SECONDS -lt $deadline ] || die "the sealing job left audit rows unsealed for 120 s"
    sleep 0.5
done
verb "$PORT" export-audit-checkpoint "$WORK/checkpoint.json" >&2 || die "export-audit-checkpoint failed"

TARGET="$(date -u '+%Y-%m-%d %H:%M:%S.%6N+00')"
TARGET_NS="$(now_ns)"
say "recovery target T = $TARGET"
# Close the segment holding T's writes and wait until it is archived: everything before T is now in the archive.
SWITCHED="$(sql "SELECT pg_walfile_name(pg_switch_wal())")"
archived() { sql "SELECT coalesce(last_archived_wal, '') FROM pg_stat_archiver"; }
deadline=$((SECONDS + 60))
until [[ "$(archived)" > "$SWITCHED" || "$(archived)" == "$SWITCHED" ]]; do
    [ $SECONDS -lt $deadline ] || die "segment $SWITCHED was not archived within 60 s"
    sleep 0.2
done

say "load after T, until archive_timeout ($ARCHIVE_TIMEOUT s) has shipped another segment, then $WRITES_AFTER more"
deadline=$((SECONDS + ARCHIVE_TIMEOUT * 4 + 60))
until [[ "$(archived)" > "$SWITCHED" ]]; do
    [ $SECONDS -lt $deadline ] || die "archive_timeout did not ship a segment"
    write_one "$WORK/acks-after.txt" || die "a write after the target failed"
done
for _ in $(seq 1 "$WRITES_AFTER"); do
    write_one "$WORK/acks-after.txt" || die "a write after the target failed"
done

# ------------------------------------------------------------ the disaster ---

POSTMASTER="$(head -n 1 "$DIR/data/postmaster.pid")"
# Its children, from /proc (no procps needed): the field after the ")" that ends the command name is the state, then the parent.
CHILDREN=""
for stat in /proc/[0-9]*/stat; do
    read -r line <"$stat" 2>/dev/null || continue  # a builtin: no process per entry, so the destroy follows the last write at once
    read -r _ parent _ <<<"${line##*) }"
    [ "$parent" = "$POSTMASTER" ] && CHILDREN="$CHILDREN ${stat//[!0-9]/}"
done
DESTROY_NS="$(now_ns)"
say "destroy: kill -9 postmaster $POSTMASTER (and its children), rm -rf the data directory; the app dies with it"
kill -9 "$POSTMASTER"
kill -9 "$APP_PID" 2>/dev/null || true
wait "$APP_PID" 2>/dev/null || true
APP_PID=""
for pid in $CHILDREN; do kill -9 "$pid" 2>/dev/null || true; done
# Gone, or a zombie nobody has reaped yet (it holds nothing then); bounded, in case of neither.
gone() { [ ! -e "/proc/$1" ] || [ "$(read -r l <"/proc/$1/stat" 2>/dev/null && read -r state _ <<<"${l##*) }" && echo "$state")" = Z ]; }
deadline=$((SECONDS + 30))
until gone "$POSTMASTER"; do
    [ $SECONDS -lt $deadline ] || die "postmaster $POSTMASTER still alive 30 s after kill -9"
    sleep 0.1
done
rm -rf "$DIR/data"
say "destroyed"
_PG_CLUSTER_STARTED=0

# ------------------------------------------------------ disaster recovery ---

# A restored data directory: the base backup, recovery.signal and the restore_command reading the archive.
prepare_restore() { # dir extra-conf-lines
    _pg_as_owner cp -a "$DIR/base" "$1"
    _pg_as_owner sh -c "touch '$1/recovery.signal' && printf '%s\n' \"restore_command = 'cp $ARCHIVE/%f %p'\" $2 >>'$1/postgresql.auto.conf'"
}
# pg_ctl -w returns once connections are accepted (read-only while WAL replays); then wait for the end of recovery.
start_restored() { # dir port log
    _pg_as_owner "$PG_BIN/pg_ctl" -w -t 300 -D "$1" -l "$DIR/$3" \
        -o "-p $2 -k '$DIR/sock' -c listen_addresses=127.0.0.1 -c archive_mode=off -c max_connections=300" start >/dev/null 2>&1 ||
        { tail -n 30 "$DIR/$3" >&2; return 1; }
    local deadline=$((SECONDS + 300))
    until [ "$(psql_on "$2" aktivresept_test -c 'SELECT pg_is_in_recovery()' 2>/dev/null)" = f ]; do
        [ $SECONDS -lt $deadline ] || { tail -n 30 "$DIR/$3" >&2; return 1; }
        sleep 0.1
    done
}

say "restore to the end of the archive"
prepare_restore "$DIR/data" ""
start_restored "$DIR/data" "$PORT" restored.log || die "the restored cluster did not come up"
_PG_CLUSTER_STARTED=1
DB_READY_NS="$(now_ns)"
start_app "$PORT" app-after.log
wait_ready || { tail -n 30 "$WORK/app-after.log" >&2; die "the app did not become ready on the restored database"; }
APP_READY_NS="$(now_ns)"
stop_app

present_of() { # port acks-file -> ids present, one per line
    local ids
    ids="$(cut -d' ' -f1 "$2" | sed "s/.*/'&'/" | paste -sd, -)"
    [ -n "$ids" ] || return 0
    psql_on "$1" aktivresept_test -c "SELECT \"Id\" FROM \"Prescriptions\" WHERE \"Id\" IN ($ids)"
}

# (a) the chain
if verb "$PORT" verify-audit --checkpoint "$WORK/checkpoint.json" >"$WORK/verify-latest.txt"; then
    say "latest: $(cat "$WORK/verify-latest.txt")"
else
    fail "verify-audit on the restored database: $(tail -n 3 "$WORK/verbs.log")"
fi
# (b) every write acknowledged before T
present_of "$PORT" "$WORK/acks-before.txt" | sort >"$WORK/present-before.txt"
BEFORE_N=$(wc -l <"$WORK/acks-before.txt")
BEFORE_PRESENT=$(wc -l <"$WORK/present-before.txt")
[ "$BEFORE_PRESENT" -eq "$BEFORE_N" ] || fail "latest: $((BEFORE_N - BEFORE_PRESENT)) of $BEFORE_N writes acknowledged before T are missing"
# After T: what survived must be a prefix of what was acknowledged (no hole), and the last one sets the RPO.
present_of "$PORT" "$WORK/acks-after.txt" | sort >"$WORK/present-after.txt"
AFTER_N=$(wc -l <"$WORK/acks-after.txt")
AFTER_PRESENT=0
LAST_PRESENT_NS="$(tail -n 1 "$WORK/acks-before.txt" | cut -d' ' -f2)"
hole=0
while read -r id ack; do
    if grep -qx "$id" "$WORK/present-after.txt"; then
        [ "$hole" = 0 ] || fail "latest: write $id is present but an earlier acknowledged write is missing"
        AFTER_PRESENT=$((AFTER_PRESENT + 1))
        LAST_PRESENT_NS="$ack"
    else
        hole=1
    fi
done <"$WORK/acks-after.txt"
RPO="$(secs "$LAST_PRESENT_NS" "$DESTROY_NS")"
RTO_DB="$(secs "$DESTROY_NS" "$DB_READY_NS")"
RTO_APP="$(secs "$DESTROY_NS" "$APP_READY_NS")"
[ $(((DESTROY_NS - LAST_PRESENT_NS) / 1000000000)) -lt "$RPO_LIMIT" ] || fail "RPO ${RPO}s is over the limit of ${RPO_LIMIT}s"
say "latest: $BEFORE_PRESENT/$BEFORE_N before T present, $AFTER_PRESENT/$AFTER_N after T survived; RPO ${RPO}s, RTO ${RTO_DB}s (database) / ${RTO_APP}s (app ready)"

# ------------------------------------------------------ point in time (T) ---

say "restore to T in a second directory"
PITR_DIR="$DIR/pitr"
PITR_PORT="$(_pg_free_port)"
PITR_START_NS="$(now_ns)"
prepare_restore "$PITR_DIR" "\"recovery_target_time = '$TARGET'\" \"recovery_target_action = 'promote'\" \"recovery_target_timeline = 'current'\""
start_restored "$PITR_DIR" "$PITR_PORT" pitr.log || die "the point-in-time restore did not come up"
PITR_NS="$(now_ns)"
if verb "$PITR_PORT" verify-audit --checkpoint "$WORK/checkpoint.json" >"$WORK/verify-pitr.txt"; then
    say "T: $(cat "$WORK/verify-pitr.txt")"
else
    fail "verify-audit on the point-in-time restore: $(tail -n 3 "$WORK/verbs.log")"
fi
PITR_BEFORE=$(present_of "$PITR_PORT" "$WORK/acks-before.txt" | wc -l)
PITR_AFTER=$(present_of "$PITR_PORT" "$WORK/acks-after.txt" | wc -l)
[ "$PITR_BEFORE" -eq "$BEFORE_N" ] || fail "T: $((BEFORE_N - PITR_BEFORE)) of $BEFORE_N writes acknowledged before T are missing"
[ "$PITR_AFTER" -eq 0 ] || fail "T: $PITR_AFTER writes made after T are present"
say "T: $PITR_BEFORE/$BEFORE_N before T present, $PITR_AFTER/$AFTER_N after T (must be 0); restored in $(secs "$PITR_START_NS" "$PITR_NS")s"

# The check can fail: change one sealed audit row (as the superuser, as an attacker with the disk would) and
# verify-audit must refuse the chain and name a sequence number.
psql_on "$PITR_PORT" aktivresept_test -c "UPDATE \"AuditRecords\" SET \"Purpose\" = \"Purpose\" || 'x' WHERE \"Id\" = (SELECT \"AuditRecordId\" FROM \"AuditSeals\" ORDER BY \"Sequence\" DESC LIMIT 1 OFFSET 3)" >/dev/null ||
    fail "could not tamper with an audit row"
app_env "$PITR_PORT"
if env "${APP_ENV[@]}" dotnet "$DLL" verify-audit >"$WORK/verify-tampered.txt" 2>"$WORK/verify-tampered.err"; then
    fail "verify-audit passed a tampered chain"
elif grep -q 'broken at sequence [0-9]' "$WORK/verify-tampered.err"; then
    say "tampered copy: $(head -n 1 "$WORK/verify-tampered.err")"
else
    fail "verify-audit on a tampered chain said: $(head -n 3 "$WORK/verify-tampered.err")"
fi

TOTAL="$(secs 0 $(((SECONDS - STARTED_AT) * 1000000000)))"
if [ "$FAILED" = 0 ]; then
    summary "PASSED: RPO ${RPO}s (archive_timeout ${ARCHIVE_TIMEOUT}s, limit ${RPO_LIMIT}s), RTO ${RTO_DB}s to a writable database, ${RTO_APP}s to /health/ready; $BEFORE_N/$BEFORE_N writes before T, $AFTER_PRESENT/$AFTER_N after; PITR to T exact; audit chain verified; drill ${TOTAL%.*}s"
    exit 0
fi
summary "FAILED (see above): RPO ${RPO}s, RTO ${RTO_DB}s/${RTO_APP}s"
exit 1
