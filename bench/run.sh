#!/usr/bin/env bash
# Runs the load benchmarks on a throwaway PostgreSQL 15 cluster (durable settings: fsync on) on loopback.
#   bench/run.sh [driver options]      e.g. bench/run.sh --patients 2000 --creates 20000 --search-seconds 20
# Prints a markdown table; copy it into docs/benchmarks.md with the date and machine.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
ROOT="$PWD"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# shellcheck source=../scripts/pg-cluster.sh
. "$ROOT/scripts/pg-cluster.sh"
export PG_SERVER_OPTS="-c shared_buffers=512MB -c synchronous_commit=on"
trap 'pg_cluster_stop || true' EXIT INT TERM
pg_cluster_start
dotnet build bench/AktivResept.Benchmarks -c Release -v q -nologo >/dev/null
AKTIVRESEPT_BENCH_PG="$PG_CLUSTER_CONN" dotnet bench/AktivResept.Benchmarks/bin/Release/net10.0/AktivResept.Benchmarks.dll "$@"
