#!/usr/bin/env bash
# Compares pagekv and RocksDB as Kafka Streams stores (see StoreBench): word count through
# TopologyTestDriver with range queries, and a changelog restore. One JVM per engine.
# Usage: integrations/kafka-streams/bench.sh [lines=200000] [records=1000000]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
lines="${1:-200000}"
records="${2:-1000000}"
cd "$root"
mvn -B -q -pl integrations/kafka-streams -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
cp="$here/target/test-classes:$here/target/classes:$(cat "$here/target/test-classpath.txt")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for engine in pagekv pagekv_async rocksdb; do
    java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -Xmx1g -cp "$cp" io.pagekv.kafka.StoreBench \
        "$engine" "$lines" "$records" "$work"
done
