"""Every browser test leaves a screenshot of its last page in test-artifacts/screenshots/."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _screenshot_at_the_end(page, screenshot):  # noqa: ANN001, ANN202
    yield
