# Én dør inn — one command surface for people and CI. Start with `make run` or `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
REQUIREMENTS := requirements/base.txt requirements/dev.txt requirements/constraints.txt
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 3
export TF_ENABLE_ONEDNN_OPTS := 0
export PYTHONWARNINGS := ignore
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

.PHONY: run test install knowledge train lint format security audit validate nlu-report crisis-report core-test pytest clean browser-deps vendor bench nginx-deps deploy-check run-scaled

run: install ## install if needed, build the knowledge DB, train if data changed, start everything
	$(PY) -m bot run

test: install lint security validate knowledge train core-test browser-deps nginx-deps pytest ## everything CI checks

install: $(STAMP)

$(STAMP): $(REQUIREMENTS)
	@python310=$$(scripts/find-python310.sh) || exit 1; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))'; then \
		echo "Lager $(VENV) med $$python310"; rm -rf $(VENV); "$$python310" -m venv $(VENV) || exit 1; \
	fi
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade "pip==24.0"
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt -c requirements/constraints.txt
	$(PY) -m pip check
	@touch $(STAMP)

knowledge: install ## build var/edi.db from knowledge/content
	$(PY) -m knowledge build

train: install ## train the Rasa model when config, domain or data changed
	$(PY) -m bot train

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

security: install ## static security checks (findings fixed or justified: README, Security)
	$(PY) -m bandit -q -c pyproject.toml -r actions bot knowledge

audit: ## known vulnerabilities in the pinned dependencies (needs PyPI's advisory data)
	scripts/audit.sh

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

validate: install
	$(PY) -m rasa data validate -c config.yml -d domain --data data

nlu-report: install ## intent macro-F1 with 3-fold cross-validation and the top confusion pairs
	$(PY) scripts/nlu_report.py

crisis-report: install ## crisis detector: recall, numbers per kind, false alarms, and the misses (tests/crisis/)
	$(PY) scripts/crisis_report.py
	$(PY) scripts/crisis_report.py --sealed | head -1

core-test: train ## conversation tests (tests/test_stories.yml) against the trained policies
	$(PY) -m rasa test core --model models/edi.tar.gz --stories tests/test_stories.yml \
		--fail-on-prediction-errors --out var/core-test > var/core-test.log 2>&1 \
		|| { tail -30 var/core-test.log; cat var/core-test/failed_test_stories.yml; exit 1; }
	@echo "rasa test core: all test stories passed"

pytest: install
	$(PY) -m pytest

browser-deps: ## chromium + chromedriver (apt) and axe-core (npm ci) for tests/browser; CI=true: must succeed
	scripts/install-browser.sh

run-scaled: install ## nginx + 2 Rasa processes + action server + web app + PostgreSQL + Redis on this machine (deploy/README.md)
	scripts/run-scaled.sh

deploy-check: install ## nginx -t on the rendered entry point, systemd-analyze verify on deploy/systemd, the compose file
	scripts/deploy-check.sh

nginx-deps: ## nginx + openssl (apt) for the deployment test (tests/integration/test_scale_out.py); CI=true: must succeed
	scripts/install-nginx.sh

vendor: ## refresh bot/web/static/vendor/socket.io.min.js from web/package-lock.json (committed)
	scripts/vendor-socketio.sh

bench: install ## benchmark: throughput, latency, memory, start-up vs Rasa's default pipeline (~25 min; bench/report.md)
	$(PY) -m bench.run

clean:
	rm -rf var models .pytest_cache .ruff_cache
