"""Clinical false-positive traps, as reusable checks.

Clinical text is full of numbers shaped like identifiers: ``BP 120/80`` and ``4/5 strength`` look
like dates, ``GCS 15`` and ``CPT 99214`` like short ids, ``K 4.1 mmol/L`` like a version string.
Recognizers call these checks on a candidate span before reporting it. Each check looks only at a
few tokens around the span, so it costs microseconds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from phigate.detection.context import Keywords, tokens_after, tokens_before

__all__ = [
    "SETTINGS",
    "is_clinical_fraction",
    "is_clinical_number",
    "is_clinical_range",
    "is_clinical_setting",
    "is_code",
    "is_plain_fraction",
    "is_ratio",
    "is_reading",
    "is_setting_chain",
    "is_time",
    "looks_like_icd10",
    "measurement_follows",
    "scalar_label",
    "setting_after",
    "setting_before",
    "setting_near",
    "side_follows",
    "tokens_in_clause",
    "unit_or_count_follows",
    "value_label_before",
]

#: Vital signs, exam scales and scores whose values are written ``a/b`` or as bare numbers.
VITALS = Keywords(
    ["blood pressure"]
    + """bp b/p nibp abp sbp dbp pressure pressures mmhg map cvp pap pcwp peep ps
    hr pulse heart rate rr resp respirations respiratory rate temp tmax tcurrent spo2 sao2 sat sats o2
    fio2 vent vt tv rate weight wt height ht bmi bsa gcs glasgow apgar apgars nihss mmse moca phq phq9
    gad gad7 score scores scale grade graded strength motor power reflexes reflex dtr dtrs pulses
    murmur rub gallop vision acuity va od os ou snellen pain vas nrs ett fluids i/o ins outs ratio
    cha2ds2 vasc hasbled meld child pugh wells curb timi heart grace apache sofa qsofa braden morse
    karnofsky ecog asa mallampati tanner gleason bishop apgar hgb hct""".split()
)

#: Ventilator modes and settings, haemodynamic and blood-gas readings: nursing notes write their
#: values as pairs, chains and ranges (``PSV 15/5``, ``A/C 700x12``, ``CO/CI 4.6/2.4``,
#: ``SVR 954-1183``, ``ABG 7.35/40/80``), which look like dates, phone numbers and identifiers.
SETTINGS = Keywords(
    """vent vents ventilator ventilated settings psv ps cpap bipap ipap epap simv imv prvc aprv
    a/c peep fio2 rr flowby rsbi tv tvs vt vts ips eps co ci svr pvr svri pvri cvp pcwp pap pad pas
    wedge svo2 scvo2 iabp abg abgs vbg gas gases""".split()
    + ["pressure support", "tidal volume", "tidal volumes", "flow by"]
)
#: Words that may stand between a :data:`SETTINGS` word and its value (``PSV increased to 10/5``).
_LINKS = frozenset(
    """to of at is in the was were are with and now currently presently still increased decreased
    weaned changed back down up remains remained from by x s""".split()
)
#: Balloon-pump readings (``AD-91-118``, ``BAEDP-56-66``) and ``AC`` (assist-control, ``AC700x10``):
#: labels too ambiguous to be context words on their own.
_IABP = frozenset("ad as aedp baedp paedp uaedp psp dn ac".split())
#: A pain word, next to an ``n/10`` pain score (``4/10 CP``, ``CP down to 3/10``).
_PAIN = Keywords("pain cp angina discomfort ha headache ache aching soreness cramping".split())
#: Right before a fraction that is a dose or an extent, not a date (``D5 1/2 NS``, ``rales up 1/3``).
_FRACTION_LEADERS = Keywords("d5 d5w d10 d50 q up crackles rales cxs".split())
#: Leaders and followers of an extent (``rales up 1/3``, ``1/2 way up``) that are also everyday
#: words next to dates (``follow up 3/14``): they count only before or after a small fraction.
_EXTENT_LEADERS = frozenset("up crackles rales cxs".split())
_EXTENT_FOLLOWERS = frozenset("up way".split())

#: Sides and extents after an exam grade (``4/5 left``), which also follow dates (``11/3 left arm``).
_SIDES = frozenset(
    """bilaterally bilat throughout proximally distally ue le rue lue rle lle upper lower left right proximal
    distal""".split()
)
#: Words that follow a fraction that is an exam finding rather than a date (``4/5 strength``).
_FRACTION_FOLLOWERS = Keywords(
    """strength power motor murmur murmurs sem holosystolic systolic diastolic rub reflexes reflex dtr
    dtrs pulse pulses pain vision acuity scale score points pts mmhg bilaterally bilat throughout
    proximally distally of tab tabs tablet tablets cap caps ns nss normal saline strength
    sets set bottles bottle cultures blood dose doses inch inches cm mm mg ml cc units hours hrs days
    weeks wks times x grip flexion extension abduction adduction plantarflexion dorsiflexion ue le
    rue lue rle lle upper lower left right proximal distal days day weeks week wks months month hours
    hrs up way dilution titer titre amp amps ampule ampules vial vials bag bags pill pills packet packets
    liter liters litre litres str rate""".split()
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
    dlco fs fsbs fingerstick accucheck accuchek""".split()
    + ["vitamin d", "vit d", "d-dimer", "viral load", "anion gap", "base excess", "pt/inr", "pr interval"]
)

#: Value labels that take one number, never a pair of them: a month/day with a day over 12 after one
#: is a date (``INR check 3/25``, ``Tmax 101 3/22``, ``Hct 3/22 29``). Not rates (``RR 12/20``
#: is set over total), scores out of a total (``GCS 3/15``), pairs (``Hgb/Hct 9/27``, ``PT/PTT 12/28``).
_SCALAR_LABELS = frozenset(
    """temp tmax tcurrent weight wt height ht bmi hr pulse spo2 sao2 sat sats bp sbp nibp abp na sodium
    k potassium cl chloride co2 bicarb hco3 bun cr creat creatinine glucose glu bg fsbg ca calcium mg
    magnesium phos wbc plt plts platelets inr alb albumin troponin trop tni bnp lactate lipase crp
    ferritin tsh ammonia ef lvef hct hematocrit""".split()
)

#: Code systems whose codes look like short ids or ZIPs (``CPT 99214``, ``ICD-10 E11.9``).
_CODE_SYSTEMS = Keywords(
    """icd icd9 icd10 icd9cm icd10cm cpt hcpcs loinc snomed snomedct rxnorm ndc drg ms-drg dsm dsm5
    cdt cvx mesh umls dx diagnosis diagnoses code codes""".split()
)

#: A unit of measure, maybe after one blank on the same line (``3/7/16\nL knee`` is no length). The
#: letters c, f and h before a slash are shorthand (``c/o``, ``f/u``, ``h/o``), and a ``K`` before a
#: number is potassium (``12/1 K 3.2``), not units.
_UNIT = re.compile(
    r"[ \t]?(?:%|°|(?:mg|mcg|ug|µg|μg|ng|pg|g|gm|gram|grams|kg|lb|lbs|oz|ml|mls|l|dl|cc|cl|meq|mmol|umol|"
    r"nmol|pmol|mol|mosm|iu|miu|units?|u|mm|cm|m|km|inch|inches|ft|mmhg|cmh2o|bpm|hz|khz|db|"
    r"kcal|cal|gy|cgy|msv|mci|mbq|sec|secs|seconds?|min|mins|minutes?|hr|hrs|hours?|fl|gtt|gtts|puffs?|"
    r"tabs?|caps?|drops?|"
    r"sprays?|copies|cells|x10|x\s?10|fold|mph)(?![a-z])|[cfh](?![a-z]|/[a-z])|k(?![a-z]|[ \t]*\d))"
)
#: Body parts, limbs and line sites that a side (``L``, ``R``) names.
_BODY_PARTS = """hip hips knee leg arm foot feet ankle hand wrist shoulder elbow thigh femur femoral fem groin
    flank side sided eye ear breast chest lung kidney ij sc subclavian ac radial brachial ue le upper lower
    temporal frontal parietal occipital mca aca pca ica hemisphere facial humerus tibia fibula radius ulna
    pelvis rib ribs heel toe toes finger thumb buttock""".split()
#: A side before a body part, a limb or a line site (``L hip``, ``R sided``, ``left IJ``), or a limb
#: named with its side (``LLE``, ``RUE``).
_SIDE = re.compile(
    r"[ \t]?(?:[lr][ul]e|(?:l|r|left|right)[ \t]+(?:" + "|".join(_BODY_PARTS) + r"|hemi[a-z]*))(?![a-z])"
)
_TIME = re.compile(
    r"(?:[01]?\d|2[0-3])(?::[0-5]\d){1,2}(?:\s?[ap]\.?m\.?)?|(?:1[0-2]|0?[1-9])\s?[ap]\.?m\.?",
)
_ICD10 = re.compile(r"[A-TV-Z]\d[0-9A-Z](?:\.[0-9A-Z]{1,4})?")
#: The word right after a span, in the same phrase (not across ``|``, ``;`` or a line break).
#: Group 1 is the word with its digits (``FiO2``), group 2 its letters.
_NEXT_WORD = re.compile(r"[ \t]{0,3}(([A-Za-z]+)[A-Za-z0-9]*)")
_RATIO = re.compile(r"\d{1,4}:\d{1,5}")
_DIGIT_RUN = re.compile(r"\d+")
_PAIR = re.compile(r"(?P<a>\d{1,4})[-\u2013](?P<b>\d{1,5})")
#: A dot that ends a sentence: not a decimal point (``.4``, ``7.35``).
_SENTENCE_DOT = re.compile(r"\.(?!\d)")
#: The two halves of a pair of ranges around a fraction: ``4-`` before ``6/2``, ``-4`` after it.
_RANGE_BEFORE = re.compile(r"\d-$")
_RANGE_AFTER = re.compile(r"-\d")
#: Before a small fraction: a small fraction and a dash (``1/3-1/2``; not the dates ``3/3-3/4``), or a
#: whole number (``1 1/2``).
_SMALL_BEFORE = re.compile(r"(?<![\d/])(?:1/[234]|2/[34]|3/4)-$|(?<![\d/.])\d[ -]$")
#: A label (maybe none) joined to numbers (``bp130-140``, ``map-75-100``, ``ac700x10``, ``650x10x100``).
_READING = re.compile(
    r"(?P<label>[a-z]{0,6}(?:[0-9](?=[-:=]))?)[-:=]?(?P<v>\d{1,3}(?:\.\d{1,2})?(?:[-/x*]\d{1,3}(?:\.\d{1,2})?)*)%?"
)
_RATIO_WORDS = Keywords("ratio dilution titer titre i:e ie odds".split())


def measurement_follows(text: str, end: int) -> bool:
    """True when a unit of measure follows ``end`` on its line (``25 mg``, ``4.1 mmol/L``, ``98%``); an
    ``L`` before a body part is the left side, not litres (``93 L hip fx``; but ``2 L NC``).
    """
    unit = _UNIT.match(text[end : end + 12].lower())
    if unit is None:
        return False
    return unit.group().lstrip(" \t") != "l" or not side_follows(text, end)


def side_follows(text: str, end: int) -> bool:
    """True when a side and a body part follow ``end`` (``93 L hip fx``, ``11/14 R arm``)."""
    return _SIDE.match(text[end : end + 28].lower()) is not None


def scalar_label(tokens: Sequence[str]) -> bool:
    """True when the only value label among ``tokens`` takes a single number (:data:`_SCALAR_LABELS`)."""
    labels = [t for t in tokens if t in VITALS or t in _LAB_VALUES]
    return len(labels) == 1 and labels[0] in _SCALAR_LABELS


def unit_or_count_follows(text: str, end: int) -> bool:
    """True when a unit or a counted thing follows ``end`` in its phrase (``22 mg``, ``22 tabs``, ``22
    days``, ``22 x``): the number before it is no day of the month.
    """
    if measurement_follows(text, end):
        return True
    follower = _NEXT_WORD.match(text, end)
    return follower is not None and (follower[2].lower() in _FRACTION_FOLLOWERS or follower[2].lower() == "x")


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
    same phrase), or a unit right after (``1/2 tab``, ``120/80 mmHg``); a fluid or an extent before
    (``D5 1/2``, ``rales up 1/3``); a pain word near an ``n/10`` (``4/10 CP``); a pair of ranges
    (``CO/CI 4-6/2-4``), a range of fractions or a mixed number (``1/3-1/2``, ``1 1/2``); a ventilator
    or haemodynamic word before it in the clause or right after it (``PSV increased to 10/5``,
    ``5/15 ips``). ``before`` is ``tokens_before(text, start, 3)``, for a caller that has it already.
    """
    if value_label_before(text, start, 2, before):
        return True
    window = tokens_before(text, start, 3) if before is None else before
    follower = _NEXT_WORD.match(text, end)
    after = follower[2].lower() if follower is not None else ""
    word = follower[1].lower() if follower is not None else ""
    a, _, b = text[start:end].partition("/")
    small = a.isdigit() and b.isdigit() and int(a) < int(b) <= 4  # 1/2, 1/3, 3/4: an extent or a dose
    # a grade or an extent on a side is at most whole (4/5 left, 1/3 right): "11/3 left arm" is a date
    improper = a.isdigit() and b.isdigit() and int(a) > int(b)
    if after in _FRACTION_FOLLOWERS and (small or after not in _EXTENT_FOLLOWERS):
        return not (improper and after in _SIDES)
    if _FRACTION_LEADERS.in_tokens(window[-1:]) and (small or window[-1] not in _EXTENT_LEADERS):
        return True
    ranged = _RANGE_BEFORE.search(text, max(0, start - 2), start) is not None
    if b == "10" and a.isdigit() and int(a) <= 10 and (ranged or after in _PAIN or _PAIN.in_tokens(window)):
        return True  # a pain score: "4/10 CP", "CP down to 3/10", "3-4/10"
    if ranged and _RANGE_AFTER.match(text, end):
        return True  # a pair of ranges: "CO/CI 4-6/2-4"
    if small and _SMALL_BEFORE.search(text, max(0, start - 4), start):
        return True  # a range of fractions, a mixed number: "rales up 1/3-1/2", "1 1/2 hours"
    return measurement_follows(text, end) or setting_before(text, start) or word in SETTINGS


def _clause_before(text: str, start: int, chars: int) -> str:
    """Up to ``chars`` characters before ``start``, cut at the last line break, ``;`` or sentence dot
    (a dot before a digit is a decimal point: ``CPAP .4``).
    """
    window = text[max(0, start - chars) : start]
    cut = max(window.rfind("\n"), window.rfind(";"))
    for m in _SENTENCE_DOT.finditer(window, cut + 1):
        cut = m.start()
    return window[cut + 1 :]


def tokens_in_clause(text: str, start: int, n: int) -> list[str]:
    """The last ``n`` tokens before ``start`` in its clause: not past a line break, ``;`` or a
    sentence dot (``O2. 10/1`` has none).
    """
    clause = _clause_before(text, start, n * 12)
    return tokens_before(clause, len(clause), n)


def setting_before(text: str, start: int, n: int = 6) -> bool:
    """True when a ventilator, haemodynamic or blood-gas word (:data:`SETTINGS`) lies within ``n``
    tokens before ``start`` in the same clause, with only numbers, units and linking words between
    (``PSV increased to 10/5``, ``SVR is in the 900-1300``; not ``vent via trach, placed 8/14``).
    """
    return _setting_first(tokens_in_clause(text, start, n), backwards=True)


def setting_near(text: str, start: int, end: int) -> bool:
    """True when a :data:`SETTINGS` word lies within six tokens before the span or four after it, in
    the same clause, with only numbers, units and linking words between (``A/C 700*12 50% 5 peep``).
    """
    if setting_before(text, start) or SETTINGS.in_tokens(tokens_before(text, start, 2)):
        return True  # the clause may end right after the label: "a/c. 650 x10"
    return setting_after(text, end)


def setting_after(text: str, end: int) -> bool:
    """True when a :data:`SETTINGS` word lies within four tokens after ``end``, in the same clause and
    table cell, with only numbers, units and linking words between (``10/5 BIPAP``, ``5/15 ips``; not
    ``6/17 | ABG``).
    """
    after = text[end : end + 48]
    stop = min(
        (i for i in (after.find("\n"), after.find(";"), after.find("|")) if i >= 0), default=len(after)
    )
    for m in _SENTENCE_DOT.finditer(after, 0, stop):
        stop = m.start()
        break
    return _setting_first(tokens_after(after[:stop], 0, 4), backwards=False)


def _setting_first(tokens: Sequence[str], *, backwards: bool) -> bool:
    """True when a :data:`SETTINGS` word comes in ``tokens`` (read outwards from a value: backwards
    before it, forwards after it) before any word that is not a number, a unit or a linking word.
    """
    previous = ""
    for token in reversed(tokens) if backwards else tokens:
        pair = (token, previous) if backwards else (previous, token)  # "a/c", "pressure support"
        if token in SETTINGS or SETTINGS.in_tokens(pair):
            return True
        if not (token in _LINKS or any(c.isdigit() for c in token) or _UNIT.fullmatch(token)):
            return False
        previous = token
    return False


def is_plain_fraction(a: int, b: int) -> bool:
    """True when ``a/b`` (single digits, nothing around to tell) is more often a fraction, an extent or
    a 0-5 exam grade than a date: ``1/2``, ``2/3``, ``3/4``, ``4/5``, ``5/5``, ``2/2``; not ``8/3``,
    ``3/6`` or ``6/9``, which clinical notes write as dates.
    """
    return a < b <= 4 or (b == 5 and a <= 5) or a == b


def is_setting_chain(text: str, start: int, end: int) -> bool:
    """True when the ``a/b/c`` at ``start:end`` reads as ventilator settings, not a date: a unit right
    after (``on 10/5/50%``) or a :data:`SETTINGS` word right before (``PSV 12/10/40``).
    """
    return measurement_follows(text, end) or SETTINGS.in_tokens(tokens_before(text, start, 1))


def is_clinical_setting(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` holds only short numbers (four digits at most each) and reads as
    ventilator or haemodynamic settings: a reading (:func:`is_reading`) or a :data:`SETTINGS` word
    near it (``A/C 700*12``, ``a/c 10/700/.50/5``, ``SVR 954-1183``).
    """
    if any(len(run) > 4 for run in _DIGIT_RUN.findall(text, start, end)):
        return False
    return is_reading(text[start:end]) or setting_near(text, start, end)


def is_clinical_range(text: str, start: int, end: int) -> bool:
    """True when the number pair ``a-b`` at ``start:end`` reads as a range of clinical values: rising
    to a round upper end (``voiding 575-1000``, ``IS 750-1000``), or next to a vital, lab or settings
    word or a unit (``SVR 954-1183``, ``TV 900-1000``, ``100-200 cc``).
    """
    pair = _PAIR.fullmatch(text, start, end)
    if pair is None:
        return False
    if int(pair["a"]) < int(pair["b"]) and pair["b"].endswith("00"):
        return True
    return is_clinical_number(text, start, end) or is_clinical_setting(text, start, end)


def is_reading(value: str) -> bool:
    """True when ``value`` is a clinical reading written as one token: a vital, lab, setting or
    balloon-pump label joined to a number or range (``BP130-140``, ``Tmax-99``, ``MAP-75-100``,
    ``AD-91-118``, ``AC700x10``), numbers joined by ``x`` (``650x10x100``: rate, volume, FiO2), or
    decimals (``95.8-97.2``).
    """
    m = _READING.fullmatch(value.lower())
    if m is None:
        return False
    label = m["label"]
    if not label:
        return any(c in m["v"] for c in "x*.")
    return label in VITALS or label in _LAB_VALUES or label in SETTINGS or label in _IABP


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
