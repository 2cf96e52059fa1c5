"""axe-core accessibility audits for the browser tests.

axe-core is fetched with npm (`npm pack`, a pinned version whose sha512 is checked) into a cache
outside the repository, so a clean machine gets it and nothing third-party is committed. It is
evaluated in the page through the DevTools protocol, which the page's strict CSP does not block.
"""

from __future__ import annotations

import base64
import hashlib
import os
import subprocess
import tarfile
import tempfile
from pathlib import Path

from playwright.sync_api import Page

AXE_VERSION = "4.14.1"
# `npm view axe-core@<version> dist.integrity`
AXE_INTEGRITY = (
    "sha512-"
    "FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
BLOCKING_IMPACTS = ("serious", "critical")


def cache_dir() -> Path:
    root = os.environ.get("FG_CACHE_DIR") or Path.home() / ".cache" / "family-guide"
    return Path(root) / f"axe-core-{AXE_VERSION}"


def ensure_axe() -> str:
    """The source of axe.min.js, downloading and verifying the pinned package if needed."""
    target = cache_dir() / "axe.min.js"
    if not target.is_file():
        download_axe(target.parent)
    return target.read_text(encoding="utf-8")


def download_axe(destination: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["npm", "pack", f"axe-core@{AXE_VERSION}", "--pack-destination", tmp, "--silent"],
            cwd=tmp,
            check=True,
            capture_output=True,
        )
        tarball = Path(tmp) / f"axe-core-{AXE_VERSION}.tgz"
        digest = base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
        if f"sha512-{digest}" != AXE_INTEGRITY:
            raise RuntimeError(f"axe-core {AXE_VERSION} tarball does not match its pinned sha512")
        destination.mkdir(parents=True, exist_ok=True)
        with tarfile.open(tarball) as archive:
            for name in ("axe.min.js", "LICENSE"):
                member = archive.extractfile(f"package/{name}")
                if member is None:
                    raise RuntimeError(f"axe-core tarball has no {name}")
                (destination / name).write_bytes(member.read())


def run_axe(page: Page, axe_source: str) -> dict:
    """axe's verdict on the page as it is now: its violations, and how many checks passed on
    nodes inside the widget's shadow root (proof that axe looked inside it at all)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return {
                violations: result.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    targets: v.nodes.map(n => JSON.stringify(n.target)),
                })),
                shadowNodesPassed: result.passes
                    .flatMap(p => p.nodes)
                    .filter(n => Array.isArray(n.target[0])).length,
            };
        }""",
        AXE_TAGS,
    )


def blocking(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
