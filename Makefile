# Family Guide: one entry point. `make run` and `make test` do all the set-up themselves.
SHELL := /bin/bash
.DEFAULT_GOAL := help
.PHONY: help setup train run run-prod test test-fast widget-report lint validate eval cv sweep bench \
	bench-pipelines placeholders

help:
	@echo "make run    set up, train if needed, start the bot and its pages on localhost"
	@echo "make test   set up and run every check (validate, ruff, pytest, rasa test stories)"
	@echo "make test-fast  pytest without the live tests (no bot, browser or database server started)"
	@echo "make widget-report  browser tests; writes reports/widget.md (sizes, accessibility)"
	@echo "make eval   score the model on the dev sets (short messages, long letters, conversations); writes reports/eval.* and reports/dialogue_eval.*"
	@echo "make cv     5-fold cross-validation over the training data; writes reports/cross_validation.*"
	@echo "make sweep  the classifier's C and MiniLM weight by fast 5-fold cross-validation; writes reports/classifier_sweep.*"
	@echo "make bench  load test of the production profile; writes reports/bench.{json,md}"
	@echo "make bench-pipelines  compare NLU pipelines and policies; writes reports/pipeline_benchmark.*"
	@echo "make bench-crisis     crisis recall and false alarms; writes reports/crisis_eval.{json,md}"
	@echo "make bench-booking    races for one slot, booking latency; writes reports/booking_bench.*"
	@echo "make bench-console    staff console pages on 2,000 conversations; writes reports/console_bench.*"
	@echo "make bench-masking    personal data masked, clinic words kept; writes reports/console_masking.*"
	@echo "make run-prod  PostgreSQL + Redis + two Rasa replicas behind nginx, on localhost"
	@echo "make placeholders  list what the clinic must fill before launch (details, site, pages)"

setup:
	@bash scripts/setup.sh

train: setup
	@bash scripts/train.sh

run: train
	@bash scripts/run.sh

test: setup
	@bash scripts/test.sh

# The tests marked `live` start the bot, the production stack, a browser or a database server.
test-fast: setup
	@bash -c 'source scripts/env.sh && python -m pytest -q -m "not live" $(PYTEST_ARGS)'

widget-report: train
	@bash -c 'source scripts/env.sh && FG_WIDGET_REPORT=$(CURDIR)/reports/widget.md python -m pytest -q tests/browser'

lint: setup
	@.venv/bin/ruff check .

# What the clinic must fill before launch (catalogues/clinic_launch.yml, tools/placeholders.py).
placeholders: setup
	@bash -c 'source scripts/env.sh && python -m tools.placeholders'

validate: setup
	@bash -c 'source scripts/env.sh && rasa data validate --config config.yml --domain domain --data data --fail-on-warnings'

eval: train
	@bash -c 'source scripts/env.sh && python -m benchmarks.nlu_eval $(EVAL_ARGS) && python -m benchmarks.dialogue_eval && python -m benchmarks.peers'

cv: setup
	@bash -c 'source scripts/env.sh && python -m benchmarks.cross_validation $(CV_ARGS)'

sweep: setup
	@bash -c 'source scripts/env.sh && python -m benchmarks.classifier_sweep $(SWEEP_ARGS)'

run-prod: train
	@bash scripts/run_prod.sh

bench: train
	@bash -c 'source scripts/env.sh && python -m benchmarks.production_load $(BENCH_ARGS) && python -m benchmarks.parse_cost'

bench-parse: train
	@bash -c 'source scripts/env.sh && python -m benchmarks.parse_cost'

bench-pipelines: train
	@bash -c 'source scripts/env.sh && python -m benchmarks.pipelines $(BENCH_ARGS)'

.PHONY: bench-parse bench-crisis bench-booking bench-console bench-masking
bench-crisis: train
	@bash -c 'source scripts/env.sh && python -m benchmarks.crisis_eval $(BENCH_ARGS)'

bench-booking: setup
	@bash -c 'source scripts/env.sh && python -m benchmarks.booking_store'

bench-console: setup
	@bash -c 'source scripts/env.sh && python -m benchmarks.console_pages $(BENCH_ARGS)'

bench-masking: setup
	@bash -c 'source scripts/env.sh && python -m benchmarks.console_masking'
