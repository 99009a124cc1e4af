"""Persistence: SQLAlchemy models, database opening, Alembic migrations."""
