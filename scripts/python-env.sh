#!/usr/bin/env bash
# Creates .venv with the official Python SDK (openmetadata-ingestion==2.0.7.0) and the test
# tools, from the pins in compat/requirements.txt. Does nothing when it is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=.venv/.ometa-pins
want=$(cat compat/requirements.txt compat/requirements-extra.txt | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check --no-deps openmetadata-ingestion==2.0.7.0 collate-data-diff==0.11.18
.venv/bin/pip install -q --disable-pip-version-check --no-deps -r compat/requirements.txt -r compat/requirements-extra.txt
.venv/bin/python -W ignore -c 'from metadata.ingestion.ometa.ometa_api import OpenMetadata' 
echo "$want" > "$stamp"
