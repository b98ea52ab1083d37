"""Named hospitals, clinics, practices and care homes (``St. Mary's Hospital``, ``Mercy Medical
Center``, ``Lakeside Family Clinic``, ``University of Iowa Hospitals``, ``Mass General``).

A facility name is a run of words before a facility head word (``Hospital``, ``Medical Center``,
``Clinic``, ``Nursing Home``, ...), optionally followed by ``of``/``at`` and a place. It is reported
only when at least one word is specific: ``the hospital``, ``Emergency Department``, ``Family
Clinic`` or ``Outside Hospital`` name no place and are left alone. Lowercase names count when a word
in them is a name or a word no list knows (``hernandez clinic``), or when a label introduces them
(``to: mercy nursing home``); head words damaged by OCR are read too (``Hospita1``). Well-known
institutions written without a head word (``Mass General``, ``Johns Hopkins``) come from
``facility_names.txt``.

Everything runs on the shared word stream (:func:`~phigate.detection.builtin._caps.words`): head
words are found with one set lookup per word, in C.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import compress

from phigate.detection.base import Match, Recognizer
from phigate.detection.builtin._caps import Words, english_shaped, lookup, misread_word, words
from phigate.detection.builtin._mentions import distinct, mentions
from phigate.detection.dictionaries import CITY, CLINICAL, FIRST, REGION, SURNAME, WORD, load_list
from phigate.model import Category
from phigate.registry import Registry

__all__ = ["FacilityRecognizer", "register"]

#: Last words of facility head words (``Medical Center`` ends in ``center``).
HEADS = frozenset(
    """hospital hospitals center centre centers clinic clinics infirmary sanatorium sanitarium home
    facility hospice healthcare institute hosp associates physicians practice medicine pediatrics pharmacy
    living network partners plaza office healthplex rehab care system systems group ctr memorial regional
    general house manor gardens commons village""".split()
)
#: Heads that are plain words too (``Memorial``, ``Regional``): a facility after a proper name
#: (``Sacred Heart Memorial``, ``TAKEN TO LAUREL REGIONAL``).
_NAMED_HEADS = frozenset("memorial regional general".split())
#: Heads of homes and residences (``Keeley House``, ``Oak Manor``): a facility after a name that is not
#: an English word, with a place cue before it or a residence word after it.
_HOME_HEADS = frozenset("house manor gardens commons village".split())
_HOME_CUES = frozenset("at from frm to in the of".split())
_HOME_AFTER = frozenset("nh snf resident residents nursing rehab facility alf".split())
#: Words that may stand inside a head (``Medical`` in ``Medical Center``) and are generic alone.
_HEAD_PARTS = frozenset(
    """medical health nursing rehabilitation care surgery surgical cancer heart eye family dialysis
    imaging assisted senior memory behavioral mental psychiatric specialty urgent va living skilled
    children's childrens women's womens regional community general memorial university med""".split()
)
#: Heads that name a facility only after a word that is clearly part of one (``Medical Group``).
_WEAK_HEADS = frozenset(
    "home care living group system systems network partners plaza office medicine practice".split()
)
#: Verbs of moving a patient, before ``to``/``from``/``at`` and a hospital.
_TRANSFER_VERBS = frozenset(
    """transferred transfered transfer trans tx txd sent admitted adm came arrived referred taken
    brought medflighted flown returned discharged followed seen treated presented went go going
    transported come coming enroute arrival medflight""".split()
)
_TRANSFER_PREPOSITIONS = frozenset("to from frm at into".split())
#: Prepositions before a hospital's name; ``in``, ``through`` and ``via`` only before an emergency-room
#: word (``seen in GH EW``).
_NAME_PREPOSITIONS = _TRANSFER_PREPOSITIONS | frozenset("in through via".split())
#: Endings of the text before ``from``/``to`` that write "discharged" (``d/c'd from``, ``dc'd to``).
_DISCHARGED = ("d/c'd ", "dc'd ", "d/c ", "d/c'ed ", "d/ced ")
#: Words before ``from`` that make it a transfer cue (``pt from MHH``, ``records from lvhn``).
_CAME_FROM = frozenset("pt patient records notes films imaging".split())
#: Words before ``at`` that make it a transfer cue (``sent to ED at GH``, ``CHF team at GH``).
_AT_CUES = frozenset("ed ew er team".split())
#: Words after a hospital building or name: a ward number or an emergency-room word.
_WARD_FOLLOWERS = frozenset({"ew", "er", "ed"} | {str(i) for i in range(100)} | {f"0{i}" for i in range(10)})
#: First words of short hospital names (``U Maryland``, ``Univ of Iowa``, ``st mary's``).
_SHORT_FIRST = frozenset("u univ st saint".split())
#: Hospitals called by one word that is also a plain word or a faith (``Mercy``, ``Baptist``,
#: ``Children's``): a hospital right after ``to``/``from``/``at``/``into``.
_ONE_WORD_NAMES = frozenset(
    """mercy baptist methodist presbyterian lutheran adventist episcopal deaconess shriners providence
    kaiser children""".split()
)
#: Words that may follow such a name (``Mercy ED``, ``Baptist Hospital``).
_FOLLOWERS = HEADS | frozenset("ed er ew emergency".split())
#: Emergency rooms named after their hospital (``GH EW``, ``MGH ER``).
_ER_ROOMS = frozenset("ew er ed".split())
#: Words of work before ``of``/``at``/``for``/``by``/``from`` and an employer's initials (``CEO OF IBM``,
#: ``works for BGE``, ``retired from USPS``).
_EMPLOYMENT = frozenset("ceo president owner employee works worked working employed retired".split())
_EMPLOYER_PREPOSITIONS = frozenset("of at for by from".split())
#: The words that start a look at a transfer, a ward or a short hospital name.
#: Staff of a ward, after a building's name and its floor (``per Farr 5 RN``).
_WARD_STAFF = frozenset("rn rns nurse nurses team resident residents".split())
#: Words of when, after a building's name and its floor in a plan (``plan: Farr 5 this am``).
_WARD_WHEN = frozenset("this today tomorrow tonight when once after later in".split())
#: Services and records of a hospital after its initials (``GH ONCOLOGY``, ``RECENT GH ADMISSION``).
_SERVICES = frozenset(
    """cardiology oncology neurology nephrology hepatology employee employees admission admissions
    records chart pcp staff security police""".split()
)
#: Words before a building's name and its floor (``BED ON WEXCOMBE 3``, ``FLOOR WEXCOMBE 3``).
_ON_WARD = frozenset("on floor".split())
_CUES = (
    _NAME_PREPOSITIONS
    | _TRANSFER_VERBS
    | _SHORT_FIRST
    | _ER_ROOMS
    | _WARD_STAFF
    | _SERVICES
    | _ON_WARD
    | {"plan"}
    | _EMPLOYMENT
)
#: Words after a hospital's name that confirm it (``GH EW``, ``mercer hosp``).
_ER_WORDS = frozenset("ew er ed hosp hospital ctr emergency cath".split())
#: Intensive care units, named after the hospital building that holds them (``Lally MICU``).
_ICUS = frozenset("micu sicu ccu csru nsicu tsicu cvicu picu nicu".split())
#: Units, rooms and generic places after a transfer verb: not names.
_NOT_FACILITIES = frozenset(
    """micu sicu csru ccu nsicu tsicu cvicu icu picu nicu ew er ed or ir pacu osh floor unit bed room
    ward pod bay ct mri cath lab rehab home snf nh vna us usa the a an this that his her my our hosp
    tele pcu vicu mciu afib svt vt vf nsr sr st raf arf imv cv rle lle rue lue sc prn dr mr mrs ms md np
    pa rn pt ctic csicu pmicu fmicu smicu ticu cticu step sdu ep gi hd pt ot slp lp eeg ekg ecg tee tte
    echo cxr kub xray ivc rca lad lcx rij lij picc tlc ett ogt ngt peg kvo nad ps cpap bipap peep prvc
    simv ac mn hs am pm bid tid qid qd po iv im sq meds labs bilat prev ortho neuro cards pulm renal
    psych pvc pvcs pac pacs aflutter flutter sbp dbp map cvp hr rr bp eval sl pr gt ng og od os ou
    ltc ltac ecf alf rcu cvu ficu cvru ccru msicu dnr dni cmo tpn ppn ivf tf nc bs bsd qhs hcp ltach
    ltcf acf irf sar ahf ems ofc""".split()
)
#: Units, rooms and charting words that name no facility (for the place recognizer too).
UNITS = _NOT_FACILITIES
#: Words a few words before ``to``/``from``/``at``/``in`` that make the clause about a stay in a
#: hospital (``well known to GH``, ``had CABG here at GH``, ``MULTIPLE ADMISSIONS TO GH``).
_VISIT_WORDS = _TRANSFER_VERBS | frozenset(
    """known here admission admissions admit admits readmitted readmission readmits hospitalized
    hospitalised hospitalization stay stays stayed previously recently initially originally works
    worked employed hx outpt outpatient biba bib ama home""".split()
)
#: Verbs of a procedure done somewhere, before ``at`` (``had at gh``, ``performed at GH``).
_DONE = frozenset("had done performed underwent".split())
#: Procedures done at a hospital, before ``at`` (``CABG AT GH``, ``cath at Sinai``).
_PROCEDURES = frozenset(
    """cath cabg surgery ptca pci stent stents angioplasty ablation transplant repair replacement
    avr mvr biopsy dialysis chemo radiation xrt echo tee egd ercp intubated cathed stented
    diagnosed dx mri ct cxr ekg eeg""".split()
)
#: Care givers and services before ``at`` a hospital (``PCP AT GH``, ``F/U WITH CARDIOLOGY AT GH``).
_CARE_AT = frozenset(
    """pcp cardiology cardiologist oncology oncologist nephrology nephrologist neurology neurologist
    hepatology pulmonology pulmonologist fellow surgeon surgeons physician doctor fu followup""".split()
)
#: Words before ``(`` and a hospital's initials (``FROM OSH (GH)``, ``Kettlesburgh General (KGH)``).
_BEFORE_BRACKET = frozenset("osh hospital hosp general memorial regional".split())
#: A gap that ends a short abbreviation read as a name (punctuation, a line break, a space).
_ENDS = re.compile(r"[ \t]*(?:[.,;:)]|\n|\Z| )")
#: Heads that are also plain words of care (``trach care``, ``awaiting rehab``): a facility only after a
#: proper name.
_PLAIN_HEADS = _WEAK_HEADS | frozenset("rehab care physicians pharmacy hospice".split())
#: Words after a head word that make it a plain noun of care, not a facility (``health care proxy``,
#: ``rehab placement``, ``home care services``).
_NOT_AFTER_HEAD = frozenset(
    """proxy proxies directive directives decision decisions plan plans planning team provider
    providers worker workers giver givers aide aides needs coordinator placement services screening
    screen bed beds""".split()
)
#: Heads of two words that name a facility though their last word is a plain word of care.
_COMPOUND_HEADS = frozenset(
    {
        ("nursing", "home"),
        ("urgent", "care"),
        ("family", "practice"),
        ("medical", "group"),
        ("assisted", "living"),
    }
)
#: Flags of the words that name a person or a place.
_NAMED = FIRST | SURNAME | CITY
#: Words that do not make a facility name specific (``Community``, ``Regional``, ``Family``).
GENERIC = frozenset(
    """the a an this that our your their his her its same other another any previous prior outside
    local nearby affiliated referring receiving sending accepting general community regional memorial
    university medical center health care clinic hospital state county city federal private public
    main central teaching children's childrens women's womens veterans veteran va psychiatric mental
    behavioral rehabilitation rehab surgical surgery specialty pediatric pediatrics adult family
    primary urgent emergency walk-in after-hours free student employee occupational travel
    anticoagulation coumadin infusion transplant fertility breast spine vascular vein hand foot
    allergy asthma endocrine gi ent cardiac cardiology oncology hematology neurology dermatology
    orthopedic orthopaedic orthopedics internal medicine pain wound sleep diabetes dialysis cancer
    heart eye dental mental senior stroke trauma burn headache memory movement hepatology kidney liver
    lung renal womens mens men's pulmonary gastroenterology urology gynecology obstetrics ob obgyn
    ob/gyn ophthalmology optometry podiatry chiropractic physical therapy speech radiology imaging
    laboratory lab lung sports spine neuro psych geriatric geriatrics hospice nursing home skilled
    long-term acute subacute inpatient outpatient day new old north south east west northern
    southern eastern western upper lower st saint mount mt of and & at for in on s assisted living
    group practice office network system systems partners plaza physicians associates institute
    pharmacy healthcare clinics hospitals centers centre infirmary facility failure disorders disorder
    management weight obesity bariatric lipid hypertension cystic fibrosis sickle cell infectious
    disease diseases travel vaccine med ctr univ immunization hiv std sti tb lactation prenatal
    pediatric newborn
    nicu picu icu surgical medical cardiothoracic vascular colorectal bariatrics nutrition diabetic
    addiction recovery detox methadone suboxone behavioral psychiatry counseling crisis post pre postop
    preop postoperative preoperative perioperative mortem postmortem""".split()
)
_STOP_LEADING = frozenset(
    """the a an at to from frm in on by for of with and or patient pt seen admitted transferred discharged
    presented followed treated referred went returned sent taken brought called visited was is per
    via my his her their our your this that leave left leaving enter entered exit return cont continue
    advance offer provide see please""".split()
)
#: Words between name words inside a facility name (``Hospital of the University of Pennsylvania``).
_JOINERS = frozenset("of and & the de del la".split())
#: Cues after which a lowercase facility name may be made of English words (``to: mercy rehab``).
_LABEL_CUES = frozenset("to at from admitted transferred discharged sent".split())
#: Labels before a colon and the place a patient comes from or goes to (``SNF: meadowlark nursing
#: home``, ``Referring hospital: ...``).
_PLACE_LABELS = frozenset("snf rehab facility dispo disposition nh alf osh hospital ltach ltac".split())
#: Characters OCR makes of letters: digits (``hospita1``) and look-alike letters (``Ccnter``,
#: ``Centcr``, ``Clinlc``).
_OCR = {"l": "1i", "o": "0", "s": "5", "b": "8", "i": "1l", "e": "c", "c": "e"}


def _ocr_variants(word: str) -> set[str]:
    """``word`` with one letter replaced by a character OCR makes of it (``hospita1``, ``ccnter``)."""
    return {word[:i] + r + word[i + 1 :] for i, c in enumerate(word) if c in _OCR for r in _OCR[c]}


_TRIGGERS: dict[str, str] = {v: h for h in HEADS if len(h) > 4 for v in _ocr_variants(h)}
_TRIGGERS.update({h: h for h in HEADS})
#: Heads often mistyped in charting, read with a letter left out or two letters swapped (``Hosptial``,
#: ``hospitl``, ``Clincs``); shorter heads (``center``: ``enter``) would turn into English words.
_TYPED_HEADS = ("hospital", "hospitals", "clinic", "clinics", "infirmary", "hospice")


def _typed(head: str) -> Iterator[str]:
    """``head`` with a letter left out or two neighbouring letters swapped (``hospitl``, ``hosptial``)."""
    for i in range(len(head) - 1):
        yield head[:i] + head[i + 1 :]
        yield head[:i] + head[i + 1] + head[i] + head[i + 2 :]


for _head in _TYPED_HEADS:
    for _variant in _typed(_head):
        _TRIGGERS.setdefault(_variant, _head)

#: Charting shorthand for the verbs and prepositions of moving and living (``lvs in``, ``xferred
#: frm``), read as the word they stand for by :func:`cue_key`.
_SHORTHAND = {
    "lvs": "lives",
    "livs": "lives",
    "lves": "lives",
    "frm": "from",
    "xfer": "transfer",
    "xfr": "transfer",
    "xferred": "transferred",
    "xfered": "transferred",
    "xfr'd": "transferred",
    "xfrd": "transferred",
    "txd": "transferred",
    "trnsf": "transfer",
    "trx": "transfer",
}


def _deletions(word: str) -> Iterator[str]:
    """``word`` with one letter left out, at each position."""
    return (word[:i] + word[i + 1 :] for i in range(len(word)))


def typo_index(vocabulary: Iterable[str]) -> dict[str, str]:
    """Index of the words of ``vocabulary`` of six letters or more and of each with one letter left out
    (symmetric deletion), for :func:`typo_of`.
    """
    index: dict[str, str] = {}
    for word in sorted(vocabulary, key=lambda v: (len(v), v)):
        if len(word) >= 6:
            index.setdefault(word, word)
            for d in _deletions(word):
                index.setdefault(d, word)
    return index


def typo_of(key: str, index: dict[str, str]) -> str | None:
    """The word of ``index`` that ``key`` misspells by one letter added, left out, replaced or two
    swapped (``transfered``, ``trasnferred``, ``hosptial``), or None; only for a key of five letters
    or more that no list knows (a real word is no typo).
    """
    if len(key) < 5 or not key.isalpha():
        return None
    hit = index.get(key)
    if hit is None:
        for d in _deletions(key):
            hit = index.get(d)
            if hit is not None:
                break
    if hit is None or hit == key or lookup(key):
        return None
    return hit


#: Verbs of living, moving and travelling whose misspellings still cue a place (``transfered``).
_CUE_VERBS = frozenset(
    """transferred transfer transferring resides residing resident visiting traveling travelling
    relocated returned returning discharged admitted followed presented medflighted arrived
    originally""".split()
)
_CUE_TYPOS = typo_index(_CUE_VERBS)


@lru_cache(maxsize=1 << 12)
def cue_key(key: str) -> str:
    """``key`` read as the cue word it abbreviates or misspells (``lvs`` -> ``lives``, ``frm`` ->
    ``from``, ``trasnferred`` -> ``transferred``), else ``key`` itself.
    """
    short = _SHORTHAND.get(key)
    if short is not None:
        return short
    return typo_of(key, _CUE_TYPOS) or key


class FacilityRecognizer:
    """Named hospitals, clinics and practices; generic facility words are left alone."""

    id = "facility"
    version = "2"
    categories = frozenset({Category.LOCATION})

    def __init__(self) -> None:
        known: dict[str, list[tuple[str, ...]]] = {}
        for name in load_list("facility_names"):
            parts = tuple(name.replace("-", " ").replace(".", "").replace("'", " ").split())
            known.setdefault(parts[0], []).append(parts)
        for heads in known.values():
            heads.sort(key=len, reverse=True)
        self._known = known
        #: Head words and first words of known names: the words worth a closer look.
        self._scan = frozenset(_TRIGGERS) | frozenset(known)
        #: These and the words that start the other looks (see :meth:`_cue_words`).
        self._cues = self._scan | _CUES

    def find(self, text: str) -> Iterator[Match]:
        """Yield LOCATION matches for named facilities in ``text``."""
        w = words(text)
        spans = list(self._spans(w))
        for a, b, score in (*spans, *_again(w, spans)):
            yield Match(w.starts[a], w.ends[b - 1], Category.LOCATION, score)

    def _spans(self, w: Words) -> Iterator[tuple[int, int, float]]:
        """Word spans ``(a, b, score)`` of the facilities named in ``w``."""
        last = -1
        keys, words_ = w.keys, w.words
        cues = self._cue_words(w)
        # head words are capitalised in a text written with capitals; any word may be in a lowercase one
        scan = self._scan
        hits = [k for k in cues if keys[k] in scan and (w.complete or words_[k][0].isupper())]
        known = self._known
        ends: set[int] = set()
        for t in hits:
            if t <= last or keys[t] not in _TRIGGERS:
                continue
            facility = self._facility(w, t)
            if facility is not None:
                a, b = facility
                last = b - 1
                ends.add(last)
                yield a, b, 0.85
        moved = list(_moved_to(w, cues))
        found = (
            *moved,
            *_more_wards(w, moved, cues),
            *_at_signs(w),
            *_bracketed(w, ends),
            *_bracketed_names(w),
            *_employers(w, cues),
            *_served(w, cues),
        )
        for a, b in found:
            yield a, b, 0.7
        for a, b in (*_short_names(w, cues), *_medical_centers(w), *_one_word_names(w, cues)):
            yield a, b, 0.75
        # a known name in lowercase in a text with capitals needs a head word after it ("sacred heart
        # Memorial"; not "pelvic mass general surgery")
        for k in [k for k in cues if keys[k] in known]:
            lower = not words_[k][0].isupper()
            for parts in known[keys[k]]:
                size = len(parts)
                if lower and size < 2:
                    continue  # a name of one word needs its capital ("mayo")
                if tuple(keys[k : k + size]) == parts and all(
                    w.gaps[j] in (" ", "-", "'", ". ", "’") for j in range(k + 1, k + size)
                ):
                    end = _known_heads(w, k + size)
                    if end > k + size or not lower or w.complete:
                        yield k, end, 0.8
                    break

    def _cue_words(self, w: Words) -> list[int]:
        """Indices of the words that start a closer look (head words, first words of known names,
        prepositions, transfer verbs, short first words of hospital names, emergency-room words): one
        pass over the text's words, in C, which each look then narrows to its own words.
        """
        return list(compress(range(len(w.keys)), map(self._cues.__contains__, w.keys)))

    def _facility(self, w: Words, t: int) -> tuple[int, int] | None:
        """Words ``a..b-1`` of the facility named by the head word at ``t``, or None."""
        words_, keys, gaps = w.words, w.keys, w.gaps
        n = len(words_)
        # extend the head over following head words ("Medical Center", "Nursing Home")
        b = t + 1
        while b < n and gaps[b] == " " and keys[b] in _TRIGGERS and _same_case(words_[b], words_[t]):
            b += 1
        if b < n and keys[b] in _NOT_AFTER_HEAD and gaps[b] == " ":
            return None  # "LEGAL HEALTH CARE PROXY", "concerning rehab placement"
        head = words_[b - 1]
        lower = head.islower()
        if not (head[0].isupper() or lower):
            return None
        # walk back over the name: head parts, name words, joiners between capitalised words
        a = t
        while a > 0 and t - a < 7:
            k = a - 1
            gap = gaps[a]
            hyphen = gap == "-" and a < t and words_[k].isalpha() and _hyphenated_name(w, k)
            if gap != " " and not hyphen and not (gap == ". " and keys[k] in ("st", "mt", "ste", "ft")):
                break
            key = keys[k]
            word = words_[k]
            if key == "s" and k > 0 and gaps[k] in ("'", "’"):
                k -= 1  # "Mary's"
                key, word = keys[k], words_[k]
            if key in ("and", "&") and a == t and k > 0 and keys[k - 1] in _HEAD_PARTS and gaps[k] == " ":
                a = k  # "Sunnyvale Nursing and Rehab", "brightwater health and rehab"
                continue
            if key in _JOINERS and a < t and not lower:
                if k > 0 and words_[k - 1][:1].isupper():
                    a = k
                    continue
                break
            if key in _STOP_LEADING:
                break
            if lower != word.islower() or not word[0].isalpha():
                break
            a = k
        while a < t and keys[a] in _JOINERS:
            a += 1
        name = range(a, t)
        specific = [k for k in name if keys[k] not in GENERIC and keys[k] not in _TRIGGERS]
        tail_end = self._tail(w, b)
        if not specific:
            if tail_end is None:
                return _named_generic(w, a, b)
            if keys[b - 1] in _PLAIN_HEADS:
                return b + 1, tail_end  # "HOME IN KETTLESBURGH": the town, not the home
            return a, tail_end
        if all(len(keys[k]) < 2 for k in specific):
            return None  # "R/T HOSP"
        if lower and not self._lower_ok(w, a, specific, keys[b - 1]) and not _lower_named(w, a, b, specific):
            return None
        if keys[b - 1] in _NAMED_HEADS or keys[b - 1] in _HOME_HEADS:
            return (a, b) if _named_head(w, specific, a, b) else None
        bare = not any(keys[k] in _HEAD_PARTS for k in range(a, b - 1))
        if (
            keys[b - 1] in _PLAIN_HEADS
            and (bare or _clinical(w, specific))
            and not _proper(w, specific, keys[b - 1])
        ):
            return None  # "TRACH CARE", "GENERAL TRACH CARE", "AWAITING REHAB"; not "HOLY CROSS REHAB"
        if (
            keys[b - 1] in _PLAIN_HEADS
            and not bare
            and (keys[b - 2], keys[b - 1]) not in _COMPOUND_HEADS
            and not _proper(w, specific, keys[b - 1])
        ):
            return None  # "KEEP COMFORT FOCUSED MEDICAL CARE", "OFFICIAL HEALTH CARE"
        if keys[b - 1] in _WEAK_HEADS and not any(keys[k] in _HEAD_PARTS for k in range(a, b - 1)):
            if b - 1 == t and not any(k for k in specific if not w.flag(k) & WORD):
                return None
        return a, tail_end if tail_end is not None else b

    @staticmethod
    def _tail(w: Words, b: int) -> int | None:
        """End (word index) of ``of the University of X`` after the head ending at ``b``, if specific:
        a word that is no English word in capitals (not ``HOME IN THE NEXT 24HRS``).
        """
        words_, keys, gaps = w.words, w.keys, w.gaps
        n = len(words_)
        if b + 1 >= n or keys[b] not in ("of", "at", "in") or gaps[b] != " ":
            return None
        k = b + 1
        end = None
        specific = False
        while k < n and k - b < 7 and gaps[k] == " ":
            key = keys[k]
            if key in _JOINERS:
                k += 1
                continue
            if not words_[k][0].isupper():
                break
            specific = specific or key not in GENERIC and (not w.flag(k) & WORD or words_[k].istitle())
            k += 1
            end = k
        return end if specific else None

    @staticmethod
    def _lower_ok(w: Words, a: int, specific: list[int], head: str) -> bool:
        """True when a lowercase facility name is a name: a word no list calls English and that is no
        misspelt one (``hernandez clinic``, not ``supprotive medical care``), or after a label
        (``to: mercy rehab``, ``to sacred heart hospital``); a rehab or care after ``to`` only after a
        transfer (``sent to mercy rehab``; not ``cont to offer medical care``).
        """
        if any(len(w.keys[k]) > 4 and _name_word(w, k) for k in specific):
            return True
        cue = a - 1
        if cue >= 0 and w.keys[cue] in _PLACE_LABELS and ":" in w.gaps[a]:
            return True  # "snf: meadowlark nursing home"
        if cue < 0 or w.keys[cue] not in _LABEL_CUES:
            return False
        if ":" in w.gaps[a]:
            return True
        plain = head in _PLAIN_HEADS and w.keys[cue] in _TRANSFER_PREPOSITIONS
        return w.gaps[a] == " " and (not plain or cue > 0 and _transfer_cue(w, cue))


def _known_heads(w: Words, b: int) -> int:
    """End of a known name that ends at word ``b`` with the head words after it (``Sacred Heart
    Memorial``, ``holy cross hospital``); not a plain word of care (``Holy Cross home care``).
    """
    keys, gaps = w.keys, w.gaps
    n = len(keys)
    while b < n and gaps[b] == " " and keys[b] in _TRIGGERS and _TRIGGERS[keys[b]] not in _PLAIN_HEADS:
        if b + 1 < n and keys[b + 1] in _NOT_AFTER_HEAD and gaps[b + 1] == " ":
            break  # "Good Samaritan rehab placement"
        b += 1
    return b


def _hyphenated_name(w: Words, k: int) -> bool:
    """True when words ``k`` and ``k+1``, joined by a hyphen, make a name (``Kessler-Adventist``): one
    of them no English word, neither a clinical one (not ``SHORT-TERM``, ``post-op``).
    """
    left, right = w.flag(k), w.flag(k + 1)
    return not (left | right) & CLINICAL and not left & right & WORD and len(w.keys[k]) > 2


def _lower_named(w: Words, a: int, b: int, specific: list[int]) -> bool:
    """True when a lowercase facility name is a person's or a place's name before a head: a known
    name that is no English word (``st. mary's hospital``, ``lopez community hospital``), or one or
    two known names, English words too, before a head of two words (``frost medical center``,
    ``brown family practice``, ``mercy rehabilitation center``), or a hospital's one-word name before
    a head (``mercy hospital``); not ``supportive medical care``,
    ``post mortem care``, ``trach care``.
    """
    if len(specific) > 2 or any(w.flag(k) & CLINICAL for k in specific):
        return False
    named = [w.flag(k) & _NAMED for k in specific]
    if not all(named):
        return False
    if any(not w.flag(k) & WORD and len(w.keys[k]) > 2 for k in specific):
        return True
    keys = w.keys
    if keys[b - 1] in _PLAIN_HEADS:
        return b - 2 >= a and (keys[b - 2], keys[b - 1]) in _COMPOUND_HEADS
    if len(specific) == 1 and keys[specific[0]] in _ONE_WORD_NAMES:
        return True  # "mercy hospital", "providence clinic"
    return any(keys[k] in _HEAD_PARTS for k in range(a, b - 1))


def _moved_to(w: Words, cues: list[int]) -> Iterator[tuple[int, int]]:
    """Hospitals and their buildings named after a transfer or a stay: ``transferred to GH``, ``sent
    to GH EW``, ``taken to mercer hosp``, ``followed at gh``, ``transfer to Ashcombe 2``,
    ``admitted to ASHCOMBE7``, ``called out to Farr 5``, ``well known to GH``, ``had CABG here at
    GH``, ``d/c'd from gh``, ``seen in GH EW``. The name is a short abbreviation no list knows, or any
    name before a ward number or an emergency-room word; units and generic places (``MICU``, ``EW``,
    ``OR``, ``OSH``, ``floor 5``, ``CT``) are not names.
    """
    keys, words_, gaps = w.keys, w.words, w.gaps
    n = len(keys)
    for p in [p for p in cues if keys[p] in _NAME_PREPOSITIONS and 0 < p < n - 1]:
        if gaps[p] != " " or gaps[p + 1] != " ":
            continue
        q = p + 1
        if keys[q] == "the" and q + 1 < n and gaps[q + 1] == " ":
            q += 1
        nxt = keys[q + 1] if q + 1 < n and gaps[q + 1] == " " else ""
        if keys[p] not in _TRANSFER_PREPOSITIONS and nxt not in _ER_WORDS:
            continue  # "seen in GH EW", not "in NSR"
        if keys[p] == "into" and keys[p - 1] != "came":
            continue  # "went into AFIB"
        word, key = words_[q], keys[q]
        if key in _NOT_FACILITIES or key in GENERIC or not word[:1].isalpha():
            continue
        glued = word.rstrip("0123456789")  # "ASHCOMBE7"
        if glued != word and glued.lower() in _NOT_FACILITIES:
            continue  # "BACK TO Ward3"
        f = w.flag(q)
        unit = nxt in _ICUS and not f & WORD  # "transferred to Lally MICU"; not "to CARDIAC CCU"
        named = (
            nxt in _ER_WORDS or unit or nxt.isdigit() and len(nxt) <= 2 or glued != word and len(glued) > 3
        )
        if not named and (f or not 2 <= len(word) <= 5 or not word.isalpha()):
            continue  # most words: neither a name before a ward or ER word nor a short unknown name
        cued = _transfer_cue(w, p)
        visit = not cued and _visit_cue(w, p)
        ward = not (cued or visit) and nxt.isdigit() and len(nxt) <= 2 and _ward_name(w, q)
        if not (cued or visit or ward or nxt in _ER_WORDS):
            continue  # "from mercer ew", "found from ashcombe 5" need no verb
        if named:
            if not f & CLINICAL and (not f & WORD or cued and (word[0].isupper() or f & (CITY | SURNAME))):
                yield q, q + 1  # "GH EW", "mercer hosp", "went to harbor er"; not "TO LEAVE HOSPITAL"
        elif (
            2 <= len(word) <= (4 if cued else 5)
            and (word.isupper() or w.complete or (cued or len(word) < 4) and word.islower())
            and word.isalpha()
            and not f
        ):
            if not (w.complete or _ENDS.match(gaps[q + 1] if q + 1 < n else "")):
                continue
            yield q, q + 1  # "transferred to GH.", "followed at gh by", "KNOWN TO BIDMC"


def _ward_name(w: Words, q: int) -> bool:
    """True when word ``q``, before a number of one or two digits, reads as the name of a building
    with its floor (``found from ashcombe 5.``) with no transfer verb before it: a word no list
    knows, neither shaped nor misspelt like an English one (``PRIOR TO INTUBATION 7.23``, ``to
    recieve 1 bag``), and a whole number after it (not ``60'S``, ``40%``).
    """
    key = w.keys[q]
    if len(key) < 5 or w.flag(q) or not w.words[q].isalpha() or english_shaped(key):
        return False
    after = w.gaps[q + 2] if q + 2 < len(w.gaps) else ""
    if after[:1] not in ("", " ", ".", ",", ";", ")", "\n") or after[:1] == "." and after[1:2].isdigit():
        return False
    return not misread_word(key)


def _transfer_cue(w: Words, p: int) -> bool:
    """True when the preposition at word ``p`` follows a verb of moving a patient (``sent to``,
    ``called out to``, ``d/c'd from``, ``CHF team at``) or of a procedure done somewhere (``that she
    had at gh``, ``done at GH``).
    """
    keys = w.keys
    before = cue_key(keys[p - 1])
    if before in _TRANSFER_VERBS or keys[p] == "at" and (before in _AT_CUES or before in _DONE):
        return True
    if before == "out" and p > 1 and keys[p - 2] in ("call", "called", "calling"):
        return True  # "called out to Farr 5"
    if before in _CAME_FROM and keys[p] in ("from", "frm"):
        return True  # "pt from MHH", "records frm lvhn"
    return discharged_before(w, p)


def discharged_before(w: Words, p: int) -> bool:
    """True when the word before word ``p`` writes "discharged" in shorthand (``d/c``, ``dc'd``)."""
    return w.text[max(0, w.starts[p] - 7) : w.starts[p]].lower().endswith(_DISCHARGED)


def _visit_cue(w: Words, p: int) -> bool:
    """True when a word of a hospital stay stands up to four words before the preposition at ``p``
    in the same clause (``well known to``, ``had CABG here at``, ``MULTIPLE ADMISSIONS TO``,
    ``ADMITTED 5/2 TO``), or a procedure or a care giver right before ``at`` (``CABG AT``, ``PCP
    AT``, ``F/U AT``).
    """
    if w.keys[p] == "at" and _done_before(w, p - 1):
        return True
    return w.gaps[p] == " " and _stay_before(w, p - 1)


def _done_before(w: Words, c: int) -> bool:
    """True when word ``c`` names a procedure or a care giver, or ends ``F/U``."""
    key = w.keys[c]
    if key in _PROCEDURES or key in _CARE_AT:
        return True
    return key == "u" and c > 0 and w.keys[c - 1] == "f" and w.gaps[c] == "/"


def _stay_before(w: Words, c: int) -> bool:
    """True when a word of a hospital stay or ``S/P`` is one of the four words of one clause ending
    at word ``c``, over a date written with slashes (``admitted 5/2``, ``S/P PCI TO LAD``).
    """
    keys, gaps = w.keys, w.gaps
    for k in range(c, max(c - 4, -1), -1):
        if keys[k] in _VISIT_WORDS or keys[k] == "p" and gaps[k] == "/" and keys[k - 1] == "s":
            return True
        if not (gaps[k] == " " or gaps[k] in ("/", "-") and keys[k].isdigit()):
            return False
    return False


def _at_signs(w: Words) -> Iterator[tuple[int, int]]:
    """Initials of a hospital after ``@`` and a transfer, a stay, a procedure or a care giver
    (``S/P CABG @ GH``, ``ECHO @ GH: EF 30%``, ``PCP @ GH``); not ``@ 1400``, ``@ LIP``, ``@ HS``.
    """
    keys = w.keys
    for q in sorted(_after_mark(w, "@")):
        c = q - 1
        if w.gaps[q].strip() != "@" or not _initials(w, q):
            continue
        before = keys[c]
        if before in _TRANSFER_VERBS or before in _AT_CUES or before in _DONE or _done_before(w, c):
            yield q, q + 1
        elif _stay_before(w, c):
            yield q, q + 1


def _served(w: Words, cues: list[int]) -> Iterator[tuple[int, int]]:
    """Initials of a hospital of two or three letters before one of its services or records (``GH
    ONCOLOGY FOLLOWING``, ``RECENT GH ADMISSION``, ``PT IS A GH EMPLOYEE``); not ``ICU STAFF``.
    """
    words_ = w.words
    for k in cues:
        q = k - 1
        if w.keys[k] in _SERVICES and q >= 0 and w.gaps[k] == " " and len(words_[q]) <= 3 and _initials(w, q):
            if _same_case(words_[q], words_[k]):
                yield q, k


def _bracketed(w: Words, ends: set[int]) -> Iterator[tuple[int, int]]:
    """Initials of a hospital in brackets after an outside hospital or a facility's name (``FROM OSH
    (GH)``, ``Kettlesburgh General (KGH)``), or after an arrow from one or from a transfer verb
    (``OSH->GH``, ``MEDFLIGHT -> GH.``); ``ends`` are the last words of the facilities found.
    """
    gaps, keys = w.gaps, w.keys
    for q in sorted(_after_mark(w, "(")):
        if not gaps[q].endswith("(") or not _initials(w, q):
            continue
        if gaps[q + 1].startswith(")") and (keys[q - 1] in _BEFORE_BRACKET or q - 1 in ends):
            yield q, q + 1
    for q in sorted(_after_mark(w, ">")):
        before = keys[q - 1]
        if not gaps[q].rstrip().endswith(">") or not _initials(w, q):
            continue
        if (before in _BEFORE_BRACKET or before in _TRANSFER_VERBS or q - 1 in ends) and _ENDS.match(
            gaps[q + 1]
        ):
            yield q, q + 1


#: Words before ``(`` and the name of the place a patient came from or lives in (``OSH (Riverside)``,
#: ``nursing home resident (Millbrook Gardens)``).
_BEFORE_NAME_BRACKET = frozenset("osh hospital hosp resident snf nh alf rehab facility".split())
#: Gaps between the words of such a name.
_NAME_GAPS = frozenset((" ", ". ", "'", "’", "-"))


def _employers(w: Words, cues: list[int]) -> Iterator[tuple[int, int]]:
    """Initials of an employer after a word of work and its preposition (``HUSBAND CEO OF IBM``,
    ``retired from USPS``, ``works for bge.``); not ``works at MICU``, ``retired from OR``.
    """
    keys, gaps = w.keys, w.gaps
    n = len(keys)
    for k in [k for k in cues if keys[k] in _EMPLOYMENT and k < n - 2]:
        p, q = k + 1, k + 2
        if keys[p] not in _EMPLOYER_PREPOSITIONS or gaps[p] != " " or gaps[q] != " ":
            continue
        if _initials(w, q) and _ENDS.match(gaps[q + 1] if q + 1 < n else ""):
            yield q, q + 1


def _bracketed_names(w: Words) -> Iterator[tuple[int, int]]:
    """Names of one to four words in brackets after an outside hospital or a care home's resident
    (``came from OSH (Ellicott City)``, ``osh (st. vitus)``, ``NH RESIDENT (HEARTLAND OF
    CATONSVILLE)``): a name when a word in them is no English or clinical word; not ``OSH (records
    pending)``, ``(see above)``.
    """
    keys, words_, gaps = w.keys, w.words, w.gaps
    n = len(keys)
    for q in sorted(_after_mark(w, "(")):
        if (
            not gaps[q].endswith("(")
            or keys[q - 1] not in _BEFORE_NAME_BRACKET
            or not gaps[q].startswith(" ")
        ):
            continue
        b = q + 1
        while b < n and b - q < 4 and gaps[b] in _NAME_GAPS:
            b += 1
        if not gaps[b].startswith(")") or not (words_[q][0].isupper() or w.complete):
            continue
        name = range(q, b)
        if any(w.flag(k) & CLINICAL or keys[k] in UNITS or not words_[k].isalpha() for k in name):
            continue
        if any(keys[k] not in GENERIC and not w.flag(k) & WORD and _name_word(w, k) for k in name):
            yield q, b


def _more_wards(w: Words, moved: list[tuple[int, int]], cues: list[int]) -> Iterator[tuple[int, int]]:
    """More hospital buildings and hospitals: a name found after a transfer again before a ward
    number (``to Ashcombe 2 or Ashcombe 3``), a name right after a transfer verb before a ward
    number (``TRANSFER ASHCOMBE 2``), a building's name before a ward number and its staff or
    in a plan (``per Wexcombe 3 RN``, ``plan: Wexcombe 2 this am``), after an arrow before an
    emergency-room word (``-> GH EW``), or initials no list knows before one anywhere (``GH EW: BP
    90/50``); not ``TRANSFER FLOOR 2``, ``-> ICU EW``, ``OR ER``.
    """
    keys, words_, gaps = w.keys, w.words, w.gaps
    n = len(keys)
    found = {keys[a] for a, _ in moved if len(keys[a]) > 3}
    # the few words worth a look: after a transfer verb, a name found, after an arrow, before an ER
    cands = {k + 1 for k in cues if keys[k] in _TRANSFER_VERBS and k < n - 2}
    if found:
        cands.update(compress(range(1, n - 1), map(found.__contains__, keys[1 : n - 1])))
    cands.update(_after_mark(w, ">"))
    cands.update(k - 1 for k in cues if keys[k] in _ER_ROOMS and k > 0)
    staffed = {k - 2 for k in cues if keys[k] in _WARD_STAFF and k > 1 and gaps[k] == " "}
    staffed.update(k + 1 for k in cues if keys[k] == "plan" and k < n - 3 and _planned_ward(w, k + 1))
    floors = {k + 1 for k in cues if keys[k] in _ON_WARD and k < n - 2 and gaps[k + 1] == " "}
    cands.update(floors)
    cands.update(staffed)
    for k in sorted(cands):
        key, nxt = keys[k], keys[k + 1]
        if nxt not in _WARD_FOLLOWERS:
            continue
        if gaps[k + 1] != " " or key in _NOT_FACILITIES or key in GENERIC or not words_[k][0].isalpha():
            continue
        ward = nxt.isdigit() and len(nxt) <= 2
        if ward and key in found and (k, k + 1) not in moved:
            yield k, k + 1
            continue
        f = w.flag(k)
        if f & (WORD | CLINICAL) or not (words_[k][0].isupper() or w.complete):
            continue
        if ward and keys[k - 1] in _TRANSFER_VERBS and gaps[k] == " " and len(key) > 3:
            yield k, k + 1
        elif ward and k in staffed and _ward_name(w, k):
            yield k, k + 1  # "per Farr 5 RN"
        elif k in floors and _floor(w, k + 1) and _ward_name(w, k):
            yield k, k + 1  # "BED ON WEXCOMBE 3"; not "ON HALOPERIDOL 0.5MG", "ON PSVOF 12"
        elif nxt in ("ew", "er", "ed") and ">" in gaps[k] and len(key) <= 4:
            yield k, k + 1
        elif nxt in _ER_ROOMS and _initials(w, k) and _same_case(words_[k + 1], words_[k]):
            yield k, k + 1  # "GH EW: BP 90/50", "in GH ER received"


def _floor(w: Words, k: int) -> bool:
    """True when word ``k`` is a floor of one digit, not the whole part of a decimal (``0.625``)."""
    word, end = w.words[k], w.ends[k]
    return (
        len(word) == 1
        and word != "0"
        and not (w.text[end : end + 1] == "." and w.text[end + 1 : end + 2].isdigit())
    )


def _planned_ward(w: Words, k: int) -> bool:
    """True when word ``k`` opens a plan (``plan:``) with a ward number and a word of when or the end
    of the clause after it (``plan: Farr 5 this am``, ``PLAN- FARR 5.``).
    """
    keys, gaps = w.keys, w.gaps
    if gaps[k].strip() not in (":", "-", ":-") or gaps[k + 1] != " ":
        return False
    after = gaps[k + 2]
    return after[:1] in (",", ";", "\n") or after[:2] == ". " or after == " " and keys[k + 2] in _WARD_WHEN


def _after_mark(w: Words, mark: str) -> set[int]:
    """Indices (1 to n-2) of the words with ``mark``, a character no word holds, in the gap before
    them (``-> GH EW``, ``@ GH``), found from the marks in the text rather than by reading every gap.
    """
    text, starts = w.text, w.starts
    n = len(starts)
    found: set[int] = set()
    i = text.find(mark)
    while i >= 0:
        k = bisect_right(starts, i)  # the first word after the mark
        if 0 < k < n - 1:
            found.add(k)
        i = text.find(mark, i + 1)
    return found


def _again(w: Words, spans: list[tuple[int, int, float]]) -> Iterator[tuple[int, int, float]]:
    """The facilities of ``spans`` named again elsewhere in the text by their specific words:
    ``TRANSFERRED FROM DRUMMOND HOSPITAL ... 5/14 AT DRUMMOND``, ``sent to GH ... GH cardiology``,
    ``Holy Cross Hospital ... accepted at Holy Cross``. A word that is also an English word is a
    name again only in capitals after a preposition (``went to Harbor``, not ``the harbor``). A
    distinct name (see :func:`~phigate.detection.builtin._mentions.distinct`) and a whole name of
    several words are found again in any case (``Kettlesburgh General ... kettlesburgh team``,
    ``Mercy Clinic ... follow up at mercy clinic``).
    """
    keys = w.keys
    taken = {k for a, b, _ in spans for k in range(a, b)}
    names: dict[str, set[tuple[str, ...]]] = {}
    anycase: list[tuple[str, ...]] = []
    initials: set[str] = set()
    for a, b, _ in spans:
        initials.update(_initials_of(keys[a:b]))
        name = _specific_run(w, a, b)
        if name:
            names.setdefault(name[0], set()).add(name)
            if distinct(name):
                anycase.append(name)
            if b - a > len(name) and all(w.gaps[k] == " " for k in range(a + 1, b)):
                anycase.append(tuple(keys[a:b]))  # "mercy clinic"
    # a name again is capitalised, unless the whole text is lowercase (see _named_again)
    pool = range(len(keys)) if w.complete else w.capitals
    if initials:
        for k in compress(pool, map(initials.__contains__, map(keys.__getitem__, pool))):
            if k not in taken and _initials(w, k):
                taken.add(k)
                yield k, k + 1, 0.7  # "Kettlesburgh General Hospital ... KGH"
    if not names:
        return
    for k in compress(pool, map(names.__contains__, map(keys.__getitem__, pool))):
        if k in taken:
            continue
        for name in sorted(names[keys[k]], key=len, reverse=True):
            end = k + len(name)
            if tuple(keys[k:end]) != name or any(j in taken or w.gaps[j] != " " for j in range(k + 1, end)):
                continue
            if _named_again(w, k, end):
                taken.update(range(k, end))
                yield k, end, 0.7
                break
    for a, b in mentions(w, anycase, taken):
        yield a, b, 0.7


def _initials_of(name: list[str]) -> tuple[str, ...]:
    """The initials a hospital named ``name`` (lowercase keys) goes by: the first letters of its words
    but joiners (``kgh`` of ``Kettlesburgh General Hospital``, ``smh`` of ``St. Mary's Hospital``),
    and with an ``h`` after a name ending in a head that stands for a hospital (``kgh`` of
    ``Kettlesburgh General``); none for a name of one word or with no head (``St. Luke's``).
    """
    letters = "".join(key[0] for key in name if key not in _JOINERS and key != "s")
    if len(letters) < 2 or name[-1] not in _TRIGGERS:
        return ()
    return (letters, letters + "h") if name[-1] in _NAMED_HEADS else (letters,)


def _specific_run(w: Words, a: int, b: int) -> tuple[str, ...]:
    """The longest run of specific words in the facility name ``a..b-1`` (``holy cross`` of ``Holy
    Cross Hospital``), or ``()`` when the name has none worth finding again.
    """
    keys = w.keys
    best: tuple[str, ...] = ()
    run: list[str] = []
    for k in range(a, b + 1):
        if k < b and keys[k] not in GENERIC and keys[k] not in _TRIGGERS and keys[k] not in _JOINERS:
            if keys[k] != "s":
                run.append(keys[k])
            continue
        if len(run) > len(best):
            best = tuple(run)
        run = []
    if len(best) == 1 and (len(best[0]) < 2 or w.flag(a) & CLINICAL or best[0].isdigit()):
        return ()
    return best


def _named_again(w: Words, k: int, end: int) -> bool:
    """True when words ``k..end-1``, the specific words of a facility found elsewhere, name it here:
    capitalised as a name (any case in an all-lowercase text), and, for one English word, in
    capitals after a preposition (``AT HARBOR``, ``to Harbor``).
    """
    words_ = w.words
    first = words_[k]
    if not (first[0].isupper() or w.complete) or not first[0].isalpha():
        return False
    if len(first) <= 3 and not (first.isupper() or w.complete):
        return False  # "Gh" is no abbreviation
    if end - k > 1:
        return True
    f = w.flag(k)
    if f & CLINICAL:
        return False
    if not f & WORD:
        return True
    return k > 0 and w.keys[k - 1] in _NAME_PREPOSITIONS and w.gaps[k] == " " and w.words[k][0].isupper()


def _initials(w: Words, k: int) -> bool:
    """True when word ``k`` reads as a hospital's initials: two to five letters no list knows, in
    capitals (any case in an all-lowercase text), and no unit or charting abbreviation.
    """
    word, key = w.words[k], w.keys[k]
    if not (2 <= len(word) <= 5 and word.isalpha() and (word.isupper() or w.complete)):
        return False
    return not w.flag(k) and key not in _NOT_FACILITIES and key not in GENERIC


def _medical_centers(w: Words) -> Iterator[tuple[int, int]]:
    """Initials of a medical center anywhere: four to six capitals no list knows ending in ``MC``
    (``GBMC``, ``UMMC``, ``BWMC``; ``gbmc`` in an all-lowercase text); not a make before a plate number
    (``GMC 071``).
    """
    words_ = w.words
    n = len(words_)
    for k in _ending_mc(w):
        word = words_[k]
        shaped = word.isupper() or w.complete and word.islower()  # "GBMC"; "gbmc" in a lowercase text
        if 4 <= len(word) <= 6 and shaped and word.isalpha() and not w.flag(k):
            if k + 1 < n and words_[k + 1][:1].isdigit() and w.gaps[k + 1] == " ":
                continue
            yield k, k + 1


def _ending_mc(w: Words) -> list[int]:
    """Indices of the words ending in ``MC`` (``mc`` in an all-lowercase text), found from the ``MC``
    in the text (rare) rather than by
    reading every capitalised word.
    """
    text, ends = w.text, w.ends
    found: list[int] = []
    mark = "mc" if w.complete else "MC"
    i = text.find(mark)
    while i >= 0:
        k = bisect_left(ends, i + 2)
        if k < len(ends) and ends[k] == i + 2 and w.starts[k] <= i:
            found.append(k)
        i = text.find(mark, i + 2)
    return found


def _short_names(w: Words, cues: list[int]) -> Iterator[tuple[int, int]]:
    """Short names of hospitals: ``U Maryland``, ``U of M``, ``Univ of Iowa``, and a saint's
    name in any case after ``to``/``at``/``from`` (``to st mary's``, ``AT ST JOSEPH'S``), without
    the ``'s`` after a transfer or a stay (``sent from st agnes``); not ``8 U of NPH``, ``ST
    elevation``, ``Visited St. Mary's for the blessing``, ``NSR to ST 110s``.
    """
    keys, words_, gaps = w.keys, w.words, w.gaps
    n = len(keys)
    for k in [k for k in cues if keys[k] in _SHORT_FIRST and k < n - 2]:
        if gaps[k + 1] not in (" ", ". "):
            continue
        if keys[k] in ("st", "saint"):
            cued = k > 0 and keys[k - 1] in _TRANSFER_PREPOSITIONS
            if not cued or not w.flag(k + 1) & FIRST or w.flag(k + 1) & CLINICAL:
                continue
            if keys[k + 2] == "s" and gaps[k + 2] in ("'", "’"):
                yield k, k + 3
            elif _transfer_cue(w, k - 1) or _visit_cue(w, k - 1):
                yield k, k + 2  # "sent from st agnes", "WAS AT ST. JOSEPH FOR"
            continue
        if not (words_[k][0].isupper() or w.complete) or k > 0 and not gaps[k][-1:].isspace():
            continue  # "W/U BY"
        if k > 0 and words_[k - 1][-1:].isdigit():
            continue  # "8 U of NPH"
        j = k + 2 if keys[k + 1] == "of" and gaps[k + 2] == " " else k + 1
        place = words_[j]
        if j > k + 1 and len(place) == 1 and place.isupper():
            yield k, j + 1  # "U of M"
        elif len(place) > 2 and _same_case(place, words_[k]) and _state_or_city(w.flag(j)):
            if place.istitle() or place.isupper() and len(words_[k]) == 1 or w.flag(j) & REGION:
                yield k, j + 1  # "U Maryland", "Univ of Iowa", "U MARYLAND", "u maryland"


def _one_word_names(w: Words, cues: list[int]) -> Iterator[tuple[int, int]]:
    """Hospitals called by one capitalised word after ``to``/``from``/``at``/``into`` and an
    optional ``the`` (``transferred from Mercy``, ``seen at Methodist``, ``born at Children's``);
    not the word elsewhere (``he is Methodist``, ``have mercy``).
    """
    keys, words_, gaps = w.keys, w.words, w.gaps
    n = len(keys)
    for p in [p for p in cues if keys[p] in _TRANSFER_PREPOSITIONS and p < n - 1]:
        q = p + 1
        if keys[q] == "the" and q + 1 < n and gaps[q + 1] == " ":
            q += 1
        word = words_[q]
        if gaps[p + 1] != " " or keys[q] not in _ONE_WORD_NAMES or not (word.istitle() or word.isupper()):
            continue
        end = q + 1
        if keys[q] == "children":
            if end >= n or keys[end] != "s" or gaps[end] not in ("'", "’"):
                continue
            end += 1  # "Children's"
        if end < n and gaps[end] == " " and words_[end][0].isupper() and keys[end] not in _FOLLOWERS:
            continue  # "switched to Children's Motrin"
        yield q, end


def _state_or_city(f: int) -> bool:
    """True for the flags of a state, or of a city that is not also an English word."""
    return bool(f & REGION or f & CITY and not f & WORD)


def _named_generic(w: Words, a: int, b: int) -> tuple[int, int] | None:
    """``transferred from Memorial Hospital``: generic words in title case or capitals naming a
    hospital right after a transfer, or None (``the general hospital``, ``Community Hospital``).
    """
    keys = w.keys
    if a < 2 or w.gaps[a] != " " or keys[a - 1] not in ("from", "to", "at"):
        return None
    if keys[a - 2] not in _TRANSFER_VERBS or w.words[a].islower() and not w.complete:
        return None
    name = keys[a:b]
    if keys[b - 1] not in ("hospital", "hosp", "center", "ctr") or not any(k in _NAMED_HEADS for k in name):
        return None
    return a, b


def _named_head(w: Words, specific: list[int], a: int, b: int) -> bool:
    """True when the words before a plain-word head name a facility: ``Sacred Heart Memorial``,
    ``TAKEN TO LAUREL REGIONAL``, ``the Keeley House``, ``Grieco House NH resident``; not ``Surgeon
    General`` alone in capitals, ``Regular House Diet`` or ``HOUSE STAFF``.
    """
    keys = w.keys
    head = keys[b - 1]
    cued = a > 0 and (
        keys[a - 1] in _HOME_CUES and w.gaps[a] == " " or keys[a - 1] in _PLACE_LABELS and ":" in w.gaps[a]
    )
    if any(w.flag(k) & CLINICAL or keys[k].endswith("ing") for k in specific):
        return False
    if head in _HOME_HEADS:
        after = keys[b] if b < len(keys) else ""
        named = any(not w.flag(k) & WORD for k in specific)
        return named and (cued or after in _HOME_AFTER)
    named = len(specific) > 1 or not w.flag(specific[0]) & WORD
    if named and not w.words[specific[0]].isupper() and _proper(w, specific, head):
        return True
    return cued and keys[a - 1] != "of" and len(specific) <= 3


def _proper(w: Words, specific: list[int], head: str) -> bool:
    """True when the specific words of a facility name make a proper name: one that no list calls an
    English or clinical word, title case where the case means something (``Lakeside Family
    Clinic``), or two words before a rehab or hospice (``HOLY CROSS REHAB``); not ``TRACH CARE``,
    ``CONT PULM CARE``, ``T REHAB``, ``AWAITING REHAB``, ``PRIAMRY CARE``, ``OPT MET C HOSPICE``.
    """
    for k in specific:
        key = w.keys[k]
        if len(key) > 3 and not key.endswith(("ing", "ed")) and not english_shaped(key) and _name_word(w, k):
            return True
    if any(w.flag(k) & CLINICAL for k in specific):
        return False
    if len(specific) > 1 and head in ("rehab", "hospice") and specific[-1] - specific[0] == len(specific) - 1:
        return not any(w.keys[k].endswith(("ing", "ed")) or w.keys[k] in _STOP_LEADING for k in specific)
    return all(w.words[k].istitle() and len(w.keys[k]) > 1 for k in specific)


def _name_word(w: Words, k: int) -> bool:
    """True when word ``k`` is no English or clinical word, nor one misspelt (``priamry``,
    ``hopsice``): a name.
    """
    return not w.flag(k) & (WORD | CLINICAL) and not misread_word(w.keys[k])


def _clinical(w: Words, specific: list[int]) -> bool:
    """True when a specific word of a facility name is a clinical term (``GENERAL TRACH CARE``)."""
    return any(w.flag(k) & CLINICAL for k in specific)


def _same_case(word: str, other: str) -> bool:
    return word.islower() == other.islower()


def register(registry: Registry[Recognizer]) -> None:
    """Plugin hook: add the facility recognizer."""
    registry.register(FacilityRecognizer.id, FacilityRecognizer)
