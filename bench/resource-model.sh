#!/usr/bin/env bash
# Parse a 100k-node resource model in each format and filter it (JMH, bench/ module).
#   bench/resource-model.sh [extra JMH arguments]
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
cd "$HERE"
mvn -B -q -DskipTests install -pl bench -am
java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.openjdk.jmh.Main ResourceModelBenchmark "$@"
