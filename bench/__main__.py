"""``python -m bench``: run the benchmarks in a throw-away database and print their figures."""

from __future__ import annotations

import os
import sys

import django


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greening.settings")
    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    print(f"benchmark database: {database} ({connection.vendor})")
    try:
        from bench import fan_out

        names = sys.argv[1:] or ["fan_out"]
        if "fan_out" in names:
            fan_out.report(fan_out.run())
    finally:
        connection.creation.destroy_test_db(database, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
