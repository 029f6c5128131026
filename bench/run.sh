#!/usr/bin/env bash
# Builds the JMH benchmarks, runs pagekv and its peers on every workload, and publishes the
# results: bench/results/PROFILE.json (JMH), bench/results/PROFILE-metrics.tsv (disk and heap),
# docs/benchmarks.md and docs/benchmarks.svg (generated from those two files).
#
#   bench/run.sh quick   # n = 100,000, 1 fork, short iterations: under 15 minutes on 2 cores
#   bench/run.sh full    # n = 1,000,000, the benchmarks' own defaults (2 forks, 3 + 5 iterations of 3 s)
#
# Extra arguments go to JMH, for example a benchmark regex or -p engine=pagekv,lmdbjava; the
# page then shows only what ran. JAVA selects the JVM (default: java on the PATH). pagekv runs
# with its default compaction policy; to see what automatic compaction costs, run its forks
# without it and compare, for example:
#   java -jar bench/target/benchmarks.jar 'WriteBatchBenchmark|MixedBenchmark' -p engine=pagekv \
#     -jvmArgsPrepend -Dpagekv.bench.compaction=off
# bench/space.sh is the long overwrite run (disk over written bytes).
set -euo pipefail

profile="${1:-quick}"
shift || true
cd "$(dirname "$0")/.."

case "$profile" in
  quick) jmh_args=(-f 1 -wi 2 -w 1s -i 5 -r 1s -p n=100000 -p dataMiB=128) ;;
  full)  jmh_args=(-p n=1000000 -p dataMiB=1024) ;;
  *) echo "usage: bench/run.sh quick|full [JMH arguments]" >&2; exit 2 ;;
esac

java_cmd="${JAVA:-java}"
jar=bench/target/benchmarks.jar
results=bench/results
mkdir -p "$results/tmp" docs

start=$(date +%s)
echo "== building $jar"
mvn -B -q -pl bench -am package -DskipTests

json="$results/$profile.json"
metrics="$results/$profile-metrics.tsv"
log="$results/tmp/$profile.log"
rm -f "$json" "$metrics"

echo "== running the $profile profile (log: $log)"
PAGEKV_BENCH_METRICS="$PWD/$metrics" "$java_cmd" -jar "$jar" "${jmh_args[@]}" "$@" \
  -rf json -rff "$json" 2>&1 | tee "$log" | grep -E '^(# Benchmark:|# Parameters:|# Run progress|Benchmark |[A-Z][A-Za-z]+\.[a-zA-Z:]+ )' || true

if [ ! -s "$json" ]; then
  echo "no results in $json; see $log" >&2
  exit 1
fi

echo "== writing docs/benchmarks.md and docs/benchmarks.svg"
"$java_cmd" -cp "$jar" io.pagekv.bench.report.Report "$profile" "$json" "$metrics" docs/benchmarks.md docs/benchmarks.svg
echo "== done in $(( $(date +%s) - start )) s"
