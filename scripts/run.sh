#!/usr/bin/env bash
# Installs Entente, loads the sample articles into an empty database, and opens the dashboard
# on http://127.0.0.1:8501 (set PORT to change it; ENTENTE_MAX_UPLOAD_MB sets the upload limit, 50 MB).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh requirements.txt
.venv/bin/python -m lib ingest sample_articles --if-empty --quiet
exec .venv/bin/python -m streamlit run app.py --server.address 127.0.0.1 --server.port "${PORT:-8501}" \
  --browser.gatherUsageStats false --server.maxUploadSize "${ENTENTE_MAX_UPLOAD_MB:-50}" "$@"
