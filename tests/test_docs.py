"""The documentation cannot drift from the code: the field tables of docs/data-format.md are
the ones the record definitions give, and every record field is documented."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from ccnt_cli import fielddocs
from ccnt_cli.schema import RECORDS, Point

DOCS = Path(__file__).parent.parent / "docs"


def test_field_tables_are_current() -> None:
    text = (DOCS / "data-format.md").read_text(encoding="utf-8")
    assert fielddocs.render(text) == text, "run: python -m ccnt_cli.fielddocs docs/data-format.md"
    for name in [*RECORDS, "point", "actuals"]:
        assert f"<!-- fields: {name} -->" in text


def test_every_field_has_a_type_word_and_a_meaning() -> None:
    for cls in [*RECORDS.values(), Point]:
        for f in fields(cls):
            assert f.metadata.get("doc"), f"{cls.__name__}.{f.name} has no documentation"
            if f.init:
                assert str(f.type) in fielddocs.TYPE_WORDS, f"{cls.__name__}.{f.name}: {f.type}"


def test_a_changed_doc_string_shows(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    text = "<!-- fields: sectors -->\nstale\n<!-- /fields -->\n"
    assert "| `id` | slug | yes |" in fielddocs.render(text)
    assert "stale" not in fielddocs.render(text)
