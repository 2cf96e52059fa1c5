"""The widget's demo server serves the widget and the demo pages only (issue 17, finding 8):
a percent-encoded "..", which the file lookup decodes, cannot reach widget/serve.py."""

from __future__ import annotations

import pytest

from widget.serve import is_public


@pytest.mark.parametrize(
    "path",
    ["/demo/%2e%2e/serve.py", "/demo/%2E%2E/serve.py", "/demo/..%2fserve.py",
     "/demo/../serve.py", "/demo/%2e%2e%5cserve.py", "/serve.py", "/demo/%00x"],
)
def test_escapes_from_the_demo_folder_are_refused(path: str) -> None:
    assert not is_public(path)


@pytest.mark.parametrize("path", ["/demo/", "/demo/index.html", "/family-guide.js",
                                  "/family-guide.css", "/demo"])
def test_the_widget_and_demo_pages_are_served(path: str) -> None:
    assert is_public(path)
