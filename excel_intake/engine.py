"""The validation engine end to end: open + parse + every rule + the problem list. No ORM.

The web upload, the Celery task, the API, the CLI and the benchmark all call `validate_file`;
a submission re-checks the stored rows with `validate_records`.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from .columns import INDEX, KEYS, column_letter
from .parsing import IntakeLimits, IntakeRefusal, open_table
from .rules import Problem, RuleContext, Summary, check_rows, summarise

Progress = Callable[[int, int], None]


@dataclass
class ValidationResult:
    refusal: Problem | None = None
    problems: list[Problem] = field(default_factory=list)
    summary: Summary = field(default_factory=Summary)
    # Letter of each column in the uploaded file (canonical order), for the result page.
    source_columns: dict[str, str] = field(default_factory=dict)

    @property
    def can_submit(self) -> bool:
        return self.refusal is None and self.summary.can_submit

    def all_problems(self) -> list[Problem]:
        return [self.refusal] if self.refusal else self.problems

    def as_json(self) -> dict[str, Any]:
        """The shape the API and the command line print."""
        return {
            "can_submit": self.can_submit,
            "summary": self.summary.as_dict(),
            "problems": [problem_json(problem) for problem in self.all_problems()],
        }


def problem_order(problem: Problem) -> tuple[int, int]:
    return problem.line, INDEX.get(problem.column, -1)


def problem_json(problem: Problem) -> dict[str, Any]:
    return {
        "line": problem.line,
        "column": problem.header or None,
        "code": problem.code,
        "severity": str(problem.severity),
        "message": problem.message(),
        "value": problem.value,
    }


def refusal_problem(refusal: IntakeRefusal) -> Problem:
    return Problem(1, "", refusal.code, "", refusal.params)


def validate_file(
    fileobj: IO[bytes],
    ctx: RuleContext,
    *,
    limits: IntakeLimits | None = None,
    progress: Progress | None = None,
    sink: Callable[[int, list[str]], None] | None = None,
) -> ValidationResult:
    """Validate an uploaded file. `sink(line, cells)` receives every non-blank row (to store
    them for the report and a later submission); `progress(done, total)` the rows read."""
    limits = limits or IntakeLimits()
    result = ValidationResult()
    try:
        table = open_table(fileobj, limits)
        result.source_columns = {
            key: column_letter(table.first_column + position)
            for key, position in zip(KEYS, table.positions, strict=True)
            if position is not None
        }
        if table.extra_headers:
            result.problems.append(
                Problem(table.header_line, "", "extra_columns", ", ".join(table.extra_headers))
            )
        counter = _Counter(table.records(progress), sink)
        result.problems.extend(check_rows(counter, ctx, max_chars=limits.max_cell_chars))
        if counter.count == 0:
            raise IntakeRefusal("file_empty")
    except IntakeRefusal as refusal:
        result.refusal = refusal_problem(refusal)
        result.problems = []
        result.summary = summarise([result.refusal], 0)
        return result
    result.problems.sort(key=problem_order)
    result.summary = summarise(result.problems, counter.count)
    return result


class _Counter:
    """Counts the rows passing through and hands them to the sink."""

    def __init__(
        self,
        records: Iterable[tuple[int, list[str]]],
        sink: Callable[[int, list[str]], None] | None,
    ) -> None:
        self.records = records
        self.sink = sink
        self.count = 0

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        sink = self.sink
        for line, cells in self.records:
            self.count += 1
            if sink is not None:
                sink(line, cells)
            yield line, cells


def validate_records(
    records: Iterable[tuple[int, list[str]]], ctx: RuleContext
) -> tuple[list[Problem], list[dict[str, Any]], Summary]:
    """Re-check stored rows (at submission): problems, clean rows, summary."""
    clean_rows: list[dict[str, Any]] = []
    rows = list(records)
    problems = sorted(check_rows(rows, ctx, clean_rows=clean_rows), key=problem_order)
    return problems, clean_rows, summarise(problems, len(rows))


# --- Storing rows and problems compactly (gzip JSON lines) ----------------------------------------


class RowWriter:
    """Collects rows as gzip-compressed JSON lines: constant memory, ~10x smaller than text."""

    def __init__(self) -> None:
        self.buffer = io.BytesIO()
        self.gzip = gzip.GzipFile(fileobj=self.buffer, mode="wb", compresslevel=1)

    def __call__(self, line: int, cells: list[str]) -> None:
        self.gzip.write(json.dumps([line, *cells], ensure_ascii=False).encode() + b"\n")

    def close(self) -> bytes:
        self.gzip.close()
        return self.buffer.getvalue()


def read_rows(blob: bytes) -> Iterator[tuple[int, list[str]]]:
    if not blob:
        return
    with gzip.GzipFile(fileobj=io.BytesIO(blob)) as handle:
        for raw in handle:
            data = json.loads(raw)
            yield data[0], data[1:]


def pack_problems(problems: list[Problem]) -> bytes:
    return gzip.compress(
        json.dumps([p.as_tuple() for p in problems], ensure_ascii=False).encode(), compresslevel=1
    )


def unpack_problems(blob: bytes, kind: type[Problem] = Problem) -> list[Problem]:
    if not blob:
        return []
    return [kind.from_tuple(item) for item in json.loads(gzip.decompress(blob))]
