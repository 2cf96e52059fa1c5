"""Fails when the widget a clinic's visitors download (JS + CSS, gzipped) exceeds its budget.

Family members often open the clinic's site on an old phone with a weak signal; the widget
must stay small. The budget is 60 kB gzipped for everything shipped (the demo page is not
shipped). Run: `python widget/size_check.py` (exit 1 over budget); the browser tests run it too.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

WIDGET_DIR = Path(__file__).resolve().parent
SHIPPED_FILES = ("family-guide.js", "family-guide.css")
BUDGET_BYTES = 60_000


def gzipped_sizes(folder: Path = WIDGET_DIR) -> dict[str, tuple[int, int]]:
    """{file name: (raw bytes, gzipped bytes)} for every shipped file, at gzip level 9."""
    sizes = {}
    for name in SHIPPED_FILES:
        raw = (folder / name).read_bytes()
        sizes[name] = (len(raw), len(gzip.compress(raw, compresslevel=9, mtime=0)))
    return sizes


def total_gzipped(sizes: dict[str, tuple[int, int]]) -> int:
    return sum(gz for _raw, gz in sizes.values())


def main() -> int:
    sizes = gzipped_sizes()
    for name, (raw, gz) in sizes.items():
        print(f"{name:20} {raw:7d} B raw  {gz:6d} B gzipped")
    total = total_gzipped(sizes)
    verdict = "within" if total <= BUDGET_BYTES else "OVER"
    print(f"{'total':20} {total:22d} B gzipped ({verdict} the {BUDGET_BYTES} B budget)")
    return 0 if total <= BUDGET_BYTES else 1


if __name__ == "__main__":
    sys.exit(main())
