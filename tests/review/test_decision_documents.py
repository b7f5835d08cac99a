"""Decision PDFs: what they say, that they are archival and tagged, and that user text stays text."""

import hashlib
import io
from decimal import Decimal

import pypdf
import pytest

from ami_portal import pdf
from review import documents
from review.amount_words import amount_in_words_fr, number_in_words_fr
from review.decisions import validate_proposal
from review.models import Proposal
from review.selection import propose

from ..pdf_support import pdf_text
from .decision_helpers import committee_member, official, reviewed_dossier, signature, small_call

SELECTED, REJECTED = Proposal.Outcome.SELECTED, Proposal.Outcome.REJECTED


@pytest.fixture
def call(db):
    return small_call()


def issue(call, *, outcome, summary="", **dossier):
    application = reviewed_dossier(call, **dossier)
    proposal = propose(application=application, outcome=outcome, assessment_summary=summary, by=committee_member())
    return validate_proposal(proposal=proposal, signature=signature(), by=official())


@pytest.mark.parametrize(
    "amount,words",
    [
        ("100000", "cent mille euros"),
        ("45203.50", "quarante-cinq mille deux cent trois euros et cinquante centimes"),
        ("1", "un euro"),
        ("0.01", "un centime"),
        ("21.21", "vingt et un euros et vingt et un centimes"),
        ("71", "soixante et onze euros"),
        ("80", "quatre-vingts euros"),
        ("80000", "quatre-vingt mille euros"),
        ("91", "quatre-vingt-onze euros"),
        ("200", "deux cents euros"),
        ("200300", "deux cent mille trois cents euros"),
        ("1000", "mille euros"),
        ("23000", "vingt-trois mille euros"),
        ("1000000", "un million d'euros"),
        ("2000000", "deux millions d'euros"),
        ("80000000", "quatre-vingts millions d'euros"),
        ("1200000", "un million deux cent mille euros"),
        (
            "999999.99",
            "neuf cent quatre-vingt-dix-neuf mille neuf cent quatre-vingt-dix-neuf euros et quatre-vingt-dix-neuf centimes",
        ),
    ],
)
def test_amounts_in_french_words(amount, words):
    assert amount_in_words_fr(Decimal(amount)) == words


def test_every_number_has_words():
    spelled = {number_in_words_fr(n) for n in range(0, 2000)}
    assert len(spelled) == 2000  # no two numbers written the same way


@pytest.mark.django_db
def test_award_letter_holds_the_amount_the_beneficiary_and_the_obligations(call):
    decision = issue(call, outcome=SELECTED, requested="45203.50")
    organisation = decision.application.organisation
    text = pdf_text(documents.render_decision_pdf(decision))

    assert "Décision attributive de subvention" in text
    assert "45 203,50 €" in text
    assert "quarante-cinq mille deux cent trois euros et cinquante centimes" in text
    assert organisation.name in text and organisation.siret in text and organisation.rna in text
    assert "CERFA n° 15059" in text and "six mois" in text
    assert "convention" in text and "23 000 €" in text
    assert "loi n° 2000-321" in text and "2001-495" in text and "10-1" in text
    assert "Jeanne Martin" in text and decision.signatory_role in text
    assert decision.reference in text
    assert f"/v/{decision.verification_code}" in text


@pytest.mark.django_db
def test_refusal_letter_states_the_appeal_routes_and_time_limits(call):
    decision = issue(call, outcome=REJECTED, summary="Le déploiement territorial reste imprécis.")
    text = pdf_text(documents.render_decision_pdf(decision))

    assert "Décision de rejet" in text
    assert decision.application.organisation.name in text
    assert "Le déploiement territorial reste imprécis." in text
    for words in ("recours gracieux", "recours hiérarchique", "recours contentieux", "tribunal administratif"):
        assert words in text
    assert "deux mois" in text and "R. 421-1" in text and "R. 421-5" in text
    assert "€" not in text.split("Article 2")[0].split("Décide")[1]  # no amount is awarded


@pytest.mark.django_db
def test_pdf_is_archival_and_tagged(call):
    decision = issue(call, outcome=SELECTED)
    data = documents.render_decision_pdf(decision)
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged for accessibility
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"pdfaid:part" in xmp and b"pdfaid:conformance" in xmp  # PDF/A identification
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
        if "/BaseFont" in font.get_object()
    }
    assert any("Marianne" in name for name in fonts)


@pytest.mark.django_db
def test_user_text_is_text_and_nothing_is_fetched(call, monkeypatch):
    hostile = '<img src="http://attacker.example/x.png"><link rel="stylesheet" href="file:///etc/passwd"> & <b>gras</b>'
    decision = issue(call, outcome=REJECTED, summary=hostile, title='Projet <script>alert(1)</script> "égalité"')
    asked = []
    original = pdf._fetcher

    def spying_fetcher():
        fetcher = original()
        real = fetcher.fetch

        def fetch(url, headers=None):
            asked.append(url)
            return real(url, headers)

        fetcher.fetch = fetch
        return fetcher

    pdf._renderer.cache_clear()
    monkeypatch.setattr(pdf, "_fetcher", spying_fetcher)
    try:
        text = pdf_text(documents.render_decision_pdf(decision))
    finally:
        pdf._renderer.cache_clear()
    assert '<img src="http://attacker.example/x.png">' in text
    assert "<script>alert(1)</script>" in text
    assert asked and all(url in pdf.allowed_files() for url in asked)  # only our fonts


def test_the_fetcher_refuses_everything_but_our_fonts():
    fetcher = pdf._fetcher()
    for url in ("http://example.org/a.css", "https://example.org/", "file:///etc/passwd", "data:text/css,body{}"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    font_url = next(iter(pdf.allowed_files()))
    assert fetcher.fetch(font_url).read(4) == b"wOF2"


def overflowing_boxes(html: str) -> list:
    from weasyprint import HTML

    fetcher, fonts, css = pdf._renderer()
    rendered = HTML(string=html, base_url=pdf.BASE_URL, url_fetcher=fetcher).render(
        stylesheets=[css], font_config=fonts
    )
    problems = []
    for page in rendered.pages:
        body = page._page_box
        right = body.content_box_x() + body.width
        for box in body.descendants():
            if hasattr(box, "text") and box.position_x + box.width > right + 0.5:
                problems.append(box.text[:40])
    return problems


@pytest.mark.django_db
def test_long_words_and_long_answers_stay_on_the_page(call):
    word = "Anticonstitutionnellementxyzw" + "é"  # 30 characters without a break
    summary = ((word + " ") * 3 + "x" * 300 + " ") + ("Les ateliers se tiennent chaque mois. " * 140)[:5000]
    decision = issue(call, outcome=REJECTED, summary=summary[:3000])
    decision.application.summary = summary
    decision.application.organisation.name = "Association" + "A" * 150
    html = documents.render_decision_html(decision)

    assert overflowing_boxes(html) == []
    text = pdf_text(documents.html_to_pdf(html))
    assert "Les ateliers se tiennent chaque mois." in text


@pytest.mark.django_db
def test_attached_pdf_keeps_its_fingerprint(call):
    decision = issue(call, outcome=SELECTED)
    documents.attach_pdf(decision)
    decision.refresh_from_db()
    stored = decision.pdf.read()
    assert hashlib.sha256(stored).hexdigest() == decision.sha256
    first_name = decision.pdf.name

    documents.attach_pdf(decision)  # a second generation changes nothing
    decision.refresh_from_db()
    assert decision.pdf.name == first_name
    assert hashlib.sha256(decision.pdf.read()).hexdigest() == decision.sha256
