#!/usr/bin/env bash
# Takeover time and fire-time accuracy of a three-member cluster on one MariaDB database.
#
#   bench/cluster-takeover.sh takeover [jobs-per-member=20] [kills=10]
#   bench/cluster-takeover.sh accuracy [jobs=10000] [period-minutes=5] [measure-seconds=120]
#
# takeover: each member saves per-second jobs; one member at a time is killed with kill -9 and the
#   time to the first fire of one of its jobs on a survivor is measured (bench/ClusterTakeover.java),
#   with the cluster's default settings (heartbeat 1 s, dead after 7 s, autotakeover at once).
# accuracy: a third of the jobs is saved through each member (so each member owns a third) and
#   bench/ScheduleAccuracy.java measures each member's lateness against the ticks, three at once.
# Unpacks the built distribution three times into a temp dir (ports 18181-18183 and 18101-18103),
# creates a database on 127.0.0.1:3306 (root, no password), and removes both on exit (the members'
# karaf.log files are kept in /tmp/windlass-cluster-bench-logs).
set -euo pipefail
MODE=${1:-takeover}
HERE=$(cd "$(dirname "$0")/.." && pwd)
PASSWORD=Bench-Admin-Pw-1
DIST=$(ls "$HERE"/karaf-assembly/target/windlass-*.tar.gz | head -1)
WORK=$(mktemp -d)
DBNAME=windlass_cluster_bench_$(date +%s)
HOMES=()

cleanup() {
    # the members' logs outlive the run, for reading what happened
    mkdir -p /tmp/windlass-cluster-bench-logs
    local n=0
    for h in "${HOMES[@]}"; do
        n=$((n + 1))
        cp "$h/data/log/karaf.log" "/tmp/windlass-cluster-bench-logs/member-$n.log" 2>/dev/null || true
    done
    for h in "${HOMES[@]}"; do
        "$h/bin/stop" >/dev/null 2>&1 || true
    done
    for h in "${HOMES[@]}"; do
        for _ in $(seq 1 150); do pgrep -f "karaf.home=$h" >/dev/null || break; sleep 0.2; done
        pkill -9 -f "karaf.home=$h" 2>/dev/null || true
    done
    mariadb -h 127.0.0.1 -u root -e "DROP DATABASE IF EXISTS $DBNAME" || true
    rm -rf "$WORK"
}
trap cleanup EXIT

mariadb -h 127.0.0.1 -u root -e "CREATE DATABASE $DBNAME CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
KEY=$(head -c 32 /dev/urandom | base64)
for i in 1 2 3; do
    mkdir -p "$WORK/m$i"
    tar xzf "$DIST" -C "$WORK/m$i"
    h=$(ls -d "$WORK/m$i"/windlass-*)
    HOMES+=("$h")
    cat >> "$h/etc/org.ops4j.datasource-windlass.cfg" <<CFG
osgi.jdbc.driver.class = org.mariadb.jdbc.Driver
url = jdbc:mariadb://127.0.0.1:3306/$DBNAME
user = root
password =
CFG
    echo "org.osgi.service.http.port = 1818$i" >> "$h/etc/org.ops4j.pax.web.cfg"
    echo "sshPort = 1810$i" >> "$h/etc/org.apache.karaf.shell.cfg"
    echo "admin.password = $PASSWORD" >> "$h/etc/org.windlass.security.cfg"
    echo "master.key = $KEY" >> "$h/etc/org.windlass.storage.cfg"
    printf 'member.name = bench-%s\nurl = http://127.0.0.1:1818%s\n' "$i" "$i" >> "$h/etc/org.windlass.cluster.cfg"
    "$h/bin/start"
done
for i in 1 2 3; do
    deadline=$(( $(date +%s) + 180 ))
    until curl -sf -o /dev/null -u "admin:$PASSWORD" "http://127.0.0.1:1818$i/api/48/projects"; do
        [ "$(date +%s)" -lt "$deadline" ] || { echo "member $i not ready in 180 s" >&2; exit 1; }
        sleep 0.3
    done
done
echo "three members up on MariaDB database $DBNAME"

case "$MODE" in
    takeover)
        java "$HERE/bench/ClusterTakeover.java" admin "$PASSWORD" "${2:-20}" "${3:-10}" \
            "${HOMES[0]}=18181" "${HOMES[1]}=18182" "${HOMES[2]}=18183"
        ;;
    accuracy)
        JOBS=${2:-10000}; PERIOD=${3:-5}; MEASURE=${4:-120}
        PER=$(( JOBS / 3 ))
        for i in 1 2 3; do
            java "$HERE/bench/ScheduleAccuracy.java" "http://127.0.0.1:1818$i" admin "$PASSWORD" "$PER" "$PERIOD" "$MEASURE" "acc$i" \
                > "$WORK/accuracy-$i.txt" 2>&1 &
        done
        wait
        for i in 1 2 3; do echo "== member $i"; cat "$WORK/accuracy-$i.txt"; done
        ;;
    *) echo "usage: $0 takeover|accuracy ..." >&2; exit 2 ;;
esac
