#!/usr/bin/env bash
# S3 log store: append throughput, final upload time, and the checkpoint lag from one member's
# append to another member's read, against S3Proxy (an S3-compatible server) on loopback.
#
#   bench/logstore-s3.sh [events=200000] [lag-lines=200]
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
cd "$HERE"
mvn -B -q -DskipTests install -pl bench -am
JAR=$(ls ~/.m2/repository/org/gaul/s3proxy/*/s3proxy-*-jar-with-dependencies.jar | tail -1)
java -Xmx256m -XX:+UseSerialGC -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
    org.windlass.logstore.s3.internal.S3LogStoreBench "$JAR" "${1:-200000}" "${2:-200}"
