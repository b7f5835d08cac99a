"""The direction of the dependencies: ``review`` (staff) imports ``applications`` (carriers), never
the reverse — not at module level, not inside a function. What the carrier side needs from the
staff side is registered by ``review`` in ``applications.staff_side``.

``applications/grants/`` is a Django app of its own (label ``grants``): the follow-up of awarded
grants comes after the staff's decision and builds on both sides, so it is not scanned.
"""

import ast
from pathlib import Path

import applications

APPLICATIONS = Path(applications.__file__).parent
OTHER_APPS = {APPLICATIONS / "grants"}


def imported_modules(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


def review_imports_in(path: Path, root: Path = APPLICATIONS.parent) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        f"{path.relative_to(root)}:{line} imports {name}"
        for line, name in imported_modules(tree)
        if name == "review" or name.startswith("review.")
    ]


def test_applications_never_imports_review():
    files = sorted(path for path in APPLICATIONS.rglob("*.py") if not OTHER_APPS & set(path.parents))
    assert len(files) > 30  # the scan does see the app
    assert [found for path in files for found in review_imports_in(path)] == []


def test_the_scan_finds_an_import_hidden_in_a_function(tmp_path):
    hidden = tmp_path / "applications" / "hidden.py"
    hidden.parent.mkdir()
    hidden.write_text("def f():\n    from review.models import Decision\n    import review.access\n", encoding="utf-8")
    assert review_imports_in(hidden, root=tmp_path) == [
        "applications/hidden.py:2 imports review.models",
        "applications/hidden.py:3 imports review.access",
    ]
