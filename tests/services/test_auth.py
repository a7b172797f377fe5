"""API keys: parsing the configuration, authenticating, roles."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_api.model.errors import AccessDenied, MigragraphError
from graph_api.services.auth import ApiKeys, Principal, Role, hash_key, new_key, require


def test_keys_are_configured_hashed_and_authenticate() -> None:
    key, entry = new_key("elena", Role.EDITOR)
    assert key not in entry and entry == f"elena:editor:{hash_key(key)}"
    keys = ApiKeys.parse(f"{entry},\n# a comment\n")
    assert keys.authenticate(f"Bearer {key}") == Principal("elena", Role.EDITOR)
    assert keys.authenticate(f"bearer {key}") == Principal("elena", Role.EDITOR)
    assert keys.authenticate("Bearer wrong") is None
    assert keys.authenticate(key) is None
    assert keys.authenticate(None) is None


def test_a_keys_file_adds_to_the_setting(tmp_path: Path) -> None:
    inline_key, inline = new_key("a", Role.READER)
    file_key, in_file = new_key("b", Role.ADMIN)
    path = tmp_path / "keys"
    path.write_text(in_file + "\n", encoding="utf-8")
    keys = ApiKeys.load(inline, str(path))
    assert keys.authenticate(f"Bearer {inline_key}") == Principal("a", Role.READER)
    assert keys.authenticate(f"Bearer {file_key}") == Principal("b", Role.ADMIN)


def test_a_malformed_entry_is_a_clear_error_without_echoing_the_digest() -> None:
    with pytest.raises(MigragraphError, match=r"'bob': expected name:reader\|editor\|admin:sha256:<hex>") as caught:
        ApiKeys.parse("bob:owner:sha256:" + "0" * 64)
    assert "0000" not in str(caught.value)


def test_roles_are_ordered() -> None:
    assert require(Principal("x", Role.ADMIN), Role.EDITOR).role is Role.ADMIN
    with pytest.raises(AccessDenied) as forbidden:
        require(Principal("x", Role.READER), Role.EDITOR)
    assert forbidden.value.code == "FORBIDDEN"
    with pytest.raises(AccessDenied) as unauthenticated:
        require(None, Role.READER)
    assert unauthenticated.value.code == "UNAUTHENTICATED"
