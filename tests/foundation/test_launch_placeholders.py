"""`make placeholders` lists everything the clinic must fill before launch, and `make run` warns
in one line while anything is unfilled (#15, launch honesty)."""

from __future__ import annotations

from pathlib import Path

import pytest

from actions.article_catalogue import read_entries
from actions.clinic_launch import Detail, LaunchSettings, load_launch_settings
from tools import placeholders

ROOT = Path(__file__).resolve().parents[2]
REQUIRED_DETAILS = {"name", "address", "hours", "phone", "free_family_call",
                    "accepted_insurance", "privacy_retention"}
CLINIC_PAGE_IDS = [e["id"] for e in read_entries() if e["url_from"] == "clinic"]


@pytest.fixture(autouse=True)
def no_site_from_the_environment(monkeypatch):
    monkeypatch.delenv("CLINIC_BASE_URL", raising=False)


def test_the_launch_file_names_every_detail_the_clinic_must_confirm():
    assert {d.name for d in load_launch_settings().details} == REQUIRED_DETAILS


def test_as_shipped_every_kind_of_placeholder_is_listed():
    listed = "\n".join(placeholders.unfilled())
    for detail in REQUIRED_DETAILS:
        assert f"detail '{detail}'" in listed
    assert "base URL" in listed
    for page in CLINIC_PAGE_IDS:
        assert f"not reviewed (never linked until it is): {page} " in listed
    assert "answer utter_clinic_info (clinic.yml): CLINIC TO FILL" in listed


def test_once_everything_is_filled_nothing_is_listed(tmp_path):
    done = LaunchSettings("https://clinic.example.net",
                          {page: "2027-01-15" for page in CLINIC_PAGE_IDS},
                          tuple(Detail(name, True, "") for name in REQUIRED_DETAILS))
    assert placeholders.unfilled(done, read_entries(), tmp_path) == []
    half = LaunchSettings("https://clinic.example.net", {}, done.details)
    assert len(placeholders.unfilled(half, read_entries(), tmp_path)) == len(CLINIC_PAGE_IDS)


def test_the_one_line_warning(capsys, monkeypatch):
    placeholders.main(["--one-line"])
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "make placeholders" in out
    monkeypatch.setattr(placeholders, "unfilled", lambda: [])
    placeholders.main(["--one-line"])
    assert capsys.readouterr().out == ""


def test_make_run_warns_and_make_placeholders_lists():
    assert "python -m tools.placeholders --one-line" in (ROOT / "scripts" / "run.sh").read_text()
    makefile = (ROOT / "Makefile").read_text()
    assert "placeholders: setup" in makefile and "python -m tools.placeholders'" in makefile
