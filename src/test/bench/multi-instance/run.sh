#!/usr/bin/env bash
# Multi-instance fan-out benchmark: 1, then 2, then 4 instances of the packaged service (engine off) on one
# PostgreSQL database, each driven by its own writers (metadata edits, one job per writer): flat out with no socket,
# flat out with WebSocket subscribers to every job on every instance, then at half that rate with the same sockets;
# beside each step, pgbench runs the same write transaction on the same database with as many clients as there are
# writers, the instances paused. It prints each phase (commits/s, answer and delivery times, seq gaps, CPU per commit,
# PostgreSQL's statistics) and a summary with the issue-27 targets for the largest step.
# The load generator is src/test/java/io/videojobs/realtime/bench/MultiInstanceLoadGenerator.java.
#
#   bash src/test/bench/multi-instance/run.sh              # INSTANCES=1,2,4 WRITERS=8 SUBSCRIBERS=1 WARMUP=15 DURATION=20
#   INSTANCES=1,2 WRITERS=2 WARMUP=3 DURATION=5 bash src/test/bench/multi-instance/run.sh    # a quick check that it runs
#
# WRITERS: writers per instance (each its own job); SUBSCRIBERS: sockets per job on each instance; PACED_RATE: edits/s
# in all in the third phase (default half the second phase's rate, a fixed one compares two builds); SKIP_BUILD=1 reuses
# target/quarkus-app, APP_DIR=<dir> runs another build's quarkus-app (for a before/after pair); OUT=<dir> keeps the
# instances' and PostgreSQL's logs and the results, else a temporary directory;
# SERVICE_JAVA_OPTS (default -Xms256m -Xmx512m -XX:+UseParallelGC) and any -D in SERVICE_PROPS reach every instance;
# PG_OPTS adds server settings (for example "-c synchronous_commit=off").
# PostgreSQL: a private cluster of the machine's PostgreSQL 15 (/usr/lib/postgresql/15/bin, as on CI), made with
# initdb's defaults (those of the machine's server) except max_connections=300 (four instances hold up to 27
# connections each, pgbench 32 more) and pg_stat_statements loaded, on a free port, deleted at the end: the
# NOTIFY queue, its lock and the WAL are the server's, so a private one keeps other databases' traffic out of them.
set -euo pipefail
cd "$(dirname "$0")"
BENCH_DIR=$(pwd)
ROOT=$(cd ../../../.. && pwd)
INSTANCES=${INSTANCES:-1,2,4}
WRITERS=${WRITERS:-8}
SUBSCRIBERS=${SUBSCRIBERS:-1}
WARMUP=${WARMUP:-15}
DURATION=${DURATION:-20}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
DB=videojobs_instances
SECRET=bench-only-secret-for-hs256-tokens-0123456789abcdef
if [ -n "${OUT:-}" ]; then WORK=$(mkdir -p "$OUT" && cd "$OUT" && pwd); else WORK=$(mktemp -d); fi
PGWORK=$(mktemp -d /tmp/multi-instance-pg.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -CONT "$pid" 2>/dev/null || true; kill "$pid" 2>/dev/null || true; done
  as_postgres "$PGBIN/pg_ctl" -D "$PGWORK/data" -m immediate stop >/dev/null 2>&1 || true
  cp "$PGWORK/postgres.log" "$WORK/" 2>/dev/null || true
  rm -rf "$PGWORK"
  [ -n "${OUT:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 143' TERM INT
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

if [ -z "${SKIP_BUILD:-}" ]; then
  echo "== Building the app"
  (cd "$ROOT" && ./mvnw -q -B package -DskipTests)
fi
(cd "$ROOT" && ./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
  -Dmdep.includeScope=test)
CP="$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$ROOT/target/bench-classpath.txt")"

echo "== Private PostgreSQL"
PG_PORT=$(free_port)
[ "$(id -u)" = 0 ] && chown postgres "$PGWORK"
as_postgres "$PGBIN/initdb" -D "$PGWORK/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
PG_SETTINGS="-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$PGWORK -c max_connections=300"
PG_SETTINGS+=" -c shared_preload_libraries=pg_stat_statements ${PG_OPTS:-}"
as_postgres "$PGBIN/pg_ctl" -D "$PGWORK/data" -l "$PGWORK/postgres.log" -w -o "$PG_SETTINGS" start >/dev/null
psql_admin() { "$PGBIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qtA -v ON_ERROR_STOP=1 "$@"; }
psql_admin -d postgres -c "create role videojobs login password 'videojobs'" -c "create database $DB owner videojobs"
psql_admin -d "$DB" -c "create extension pg_stat_statements"
echo "PostgreSQL $(psql_admin -d postgres -c 'show server_version') on port $PG_PORT"

PORTS=()
start_instance() { # index
  local port; port=$(free_port)
  java ${SERVICE_JAVA_OPTS:--Xms256m -Xmx512m -XX:+UseParallelGC} \
    -Dquarkus.http.port="$port" \
    -Dquarkus.datasource.username=videojobs -Dquarkus.datasource.password=videojobs \
    -Dquarkus.datasource.reactive.url="postgresql://127.0.0.1:$PG_PORT/$DB" \
    -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:$PG_PORT/$DB" \
    -Dvideo-jobs.engine.enabled=false -Dvideo-jobs.auth.jwt-secret="$SECRET" \
    -Dvideo-jobs.ws.max-connections-per-ip=100000 -Dvideo-jobs.ws.max-connections-per-user=100000 \
    ${SERVICE_PROPS:-} -jar "${APP_DIR:-$ROOT/target/quarkus-app}/quarkus-run.jar" > "$WORK/instance-$1.log" 2>&1 &
  PIDS+=("$!")
  PORTS+=("$port")
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$port/q/health/ready" >/dev/null && return; sleep 0.5; done
  echo "instance $1 did not get ready; its log:"; cat "$WORK/instance-$1.log"; exit 1
}

echo "== $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), commit $(git -C "$ROOT" rev-parse --short HEAD)"
IFS=, read -ra STEPS <<< "$INSTANCES"
for n in "${STEPS[@]}"; do
  while [ "${#PORTS[@]}" -lt "$n" ]; do
    echo "== Starting instance $(( ${#PORTS[@]} + 1 ))"
    start_instance "$(( ${#PORTS[@]} + 1 ))"
  done
  echo "== $n instance(s), load average $(cut -d' ' -f1-3 /proc/loadavg), $WRITERS writers each: warm-up $WARMUP s, $DURATION s with no socket, $DURATION s" \
    "with $SUBSCRIBERS socket(s) per job on every instance, then pgbench $DURATION s"
  java -Xms128m -Xmx512m -XX:+UseParallelGC -Dbench.ports="$(IFS=,; echo "${PORTS[*]:0:$n}")" \
    -Dbench.pids="$(IFS=,; echo "${PIDS[*]:0:$n}")" -Dbench.postmaster="$(head -1 "$PGWORK/data/postmaster.pid")" \
    -Dbench.jdbc="jdbc:postgresql://127.0.0.1:$PG_PORT/$DB?user=postgres&ApplicationName=bench-statistics" \
    -Dbench.pgbench="$PGBIN/pgbench -n -h 127.0.0.1 -p $PG_PORT -U videojobs -j 2 -M prepared -D fetched=0 -f $BENCH_DIR/pgbench-edit.sql $DB" \
    -Dbench.writers="$WRITERS" -Dbench.subscribers="$SUBSCRIBERS" -Dbench.warmup="$WARMUP" \
    -Dbench.seconds="$DURATION" -Dbench.secret="$SECRET" -Dbench.paced-rate="${PACED_RATE:-0}" \
    -cp "$CP" io.videojobs.realtime.bench.MultiInstanceLoadGenerator | tee -a "$WORK/results.txt"
done

# PostgreSQL's ceiling for NOTIFY transactions: every notifying transaction of the server takes one lock at commit
# and holds it until its commit is flushed, so they commit one at a time. Measured with the instances stopped, with
# the server's synchronous_commit (on) and with synchronous_commit=off for the notifying sessions.
for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
wait "${PIDS[@]}" 2>/dev/null || true
PIDS=()
for sync in on off; do
  PGOPTIONS="-c synchronous_commit=$sync" "$PGBIN/pgbench" -n -h 127.0.0.1 -p "$PG_PORT" -U videojobs -c 8 -j 2 \
    -T "$(( DURATION / 2 ))" -M prepared -f "$BENCH_DIR/pgbench-notify.sql" "$DB" > "$WORK/pgbench-notify-$sync.txt" 2>&1
  tps=$(awk '/^tps/ {print $3; exit}' "$WORK/pgbench-notify-$sync.txt")
  latency=$(awk '/^latency average/ {print $4; exit}' "$WORK/pgbench-notify-$sync.txt")
  echo "[NOTIFY ceiling] synchronous_commit=$sync, 8 clients: $tps NOTIFY transactions/s, latency average $latency ms" \
    | tee -a "$WORK/results.txt"
  echo "RESULT phase=notify synchronous_commit=$sync tps=$tps" >> "$WORK/results.txt"
done

echo
echo "== Summary, load average now $(cut -d' ' -f1-3 /proc/loadavg): event commits per second over all instances with no" \
  "socket and with sockets (per instance in brackets), against pgbench's tps for the same transaction"
awk '
  function f(name,   i, kv) { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == name) return kv[2] } return "" }
  $1 == "RESULT" && f("phase") == "alone" { alone[f("instances")] = f("commits_per_s") }
  $1 == "RESULT" && f("phase") == "paced" { paced[f("instances")] = f("commits_per_s") " " f("delivery_p99_ms") " " f("gaps") + f("duplicates") + f("missing") }
  $1 == "RESULT" && f("phase") == "watched" {
    n = f("instances"); order[++count] = n; watched[n] = $0
  }
  $1 == "RESULT" && f("phase") == "pgbench" { pgbench[f("instances")] = $0 }
  $1 == "RESULT" && f("phase") == "notify" { notify[f("synchronous_commit")] = f("tps") }
  END {
    printf "%-9s %9s %19s %11s %8s %10s %11s %18s %16s %18s %17s %14s %22s\n", "instances", "no socket", "with sockets",
      "pgbench tps", "of tps", "answer p99", "pgbench p99", "p99 commit->socket", "gaps/dup/missing", "NOTIFY waits, tx/s",
      "CPU/commit svc+pg", "pgbench pg CPU", "half rate: p99, lost"
    for (i = 1; i <= count; i++) {
      n = order[i]; $0 = pgbench[n]; tps = f("tps"); pgp99 = f("p99_ms"); pgcpu = f("cpu_pg_ms")
      $0 = watched[n]
      share = tps > 0 ? 100 * f("commits_per_s") / tps : 0
      lost = f("gaps") + f("duplicates") + f("missing")
      split(paced[n], half, " ")
      printf "%-9s %9.0f %7.0f (%-10s) %11.0f %7.0f%% %7.1f ms %8.1f ms %15.1f ms %16s %11s, %4d/s %8.2f+%.2f ms %11.2f ms %5.0f/s %6.1f ms, %d\n",
        n, alone[n], f("commits_per_s"), f("per_instance"), tps, share, f("answer_p99_ms"), pgp99, f("delivery_p99_ms"),
        f("gaps") "/" f("duplicates") "/" f("missing"), f("notify_waiting"), f("notify_tx_per_s"), f("cpu_service_ms"), f("cpu_pg_ms"), pgcpu,
        half[1], half[2], half[3]
      last = n; lastShare = share; lastLost = lost; lastP99 = f("delivery_p99_ms")
    }
    if (notify["on"] != "") {
      printf "NOTIFY transactions PostgreSQL commits per second (8 clients, no other load): %.0f with synchronous_commit=on, %.0f with off\n",
        notify["on"], notify["off"]
    }
    if (count > 0) {
      printf "%s  %s instances: commits/s %.0f %% of pgbench (>= 70 %%)\n", lastShare >= 70 ? "PASS" : "FAIL", last, lastShare
      printf "%s  %s instances: every socket got every event (gaps/duplicates/missing %d)\n", lastLost == 0 ? "PASS" : "FAIL", last, lastLost
      printf "%s  %s instances: p99 commit->socket %.1f ms flat out (<= 100 ms)\n", lastP99 <= 100 ? "PASS" : "FAIL", last, lastP99
      split(paced[last], half, " ")
      printf "%s  %s instances: p99 commit->socket %.1f ms at half that rate (<= 100 ms), %d lost\n",
        half[2] <= 100 && half[3] == 0 ? "PASS" : "FAIL", last, half[2], half[3]
    }
  }' "$WORK/results.txt"
