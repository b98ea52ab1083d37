"""Clinical false-positive traps, as reusable checks.

Clinical text is full of numbers shaped like identifiers: ``BP 120/80`` and ``4/5 strength`` look
like dates, ``GCS 15`` and ``CPT 99214`` like short ids, ``K 4.1 mmol/L`` like a version string.
Recognizers call these checks on a candidate span before reporting it. Each check looks only at a
few tokens around the span, so it costs microseconds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from phigate.detection.context import Keywords, tokens_before

__all__ = [
    "is_clinical_fraction",
    "is_clinical_number",
    "is_code",
    "is_ratio",
    "is_time",
    "looks_like_icd10",
    "measurement_follows",
    "value_label_before",
]

#: Vital signs, exam scales and scores whose values are written ``a/b`` or as bare numbers.
VITALS = Keywords(
    """bp b/p nibp abp sbp dbp blood pressure pressure pressures mmhg map cvp pap pcwp peep ps
    hr pulse heart rate rr resp respirations respiratory rate temp tmax tcurrent spo2 sao2 sat sats o2
    fio2 vent vt tv rate weight wt height ht bmi bsa gcs glasgow apgar apgars nihss mmse moca phq phq9
    gad gad7 score scores scale grade graded strength motor power reflexes reflex dtr dtrs pulses
    murmur rub gallop vision acuity va od os ou snellen pain vas nrs ett fluids i/o ins outs ratio
    cha2ds2 vasc hasbled meld child pugh wells curb timi heart grace apache sofa qsofa braden morse
    karnofsky ecog asa mallampati tanner gleason bishop apgar hgb hct""".split()
)

#: Words that follow a fraction that is an exam finding rather than a date (``4/5 strength``).
_FRACTION_FOLLOWERS = Keywords(
    """strength power motor murmur murmurs sem holosystolic systolic diastolic rub reflexes reflex dtr
    dtrs pulse pulses pain vision acuity scale score points pts mmhg bilaterally bilat throughout
    proximally distally of tab tabs tablet tablets cap caps ns nss normal saline strength
    sets set bottles bottle cultures blood dose doses inch inches cm mm mg ml cc units hours hrs days
    weeks wks times x grip flexion extension abduction adduction plantarflexion dorsiflexion ue le
    rue lue rle lle upper lower left right proximal distal days day weeks week wks months month hours
    hrs""".split()
)

#: Laboratory analytes and measurements whose values follow the name (``Na 138``, ``WBC 12.3``).
_LAB_VALUES = Keywords(
    """na sodium k potassium cl chloride co2 bicarb hco3 bun urea cr creat creatinine glucose glu bg
    fsbg ca calcium mg magnesium phos phosphorus wbc hgb hb hemoglobin hct hematocrit plt plts
    platelets inr ptt aptt ast alt alp alk bili tbili dbili alb albumin protein tsh ft4 t4 t3 a1c
    hba1c ldl hdl trig trigs triglycerides chol cholesterol troponin trop tnt tni bnp ntprobnp lactate
    lactic lipase amylase crp esr ferritin iron tibc b12 folate psa cea afp ck cpk ldh uric osm osmo
    ph pco2 po2 pao2 paco2 egfr gfr mcv mch mchc rdw mpv retic anc alc neut lymph mono eos baso sg ua
    ketones dimer fibrinogen ammonia cortisol acth prolactin hcg cd4 copies ef lvef qtc qrs qt fev1 fvc
    dlco""".split()
    + ["vitamin d", "vit d", "d-dimer", "viral load", "anion gap", "base excess", "pt/inr", "pr interval"]
)

#: Code systems whose codes look like short ids or ZIPs (``CPT 99214``, ``ICD-10 E11.9``).
_CODE_SYSTEMS = Keywords(
    """icd icd9 icd10 icd9cm icd10cm cpt hcpcs loinc snomed snomedct rxnorm ndc drg ms-drg dsm dsm5
    cdt cvx mesh umls dx diagnosis diagnoses code codes""".split()
)

_UNIT = re.compile(
    r"\s?(?:%|°|(?:mg|mcg|ug|µg|μg|ng|pg|g|gm|gram|grams|kg|lb|lbs|oz|ml|mls|l|dl|cc|cl|meq|mmol|umol|"
    r"nmol|pmol|mol|mosm|iu|miu|units?|u|mm|cm|m|km|inch|inches|ft|mmhg|cmh2o|bpm|hz|khz|db|"
    r"kcal|cal|gy|cgy|msv|mci|mbq|sec|secs|min|mins|hr|hrs|h|fl|gtt|gtts|puffs?|tabs?|caps?|drops?|"
    r"sprays?|copies|cells|k|x10|x\s?10|fold|mph|f|c)(?![a-z]))"
)
_TIME = re.compile(
    r"(?:[01]?\d|2[0-3])(?::[0-5]\d){1,2}(?:\s?[ap]\.?m\.?)?|(?:1[0-2]|0?[1-9])\s?[ap]\.?m\.?",
)
_ICD10 = re.compile(r"[A-TV-Z]\d[0-9A-Z](?:\.[0-9A-Z]{1,4})?")
#: The word right after a span, in the same phrase (not across ``|``, ``;`` or a line break).
_NEXT_WORD = re.compile(r"[ \t]{0,3}([A-Za-z]+)")
_RATIO = re.compile(r"\d{1,4}:\d{1,5}")
_RATIO_WORDS = Keywords("ratio dilution titer titre i:e ie odds".split())


def measurement_follows(text: str, end: int) -> bool:
    """True when a unit of measure follows ``end`` (``25 mg``, ``4.1 mmol/L``, ``98%``)."""
    return _UNIT.match(text[end : end + 12].lower()) is not None


def value_label_before(text: str, start: int, n: int = 2, before: Sequence[str] | None = None) -> bool:
    """True when a vital sign, score or lab analyte name lies within ``n`` tokens before ``start``.

    ``before`` is ``tokens_before(text, start, n + 1)``, for a caller that has it already.
    """
    window = tokens_before(text, start, n + 1) if before is None else before
    tail = window[-n:]
    return VITALS.in_tokens(tail) or _LAB_VALUES.in_tokens(tail)


def is_clinical_fraction(text: str, start: int, end: int, before: Sequence[str] | None = None) -> bool:
    """True when the ``a/b`` at ``start:end`` reads as a vital, exam grade, score, vision or dose.

    Looks for a vital/score/lab word within two tokens before, or an exam word right after (in the
    same phrase), or a unit right after (``1/2 tab``, ``120/80 mmHg``). ``before`` is
    ``tokens_before(text, start, 3)``, for a caller that has it already.
    """
    if value_label_before(text, start, 2, before):
        return True
    follower = _NEXT_WORD.match(text, end)
    if follower is not None and follower[1].lower() in _FRACTION_FOLLOWERS:
        return True
    return measurement_follows(text, end)


def is_time(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is a clock time (``14:30``, ``2pm``, ``2:30 p.m.``)."""
    return _TIME.fullmatch(text[start:end].lower()) is not None


def is_ratio(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is ``a:b`` and reads as a ratio or titer (``1:2``, ``1:160``)."""
    if _RATIO.fullmatch(text[start:end]) is None:
        return False
    return not is_time(text, start, end) or _RATIO_WORDS.in_tokens(tokens_before(text, start, 3))


def looks_like_icd10(value: str) -> bool:
    """True when ``value`` has the shape of an ICD-10-CM code (``E11.9``, ``I10``, ``S72.001A``)."""
    return _ICD10.fullmatch(value.upper()) is not None


def is_code(text: str, start: int, end: int) -> bool:
    """True when the span is a clinical code: a code-system word within three tokens before it, or
    the shape of an ICD-10 code.
    """
    return looks_like_icd10(text[start:end]) or _CODE_SYSTEMS.in_tokens(tokens_before(text, start, 3))


def is_clinical_number(text: str, start: int, end: int, before: Sequence[str] | None = None) -> bool:
    """True when a bare number at ``start:end`` is a measurement, vital, lab value, score or code.

    ``before`` is ``tokens_before(text, start, 3)``, for a caller that has it already.
    """
    if measurement_follows(text, end):
        return True
    window = tokens_before(text, start, 3) if before is None else before
    tail = window[-2:]
    return VITALS.in_tokens(tail) or _LAB_VALUES.in_tokens(tail) or _CODE_SYSTEMS.in_tokens(window)
