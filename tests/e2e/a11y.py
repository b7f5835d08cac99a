"""The auditors' tools, driven from the tests: axe-core in Chromium, the Nu HTML Checker in Java.

Both come from the npm registry, pinned in ``tests/e2e/tools/package.json`` and its lock file, and
are installed by ``make install-test`` (and CI) with ``npm ci --ignore-scripts`` into
``tests/e2e/tools/node_modules``; nothing is vendored. axe-core is injected into the page under
test; ``vnu.jar`` runs with the machine's Java 17. On a developer's machine without npm or Java
the audits skip and say why; in CI (``CI=true``) a missing tool is a failure, never a skip.

``assert_accessible`` fails on any « serious » or « critical » axe violation, and on any other
finding whose rule is not listed, with a decision, in ``docs/accessibility-audit.md``: the audit
document cannot silently fall behind the pages.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

from tests.pdf_support import pdf_text

ROOT = Path(__file__).resolve().parents[2]
TOOLS = Path(__file__).resolve().parent / "tools" / "node_modules"
AXE_JS = Path(os.environ.get("AMI_AXE_JS", TOOLS / "axe-core" / "axe.min.js"))
VNU_JAR = Path(os.environ.get("AMI_VNU_JAR", TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"))
AUDIT_DOC = ROOT / "docs" / "accessibility-audit.md"

# RGAA 4.1 maps onto WCAG 2.1 A and AA; best practices are audited too, and sorted in the audit doc.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING_IMPACTS = {"serious", "critical"}


def _missing(what: str, how: str):
    message = f"{what} is missing ({how})"
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(message + ": CI must install it", pytrace=False)
    pytest.skip(message)


@cache
def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def axe_source() -> str:
    if not AXE_JS.exists():
        _missing("axe-core", "run `make install-test`, which runs `npm ci` in tests/e2e/tools")
    return _axe_source()


# --- axe-core -----------------------------------------------------------------------------------


@dataclass
class Finding:
    rule: str
    impact: str
    help: str
    page: str
    targets: list[str] = field(default_factory=list)

    def __str__(self):
        where = ", ".join(self.targets[:4]) + (" …" if len(self.targets) > 4 else "")
        return f"[{self.impact}] {self.rule} on {self.page}: {self.help} — {where}"


def run_axe(page, *, label: str) -> list[Finding]:
    """Every axe violation on the page as it is now (after its scripts ran)."""
    source = axe_source()
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: the page's CSP (no inline script) does not apply.
        page.evaluate(source)
    results = page.evaluate(
        """async (tags) => {
            const r = await window.axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return r.violations.map(v => ({rule: v.id, impact: v.impact || 'minor', help: v.help,
                                          targets: v.nodes.map(n => n.target.join(' '))}));
        }""",
        AXE_TAGS,
    )
    return [Finding(page=label, **result) for result in results]


@cache
def documented_rules() -> frozenset[str]:
    """The axe rule ids that docs/accessibility-audit.md lists with a decision.

    They are the `rule-id`s in the first column of the table whose header starts with « | axe rule | »
    and whose last column (the decision) is not empty.
    """
    if not AUDIT_DOC.exists():
        return frozenset()
    rules, in_table = set(), False
    for line in AUDIT_DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("| axe rule |"):
            in_table = True
            continue
        if not line.startswith("|"):
            in_table = False
            continue
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if in_table and cells[-1] and not set(cells[-1]) <= {"-", " "}:
            rules.update(re.findall(r"`([a-z0-9-]+)`", cells[0]))
    return frozenset(rules)


def assert_accessible(page, *, label: str) -> list[Finding]:
    """Fail on serious/critical violations and on undocumented minor/moderate ones; return all."""
    findings = run_axe(page, label=label)
    blocking = [f for f in findings if f.impact in BLOCKING_IMPACTS]
    undocumented = [f for f in findings if f.impact not in BLOCKING_IMPACTS and f.rule not in documented_rules()]
    problems = blocking + undocumented
    if problems:
        lines = "\n".join(f"  {f}" for f in problems)
        pytest.fail(
            f"axe-core on {label}:\n{lines}\n(serious/critical must be fixed; others must be fixed or listed "
            f"with a decision in docs/accessibility-audit.md)",
            pytrace=False,
        )
    return findings


class Auditor:
    """Audits page after page and reports every problem at once, so that one run shows them all."""

    # A desktop and a phone: tables that scroll, menus that collapse only show up on the small one.
    WIDTHS = (1280, 375)

    def __init__(self, page, *, widths=WIDTHS):
        self.page = page
        self.widths = widths
        self.problems: list[str] = []
        self.audited: list[str] = []

    def check(self, label: str):
        """axe-core at each width, and the RGAA form rules, on the page as it is now."""
        self.audited.append(label)
        self.page.wait_for_function("document.readyState === 'complete'")  # its scripts have run
        original = self.page.viewport_size
        try:
            self._run(assert_form_follows_rgaa, label)
            for width in self.widths:
                self.page.set_viewport_size({"width": width, "height": 900})
                self.page.wait_for_timeout(50)  # let resize handlers run
                self._run(assert_accessible, f"{label} @{width}px")
        finally:
            if original:
                self.page.set_viewport_size(original)

    def _run(self, audit, label):
        try:
            audit(self.page, label=label)
        except pytest.fail.Exception as failure:
            self.problems.append(str(failure))

    def visit(self, url: str, label: str | None = None):
        response = self.page.goto(url)
        assert response is not None and response.ok, f"{url} answered {response and response.status}"
        self.check(label or url)
        return response

    def finish(self):
        if self.problems:
            pytest.fail("\n\n".join(self.problems), pytrace=False)


# --- the Nu HTML Checker -------------------------------------------------------------------------


def validate_html(documents: dict[str, str]) -> dict[str, list[str]]:
    """Errors of the Nu HTML Checker for each document (label → HTML), in one Java run."""
    java = shutil.which("java")
    if not java:
        _missing("Java", "apt-get install default-jre-headless")
    if not VNU_JAR.exists():
        _missing("vnu.jar", "run `make install-test`, which runs `npm ci` in tests/e2e/tools")
    with tempfile.TemporaryDirectory(prefix="ami-vnu-") as folder:
        names = {}
        for index, (label, html) in enumerate(documents.items()):
            path = Path(folder) / f"page-{index:03d}.html"
            path.write_text(html, encoding="utf-8")
            names[path.name] = label
        completed = subprocess.run(
            [
                java,
                "-Xss2m",
                "-jar",
                str(VNU_JAR),
                "--stdout",
                "--format",
                "json",
                "--errors-only",
                "--exit-zero-always",
            ]
            + [str(Path(folder) / name) for name in sorted(names)],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    if completed.returncode != 0:
        raise RuntimeError(f"vnu failed ({completed.returncode}): {completed.stderr[-2000:]}")
    errors: dict[str, list[str]] = {label: [] for label in documents}
    for message in json.loads(completed.stdout)["messages"]:
        if message.get("type") != "error" and message.get("subType") != "fatal":
            continue
        label = names[message["url"].rsplit("/", 1)[-1]]
        extract = (message.get("extract") or "").strip().replace("\n", " ")
        errors[label].append(f"line {message.get('lastLine')}: {message['message']} — {extract[:160]}")
    return errors


# --- browser helpers -----------------------------------------------------------------------------


def log_in(page, user, *, base_url: str):
    """Give the page's browser context a session for ``user`` without going through the login form."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


def focused_element(page) -> dict:
    """What has the keyboard focus, and whether a user can see where it is."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return {tag: 'body', visible: false, text: ''};
            const s = getComputedStyle(el);
            const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
            const box = el.getBoundingClientRect();
            return {
                tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name') || '',
                type: el.getAttribute('type') || '',
                text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 80),
                visible: outline || s.boxShadow !== 'none',
                outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
                top: box.top + window.scrollY, onscreen: box.width > 0 && box.height > 0,
            };
        }"""
    )


# --- RGAA form rules that axe does not check ------------------------------------------------------

REQUIRED_MARKS = ("(obligatoire)", "(required)")

_FORM_PROBLEMS_JS = """(marks) => {
    const problems = [];
    const describe = (el) => `${el.tagName.toLowerCase()}#${el.id || el.name}`;
    const fields = [...document.querySelectorAll('main input, main select, main textarea')]
        .filter(el => !['hidden', 'submit', 'button', 'reset', 'image'].includes(el.type));
    const labelText = (el) => {
        const group = el.closest('fieldset');
        if ((el.type === 'radio' || el.type === 'checkbox') && group && group.querySelectorAll(`[name="${el.name}"]`).length > 1) {
            const legend = group.querySelector('legend');
            return legend ? legend.textContent : '';
        }
        return [...(el.labels || [])].map(l => l.textContent).join(' ');
    };
    for (const el of fields) {
        // A checkbox that selects a table row (or all rows, in the header) is named by aria-label and
        // labelled visibly by its row (RGAA 11.1.3, text next to the field); it answers no grouped question.
        const rowSelector = el.type === 'checkbox' && el.closest('tr') && el.getAttribute('aria-label');
        // Django's admin action bar: a menu of actions whose select carries `required` (see the audit doc).
        const actionMenu = el.matches('.actions select[name="action"]');
        // RGAA 11.1: every field has a visible label; 11.10: required fields say so in text.
        if (!rowSelector && !labelText(el).trim()) problems.push(`${describe(el)} has no visible label`);
        if (!actionMenu && (el.required || el.getAttribute('aria-required') === 'true')) {
            if (!marks.some(m => labelText(el).includes(m))) problems.push(`${describe(el)} is required but its label does not say so`);
        }
        // RGAA 11.5/11.6: radio buttons and checkboxes of one question are grouped in a fieldset with a legend.
        if (!rowSelector && (el.type === 'radio' || (el.type === 'checkbox' && document.querySelectorAll(`main [name="${el.name}"]`).length > 1))) {
            const group = el.closest('fieldset');
            if (!group || !group.querySelector('legend') || !group.querySelector('legend').textContent.trim()) {
                problems.push(`${describe(el)} belongs to a group without fieldset/legend`);
            }
        }
        // RGAA 11.10: an error is tied to its field.
        if (el.getAttribute('aria-invalid') === 'true') {
            // Either on the field, or (DSFR radio and checkbox groups) on its fieldset's name.
            const group = el.closest('fieldset');
            const ids = [...(el.getAttribute('aria-describedby') || '').split(/\\s+/),
                         ...(group ? (group.getAttribute('aria-labelledby') || '').split(/\\s+/) : [])].filter(Boolean);
            const nodes = ids.map(id => document.getElementById(id)).filter(Boolean);
            if (!nodes.some(n => n.textContent.trim() && !n.matches('legend, .fr-hint-text'))) problems.push(`${describe(el)} is invalid but no aria-describedby points to its error`);
        }
    }
    for (const group of document.querySelectorAll('main fieldset.fr-fieldset--error')) {
        const ids = (group.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
        if (!ids.some(id => document.getElementById(id) && document.getElementById(id).classList.contains('fr-messages-group'))) {
            problems.push(`fieldset#${group.id} is in error but its error message is not tied to it`);
        }
    }
    const summaries = document.querySelectorAll('[data-error-summary]');
    if (summaries.length > 1) problems.push(`${summaries.length} error summaries on one page: render one for all its forms`);
    const summary = summaries[0];
    const invalid = document.querySelectorAll('main [aria-invalid="true"], main .fr-fieldset--error');
    if (invalid.length && !summary) problems.push('fields are in error but there is no error summary');
    if (summary) {
        if (document.activeElement !== summary) problems.push(`the error summary does not have the focus (${describe(document.activeElement)} has it)`);
        for (const link of summary.querySelectorAll('a[href^="#"]')) {
            const target = document.getElementById(decodeURIComponent(link.getAttribute('href').slice(1)));
            if (!target) problems.push(`the summary link ${link.getAttribute('href')} points nowhere`);
            else if (!target.matches('input, select, textarea, fieldset')) problems.push(`the summary link ${link.getAttribute('href')} does not point to a field`);
        }
    }
    return problems;
}"""


def form_problems(page) -> list[str]:
    """What breaks the RGAA form rules on the page as shown: labels, required marks, groups, errors."""
    return page.evaluate(_FORM_PROBLEMS_JS, list(REQUIRED_MARKS))


def assert_form_follows_rgaa(page, *, label: str):
    problems = form_problems(page)
    if problems:
        pytest.fail(f"RGAA form rules on {label}:\n" + "\n".join(f"  {p}" for p in problems), pytrace=False)


# --- PDF: tagged, titled, in French, in reading order --------------------------------------------


def pdf_accessibility(pdf: bytes) -> dict:
    """What a screen reader relies on in a PDF: tags, title, language, and the tagged reading order.

    ``order`` lists the structure elements (H1, P, Table…) depth-first, which is the reading order
    assistive technologies follow; ``headings`` pairs each heading tag with the text it marks.
    """
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    mark_info = root.get("/MarkInfo")
    viewer = root.get("/ViewerPreferences")
    order: list[str] = []
    tree = root.get("/StructTreeRoot")

    def walk(node, depth=0):
        if depth > 60:
            return
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for child in node:
                walk(child, depth + 1)
            return
        if not hasattr(node, "get"):
            return  # a marked-content id: the leaf that points at the page content
        kind = node.get("/S")
        if kind is not None:
            order.append(str(kind).lstrip("/"))
        kids = node.get("/K")
        if kids is not None:
            walk(kids, depth + 1)

    if tree is not None:
        walk(tree.get_object().get("/K"))
    return {
        "marked": bool(mark_info and mark_info.get_object().get("/Marked") in (True, "true")),
        "struct_tree": tree is not None,
        "lang": str(root.get("/Lang") or ""),
        "title": str((reader.metadata or {}).get("/Title") or ""),
        "display_title": bool(viewer and viewer.get_object().get("/DisplayDocTitle") in (True, "true")),
        "order": order,
        "text": pdf_text(pdf),
    }


# --- French everywhere ------------------------------------------------------------------------------

# Words that are common in English sentences and never occur in French ones (« a », « on », « must »
# are left out: they are French words or appear in proper names).
ENGLISH_WORDS = re.compile(
    r"\b(the|your|with|please|which|should|these|those|there|been|have|has|will|would|you|from|into|"
    r"step|save|submit|upload|required|optional|error|errors|enter|choose|back|next|previous)\b",
    re.IGNORECASE,
)


def visible_text(html: str) -> str:
    """The text a reader sees (and hears) in a page: no scripts, styles, tags, nor elements in another language."""
    from html import unescape

    html = re.sub(r"(?is)<(script|style|template)\b.*?</\1>", " ", html)
    html = re.sub(r'(?is)<(\w+)[^>]*\blang="(?!fr)[a-z-]+"[^>]*>.*?</\1>', " ", html)  # declared foreign words
    text = re.sub(r"(?s)<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", unescape(text))


def english_in(html: str) -> list[str]:
    """English words in a page that should be all French, each with a little context."""
    text = visible_text(html)
    return [text[max(0, m.start() - 40) : m.end() + 40] for m in ENGLISH_WORDS.finditer(text)]
