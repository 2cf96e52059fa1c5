# Sourced by run.sh (and usable by tests): start each service in the background, bound to
# localhost, logging to var/log/, and wait until it answers. Every PID goes into SERVICE_PIDS.
# With FG_SUPERVISE=1 (the production profile, deploy/prod.env) each service runs under its own
# supervisor (deploy/supervisor.py), which restarts it when it dies; SERVICE_PIDS then holds the
# supervisors, and stopping one stops its service.
SERVICE_PIDS=()
LOG_DIR=${LOG_DIR:-var/log}  # tests point this elsewhere so they never mix logs with `make run`
mkdir -p "$LOG_DIR" .run var
# Tokens, databases (var/*.db) and logs hold secrets and families' words: from here on what the
# services create is for this user only (files 0600, folders 0700), and what an older run left
# readable is closed too. var/ itself stays as it was: the production profile's PostgreSQL runs
# as its own user under var/prod/.
chmod 700 .run "$LOG_DIR"
find .run var "$LOG_DIR" -maxdepth 1 -type f \( -path '.run/*' -o -name '*.db' -o -name '*.log' \) \
    -exec chmod 600 {} + 2>/dev/null || true
umask 077

rasa_token() {
    # The HTTP API is only on with a token: $RASA_TOKEN, or one made for this machine.
    if [ -n "${RASA_TOKEN:-}" ]; then echo "$RASA_TOKEN"; return; fi
    [ -s .run/rasa_token ] || (umask 077 && head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > .run/rasa_token)
    chmod 600 .run/rasa_token
    cat .run/rasa_token
}

action_token() {
    # The secret Rasa sends the action server (endpoints.yml): $ACTION_SERVER_TOKEN, or one
    # made for this machine, readable by its owner only.
    if [ -n "${ACTION_SERVER_TOKEN:-}" ]; then echo "$ACTION_SERVER_TOKEN"; return; fi
    [ -s .run/action_token ] || (umask 077 && head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > .run/action_token)
    chmod 600 .run/action_token
    cat .run/action_token
}
# Rasa reads it from the environment when it loads endpoints.yml; the action server checks it.
ACTION_SERVER_TOKEN=$(action_token)
export ACTION_SERVER_TOKEN

record_pid() {  # name pid: remember a service; with $PID_DIR set, also in a file tests can read
    SERVICE_PIDS+=("$2")
    if [ -n "${PID_DIR:-}" ]; then mkdir -p "$PID_DIR"; echo "$2" > "$PID_DIR/$1.pid"; fi
}

run_service() {  # name log command...: in the background, supervised when FG_SUPERVISE=1
    local name=$1 log=$2
    shift 2
    if [ "${FG_SUPERVISE:-0}" = 1 ]; then
        supervise "$name" --log "$log" ${PID_DIR:+--pid-file "$PID_DIR/$name.pid"} -- "$@"
    else
        "$@" > "$log" 2>&1 &
        record_pid "$name" $!
    fi
}

supervise() {  # name supervisor-options... -- command...: the supervisor writes the PID files
    local name=$1
    shift
    "$VENV/bin/python" -m deploy.supervisor --name "$name" "$@" &
    SERVICE_PIDS+=("$!")
}

wait_for_url() {  # url seconds name
    local url=$1 limit=$2 name=$3 waited=0
    until curl -fsS -o /dev/null "$url" 2>/dev/null; do
        sleep 1; waited=$((waited + 1))
        if [ "$waited" -ge "$limit" ]; then
            echo "$name did not come up within ${limit}s; see $LOG_DIR/ for its log." >&2
            return 1
        fi
    done
}

start_action_server() {
    # Only Rasa gets through: the shared secret, JSON only, our host names (action_server/).
    run_service actions "$LOG_DIR/actions.log" "$VENV/bin/python" -m action_server --port "$ACTIONS_PORT"
}

start_widget_server() {  # the chat widget + demo clinic page, pointed at our Rasa (CSP-checked)
    run_service widget "$LOG_DIR/widget.log" "$VENV/bin/python" widget/serve.py --bind 127.0.0.1 \
        --port "$WIDGET_PORT" --rasa-url "http://127.0.0.1:$RASA_PORT"
}

start_console() {  # the staff console (reads the tracker store; migrates its own DB at start)
    run_service console "$LOG_DIR/console.log" \
        "$VENV/bin/python" -m console.manage serve --host 127.0.0.1 --port "$CONSOLE_PORT"
}

start_calendar() {
    # The families' calendar links, /ics/<code>?t=<token> (booking/ics_app.py): a service of
    # its own, because the staff console only reads the booking store and is not for families.
    # No access log: the query string is the link's secret.
    run_service calendar "$LOG_DIR/calendar.log" "$VENV/bin/python" -m uvicorn booking.ics_app:app \
        --ws none --no-access-log --host 127.0.0.1 --port "$CALENDAR_PORT"
}

start_rasa() {  # model path
    # FG_WATCH_ACTION_SERVER: apologise when a custom action cannot run (family_guide/policies).
    # The API token reaches Rasa through the environment or its 0600 file, never the command
    # line, where `ps` shows it to every user (family_guide/rasa_launcher.py).
    [ -n "${RASA_TOKEN:-}" ] || rasa_token > /dev/null
    local args=(run --model "${1:-${FG_MODEL:-models/family-guide.tar.gz}}"
        --interface 127.0.0.1 --port "$RASA_PORT"
        --enable-api
        --cors "http://localhost:$WIDGET_PORT" "http://127.0.0.1:$WIDGET_PORT"
        --credentials credentials.yml --endpoints "${ENDPOINTS:-endpoints.yml}")
    local name=rasa-$RASA_PORT log=$LOG_DIR/rasa-$RASA_PORT.log
    if [ "${FG_SUPERVISE:-0}" != 1 ]; then
        FG_WATCH_ACTION_SERVER=1 RASA_TOKEN_FILE=.run/rasa_token \
            "$VENV/bin/python" -m family_guide.rasa_launcher "${args[@]}" > "$log" 2>&1 &
        record_pid "$name" $!
        return
    fi
    # Supervised: a warm spare waits beside the replica and takes its port the moment it dies
    # (deploy/rasa_replica.py); the one serving writes the PID file.
    local lock_dir=${RUN_DIR:-.run}
    supervise "$name" --log "$log" --instances $((1 + ${RASA_WARM_SPARES:-1})) --ready-url "http://127.0.0.1:$RASA_PORT/" -- \
        env FG_WATCH_ACTION_SERVER=1 RASA_TOKEN_FILE=.run/rasa_token "$VENV/bin/python" -m deploy.rasa_replica \
        --port-lock "$lock_dir/$name.lock" ${PID_DIR:+--pid-file "$PID_DIR/$name.pid"} \
        -- "${args[@]}"
}

stop_services() {
    local pid
    for pid in "${SERVICE_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
