#!/usr/bin/env bash
# WebSocket fan-out benchmark: the packaged service and a bare Vert.x broadcast server, each driven by
# the same separate load-generator process (src/test/java/io/videojobs/realtime/bench/LoadGenerator.java).
# Usage: src/test/bench/ws-fanout-bench.sh [connections=10000,19000] [jobs=10] [events/s=20] [seconds=20] [writers=32]
# Each server is measured at every socket count of the comma-separated list, opening more sockets between points;
# 19,000 is the most one process holds here (hard limit of 20,000 open files); from one point to the next it prints
# the marginal memory per socket (RSS difference over the sockets added).
# Needs PostgreSQL on 127.0.0.1:5432 (PG_PORT=<port> for another) where the postgres role may connect (it creates the videojobs role when missing);
# uses database $BENCH_DB (default videojobs_bench_ws), which it cleans and migrates. IO_THREADS=<n> sets
# quarkus.http.io-threads of the service; JVM_OPTS (default -Xms256m -Xmx512m -XX:+UseParallelGC) are both servers'
# heap and collector, the same for both; SERVICE_JAVA_OPTS and BARE_JAVA_OPTS add options to one (for example
# -Xlog:gc:file=gc.log or -XX:NativeMemoryTracking=summary, then `jcmd <pid> VM.native_memory summary` during HOLD). WARMUP=<seconds> (default 15) is the
# flat-out warm-up before the measured phases, so both servers are measured JIT-compiled, as in a long-running process.
# MEMORY_ONLY=1 measures memory only (no load phases); HOLD=<seconds> holds the sockets that long at each point, for
# `jcmd <pid> GC.class_histogram` on the server (its pid is printed).
set -euo pipefail
cd "$(dirname "$0")/../../.."

CONNECTIONS=${1:-10000,19000}
JOBS=${2:-10}
RATE=${3:-20}
SECONDS_PER_PHASE=${4:-20}
WRITERS=${5:-32}
BENCH_DB=${BENCH_DB:-videojobs_bench_ws}
PG_PORT=${PG_PORT:-5432}
SECRET=bench-only-secret-for-hs256-tokens-0123456789abcdef
ulimit -n "$(ulimit -Hn)"

psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qtA -v ON_ERROR_STOP=1 -c "do \$\$ begin if not exists
  (select from pg_roles where rolname = 'videojobs') then create role videojobs login password 'videojobs'; end if; end \$\$"
if [ "$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qtA -c "select 1 from pg_database where datname = '$BENCH_DB'" 2>/dev/null)" != "1" ]; then
  psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qtA -c "create database $BENCH_DB owner videojobs" >/dev/null 2>&1 || true
fi

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q package -DskipTests
./mvnw -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
SERVICE_PORT=$(free_port)
BARE_PORT=$(free_port)
pids=()
# Both servers run with the same heap and collector: with G1 for one and ParallelGC for the other, part of the
# memory compared is the collectors' own (G1's remembered sets and its region-wise heap use), not the servers'.
JVM_OPTS=${JVM_OPTS:--Xms256m -Xmx512m -XX:+UseParallelGC}
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

java $JVM_OPTS ${SERVICE_JAVA_OPTS:-} \
  -Dquarkus.http.port="$SERVICE_PORT" \
  -Dquarkus.datasource.username=videojobs -Dquarkus.datasource.password=videojobs \
  -Dquarkus.datasource.reactive.url="postgresql://127.0.0.1:$PG_PORT/$BENCH_DB" \
  -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:$PG_PORT/$BENCH_DB" \
  -Dquarkus.flyway.clean-disabled=false -Dquarkus.flyway.clean-at-start=true \
  -Dquarkus.log.level=WARN ${IO_THREADS:+-Dquarkus.http.io-threads=$IO_THREADS} \
  -Dvideo-jobs.auth.jwt-secret="$SECRET" \
  -Dvideo-jobs.ws.max-connections-per-ip=100000 -Dvideo-jobs.ws.max-connections-per-user=100000 \
  -jar target/quarkus-app/quarkus-run.jar > target/bench-service.log 2>&1 &
SERVICE_PID=$!
pids+=("$SERVICE_PID")
java $JVM_OPTS ${BARE_JAVA_OPTS:-} -cp "$CP" io.videojobs.realtime.bench.BareBroadcastServer "$BARE_PORT" > target/bench-bare.log 2>&1 &
BARE_PID=$!
pids+=("$BARE_PID")

for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$SERVICE_PORT/q/health/ready" >/dev/null && grep -q 'BARE READY' target/bench-bare.log && break
  sleep 0.5
done

echo "== service (pid $SERVICE_PID, port $SERVICE_PORT)"
java -Xmx1g -Dbench.warmup-seconds="${WARMUP:-15}" -Dbench.memory-only="${MEMORY_ONLY:+true}" \
  -Dbench.hold-seconds="${HOLD:-0}" -cp "$CP" io.videojobs.realtime.bench.LoadGenerator service "$SERVICE_PORT" "$SERVICE_PID" \
  "$CONNECTIONS" "$JOBS" "$RATE" "$SECONDS_PER_PHASE" "$WRITERS" "$SECRET" | tee target/bench-service-result.txt
kill "$SERVICE_PID"
echo "== bare Vert.x broadcast server (pid $BARE_PID, port $BARE_PORT)"
java -Xmx1g -Dbench.warmup-seconds="${WARMUP:-15}" -Dbench.memory-only="${MEMORY_ONLY:+true}" \
  -Dbench.hold-seconds="${HOLD:-0}" -cp "$CP" io.videojobs.realtime.bench.LoadGenerator bare "$BARE_PORT" "$BARE_PID" \
  "$CONNECTIONS" "$JOBS" "$RATE" "$SECONDS_PER_PHASE" "$WRITERS" | tee target/bench-bare-result.txt

# Per point: the service against the bare server (the issue-27 targets: memory per socket <= 1.25x, marginal <= 1.5x,
# fixed-rate p99 <= 1.25x, flat-out throughput >= 85 %, flat-out p99 <= 2x)
echo "== service against the bare server"
awk '
  function field(name,   i, kv) { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == name) return kv[2] } return "" }
  $1 == "RESULT" || $1 == "MARGINAL" {
    key = $1 " " field("connections") field("to")
    if (field("mode") == "service") { service[key] = $0; order[++n] = key } else { bare[key] = $0 }
  }
  END {
    for (i = 1; i <= n; i++) {
      key = order[i]
      if (!(key in bare)) continue
      $0 = service[key]; split("", s); for (j = 2; j <= NF; j++) { split($j, kv, "="); s[kv[1]] = kv[2] }
      $0 = bare[key]; split("", b); for (j = 2; j <= NF; j++) { split($j, kv, "="); b[kv[1]] = kv[2] }
      if (key ~ /^MARGINAL/) {
        printf "%d -> %d connections: marginal memory %.1f KiB per connection vs %.1f (%.2fx)\n", s["from"], s["to"],
          s["marginal_kib_per_conn"], b["marginal_kib_per_conn"], s["marginal_kib_per_conn"] / b["marginal_kib_per_conn"]
        continue
      }
      printf "%d connections: RSS %.1f vs %.1f KiB per connection (%.2fx)", s["connections"], s["rss_per_conn_kib"],
        b["rss_per_conn_kib"], s["rss_per_conn_kib"] / b["rss_per_conn_kib"]
      if (s["flat_msgs_per_s"] != "" && b["flat_msgs_per_s"] > 0 && b["fixed_p99_ms"] > 0 && b["flat_p99_ms"] > 0) {
        printf "; fixed-rate p99 %.1f vs %.1f ms (%.2fx); flat out %d vs %d msg/s (%d%%), p99 %.1f vs %.1f ms (%.2fx)",
          s["fixed_p99_ms"], b["fixed_p99_ms"], s["fixed_p99_ms"] / b["fixed_p99_ms"], s["flat_msgs_per_s"],
          b["flat_msgs_per_s"], 100 * s["flat_msgs_per_s"] / b["flat_msgs_per_s"], s["flat_p99_ms"], b["flat_p99_ms"],
          s["flat_p99_ms"] / b["flat_p99_ms"]
      }
      if (s["flat_send_p99_ms"] != "" && b["fixed_send_p99_ms"] > 0 && b["flat_send_p99_ms"] > 0) {
        printf "; from the writer send: fixed-rate p99 %.1f vs %.1f ms (%.2fx), flat-out p99 %.1f vs %.1f ms (%.2fx)",
          s["fixed_send_p99_ms"], b["fixed_send_p99_ms"], s["fixed_send_p99_ms"] / b["fixed_send_p99_ms"],
          s["flat_send_p99_ms"], b["flat_send_p99_ms"], s["flat_send_p99_ms"] / b["flat_send_p99_ms"]
      }
      printf "\n"
    }
  }' target/bench-service-result.txt target/bench-bare-result.txt
