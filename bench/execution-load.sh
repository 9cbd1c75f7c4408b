#!/usr/bin/env bash
# Executions per second end to end through the REST API of one member, on H2 (default) or MariaDB:
# a trivial job (one local `true`) run and polled to its end by each client thread.
#
#   [CLIENT=urlconnection] bench/execution-load.sh h2|mariadb [threads] [seconds] [poll-millis]
#
# CLIENT=urlconnection drives the member with blocking HttpURLConnection (keep-alive) instead of
# java.net.http.HttpClient, which leaves more of a shared machine's CPU to the member.
#
# Unpacks the built distribution into a temp dir, points it at the database (for mariadb: a new
# database on 127.0.0.1:3306, root without password), starts it, runs bench/ExecutionLoad.java
# against it, stops it and removes it. Needs ports 8181 and 8101 free.
set -euo pipefail
DB=${1:-h2}
THREADS=${2:-8}
SECONDS_PER_PHASE=${3:-20}
HERE=$(cd "$(dirname "$0")/.." && pwd)
DIST=$(ls "$HERE"/karaf-assembly/target/windlass-*.tar.gz | head -1)
WORK=$(mktemp -d)
PASSWORD=Bench-Admin-Pw-1
cleanup() {
    if [ -n "${HOME_DIR:-}" ]; then
        "$HOME_DIR/bin/stop" >/dev/null 2>&1 || true
        for _ in $(seq 1 150); do pgrep -f "karaf.home=$HOME_DIR" >/dev/null || break; sleep 0.2; done
    fi
    [ -n "${DBNAME:-}" ] && mariadb -h 127.0.0.1 -u root -e "DROP DATABASE IF EXISTS $DBNAME" || true
    rm -rf "$WORK"
}
trap cleanup EXIT
tar xzf "$DIST" -C "$WORK"
HOME_DIR=$(ls -d "$WORK"/windlass-*)
echo "admin.password = $PASSWORD" >> "$HOME_DIR/etc/org.windlass.security.cfg"
if [ "$DB" = mariadb ]; then
    DBNAME=windlass_bench_$(date +%s)
    mariadb -h 127.0.0.1 -u root -e "CREATE DATABASE $DBNAME CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
    cat >> "$HOME_DIR/etc/org.ops4j.datasource-windlass.cfg" <<CFG
osgi.jdbc.driver.class = org.mariadb.jdbc.Driver
url = jdbc:mariadb://127.0.0.1:3306/$DBNAME
user = root
password =
CFG
fi
"$HOME_DIR/bin/start"
deadline=$(( $(date +%s) + 120 ))
until curl -sf -o /dev/null -u "admin:$PASSWORD" http://127.0.0.1:8181/api/48/projects; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "member not ready in 120 s" >&2; exit 1; }
    sleep 0.2
done
echo "database: $DB"
PID=$(pgrep -f "karaf.home=$HOME_DIR" | sed -n 1p || true)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
BEFORE=$(cpu_ticks "$PID")
/usr/bin/time -f "load driver CPU: %U s user + %S s system" \
    java ${CLIENT:+-Dclient=$CLIENT} "$HERE/bench/ExecutionLoad.java" http://127.0.0.1:8181 admin "$PASSWORD" "$THREADS" "$SECONDS_PER_PHASE" "${4:-10}"
AFTER=$(cpu_ticks "$PID")
echo "member CPU during the run: $(( (AFTER - BEFORE) * 1000 / $(getconf CLK_TCK) )) ms (the executions' own processes not included)"
echo "member RSS after the run: $(( $(ps -o rss= -p "$PID") / 1024 )) MB"
