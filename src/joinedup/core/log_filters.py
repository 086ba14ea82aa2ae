"""A logging filter that keeps personal-link tokens out of every log line.

RSVP, offer and feedback links carry a token in their path; Django logs the path of a 404
("Not Found: /rsvp/2/<token>/x/") and a server logs request lines. A token in a log is a way
in for whoever reads the log, so every record is redacted before any handler writes it.
"""

import logging
import re

# Link tokens are 43 URL-safe characters (secrets.token_urlsafe(32)); anything of 20 or more
# such characters in one path segment is treated as a secret. UUIDs (job ids) are not secret
# and stay readable.
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_SECRET = re.compile(rf"(?<![A-Za-z0-9_-])(?!{_UUID}(?![A-Za-z0-9_-]))[A-Za-z0-9_-]{{20,}}")
REDACTED = "[redacted]"


def redact(text: str) -> str:
    """Return the text with every token-like run replaced by [redacted]."""
    return _SECRET.sub(REDACTED, text)


class RedactTokens(logging.Filter):
    """Rewrite each record's message with tokens redacted (never drops a record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True
