"""Build the French catalogue from the sources and the translation tables.

``python locale/build_catalogue.py`` runs ``makemessages``, fills every msgstr from the tables in
``locale/fr/catalogue/*.py`` (one per area of the code, so that people working on different areas
never edit the same file), and compiles the ``.mo``. With ``--check`` it fails when any message
of the code has no French translation, or is fuzzy: CI runs it that way.

A table is a module with ``FR = {msgid: msgstr}``; a plural message is keyed by the tuple
``(singular, plural)`` and maps to ``(french_singular, french_plural)``.
"""

import argparse
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO_PATH = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
TABLES = ROOT / "locale" / "fr" / "catalogue"


def load_tables() -> dict:
    merged: dict = {}
    for path in sorted(TABLES.glob("*.py")):
        if path.name.startswith("_"):
            continue
        spec = importlib.util.spec_from_file_location(f"catalogue_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for key, value in module.FR.items():
            if key in merged and merged[key] != value:
                print(f"warning: {path.name} translates {key!r} differently", file=sys.stderr)
            merged[key] = value
    return merged


def run_makemessages() -> None:
    env = {**os.environ, "AMI_ALLOW_DEV_SECRET": "1", "DJANGO_SETTINGS_MODULE": "ami_portal.settings"}
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "fr",
            "--no-obsolete",
            "--add-location",
            "file",
            "-i",
            "var/*",
            "-i",
            ".venv/*",
            "-i",
            "tests/*",
            "-i",
            "benchmarks/*",
            "-i",
            "locale/*",
            "-i",
            "node_modules/*",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def fill(po: polib.POFile, tables: dict) -> list[str]:
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            value = tables.get((entry.msgid, entry.msgid_plural))
            if value:
                entry.msgstr_plural = {0: value[0], 1: value[1]}
        else:
            value = tables.get(entry.msgid)
            if value:
                entry.msgstr = value
        if value and "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        if value:
            # msgmerge's "#| msgid" notes of a fuzzy guess: stale once the table answers, and they
            # would make two builds of the same sources differ.
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
        if not value:
            missing.append(entry.msgid)
    return missing


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true", help="fail on any untranslated or fuzzy message")
    args = parser.parse_args()
    run_makemessages()
    po = polib.pofile(str(PO_PATH))
    po.metadata["Language"] = "fr"
    po.metadata["Plural-Forms"] = "nplurals=2; plural=(n > 1);"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    # Fixed dates keep the committed catalogue byte-identical when nothing changed (CI compares it).
    po.metadata["POT-Creation-Date"] = "2024-03-08 00:00+0100"
    po.metadata["PO-Revision-Date"] = "2024-03-08 00:00+0100"
    po.metadata["Last-Translator"] = "Portail AMI"
    po.metadata["Language-Team"] = "French"
    missing = fill(po, load_tables())
    po.save(str(PO_PATH))
    po.save_as_mofile(str(PO_PATH.with_suffix(".mo")))
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    for msgid in missing:
        print(f"untranslated: {msgid!r}", file=sys.stderr)
    for msgid in fuzzy:
        print(f"fuzzy: {msgid!r}", file=sys.stderr)
    print(f"{len(po) - len(missing)} of {len(po)} messages translated.")
    if args.check and (missing or fuzzy):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
