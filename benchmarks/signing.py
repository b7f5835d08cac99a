"""The signed decision path against a bare WeasyPrint render of the same decision, in one process.

    python benchmarks/signing.py [--repeat 15]

For one decision of a small call (a scratch SQLite database in a temporary folder, the AMI loaded,
a test seal made by ``ami_portal.pades.create_test_authority``), three timings, each the median of
``--repeat`` runs after one warm-up:

1. bare: WeasyPrint alone renders the decision's HTML with the application's stylesheet, fonts and
   PDF options (``review.documents.html_to_pdf``, built once as the application does);
2. signed: the application's whole path as the background task runs it — template, render, and
   the PAdES signature with its visible block (``review.documents.sign_decision_pdf``);
3. signing alone (``ami_portal.pades.sign_pdf``), and the verification page's validation;
4. signing alone at PAdES B-LT: a second test authority whose seal names a CRL served on loopback
   (``tests.pades_support.CrlServer``), fetched and embedded at each signature.

Target: the whole signed path ≤ 1.3× the bare render. Also the process's peak memory (a worker's).
"""

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCRATCH = Path(tempfile.mkdtemp(prefix="ami-signing-bench-"))
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "ami_portal.settings",
        "AMI_ALLOW_DEV_SECRET": "1",
        "AMI_VAR_DIR": str(SCRATCH),
        "DATABASE_URL": f"sqlite:///{SCRATCH / 'bench.sqlite3'}",
        "LOG_LEVEL": "WARNING",
    }
)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from ami_portal import pades  # noqa: E402


def median_seconds(function, repeat: int) -> float:
    function()  # warm-up: imports, fonts, caches
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def one_decision():
    from review.decisions import validate_proposal
    from review.models import Proposal
    from review.selection import propose
    from tests.review.decision_helpers import committee_member, official, reviewed_dossier, signature, small_call

    call = small_call()
    application = reviewed_dossier(call, requested="45203.50")
    proposal = propose(
        application=application,
        outcome=Proposal.Outcome.SELECTED,
        assessment_summary="Projet solide, partenariats établis dans les cinq départements.",
        by=committee_member(),
    )
    return validate_proposal(proposal=proposal, signature=signature(), by=official())


def signing_b_lt(decision, unsigned: bytes, repeat: int) -> tuple[float, str]:
    from review.documents import sign_decision_pdf
    from tests.pades_support import PASSWORD, CrlServer

    os.environ["NO_PROXY"] = "127.0.0.1,localhost"  # the CRL is on loopback, not behind a proxy
    server = CrlServer()
    try:
        authority = pades.create_test_authority(SCRATCH / "signing-lt", password=PASSWORD, crl_url=server.url)
        server.publish(authority)
        settings.AMI_SIGNING_PKCS12 = str(authority["seal"])
        settings.AMI_SIGNING_PKCS12_PASSWORD = PASSWORD
        settings.AMI_SIGNING_TRUST_ROOTS = [str(authority["ca"])]
        level = pades.validate(sign_decision_pdf(decision, unsigned)).level
        return median_seconds(lambda: sign_decision_pdf(decision, unsigned), repeat), level
    finally:
        server.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    authority = pades.create_test_authority(SCRATCH / "signing", password="benchmark-password")
    settings.AMI_SIGNING_PKCS12 = str(authority["seal"])
    settings.AMI_SIGNING_PKCS12_PASSWORD = "benchmark-password"
    settings.AMI_SIGNING_TRUST_ROOTS = [str(authority["ca"])]

    from review.documents import html_to_pdf, render_decision_html, render_decision_pdf, sign_decision_pdf

    decision = one_decision()
    html = render_decision_html(decision)
    unsigned = html_to_pdf(html)
    signed = sign_decision_pdf(decision, unsigned)
    assert pades.validate(signed).verdict is pades.Verdict.INTACT

    # Interleaved: each run times the bare render and the signed path back to back, so that a
    # burst of load elsewhere on the machine weighs on both; the ratio is the median of the runs'.
    pairs = [
        (
            median_seconds(lambda: html_to_pdf(html), 1),
            median_seconds(lambda: sign_decision_pdf(decision, render_decision_pdf(decision)), 1),
        )
        for _ in range(args.repeat)
    ]
    bare = statistics.median(b for b, _ in pairs)
    whole = statistics.median(w for _, w in pairs)
    ratio = statistics.median(w / b for b, w in pairs)
    template = median_seconds(lambda: render_decision_html(decision), args.repeat)
    signing = median_seconds(lambda: sign_decision_pdf(decision, unsigned), args.repeat)
    validating = median_seconds(lambda: pades.validate(signed), args.repeat)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    signing_lt, level_lt = signing_b_lt(decision, unsigned, args.repeat)

    print(f"| measure (median of {args.repeat}) | seconds |")
    print("| --- | --- |")
    print(f"| bare WeasyPrint render of the decision | {bare:.3f} |")
    print(f"| whole signed path (template, render, PAdES signature) | {whole:.3f} |")
    print(f"| template and its data alone | {template:.3f} |")
    print(f"| signature alone | {signing:.3f} |")
    print(f"| signature over the bare render (the signing's own cost) | {(bare + signing) / bare:.2f}× |")
    print(f"| validation (verification page) | {validating:.3f} |")
    print(f"| signature alone, {level_lt} (CRL fetched on loopback and embedded) | {signing_lt:.3f} |")
    print(f"| ratio, median of the paired runs (target ≤ 1.3×) | {ratio:.2f}× {'met' if ratio <= 1.3 else 'missed'} |")
    print(f"| peak memory of the process | {peak_mib:.0f} MiB |")
    print(f"| sizes | {len(unsigned):,} bytes unsigned, {len(signed):,} signed |")
    return 0 if ratio <= 1.3 else 1


if __name__ == "__main__":
    raise SystemExit(main())
