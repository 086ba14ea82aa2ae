"""Where browsers report Content-Security-Policy violations: logged, never stored, limited.

A violation in the field is how we learn that a page tries to run or load something the policy
forbids (an injected script, or our own mistake). Reports come from anyone's browser, so the
endpoint takes small bodies only, counts per address, and logs a few fields (the log filter
redacts tokens in the URLs).
"""

import json
import logging

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from joinedup.core.clientip import client_address
from joinedup.core.ratelimit import hit

logger = logging.getLogger("joinedup.csp")
MAX_BODY = 16 * 1024
PER_ADDRESS = 60  # reports per address per 10 minutes; a real page sends a handful
WINDOW = 600
FIELDS = ("document-uri", "violated-directive", "effective-directive", "blocked-uri",
          "source-file", "line-number", "disposition")  # fmt: skip


# Browsers post reports without cookies or a CSRF token (they cannot have one): the view takes
# nothing from the session and changes nothing but a log line.
@csrf_exempt
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    """Log one violation report (204), or refuse one too large (413) or too frequent (429)."""
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY:
        return HttpResponse("Report too large", status=413, content_type="text/plain")
    if hit(f"csp:addr:{client_address(request)}", window=WINDOW) > PER_ADDRESS:
        return HttpResponse("Too many reports", status=429, content_type="text/plain")
    try:
        body = json.loads(request.body[:MAX_BODY] or b"{}")
    except (ValueError, UnicodeDecodeError):
        return HttpResponse("A report must be JSON", status=400, content_type="text/plain")
    report = body.get("csp-report") if isinstance(body, dict) else None
    if not isinstance(report, dict):
        return HttpResponse("A report must hold csp-report", status=400, content_type="text/plain")
    logger.warning(
        "CSP violation %s",
        json.dumps({k: str(report.get(k, ""))[:300] for k in FIELDS}, sort_keys=True),
    )
    return HttpResponse(status=204)
