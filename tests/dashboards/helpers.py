"""Shortcuts for the dashboard tests: parse query parameters as a user would send them."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict

from dashboards import filters, selectors
from dashboards.questions import BY_SLUG


def query(**params: Any) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in params.items():
        if isinstance(value, list | tuple):
            data.setlist(key, [str(v) for v in value])
        else:
            data[key] = str(value)
    return data


def parse(user: Any, slug: str, **params: Any) -> filters.Parsed:
    return filters.parse(user, BY_SLUG[slug], query(**params))


def result(user: Any, slug: str, **params: Any) -> selectors.Result:
    parsed = parse(user, slug, **params)
    assert parsed.filter is not None, parsed.errors
    return selectors.result_for(slug, parsed.filter)


def by_label(table: selectors.Table) -> dict[str, dict[str, Any]]:
    rows = {str(row["label"]): row for row in table.rows}
    if table.total:
        rows["Totaal"] = table.total
    return rows


def table(result: selectors.Result, key: str) -> selectors.Table:
    return next(t for t in result.tables if t.key == key)
