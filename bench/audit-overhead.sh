#!/usr/bin/env bash
# The cost of auditing on writeBatch and writeSync (pagekv only), one forked run per setting of
# pagekv.bench.audit (see io.pagekv.bench.kv.AuditSetting), plus a baseline jar built without
# the audit path (BASELINE_JAR, optional: the same benchmarks from the commit before it).
# Short indicative runs; results in bench/results/audit/SETTING.json, logs in bench/results/tmp.
#
#   bench/audit-overhead.sh [BASELINE_JAR]
set -euo pipefail
cd "$(dirname "$0")/.."
jar=bench/target/benchmarks.jar
out=bench/results/audit
logs=bench/results/tmp
mkdir -p "$out" "$logs"
java_cmd="${JAVA:-java}"
common=(-f 1 -wi 2 -w 1s -i 3 -r 1s -p engine=pagekv -p n=100000 -p valueSize=100 -p dataMiB=128)
benchmarks='WriteSyncBenchmark.writeSync|WriteBatchBenchmark.writeBatch'
run() {
  local name=$1 jarfile=$2 flags=$3
  echo "== $name"
  "$java_cmd" -jar "$jarfile" "$benchmarks" "${common[@]}" -jvmArgsPrepend "$flags" -rf json -rff "$out/$name.json" > "$logs/audit-$name.log" 2>&1
}
if [ $# -ge 1 ]; then
  run baseline "$1" "-Dpagekv.bench.audit=none"
fi
run none "$jar" "-Dpagekv.bench.audit=none"
run noop "$jar" "-Dpagekv.bench.audit=noop"
run jfr "$jar" "-Dpagekv.bench.audit=jfr -XX:StartFlightRecording=settings=default,filename=$logs/audit.jfr"
run log "$jar" "-Dpagekv.bench.audit=log"
run tail "$jar" "-Dpagekv.bench.audit=tail"
