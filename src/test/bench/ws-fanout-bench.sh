#!/usr/bin/env bash
# WebSocket fan-out benchmark: the packaged service and a bare Vert.x broadcast server, each driven by
# the same separate load-generator process (src/test/java/io/videojobs/realtime/bench/LoadGenerator.java).
# Usage: src/test/bench/ws-fanout-bench.sh [connections=10000] [jobs=10] [events/s=20] [seconds=20] [writers=32]
# Needs PostgreSQL on 127.0.0.1:5432 where the postgres role may connect (it creates the videojobs role when missing);
# uses database $BENCH_DB (default videojobs_bench_ws), which it cleans and migrates. IO_THREADS=<n> sets
# quarkus.http.io-threads of the service; SERVICE_JAVA_OPTS adds JVM options to it (for example -Xlog:gc:file=gc.log). WARMUP=<seconds> (default 15) is the
# flat-out warm-up before the measured phases, so both servers are measured JIT-compiled, as in a long-running process.
set -euo pipefail
cd "$(dirname "$0")/../../.."

CONNECTIONS=${1:-10000}
JOBS=${2:-10}
RATE=${3:-20}
SECONDS_PER_PHASE=${4:-20}
WRITERS=${5:-32}
BENCH_DB=${BENCH_DB:-videojobs_bench_ws}
SECRET=bench-only-secret-for-hs256-tokens-0123456789abcdef
ulimit -n "$(ulimit -Hn)"

psql -h 127.0.0.1 -U postgres -d postgres -qtA -v ON_ERROR_STOP=1 -c "do \$\$ begin if not exists
  (select from pg_roles where rolname = 'videojobs') then create role videojobs login password 'videojobs'; end if; end \$\$"
if [ "$(psql -h 127.0.0.1 -U postgres -d postgres -qtA -c "select 1 from pg_database where datname = '$BENCH_DB'" 2>/dev/null)" != "1" ]; then
  psql -h 127.0.0.1 -U postgres -d postgres -qtA -c "create database $BENCH_DB owner videojobs" >/dev/null 2>&1 || true
fi

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q package -DskipTests
./mvnw -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
SERVICE_PORT=$(free_port)
BARE_PORT=$(free_port)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

java -Xms256m -Xmx512m -XX:+UseParallelGC ${SERVICE_JAVA_OPTS:-} \
  -Dquarkus.http.port="$SERVICE_PORT" \
  -Dquarkus.datasource.username=videojobs -Dquarkus.datasource.password=videojobs \
  -Dquarkus.datasource.reactive.url="postgresql://127.0.0.1:5432/$BENCH_DB" \
  -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:5432/$BENCH_DB" \
  -Dquarkus.flyway.clean-disabled=false -Dquarkus.flyway.clean-at-start=true \
  -Dquarkus.log.level=WARN ${IO_THREADS:+-Dquarkus.http.io-threads=$IO_THREADS} \
  -Dvideo-jobs.auth.jwt-secret="$SECRET" \
  -Dvideo-jobs.ws.max-connections-per-ip=100000 -Dvideo-jobs.ws.max-connections-per-user=100000 \
  -jar target/quarkus-app/quarkus-run.jar > target/bench-service.log 2>&1 &
SERVICE_PID=$!
pids+=("$SERVICE_PID")
java -Xms256m -Xmx512m -cp "$CP" io.videojobs.realtime.bench.BareBroadcastServer "$BARE_PORT" > target/bench-bare.log 2>&1 &
BARE_PID=$!
pids+=("$BARE_PID")

for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$SERVICE_PORT/q/health/ready" >/dev/null && grep -q 'BARE READY' target/bench-bare.log && break
  sleep 0.5
done

echo "== service (pid $SERVICE_PID, port $SERVICE_PORT)"
java -Xmx1g -Dbench.warmup-seconds="${WARMUP:-15}" -cp "$CP" io.videojobs.realtime.bench.LoadGenerator service "$SERVICE_PORT" "$SERVICE_PID" \
  "$CONNECTIONS" "$JOBS" "$RATE" "$SECONDS_PER_PHASE" "$WRITERS" "$SECRET" | tee target/bench-service-result.txt
kill "$SERVICE_PID"
echo "== bare Vert.x broadcast server (pid $BARE_PID, port $BARE_PORT)"
java -Xmx1g -Dbench.warmup-seconds="${WARMUP:-15}" -cp "$CP" io.videojobs.realtime.bench.LoadGenerator bare "$BARE_PORT" "$BARE_PID" \
  "$CONNECTIONS" "$JOBS" "$RATE" "$SECONDS_PER_PHASE" "$WRITERS" | tee target/bench-bare-result.txt

service_flat=$(grep -o 'flat_msgs_per_s=[0-9]*' target/bench-service-result.txt | cut -d= -f2)
bare_flat=$(grep -o 'flat_msgs_per_s=[0-9]*' target/bench-bare-result.txt | cut -d= -f2)
echo "== service flat-out throughput is $(( 100 * service_flat / bare_flat ))% of the bare server's ($service_flat vs $bare_flat msg/s)"
