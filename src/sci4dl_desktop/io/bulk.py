"""Inserting many rows at the speed of the database driver.

SQLAlchemy converts every value of every row through its column type's bind processor
(an instant to the stored text, a list to JSON, an enumeration member to its value).
For 50,000 attendees that costs more than the insert itself, although the values repeat:
the same instant, a handful of categories, a few role lists. `insert_many` runs each
column's own processor once per distinct value and hands the rows to the driver's
executemany, so what is stored is exactly what SQLAlchemy would have stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import ColumnDefault, Connection, Table, insert


def _default_getter(arg: Any, scalar: bool) -> Callable[[Sequence[Any]], Any]:
    """A column default: a constant, or SQLAlchemy's wrapper (taking a context) of a function."""

    def constant(_row: Sequence[Any]) -> Any:
        return arg

    def call(_row: Sequence[Any]) -> Any:
        return arg(None)

    return constant if scalar else call


def insert_many(
    connection: Connection, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert rows (values in `columns` order) with one executemany; returns the row count.

    Columns left out get their Python-side defaults, as SQLAlchemy would give them.
    """
    dialect = connection.dialect
    compiled = insert(table).compile(dialect=dialect, column_keys=list(columns))
    names = list(compiled.positiontup or ()) if compiled.positional else list(compiled.params)
    getters: list[Callable[[Sequence[Any]], Any]] = []
    for name in names:
        if name in columns:
            getters.append(itemgetter(columns.index(name)))
            continue
        default = table.c[name].default
        if not isinstance(default, ColumnDefault) or not (default.is_scalar or default.is_callable):
            raise ValueError(f"column {name} of {table.name} needs a value")
        getters.append(_default_getter(default.arg, default.is_scalar))
    # The processor SQLAlchemy itself uses: the dialect's implementation of each type.
    processors = [table.c[n].type.dialect_impl(dialect).bind_processor(dialect) for n in names]
    caches: list[dict[Any, Any]] = [{} for _ in names]
    plan = list(zip(getters, processors, caches, strict=True))
    converted: list[tuple[Any, ...]] = []
    for row in rows:
        values = []
        for get, process, cache in plan:
            value = get(row)
            if process is not None and value is not None:
                try:
                    value = (
                        cache[value] if value in cache else cache.setdefault(value, process(value))
                    )
                except TypeError:  # an unhashable value (a list): convert it every time
                    value = process(value)
            values.append(value)
        converted.append(tuple(values))
    if not converted:
        return 0
    parameters: list[Any] = (
        converted if compiled.positional else [dict(zip(names, r, strict=True)) for r in converted]
    )
    connection.exec_driver_sql(compiled.string, parameters)
    return len(converted)


__all__ = ["insert_many"]
