"""A real ClamAV daemon for the tests, with a signature database the tests write themselves.

Signatures cannot be downloaded here (production runs ``freshclam``): the database is one body
signature, the EICAR test string that every antivirus recognises, under a name of our own. The
daemon listens on a Unix socket in a temporary folder; one daemon per test process, started on
first use (about a second with this database).
"""

import io
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, NameObject

from applications.demo_stages import tiny_pdf

# The EICAR test file (68 bytes), harmless by design; split so that this source file is not itself flagged.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
SIGNATURE = "Portail-AMI.Test.EICAR"
CLAMD = shutil.which("clamd") or "/usr/sbin/clamd"


def infected_pdf(text: str = "Statuts") -> bytes:
    """A valid one-page PDF whose page content ends with the EICAR string, in a comment."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(tiny_pdf(text))))
    page = writer.pages[0]
    comment = DecodedStreamObject()
    comment.set_data(b"% " + EICAR + b"\n")
    page[NameObject("/Contents")] = ArrayObject([page.raw_get("/Contents"), writer._add_object(comment)])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="session")
def clamd_socket(tmp_path_factory):
    """The path of a running clamd's socket (skips where ClamAV is not installed: CI installs it)."""
    if not Path(CLAMD).exists():
        pytest.skip("needs ClamAV's daemon (apt-get install clamav-daemon; CI installs it)")
    folder = tmp_path_factory.mktemp("clamd")
    (folder / "db").mkdir()
    (folder / "db" / "portail-ami-test.ndb").write_text(f"{SIGNATURE}:0:*:{EICAR.hex()}\n")
    socket = folder / "clamd.sock"
    (folder / "clamd.conf").write_text(
        f"LocalSocket {socket}\nDatabaseDirectory {folder / 'db'}\nForeground yes\n"
        f"LogFile {folder / 'clamd.log'}\nStreamMaxLength 60M\n"
    )
    process = subprocess.Popen(  # noqa: S603 - our own daemon, our own configuration
        [CLAMD, f"--config-file={folder / 'clamd.conf'}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    from clamav_client.clamd import ClamdError, ClamdUnixSocket

    deadline = time.monotonic() + 60
    while True:
        try:
            if ClamdUnixSocket(str(socket), timeout=5).ping() == "PONG":
                break
        except ClamdError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            log = (folder / "clamd.log").read_text() if (folder / "clamd.log").exists() else ""
            pytest.fail(f"clamd did not start:\n{log[-2000:]}")
        time.sleep(0.1)
    yield str(socket)
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
