"""De-identifying request bodies: every text slot, consistent vault placeholders, use-case rules."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from deid_testkit import NOTE, detector
from phigate.audit.sink import NullAuditSink
from phigate.crypto.keys import LocalKeyFile
from phigate.gateway.deid import PLACEHOLDER_RE, Deidentifier, PlaceholderCache
from phigate.model import Category
from phigate.store.engine import make_engine
from phigate.vault import PseudonymVault


@pytest.fixture()
def deid(tmp_path: Path) -> Iterator[Deidentifier]:
    keys = LocalKeyFile.create(tmp_path / "k.key")
    vault = PseudonymVault(make_engine(f"sqlite:///{tmp_path}/v.db"), keys, NullAuditSink(), tenant="t")
    yield Deidentifier(detector=detector(), vault=vault)


def chat(*messages: dict[str, object]) -> dict[str, object]:
    return {"model": "echo", "messages": list(messages)}


def test_every_slot_is_deidentified(deid: Deidentifier) -> None:
    body = chat(
        {"role": "system", "content": "You help John Smith's care team."},
        {"role": "user", "content": [{"type": "text", "text": NOTE}]},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "c1",
                    "type": "function",
                    "function": {"name": "lookup", "arguments": json.dumps({"who": "Jane Roe", "n": 3})},
                },
                {"id": "c2", "type": "function", "function": {"name": "raw", "arguments": "SSN 123-45-6789"}},
            ],
        },
        {"role": "tool", "tool_call_id": "c1", "content": "Jane Roe, phone (617) 555-0134"},
    )
    result = deid.chat(body, keep=frozenset(), pseudonymize=True, scope="patient:1")
    text = json.dumps(result.body)
    for value in ("John Smith", "Jane Roe", "123-45-6789", "(617) 555-0134", "1234567", "03/04/2021"):
        assert value not in text
    arguments = json.loads(result.body["messages"][2]["tool_calls"][0]["function"]["arguments"])
    assert PLACEHOLDER_RE.fullmatch(arguments["who"]) and arguments["n"] == 3
    assert result.placeholders[arguments["who"]] == "Jane Roe"
    assert body["messages"][1]["content"][0]["text"] == NOTE  # the input is not changed
    assert [path for path, _ in result.screen] == ["messages[1].content[0].text", "messages[3].content"]
    assert result.counts["NAME"] == 6 and result.originals["Jane Roe"] is Category.NAME


def test_same_value_same_placeholder_across_turns_and_requests(deid: Deidentifier) -> None:
    first = deid.chat(
        chat({"role": "user", "content": "John Smith has a cough."}),
        keep=frozenset(),
        pseudonymize=True,
        scope="p",
    )
    placeholder = next(iter(first.placeholders))
    second = deid.chat(
        chat(
            {"role": "user", "content": "John Smith has a cough."},
            {"role": "assistant", "content": f"Noted for {placeholder}."},
            {"role": "user", "content": "Is John Smith better?"},
        ),
        keep=frozenset(),
        pseudonymize=True,
        scope="p",
    )
    texts = [m["content"] for m in second.body["messages"]]  # type: ignore[index]
    assert texts == [f"{placeholder} has a cough.", f"Noted for {placeholder}.", f"Is {placeholder} better?"]
    fresh = Deidentifier(
        detector=deid.detector, vault=deid.vault, cache=PlaceholderCache()
    )  # no cache: vault
    again = fresh.chat(
        chat({"role": "user", "content": "John Smith"}), keep=frozenset(), pseudonymize=True, scope="p"
    )
    assert again.body["messages"][0]["content"] == placeholder  # type: ignore[index]
    other = fresh.chat(
        chat({"role": "user", "content": "John Smith"}), keep=frozenset(), pseudonymize=True, scope="q"
    )
    assert other.body["messages"][0]["content"] != placeholder  # type: ignore[index]


def test_kept_categories_and_safe_harbor_mode(deid: Deidentifier) -> None:
    kept = deid.chat(
        chat({"role": "user", "content": NOTE}), keep=frozenset({Category.DATE}), pseudonymize=True, scope="p"
    )
    content = kept.body["messages"][0]["content"]  # type: ignore[index]
    assert "03/04/2021" in content and "John Smith" not in content
    assert kept.kept["DATE"] == 2 and "03/04/2021" not in kept.originals
    harbor = deid.chat(
        chat({"role": "user", "content": NOTE}), keep=frozenset(), pseudonymize=False, scope="p"
    )
    content = harbor.body["messages"][0]["content"]  # type: ignore[index]
    assert "[NAME]" in content and "2021" in content and "03/04/2021" not in content
    assert not harbor.placeholders and not PLACEHOLDER_RE.search(content)


def test_embeddings_inputs(deid: Deidentifier) -> None:
    result = deid.embeddings(
        {"model": "m", "input": ["John Smith", "no phi"]}, keep=frozenset(), pseudonymize=True, scope="p"
    )
    assert PLACEHOLDER_RE.fullmatch(result.body["input"][0]) and result.body["input"][1] == "no phi"  # type: ignore[index]
    single = deid.embeddings(
        {"model": "m", "input": "SSN 123-45-6789"}, keep=frozenset(), pseudonymize=False, scope="p"
    )
    assert single.body["input"] == "SSN [SSN]"
