#!/usr/bin/env bash
# Compares pagekv (SYNC and ASYNC) and RocksDB as Kafka Streams stores, one JVM per engine.
#   bench.sh [lines=20000] [records=1000000]   StoreBench: word count through TopologyTestDriver
#                                              with range queries, then a changelog restore
#   bench.sh broker [lines=250000]             BrokerBench: word count on an in-process broker,
#                                              then a restore from the changelog topic
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
mvn -B -q -pl integrations/kafka-streams -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
cp="$here/target/test-classes:$here/target/classes:$(cat "$here/target/test-classpath.txt")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
run() {
    java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -Xmx1g -cp "$cp" "$@" 2>&1 | grep -E '^(pagekv|rocksdb)'
}
for engine in pagekv pagekv_async rocksdb; do
    if [ "${1:-}" = broker ]; then
        run io.pagekv.kafka.BrokerBench "$engine" "${2:-250000}" "$work"
    else
        run io.pagekv.kafka.StoreBench "$engine" "${1:-20000}" "${2:-1000000}" "$work"
    fi
done
