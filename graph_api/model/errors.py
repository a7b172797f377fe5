"""Errors raised by graph_api.

MigragraphError
 ├── OntologyError        schema/ is malformed
 ├── StoreError           the store failed
 │    ├── StoreUnavailable    the store cannot be reached
 │    │    └── StoreFileError     the embedded store's file is missing, unreadable or locked
 │    └── WriteConflict       what a write expected to find had changed: nothing was written
 ├── UserInputError       a caller's argument is invalid (GraphQL code BAD_USER_INPUT, or its own code)
 └── AccessDenied         no valid API key (UNAUTHENTICATED) or not allowed (FORBIDDEN)
"""

__all__ = [
    "AccessDenied",
    "MigragraphError",
    "OntologyError",
    "StoreError",
    "StoreFileError",
    "StoreUnavailable",
    "UserInputError",
    "WriteConflict",
]


class MigragraphError(Exception):
    """Root of every error migragraph raises on purpose."""


class OntologyError(MigragraphError):
    """The ontology or a vocabulary in schema/ is malformed."""


class StoreError(MigragraphError):
    """The store failed to read or write."""


class StoreUnavailable(StoreError):
    """The store cannot be reached (a server down, a wrong address)."""


class StoreFileError(StoreUnavailable):
    """The embedded store's file cannot be read or written (missing, damaged, locked too long)."""


class WriteConflict(StoreError):
    """A write's expectation (GraphBatch.expect) did not hold under its lock: someone changed the data since
    the caller read it. Nothing was written; read again and retry."""


class UserInputError(MigragraphError):
    """An API caller's argument is invalid."""

    code = "BAD_USER_INPUT"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code


class AccessDenied(MigragraphError):
    """The caller may not do this: `code` is UNAUTHENTICATED or FORBIDDEN."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code
