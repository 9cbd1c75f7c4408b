#!/usr/bin/env bash
# One job fanned out over SSH to many nodes: wall time, the member's peak threads and heap.
#
#   bench/ssh-fanout.sh [nodes=1000] [threadcount=1000] [runs=3] [command='echo ok']
#
# Every node is the same Debian OpenSSH server on loopback, started here with its own config and
# keys (each node still gets its own connection, key exchange, authentication and session), and
# the test account wlbench (created when missing). Needs root, /usr/sbin/sshd and ports 8181/8101.
# Starts a member of the built distribution on H2 (bench/member.sh), runs bench/SshFanOut.java.
set -euo pipefail
NODES=${1:-1000}
THREADCOUNT=${2:-1000}
RUNS=${3:-3}
COMMAND=${4:-echo ok}
[ "$(id -u)" = 0 ] || { echo "needs root (sshd logs in the test account)" >&2; exit 1; }
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true  # a connection per node: the soft limit up to the hard one
id wlbench >/dev/null 2>&1 || useradd --create-home --shell /bin/sh wlbench
usermod -p '*' wlbench  # no password, not locked: sshd lets it in by key
. "$(dirname "$0")/member.sh"
SSHDIR=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
ssh-keygen -q -t ed25519 -N '' -f "$SSHDIR/host_ed25519"
ssh-keygen -q -t ed25519 -N '' -f "$SSHDIR/id_ed25519"
cp "$SSHDIR/id_ed25519.pub" "$SSHDIR/authorized_keys"
# sshd reads authorized_keys as the account it logs in
chmod 755 "$SSHDIR"; chmod 644 "$SSHDIR/authorized_keys"
mkdir -p /run/sshd
cat > "$SSHDIR/sshd_config" <<CFG
Port $PORT
ListenAddress 127.0.0.1
HostKey $SSHDIR/host_ed25519
PidFile $SSHDIR/sshd.pid
AuthorizedKeysFile $SSHDIR/authorized_keys
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
AllowUsers wlbench
MaxStartups 4000
MaxSessions 10
LogLevel ERROR
CFG
# -r: no re-execution of sshd for each connection (it costs the server CPU the member never sees)
/usr/sbin/sshd -D -e ${SSHD_REEXEC:+} ${SSHD_REEXEC:--r} -f "$SSHDIR/sshd_config" 2>"$SSHDIR/sshd.log" &
SSHD_PID=$!
stop_all() { kill "$SSHD_PID" 2>/dev/null || true; rm -rf "$SSHDIR"; cleanup_member; }
start_member h2
trap stop_all EXIT
echo "sshd $(/usr/sbin/sshd -V 2>&1 | head -1) on 127.0.0.1:$PORT; $NODES nodes, threadcount $THREADCOUNT; member heap limit -Xmx512m"
cpu_ms() { awk -v t="$(getconf CLK_TCK)" '{print int(($14 + $15 + $16 + $17) * 1000 / t)}' "/proc/$1/stat"; }
MEMBER_CPU0=$(cpu_ms "$MEMBER_PID"); SSHD_CPU0=$(cpu_ms "$SSHD_PID")
[ -n "${JFR:-}" ] && jcmd "$MEMBER_PID" JFR.start name=fan settings=profile filename="$JFR" >/dev/null
java "$HERE/bench/SshFanOut.java" http://127.0.0.1:8181 admin "$PASSWORD" "$NODES" "$PORT" wlbench "$SSHDIR/id_ed25519" "$THREADCOUNT" "$RUNS" "$COMMAND"
[ -n "${JFR:-}" ] && jcmd "$MEMBER_PID" JFR.dump name=fan filename="$JFR" >/dev/null
echo "CPU over all the runs: member $(( $(cpu_ms "$MEMBER_PID") - MEMBER_CPU0 )) ms, sshd and its sessions $(( $(cpu_ms "$SSHD_PID") - SSHD_CPU0 )) ms"
echo "member RSS after the runs: $(( $(ps -o rss= -p "$MEMBER_PID") / 1024 )) MB"
