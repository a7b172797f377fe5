"""The headers every response of the browser pages (the explorer, GraphiQL) carries: each page's
Content-Security-Policy, the framing and sniffing refusals, and a cache policy for pages, vendored libraries
and errors."""

from __future__ import annotations

__all__ = ["page_headers"]


def page_headers(csp: str) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """The security headers for a page whose policy is `csp`, with the cache policy of a page, of a vendored
    library and of an error."""
    security = {
        "content-security-policy": csp,
        "x-frame-options": "DENY",
        "x-content-type-options": "nosniff",
        "referrer-policy": "same-origin",
    }
    return (
        {**security, "cache-control": "no-cache"},
        {**security, "cache-control": "public, max-age=3600"},
        {**security, "cache-control": "no-store"},
    )
