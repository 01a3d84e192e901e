"""``python -m bench [name …]``: run the benchmarks in a throw-away database and print their figures.

Names: ``fan_out`` (the warning fan-out) and ``api_list`` (the contractor API's orders list under load,
against a bare baseline). No name runs them all.
"""

from __future__ import annotations

import os
import sys

import django

BENCHMARKS = ("fan_out", "api_list")
# Not pytest's test_<name> (kept between runs by --reuse-db, maybe in use right now): a database of our own.
DATABASE_SUFFIX = "_bench"


def main() -> int:
    """Create the throw-away database, run the benchmarks named on the command line (all by default), drop it."""
    names = sys.argv[1:] or list(BENCHMARKS)
    unknown = [name for name in names if name not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark: {', '.join(unknown)} (choose from: {', '.join(BENCHMARKS)})", file=sys.stderr)
        return 2

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greening.settings")
    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    if connection.vendor != "sqlite":
        connection.settings_dict["TEST"]["NAME"] = f"test_{connection.settings_dict['NAME']}{DATABASE_SUFFIX}"
    database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    print(f"benchmark database: {database} ({connection.vendor})")
    try:
        from bench import api_list, fan_out

        if "fan_out" in names:
            fan_out.report(fan_out.run())
        if "api_list" in names:
            api_list.report(api_list.run())
    finally:
        connection.creation.destroy_test_db(database, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
