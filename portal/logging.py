"""Log filters that keep personal data out of application logs."""

from __future__ import annotations

import logging


class DropRequestDetailsFilter(logging.Filter):
    """Remove the request object Django attaches to error records.

    Its repr carries the query string, headers and cookies; the JSON formatter would otherwise
    serialise it. The message (method and path, which never carry personal data) stays.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request"):
            record.request = None
        return True
