"""gunicorn settings for Portail AMI's app servers (read automatically from the working directory).

    DJANGO_SETTINGS_MODULE=ami_portal.production gunicorn ami_portal.wsgi

Everything can be changed from the environment; the defaults suit one app server behind a
reverse proxy on the same host. See the README's « Production » section.
"""

import os

# Where the reverse proxy reaches this server.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Two workers per core, eight threads each (gunicorn's gthread worker). Most requests are short and
# database-bound, but on closing day a worker also waits: for an upload's bytes, for the bucket to
# store them, for the receipt's render. With one thread a worker does nothing else meanwhile: in the
# 300-carrier rush (benchmarks/RESULTS.md § 6, 4 December) the app servers used 7 % of the CPU yet
# a step save's p95 was 4.7 s, every request queued behind uploads; with eight threads, 290 ms, for
# a larger peak RSS per worker (392 MiB against 215 MiB, eight uploads at once). Each thread holds its
# own database connection: PostgreSQL's max_connections must exceed servers × workers × threads.
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1))))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))

# Load Django (and WeasyPrint, ~0.5 s) once in the master, then fork: faster restarts, shared memory.
# No database connection is opened at import time, so nothing is shared across forks by mistake.
preload_app = True

# Recycle each worker after a while, so that a slow leak never grows unbounded; the jitter keeps
# workers from restarting all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))

timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5

# Trust X-Forwarded-* only from the reverse proxy (the same addresses the portal trusts).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or os.environ.get("AMI_TRUSTED_PROXIES") or "127.0.0.1,::1"

# The portal logs one JSON line per request itself (ami_portal.logging.RequestLogMiddleware);
# gunicorn's own access log would only repeat it. Errors go to stderr.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = os.environ.get("GUNICORN_PROC_NAME", "ami-portal")

# gunicorn's control socket has one default path per user: two app servers on one machine would
# fight over it. Off unless a path is given.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True


def post_fork(server, worker):
    # Belt and braces with preload_app: a connection opened in the master must not be shared.
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close()
