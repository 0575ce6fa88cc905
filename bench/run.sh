#!/usr/bin/env bash
# Runs the load benchmarks on a throwaway PostgreSQL 15 cluster (durable settings: fsync on) on loopback.
#   bench/run.sh [scenario] [options]
#     referral (default)  bench/run.sh --patients 2000 --creates 20000 --search-seconds 20 [--server DLL] [--floor]
#     attendance          bench/run.sh attendance --members 20000 --batches 1200 --batch-size 500 --concurrency 8
#     adherence           bench/run.sh adherence --prescriptions 200000 --weeks 12
#     dispatch            bench/run.sh dispatch --deliveries 20000 --batch-size 20 --workers 1
#     attendance-suite    the three above with their defaults, in one run on one cluster
#     claims              bench/run.sh claims --providers 1300 --prescriptions 80000 --sessions 1000000 --workers 2
#     kpi                 bench/run.sh kpi --municipalities 356 --providers 4 --prescriptions 200000 --weeks 56 --per-week 5 --clients 16
#     booking             bench/run.sh booking --clients 16 --seconds 60 --people 4000
#     health-account      bench/run.sh health-account --participants 20000 --others 20000 --workers 1
#     warm-start          bench/run.sh warm-start --starts 7 --pg-starts 3 --requests 1000 --clients 16 [--server DLL]
#     micro               bench/run.sh micro [BenchmarkDotNet options]: CPU micro-benchmarks, no database
# Prints a markdown table; copy it into docs/benchmarks.md with the date and machine.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
ROOT="$PWD"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# shellcheck source=../scripts/pg-cluster.sh
. "$ROOT/scripts/pg-cluster.sh"
if [[ "${1:-}" == micro ]]; then
  dotnet build bench/AktivResept.Benchmarks -c Release -v q -nologo >/dev/null
  exec dotnet bench/AktivResept.Benchmarks/bin/Release/net10.0/AktivResept.Benchmarks.dll "$@"
fi
# BENCH_PG_OPTS adds server options, e.g. "-c shared_preload_libraries=pg_stat_statements" to see where PostgreSQL spends.
export PG_SERVER_OPTS="-c shared_buffers=512MB -c synchronous_commit=on ${BENCH_PG_OPTS:-}"
trap 'pg_cluster_stop || true' EXIT INT TERM
pg_cluster_start
dotnet build bench/AktivResept.Benchmarks -c Release -v q -nologo >/dev/null
if [[ "${1:-}" == warm-start && " $* " != *" --server "* ]]; then
  # The shipped build: a self-contained composite ReadyToRun publish for this machine (README "Deploying"; takes
  # ≈ 8 minutes on two cores).
  PUBLISH_DIR="$(mktemp -d)"
  trap 'pg_cluster_stop || true; rm -rf "$PUBLISH_DIR"' EXIT INT TERM
  dotnet publish src/AktivResept.Server -c Release -r linux-x64 --self-contained -o "$PUBLISH_DIR" -v q -nologo >/dev/null
  set -- "$@" --server "$PUBLISH_DIR/AktivResept.Server.dll"
fi
AKTIVRESEPT_BENCH_PG="$PG_CLUSTER_CONN" dotnet bench/AktivResept.Benchmarks/bin/Release/net10.0/AktivResept.Benchmarks.dll "$@"
