#!/usr/bin/env bash
# Set up and start the portal: web (gunicorn), Celery worker and Celery beat, until Ctrl-C.
# Called by `make run` after the virtual environment is installed.
set -euo pipefail
cd "$(dirname "$0")/.."

export DEBUG="${DEBUG:-true}"
export PORT="${PORT:-8000}"
# The demo's webhook receiver runs on this machine (127.0.0.1), which production refuses.
export WEBHOOK_ALLOW_PRIVATE_URLS="${WEBHOOK_ALLOW_PRIVATE_URLS:-true}"
PY=.venv/bin/python

mkdir -p var
"$PY" manage.py migrate --noinput
"$PY" manage.py load_yangquan
echo
echo "Demo log-ins (user, password, group):"
"$PY" manage.py load_demo_accounts
"$PY" manage.py collectstatic --noinput -v0

cat <<MSG

  Yangquan greening portal
  ------------------------
  Portal:        http://127.0.0.1:${PORT}/
  Staff admin:   http://127.0.0.1:${PORT}/admin/
  Health:        http://127.0.0.1:${PORT}/healthz
  API docs:      http://127.0.0.1:${PORT}/api/docs/
  Database:      ${DATABASE_URL:-SQLite at var/greening.sqlite3}
  Broker:        ${REDIS_URL:-files under var/celery (no Redis needed)}

  Ctrl-C stops the web server, the worker and beat.

MSG
exec .venv/bin/honcho --no-colour start -f Procfile -p "$PORT"
