"""Media on a private S3 bucket, against a real S3-compatible server (moto's server mode).

The server runs in a thread on 127.0.0.1 for this module; the portal's default storage is pointed
at it with the same options the production settings use, and files travel over HTTP exactly as
they would to a real bucket.
"""

import socket
import urllib.error
import urllib.request
from urllib.parse import urlparse

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from ami_portal.files import serve_private_file
from applications.models import Attachment
from tests.factories import ApplicationFactory

BUCKET = "ami-private-test"
CREDENTIALS = {"access_key": "testing", "secret_key": "testing"}
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n" + bytes(range(256)) * 400


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="eu-west-3",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    try:
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
    except client.exceptions.BucketAlreadyOwnedByYou:
        pass  # moto keeps its state per process: pytest-django may run this module's tests in two groups
    client.put_public_access_block(
        Bucket=BUCKET,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    yield endpoint
    server.stop()


def s3_options(endpoint: str, **overrides) -> dict:
    """The production settings' S3 options (ami_portal/settings.py), pointed at the test server."""
    return {
        "bucket_name": BUCKET,
        "endpoint_url": endpoint,
        "region_name": "eu-west-3",
        "addressing_style": "path",
        "signature_version": "s3v4",
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": 60,
        "custom_domain": None,
        "file_overwrite": False,
        "object_parameters": {"ContentDisposition": "attachment", "CacheControl": "private, no-store"},
        "location": "media",
        **CREDENTIALS,
        **overrides,
    }


@pytest.fixture
def s3_storage(settings, s3_endpoint):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": s3_options(s3_endpoint)},
    }
    return default_storage


def anonymous_get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def object_url(endpoint: str, name: str) -> str:
    return f"{endpoint}/{BUCKET}/media/{name}"


def make_attachment() -> Attachment:
    application = ApplicationFactory()
    attachment = Attachment(
        application=application,
        original_name="Budget prévisionnel « 2024 ».pdf",
        kind="pdf",
        size=len(PDF),
        sha256="0" * 64,
    )
    attachment.file.save("ignored.pdf", ContentFile(PDF), save=False)
    attachment.save()
    return attachment


@pytest.mark.django_db
def test_attachment_goes_to_the_bucket_and_comes_back_through_the_download_helper(s3_storage, s3_endpoint):
    attachment = make_attachment()

    # The carrier's file name is not the object's name; the object is in the bucket, not on disk.
    assert attachment.file.name.startswith(f"attachments/{attachment.application.public_id}/")
    assert "Budget" not in attachment.file.name
    head = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="eu-west-3",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    ).head_object(Bucket=BUCKET, Key=f"media/{attachment.file.name}")
    assert head["ContentLength"] == len(PDF)

    response = serve_private_file(
        attachment.file, download_name=attachment.original_name, content_type="application/pdf"
    )

    assert response.status_code == 200
    assert response.streaming
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Length"] == str(len(PDF))
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        'attachment; filename="Budget previsionnel 2024 .pdf"; '
        "filename*=utf-8''Budget%20pr%C3%A9visionnel%20%C2%AB%202024%20%C2%BB.pdf"
    )


@pytest.mark.django_db
def test_objects_are_private_to_anonymous_requests(s3_storage, s3_endpoint):
    attachment = make_attachment()

    assert anonymous_get(object_url(s3_endpoint, attachment.file.name)) == 403


def test_the_privacy_check_would_see_a_public_object(s3_endpoint):
    """Control for the test above: the same anonymous GET reads an object made public."""
    from storages.backends.s3 import S3Storage

    public = S3Storage(**s3_options(s3_endpoint, default_acl="public-read"))
    name = public.save("control/public.txt", ContentFile(b"public"))
    try:
        assert anonymous_get(object_url(s3_endpoint, name)) == 200
    finally:
        public.delete(name)


@pytest.mark.django_db
def test_storage_urls_are_signed_and_short_lived(s3_storage, s3_endpoint):
    attachment = make_attachment()

    url = attachment.file.url
    query = urlparse(url).query

    assert "X-Amz-Signature=" in query
    assert "X-Amz-Expires=60" in query
    assert url.startswith(s3_endpoint)


@pytest.mark.django_db
def test_signed_redirect_after_the_check_forces_a_download(s3_storage, s3_endpoint, monkeypatch):
    monkeypatch.setenv("AMI_S3_SIGNED_REDIRECT", "1")
    attachment = make_attachment()

    response = serve_private_file(
        attachment.file, download_name=attachment.original_name, content_type="application/pdf"
    )

    assert response.status_code == 302
    assert response["X-Content-Type-Options"] == "nosniff"
    location = response["Location"]
    assert "X-Amz-Expires=60" in location and "X-Amz-Signature=" in location
    with urllib.request.urlopen(location, timeout=10) as signed:
        assert signed.read() == PDF
        assert signed.headers["Content-Disposition"].startswith("attachment;")
        assert "filename*=utf-8''Budget%20pr%C3%A9visionnel" in signed.headers["Content-Disposition"]
        assert signed.headers["Content-Type"] == "application/pdf"


@pytest.mark.django_db
def test_missing_object_is_an_error_not_an_empty_download(s3_storage):
    # The same exception as on the local disk, so that views answer 404 whatever the storage.
    with pytest.raises(FileNotFoundError):
        serve_private_file("attachments/none/missing", download_name="x.pdf", content_type="application/pdf")


@pytest.mark.django_db
def test_health_checks_the_bucket(client, s3_storage):
    response = client.get("/health/")

    assert response.status_code == 200
    storage = response.json()["checks"]["storage"]
    assert storage == {"ok": True, "backend": "S3Storage", "duration_ms": storage["duration_ms"]}
    assert s3_storage.listdir("health-probes") == ([], [])


@pytest.mark.django_db
def test_carrier_downloads_her_attachment_from_the_bucket_through_the_portal(client, s3_storage):
    from django.urls import reverse

    from tests.factories import CarrierFactory

    attachment = make_attachment()
    owner = CarrierFactory(organisation=attachment.application.organisation)
    url = reverse(
        "applications:attachment_download",
        kwargs={"public_id": attachment.application.public_id, "attachment_id": attachment.public_id},
    )

    client.force_login(owner)
    response = client.get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"

    client.force_login(CarrierFactory())
    assert client.get(url).status_code == 404

    attachment.file.storage.delete(attachment.file.name)
    client.force_login(owner)
    assert client.get(url).status_code == 404
