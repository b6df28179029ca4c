"""Maintain kemixl's message catalogs (gettext .po/.mo under src/kemixl/i18n/locale/).

    python scripts/catalog.py update    # extract the marked messages, merge them into fi/sv/en
    python scripts/catalog.py compile   # .po -> .mo (the files kemixl reads at run time)
    python scripts/catalog.py check     # what is untranslated, unused or stale (exit 1 if any)

After `update`, translate the new empty entries in every language's .po, then `compile`.
"""

from __future__ import annotations

import argparse
import sys

from kemixl.i18n import maintain


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("action", choices=("update", "compile", "check"))
    args = parser.parse_args()
    if args.action == "update":
        for path in maintain.update(maintain.extract()):
            print(f"updated {path}")
        return 0
    if args.action == "compile":
        for path in maintain.compile_all():
            print(f"compiled {path}")
        return 0
    problems = maintain.check()
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
