# Sourced by the scripts: one place for paths, ports and quiet, bounded TensorFlow.
VENV=${VENV:-.venv}
export PATH="$PWD/$VENV/bin:$PATH"
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
# Third-party deprecation warnings stay out of what `make run` prints and logs; ours stay loud
# (scripts/quiet_warnings/sitecustomize.py says how). FG_ALL_WARNINGS=1 shows them all.
if [ -z "${FG_ALL_WARNINGS:-}" ]; then export PYTHONPATH="$PWD/scripts/quiet_warnings:$PYTHONPATH"; fi
export TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-2}
export TF_INTRA_OP_PARALLELISM_THREADS=${TF_INTRA_OP_PARALLELISM_THREADS:-2}
export TF_INTER_OP_PARALLELISM_THREADS=${TF_INTER_OP_PARALLELISM_THREADS:-1}
export RASA_TELEMETRY_ENABLED=false
export SANIC_HOST=${SANIC_HOST:-127.0.0.1}
export RASA_PORT=${RASA_PORT:-5005}
export ACTIONS_PORT=${ACTIONS_PORT:-5055}
export WIDGET_PORT=${WIDGET_PORT:-8080}
export CONSOLE_PORT=${CONSOLE_PORT:-8081}
export CALENDAR_PORT=${CALENDAR_PORT:-8082}
