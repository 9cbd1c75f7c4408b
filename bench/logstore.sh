#!/usr/bin/env bash
# File log store throughput: writes a log of N MB (default 1024) event by event, reads it back by
# offset, with a 64 MB heap to show that neither holds the log in memory.
#
#   bench/logstore.sh [megabytes]
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
cd "$HERE"
mvn -B -q -DskipTests install -pl bench -am
java -Xmx64m -XX:+UseSerialGC -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
    org.windlass.logstore.file.internal.LogStoreThroughput "${1:-1024}"
