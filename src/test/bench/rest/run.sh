#!/usr/bin/env bash
# REST benchmark for video-jobs: POST /api/jobs and GET /api/jobs/{id} throughput and latency, measured by wrk
# in a separate process against the packaged app, next to pgbench ceilings for the same SQL statements.
#
#   bash src/test/bench/rest/run.sh            # DURATION=20 WARMUP=30 CONNECTIONS=32 by default
#   ENGINE=enabled bash src/test/bench/rest/run.sh    # with the processing engine on, as in production
#   WEBHOOK=1 bash src/test/bench/rest/run.sh         # every bench user owns a webhook endpoint for every event type
#
# Needs PostgreSQL on 127.0.0.1:5432 where the postgres role may connect; it creates the videojobs role when
# missing. It builds the app (SKIP_BUILD=1 reuses target/quarkus-app), (re)creates the database $DB
# (videojobs_bench), runs the app with the prod profile on $PORT (18080), measures each phase and right after it,
# with the app paused, its pgbench ceiling, and prints one summary table at the end, with the two pass criteria:
# POST p99 at most 3x the pgbench submit p99, and POST throughput at least 70 % of the pgbench submit ceiling.
# OUT=<dir> keeps the app log and the raw wrk/pgbench output there; any QUARKUS_*/VIDEO_JOBS_* variable and
# JAVA_OPTS (e.g. a -XX:StartFlightRecording) reach the app. STARTUP_TIMEOUT (300 s) bounds the wait for readiness.
# WEBHOOK=1 starts a receiver on a free loopback port (WebhookReceiver.java: 204 at once, counts) and has each of the
# 100 bench users register one endpoint there subscribed to every event type, so that every submission writes its
# deliveries in its transaction and the app delivers them while it is measured; the pgbench ceilings' owners get the
# same endpoint, so that their statement writes the same deliveries. It prints the deliveries made at the end.
set -euo pipefail
cd "$(dirname "$0")"
BENCH_DIR=$(pwd)
ROOT=$(cd ../../../.. && pwd)
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-30} # seconds of load before each measurement: C2 needs them to compile the hot paths on 2 cores
CONNECTIONS=${CONNECTIONS:-32}
WRK_THREADS=${WRK_THREADS:-1}
PORT=${PORT:-18080}
DB=${DB:-videojobs_bench}
ENGINE=${ENGINE:-disabled} # disabled: submissions stay PENDING; enabled: the engine claims (and fails) them
WEBHOOK=${WEBHOOK:-}
SECRET=bench-only-secret-for-hs256-tokens-0123456789abcdef
ISSUER=https://bench.supabase.co/auth/v1
case "$ENGINE" in enabled | disabled) ;; *) echo "ENGINE must be enabled or disabled" >&2; exit 2 ;; esac
if [ -n "${OUT:-}" ]; then
  WORK=$(mkdir -p "$OUT" && cd "$OUT" && pwd)
  trap 'kill "${RECEIVER_PID:-}" 2>/dev/null || true; kill -CONT "${APP_PID:-}" 2>/dev/null || true; kill "${APP_PID:-}" 2>/dev/null || true' EXIT
else
  WORK=$(mktemp -d)
  trap 'kill "${RECEIVER_PID:-}" 2>/dev/null || true; kill -CONT "${APP_PID:-}" 2>/dev/null || true; kill "${APP_PID:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
fi
export PATH="$PATH:/usr/lib/postgresql/15/bin"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
command -v pgbench >/dev/null || { apt-get update -qq && apt-get install -y -qq postgresql-client >/dev/null; }

psql_admin() { psql -h 127.0.0.1 -U postgres -d postgres -qtA -v ON_ERROR_STOP=1 "$@"; }
psql_bench() { psql -h 127.0.0.1 -U videojobs -d "$DB" -qtA -v ON_ERROR_STOP=1 "$@"; }

if [ -z "${SKIP_BUILD:-}" ]; then
  echo "== Building the app"
  (cd "$ROOT" && ./mvnw -q -B package -DskipTests)
fi

echo "== Resetting database $DB"
psql_admin -c "do \$\$ begin if not exists (select from pg_roles where rolname = 'videojobs') then
  create role videojobs login password 'videojobs'; end if; end \$\$"
psql_admin -c "drop database if exists $DB with (force)" -c "create database $DB owner videojobs"

if [ -n "$WEBHOOK" ]; then
  RECEIVER_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  echo "== Starting the webhook receiver on 127.0.0.1:$RECEIVER_PORT"
  java -Xmx64m "$BENCH_DIR/WebhookReceiver.java" "$RECEIVER_PORT" > "$WORK/receiver.log" 2>&1 &
  RECEIVER_PID=$!
  export VIDEO_JOBS_WEBHOOKS_ALLOWED_HOSTS=127.0.0.1 # the receiver is on loopback, which the app refuses by default
fi

echo "== Starting the app on :$PORT"
QUARKUS_PROFILE=prod \
QUARKUS_HTTP_PORT=$PORT \
QUARKUS_DATASOURCE_USERNAME=videojobs QUARKUS_DATASOURCE_PASSWORD=videojobs \
QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://127.0.0.1:5432/$DB \
QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$DB \
VIDEO_JOBS_AUTH_JWT_SECRET=$SECRET VIDEO_JOBS_AUTH_ISSUER=$ISSUER \
VIDEO_JOBS_API_SUBMISSION_BURST=1000000000 VIDEO_JOBS_API_SUBMISSIONS_PER_SECOND=1000000000 \
VIDEO_JOBS_ENGINE_ENABLED=$([ "$ENGINE" = enabled ] && echo true || echo false) \
  java ${JAVA_OPTS:--Xmx512m} -jar "$ROOT/target/quarkus-app/quarkus-run.jar" > "$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 "${STARTUP_TIMEOUT:-300}"); do curl -sf "localhost:$PORT/q/health/ready" >/dev/null && break; sleep 1; done
curl -sf "localhost:$PORT/q/health/ready" >/dev/null || { cat "$WORK/app.log"; exit 1; }
READY_AT=$(date +%s)
since_ready() { echo "+$(( $(date +%s) - READY_AT )) s"; }

b64url() { openssl base64 -e -A | tr '+/' '-_' | tr -d '='; }
token() {
  local header payload signature
  header=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)
  payload=$(printf '{"sub":"%s","iss":"%s","aud":"authenticated","groups":["authenticated"],"iat":%d,"exp":%d}' \
    "$1" "$ISSUER" "$(date +%s)" "$(( $(date +%s) + 7200 ))" | b64url)
  signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -hmac "$SECRET" -binary | b64url)
  printf '%s.%s.%s' "$header" "$payload" "$signature"
}
for i in $(seq 0 99); do printf 'bench-%d %s\n' "$i" "$(token "bench-$i")"; done > "$WORK/owners.txt"
cut -d' ' -f2 "$WORK/owners.txt" > "$WORK/tokens.txt"

if [ -n "$WEBHOOK" ]; then
  for _ in $(seq 1 60); do curl -sf "127.0.0.1:$RECEIVER_PORT/count" >/dev/null && break; sleep 1; done
  echo "== Registering one webhook endpoint per bench user, subscribed to every event type"
  EVENT_TYPES='["job.completed","job.failed","job.cancelled","job.updated","job.stage.updated","job.metadata.updated","job.thumbnail.generated"]'
  while read -r _ tok; do
    curl -sf -o /dev/null -X POST "localhost:$PORT/api/webhooks" -H "Authorization: Bearer $tok" \
      -H 'Content-Type: application/json' -d "{\"url\":\"http://127.0.0.1:$RECEIVER_PORT/hook\",\"event_types\":$EVENT_TYPES}"
  done < "$WORK/owners.txt"
  psql_bench -c "insert into webhook_endpoints (id, owner_id, url, event_types, enabled, secret, created_at, updated_at)
    select gen_random_uuid(), 'pgbench-' || n, url, event_types, true, secret, now(), now()
      from webhook_endpoints, generate_series(1, 100) n where owner_id = 'bench-0'"
  echo "   $(psql_bench -c "select count(*) from webhook_endpoints") endpoints"
fi

run_wrk() { # name script arg duration
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$4"s --latency -s "$BENCH_DIR/$2" "http://localhost:$PORT" -- "$3" \
    > "$WORK/$1.txt" 2> "$WORK/$1.err" || true
  if [ -s "$WORK/$1.err" ]; then echo "   $(sort "$WORK/$1.err" | uniq -c | head -3)"; fi
}
rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
pct() { awk -v p="$2%" '$1 == p {print $2}' "$1"; }

pgbench_run() { # name script extra-args
  rm -f "$WORK"/pg_"$1"*
  pgbench -n -h 127.0.0.1 -U videojobs -c 20 -j 2 -T "$DURATION" -M prepared -l --log-prefix="$WORK/pg_$1" \
    -f "$BENCH_DIR/$2" ${3:-} "$DB" > "$WORK/$1.txt" 2>&1
  cat "$WORK"/pg_"$1".* | awk '{print $3}' | sort -n > "$WORK/$1.lat"
}
pg_tps() { awk '/^tps/ {print $3; exit}' "$1"; }
pg_pct() { local n; n=$(wc -l < "$1"); awk -v n="$n" -v p="$2" 'NR == int(n * p / 100) {printf "%.2fms", $1 / 1000}' "$1"; }
# Each pgbench ceiling is measured right after the app's phase it bounds, on the same tables and the same two
# cores, with the app paused (SIGSTOP) so that it takes no CPU, rather than minutes later: this VM's throughput
# drifts by a quarter between minutes, which made ceilings measured apart from their phase swing from run to run.
ceiling() { # name script extra-args
  kill -STOP "$APP_PID"
  pgbench_run "$@"
  kill -CONT "$APP_PID"
}

echo "== POST /api/jobs: warm-up ${WARMUP} s, then ${DURATION} s with $CONNECTIONS connections, then its pgbench ceiling"
run_wrk post-warmup submit.lua "$WORK/tokens.txt" "$WARMUP"
POST_FROM=$(since_ready)
run_wrk post submit.lua "$WORK/tokens.txt" "$DURATION"
POST_TO=$(since_ready)
cat "$WORK/post.txt"
ceiling pg-post pgbench-submit.sql

psql_bench -c "select id || ' ' || owner_id from jobs where owner_id like 'bench-%' order by random() limit 20000" \
  > "$WORK/ids.txt"
awk 'NR==FNR {tok[$1]=$2; next} {print $1, tok[$2]}' "$WORK/owners.txt" "$WORK/ids.txt" > "$WORK/jobs.txt"
psql_bench -c "drop table if exists bench_job_ids" \
  -c "create table bench_job_ids as select row_number() over () as n, id from jobs" \
  -c "create unique index on bench_job_ids (n)"
JOBS=$(psql_bench -c "select count(*) from bench_job_ids")

echo "== GET /api/jobs/{id}: warm-up ${WARMUP} s, then ${DURATION} s with $CONNECTIONS connections, then its pgbench ceiling"
run_wrk get-warmup get.lua "$WORK/jobs.txt" "$WARMUP"
GET_FROM=$(since_ready)
run_wrk get get.lua "$WORK/jobs.txt" "$DURATION"
GET_TO=$(since_ready)
cat "$WORK/get.txt"
ceiling pg-get pgbench-get.sql "-D jobs=$JOBS"
RSS_KB=$(awk '/VmRSS/ {print $2}' "/proc/$APP_PID/status")
if [ -n "$WEBHOOK" ]; then
  DELIVERIES=$(psql_bench -F' ' -c "select count(*), count(*) filter (where status = 'SUCCEEDED'),
    count(*) filter (where status = 'PENDING'), count(*) filter (where status = 'FAILED') from webhook_deliveries")
  RECEIVED=$(curl -sf "127.0.0.1:$RECEIVER_PORT/count")
fi
kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=

ms() { awk '{v = $1; if (v ~ /us$/) m = v / 1000; else if (v ~ /ms$/) m = v + 0; else if (v ~ /m$/) m = v * 60000; else m = v * 1000; printf "%.2f", m}'; }
wrk_ms() { pct "$1" "$2" | ms; }                                     # a wrk percentile in ms
wrk_max_ms() { awk '$1 == "Latency" {print $4; exit}' "$1" | ms; }   # the slowest request in ms
pg_ms() { pg_pct "$1" "$2" | tr -d 'ms'; }                          # a pgbench percentile in ms
row() { # name rps p50 p99 max pg-tps pg-p99
  printf '%-20s %9.0f %9.2f %9.2f %9.2f %11.0f %10.2f %8.0f%% %8.1fx\n' "$1" "$2" "$3" "$4" "$5" "$6" "$7" \
    "$(echo "100 * $2 / $6" | bc -l)" "$(echo "$4 / $7" | bc -l)"
}

POST_RPS=$(rps "$WORK/post.txt"); GET_RPS=$(rps "$WORK/get.txt")
PG_POST=$(pg_tps "$WORK/pg-post.txt"); PG_GET=$(pg_tps "$WORK/pg-get.txt")
POST_P99=$(wrk_ms "$WORK/post.txt" 99); PG_POST_P99=$(pg_ms "$WORK/pg-post.lat" 99)
echo
echo "== Summary: engine $ENGINE, ${DURATION} s after ${WARMUP} s warm-up, $CONNECTIONS HTTP connections," \
  "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), app RSS $((RSS_KB / 1024)) MiB, commit $(git -C "$ROOT" rev-parse --short HEAD)"
printf '%-20s %9s %9s %9s %9s %11s %10s %9s %9s\n' "operation" "req/s" "p50 ms" "p99 ms" "max ms" \
  "pgbench tps" "pg p99 ms" "of tps" "p99 x pg"
row "POST /api/jobs" "$POST_RPS" "$(wrk_ms "$WORK/post.txt" 50)" "$POST_P99" "$(wrk_max_ms "$WORK/post.txt")" \
  "$PG_POST" "$PG_POST_P99"
row "GET /api/jobs/{id}" "$GET_RPS" "$(wrk_ms "$WORK/get.txt" 50)" "$(wrk_ms "$WORK/get.txt" 99)" \
  "$(wrk_max_ms "$WORK/get.txt")" "$PG_GET" "$(pg_ms "$WORK/pg-get.lat" 99)"
printf '%-20s %9.0f %9.2f %9.2f\n' "pgbench submit" "$PG_POST" "$(pg_ms "$WORK/pg-post.lat" 50)" "$PG_POST_P99"
printf '%-20s %9.0f %9.2f %9.2f\n' "pgbench get" "$PG_GET" "$(pg_ms "$WORK/pg-get.lat" 50)" "$(pg_ms "$WORK/pg-get.lat" 99)"
echo "POST measured from $POST_FROM to $POST_TO after the app was ready, GET from $GET_FROM to $GET_TO"
if [ -n "$WEBHOOK" ]; then
  read -r WRITTEN SUCCEEDED PENDING FAILED <<< "$DELIVERIES"
  echo "Webhooks: $WRITTEN deliveries written, $SUCCEEDED delivered ($RECEIVED received by the receiver)," \
    "$PENDING still pending and $FAILED failed when the app stopped"
fi
verdict() { if [ "$(echo "$2" | bc -l)" = 1 ]; then echo "PASS  $1"; else echo "FAIL  $1"; fi; }
verdict "POST p99 $POST_P99 ms <= 3 x pgbench submit p99 $PG_POST_P99 ms" "$POST_P99 <= 3 * $PG_POST_P99"
verdict "POST $POST_RPS req/s >= 70 % of pgbench submit $PG_POST tps" "$POST_RPS >= 0.7 * $PG_POST"
