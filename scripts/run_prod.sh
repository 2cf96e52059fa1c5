#!/usr/bin/env bash
# `make run-prod`: the production profile on this machine. PostgreSQL (tracker store, bookings,
# console), Redis (lock store), two Rasa replicas behind nginx (rate limit, body size limit),
# the action server, the calendar links (through nginx), the widget page and the console, all
# on loopback. The same code as
# `make run`; only configuration differs (deploy/prod.env, deploy/endpoints.prod.yml).
# The Python services run under supervisors (deploy/supervisor.py, FG_SUPERVISE in prod.env) that
# restart any that dies and log it; each Rasa replica has a warm spare that takes its port at once.
# Ctrl-C (or SIGTERM) stops everything it started. PROD_DIR holds data, logs and PID files.
set -euo pipefail
cd "$(dirname "$0")/.."
set -a
# shellcheck disable=SC1091
source "${PROD_ENV:-deploy/prod.env}"
set +a
source scripts/env.sh
PROD_DIR=${PROD_DIR:-$PWD/var/prod}
export PID_DIR=$PROD_DIR/pids LOG_DIR=$PROD_DIR/log RUN_DIR=$PROD_DIR/run
mkdir -p "$PID_DIR" "$LOG_DIR" "$RUN_DIR"
source scripts/services.sh

pg_url() { echo "postgresql://$PG_USER${PG_PASSWORD:+:$PG_PASSWORD}@$PG_HOST:$PG_PORT/$1"; }
export BOOKING_DB_URL=${BOOKING_DB_URL:-$(pg_url "$PG_BOOKING_DB")}
export CONSOLE_TRACKER_DB_URL=${CONSOLE_TRACKER_DB_URL:-$(pg_url "$PG_RASA_DB")}
export CONSOLE_DB_URL=${CONSOLE_DB_URL:-$(pg_url "$PG_CONSOLE_DB")}

stop_postgres() {
    PG_KEEP_DATA=${PG_KEEP_DATA-1} bash scripts/ensure_postgres.sh stop "$PROD_DIR/pg" >/dev/null 2>&1 || true
}
stop_all() { stop_services; stop_postgres; }
trap 'echo; echo "Stopping..."; stop_all; exit 0' INT TERM
trap stop_all EXIT

start_postgres() {
    PG_DATABASES="$PG_RASA_DB $PG_BOOKING_DB $PG_CONSOLE_DB" PG_FSYNC=${PG_FSYNC:-on} \
        bash scripts/ensure_postgres.sh start "$PROD_DIR/pg" > "$LOG_DIR/postgres-start.log"
}

start_redis() {
    bash scripts/ensure_debian.sh redis-server redis-server
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
        --dir "$RUN_DIR" --logfile "$LOG_DIR/redis.log" &
    record_pid redis $!
}

start_nginx() {
    bash scripts/ensure_debian.sh nginx nginx-light
    local servers="" port
    # A replica is skipped for 5 s after 3 failures, not 1: with two replicas, one failure on
    # each (the killed one, and any one slow or failed reply on the other) left nginx with no
    # replica at all, and every family got a 502 for 5 s. A refused connection costs nothing
    # here: nginx retries the request on the other replica at once.
    for port in $RASA_REPLICA_PORTS; do
        servers+="server 127.0.0.1:$port max_fails=3 fail_timeout=5s; "
    done
    UPSTREAM_SERVERS=$servers envsubst \
        '${RUN_DIR} ${RASA_PORT} ${CALENDAR_PORT} ${CHAT_RATE} ${CHAT_BURST} ${CHAT_MAX_BODY} ${UPSTREAM_SERVERS}' \
        < deploy/nginx.conf.template > "$RUN_DIR/nginx.conf"
    nginx -t -q -c "$RUN_DIR/nginx.conf" -p "$RUN_DIR"
    nginx -c "$RUN_DIR/nginx.conf" -p "$RUN_DIR" -g 'daemon off;' &
    record_pid nginx $!
}

start=$(date +%s)
start_postgres
start_redis
start_action_server
start_calendar
for port in $RASA_REPLICA_PORTS; do
    RASA_PORT=$port ENDPOINTS=deploy/endpoints.prod.yml start_rasa
done
start_nginx
if declare -F start_widget_server >/dev/null; then start_widget_server; fi
if declare -F start_console >/dev/null; then start_console; fi

wait_for_url "http://127.0.0.1:$ACTIONS_PORT/health" 120 "The action server"
wait_for_url "http://127.0.0.1:$CALENDAR_PORT/healthz" 60 "The calendar links"
for port in $RASA_REPLICA_PORTS; do
    wait_for_url "http://127.0.0.1:$port/" 300 "Rasa replica :$port"
done
wait_for_url "http://127.0.0.1:$RASA_PORT/" 30 "nginx"
echo "{\"replicas_ready_seconds\": $(( $(date +%s) - start ))}" > "$PROD_DIR/ready.json"

cat <<MSG

Family Guide (production profile) is running (ready in $(( $(date +%s) - start )) s):
  public chat endpoint (nginx, rate-limited)  http://localhost:$RASA_PORT/webhooks/rest/webhook
  calendar links (nginx -> :$CALENDAR_PORT)     $BOOKING_PUBLIC_URL/ics/<code>?t=<token>
  Rasa replicas                               $(for p in $RASA_REPLICA_PORTS; do printf 'http://localhost:%s ' "$p"; done)
  PostgreSQL / Redis                          127.0.0.1:$PG_PORT / 127.0.0.1:$REDIS_PORT
  logs                                        $LOG_DIR (each restart: "supervisor: restarted ...")

Press Ctrl-C to stop everything.
MSG
wait
