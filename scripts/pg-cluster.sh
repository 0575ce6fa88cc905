# shellcheck shell=bash
#
# scripts/pg-cluster.sh - throwaway PostgreSQL 15 cluster for the test suite.
#
# Meant to be *sourced* (by test.sh). It defines:
#
#   pg_cluster_ensure_installed   install postgresql-15 with apt when missing (root only)
#   pg_cluster_start              initdb + start a cluster on a free 127.0.0.1 port
#   pg_cluster_stop               stop the server (immediate) and delete its directory
#
# After pg_cluster_start these variables are set:
#
#   PG_CLUSTER_DIR   temp directory holding data/, sock/ and postgres.log
#   PG_CLUSTER_PORT  TCP port the server listens on (127.0.0.1 only)
#   PG_CLUSTER_CONN  Npgsql connection string for role aktiv / db aktivresept_test
#
# The server never runs as root: when the caller is root it runs as the
# `postgres` system user if that exists, otherwise as a system user
# `aktivtest` created on the fly. When the caller is not root it runs as the
# caller. Authentication: trust on the unix socket (which lives inside the
# 0700 temp directory), scram-sha-256 on 127.0.0.1 with aktiv/aktiv.
#
# Knobs: PG_BIN (default /usr/lib/postgresql/15/bin),
#        PG_SERVER_OPTS (durability settings; default turns fsync off, which only tests may do),
#        PG_TMP_ROOT (parent of the temp dir, default /tmp).

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_TMP_ROOT="${PG_TMP_ROOT:-/tmp}"
PG_CLUSTER_DIR=""
PG_CLUSTER_PORT=""
PG_CLUSTER_CONN=""
PG_CLUSTER_USER=""
_PG_CLUSTER_STARTED=0

_pg_log() { printf '[pg-cluster] %s\n' "$*" >&2; }

_pg_is_root() { [ "$(id -u)" -eq 0 ]; }

# Run a command as the cluster owner, from inside the cluster directory (the
# caller's cwd may not be readable by that user).
_pg_as_owner() {
    if _pg_is_root; then
        if command -v runuser >/dev/null 2>&1; then
            (cd "$PG_CLUSTER_DIR" && runuser -u "$PG_CLUSTER_USER" -- "$@")
        else
            local q
            q="$(printf '%q ' "$@")"
            (cd "$PG_CLUSTER_DIR" && su -s /bin/sh "$PG_CLUSTER_USER" -c "$q")
        fi
    else
        (cd "$PG_CLUSTER_DIR" && "$@")
    fi
}

pg_cluster_ensure_installed() {
    if [ -x "$PG_BIN/initdb" ]; then
        return 0
    fi
    if ! _pg_is_root; then
        _pg_log "PostgreSQL 15 not found at $PG_BIN and not running as root."
        _pg_log "Install it first:  sudo apt-get install -y postgresql-15   (or set PG_BIN)"
        return 1
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        _pg_log "PostgreSQL 15 not found at $PG_BIN and apt-get is unavailable (set PG_BIN)."
        return 1
    fi
    _pg_log "installing PostgreSQL 15 with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    if [ "${_APT_UPDATED:-0}" != 1 ]; then
        apt-get update -q >&2
        _APT_UPDATED=1
    fi
    apt-get install -y -q --no-install-recommends postgresql-15 >&2 ||
        apt-get install -y -q --no-install-recommends postgresql >&2 || true
    if [ ! -x "$PG_BIN/initdb" ]; then
        _pg_log "PostgreSQL installation did not provide $PG_BIN/initdb"
        return 1
    fi
}

_pg_pick_user() {
    if ! _pg_is_root; then
        PG_CLUSTER_USER="$(id -un)"
        return 0
    fi
    if id -u postgres >/dev/null 2>&1; then
        PG_CLUSTER_USER=postgres
    else
        if ! id -u aktivtest >/dev/null 2>&1; then
            _pg_log "creating system user aktivtest"
            useradd -r -M -d /nonexistent -s /usr/sbin/nologin aktivtest || return 1
        fi
        PG_CLUSTER_USER=aktivtest
    fi
}

_pg_free_port() {
    local p
    if command -v python3 >/dev/null 2>&1 &&
        p="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null)" &&
        [ -n "$p" ]; then
        echo "$p"
        return 0
    fi
    # Fallback: random high port nobody answers on.
    local i
    for i in $(seq 1 200); do
        p=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return 0
        fi
    done
    return 1
}

pg_cluster_start() {
    pg_cluster_ensure_installed || return 1
    _pg_pick_user || return 1

    PG_CLUSTER_DIR="$(mktemp -d "$PG_TMP_ROOT/aktivresept-pg.XXXXXX")" || return 1
    chmod 700 "$PG_CLUSTER_DIR" || return 1
    mkdir -p "$PG_CLUSTER_DIR/sock" || return 1
    printf 'aktiv\n' >"$PG_CLUSTER_DIR/pwfile" || return 1
    if _pg_is_root; then
        chown -R "$PG_CLUSTER_USER": "$PG_CLUSTER_DIR" || return 1
    fi

    _pg_log "initdb in $PG_CLUSTER_DIR/data as user $PG_CLUSTER_USER"
    if ! _pg_as_owner "$PG_BIN/initdb" -D "$PG_CLUSTER_DIR/data" \
        -U aktiv --pwfile="$PG_CLUSTER_DIR/pwfile" \
        --auth-local=trust --auth-host=scram-sha-256 \
        -E UTF8 --locale=C.UTF-8 --no-sync >"$PG_CLUSTER_DIR/initdb.log" 2>&1; then
        _pg_log "initdb failed:"
        cat "$PG_CLUSTER_DIR/initdb.log" >&2
        return 1
    fi

    # The port is picked before the server binds it, so retry on a clash.
    local attempt port
    for attempt in 1 2 3 4 5; do
        port="$(_pg_free_port)" || { _pg_log "no free port found"; return 1; }
        if _pg_as_owner "$PG_BIN/pg_ctl" -w -t 60 -D "$PG_CLUSTER_DIR/data" \
            -l "$PG_CLUSTER_DIR/postgres.log" \
            -o "-p $port -k '$PG_CLUSTER_DIR/sock' -c listen_addresses=127.0.0.1 ${PG_SERVER_OPTS:--c fsync=off -c synchronous_commit=off -c full_page_writes=off} -c max_connections=300" \
            start >/dev/null 2>&1; then
            PG_CLUSTER_PORT="$port"
            _PG_CLUSTER_STARTED=1
            break
        fi
        _pg_log "start on port $port failed (attempt $attempt); log tail:"
        tail -n 5 "$PG_CLUSTER_DIR/postgres.log" >&2 2>/dev/null || true
    done
    if [ "$_PG_CLUSTER_STARTED" != 1 ]; then
        _pg_log "could not start PostgreSQL"
        return 1
    fi

    local i
    for i in $(seq 1 60); do
        if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_CLUSTER_PORT" -t 2; then
            break
        fi
        if [ "$i" -eq 60 ]; then
            _pg_log "server not ready after 60s"
            return 1
        fi
        sleep 1
    done

    # aktiv is the bootstrap superuser (password aktiv, from initdb --pwfile).
    if ! _pg_as_owner "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
        -h "$PG_CLUSTER_DIR/sock" -p "$PG_CLUSTER_PORT" -U aktiv -d postgres \
        -c "CREATE DATABASE aktivresept_test OWNER aktiv" >&2; then
        _pg_log "creating database aktivresept_test failed"
        return 1
    fi

    PG_CLUSTER_CONN="Host=127.0.0.1;Port=$PG_CLUSTER_PORT;Username=aktiv;Password=aktiv;Database=aktivresept_test;Include Error Detail=true"
    _pg_log "PostgreSQL ready on 127.0.0.1:$PG_CLUSTER_PORT"
}

# Idempotent; safe to call from traps and more than once.
pg_cluster_stop() {
    local dir="$PG_CLUSTER_DIR"
    [ -n "$dir" ] || return 0
    if [ -d "$dir/data" ]; then
        if [ "$_PG_CLUSTER_STARTED" = 1 ] || [ -f "$dir/data/postmaster.pid" ]; then
            _pg_as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop \
                >/dev/null 2>&1 || true
        fi
        # Belt and braces: kill the postmaster if it is somehow still alive.
        if [ -f "$dir/data/postmaster.pid" ]; then
            local pid
            pid="$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)"
            if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
                kill -9 "$pid" 2>/dev/null || true
                sleep 1
            fi
        fi
    fi
    rm -rf "$dir"
    PG_CLUSTER_DIR=""
    _PG_CLUSTER_STARTED=0
}
