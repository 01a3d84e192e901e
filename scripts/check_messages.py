"""Fail when the zh-hans catalogue is behind the code.

Extracts the messages the code uses now (``makemessages``, which needs GNU gettext) and compares
them with the committed catalogue: every msgid in the code must be in the catalogue. The committed
file is restored afterwards, so the check changes nothing. Whether every entry is translated and
compiled is checked by tests/greening/test_translations.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def main() -> int:
    if shutil.which("xgettext") is None:
        if os.environ.get("REQUIRE_SERVICES") == "1":
            print("check_messages: GNU gettext (xgettext) is required but not installed.", file=sys.stderr)
            return 1
        print("check_messages: xgettext not installed; skipping the extraction check.")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        backup = Path(tmp) / "django.po"
        shutil.copy2(CATALOGUE, backup)
        try:
            subprocess.run(
                [
                    sys.executable,
                    "manage.py",
                    "makemessages",
                    "--locale",
                    "zh_Hans",
                    "--no-location",
                    "--no-obsolete",
                    "--ignore",
                    ".venv/*",
                    "--ignore",
                    "staticfiles/*",
                    "--ignore",
                    "var/*",
                    "--verbosity",
                    "0",
                ],
                cwd=ROOT,
                check=True,
            )
            extracted = {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(CATALOGUE))}
        finally:
            shutil.copy2(backup, CATALOGUE)
    committed = {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(CATALOGUE)) if not entry.obsolete}
    missing = sorted(extracted - committed, key=lambda key: key[1])
    stale = sorted(committed - extracted, key=lambda key: key[1])
    if missing or stale:
        for _context, msgid in missing:
            print(f"not in the catalogue: {msgid!r}", file=sys.stderr)
        for _context, msgid in stale:
            print(f"no longer used: {msgid!r}", file=sys.stderr)
        print("Run `make messages`, translate, and commit locale/.", file=sys.stderr)
        return 1
    print(f"check_messages: catalogue in step with the code ({len(committed)} messages).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
