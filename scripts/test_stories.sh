#!/usr/bin/env bash
# Runs the Rasa test stories against the trained model with the action server up, then
# runs the crisis stories again with the action server down: crisis replies must not need it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
source scripts/services.sh
trap stop_services EXIT

mkdir -p results
start_action_server
wait_for_url "http://127.0.0.1:$ACTIONS_PORT/health" 120 "The action server"
rasa test core --model models/family-guide.tar.gz --stories tests/stories \
    --endpoints endpoints.yml --out results/stories --fail-on-prediction-errors --no-plot
stop_services
SERVICE_PIDS=()

if [ -d tests/stories_without_actions ]; then
    echo "--- crisis stories with the action server down"
    rasa test core --model models/family-guide.tar.gz --stories tests/stories_without_actions \
        --endpoints endpoints.yml --out results/stories_without_actions --fail-on-prediction-errors --no-plot
fi
