"""One JSON object per log line, so that several servers' logs can be collected and searched."""

import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

EXTRA_KEYS = (
    "status_code",
    "request_id",
    "method",
    "path",
    "duration_ms",
    "user_id",
    "task",
    "attempt",
    "application",
)
REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
request_logger = logging.getLogger("ami_portal.requests")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in EXTRA_KEYS:
            if hasattr(record, key):
                value = getattr(record, key)
                payload[key] = value if isinstance(value, int | float) else str(value)
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False)


class RequestLogMiddleware:
    """Log one line per request: method, path (never the query string), status, time, request id.

    The request id comes from the reverse proxy's ``X-Request-ID`` when it sends a sane one, so a
    request can be followed from the proxy to the app server; otherwise one is made here. It is
    sent back in the response's ``X-Request-ID``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request.request_id = incoming if REQUEST_ID.match(incoming) else uuid.uuid4().hex
        response = self.get_response(request)
        if request_logger.isEnabledFor(logging.INFO):
            user = getattr(request, "user", None)
            request_logger.log(
                logging.ERROR if response.status_code >= 500 else logging.INFO,
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status_code": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "request_id": request.request_id,
                    "user_id": user.pk if user is not None and user.is_authenticated else "",
                },
            )
        response["X-Request-ID"] = request.request_id
        return response
