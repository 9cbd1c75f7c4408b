#!/usr/bin/env bash
# Executions per second end to end through the REST API of one member, on H2 (default) or MariaDB:
# a trivial job (one local `true`) run and polled to its end by each client thread.
#
#   [CLIENT=urlconnection] bench/execution-load.sh h2|mariadb [threads] [seconds] [poll-millis]
#
# CLIENT=urlconnection drives the member with blocking HttpURLConnection (keep-alive) instead of
# java.net.http.HttpClient, which leaves more of a shared machine's CPU to the member.
#
# Starts a member of the built distribution on that database (bench/member.sh), runs
# bench/ExecutionLoad.java against it, stops it and removes it. Needs ports 8181 and 8101 free.
set -euo pipefail
DB=${1:-h2}
THREADS=${2:-8}
SECONDS_PER_PHASE=${3:-20}
. "$(dirname "$0")/member.sh"
start_member "$DB"
PID=$MEMBER_PID
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
BEFORE=$(cpu_ticks "$PID")
/usr/bin/time -f "load driver CPU: %U s user + %S s system" \
    java ${CLIENT:+-Dclient=$CLIENT} "$HERE/bench/ExecutionLoad.java" http://127.0.0.1:8181 admin "$PASSWORD" "$THREADS" "$SECONDS_PER_PHASE" "${4:-10}"
AFTER=$(cpu_ticks "$PID")
echo "member CPU during the run: $(( (AFTER - BEFORE) * 1000 / $(getconf CLK_TCK) )) ms (the executions' own processes not included)"
echo "member RSS after the run: $(( $(ps -o rss= -p "$PID") / 1024 )) MB"
