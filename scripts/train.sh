#!/usr/bin/env bash
# Trains the model only when something that shapes it changed: config, domain (core, capabilities,
# answer texts), training data or the custom NLU components. The fingerprint of those files
# is kept beside the model; `FORCE_TRAIN=1 make train` retrains anyway.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

MODEL=models/family-guide.tar.gz
STAMP=models/family-guide.fingerprint
fingerprint=$(find config.yml domain data family_guide -type f \
    \( -name '*.yml' -o -name '*.yaml' -o -name '*.py' -o -name '*.txt' \) -print0 \
    | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)

if [ -z "${FORCE_TRAIN:-}" ] && [ -f "$MODEL" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$fingerprint" ]; then
    echo "Model is up to date ($MODEL); skipping training."
    exit 0
fi

echo "Training the model (a few minutes on a 2-core machine)..."
start=$(date +%s)
"$VENV/bin/rasa" train --config config.yml --domain domain --data data \
    --out models --fixed-model-name family-guide --quiet
echo "$fingerprint" > "$STAMP"
# Beside the model, not in reports/: training (run by `make test` too) must leave the tree clean.
# `make bench` copies it into its report.
echo "{\"train_seconds\": $(( $(date +%s) - start )), \"when\": \"$(date -u +%FT%TZ)\"}" > models/train_time.json
echo "Trained in $(( $(date +%s) - start )) s."
