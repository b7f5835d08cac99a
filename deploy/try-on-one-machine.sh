#!/usr/bin/env bash
# Two app servers and one task worker on this machine, on the production profile, against
# PostgreSQL and an S3-compatible server — the README's « Production » section, in one script.
#
#   deploy/try-on-one-machine.sh            # then open http://localhost:8001/ or :8002/; Ctrl-C stops all
#
# Needs: `make install-test` done (.venv), PostgreSQL reachable at DATABASE_URL. Without
# AWS_S3_ENDPOINT_URL it starts moto's S3 server (in memory, for trying only) on 127.0.0.1:9000.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
PORTS=${PORTS:-"8001 8002"}

export DJANGO_SETTINGS_MODULE=ami_portal.production
export SECRET_KEY=${SECRET_KEY:-$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(64))')}
export ALLOWED_HOSTS=${ALLOWED_HOSTS:-127.0.0.1,localhost}
export SECURE_SSL_REDIRECT=${SECURE_SSL_REDIRECT:-0}   # no TLS proxy in this trial
export AMI_TRUSTED_PROXIES=${AMI_TRUSTED_PROXIES:-127.0.0.1,::1}   # a reverse proxy on this machine, if any
export SITE_URL=${SITE_URL:-https://ami.example.gouv.fr}   # what acts, emails and QR codes link to: production requires https
# The antivirus: the local ClamAV daemon when there is one, otherwise uploads go unscanned in this trial.
[ -S /var/run/clamav/clamd.ctl ] || export AMI_CLAMAV_SOCKET=${AMI_CLAMAV_SOCKET:-off}
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/ami_trial}
export TASKS_BACKEND=database
export AMI_VAR_DIR=${AMI_VAR_DIR:-var/trial}
export AWS_STORAGE_BUCKET_NAME=${AWS_STORAGE_BUCKET_NAME:-ami-private}
export WEB_CONCURRENCY=${WEB_CONCURRENCY:-2}
unset AMI_ALLOW_DEV_SECRET DEBUG

pids=()
stop() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop EXIT INT TERM

if [ -z "${AWS_S3_ENDPOINT_URL:-}" ]; then
  "$BIN/moto_server" -H 127.0.0.1 -p "${S3_PORT:-9000}" >/dev/null 2>&1 & pids+=($!)
  export AWS_S3_ENDPOINT_URL=http://127.0.0.1:${S3_PORT:-9000} AWS_S3_ADDRESSING_STYLE=path AWS_S3_REGION_NAME=eu-west-3
  export AWS_ACCESS_KEY_ID=trial AWS_SECRET_ACCESS_KEY=trial
  sleep 2
fi

"$BIN/python" - <<'PY'
import os
import boto3
import psycopg2
from urllib.parse import urlparse

url = urlparse(os.environ["DATABASE_URL"])
admin = psycopg2.connect(host=url.hostname, port=url.port or 5432, user=url.username, password=url.password, dbname="postgres")
admin.autocommit = True
with admin.cursor() as cursor:
    name = url.path.lstrip("/")
    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
    if cursor.fetchone() is None:
        cursor.execute(f'CREATE DATABASE "{name}"')
s3 = boto3.client("s3", endpoint_url=os.environ.get("AWS_S3_ENDPOINT_URL"), region_name=os.environ.get("AWS_S3_REGION_NAME"))
bucket = os.environ["AWS_STORAGE_BUCKET_NAME"]
if bucket not in [b["Name"] for b in s3.list_buckets()["Buckets"]]:
    region = os.environ.get("AWS_S3_REGION_NAME")
    s3.create_bucket(Bucket=bucket, **({"CreateBucketConfiguration": {"LocationConstraint": region}} if region and region != "us-east-1" else {}))
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={k: True for k in ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")})
PY

mkdir -p "$AMI_VAR_DIR"
"$BIN/python" manage.py migrate --noinput -v 0
"$BIN/python" manage.py collectstatic --noinput -v 0
"$BIN/python" manage.py load_ami

for port in $PORTS; do
  GUNICORN_BIND=127.0.0.1:$port GUNICORN_PROC_NAME=ami-web-$port "$BIN/gunicorn" ami_portal.wsgi & pids+=($!)
done
"$BIN/python" manage.py run_worker --queue-name='*' --interval 1 --worker-id "$(hostname)-1" & pids+=($!)

for port in $PORTS; do
  for _ in $(seq 1 60); do curl -fsS "http://127.0.0.1:$port/health/" >/dev/null 2>&1 && break; sleep 1; done
  echo "app server :$port → $(curl -sS "http://127.0.0.1:$port/health/")"
done
echo "Two app servers and one worker are running; Ctrl-C stops them."
wait
