#!/usr/bin/env bash
# What webhooks cost in SQL, on a scratch database: the outbox trigger (webhook_outbox, fired by every job_events
# insert) and the delivery claim (WebhookStore.CLAIM).
#
#   bash src/test/bench/rest/webhook-sql.sh    # ROUNDS=3 DURATION=10 CLIENTS=20 JOBS=200000 BACKLOG=25000
#   git show <commit>:src/main/java/io/videojobs/webhooks/WebhookStore.java > /tmp/WebhookStore.java
#   UPTO=8 STORE=/tmp/WebhookStore.java bash src/test/bench/rest/webhook-sql.sh   # as of an older commit
#   git show <commit>:src/test/bench/rest/pgbench-submit.sql > /tmp/submit.sql     # before V11, whose submission
#   UPTO=9 SUBMIT=/tmp/submit.sql bash src/test/bench/rest/webhook-sql.sh          # statement writes its deliveries
#
# 1. The outbox under load: pgbench runs the REST benchmark's submit statement ($SUBMIT, by default
#    pgbench-submit.sql: one job, its stages, its first event and, since V11, that event's deliveries) in
#    alternating rounds, with
#      none:   no webhook endpoint enabled anywhere,
#      others: 100 enabled endpoints, all of owners that submit nothing here (every event's owner is looked up),
#      owners: one enabled endpoint per submitting owner, subscribed to every event (each submission writes its
#              job.updated delivery),
#    and prints each round's tps and per mode the median and its share of the median without endpoints.
# 2. The trigger's cached plan: PL/pgSQL plans the trigger's statements once per connection, for the transition
#    table of the first batch it sees, and keeps that plan. Then (the submitting owners have the jobs pgbench
#    wrote) in one session it inserts 200 events of owners with an endpoint and then 1, and in another 1 and then
#    200, rolled back, and prints the time of each statement (psql's \timing). Autovacuum is off on the scratch
#    tables, so their statistics are those of the setup, before any endpoint was enabled and before the submitting
#    owners had a job: as for users who registered endpoints and submitted since the last ANALYZE.
# 3. The claim: BACKLOG pending due deliveries spread over the 100 owners' endpoints (and twice as many delivered
#    ones), 31 in flight on 8 endpoints; EXPLAIN ANALYZE of the claim read from $STORE (by default this checkout's
#    WebhookStore.java), three times each with room for 1 and for 32 deliveries, rolled back.
#
# Needs PostgreSQL on 127.0.0.1:5432 where the postgres role may connect; it creates the videojobs role when missing
# and (re)creates the database $DB (videojobs_webhook_sql), migrated with psql from src/main/resources/db/migration
# (up to V$UPTO when set), holding JOBS jobs of other owners so that the jobs table has a realistic size.
set -euo pipefail
cd "$(dirname "$0")"
BENCH_DIR=$(pwd)
ROOT=$(cd ../../../.. && pwd)
MIGRATIONS=$ROOT/src/main/resources/db/migration
STORE=${STORE:-$ROOT/src/main/java/io/videojobs/webhooks/WebhookStore.java}
SUBMIT=${SUBMIT:-$BENCH_DIR/pgbench-submit.sql}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
CLIENTS=${CLIENTS:-20}
JOBS=${JOBS:-200000}
BACKLOG=${BACKLOG:-25000}
DB=${DB:-videojobs_webhook_sql}
UPTO=${UPTO:-}
export PATH="$PATH:/usr/lib/postgresql/15/bin"

psql_admin() { psql -h 127.0.0.1 -U postgres -d postgres -qtA -v ON_ERROR_STOP=1 "$@"; }
psql_bench() { PGOPTIONS='-c client_min_messages=warning' psql -h 127.0.0.1 -U videojobs -d "$DB" -qtA -v ON_ERROR_STOP=1 "$@"; }

echo "== Resetting database $DB"
psql_admin -c "do \$\$ begin if not exists (select from pg_roles where rolname = 'videojobs') then
  create role videojobs login password 'videojobs'; end if; end \$\$"
psql_admin -c "drop database if exists $DB with (force)" -c "create database $DB owner videojobs"
for migration in $(ls "$MIGRATIONS" | sort -V); do
  version=${migration%%__*}
  if [ -n "$UPTO" ] && [ "${version#V}" -gt "$UPTO" ]; then break; fi
  psql_bench -f "$MIGRATIONS/$migration" > /dev/null
  LAST=$migration
done
echo "   migrated up to $LAST"

echo "== $JOBS jobs of other owners, 200 endpoints (disabled)"
psql_bench -c "with job as (
    insert into jobs (id, owner_id, status, options_json, last_seq, created_at, updated_at)
    select gen_random_uuid(), 'seed-' || n % 1000, 'PENDING', '{}', 1, now(), now() from generate_series(1, $JOBS) n
    returning id)
  insert into job_events (job_id, seq, type, payload, created_at)
  select id, 1, 'JOB_UPDATE', '{\"type\":\"JOB_UPDATE\",\"data\":{\"status\":\"PENDING\",\"progress_percent\":0}}', now()
    from job"
psql_bench -c "insert into webhook_endpoints (id, owner_id, url, event_types, enabled, secret, created_at, updated_at)
  select gen_random_uuid(), owner, 'https://hooks.example.com/video-jobs',
         '{job.completed,job.failed,job.cancelled,job.updated,job.stage.updated,job.metadata.updated,job.thumbnail.generated}',
         false, 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', now(), now()
    from (select 'pgbench-' || n from generate_series(1, 100) n
          union all select 'other-' || n from generate_series(1, 100) n) o (owner)"
psql_bench -c "vacuum analyze jobs, job_stages, job_events, webhook_endpoints, webhook_deliveries"
for table in jobs job_stages job_events webhook_endpoints webhook_deliveries; do
  psql_bench -c "alter table $table set (autovacuum_enabled = false)" # the statistics stay those of the setup
done

enable() {
  case "$1" in
    none) psql_bench -c "update webhook_endpoints set enabled = false" ;;
    others) psql_bench -c "update webhook_endpoints set enabled = owner_id like 'other-%'" ;;
    owners) psql_bench -c "update webhook_endpoints set enabled = owner_id like 'pgbench-%'" ;;
  esac
}

events() { # n: a statement inserting n jobs of the pgbench owners and their first events
  echo "with job as (insert into jobs (id, owner_id, status, options_json, last_seq, created_at, updated_at)
    select gen_random_uuid(), 'pgbench-' || (1 + n % 100), 'PENDING', '{}', 1, now(), now()
      from generate_series(1, $1) n returning id)
  insert into job_events (job_id, seq, type, payload, created_at)
  select id, 1, 'JOB_UPDATE', '{\"type\":\"JOB_UPDATE\",\"data\":{\"status\":\"PENDING\",\"progress_percent\":0}}', now() from job;"
}
MODES="none others owners"
declare -A TPS
for round in $(seq 1 "$ROUNDS"); do
  for mode in $MODES; do
    enable "$mode"
    psql_bench -c "truncate webhook_deliveries cascade"
    tps=$(pgbench -n -h 127.0.0.1 -U videojobs -c "$CLIENTS" -j 2 -T "$DURATION" -M prepared \
      -f "$SUBMIT" "$DB" 2>&1 | awk '/^tps/ {printf "%.0f", $3; exit}')
    written=$(psql_bench -c "select count(*) from webhook_deliveries")
    echo "   round $round $(printf '%-7s' "$mode") $tps tps, $written deliveries written"
    TPS[$mode]="${TPS[$mode]:-} $tps"
  done
done

batches() { # first second: the times of the two statements in one session
  printf '\\timing on\nbegin;\n%s\n%s\nrollback;\n' "$(events "$1")" "$(events "$2")" | psql_bench | awk '/^Time:/ && ++n > 1 && n < 4 {printf "%s ms  ", $2}'
}
enable owners
BATCH_200_1=$(batches 200 1)
BATCH_1_200=$(batches 1 200)
echo "== The trigger's cached plan: 200 events then 1: $BATCH_200_1; 1 event then 200: $BATCH_1_200"

echo "== The claim with $BACKLOG pending deliveries"
psql_bench -c "truncate webhook_deliveries cascade" -c "
  insert into webhook_deliveries (endpoint_id, message_id, event_type, job_id, seq, payload, status, attempts,
                                  next_attempt_at, created_at, finished_at)
  select w.id, 'msg_' || md5(w.id::text || ':' || n || ':' || s.k), 'job.updated', gen_random_uuid(), 1,
         '{\"type\":\"job.updated\",\"data\":{}}', s.status, s.attempts, now() - interval '1 hour' + n * interval '1 ms',
         now() - interval '1 hour', s.finished_at
    from webhook_endpoints w, generate_series(1, $BACKLOG / 100) n,
         (values (1, 'PENDING', 0, null::timestamptz), (2, 'SUCCEEDED', 1, now()), (3, 'SUCCEEDED', 1, now()))
           s (k, status, attempts, finished_at)
   where w.enabled" -c "vacuum analyze webhook_deliveries, webhook_endpoints"
CLAIM=$(awk '/String CLAIM = """/ {on = 1; next} on && /""";/ {sub(/""";.*/, ""); print; exit} on {print}' "$STORE")
claim_times() { # room
  printf '%s\n' "select array_agg(id order by id) as busy from (select id from webhook_endpoints where enabled order by id limit 8) e \\gset" \
    "prepare claim (varchar, uuid[], int[], int, int, bigint) as $CLAIM;" \
    "begin;" "explain (analyze, buffers) execute claim ('bench', :'busy', '{4,4,4,4,4,4,4,3}', 4, $1, 60000);" "rollback;" \
    "begin;" "explain (analyze, buffers) execute claim ('bench', :'busy', '{4,4,4,4,4,4,4,3}', 4, $1, 60000);" "rollback;" \
    "begin;" "explain (analyze, buffers) execute claim ('bench', :'busy', '{4,4,4,4,4,4,4,3}', 4, $1, 60000);" "rollback;" \
    | psql_bench | awk '/Execution Time/ {printf "%s ms  ", $3}'
}
CLAIM_1=$(claim_times 1)
CLAIM_32=$(claim_times 32)
PENDING=$(psql_bench -c "select count(*) from webhook_deliveries where status = 'PENDING'")

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
BASE=$(echo "${TPS[none]}" | median)
echo
echo "== Summary: migrated up to $LAST, claim from $STORE, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "the trigger's cached plan, 200 events then 1 in one session: $BATCH_200_1"
echo "                           1 event then 200 in one session:  $BATCH_1_200"
echo "pgbench submit, $ROUNDS rounds of ${DURATION} s, $CLIENTS clients:"
printf '%-8s %-28s %8s %9s\n' "mode" "tps per round" "median" "of none"
for mode in $MODES; do
  m=$(echo "${TPS[$mode]}" | median)
  printf '%-8s %-28s %8.0f %8.0f%%\n' "$mode" "${TPS[$mode]# }" "$m" "$(echo "100 * $m / $BASE" | bc -l)"
done
echo "claim with $PENDING pending (and twice as many delivered), 31 in flight on 8 endpoints:"
echo "  room for 1:  $CLAIM_1"
echo "  room for 32: $CLAIM_32"
