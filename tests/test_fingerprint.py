"""Content fingerprints: what templates carry to be recognised as current on return."""

from __future__ import annotations

from dataclasses import dataclass

from kemixl.master.fingerprint import content_hash


@dataclass(frozen=True)
class Before:
    code: str
    name: str


@dataclass(frozen=True)
class After:  # the same record after it gained an optional column
    code: str
    name: str
    name_sv: str = ""


def test_an_optional_field_at_its_default_keeps_the_fingerprint() -> None:
    assert content_hash([Before("1", "Keskusvirasto")]) == content_hash(
        [After("1", "Keskusvirasto")]
    )


def test_an_optional_field_that_is_filled_changes_it() -> None:
    filled = After("1", "Keskusvirasto", "Centralförvaltningen")
    assert content_hash([Before("1", "Keskusvirasto")]) != content_hash([filled])


def test_a_changed_value_changes_it() -> None:
    assert content_hash([Before("1", "a")]) != content_hash([Before("1", "b")])
