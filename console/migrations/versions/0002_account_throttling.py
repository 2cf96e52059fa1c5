"""Accounts: throttling replaces the per-account lock, and accounts can be disabled.

The lock columns go (failures are counted per name and address in login_attempts instead, see
console.throttle); `disabled_at` marks an account an admin switched off.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Batch mode: SQLite cannot drop columns in place, so Alembic copies the table.
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("disabled_at", sa.Float, nullable=True))
        batch.drop_column("failed_logins")
        batch.drop_column("locked_until")


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("locked_until", sa.Float, nullable=True))
        batch.add_column(
            sa.Column("failed_logins", sa.Integer, nullable=False, server_default="0")
        )
        batch.drop_column("disabled_at")
