#!/usr/bin/env bash
# Fire-time accuracy of many schedules on one member (H2 or MariaDB).
#
#   bench/schedule-accuracy.sh [jobs=10000] [period-minutes=5] [measure-seconds=120] [h2|mariadb]
#
# Each job fires once per period at its own second (spread evenly: 10,000 jobs every 5 minutes is
# 33 executions a second), each running one local `true`. Starts a member of the built
# distribution (bench/member.sh), runs bench/ScheduleAccuracy.java, prints the lateness of the
# executions' start against their ticks. Needs ports 8181 and 8101 free.
set -euo pipefail
JOBS=${1:-10000}
PERIOD=${2:-5}
MEASURE=${3:-120}
DB=${4:-h2}
. "$(dirname "$0")/member.sh"
start_member "$DB"
cpu_ms() { awk -v t="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / t)}' "/proc/$1/stat"; }
CPU0=$(cpu_ms "$MEMBER_PID"); T0=$(date +%s)
java "$HERE/bench/ScheduleAccuracy.java" http://127.0.0.1:8181 admin "$PASSWORD" "$JOBS" "$PERIOD" "$MEASURE"
echo "member CPU: $(( $(cpu_ms "$MEMBER_PID") - CPU0 )) ms over $(( $(date +%s) - T0 )) s (import, warm-up, window; the jobs' own processes not included)"
echo "member RSS at the end: $(( $(ps -o rss= -p "$MEMBER_PID") / 1024 )) MB"
