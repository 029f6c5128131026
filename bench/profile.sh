#!/usr/bin/env bash
# Profiles pagekv (only) on the benchmark workloads with async-profiler, fetched from Maven
# Central, at the quick profile's sizes. Writes a flame graph (HTML) and collapsed stacks per
# workload under bench/results/tmp/profile/, and prints each workload's hottest frames.
#
#   bench/profile.sh                      # every workload, CPU samples
#   EVENT=wall bench/profile.sh OpenBenchmark   # wall-clock samples of one workload
#
# Arguments: a JMH benchmark regex, then extra JMH arguments. Run bench/run.sh (or the
# package command in it) first so that bench/target/benchmarks.jar exists.
set -euo pipefail
cd "$(dirname "$0")/.."

regex="${1:-.*}"
shift || true
event="${EVENT:-cpu}"
version=4.1
tools=bench/results/tmp/async-profiler
out=bench/results/tmp/profile/$event
jar=bench/target/benchmarks.jar

if [ ! -f "$tools/linux-x64/libasyncProfiler.so" ]; then
  mvn -B -q dependency:copy -Dartifact="tools.profiler:async-profiler:$version" -DoutputDirectory="$tools"
  unzip -o -q "$tools/async-profiler-$version.jar" 'linux-x64/*' -d "$tools"
fi
lib="$PWD/$tools/linux-x64/libasyncProfiler.so"
mkdir -p "$out"

java -jar "$jar" "$regex" -p engine=pagekv -p n=100000 -p dataMiB=128 -f 1 -wi 1 -w 1s -i 3 -r 2s "$@" \
  -prof "async:libPath=$lib;event=$event;interval=1000000;output=flamegraph,collapsed;dir=$PWD/$out" \
  | grep -E '^[A-Z][A-Za-z]+\.[a-zA-Z]+ ' || true

for stacks in "$out"/*/collapsed-*.csv; do
  echo "== $stacks"
  python3 bench/hot-frames.py "$stacks"
done
