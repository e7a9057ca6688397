"""The `cancuoc` command: one entry point for users, wrapping the management commands.

    cancuoc demo [--people N] [--no-serve]
    cancuoc serve [ADDR:PORT]
    cancuoc synth --people N --seed S --out people.csv [--truth truth.csv]
    cancuoc export people [--unit CODE] [--q TEXT] [--format xlsx|csv] --out FILE
    cancuoc audit verify
    cancuoc <any management command> ...
"""

from __future__ import annotations

import os
import sys

ALIASES = {"serve": "serve"}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cancuoc.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        args = ["help"]
    execute_from_command_line(["cancuoc", *args])


if __name__ == "__main__":
    main()
