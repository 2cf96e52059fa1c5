"""The clinic's launch settings (catalogues/clinic_launch.yml): what only the clinic can confirm.

A link to a clinic page that does not exist yet, on a placeholder domain, sends a worried family
to a dead end, so a clinic page is offered only once the clinic has set its site and reviewed the
page. The same file lists the clinic details the clinic still has to confirm, so one command can
say what is missing before launch (tools/placeholders.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Tuple

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
LAUNCH_PATH = PROJECT_ROOT / "catalogues" / "clinic_launch.yml"
BASE_URL_VARIABLE = "CLINIC_BASE_URL"


@dataclass(frozen=True)
class Detail:
    """One clinic detail: whether the clinic has confirmed it, and where it lives."""

    name: str
    filled: bool
    where: str


@dataclass(frozen=True)
class LaunchSettings:
    base_url: str  # "" until the clinic sets its site
    reviewed_pages: Dict[str, str]  # clinic page id -> the date the clinic reviewed it
    details: Tuple[Detail, ...]

    def page_is_live(self, article_id: str) -> bool:
        """Whether a clinic page may be linked: the site is set and the clinic reviewed it."""
        return bool(self.base_url) and article_id in self.reviewed_pages


def load_launch_settings(path: Path = LAUNCH_PATH) -> LaunchSettings:
    """The settings as written, with CLINIC_BASE_URL (if set) in place of base_url."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    base_url = os.environ.get(BASE_URL_VARIABLE) or str(data.get("base_url") or "")
    details = tuple(
        Detail(str(name), bool(entry.get("filled")), str(entry.get("where", "")))
        for name, entry in (data.get("details") or {}).items()
    )
    reviewed = {str(k): str(v) for k, v in (data.get("reviewed_pages") or {}).items()}
    return LaunchSettings(base_url.rstrip("/"), reviewed, details)
