"""Training-data importer that merges the split domain.

`domain.yml` holds the core (intents, entities, shared slots, session settings);
`domain/*.yml` holds one fragment per capability (crisis, booking, stage check-in, ...);
`content/*.yml` is the content catalogue: every answer the bot gives, with its sources.
Rasa takes a single domain path, so this importer loads all three and merges them.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional, Text

from rasa.shared.core.domain import Domain
from rasa.shared.importers.rasa import RasaFileImporter

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DOMAIN_FRAGMENT_DIRS = ("domain", "content")


def domain_files(root: Path = PROJECT_ROOT, core: Optional[Path] = None) -> List[Path]:
    """The core domain file followed by every fragment, in a stable order."""
    files = [core or root / "domain.yml"]
    for folder in DOMAIN_FRAGMENT_DIRS:
        files.extend(sorted((root / folder).glob("*.yml")))
    return files


def load_domain(root: Path = PROJECT_ROOT, core: Optional[Path] = None) -> Domain:
    """The whole domain, as Rasa sees it when training."""
    return Domain.load([str(path) for path in domain_files(root, core)])


class SplitDomainImporter(RasaFileImporter):
    """RasaFileImporter whose domain is domain.yml plus domain/ and content/ fragments."""

    def __init__(
        self,
        config_file: Optional[Text] = None,
        domain_path: Optional[Text] = None,
        training_data_paths: Optional[List[Text]] = None,
    ) -> None:
        super().__init__(config_file, domain_path, training_data_paths)
        core = Path(domain_path) if domain_path else None
        if core is not None and core.is_dir():
            core = None
        self._merged_domain_core = core

    def get_domain(self) -> Domain:
        core = self._merged_domain_core
        root = core.resolve().parent if core else PROJECT_ROOT
        return load_domain(root, core)
