"""Every domain file is one Rasa reads: a file it cannot parse is skipped without a word.

Rasa's Domain.load passes over a folder's files that are not valid domain YAML, so a stray
quote inside an answer text would silently drop every answer in that file (the content tests
would then check fewer answers, not fail)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain

DOMAIN_FILES = sorted((Path(__file__).resolve().parents[2] / "domain").rglob("*.yml"))


@pytest.mark.parametrize("path", DOMAIN_FILES, ids=lambda p: p.name)
def test_rasa_reads_every_domain_file(path: Path) -> None:
    assert Domain.is_domain_file(path), f"Rasa would skip {path.name}: not valid domain YAML"


def test_a_broken_quote_would_be_caught(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text('version: "3.1"\nresponses:\n  utter_x:\n    - text: "say "this" now"\n',
                      encoding="utf-8")
    assert not Domain.is_domain_file(broken)
