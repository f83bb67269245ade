"""``python -m simulation.validation --write|--check``: docs/validation.md from the full run."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "validation.md"


def generate() -> str:
    from . import report, runner

    return report.markdown(runner.run(), "de")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m simulation.validation")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--write", action="store_true")
    g.add_argument("--check", action="store_true")
    args = p.parse_args(argv)
    text = generate()
    if args.write:
        DOC.write_text(text, encoding="utf-8")
        return 0
    if not DOC.exists() or DOC.read_text(encoding="utf-8") != text:
        print(f"{DOC} is stale: run python -m simulation.validation --write", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
