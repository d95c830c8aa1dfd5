# The two commands: `make run` and `make test`. Both install what they need first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: run test install gettext compilemessages messages chromium nginx tesseract lint check-deploy serve clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP) compilemessages

# GNU gettext (Debian package) compiles the translation catalogues and extracts new strings.
gettext:
	@if ! command -v msgfmt >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    (apt-get install -y --no-install-recommends gettext >/dev/null 2>&1 || \
	     (apt-get update >/dev/null && apt-get install -y --no-install-recommends gettext >/dev/null)); \
	  else \
	    echo "GNU gettext is missing: sudo apt-get install -y gettext"; exit 1; \
	  fi; \
	fi

# The compiled catalogues (.mo) are built here, never committed (docs/kiswahili.md).
compilemessages: $(STAMP) gettext
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules --verbosity 0

# Refresh the Kiswahili catalogue from the code and templates; then translate what is new.
messages: $(STAMP) gettext
	$(PY) manage.py makemessages -l sw --no-obsolete --ignore=.venv --ignore=node_modules \
	  --ignore=staticfiles --ignore=media --ignore=tests
	$(PY) manage.py vendor_messages

# Browser tests use Debian's Chromium; never a browser downloaded by a test tool.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    (apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 || \
	     (apt-get update >/dev/null && apt-get install -y --no-install-recommends chromium >/dev/null)); \
	  else \
	    echo "Chromium is missing: sudo apt-get install -y chromium (browser tests will be skipped)"; \
	  fi; \
	fi

# OCR of scanned documents uses Debian's Tesseract with its English and Kiswahili data.
OCR_PACKAGES := tesseract-ocr tesseract-ocr-eng tesseract-ocr-swa
tesseract:
	@if ! tesseract --list-langs 2>/dev/null | grep -qx swa; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    (apt-get install -y --no-install-recommends $(OCR_PACKAGES) >/dev/null 2>&1 || \
	     (apt-get update >/dev/null && apt-get install -y --no-install-recommends $(OCR_PACKAGES) >/dev/null)); \
	  else \
	    echo "Tesseract is missing: sudo apt-get install -y $(OCR_PACKAGES) (scans will not be read)"; \
	  fi; \
	fi

run: install tesseract
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Serving on http://127.0.0.1:8000"
	$(PY) manage.py runserver 127.0.0.1:8000

# The scale-out test runs nginx (Debian's package) in front of two app servers.
nginx:
	@if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    (apt-get install -y --no-install-recommends nginx >/dev/null 2>&1 || \
	     (apt-get update >/dev/null && apt-get install -y --no-install-recommends nginx >/dev/null)); \
	  else \
	    echo "nginx is missing: sudo apt-get install -y nginx (the scale-out test will be skipped)"; \
	  fi; \
	fi

test: install chromium nginx tesseract
	$(PY) -m pytest -n auto --dist worksteal $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check-deploy: install
	DJANGO_DEBUG=false DJANGO_SECRET_KEY=check-deploy-$$(date +%s)-aVeryLongRandomLookingSecretKeyValue0123456789 \
	  DJANGO_ALLOWED_HOSTS=cop.example.org CACHE_URL=redis://127.0.0.1:6379/0 \
	  $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles
