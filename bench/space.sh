#!/usr/bin/env bash
# The long overwrite run: loads ENTRIES entries of VALUE_BYTES into pagekv, lmdbjava, MVStore
# (without and with its background auto-compaction) and RocksDB, overwrites them at random
# keys until OVERWRITES times the live data is written, and plots disk bytes over written bytes:
# docs/space-overwrites.csv, docs/space-overwrites.svg and a section of docs/benchmarks.md
# (which bench/run.sh keeps when it rewrites the page).
#
#   bench/space.sh [ENTRIES [VALUE_BYTES [OVERWRITES]]]   # default: 100000 100 20, a few minutes
#
# JAVA selects the JVM (default: java on the PATH).
set -euo pipefail

entries="${1:-100000}"
value_bytes="${2:-100}"
overwrites="${3:-20}"
cd "$(dirname "$0")/.."

java_cmd="${JAVA:-java}"
jar=bench/target/benchmarks.jar
echo "== building $jar"
mvn -B -q -pl bench -am package -DskipTests

"$java_cmd" --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
  --add-exports=java.base/sun.nio.ch=ALL-UNNAMED -Xmx4g \
  -cp "$jar" io.pagekv.bench.space.OverwriteCurves "$entries" "$value_bytes" "$overwrites" docs
