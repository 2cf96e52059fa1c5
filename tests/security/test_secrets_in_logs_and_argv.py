"""Secrets stay out of `ps` and out of logs (issue 17, findings 6 and 8), on the real parts:
the launcher that starts Rasa (family_guide/rasa_launcher.py) and the console's uvicorn
logging configuration (console/access_log.py). The running services are checked in
test_public_channel_live.py."""

from __future__ import annotations

import io
import logging
import logging.config
from pathlib import Path

import pytest

from console.access_log import HIDDEN, log_config
from family_guide.rasa_launcher import TokenFileNotPrivate, rasa_arguments, read_token


def test_the_token_comes_from_the_environment_or_a_private_file(tmp_path: Path) -> None:
    assert read_token({"RASA_TOKEN": "from-env"}) == "from-env"
    file = tmp_path / "rasa_token"
    file.write_text("from-file\n")
    file.chmod(0o600)
    assert read_token({"RASA_TOKEN_FILE": str(file)}) == "from-file"
    assert read_token({}) is None


def test_a_token_file_others_can_read_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "rasa_token"
    file.write_text("secret")
    file.chmod(0o644)
    with pytest.raises(TokenFileNotPrivate):
        read_token({"RASA_TOKEN_FILE": str(file)})


def test_the_token_is_one_value_argument_added_inside_the_process() -> None:
    assert rasa_arguments(["run", "--enable-api"], "-starts-with-a-dash") == [
        "run", "--enable-api", "--auth-token=-starts-with-a-dash"]
    assert rasa_arguments(["run"], None) == ["run"]


def test_the_console_access_log_shows_no_query_string() -> None:
    """What staff searched for (`?q=`) and which conversation they opened (`?id=`) were
    written in the clear to var/log/console.log."""
    logging.config.dictConfig(log_config())
    access = logging.getLogger("uvicorn.access")
    written = io.StringIO()
    [handler] = access.handlers
    handler.setStream(written)
    # the record exactly as uvicorn's httptools/h11 protocols log a request
    access.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5151", "GET",
                "/conversations?q=Jake+Miller&booking=1", "1.1", 200)
    access.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5151", "GET", "/dashboard", "1.1", 200)
    log = written.getvalue()
    assert "Jake" not in log and "q=" not in log
    assert f"/conversations{HIDDEN}" in log and "/dashboard HTTP/1.1" in log
