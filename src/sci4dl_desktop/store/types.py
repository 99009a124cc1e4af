"""Column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Dialect
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """A time-zone-aware instant, stored as UTC and always read back aware (UTC).

    Naive datetimes are refused: every instant in the event database must say
    which time zone it is in, or it would be read differently on another desk.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: instants must be time-zone aware")
        utc = value.astimezone(UTC)
        if dialect.name == "sqlite":
            # SQLite has no time zone type: store naive UTC in one fixed format so
            # that string comparison in CHECK constraints and ORDER BY is correct.
            return utc.replace(tzinfo=None)
        return utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
