"""The Alembic migrations build exactly the tables console/schema.py queries."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from console.db import migrate, writable_engine
from console.schema import metadata


def test_migrated_database_matches_the_schema_module(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'console.db'}"
    migrate(url)
    migrate(url)  # running again at the next start changes nothing
    engine = writable_engine(url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
        tables = set(sa.inspect(connection).get_table_names())
    assert differences == []
    assert tables == set(metadata.tables) | {"alembic_version"}
