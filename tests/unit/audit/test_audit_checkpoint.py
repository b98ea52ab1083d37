from __future__ import annotations

import base64
import datetime as dt
import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from phigate.audit.checkpoint import Checkpoint, NoteSigner, NoteVerifier, signer_from_seed
from phigate.audit.merkle import EMPTY_ROOT
from phigate.errors import AuditIntegrityError, KeyAccessError

ORIGIN = "example.test/audit"
ROOT = hashlib.sha256(b"root").digest()
WHEN = dt.datetime(2025, 6, 1, 12, 0, 0, 123456, tzinfo=dt.UTC)


@pytest.fixture()
def signer() -> NoteSigner:
    return signer_from_seed(b"\x07" * 32, origin=ORIGIN)


@pytest.fixture()
def note(signer: NoteSigner) -> str:
    return signer.sign(Checkpoint(ORIGIN, 1234, ROOT, WHEN))


def test_note_has_the_c2sp_shape(note: str, signer: NoteSigner):
    text, sigs = note.split("\n\n")
    assert text.split("\n") == [
        ORIGIN,
        "1234",
        base64.b64encode(ROOT).decode(),
        "Timestamp: 2025-06-01T12:00:00.123456Z",
    ]
    name, sig = sigs.removeprefix("\u2014 ").rstrip("\n").split(" ")
    assert name == ORIGIN
    raw = base64.b64decode(sig)
    public = signer.verifier.vkey().split("+")[2]
    expected_id = hashlib.sha256(ORIGIN.encode() + b"\n" + base64.b64decode(public)).digest()[:4]
    assert raw[:4] == expected_id
    assert len(raw) == 4 + 64


def test_round_trip(note: str, signer: NoteSigner):
    assert signer.verifier.open(note) == Checkpoint(ORIGIN, 1234, ROOT, WHEN)


def test_empty_tree_checkpoint(signer: NoteSigner):
    empty = Checkpoint(ORIGIN, 0, EMPTY_ROOT, WHEN)
    assert signer.verifier.open(signer.sign(empty)) == empty


def test_vkey_round_trip(signer: NoteSigner):
    vkey = signer.verifier.vkey()
    again = NoteVerifier.from_vkey(vkey)
    assert again.vkey() == vkey
    assert again.key_id == signer.verifier.key_id


@pytest.mark.parametrize(
    "vkey",
    [
        "only-a-name",
        "name+00000000+!!!",
        "name+00000000+" + base64.b64encode(b"\x02" + bytes(32)).decode(),
        "name with space+00000000+" + base64.b64encode(b"\x01" + bytes(32)).decode(),
    ],
)
def test_bad_vkeys_are_refused(vkey: str):
    with pytest.raises(AuditIntegrityError):
        NoteVerifier.from_vkey(vkey)


def test_vkey_with_wrong_key_id_is_refused(signer: NoteSigner):
    name, _, key = signer.verifier.vkey().split("+")
    with pytest.raises(AuditIntegrityError, match="key id"):
        NoteVerifier.from_vkey(f"{name}+00000000+{key}")


def test_wrong_key_is_refused(note: str):
    other = signer_from_seed(b"\x08" * 32, origin=ORIGIN)
    with pytest.raises(AuditIntegrityError, match="no signature by the key"):
        other.verifier.open(note)


def test_signature_over_changed_text_fails(note: str):
    forged = note.replace("\n1234\n", "\n1235\n")
    with pytest.raises(AuditIntegrityError, match="bad signature"):
        signer_from_seed(b"\x07" * 32, origin=ORIGIN).verifier.open(forged)


def test_unknown_cosignatures_are_ignored_but_ours_must_verify(note: str, signer: NoteSigner):
    witness = base64.b64encode(b"\x01\x02\x03\x04" + bytes(64)).decode()
    cosigned = note + f"\u2014 witness.example {witness}\n"
    assert signer.verifier.open(cosigned).size == 1234
    ours = note.split("\n\n")[1].rstrip("\n").split(" ")[2]
    bad_sig = base64.b64encode(base64.b64decode(ours)[:4] + bytes(64)).decode()
    twice = note + f"\u2014 {ORIGIN} {bad_sig}\n"
    with pytest.raises(AuditIntegrityError, match="bad signature"):
        signer.verifier.open(twice)


def test_origin_must_be_the_key_name():
    key = Ed25519PrivateKey.from_private_bytes(b"\x09" * 32)
    other_origin = NoteSigner("other.test/log", key)
    with pytest.raises(KeyAccessError):
        other_origin.sign(Checkpoint(ORIGIN, 1, ROOT, WHEN))
    # A note whose origin line differs from the (correctly signing) key name is refused.
    text = Checkpoint("third.test/log", 1, ROOT, WHEN).text()
    sig = key.sign(text.encode())
    line = base64.b64encode(other_origin.verifier.key_id + sig).decode()
    with pytest.raises(AuditIntegrityError, match="origin"):
        other_origin.verifier.open(f"{text}\n\u2014 other.test/log {line}\n")


def _signed(text: str) -> str:
    """Sign arbitrary note text with the fixture key, so only the text's parsing can fail."""
    key = Ed25519PrivateKey.from_private_bytes(b"\x07" * 32)
    verifier = NoteVerifier(ORIGIN, key.public_key())
    line = base64.b64encode(verifier.key_id + key.sign(text.encode())).decode()
    return f"{text}\n\u2014 {ORIGIN} {line}\n"


ROOT_B64 = base64.b64encode(ROOT).decode()


@pytest.mark.parametrize(
    ("note", "message"),
    [
        ("no blank line\n", "blank line"),
        (f"{ORIGIN}\n1\n{ROOT_B64}\nTimestamp: 2025-06-01T12:00:00.000000Z\n\n", "signature"),
        (
            f"{ORIGIN}\n1\n{ROOT_B64}\nTimestamp: 2025-06-01T12:00:00.000000Z\n\nnot a signature\n",
            "malformed",
        ),
        (f"{ORIGIN}\n1\n{ROOT_B64}\nTimestamp: 2025-06-01T12:00:00.000000Z\n\n\u2014 a b c\n", "malformed"),
        (
            f"{ORIGIN}\n1\n{ROOT_B64}\nTimestamp: 2025-06-01T12:00:00.000000Z\n\n\u2014 {ORIGIN} %%%\n",
            "base64",
        ),
        (
            f"{ORIGIN}\n1\n{ROOT_B64}\nTimestamp: 2025-06-01T12:00:00.000000Z\n\n\u2014 {ORIGIN} AAAA\n",
            "short",
        ),
        (f"{ORIGIN}\n1\x07\n{ROOT_B64}\n\n\u2014 {ORIGIN} AAAA\n", "control"),
        ("x" * 70_000, "too large"),
        (_signed(f"{ORIGIN}\n01\n{ROOT_B64}\nTimestamp: 2025-06-01T12:00:00.000000Z\n"), "decimal"),
        (_signed(f"{ORIGIN}\n-1\n{ROOT_B64}\nTimestamp: 2025-06-01T12:00:00.000000Z\n"), "decimal"),
        (_signed(f"{ORIGIN}\n1\n{ROOT_B64[:-4]}\nTimestamp: 2025-06-01T12:00:00.000000Z\n"), "32 bytes"),
        (_signed(f"{ORIGIN}\n1\n***\nTimestamp: 2025-06-01T12:00:00.000000Z\n"), "base64"),
        (_signed(f"{ORIGIN}\n1\n{ROOT_B64}\n"), "4 lines"),
        (_signed(f"{ORIGIN}\n1\n{ROOT_B64}\nWhen: 2025-06-01T12:00:00.000000Z\n"), "timestamp"),
        (_signed(f"{ORIGIN}\n1\n{ROOT_B64}\nTimestamp: June 1st\n"), "RFC 3339"),
        (_signed(f"\n1\n{ROOT_B64}\nTimestamp: 2025-06-01T12:00:00.000000Z\n"), "empty origin"),
    ],
)
def test_every_parse_error_is_an_integrity_error(note: str, message: str):
    verifier = NoteVerifier(ORIGIN, Ed25519PrivateKey.from_private_bytes(b"\x07" * 32).public_key())
    with pytest.raises(AuditIntegrityError, match=message):
        verifier.open(note)


def test_text_must_end_with_newline():
    with pytest.raises(AuditIntegrityError, match="newline"):
        Checkpoint.parse("a\n1\nroot\nTimestamp: x")


@pytest.mark.parametrize("name", ["", "has space", "has+plus", "tab\tname"])
def test_bad_key_names_are_refused(name: str):
    with pytest.raises(KeyAccessError):
        signer_from_seed(b"\x01" * 32, origin=name)


def test_seed_must_be_32_bytes():
    with pytest.raises(KeyAccessError):
        signer_from_seed(b"short")


def test_vkey_round_trips_when_the_base64_key_holds_plus_signs():
    vkeys = [signer_from_seed(bytes([b]) * 32, origin=ORIGIN).verifier.vkey() for b in range(24)]
    assert any("+" in vkey.split("+", 2)[2] for vkey in vkeys)
    for vkey in vkeys:
        assert NoteVerifier.from_vkey(vkey).vkey() == vkey
