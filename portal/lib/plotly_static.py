"""Serve plotly.js from the installed `plotly` package as static files (no CDN, no copy).

    STATICFILES_FINDERS += ["portal.lib.plotly_static.PlotlyFinder"]
    {% static 'vendor/plotly/plotly.min.js' %}  and  {% static 'vendor/plotly/plotly.css' %}

plotly.js normally injects its stylesheet as an inline <style>, which our Content-Security-Policy
(style-src 'self') blocks. plotly.js 4 skips the injection when an element with the id
`plotly.js-style-global` and the class `no-inline-styles` exists, so pages link a real stylesheet
with that id. The stylesheet is generated from the rules inside the installed plotly.min.js (so it
always matches its version) into a cache folder on first use. Only these two files are exposed,
so collectstatic does not copy plotly's data sets along.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Error
from django.core.files.storage import FileSystemStorage

PREFIX = "vendor/plotly"
SCRIPT = "plotly.min.js"
STYLESHEET = "plotly.css"
# The rules object in plotly.min.js starts with this key ("X" stands for the plot's selector).
RULES_START = '"X,X div":'
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\'')


def plotly_rules(script: str) -> dict[str, str]:
    """The CSS rules plotly.js would inject, read from its minified source."""
    start = script.find(RULES_START)
    if start < 0:
        raise ValueError("plotly.js CSS rules not found")
    rules: dict[str, str] = {}
    position = start
    while True:
        key = _STRING.match(script, position)
        if key is None or script[key.end()] != ":":
            break
        value = _STRING.match(script, key.end() + 1)
        if value is None:
            break
        rules[key.group(1) or key.group(2)] = (
            value.group(1) if value.group(1) is not None else value.group(2)
        )
        position = value.end()
        if script[position] != ",":
            break
        position += 1
    return rules


def plotly_css(script: str) -> str:
    lines = ["/* Generated from the installed plotly.min.js (portal/lib/plotly_static.py). */"]
    for selector, body in plotly_rules(script).items():
        if "outline:none" in body:
            continue  # our focus outline stays visible on the chart's buttons too
        selector = re.sub(r"^,", " ,", selector)
        selector = selector.replace("X", ".js-plotly-plot .plotly").replace("Y", ".plotly-notifier")
        lines.append(f"{selector}{{{body}}}")
    return "\n".join(lines) + "\n"


class PlotlyFinder(BaseFinder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.package = Path(plotly.__file__).resolve().parent / "package_data"
        self.cache = Path(tempfile.gettempdir()) / f"zorgportaal-plotly-{plotly.__version__}"
        self.storage = FileSystemStorage(location=self.cache)
        self.storage.prefix = PREFIX

    def _prepare(self) -> None:
        css = self.cache / STYLESHEET
        if css.is_file() and (self.cache / SCRIPT).is_file():
            return
        self.cache.mkdir(parents=True, exist_ok=True)
        script = (self.package / SCRIPT).read_text(encoding="utf-8")
        target = self.cache / SCRIPT
        if not target.is_file():
            target.symlink_to(self.package / SCRIPT)
        temporary = css.with_suffix(".tmp")
        temporary.write_text(plotly_css(script), encoding="utf-8")
        temporary.replace(css)

    def check(self, **kwargs: Any) -> list[Error]:
        if not (self.package / SCRIPT).is_file():
            return [Error(f"{SCRIPT} is missing from the plotly package at {self.package}.")]
        return []

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> str | list[str] | None:
        find_all = find_all or bool(kwargs.get("all"))
        name = path.removeprefix(f"{PREFIX}/")
        if path.startswith(f"{PREFIX}/") and name in (SCRIPT, STYLESHEET):
            self._prepare()
            found = str(self.cache / name)
            return [found] if find_all else found
        return [] if find_all else None

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        self._prepare()
        yield SCRIPT, self.storage
        yield STYLESHEET, self.storage
