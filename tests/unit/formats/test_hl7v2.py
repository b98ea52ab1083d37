"""HL7 v2 handler: structure kept, identifiers gone, free text routed, bad input refused."""

from __future__ import annotations

import dataclasses

import pytest
from hl7apy.consts import VALIDATION_LEVEL
from hl7apy.parser import parse_message

from formats_testkit import roundtrip
from phigate.errors import FormatError
from phigate.evaluation.synth_structured import hl7_batch, patients
from phigate.formats.fields import FieldKeys
from phigate.formats.hl7v2 import Hl7v2Handler
from phigate.model import FREE_TEXT, Document

KEYS = FieldKeys.from_secret(b"hl7-test-secret-0123456789abcdef")


def _roundtrip(handler: Hl7v2Handler, data: bytes) -> bytes:
    return roundtrip(handler, data, source="in.hl7")


def _messages(out: bytes) -> list[str]:
    text = out.decode()
    lines = [ln for ln in text.split("\r") if ln]
    msgs: list[list[str]] = []
    for ln in lines:
        if ln.startswith("MSH"):
            msgs.append([ln])
        elif msgs and not ln.startswith(("BTS", "FTS")):
            msgs[-1].append(ln)
    return ["\r".join(m) for m in msgs]


def test_batch_keeps_structure_and_removes_identifiers() -> None:
    pts = patients(4, seed=11)
    data = hl7_batch(pts, seed=11)
    out = _roundtrip(Hl7v2Handler(keys=KEYS), data)
    in_lines, out_lines = data.decode().split("\r"), out.decode().split("\r")
    assert [ln[:3] for ln in in_lines] == [ln[:3] for ln in out_lines]
    assert out.endswith(b"\r") and out.startswith(b"FHS|^~\\&|")
    for p in pts:
        for ident in p.identifiers:
            assert ident not in out.decode(), ident
    for raw in _messages(out):
        msg = parse_message(raw, validation_level=VALIDATION_LEVEL.TOLERANT, find_groups=False)
        assert msg.msh.msh_12.to_er7() == "2.5"
    first = _messages(out)[0].split("\r")
    pid = first[1].split("|")
    assert pid[7] == str(pts[0].birth_date.year)
    assert pid[11].split("^")[3:5] == [pts[0].state, pts[0].zip[:3]]
    assert pid[3].split("~")[0].split("^")[4] == "MR"
    assert "[TEXT]" in first[-2] and first[-1] == "NTE|1||[TEXT]"


def test_free_text_becomes_segments_with_patient_ref() -> None:
    pts = patients(2, seed=3)
    docs = Hl7v2Handler(keys=KEYS).parse(hl7_batch(pts, seed=3), source="b.hl7")
    assert [d.id for d in docs] == ["b.hl7#0", "b.hl7#1"]
    assert all(s.kind == FREE_TEXT for d in docs for s in d.segments)
    assert [s.path for s in docs[0].segments] == ["OBX[2]-5[0]", "NTE[1]-3[0]"]
    assert pts[0].given in docs[0].segments[1].text
    assert docs[0].patient and docs[0].patient != docs[1].patient
    assert pts[0].mrn not in docs[0].patient


def test_pseudonyms_consistent_across_files_and_key_dependent() -> None:
    mrn = "MRN4471"
    a = f"MSH|^~\\&|A|B|C|D|20240101||ADT^A01^ADT_A01|1|P|2.5\rPID|1||{mrn}^^^H^MR||X^Y\r".encode()
    b = (
        f"MSH|^~\\&|A|B|C|D|20240101||ADT^A40^ADT_A39|2|P|2.5\rPID|1||NEW1^^^H^MR\rMRG|{mrn}^^^H^MR\r"
    ).encode()
    h = Hl7v2Handler(keys=KEYS)
    pid_a = _roundtrip(h, a).decode().split("\r")[1].split("|")[3].split("^")[0]
    mrg_b = _roundtrip(h, b).decode().split("\r")[2].split("|")[1].split("^")[0]
    assert pid_a == mrg_b and pid_a != mrn
    other = Hl7v2Handler(keys=FieldKeys.from_secret(b"another-secret-0123456789abcdef"))
    assert _roundtrip(other, a).decode().split("\r")[1].split("|")[3].split("^")[0] != pid_a


def test_escape_sequences_and_separators_kept() -> None:
    data = (
        b"MSH|^~\\&|A|B|C|D|20240101||ORU^R01^ORU_R01|9|P|2.5\r\n"
        b"PID|1||77^^^H^MR\r\n"
        b"OBX|1|FT|X^Y||line one\\.br\\Smith \\T\\ Co\\F\\x||||||F\r\n"
    )
    h = Hl7v2Handler(keys=KEYS)
    docs = h.parse(data, source="e.hl7")
    assert docs[0].segments[0].text == "line one\\.br\\Smith & Co|x"
    new = dataclasses.replace(docs[0].segments[0], text="line one\\.br\\[NAME] & Co|x^y")
    out = h.render([dataclasses.replace(docs[0], segments=(new,))], original=data)
    assert out.split(b"\r\n")[2] == b"OBX|1|FT|X^Y||line one\\.br\\[NAME] \\T\\ Co\\F\\x\\S\\y||||||F"
    assert out.endswith(b"\r\n")


def test_other_delimiters_are_honoured() -> None:
    data = b"MSH#$*!@#A#B#C#D#20240101##ADT$A01$ADT_A01#1#P#2.5\rPID#1##55$$$H$MR##DOE$JANE##19700304\r"
    out = _roundtrip(Hl7v2Handler(keys=KEYS), data).decode()
    pid = out.split("\r")[1].split("#")
    assert pid[5] == "" and pid[7] == "1970" and pid[3].endswith("$$$$MR")


def test_ed_observation_is_removed_and_numeric_kept() -> None:
    data = (
        b"MSH|^~\\&|A|B|C|D|20240101||ORU^R01^ORU_R01|9|P|2.5\r"
        b"OBX|1|ED|PDF^Report||^AP^PDF^Base64^JVBERi0xLjQK||||||F\r"
        b"OBX|2|NM|X^Y||42|mg||||F\r"
        b"ZPI|1|secret local value\r"
    )
    out = _roundtrip(Hl7v2Handler(keys=KEYS), data).decode().split("\r")
    assert out[1] == "OBX|1|ED|PDF^Report||||||||F"
    assert out[2].split("|")[5] == "42"
    assert out[3] == "ZPI||"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"PID|1||55\r", "does not start with MSH"),
        (b"MSH|^~|A|B\r", "delimiters are broken"),
        (b"MSH|^^\\&|A|B|C|D|2024||ADT^A01|1|P|2.5\r", "delimiters are broken"),
        (b"MSH|^~\\&|A|B|C|D|2024||ADT^A01|1|P|2.5\rpid|1\r", "invalid HL7 segment name"),
        (b"MSH|^~\\&|A|B|C|D|2024||ADT^A01|1|P|9.9\rPID|1\r", "does not parse"),
        (b"MSH|^~\\&|A|B|C|D|2024||ADT^A01|1|P|2.5\rPID|1||\xff\xfe\r", "not UTF-8"),
        (b"FHS|^~\\&|A\rBHS|^~\\&|A\rBTS|0\rFTS|1\r", "no MSH message"),
    ],
)
def test_bad_input_is_a_format_error(data: bytes, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        Hl7v2Handler(keys=KEYS).parse(data, source="bad.hl7")


def test_size_limit_and_error_holds_no_phi() -> None:
    data = b"MSH|^~\\&|A|B|C|D|2024||ADT^A01|1|P|2.5\rPID|1||\xffSMITH\r"
    with pytest.raises(FormatError) as info:
        Hl7v2Handler(keys=KEYS).parse(data, source="x.hl7")
    assert "SMITH" not in str(info.value)
    with pytest.raises(FormatError, match="larger than the limit"):
        Hl7v2Handler(keys=KEYS, max_bytes=10).parse(data, source="x.hl7")


def test_latin1_declared_in_msh18_is_read() -> None:
    data = "MSH|^~\\&|A|B|C|D|2024||ADT^A01^ADT_A01|1|P|2.5|||||8859/1\rPID|1||5^^^H^MR||Mü^X\r".encode(
        "latin-1"
    )
    out = _roundtrip(Hl7v2Handler(keys=KEYS), data).decode()
    assert "Mü" not in out and out.split("\r")[1].split("|")[5] == ""


def test_render_rejects_mismatched_documents() -> None:
    data = hl7_batch(patients(2), seed=1)
    h = Hl7v2Handler(keys=KEYS)
    docs = list(h.parse(data, source="r.hl7"))
    with pytest.raises(FormatError, match="document count"):
        h.render(docs[:1], original=data)
    with pytest.raises(FormatError, match="order"):
        h.render(list(reversed(docs)), original=data)
    with pytest.raises(FormatError, match="segments"):
        h.render([Document(id=docs[0].id, segments=()), docs[1]], original=data)


def test_sniff() -> None:
    h = Hl7v2Handler(keys=KEYS)
    assert h.sniff(b"MSH|^~\\&|A", "x.txt")
    assert h.sniff(b"\xef\xbb\xbfFHS|^~\\&|A", "x")
    assert not h.sniff(b"MSHALLOW text", "x.hl7")
    assert not h.sniff(b'{"resourceType": "Patient"}', "x.hl7")


def test_version_specific_types_and_full_validation() -> None:
    pts = patients(2, seed=6)
    data = hl7_batch(pts, seed=6, version="2.8.2")
    for mode in ("header", "full"):
        out = _roundtrip(Hl7v2Handler(keys=KEYS, validate=mode), data).decode()
        pid = next(ln for ln in out.split("\r") if ln.startswith("PID")).split("|")
        assert pid[7] == str(pts[0].birth_date.year)
        obx = next(ln for ln in out.split("\r") if ln.startswith("OBX|1|")).split("|")
        assert obx[14] == str(pts[0].visit.year)  # OBX-14 is DTM in 2.8.2
    with pytest.raises(FormatError):
        Hl7v2Handler(keys=KEYS, validate="sometimes")
    bad = b"MSH|^~\\&|A|B|C|D|2024||ADT^A01|1|P|2.5\rPID|1||\rOBX|1|NM|X||1|||||F|||||||||||||||||||||\r"
    assert Hl7v2Handler(keys=KEYS, validate="full").parse(bad, source="x")


def _segment(name: str, fields: dict[int, str]) -> str:
    return "|".join([name, *(fields.get(i, "") for i in range(1, max(fields) + 1))])


def test_default_deny_empties_fields_no_rule_covers() -> None:
    lines = [
        "MSH|^~\\&|A|B|C|D|20240101||ADT^A01^ADT_A01|1|P|2.5",
        _segment("EVN", {1: "A01", 2: "20240101093000", 5: "7^Clerk^Pat"}),
        _segment("PID", {1: "1", 3: "77^^^H^MR", 8: "F", 15: "ENG^English", 16: "M"}),
        _segment("PD1", {3: "Heron Lane Clinic^^123"}),
        _segment("PV2", {3: "CP^Chest pain^L", 12: "Seen at 12 Heron Lane by Dr Roe"}),
        _segment("ROL", {1: "1", 2: "AD", 3: "AT", 4: "4^Quill^Ada"}),
    ]
    data = ("\r".join(lines) + "\r").encode()
    out = roundtrip(Hl7v2Handler(keys=KEYS), data).decode().split("\r")
    assert out[1] == "EVN|A01|2024|||"  # event type kept (ID), time to the year, operator (XCN) removed
    pid = out[2].split("|")
    assert pid[8] == "F" and pid[15] == "ENG^English" and pid[16] == "M"  # coded values kept
    assert out[3] == "PD1|||"  # primary facility (XON): removed
    assert out[4].split("|")[3] == "CP^Chest pain^L" and "Heron" not in out[4]  # PV2-12 (ST): no rule
    assert out[5] == "ROL||AD|AT|"  # role instance id (EI) and the person (XCN) removed


def test_strict_rules_remove_the_patients_identifiers() -> None:
    data = hl7_batch(patients(2, seed=4), seed=4)
    keyed = roundtrip(Hl7v2Handler(keys=KEYS), data).decode().split("\r")
    strict = roundtrip(Hl7v2Handler(rules="safe-harbor-strict", keys=KEYS), data).decode().split("\r")
    pid = next(ln for ln in strict if ln.startswith("PID")).split("|")
    assert pid[3].split("~")[0] == "^^^^MR" and pid[18] == ""
    assert next(ln for ln in keyed if ln.startswith("PID")).split("|")[3].split("^")[0]
    pv1 = next(ln for ln in strict if ln.startswith("PV1")).split("|")
    obr = next(ln for ln in strict if ln.startswith("OBR")).split("|")
    assert pv1[19] == "" and obr[2] == obr[3] == ""
    assert [ln[:3] for ln in strict] == [ln[:3] for ln in keyed]
