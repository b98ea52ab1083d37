"""The generator's engine: fill a template set's sections with labelled values, then add noise.

A template set (``dev`` or ``heldout``) is data: for each note style a sequence of
:class:`Section` s, whose templates are strings with ``{slot}`` fields. The engine owns the slot
vocabulary (which value each slot draws, and its category or ``None`` for a hard negative) and the
length-preserving noise (case, line wrapping, OCR confusions), so labels stay on the text they label.
"""

from __future__ import annotations

import datetime as dt
import functools
import string
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from phigate.evaluation.corpus import LabelledDoc, Span
from phigate.evaluation.synth.negatives import Negatives
from phigate.evaluation.synth.values import Person, Values
from phigate.model import Category

__all__ = ["Section", "TemplateSet", "generate_docs", "slot_names", "template_fields"]

#: A piece of a document: text, and the category it holds (``None``: not an identifier).
Piece = tuple[str, Category | None]
C = Category


@dataclass(frozen=True, slots=True)
class Section:
    """A part of a note: heading variants, sentence templates, how many to draw, and how to join them."""

    headings: tuple[str, ...]
    templates: tuple[str, ...]
    count: tuple[int, int] = (1, 1)
    joiner: str = " "


@dataclass(frozen=True, slots=True)
class TemplateSet:
    """One split's templates: note styles (sections in order) and the noise each style gets."""

    name: str
    styles: Mapping[str, tuple[Section, ...]]
    noise: Mapping[str, tuple[str, ...]]  # style -> noise kinds to draw from ("none", "ocr", ...)


@dataclass
class _Doc:
    """Per-document state: the people and fixed values repeated across a note."""

    v: Values
    neg: Negatives
    patient: Person
    old: bool
    clinicians: list[Person]
    relative: Person
    mrn: str
    admit: str
    discharge: str
    facility: str
    pieces: list[Piece] = field(default_factory=list)


def _name_forms(v: Values, p: Person) -> dict[str, str]:
    mid = f" {p.middle[0]}." if p.middle and v.rng.random() < 0.5 else ""
    return {
        "full": f"{p.first}{mid} {p.last}",
        "formal": v.pick(
            (f"{p.last.upper()}, {p.first.upper()}", f"{p.last}, {p.first}{mid}", f"{p.last},{p.first}")
        ),
        "abbrev": v.pick((f"{p.first[0]}. {p.last}", f"{p.first[0]}.{p.last}", f"{p.first} {p.last[0]}.")),
        "initials": v.pick(
            (f"{p.first[0]}{p.last[0]}", f"{p.first[0]}.{p.last[0]}.", f"{p.first[0]}{mid[1:2]}{p.last[0]}")
        ),
        "caps": f"{p.first} {p.last}".upper(),
    }


def _name(v: Values, p: Person, form: str | None = None) -> str:
    forms = _name_forms(v, p)
    if form is None:
        form = v.rng.choices(("full", "formal", "abbrev", "caps", "last"), (50, 15, 15, 8, 12))[0]
    return p.last if form == "last" else p.first if form == "first" else forms[form]


def _address(d: _Doc) -> list[Piece]:
    v = d.v
    street, city, state, zip_ = v.street(), v.city(), v.state_abbr(), v.zip()
    sep = v.pick((", ", "\n", "  "))
    pieces: list[Piece] = [(street, C.LOCATION)]
    if v.rng.random() < 0.3:
        pieces += [(", ", None), (v.unit(), C.LOCATION)]
    pieces += [
        (sep, None),
        (city, C.LOCATION),
        (v.pick((", ", " ")), None),
        (state, None),
        (" ", None),
        (zip_, C.ZIP),
    ]
    return pieces


def _age(d: _Doc) -> list[Piece]:
    return [(d.v.old_age(), C.AGE)] if d.old else [(d.neg.young_age(), None)]


def _one(category: Category | None, fn: Callable[[_Doc], str]) -> Callable[[_Doc], list[Piece]]:
    return lambda d: [(fn(d), category)]


_SLOTS: dict[str, Callable[[_Doc], list[Piece]]] = {
    # (1) names: the patient, clinicians, relatives, employers
    "pt": _one(C.NAME, lambda d: _name(d.v, d.patient)),
    "pt_full": _one(C.NAME, lambda d: _name(d.v, d.patient, "full")),
    "pt_first": _one(C.NAME, lambda d: d.patient.first),
    "pt_last": _one(C.NAME, lambda d: d.patient.last),
    "pt_formal": _one(C.NAME, lambda d: _name(d.v, d.patient, "formal")),
    "pt_initials": _one(C.NAME, lambda d: _name(d.v, d.patient, "initials")),
    "pt_caps": _one(C.NAME, lambda d: _name(d.v, d.patient, "caps")),
    "dr": _one(C.NAME, lambda d: d.clinicians[0].last),
    "dr_full": _one(C.NAME, lambda d: _name(d.v, d.clinicians[0], "full")),
    "dr_abbrev": _one(C.NAME, lambda d: _name(d.v, d.clinicians[0], "abbrev")),
    "dr_initials": _one(C.NAME, lambda d: _name(d.v, d.clinicians[0], "initials")),
    "dr2": _one(C.NAME, lambda d: d.clinicians[1].last),
    "dr2_full": _one(C.NAME, lambda d: _name(d.v, d.clinicians[1], "full")),
    "nurse": _one(C.NAME, lambda d: d.v.pick((d.clinicians[2].first, _name(d.v, d.clinicians[2], "full")))),
    "rel": _one(C.NAME, lambda d: d.v.pick((d.relative.first, _name(d.v, d.relative, "full")))),
    "rel_full": _one(C.NAME, lambda d: _name(d.v, d.relative, "full")),
    "employer": _one(C.NAME, lambda d: d.v.employer()),
    # (2) geography below the state
    "street": _one(C.LOCATION, lambda d: d.v.street()),
    "city": _one(C.LOCATION, lambda d: d.v.city()),
    "county": _one(C.LOCATION, lambda d: d.v.county()),
    "facility": _one(C.LOCATION, lambda d: d.facility),
    "facility2": _one(C.LOCATION, lambda d: d.v.facility()),
    "geo": _one(C.LOCATION, lambda d: d.v.geocode()),
    "zip": _one(C.ZIP, lambda d: d.v.zip()),
    "address": _address,
    # (3) dates and ages over 89
    "date": _one(C.DATE, lambda d: d.v.date()),
    "admit": _one(C.DATE, lambda d: d.admit),
    "discharge": _one(C.DATE, lambda d: d.discharge),
    "dob": _one(C.DATE, lambda d: d.v.dob()),
    "timestamp": _one(C.DATE, lambda d: d.v.timestamp()),
    "age": _age,
    "old_age": _one(C.AGE, lambda d: d.v.old_age()),
    "age_words": lambda d: [(d.v.age_words(), C.AGE)] if d.old else [(d.neg.young_age(), None)],
    "age_glued": lambda d: (
        [(d.v.age_glued(d.v.rng.randint(90, 109)), C.AGE)]
        if d.old
        else [(d.v.age_glued(int(d.neg.young_age())), None)]
    ),
    "date_wide": _one(C.DATE, lambda d: d.v.date_wide()),
    # (4)-(6) contacts
    "phone": _one(C.PHONE, lambda d: d.v.phone()),
    "pager": _one(C.PHONE, lambda d: d.v.pager()),
    "phone_wide": _one(C.PHONE, lambda d: d.v.phone_wide()),
    "pager_wide": _one(C.PHONE, lambda d: d.v.pager_wide()),
    "fax": _one(C.FAX, lambda d: d.v.phone(extension=False)),
    "email": _one(C.EMAIL, lambda d: d.v.email(d.patient)),
    "dr_email": _one(C.EMAIL, lambda d: d.v.email(d.clinicians[0])),
    # (7)-(13) numbers
    "ssn": _one(C.SSN, lambda d: d.v.ssn()),
    "ssn4": _one(C.SSN, lambda d: d.v.ssn_last4()),
    "ssn_wide": _one(C.SSN, lambda d: d.v.ssn_wide()),
    "mrn_wide": _one(C.MRN, lambda d: d.v.mrn_wide()),
    "mrn": _one(C.MRN, lambda d: d.mrn),
    "mrn2": _one(C.MRN, lambda d: d.v.mrn()),
    "accession": _one(C.MRN, lambda d: d.v.accession()),
    "member": _one(C.HEALTH_PLAN, lambda d: d.v.member_id()),
    "account": _one(C.ACCOUNT, lambda d: d.v.account()),
    "card": _one(C.ACCOUNT, lambda d: d.v.card()),
    "dl": _one(C.LICENSE, lambda d: d.v.drivers_license()),
    "dea": _one(C.LICENSE, lambda d: d.v.dea(d.clinicians[0].last)),
    "npi": _one(C.LICENSE, lambda d: d.v.npi()),
    "lic": _one(C.LICENSE, lambda d: d.v.state_license()),
    "vin": _one(C.VEHICLE, lambda d: d.v.vin()),
    "plate": _one(C.VEHICLE, lambda d: d.v.plate()),
    "serial": _one(C.DEVICE, lambda d: d.v.device_serial()),
    "udi": _one(C.DEVICE, lambda d: d.v.udi()),
    # (14)-(18) network, biometrics, photos, other codes
    "url": _one(C.URL, lambda d: d.v.url(d.patient)),
    "ip": _one(C.IP, lambda d: d.v.ipv4() if d.v.rng.random() < 0.7 else d.v.ipv6()),
    "bio": _one(C.BIOMETRIC, lambda d: d.v.biometric_id()),
    "photo": _one(C.PHOTO, lambda d: d.v.photo_ref(d.patient)),
    "other_id": _one(C.ID, lambda d: d.v.other_id()),
    # hard negatives (never labelled)
    "state": _one(None, lambda d: d.v.state_abbr()),
    "state_name": _one(None, lambda d: d.neg.state()),
    "dose": _one(None, lambda d: d.neg.dose()),
    "vitals": _one(None, lambda d: d.neg.vitals()),
    "labs": _one(None, lambda d: d.neg.labs()),
    "exam": _one(None, lambda d: d.neg.exam()),
    "eponym": _one(None, lambda d: d.neg.eponym()),
    "facility_word": _one(None, lambda d: d.neg.facility_word()),
    "code": _one(None, lambda d: d.neg.code()),
    "year": _one(None, lambda d: d.neg.year()),
    "time": _one(None, lambda d: d.neg.time()),
    "weekday": _one(None, lambda d: d.neg.weekday()),
    "young_age": _one(None, lambda d: d.neg.young_age()),
    "duration": _one(None, lambda d: d.neg.duration()),
}


def slot_names() -> frozenset[str]:
    """The slot vocabulary templates may use."""
    return frozenset(_SLOTS)


def template_fields(template: str) -> list[str]:
    """The slot names a template uses, in order."""
    return [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]


def _fill(d: _Doc, template: str) -> None:
    for literal, name, _, _ in string.Formatter().parse(template):
        if literal:
            d.pieces.append((literal, None))
        if name is not None:
            d.pieces.extend(_SLOTS[name](d))


# ------------------------------------------------------------------ noise (every step keeps lengths)
_OCR = {"O": "0", "0": "O", "l": "1", "1": "l", "I": "l", "S": "5", "5": "S", "B": "8", "e": "c"}


def _same_length_case(text: str, upper: bool) -> str:
    out = []
    for ch in text:
        changed = ch.upper() if upper else ch.lower()
        out.append(changed if len(changed) == 1 else ch)
    return "".join(out)


def _wrap(text: str, width: int) -> str:
    """Hard-wrap lines at ``width`` by turning spaces into newlines (length-preserving)."""
    chars = list(text)
    col = 0
    last_space = -1
    for i, ch in enumerate(chars):
        if ch == "\n":
            col, last_space = 0, -1
            continue
        if ch == " ":
            last_space = i
        col += 1
        if col > width and last_space >= 0:
            chars[last_space] = "\n"
            col = i - last_space
            last_space = -1
    return "".join(chars)


def _ocr(v: Values, text: str, rate: float) -> str:
    chars = list(text)
    for i, ch in enumerate(chars):
        swap = _OCR.get(ch)
        if swap and v.rng.random() < rate:
            chars[i] = swap
    return "".join(chars)


def _noise(v: Values, text: str, kind: str) -> str:
    if kind == "upper":
        return _same_length_case(text, upper=True)
    if kind == "lower":
        return _same_length_case(text, upper=False)
    if kind == "fax":
        return _wrap(_same_length_case(text, upper=v.rng.random() < 0.5), v.rng.randint(55, 80))
    if kind == "ocr":
        return _wrap(_ocr(v, text, v.rng.uniform(0.01, 0.04)), v.rng.randint(48, 90))
    return text


# ------------------------------------------------------------------ documents
def _new_doc(v: Values) -> _Doc:
    admit = v.day()
    discharge = admit.toordinal() + v.rng.randint(1, 12)
    return _Doc(
        v=v,
        neg=Negatives(v.rng),
        patient=v.person(),
        old=v.rng.random() < 0.3,
        clinicians=[v.person() for _ in range(3)],
        relative=v.person(),
        mrn=v.mrn(),
        admit=v.date_text(admit),
        discharge=v.date_text(dt.date.fromordinal(discharge)),
        facility=v.facility(),
    )


def _render(d: _Doc, sections: tuple[Section, ...]) -> None:
    v = d.v
    for section in sections:
        lo, hi = section.count
        k = min(v.rng.randint(lo, hi), len(section.templates))
        if k == 0:
            continue
        heading = v.pick(section.headings)
        if heading:
            d.pieces.append((heading + ("\n" if section.joiner == "\n" else " "), None))
        chosen = sorted(v.rng.sample(range(len(section.templates)), k))  # keep the author's order
        for i, template in enumerate(section.templates[j] for j in chosen):
            if i:
                d.pieces.append((section.joiner, None))
            _fill(d, template)
        d.pieces.append(("\n\n" if heading else "\n", None))


def _assemble(doc_id: str, pieces: list[Piece], noise: Callable[[str], str]) -> LabelledDoc:
    text_parts: list[str] = []
    spans: list[Span] = []
    pos = 0
    for text, category in pieces:
        if category is not None and any(ch.isalnum() for ch in text):
            spans.append(Span(pos, pos + len(text), category))
        text_parts.append(text)
        pos += len(text)
    text = "".join(text_parts).rstrip("\n") + "\n"
    noisy = noise(text)
    if len(noisy) != len(text):  # pragma: no cover - a noise step that changes lengths is a bug
        raise AssertionError("noise must preserve length")
    return LabelledDoc(doc_id, noisy, tuple(spans))


def generate_docs(templates: TemplateSet, *, docs: int, seed: int) -> Iterator[LabelledDoc]:
    """Yield ``docs`` labelled documents from ``templates``; the same seed gives the same corpus."""
    v = Values(seed)
    styles = sorted(templates.styles)
    for n in range(docs):
        style = styles[n % len(styles)] if n < len(styles) else v.pick(styles)
        d = _new_doc(v)
        _render(d, templates.styles[style])
        kind = v.pick(templates.noise.get(style, ("none",)))
        doc_id = f"{templates.name}-{seed}-{n:05d}-{style}-{kind}"
        yield _assemble(doc_id, d.pieces, functools.partial(_noise, v, kind=kind))
