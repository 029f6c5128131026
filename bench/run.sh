#!/usr/bin/env bash
# Builds the JMH benchmarks, runs pagekv and its peers, and publishes the results:
# bench/results/PROFILE.json (JMH), bench/results/PROFILE-metrics.tsv (disk and heap),
# bench/results/PROFILE-run.txt (date, machine, load), docs/benchmarks.md and its charts
# (generated from every profile's files in bench/results/, so quick and full stand side by side).
#
#   bench/run.sh quick   # n = 100,000; 100 B, 8 KiB and 1 MiB values; 1 fork, warmup 2 x 1 s,
#                        # measurement 5 x 1 s (writeBatch: 1 + 5 loads): about 15 minutes on 2 cores
#   bench/run.sh full    # n = 1,000,000; 100 B values only (the 8 KiB and 1 MiB rows are quick's);
#                        # 1 fork, warmup 2 x 2 s, measurement 5 x 3 s, enough for a 99.9% interval
#                        # (writeBatch: 1 + 5 loads of 1M): about 51 timed trials of ~21 s, 28 setup loads
#                        # of 1M and 36 timed loads, 25-30 minutes on 2 cores
#   bench/run.sh scale   # not JMH: pagekv, lmdbjava and RocksDB each loaded to 1M and then 10M
#                        # entries of 100 B (1.1 GB of data) in a JVM of their own (io.pagekv.bench.scale.ScaleRun),
#                        # then random gets, scans touching a byte per entry and reopens; time, disk and
#                        # heap at each size: about 10-20 minutes on 2 cores (mostly the 10M loads), up to
#                        # 5 GB of free disk under java.io.tmpdir (one store at a time, deleted after)
#
# Both JMH profiles run the benchmarks the page shows: every EngineBenchmark workload
# (readRandom, readSeq, scanTouch, writeBatch, writeSync, open, mixed, groupCommit with 1, 2, 4
# and 8 threads) and the machine limits (MappedReadLimit, ForcedWriteLimit). The other
# benchmarks in the jar measure design choices and run by hand: java -jar bench/target/benchmarks.jar NAME.
# Extra arguments go to JMH, for example a benchmark regex or -p engine=pagekv,lmdbjava; the
# page then shows only what ran. JMH refuses a repeated -f, -wi, -w, -i or -r, and adds the values
# of a repeated -p (-p n=10000 on top of full's n runs both sizes). The scale run takes its sizes and engines from the environment:
#   PAGEKV_SCALE_SIZES="1000000 10000000" PAGEKV_SCALE_ENGINES="pagekv lmdbjava rocksdb" bench/run.sh scale
# JAVA selects the JVM (default: java on the PATH). pagekv runs with its default compaction
# policy; to see what automatic compaction costs, run its forks without it and compare, e.g.:
#   java -jar bench/target/benchmarks.jar 'WriteBatchBenchmark|MixedBenchmark' -p engine=pagekv \
#     -jvmArgsPrepend -Dpagekv.bench.compaction=off
# bench/space.sh is the long overwrite run (disk over written bytes).
set -euo pipefail

profile="${1:-quick}"
shift || true
cd "$(dirname "$0")/.."

page_benchmarks='io\.pagekv\.bench\.jmh\.(ReadRandom|ReadSeq|WriteBatch|WriteSync|Open|Mixed|GroupCommit)Benchmark\.|io\.pagekv\.bench\.jmh\.(MappedReadLimit|ForcedWriteLimit)\.'
case "$profile" in
  quick) jmh_args=(-f 1 -wi 2 -w 1s -i 5 -r 1s -p n=100000 -p dataMiB=128) ;;
  full)  jmh_args=(-f 1 -wi 2 -w 2s -i 5 -r 3s -p n=1000000 -p valueSize=100 -p dataMiB=1024) ;;
  scale) ;;
  *) echo "usage: bench/run.sh quick|full|scale [JMH arguments]" >&2; exit 2 ;;
esac

java_cmd="${JAVA:-java}"
jar=bench/target/benchmarks.jar
results=bench/results
mkdir -p "$results/tmp" docs

start=$(date +%s)
echo "== building $jar"
mvn -B -q -o -pl bench -am package -DskipTests

if [ "$profile" = scale ]; then
  tsv="$results/scale.tsv"
  rm -f "$tsv"
  for n in ${PAGEKV_SCALE_SIZES:-1000000 10000000}; do
    for engine in ${PAGEKV_SCALE_ENGINES:-pagekv lmdbjava rocksdb}; do
      echo "== scale: $engine, n = $n ($(( $(date +%s) - start )) s so far)"
      PAGEKV_BENCH_METRICS="$PWD/$tsv" "$java_cmd" -Xmx4g --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED \
        -cp "$jar" io.pagekv.bench.scale.ScaleRun "$engine" "$n"
    done
  done
else
  # With no benchmark regex among the extra arguments, run the page's benchmarks. Every JMH
  # option run.sh passes on takes a value: an argument that is neither an option nor its value is a regex.
  selection=("$page_benchmarks")
  value_next=false
  for arg in "$@"; do
    if $value_next; then value_next=false
    elif [[ "$arg" == -* ]]; then value_next=true
    else selection=()
    fi
  done
  json="$results/$profile.json"
  metrics="$results/$profile-metrics.tsv"
  log="$results/tmp/$profile.log"
  rm -f "$json" "$metrics"

  echo "== running the $profile profile (log: $log)"
  PAGEKV_BENCH_METRICS="$PWD/$metrics" "$java_cmd" -jar "$jar" "${selection[@]}" "${jmh_args[@]}" "$@" \
    -rf json -rff "$json" 2>&1 | tee "$log" | grep -E '^(# Benchmark:|# Parameters:|# Run progress|Benchmark |[A-Z][A-Za-z]+\.[a-zA-Z0-9:]+ )' || true

  if [ ! -s "$json" ]; then
    echo "no results in $json; see $log" >&2
    exit 1
  fi
fi

echo "== writing docs/benchmarks.md and its charts"
"$java_cmd" -cp "$jar" io.pagekv.bench.report.Report "$profile" "$results" docs/benchmarks.md
echo "== done in $(( $(date +%s) - start )) s"
