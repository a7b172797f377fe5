"""API keys and roles: who may edit.

Keys come from configuration as `name:role:sha256:<hex>` entries (the key's
SHA-256, never the key itself), separated by commas or new lines, in
MIGRAGRAPH_API_KEYS or in the file MIGRAGRAPH_API_KEYS_FILE names. Clients
send `Authorization: Bearer <key>`. `migragraph api-key NAME ROLE` makes a key
and the entry to configure.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from graph_api.model.errors import AccessDenied, MigragraphError

__all__ = ["ApiKeys", "Principal", "Role", "hash_key", "new_key", "require"]

_ENTRY = re.compile(r"^(?P<name>[\w.@-]+):(?P<role>reader|editor|admin):sha256:(?P<digest>[0-9a-f]{64})$")


class Role(StrEnum):
    READER = "reader"
    EDITOR = "editor"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return list(Role).index(self)


@dataclass(frozen=True, slots=True)
class Principal:
    """Whoever a request's key belongs to."""

    name: str
    role: Role


def hash_key(key: str) -> str:
    """The form a key is configured in: sha256:<hex>."""
    return "sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_key(name: str, role: Role) -> tuple[str, str]:
    """A fresh random key and its configuration entry."""
    key = secrets.token_urlsafe(32)
    return key, f"{name}:{role.value}:{hash_key(key)}"


@dataclass(frozen=True, slots=True)
class ApiKeys:
    """The configured keys, by digest."""

    entries: tuple[tuple[str, Principal], ...] = ()

    @classmethod
    def parse(cls, text: str, *, source: str = "MIGRAGRAPH_API_KEYS") -> ApiKeys:
        entries = []
        for raw in re.split(r"[,\n]", text):
            item = raw.strip()
            if not item or item.startswith("#"):
                continue
            match = _ENTRY.match(item)
            if match is None:
                raise MigragraphError(
                    f"{source}: {item.split(':')[0]!r}: expected name:reader|editor|admin:sha256:<hex>"
                )
            entries.append((match["digest"], Principal(match["name"], Role(match["role"]))))
        return cls(tuple(entries))

    @classmethod
    def load(cls, inline: str | None, file: str | None) -> ApiKeys:
        keys = cls.parse(inline or "")
        if file:
            keys = cls(keys.entries + cls.parse(Path(file).read_text(encoding="utf-8"), source=file).entries)
        return keys

    def authenticate(self, authorization: str | None) -> Principal | None:
        """The principal for an Authorization header; None without a header or for an unknown key."""
        if not authorization or not authorization.lower().startswith("bearer "):
            return None
        digest = hashlib.sha256(authorization[7:].strip().encode("utf-8")).hexdigest()
        found = None
        for known, principal in self.entries:
            # Compare every entry in constant time, so timing says nothing about which digests exist.
            if hmac.compare_digest(known, digest):
                found = principal
        return found


def require(principal: Principal | None, role: Role) -> Principal:
    """The principal if it holds `role` or higher; AccessDenied (UNAUTHENTICATED or FORBIDDEN) if not."""
    if principal is None:
        raise AccessDenied("a valid API key is needed: send Authorization: Bearer <key>", code="UNAUTHENTICATED")
    if principal.role.rank < role.rank:
        raise AccessDenied(f"{principal.name} is a {principal.role.value}; this needs {role.value}", code="FORBIDDEN")
    return principal
