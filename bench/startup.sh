#!/usr/bin/env bash
# Cold start to /health-ready and idle RSS of the Windlass distribution.
#
#   bench/startup.sh [runs] [idle-seconds]
#
# Each run unpacks the distribution afresh (a first start: admin password generated, features
# resolved), starts it with bin/start, polls GET /health until it answers 200, waits the idle
# period, reads the JVM's VmRSS, and stops it. Needs the distribution built
# (karaf-assembly/target/windlass-*.tar.gz) and port 8181/8101 free.
set -euo pipefail

RUNS=${1:-5}
IDLE=${2:-30}
HERE=$(cd "$(dirname "$0")/.." && pwd)
DIST=$(ls "$HERE"/karaf-assembly/target/windlass-*.tar.gz | head -1)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo "distribution: $DIST"
echo "run,ready_seconds,idle_rss_mb"
for run in $(seq 1 "$RUNS"); do
    rm -rf "$WORK/m" && mkdir -p "$WORK/m"
    tar xzf "$DIST" -C "$WORK/m"
    home=$(ls -d "$WORK"/m/windlass-*)
    start=$(date +%s.%N)
    "$home/bin/start"
    ready=""
    deadline=$(( $(date +%s) + 120 ))
    while [ "$(date +%s)" -lt "$deadline" ]; do
        if curl -sf -o /dev/null http://127.0.0.1:8181/health; then
            ready=$(date +%s.%N)
            break
        fi
        sleep 0.05
    done
    if [ -z "$ready" ]; then
        echo "run $run: /health not ready within 120 s" >&2
        "$home/bin/stop" || true
        exit 1
    fi
    sleep "$IDLE"
    pid=$(pgrep -f "karaf.home=$home" | head -1)
    rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
    printf '%s,%.2f,%d\n' "$run" "$(echo "$ready - $start" | bc)" "$((rss_kb / 1024))"
    "$home/bin/stop"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
done
