"""A test certificate authority and seal, made by the tests, for the acts' PAdES signatures."""

from datetime import UTC, datetime, timedelta

import pytest

from ami_portal import pades

PASSWORD = "mot-de-passe-du-cachet-de-test"
AUTHORITY_FROM = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="session")
def test_authority(tmp_path_factory):
    folder = tmp_path_factory.mktemp("signing")
    # Valid from well before every instant the suite runs at (tests/clock_dates.txt) and every day
    # a test travels to, so that a test signing on a fixed day never meets a certificate « not yet
    # valid » because the suite happens to run later than that day.
    return pades.create_test_authority(folder, password=PASSWORD, valid_from=AUTHORITY_FROM, days=365 * 8)


@pytest.fixture
def sealed(settings, test_authority):
    """Acts are signed with the test seal, and the verification page trusts its authority."""
    settings.AMI_SIGNING_PKCS12 = str(test_authority["seal"])
    settings.AMI_SIGNING_PKCS12_PASSWORD = PASSWORD
    settings.AMI_SIGNING_TRUST_ROOTS = [str(test_authority["ca"])]
    settings.AMI_TSA_URL = ""
    return test_authority


def signature_dictionary(pdf: bytes):
    """The signature dictionary of ``pdf``'s (first) signature field: /Name, /Reason, /ByteRange…"""
    import io

    import pypdf

    fields = pypdf.PdfReader(io.BytesIO(pdf)).get_fields().values()
    return next(field["/V"].get_object() for field in fields if field.get("/FT") == "/Sig")


def expired_seal(folder, authority) -> str:
    """A seal issued by the same authority, valid for a year that ended a year ago."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    ca_cert = x509.load_pem_x509_certificate(authority["ca"].read_bytes())
    ca_key = serialization.load_pem_private_key(authority["ca_key"].read_bytes(), PASSWORD.encode())
    now = datetime.now().astimezone()
    return str(
        pades.issue_seal(
            folder,
            ca_cert=ca_cert,
            ca_key=ca_key,
            password=PASSWORD,
            common_name="Cachet expiré",
            start=now - timedelta(days=730),
            end=now - timedelta(days=365),
            filename="expired.p12",
        )
    )


# --------------------------------------------------------------------------------------------
# Revocation data on loopback (PAdES B-LT)
# --------------------------------------------------------------------------------------------
class CrlServer:
    """The test authority's CRL, served over HTTP on 127.0.0.1 by a thread of the test process.
    ``publish`` replaces the list; ``close`` makes the server unreachable; ``requests`` counts the
    downloads."""

    def __init__(self):
        import http.server
        import threading

        served = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                served.requests += 1
                if self.path != "/ca.crl" or served.crl is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/pkix-crl")
                self.send_header("Content-Length", str(len(served.crl)))
                self.end_headers()
                self.wfile.write(served.crl)

            def log_message(self, *args):
                pass

        self.crl: bytes | None = None
        self.requests = 0
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/ca.crl"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def publish(self, authority, *, revoked_serials=()):
        """A CRL of ``authority`` (the paths ``create_test_authority`` returned), signed by its
        key, issued an hour ago and valid for a day, listing ``revoked_serials``."""
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization

        ca_cert = x509.load_pem_x509_certificate(authority["ca"].read_bytes())
        ca_key = serialization.load_pem_private_key(authority["ca_key"].read_bytes(), PASSWORD.encode())
        now = datetime.now().astimezone()
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(ca_cert.subject)
            .last_update(now - timedelta(hours=1))
            .next_update(now + timedelta(days=1))
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .add_extension(x509.CRLNumber(self.requests + 1), critical=False)
        )
        for serial in revoked_serials:
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder()
                .serial_number(serial)
                .revocation_date(now - timedelta(minutes=30))
                .build()
            )
        self.crl = builder.sign(ca_key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


def seal_serial(authority) -> int:
    from cryptography.hazmat.primitives.serialization import pkcs12

    bundle = pkcs12.load_pkcs12(authority["seal"].read_bytes(), PASSWORD.encode())
    return bundle.cert.certificate.serial_number


@pytest.fixture
def crl_server(monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    server = CrlServer()
    yield server
    server.close()


@pytest.fixture
def sealed_with_crl(settings, crl_server, tmp_path):
    """Acts signed with a seal whose certificate names the loopback CRL (B-LT possible)."""
    authority = pades.create_test_authority(tmp_path / "signing", password=PASSWORD, crl_url=crl_server.url)
    settings.AMI_SIGNING_PKCS12 = str(authority["seal"])
    settings.AMI_SIGNING_PKCS12_PASSWORD = PASSWORD
    settings.AMI_SIGNING_TRUST_ROOTS = [str(authority["ca"])]
    settings.AMI_TSA_URL = ""
    return authority
