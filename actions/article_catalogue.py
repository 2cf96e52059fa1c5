"""Loads and checks the article catalogue (catalogues/articles.yml).

File reading lives here, away from the action class and the pure ranking. The clinic's own pages
are written as "{clinic}/path"; the base URL and which pages the clinic has reviewed come from one
place, the launch settings (actions/clinic_launch.py). Until the clinic sets both, its pages are
never offered (`offered_articles`) and the outside sources are linked instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Tuple

import yaml

from actions.clinic_launch import LaunchSettings, load_launch_settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CATALOGUE_PATH = PROJECT_ROOT / "catalogues" / "articles.yml"
# Stands in for the clinic's site only to check catalogue URLs and to list unreviewed pages:
# a page under it is never offered to a family.
PLACEHOLDER_BASE_URL = "https://www.example-clinic.org"
CLINIC_PLACEHOLDER = "{clinic}"
CLINIC_REVIEW_PENDING = "pending"  # a clinic page's own review date lives in clinic_launch.yml
AUDIENCES = ("family", "everyone", "professionals")
URL_ORIGINS = ("facts.md", "clinic", "official homepage")
REQUIRED_FIELDS = (
    "id", "title", "url", "summary", "topics", "stages", "substances", "audience", "owner",
    "reviewed", "url_from",
)


@dataclass(frozen=True)
class Article:
    """One catalogue entry, with its URL already resolved."""

    id: str
    title: str
    url: str
    summary: str
    topics: Tuple[str, ...]
    stages: Tuple[str, ...]  # empty: fits every stage
    substances: Tuple[str, ...]  # empty: not specific to one substance
    audience: str
    owner: str
    reviewed: str
    url_from: str


def read_entries(path: Path = CATALOGUE_PATH) -> List[Dict[str, Any]]:
    """The raw catalogue entries, as written in the YAML file."""
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    return list(data.get("articles") or [])


def to_article(entry: Dict[str, Any], base_url: str) -> Article:
    """A typed article; "{clinic}" in the URL becomes the clinic's base URL."""
    return Article(
        id=str(entry["id"]),
        title=str(entry["title"]),
        url=str(entry["url"]).replace(CLINIC_PLACEHOLDER, base_url),
        summary=str(entry["summary"]),
        topics=tuple(entry.get("topics") or ()),
        stages=tuple(entry.get("stages") or ()),
        substances=tuple(entry.get("substances") or ()),
        audience=str(entry["audience"]),
        owner=str(entry["owner"]),
        reviewed=str(entry["reviewed"]),
        url_from=str(entry["url_from"]),
    )


@lru_cache(maxsize=4)
def load_articles(
    path: Path = CATALOGUE_PATH, base_url: Optional[str] = None
) -> Tuple[Article, ...]:
    """Every article in the catalogue, in file order (which breaks ranking ties), clinic pages
    resolved against `base_url` (default: the configured site, else the placeholder)."""
    base = (base_url or load_launch_settings().base_url or PLACEHOLDER_BASE_URL).rstrip("/")
    return tuple(to_article(entry, base) for entry in read_entries(path))


def offered_articles(
    articles: Iterable[Article], settings: Optional[LaunchSettings] = None
) -> Tuple[Article, ...]:
    """The articles a family may be sent: every outside source, and a clinic page only once the
    clinic has set its site and reviewed that page."""
    settings = settings or load_launch_settings()
    return tuple(a for a in articles if a.url_from != "clinic" or settings.page_is_live(a.id))


def catalogue_problems(
    entries: Iterable[Dict[str, Any]],
    topics: Iterable[str],
    stages: Iterable[str],
    substances: Iterable[str],
) -> List[str]:
    """Every problem in the raw entries, as readable sentences (empty when all is well)."""
    known = {"topics": set(topics), "stages": set(stages), "substances": set(substances)}
    problems: List[str] = []
    seen_ids: set = set()
    for number, entry in enumerate(entries, start=1):
        label = f"article {number} ({entry.get('id', 'no id')})"
        missing = [name for name in REQUIRED_FIELDS if name not in entry]
        if missing:
            problems.append(f"{label}: missing {', '.join(missing)}")
            continue
        if entry["id"] in seen_ids:
            problems.append(f"{label}: duplicate id")
        seen_ids.add(entry["id"])
        url = to_article(entry, PLACEHOLDER_BASE_URL).url
        if not url.startswith("https://"):
            problems.append(f"{label}: URL is not https: {url}")
        for field, allowed in known.items():
            for tag in entry.get(field) or ():
                if tag not in allowed:
                    problems.append(f"{label}: unknown {field[:-1]} tag '{tag}'")
        if entry["audience"] not in AUDIENCES:
            problems.append(f"{label}: unknown audience '{entry['audience']}'")
        if entry["url_from"] not in URL_ORIGINS:
            problems.append(f"{label}: unknown url_from '{entry['url_from']}'")
        if entry["url_from"] == "clinic" and CLINIC_PLACEHOLDER not in str(entry["url"]):
            problems.append(f"{label}: a clinic page must use {CLINIC_PLACEHOLDER} in its URL")
        if entry["url_from"] == "clinic" and entry["reviewed"] != CLINIC_REVIEW_PENDING:
            problems.append(f"{label}: a clinic page's review goes in catalogues/clinic_launch.yml;"
                            f" write reviewed: {CLINIC_REVIEW_PENDING}")
        if not entry.get("topics"):
            problems.append(f"{label}: no topics")
    return problems
