"""`make placeholders`: everything the clinic must fill before launch, in one list.

The clinic's details (catalogues/clinic_launch.yml), its site and the pages it has not reviewed
(catalogues/articles.yml), and the answers still marked `placeholder: true` in the content
catalogue (domain/answers/). `--one-line` prints a single warning (or nothing when all is filled)
for `make run`.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional

import yaml

from actions.article_catalogue import read_entries
from actions.clinic_launch import (
    BASE_URL_VARIABLE,
    LAUNCH_PATH,
    LaunchSettings,
    load_launch_settings,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ANSWERS_DIR = PROJECT_ROOT / "domain" / "answers"
LAUNCH_FILE = LAUNCH_PATH.relative_to(PROJECT_ROOT)


def placeholder_answers(answers_dir: Path = ANSWERS_DIR) -> List[str]:
    """Answers whose metadata still says `placeholder: true`, with what the clinic must fill."""
    found = []
    for path in sorted(answers_dir.glob("*.yml")):
        responses = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses")
        for name, variations in (responses or {}).items():
            for variation in variations or []:
                meta = variation.get("metadata") or {}
                if meta.get("placeholder"):
                    found.append(f"answer {name} ({path.name}): {meta.get('todo', 'to fill')}")
                    break
    return found


def unfilled(
    settings: Optional[LaunchSettings] = None,
    entries: Optional[Iterable[Dict[str, Any]]] = None,
    answers_dir: Path = ANSWERS_DIR,
) -> List[str]:
    """Every placeholder still to fill, one readable line each (defaults: the project's files)."""
    settings = settings or load_launch_settings()
    entries = read_entries() if entries is None else entries
    items = [f"detail '{d.name}': {d.where}" for d in settings.details if not d.filled]
    if not settings.base_url:
        items.append(f"base URL: the clinic's site ({LAUNCH_FILE} base_url, or "
                     f"{BASE_URL_VARIABLE})")
    items += [
        f"clinic page not reviewed (never linked until it is): {entry['id']} {entry['url']}"
        for entry in entries
        if entry.get("url_from") == "clinic" and entry.get("id") not in settings.reviewed_pages
    ]
    return items + placeholder_answers(answers_dir)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one-line", action="store_true",
                        help="one warning line while anything is unfilled, else nothing")
    args = parser.parse_args(argv)
    items = unfilled()
    if args.one_line:
        if items:
            print(f"WARNING: {len(items)} launch placeholders are not filled yet "
                  "(clinic details, site, pages): run `make placeholders` to list them.")
        return 0
    if not items:
        print("Every launch placeholder is filled.")
        return 0
    print(f"{len(items)} placeholders the clinic must fill before launch "
          f"(mark each done in {LAUNCH_FILE}):")
    for item in items:
        print(f"- {item}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
