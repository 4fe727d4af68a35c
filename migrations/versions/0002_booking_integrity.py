"""Booking integrity enforced by the database: slot capacity and no overlapping sittings.

The application checks these too, but the database is what keeps them true under concurrent
bookings: a trigger counts active bookings into ``time_slot.booked`` (whose CHECK constraint
refuses going over capacity), and overlapping active bookings of one case are refused by an
exclusion constraint on PostgreSQL and by a trigger on SQLite.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ACTIVE = "('booked', 'checked_in')"

PG_UPGRADE = [
    # In public, not the current schema: an extension belongs to the whole database.
    "CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA public",
    f"""ALTER TABLE booking ADD CONSTRAINT ex_booking_case_overlap
        EXCLUDE USING gist (case_id WITH =, tsrange(starts_at, ends_at) WITH &&)
        WHERE (status IN {ACTIVE})""",
    f"""CREATE FUNCTION booking_count_slot() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status IN {ACTIVE} THEN
            UPDATE time_slot SET booked = booked - 1 WHERE id = OLD.slot_id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status IN {ACTIVE} THEN
            UPDATE time_slot SET booked = booked + 1 WHERE id = NEW.slot_id;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER booking_count_slot AFTER INSERT OR UPDATE OF status, slot_id OR DELETE
        ON booking FOR EACH ROW EXECUTE FUNCTION booking_count_slot()""",
]
PG_DOWNGRADE = [
    "DROP TRIGGER IF EXISTS booking_count_slot ON booking",
    "DROP FUNCTION IF EXISTS booking_count_slot()",
    "ALTER TABLE booking DROP CONSTRAINT IF EXISTS ex_booking_case_overlap",
]

_OVERLAP = f"""SELECT RAISE(ABORT, 'booking_overlap') WHERE NEW.status IN {ACTIVE} AND EXISTS (
            SELECT 1 FROM booking b WHERE b.case_id = NEW.case_id AND b.id IS NOT NEW.id
            AND b.status IN {ACTIVE} AND b.starts_at < NEW.ends_at AND b.ends_at > NEW.starts_at)"""

SQLITE_UPGRADE = [
    f"""CREATE TRIGGER booking_no_overlap_insert BEFORE INSERT ON booking
        BEGIN {_OVERLAP}; END""",
    f"""CREATE TRIGGER booking_no_overlap_update BEFORE UPDATE ON booking
        BEGIN {_OVERLAP}; END""",
    f"""CREATE TRIGGER booking_count_insert AFTER INSERT ON booking WHEN NEW.status IN {ACTIVE}
        BEGIN UPDATE time_slot SET booked = booked + 1 WHERE id = NEW.slot_id; END""",
    f"""CREATE TRIGGER booking_count_update AFTER UPDATE OF status, slot_id ON booking
        BEGIN
            UPDATE time_slot SET booked = booked - 1
                WHERE id = OLD.slot_id AND OLD.status IN {ACTIVE};
            UPDATE time_slot SET booked = booked + 1
                WHERE id = NEW.slot_id AND NEW.status IN {ACTIVE};
        END""",
    f"""CREATE TRIGGER booking_count_delete AFTER DELETE ON booking WHEN OLD.status IN {ACTIVE}
        BEGIN UPDATE time_slot SET booked = booked - 1 WHERE id = OLD.slot_id; END""",
]
SQLITE_DOWNGRADE = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in ("booking_count_delete", "booking_count_update", "booking_count_insert",
                 "booking_no_overlap_update", "booking_no_overlap_insert")
]


def upgrade() -> None:
    statements = PG_UPGRADE if op.get_context().dialect.name == "postgresql" else SQLITE_UPGRADE
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    pg = op.get_context().dialect.name == "postgresql"
    for statement in PG_DOWNGRADE if pg else SQLITE_DOWNGRADE:
        op.execute(statement)
