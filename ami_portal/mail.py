"""The embedded profile's email backend: one line per email in the terminal, the whole email in a file.

Django's console backend prints every message whole — a decision email carries its PDF in base64,
so the demo printed thousands of lines and buried the address and the logins. This backend writes
each message as a standard ``.eml`` file (any mail client opens it, attachments included) under
``EMAIL_FILE_PATH`` and prints one line saying who it went to, its subject and where it is.
"""

import os
import sys
import threading
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


class SummaryConsoleBackend(BaseEmailBackend):
    def __init__(self, *args, stream=None, file_path=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stream = stream or sys.stdout
        self.folder = Path(file_path or settings.EMAIL_FILE_PATH)
        self._lock = threading.Lock()

    def send_messages(self, email_messages):
        if not email_messages:
            return 0
        self.folder.mkdir(parents=True, exist_ok=True)
        sent = 0
        with self._lock:
            for message in email_messages:
                path = self._write(message, sent)
                attachments = len(message.attachments)
                extra = f", {attachments} pièce(s) jointe(s)" if attachments else ""
                shown = os.path.relpath(path) if path.is_relative_to(Path.cwd()) else path
                self.stream.write(
                    f"[e-mail] à {', '.join(message.recipients())} : « {message.subject} »{extra} → {shown}\n"
                )
                sent += 1
            self.stream.flush()
        return sent

    def _write(self, message, index: int) -> Path:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        path = self.folder / f"{stamp}-{index:03d}.eml"
        path.write_bytes(message.message().as_bytes(linesep="\n"))
        return path
