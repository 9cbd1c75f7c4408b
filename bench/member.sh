# Sourced by the load benchmarks: unpacks the built distribution into a temp dir, points it at
# the database (h2, or mariadb: a new database on 127.0.0.1:3306, root without password), starts
# it and waits until its API answers; on exit stops it and removes it and the database.
# Needs ports 8181 and 8101 free. Sets HERE, HOME_DIR, PASSWORD and MEMBER_PID.
#
#   start_member h2|mariadb
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PASSWORD=Bench-Admin-Pw-1

cleanup_member() {
    if [ -n "${HOME_DIR:-}" ]; then
        "$HOME_DIR/bin/stop" >/dev/null 2>&1 || true
        for _ in $(seq 1 150); do pgrep -f "karaf.home=$HOME_DIR" >/dev/null || break; sleep 0.2; done
    fi
    [ -n "${DBNAME:-}" ] && mariadb -h 127.0.0.1 -u root -e "DROP DATABASE IF EXISTS $DBNAME" || true
    [ -n "${WORK:-}" ] && rm -rf "$WORK"
}

start_member() {
    local db=$1
    local dist
    dist=$(ls "$HERE"/karaf-assembly/target/windlass-*.tar.gz | head -1)
    WORK=$(mktemp -d)
    trap cleanup_member EXIT
    tar xzf "$dist" -C "$WORK"
    HOME_DIR=$(ls -d "$WORK"/windlass-*)
    echo "admin.password = $PASSWORD" >> "$HOME_DIR/etc/org.windlass.security.cfg"
    if [ "$db" = mariadb ]; then
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
    local deadline=$(( $(date +%s) + 120 ))
    until curl -sf -o /dev/null -u "admin:$PASSWORD" http://127.0.0.1:8181/api/48/projects; do
        [ "$(date +%s)" -lt "$deadline" ] || { echo "member not ready in 120 s" >&2; exit 1; }
        sleep 0.2
    done
    MEMBER_PID=$(pgrep -f "karaf.home=$HOME_DIR" | sed -n 1p || true)
    echo "database: $db"
}
