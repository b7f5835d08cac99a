"""A test certificate authority and seal, made by the tests, for the acts' PAdES signatures."""

from datetime import datetime, timedelta

import pytest

from ami_portal import pades

PASSWORD = "mot-de-passe-du-cachet-de-test"


@pytest.fixture(scope="session")
def test_authority(tmp_path_factory):
    folder = tmp_path_factory.mktemp("signing")
    return pades.create_test_authority(folder, password=PASSWORD)


@pytest.fixture
def sealed(settings, test_authority):
    """Acts are signed with the test seal, and the verification page trusts its authority."""
    settings.AMI_SIGNING_PKCS12 = str(test_authority["seal"])
    settings.AMI_SIGNING_PKCS12_PASSWORD = PASSWORD
    settings.AMI_SIGNING_TRUST_ROOTS = [str(test_authority["ca"])]
    settings.AMI_TSA_URL = ""
    return test_authority


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
