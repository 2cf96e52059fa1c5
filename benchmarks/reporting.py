"""Where benchmark reports go, and how they are written: JSON for tools, Markdown for people."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from harness.stack import ROOT

REPORTS = ROOT / "reports"


def write_report(name: str, data: dict[str, Any], markdown: str, folder: Path = REPORTS) -> None:
    """Write <name>.json and <name>.md into the report folder and print the Markdown."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    (folder / f"{name}.md").write_text(markdown, encoding="utf-8")
    print(markdown)


def read_report(name: str, folder: Path = REPORTS) -> dict[str, Any]:
    """A JSON report written earlier, or {} when it is not there yet."""
    path = folder / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
