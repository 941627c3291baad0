"""Plain SQL for the two statements on the hot path of answering (finding the personal link, saving a page).

Building and compiling the same ORM querysets on every save cost more CPU than the database spends on
them (about 4 of the 8.7 ms of a save). The statements here are written out once per database vendor from
the models' own metadata (tables, columns, quoting), so a renamed field changes them too; values go in as
parameters, prepared for the column by the field (`get_db_prep_value`), and come back through the same
converters the ORM applies. The SQL is plain and portable: PostgreSQL and SQLite run the same text.
"""

from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from django.db import connection
from django.db.models import Model


def _qn(name: str) -> str:
    return connection.ops.quote_name(name)


def table(model: type[Model]) -> str:
    return _qn(model._meta.db_table)


def column(model: type[Model], name: str) -> str:
    return _qn(model._meta.get_field(name).column)


def prep(model: type[Model], name: str, value: Any) -> Any:
    """`value` as the database wants it for this field (a UUID is text on SQLite, a date a string, ...)."""
    return model._meta.get_field(name).get_db_prep_value(value, connection, prepared=False)


def select_list(model: type[Model], alias: str) -> str:
    return ", ".join(f"{alias}.{_qn(field.column)}" for field in model._meta.concrete_fields)


@cache
def _converters(model: type[Model], vendor: str) -> list[tuple[str, Any, list]]:
    result = []
    for field in model._meta.concrete_fields:
        expression = field.get_col(model._meta.db_table)
        converters = connection.ops.get_db_converters(expression) + field.get_db_converters(connection)
        result.append((field.attname, expression, converters))
    return result


def instance(model: type[Model], values: Sequence[Any]) -> Model:
    """A model instance from the values of `select_list(model, ...)`, converted as the ORM would."""
    names, converted = [], []
    for (attname, expression, converters), value in zip(_converters(model, connection.vendor), values, strict=True):
        for converter in converters:
            value = converter(value, expression, connection)
        names.append(attname)
        converted.append(value)
    return model.from_db(connection.alias, names, converted)


def instance_value(model: type[Model], name: str, value: Any) -> Any:
    """One column's value as the ORM would give it (a UUID from SQLite's text, ...)."""
    attname = model._meta.get_field(name).attname
    for field_attname, expression, converters in _converters(model, connection.vendor):
        if field_attname == attname:
            for converter in converters:
                value = converter(value, expression, connection)
            return value
    raise LookupError(name)


def width(model: type[Model]) -> int:
    return len(model._meta.concrete_fields)


def upsert(model: type[Model], key: tuple[str, str], value: str, rows: Iterable[tuple[Any, Any, Any]]) -> int:
    """One INSERT ... ON CONFLICT (key) DO UPDATE of `value` for all `rows` (key values and value)."""
    sql, params = upsert_sql(model, key, value, rows)
    if not sql:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def upsert_sql(
    model: type[Model], key: tuple[str, str], value: str, rows: Iterable[tuple[Any, Any, Any]], *, gate: str = ""
) -> tuple[str, list]:
    """The statement of `upsert` and its parameters, ("", []) without rows. With `gate` (PostgreSQL, for
    use in a WITH), the rows come from a typed VALUES list and are inserted only when the `gate` relation
    has a row."""
    names = (*key, value)
    rows = [tuple(prep(model, name, part) for name, part in zip(names, row, strict=True)) for row in rows]
    if not rows:
        return "", []
    columns = ", ".join(column(model, name) for name in names)
    conflict = (
        f"ON CONFLICT ({column(model, key[0])}, {column(model, key[1])}) "
        f"DO UPDATE SET {column(model, value)} = EXCLUDED.{column(model, value)}"
    )
    params = [part for row in rows for part in row]
    if not gate:
        placeholders = ", ".join(["(%s, %s, %s)"] * len(rows))
        return f"INSERT INTO {table(model)} ({columns}) VALUES {placeholders} {conflict}", params  # noqa: S608
    casts = ", ".join(f"CAST(%s AS {model._meta.get_field(name).cast_db_type(connection)})" for name in names)
    values = ", ".join([f"({casts})"] * len(rows))
    sql = (
        f"INSERT INTO {table(model)} ({columns}) SELECT * FROM (VALUES {values}) AS v "  # noqa: S608
        f"WHERE EXISTS (SELECT 1 FROM {gate}) {conflict}"
    )
    return sql, params
