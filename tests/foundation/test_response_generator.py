"""Every way the bot is started uses our response generator: without it a letter gets a
placeholder instead of its reflection, and a case-specific answer becomes a coin toss."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from harness.live_bot import prepare_bot
from harness.stack import ROOT

GENERATOR = "family_guide.nlg.FamilyGuideNLG"


@pytest.mark.parametrize("endpoints", ["endpoints.yml", "deploy/endpoints.prod.yml"])
def test_each_profile_names_the_generator(endpoints: str) -> None:
    config = yaml.safe_load((ROOT / endpoints).read_text(encoding="utf-8"))
    assert config["nlg"]["type"] == GENERATOR


def test_the_test_harness_names_it_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model = tmp_path / "model.tar.gz"
    model.write_bytes(b"")  # the harness only checks that a model file is there
    monkeypatch.setenv("FG_MODEL", str(model))
    prepare_bot(tmp_path, tmp_path / "logs")
    config = yaml.safe_load((tmp_path / "endpoints.yml").read_text(encoding="utf-8"))
    assert config["nlg"]["type"] == GENERATOR
