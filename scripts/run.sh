#!/usr/bin/env bash
# `make run`: starts the action server, the Rasa server and the local web pages on localhost,
# prints where they are, and stops everything it started on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
source scripts/services.sh

trap 'echo; echo "Stopping..."; stop_services; exit 0' INT TERM
trap 'stop_services' EXIT

start=$(date +%s)
start_action_server
start_rasa
start_widget_server
start_console
start_calendar
wait_for_url "http://127.0.0.1:$WIDGET_PORT/demo/" 30 "The widget demo server"
wait_for_url "http://127.0.0.1:$CONSOLE_PORT/healthz" 60 "The staff console"
wait_for_url "http://127.0.0.1:$CALENDAR_PORT/healthz" 60 "The calendar links"
wait_for_url "http://127.0.0.1:$ACTIONS_PORT/health" 120 "The action server"
wait_for_url "http://127.0.0.1:$RASA_PORT/" 300 "The Rasa server"
mkdir -p var
echo "{\"cold_start_seconds\": $(( $(date +%s) - start ))}" > var/cold_start_run.json

cat <<MSG

Family Guide is running (ready in $(( $(date +%s) - start )) s):
  Rasa server (REST)  http://localhost:$RASA_PORT
  Action server                   http://localhost:$ACTIONS_PORT
  Chat widget (demo clinic page)  http://localhost:$WIDGET_PORT/demo/
  Staff console (clinic staff)    http://127.0.0.1:$CONSOLE_PORT/
    first admin: .venv/bin/python -m console.manage create-user <name> --role admin
  Calendar links (families)       http://localhost:$CALENDAR_PORT/ics/<code>?t=<token>
  HTTP API token                  in .run/rasa_token (or \$RASA_TOKEN)

Try:
  me=\$(python3 -c 'import uuid; print(uuid.uuid4())')   # a conversation id nobody can guess
  curl -s -XPOST localhost:$RASA_PORT/webhooks/rest/webhook -H 'Content-Type: application/json' \\
       -d '{"sender":"'"\$me"'","message":"hi"}'

Press Ctrl-C to stop everything.
MSG
# One line while the clinic's details, site or pages are unfilled (`make placeholders` lists them).
python -m tools.placeholders --one-line || true
wait
