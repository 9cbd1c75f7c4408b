#!/usr/bin/env bash
# Key storage and project storage throughput of one member, on H2 (default) or MariaDB.
#
#   bench/storage-load.sh h2|mariadb [threads] [seconds]
#
# Starts a member of the built distribution on that database (bench/member.sh), runs
# bench/StorageLoad.java against it, stops it and removes it. Needs ports 8181 and 8101 free.
set -euo pipefail
DB=${1:-h2}
THREADS=${2:-4}
SECONDS_PER_PHASE=${3:-20}
. "$(dirname "$0")/member.sh"
start_member "$DB"
java "$HERE/bench/StorageLoad.java" http://127.0.0.1:8181 admin "$PASSWORD" "$THREADS" "$SECONDS_PER_PHASE"
