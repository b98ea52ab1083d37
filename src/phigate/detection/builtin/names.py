"""Person names: patients, relatives, clinicians, and the people and firms that employ them.

Evidence is combined per span from five sources, each of which generalises beyond any one list:

1. **Cues**, read from the word just before a candidate: a title (``Dr.``, ``Mrs``), a role word or
   label (``daughter``, ``attending``, ``pt``, ``Name:``, ``Employer.....``, ``PCP:``, ``RE:``), a
   phrase (``seen by``, ``spoke with``), a greeting or sign-off (``Hi Ana,``, ``thanks, ivonne``),
   or a credential after the name (``, MD``, ``RN``). After a cue, words no list knows count
   (``Dr. Oyelaran-Whitby``), and so do words that are also English (``daughter Hope``), lowercase
   words (``re: eliza pasich``) and OCR-damaged ones (``Natha1ie``).
2. **Dictionaries** (:mod:`phigate.detection.dictionaries`): first names, surnames, English words,
   clinical terms and eponyms. A first name followed by a surname (``John Smith``, ``SMITH, John``,
   ``Marcus A. Drub``) is a name; a word that is only ever a name (``Nguyen``) is one on its own; a
   name that is also an English word (``Hope``, ``Baker``) is not, without a cue.
3. **Shape**: capitalised words mid-sentence are proper nouns; in headings and ALL-CAPS lines
   capitalisation says little. ``Last,First`` and ``LAST, FIRST`` are name shapes; a line holding
   nothing but one to three name words is a signature; letters with diacritics mark non-English
   names; particles join names (``de la Cruz``, ``van 't Riet``, ``Mac an Bhreithimh``, ``Ó Néill``).
4. **Firms** (employers): a corporate suffix (``Becker LLC``, ``Henry and Sons``), a ``Smith,
   Jones and Lee`` list of surnames, or any name after an employer label.
5. **Document propagation**: once a word is part of a confident name, its other occurrences in the
   same text are names too (the surname alone, the first name alone, the lowercase form).

A first name before a verb of reported speech (``Mark reports``, ``Jun denies``), two surnames joined
by a hyphen (``FOX-LOPEZ``) and a line of dictation initials (``J.S./mk``) are names too. Where the case
says nothing (a lowercase note, an all-capitals line), a lone name is read from its frame: words of
communication around it (``paged sokolov``, ``TREMBLAY NOTIFIED``, ``signed out to priya``) or a
relation next to it (``(ann, dtr)``); a name found there grows over the first name, initial or surname
next to it (``BUD OKONKWO``, ``w. kaminski``).

Eponyms are not names when a clinical head word follows (``Foley catheter``, ``Bell's palsy``); the
strong ones (``Parkinson``, ``Foley``) also need a title or a first name. Initials in signature lines
(``-- JS``, ``/s/ J.S.``, ``/KB``) and names in CJK, Arabic, Hebrew, Devanagari or Thai script inside
Latin-script text are names too.

Speed: everything runs on the shared word stream (:func:`~phigate.detection.builtin._caps.words`).
Cues are found with one set lookup per word (in C, through ``map``), and the Python code looks only
at the words after a cue and at capitalised or lowercase words that a list marks as names.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from functools import lru_cache, reduce
from itertools import compress, repeat
from operator import itemgetter, or_
from typing import NamedTuple

from phigate.detection.base import Match, Recognizer
from phigate.detection.builtin._address import PLACE_ENDINGS, STREET_SUFFIXES
from phigate.detection.builtin._caps import (
    CAP_CLASS,
    NAME_LIKE,
    Words,
    english_shaped,
    misread_word,
    name_like,
    name_likeness,
    ocr_key,
    one_letter_off,
    words,
)
from phigate.detection.builtin._shared import ascii_lower
from phigate.detection.dictionaries import (
    CLINICAL,
    EPONYM,
    FIRST,
    REGION,
    SURNAME,
    lexicon,
    load_list,
    us_states,
)
from phigate.detection.dictionaries import WORD as _WORD
from phigate.model import Category
from phigate.registry import Registry

__all__ = ["NameRecognizer", "register"]

_NAMEISH = FIRST | SURNAME
#: English words, and words of state and country names: ambiguous as names.
WORD = _WORD | REGION


def _set(words_: str) -> frozenset[str]:
    return frozenset(words_.split())


def _word_shaped(key: str) -> bool:
    """True when ``key``, a word no list knows, ends like an English word (``intubated``, ``mentating``)
    and is not spelled more like a name (``Chaitaly``, ``Siegried``): not a name even where one is
    expected.
    """
    return english_shaped(key) and name_likeness(key) < 0


#: Titles before a name. A title makes the following name-shaped words a name.
TITLES = _set(
    """dr drs doctor mr mrs ms miss mx messrs mister madam prof professor rev reverend fr sister
    capt sgt lt col officer det judge hon atty"""
)
#: Role words and labels after which a name follows (``daughter Hope``, ``Patient: John Smith``).
ROLE_CUES = _set(
    """patient pt pts name named mother father mom dad mum parent parents daughter son husband wife
    spouse partner fiance fiancee boyfriend girlfriend brother sister sibling grandmother grandfather
    grandma grandpa granddaughter grandson aunt uncle niece nephew cousin stepmother stepfather stepson
    stepdaughter guardian caregiver caretaker friend neighbor neighbour roommate attending resident
    intern fellow surgeon physician provider pcp clinician nurse rn lpn np cna therapist pharmacist
    chaplain dietitian nutritionist interpreter translator coordinator manager worker employer
    supervisor coworker boss colleague contact kin nok poa proxy witness guarantor subscriber insured
    cc attn dear initials dictator author cosigner radiologist pathologist cardiologist surgeon
    oncologist neurologist psychiatrist psychologist midwife doula hospitalist intensivist
    anesthesiologist referrer prescriber dtr dau sis bro hcp caseworker housestaff ho md"""
)
#: Labels that name a name only with a colon or a dotted leader after them (``RE:``, ``To:``).
_LABEL_ONLY = _set(
    """re to from signed by cosigned dictated transcribed reviewed pcp ordering referring requesting
    admitting consulting covering performing interpreting reading rendering accepting sending treating
    operating surname forename firstname lastname nickname alias aka chaperone scribe visitor visitors
    person scrub circulator circulating assist assistant caller informant historian anesthetist
    proceduralist endoscopist perfusionist sonographer technologist participants attendees members"""
)
#: ``assist`` names a person only as a surgical role (``First assist: S. Kang``); alone it is a level of
#: help (``Assist: Min A``).
_ASSIST_ROLES = _set("first second surgical")
#: Labels of employer names: what follows is a firm as much as a person (``Employer: Becker LLC``).
_EMPLOYER_CUES = _set("employer employed group company firm workplace")
_BY_VERBS = _set(
    """seen signed dictated transcribed referred accompanied reviewed examined evaluated performed read
    interpreted authored verified approved cosigned attested covered supervised prepared entered goes go
    dictation transcription
    ordered consulted visited brought escorted driven called paged relieved staffed written
    documented accepted discussed assessed"""
)
_WITH_VERBS = _set(
    """spoke speak spoken discuss discussed met talked conferred consulted lives living stays staying home
    made d plan meeting held"""
)
_TO_VERBS = _set("spoke speak spoken talked referred sent reported handed addressed given")
#: Verbs whose object is a name in sloppy notes (``called john smith``).
_OBJECT_VERBS = _set(
    "called paged notified informed told asked met saw referring seeing contacts contacted meet page"
)
#: Words before ``from`` whose sender is a person (``message from Ana Roe``, ``call from kim``).
_FROM_NOUNS = _set(
    "message messages call calls letter note voicemail email e-mail text fax referral input collateral"
)
#: Words before ``at``/``for``/``by``/``of`` whose object is an employer (``works at Acme Plumbing``).
_WORK_VERBS = _set("works worked working work employed employee job")
_WORK_PREPOSITIONS = _set("at for by of")
_GREETINGS = _set("hi hello hey dear")
_SIGNOFFS = _set("thanks thank regards sincerely cheers best much love respectfully")
#: Words written after a greeting in place of a name (``hi all,``, ``hey doc``).
_ADDRESSEES = _set("all there everyone everybody guys folks doc docs team friend friends sir madam again")
#: Credentials and suffixes written after a name.
CREDENTIALS = _set(
    """md do rn np pa phd dds dmd pharmd lpn cna lcsw msw cnm crna aprn fnp dnp dpt ot otr rt rrt
    mbbs facs facp faap facc bsn msn jr sr ii iii iv esq dvm od psyd lmft"""
)
#: Credentials that are names' credentials even in lowercase (``- kenneth green, rn``).
_LOWER_CREDENTIALS = _set("md rn np lpn cna phd dds pharmd lcsw msw aprn fnp dnp crna bsn msn")
#: Role words are cues, never parts of a name (``Lives with husband Carla``).
_ROLE_WORDS = ROLE_CUES - _set("son sister fellow friend nurse author ho md")
#: Role words after which even a lowercase word no list knows is a name (``daughter omkaar can``).
_FAMILY_CUES = _set(
    """mother father mom dad daughter son husband wife spouse partner brother sister sibling aunt uncle
    niece nephew cousin grandmother grandfather grandson granddaughter guardian caregiver friend attn cc
    dtr dau sis bro"""
)
_CALENDAR_WORDS = _set(
    """january february march april may june july august september october november december monday
    tuesday wednesday thursday friday saturday sunday"""
)
#: Titles that are also clinical abbreviations: ``lt`` left, ``ms`` mental status, ``fr`` French.
_AMBIGUOUS_TITLES = _set("lt ms col det fr rev hon capt sgt officer judge")
#: Generational suffixes, which clinical text mostly uses otherwise (``IV`` intravenous, ``SR``).
_GENERATIONS = _set("jr sr ii iii iv")
#: Cues naming the patient: ``pt`` also means physical therapy, and what follows is mostly a finding.
_PATIENT_CUES = _set("patient patients pt pts")
#: Months, and their abbreviations, that are also first names.
_MONTH_NAMES = _set("jan jun may june april august")
#: Record labels written right after a name (``Ana Roe (MRN 123)``, ``ROE, ANA  DOB 1/2/80``).
_RECORD_LABELS = _set("mrn dob ssn")
#: Lowercase particles inside names (``de la Cruz``, ``van der Berg``, ``Mac an Bhreithimh``).
PARTICLES = _set(
    """de del della dela la le van der den von da di du dos das bin ibn al el ben y t ter te ten mac
    mc o ó ui ní nic ua an bean af av zu d"""
)
#: Words after an eponym when it names a disease, sign, test, device or procedure.
HEAD_NOUNS = _set(
    """disease diseases syndrome syndromes sign signs test tests testing maneuver maneuvre manoeuvre
    reflex reflexes palsy catheter catheters cath fracture fractures cyst cysts score scores scale
    scales classification criteria stain stains staining procedure procedures operation repair
    lymphoma sarcoma tumor tumour tumors node nodes nodule phenomenon triad law murmur ulcer ulcers
    esophagus diverticulum bag bags drain drains line lines pouch point position solution monitor
    fundoplication incision bodies body cells cell disorder encephalopathy thyroiditis virus bacillus
    type grade stage angle needle tube forceps clamp retractor suction dressing lactate anastomosis
    hernia ligament reaction rule rules formula equation index sheath valve contracture deformity
    aneurysm gland glands duct ducts tract corpuscles disc arch mask respirations breathing sinus
    effect approach block blocks balloon tubes coma pattern ataxia chorea dementia dystrophy anemia anomaly
    phenomenon spots nodules"""
)
#: Words that are never part of a name, whatever the lists say: function words, common charting verbs,
#: labels and note furniture. They end a name and cannot start one.
STOP = _set(
    """today tomorrow yesterday tonight he she they his her hers their him them we our us you your i me
    my it its this that these those the a an and or nor but if of in on at to for with by from as
    into onto per via vs than then there here where when what which who whom whose why how not no
    yes is are was were be been being am has have had having do does did done will would shall
    should can could may might must ok okay also too very so just only still yet again
    patient patients pt pts name names address phone telephone tel cell home work mobile fax email
    date dob age sex gender mrn id number no status history info information unit room bed floor
    seen saw sees says said states stated reports reported denies denied notes noted presents
    presented complains tolerated tolerating reviewed examined admitted discharged transferred
    started continued given taken called will can be ssn dx hx rx tx sx fx prn bid tid qid qd qhs
    po iv im sq subcut mg mcg ml kg lb cm mm hr bp rr hr temp spo2 na ok am pm est pst cst mst
    mon tue wed thu fri sat sun jan feb mar apr jun jul aug sep sept oct nov dec
    re fwd sent subject cc bcc attn ext x pager room ward clinic hospital center department
    dept unit icu ed er or mri ct cxr ekg ecg lab labs plan assessment impression exam results
    reached available aware updated consented agrees agreed verbalized apt apartment suite ste bldg"""
)
_DOT_ABBREVIATIONS = _set("dr mr mrs ms mx prof rev fr sr st jr capt sgt lt col det hon atty")
#: Cue words written with a dot after them (``Pt. J. Smith``, ``Dr.Roe``, ``Attn. Ana``).
_DOTTED_CUES = _DOT_ABBREVIATIONS | _set("pt pts attn cc re pcp rn np")
#: Titles that end a name when they stand inside it; full-word titles (Sister, Judge) may be surnames.
_MID_STOPS = _set("dr drs mr mrs ms mx prof rev")
#: Words that are part of a name only in the cases :meth:`NameRecognizer._nameable` allows (one lookup).
_UNNAMEABLE = STOP | _MID_STOPS | _ROLE_WORDS
#: Stop words that are never first names, even title-case before a surname.
_NEVER_FIRST = _set(
    "the a an and or but if of in on at to for with by from as is was he she it i we you they dob mrn ssn"
)
#: Particles that also join in capitals (``Zita Mac an Bhreithimh``, ``LE ROUX``).
_CAP_PARTICLES = _set("mac mc le la de van von da di du del della dos das o ó ui ní nic")
#: Lowercase particles that start a surname (``de la Cruz``, ``van der Berg``, ``al Rashid``).
_LEADING_PARTICLES = _set("de del della la le van der den von da di du dos das bin ibn al el ben ter ten")
#: Corporate suffixes: a name before one is a firm (``Becker LLC``, ``Gray Group``).
_FIRM_SUFFIXES = _set(
    "llc inc ltd plc corp co company group sons partners brothers bros holdings llp lp pc pllc"
)
#: Corporate suffixes that are also clinical abbreviations (``inc`` increased, ``co`` cardiac output,
#: ``lp`` lumbar puncture, ``pc`` after meals): a firm only after a surname where the case says nothing.
_CLINICAL_SUFFIXES = _set("inc co lp pc")
#: Words that are never part of a signature line (``GROUP HALE-PADILLA``).
_NOT_SIGNATURE = _EMPLOYER_CUES | _FIRM_SUFFIXES | TITLES
#: Suffixes that make a firm in any case (``davis llc``): they are never ordinary words.
_FIRM_STRONG = _set("llc inc ltd plc corp llp pllc")

#: A signature mark before initials (``-- JS``, ``/s/ J.S.``, ``/KB``), matched from the gap before them.
_INITIALS_SIGNATURE = re.compile(
    rf"(?:--+|—|–|/s/|/S/|(?<![\w/])/)[ \t]*(?P<ini>(?:[{CAP_CLASS}]\.?[ \t]?){{1,3}}[{CAP_CLASS}]\.?)"
    r"(?=[ \t]*(?:[\n,;]|$))"
)
_SIGNATURE_MARKS = ("/", "/ ", "-", "- ", "—", "— ", "–", "– ")


class _MarkedGaps(dict[str, bool]):
    """Gap -> True when it ends with a signature mark: a dict lookup costs half a ``str.endswith`` of
    eight suffixes, and a text has few distinct gaps (memoised up to 4,096 of them).
    """

    def __missing__(self, gap: str) -> bool:
        marked = gap.endswith(_SIGNATURE_MARKS)
        if len(self) < 4096:
            self[gap] = marked
        return marked


_MARKED_GAPS = _MarkedGaps()
#: A line holding only the dictator's and the typist's initials (``J.S./mk``, ``JS:kp``).
_DICTATION_INITIALS = re.compile(
    rf"^[ \t]*(?P<a>(?:[{CAP_CLASS}]\.?){{2,3}})[ \t]*[/:][ \t]*(?P<b>[a-z]{{2,3}})[ \t]*$", re.M
)
_OTHER_SCRIPT = re.compile(
    r"[\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\u0900-\u097f\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf"
    r"\u4e00-\u9fff\uac00-\ud7af]{2,}(?:[ \u00b7\u30fb][\u0590-\u05ff\u0600-\u06ff\u0900-\u097f"
    r"\u0e00-\u0e7f\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]+){0,3}"
)
#: A character of the scripts :data:`_OTHER_SCRIPT` reads, or beyond: a quick test, as few texts hold one.
_WIDE_CHAR = re.compile("[\u0590-\U0010ffff]")
#: The end of a line of dictation initials (``/mk``, ``: kp``), which :data:`_DICTATION_INITIALS` needs:
#: each starts with a literal, so ``re`` skips quickly to it.
_DICTATION_CUES = tuple(re.compile(rf"{mark}[ \t]*[a-z]{{2,3}}[ \t]*$", re.M) for mark in "/:")
_LEADER = re.compile(r"[.,]?[ \t]*(?:[:#=]+[ \t]*-?|\.{2,}|-+)?[ \t]*\n?[ \t]*[\"'“‘]?\Z")
_SENTENCE_END = frozenset(".!?:;*#>•|")
#: A gap after which a name has ended (``Dr. Gerald May.``, ``REYNA, WILL  DOB``).
_ENDS_NAME = re.compile(r"\s*(?:$|[\n.,;:()]|  )").match
#: A gap that ends a name for certain: the end of the text, punctuation, a line break or two spaces
#: (``MARK ELLIS RECEIVED VIA``: a single space does not end it).
_GAP_ENDS = re.compile(r"(?:\Z|\s*[\n.,;:()]|  )").match
#: Gap after a cue -> 0 (no name can follow), 1 (plain), 2 (a label's colon, leader or dash); memoised.
_GAP_KINDS: dict[str, int] = {}


def _gap_kind(gap: str) -> int:
    kind = 0 if _LEADER.match(gap) is None else 2 if any(c in gap for c in ":=#") or "..." in gap else 1
    if gap in (" ,", " , "):
        kind = 1  # "pt's son ,dave,": a comma typed after a space
    if kind == 1 and gap.strip() == "-":
        kind = 2
    if len(_GAP_KINDS) < 4096:
        _GAP_KINDS[gap] = kind
    return kind


# Word shapes.
_LOWER, _TITLE, _UPPER, _INITIAL, _OTHER = 0, 1, 2, 3, 4

# Scores.
_TITLED = 0.95
_CUE = 0.9
_FULL = 0.9
_MIDDLE = 0.85
_FIRM = 0.85
_PARTIAL = 0.75
_SIGNATURE = 0.7
_AMBIGUOUS = 0.6
_WEAK = 0.6
_LONE = 0.6
_LONE_START = 0.55
_UNKNOWN_PAIR = 0.5
_PROPAGATED = 0.85
_CONFIDENT = 0.7

# Cue kinds.
_K_TITLE, _K_ROLE, _K_LABEL, _K_EMPLOYER, _K_VERB, _K_GREET, _K_SIGNOFF, _K_WEAK = range(8)
_CUE_KIND: dict[str, int] = {
    **dict.fromkeys(_SIGNOFFS, _K_SIGNOFF),
    **dict.fromkeys(_GREETINGS, _K_GREET),
    **dict.fromkeys(("per",), _K_WEAK),
    **dict.fromkeys(_LABEL_ONLY, _K_LABEL),
    **dict.fromkeys(("by", "with", "w", "to", "from", "is", "at", "for", "of", *_OBJECT_VERBS), _K_VERB),
    **dict.fromkeys(ROLE_CUES, _K_ROLE),
    **dict.fromkeys(_EMPLOYER_CUES, _K_EMPLOYER),
    **dict.fromkeys(TITLES, _K_TITLE),
}


#: Cue words found by one set lookup per word; the prepositions are cues only after their verbs.
_PREPOSITION_CUES = frozenset(("by", "with", "w", "to", "from", "is", "at", "for", "of"))
_CUE_START = frozenset(_CUE_KIND) - _PREPOSITION_CUES
_LABEL_PREPOSITIONS = frozenset(("to", "from"))
#: Lowercase words after a role that :meth:`NameRecognizer._cued` reads on past (``is``, ``named``,
#: a particle).
_ROLE_READ_ON = PARTICLES | {"is", "named"}
#: Words before ``for`` whose addressee is a person (``message left for``, ``voicemail for``).
_FOR_NOUNS = _set("message messages msg voicemail vm")
_VERB_BEFORE = _BY_VERBS | _WITH_VERBS | _TO_VERBS | _FROM_NOUNS | _FOR_NOUNS | _WORK_VERBS | {"this", "left"}
# Vocabularies of the single word scan (bits of _SCAN).
_S_CUE, _S_VERB, _S_LABEL_PREP, _S_RIGHT, _S_FIRM, _S_AND, _S_SAYS, _S_PRESENT = 1, 2, 4, 8, 16, 32, 64, 128
_S_DOES, _S_MESSAGE, _S_FAMILY, _S_AHEAD, _S_BEHIND, _S_RELATION = 256, 512, 1024, 2048, 4096, 8192
_S_BRACKET, _S_OWNED = 16384, 32768
#: Words that link a name to its age or state (``Ana is a 72 yo``, ``ana, a 72``, ``Ana was seen``).
_LINKS = frozenset(("is", "was", "a", "will"))
#: Verbs of reported speech whose subject is a person (``Mark reports``, ``Hope denies``).
_SAYS = _set(
    """reports reported states stated denies denied says said endorses endorsed complains complained
    verbalizes verbalized"""
)
#: Verbs of what a patient does, whose subject is a person (``Anneliese ambulated``, ``Oluwaseun ate``).
_DOES = _set(
    """ambulated ambulates walked walks ate eats slept sleeps refused refuses declined declines agreed
    agrees requested requests wants wanted understands understood consented asked asks voided drove helps
    tolerated"""
)
#: Words after a person who is told, calls or comes (``Marder aware``, ``bob visited``, ``W. MAROTTA
#: AWARE``, ``DALEY AT BEDSIDE``, ``sister in to visit``); ``bedside`` and ``visit`` end two-word forms.
_PRESENT = _set("aware called visited phoned updated bedside visit family")
#: Groups of people that are surnames too (``Team aware``, ``Staff updated``).
_GROUPS = _set("team teams staff service services family families unit nursing")
#: Words before a name that make it a noun phrase, not a person (``the bill called``).
_DETERMINERS = _set("the a an this that these those his her their my our your its any no each every")
#: Capitalised words that may be first names but report things as often as people do.
_NOT_SUBJECTS = _set("echo")


def _scan_table() -> dict[str, int]:
    table: dict[str, int] = {}
    for vocabulary, bit in (
        (_CUE_START, _S_CUE),
        (_VERB_BEFORE, _S_VERB),
        (_LABEL_PREPOSITIONS, _S_LABEL_PREP),
        (CREDENTIALS | _RECORD_LABELS, _S_RIGHT),
        (_FIRM_SUFFIXES, _S_FIRM),
        (("and",), _S_AND),
        (_SAYS, _S_SAYS),
        (_PRESENT, _S_PRESENT),
        (_DOES, _S_DOES),
        (_MESSAGE_CUE_WORDS, _S_MESSAGE),
        (_FAMILY_CUES, _S_FAMILY),
        (_TOLD_AHEAD, _S_AHEAD),
        (_TOLD_BEHIND, _S_BEHIND),
        (_RELATIONS, _S_RELATION),
        (_BRACKET_ROLES, _S_BRACKET),
        (_OWNED, _S_OWNED),
    ):
        for word in vocabulary:
            table[word] = table.get(word, 0) | bit
    return table


@lru_cache(maxsize=1 << 16)
def _shape(word: str) -> int:
    """The shape class of a word: lowercase, Title, UPPER, a single capital (initial) or other."""
    first = word[0]
    if len(word) == 1:
        return _INITIAL if first.isupper() else _LOWER if first.isalpha() else _OTHER
    if not word.isalpha():
        if ocr_key(word) is None:
            return _OTHER
        letters = [c for c in word if c.isalpha()]
        if all(c.isupper() for c in letters):
            return _UPPER
        return _TITLE if first.isupper() or first.isdigit() else _LOWER
    if word.isupper():
        return _UPPER
    if first.isupper():
        if len(word) > 3 and "l" in word and word.replace("l", "L").isupper():
            return _UPPER  # "BRlCHESE": an OCR l for an I
        return _TITLE
    return _LOWER if word.islower() else _OTHER


class _Doc:
    """One call's view of a text: its words and the spans found so far."""

    __slots__ = (
        "cap_flags",
        "flags",
        "framed_at",
        "gaps",
        "hit_bits",
        "hits",
        "keys",
        "lookup",
        "message_words",
        "n",
        "spans",
        "text",
        "vocabularies",
        "w",
        "words",
    )

    def __init__(self, text: str) -> None:
        self.text = text
        self.w: Words = words(text)
        self.words = self.w.words
        self.gaps = self.w.gaps
        self.keys = self.w.keys
        self.flags = self.w.flags
        self.n = len(self.words)
        self.spans: dict[tuple[int, int], float] = {}
        #: Indices of the words of any vocabulary the recognizer reads (cues, credentials, firm
        #: suffixes, ``and``, message cues), and their :data:`_SCAN` bits: one set lookup per word, in
        #: C; each pass filters this short list (:meth:`scan`).
        self.hits = list(compress(range(self.n), map(_SCAN.__contains__, self.keys)))
        self.hit_bits = list(map(_SCAN.__getitem__, map(self.keys.__getitem__, self.hits)))
        #: Every vocabulary with a word in the text (most texts lack most of them).
        self.vocabularies = reduce(or_, self.hit_bits, 0)
        #: Indices of the cue words of the lone-name message forms (``hi``, ``per``, ``said``).
        self.message_words = self.scan(_S_MESSAGE)
        #: The lexicon lookup for the lowercase words, which :func:`words` leaves unread.
        self.lookup = None if self.w.complete else lexicon().get
        #: The flags of the capitalised words, for :meth:`capitals_with`.
        self.cap_flags = list(map(self.flags.__getitem__, self.w.capitals))
        self.framed_at: list[int] | None = None

    def framed(self) -> list[int]:
        """Indices of the words that a frame may make names (:func:`_framed_positions`; read once)."""
        if self.framed_at is None:
            self.framed_at = _framed_positions(self)
        return self.framed_at

    def scan(self, bit: int) -> list[int]:
        """The :attr:`hits` whose word is in the vocabulary ``bit`` of :data:`_SCAN`."""
        if not self.vocabularies & bit:
            return []
        return list(compress(self.hits, map(bit.__and__, self.hit_bits)))

    def capitals_with(self, flags: frozenset[int]) -> Iterator[int]:
        """Indices of the capitalised words whose flags are in ``flags``, filtered in C: a pass that
        loops over every capitalised word in Python costs more than all its real work.
        """
        return compress(self.w.capitals, map(flags.__contains__, self.cap_flags))

    def add(self, a: int, b: int, score: float) -> None:
        """Record words ``a..b-1`` as a name with ``score`` (keeps the best score per span)."""
        start, end = self.w.starts[a], self.w.ends[b - 1]
        if end > start and self.spans.get((start, end), 0.0) < score:
            self.spans[(start, end)] = score

    def flag(self, j: int) -> int:
        """Lexicon flags of word ``j``, reading OCR digits as letters; a frequent first name that is
        only a word of a longer region name (``Mariana``, ``Salvador``) is not read as a region.
        """
        f = self.flags[j]
        if not f and self.lookup is not None:
            f = self.lookup(self.keys[j], 0)  # a lowercase word in a text written with capitals
        if f:
            return f & ~REGION if f & REGION and self.keys[j] in _region_names() else f
        word = self.words[j]
        if word.isalpha():
            return 0
        key = ocr_key(word)
        return lexicon().get(key, 0) if key else 0

    def head_follows(self, j: int) -> bool:
        """True when a clinical head word follows word ``j`` (``Foley catheter``, ``Bell's palsy``)."""
        k = j + 1
        if k < self.n and self.keys[k] == "s" and self.gaps[k] in ("'", "’"):
            k += 1
        return k < self.n and self.gaps[k] in (" ", "-", "'s ", "’s ") and self.keys[k] in HEAD_NOUNS

    def sentence_start(self, j: int) -> bool:
        """True when word ``j`` begins the text, a line, a sentence or a labelled field; a space, a
        quote or a bracket alone (``and Will Young``, ``("Mark``) continues a sentence.
        """
        if j == 0:
            return True
        gap = self.gaps[j]
        if "\n" in gap:
            return True
        gap = gap.rstrip(" \t\"'(")
        return bool(gap) and gap[-1] in _SENTENCE_END

    def _line(self, j: int) -> str:
        """The line holding word ``j`` (at most 80 characters either side of it)."""
        text = self.text
        start = self.w.starts[j]
        line_start = text.rfind("\n", max(0, start - 80), start) + 1
        if line_start == 0 and start > 80:
            line_start = start - 80
        end = text.find("\n", start, start + 80)
        return text[line_start : end if end >= 0 else min(len(text), start + 80)]

    def heading(self, j: int) -> bool:
        """True when the line holding word ``j`` is a heading: mostly capitalised or all capitals."""
        line = self._line(j)
        initials = list(filter(str.isalpha, map(itemgetter(0), line.split())))  # of the words
        if not initials:
            return False
        return line.upper() == line or sum(map(str.isupper, initials)) / len(initials) > 0.6

    def caps_line(self, j: int) -> bool:
        """True when the line of word ``j`` has no lowercase letters (an all-capitals note)."""
        line = self._line(j)
        return line.upper() == line

    def lowercase_line(self, j: int) -> bool:
        """True when the line of word ``j`` has no capital letters (a sloppy, all-lowercase note)."""
        line = self._line(j)
        return line.lower() == line


#: A field whose key says its value is a person's name: JSON, key-value or XML (``"family": "Baker"``,
#: ``given=Grace``, ``<given>Hope</given>``); the value may be an English word.
_PERSON_FIELD = re.compile(
    r"""(?ix)(?:(?<=[\s{,;(<"'])|^)["']?<?
    (first_?name|given(?:_?name)?|family(?:_?name)?|last_?name|surname|middle_?name|maiden_?name
     |patient_?name|first|last)
    (?:["']?\s*[:=]\s*["']?|>)
    ([A-Za-z][A-Za-z'.-]*(?:,?[ ^][A-Za-z][A-Za-z'.-]*){0,2})(?=["'<,;}\s]|$)"""
)
#: An HL7 person component, ``SMITH^HOPE^A``: in a ``PID``/``NK1`` segment, or of name-like words.
#: A person key followed by its delimiter, searched in the lowercased text before :data:`_PERSON_FIELD`
#: (whose case-blind scan with a look-behind at every position costs ten times as much).
_FIELD_KEY = re.compile(
    r"""(?:first_?name|given(?:_?name)?|family(?:_?name)?|last_?name|surname|middle_?name|maiden_?name
    |patient_?name|first|last)(?:["']?\s*[:=]|>)""",
    re.X,
)
_HL7_NAME = re.compile(r"\b([A-Za-z][A-Za-z'-]+)\^([A-Za-z][A-Za-z'-]+)(?:\^([A-Za-z]))?\b")
_HL7_PERSON_SEGMENTS = ("PID|", "NK1|", "PV1|", "<PatientName>")


def _field_names(d: _Doc) -> None:
    """Add the values of person-name fields and HL7 name components (anchored on a person key or ``^``)."""
    text = d.text
    if _FIELD_KEY.search(text.lower()):
        found = list(_PERSON_FIELD.finditer(text))
        for m in found:
            value = m.group(2)
            if any(c.isdigit() for c in value) or value.lower() in _NOT_FIELD_NAMES:
                continue
            if m.group(1).lower() in _LABEL_KEYS and text[m.end(1) : m.start(2)].strip() == ":":
                # an unquoted ``Family:`` is as often a heading: one name word, paired or not English
                flag = lexicon().get(ascii_lower(value), 0)
                if not flag & _NAMEISH or (flag & _WORD and len(found) < 2):
                    continue
            d.spans[(m.start(2), m.end(2))] = max(d.spans.get((m.start(2), m.end(2)), 0.0), 0.9)
    if "^" in text:
        flags = lexicon().get
        for m in _HL7_NAME.finditer(text):
            line_start = text.rfind("\n", 0, m.start()) + 1
            line = text[line_start : m.start()]
            person = any(seg in line for seg in _HL7_PERSON_SEGMENTS)
            if not person:
                if "|" in line:
                    continue
                keys = (ascii_lower(m.group(1)), ascii_lower(m.group(2)))
                if not all(flags(k, 0) & _NAMEISH for k in keys) or any(flags(k, 0) & CLINICAL for k in keys):
                    continue
            d.spans[(m.start(), m.end())] = max(d.spans.get((m.start(), m.end()), 0.0), 0.9)


#: A label that introduces another name of the patient or the family at the bedside (``known as
#: Will``, ``AKA Hope Baker``, ``Family present: Ann and Will``): capitalised words after it are names.
_ALIAS_LABEL = re.compile(
    r"(?i:\b(?:known as|goes by|a\.?k\.?a\.?|family present:|also called))[ \t]+"
    r"({w})(?:[ \t]+(?:and|&)[ \t]+({w}))?".format(w=r"[A-Z][a-z'-]+(?:[ \t]+[A-Z][a-z'-]+)?")
)


def _name_words(value: str) -> bool:
    """True when ``value`` opens with a first name or a word no English list knows (not ``The``) and
    its other words are names or unknown.
    """
    get = lexicon().get
    flags = [get(ascii_lower(w), 0) for w in value.split()]
    first = flags[0]
    return bool(first & FIRST or not first & _WORD) and all(not f or f & _NAMEISH for f in flags)


def _alias_names(d: _Doc) -> None:
    """Add the capitalised names after an alias or visitor label (anchored on the label words)."""
    text = d.text
    lower = text.lower()
    if not any(cue in lower for cue in _ALIAS_CUES):
        return
    for m in _ALIAS_LABEL.finditer(text):
        for g in (1, 2):
            if m.group(g) and _name_words(m.group(g)):
                d.spans[(m.start(g), m.end(g))] = max(d.spans.get((m.start(g), m.end(g)), 0.0), 0.85)


#: Substrings one of which every :data:`_ALIAS_LABEL` match holds (a C-level check before its scan).
_ALIAS_CUES = ("known as", "goes by", "aka", "a.k.a", "family present:", "also called")
#: Keys that are also heading words when written ``Key: value`` unquoted.
_LABEL_KEYS = frozenset({"family", "first", "last", "given", "surname"})
#: Values of name fields that are not names (``"first": "none"``).
_NOT_FIELD_NAMES = frozenset({"none", "null", "unknown", "n/a", "na", "true", "false", "yes", "no"})


class NameRecognizer:
    """Names of people and firms in clinical free text, from cues, lists, shape and propagation."""

    id = "name"
    version = "2"
    categories = frozenset({Category.NAME})

    def __init__(self) -> None:
        lexicon()  # load the word lists now, not on the first request

    def find(self, text: str) -> Iterator[Match]:
        """Yield NAME matches in ``text``."""
        if not text:
            return
        d = _Doc(text)
        if d.n:
            done: set[int] = set()
            self._cued(d, done)
            self._credentials(d, done)
            self._capitalised(d, done)
            self._lowercase(d, done)
            self._subjects(d, done)
            self._present(d, done)
            self._lone_uncased(d, done)
            self._lone_titled(d, done)
            self._mid_sentence(d, done)
            self._hyphen_pairs(d, done)
            self._messages(d, done)
            linked = list(compress(range(d.n), map(_LINKS.__contains__, d.keys)))
            self._ages(d, linked, done)
            self._states(d, linked, done)
            self._related(d, done)
            self._bracketed(d, done)
            self._possessors(d, done)
            self._coordinated(d, done)
            self._firms(d)
            self._signature_lines(d)
            _field_names(d)
            _alias_names(d)
            self._propagate(d)
            self._grow(d)
        self._initials(d)
        self._other_scripts(d)
        name = Category.NAME
        for (start, end), score in sorted(d.spans.items()):
            yield Match(start, end, name, score)

    @staticmethod
    def _other_scripts(d: _Doc) -> None:
        """Names in CJK, Arabic, Hebrew, Devanagari or Thai script inside Latin-script text."""
        text = d.text
        wide = None if text.isascii() else _WIDE_CHAR.search(text)
        if wide is not None:  # no match starts before the first character of those scripts
            for m in _OTHER_SCRIPT.finditer(text, wide.start()):
                d.spans.setdefault(m.span(), 0.6)

    @staticmethod
    def _initials(d: _Doc) -> None:
        """Initials after a signature mark (``-- JS``, ``/s/ J.S.``, ``/KB``) and lines of dictation
        initials (``J.S./mk``).
        """
        text, gaps = d.text, d.gaps
        capitals = d.w.capitals
        for j in compress(capitals, map(_MARKED_GAPS.__getitem__, map(gaps.__getitem__, capitals))):
            p = d.w.starts[j] - len(gaps[j]) + len(gaps[j].rstrip(" \t"))  # just after the mark
            while p > 0 and text[p - 1] in "-—–/":
                p -= 1
            if text[p - 2 : p] in ("/s", "/S"):
                p -= 2
            m = _INITIALS_SIGNATURE.match(text, p)
            if m is not None:
                start, end = m.span("ini")
                d.spans[(start, end)] = max(d.spans.get((start, end), 0.0), 0.85)
        for line_start in _cued_lines(text, _DICTATION_CUES):  # a match is a whole line
            m = _DICTATION_INITIALS.match(text, line_start)
            if m is not None:
                for part in ("a", "b"):
                    d.spans[m.span(part)] = max(d.spans.get(m.span(part), 0.0), 0.85)

    # -- reading a name forward ------------------------------------------------------------------

    @staticmethod
    def _nameable(d: _Doc, j: int, cued: bool, first: bool = False) -> int:
        """The shape of word ``j`` when it can be part of a name, else -1. ``first``: the word
        starts the name, so a title-case first name that is also a stop word may (``Will Young``).
        """
        key = d.keys[j]
        shape = _shape(d.words[j])
        if len(key) == 1 and shape == _LOWER and cued and j + 1 < d.n and d.gaps[j + 1][:1] == ".":
            return _INITIAL  # "robert a. griffin", "i. parkinson": a lowercase initial after a cue
        if key in _UNNAMEABLE:
            after = d.gaps[j + 1] if j + 1 < d.n else ""
            if len(key) == 1 and shape == _INITIAL and (cued or after[:1] == "."):
                return shape
            if cued and shape == _LOWER and (_lower_first_name(d, j) or first and _stop_name(d, j)):
                return shape  # "attn will williams", "daughter will at bedside", "dr. may)"
            if shape in (_TITLE, _UPPER) and "-" in (after[:1], d.gaps[j]) and d.flag(j) & SURNAME:
                return shape  # "Shelley Ward-Delgado"
            if key in _NEVER_FIRST or key in _MID_STOPS or key in _ROLE_WORDS or not d.flag(j) & FIRST:
                return -1
            if shape not in (_TITLE, _UPPER) or shape == _UPPER and not cued:
                return -1
            if first:
                if not cued and d.sentence_start(j) and not _strong_name(d, j + 1):
                    return -1  # "Will follow up"; not "HPI: Will Weiss is a"
            elif not (cued and (d.gaps[j][:1] == "," or _ENDS_NAME(after))):
                return -1
        if shape == _OTHER or (shape == _LOWER and not cued and len(key) > 1):
            return -1
        return shape

    def _forward(self, d: _Doc, a: int, cued: bool, limit: int = 5) -> int:
        """Words ``a..end-1`` read as one name (end exclusive), ``a`` when no name starts at ``a``.

        Words join over a space, a hyphen, an apostrophe (not a possessive), a dot after an initial,
        particles (``de la``), one comma of ``LAST, First`` and, after a cue, a line break.
        """
        n = d.n
        gaps, keys, words_ = d.gaps, d.keys, d.words
        first = self._nameable(d, a, cued, True)
        if first < 0:
            return a
        base = first
        if d.keys[a] in PARTICLES and first == _LOWER and a + 1 < n:
            base = _shape(words_[a + 1])  # "van der Berg": the name's case is the case after the particles
            k = a + 1
            while k < n and keys[k] in PARTICLES and words_[k].islower():
                k += 1
            if k < n:
                base = _shape(words_[k])
        j = a + 1
        core = 0 if first == _INITIAL else 1
        comma = False
        last_good = a + 1
        particle = False
        spaced = False  # a space joined two name words (so a comma can no longer follow a surname)
        while j < n and core < limit:
            gap = gaps[j]
            prev = j - 1
            if gap == " ":
                if keys[prev] not in PARTICLES:
                    spaced = True
            elif gap == "-":
                pass
            elif gap in ("'", "’"):
                if keys[j] == "s":
                    break
            elif gap in (". ", ".") and (len(words_[prev]) == 1 or keys[prev] in _DOT_ABBREVIATIONS):
                pass
            elif gap in (", ", ",", ",\n", ",  ") and not comma and not spaced and last_good == j:
                if not (
                    cued
                    or gap == ","
                    or d.flag(prev) & SURNAME
                    or _shape(words_[prev]) == _UPPER
                    or d.flag(j) in _FIRST_ONLY
                    and _unknown_subject(d, prev)
                ):
                    break  # not "Tekiner, Yasmin": a surname no list knows and a first name
                if len(keys[j]) < 3 and words_[j].isupper() and not (cued and base == _UPPER):
                    break  # "Clinton, MI", "Jane Doe, MD"
                if (
                    keys[j] in CREDENTIALS
                    and not d.flag(j) & FIRST
                    or prev == a
                    and keys[a] in _SIGNOFFS
                    and not cued
                ):
                    break  # "Ji-woo Yamamoto, PharmD", "Best,\nGiulia": no "last, first"
                comma = True
            elif gap == "\n" and cued and j - a < 3 and keys[prev] not in PARTICLES:
                pass
            elif gap in (" '", " ’") and keys[j] == "t":
                pass
            else:
                break
            if gap == "-" and _syllable(d, j):
                j += 1  # "Ji-woo", "Min-jun": one given name
                last_good = j
                continue
            key = keys[j]
            if key in PARTICLES and j + 1 < n and gaps[j + 1] in (" ", "\n", " '", " ’", "-"):
                if words_[j].islower() or (
                    key in _CAP_PARTICLES and j + 2 < n and self._nameable(d, j + 1, cued) in (_TITLE, _UPPER)
                ):
                    j += 1  # a particle joins only when a name word follows
                    particle = True
                    continue
            shape = self._nameable(d, j, cued)
            if shape < 0 or key in CREDENTIALS and shape in (_UPPER, _INITIAL) and gap != "-":
                break
            if shape == _INITIAL or (len(key) == 1 and gaps[j + 1 if j + 1 < n else j][:1] == "."):
                j += 1
                last_good = j
                continue
            if base == _TITLE and (shape == _LOWER or shape == _UPPER and len(key) < 4 and gap != "-"):
                break  # "Kimberly NY", "Zhang DOB": a code after a name
            if base in (_LOWER, _UPPER) and gap == " " and key in _AFTER_STOP_NAME:
                break  # "wife jun brought", "DAUGHTER SUNNY CAN": a verb after the name
            if base == _UPPER and shape == _TITLE and gap != "-" and not (comma and gap[:1] == ","):
                break
            if base == _LOWER and shape != _LOWER:
                break
            if (
                comma
                and j == last_good
                and base == _LOWER
                and gap[:2] == ", "
                and d.flag(j) & WORD
                and not d.flag(j) & FIRST
            ):
                break  # "hi all, see below", "dr k, quick question": a clause, not "last, first"
            f = d.flag(j)
            if (
                f & WORD
                and not f & _NAMEISH
                and not (cued and gap in ("-", ",", ", ") and shape != _LOWER)
                and not particle
                and key not in _FIRM_SUFFIXES
                and not (
                    cued and shape == base and base != _LOWER and _GAP_ENDS(gaps[j + 1] if j + 1 < n else "")
                )
            ):
                break
            particle = False
            if gap == "\n" and not (f & _NAMEISH or not f):
                break
            if base == _INITIAL:
                base = shape
            core += 1
            j += 1
            last_good = j
        return last_good

    def _trim(self, d: _Doc, a: int, b: int, cued: bool) -> int:
        """End of the name ``a:b`` once a trailing eponym (``Foley catheter``) is cut off; a strong
        eponym (``Parkinson``) stays only after a cue or a first name. Words joined by hyphens before a
        head word go together when one is an eponym (``Stevens-Johnson syndrome``).
        """
        if b - a > 1 and d.gaps[b - 1] == "-" and d.head_follows(b - 1):
            h = b - 1
            while h > a and d.gaps[h] == "-":
                h -= 1
            if any(d.flag(k) & EPONYM for k in range(h, b)):
                b = h
        while b > a:
            k = b - 1
            f = d.flag(k)
            if not f & (CLINICAL | EPONYM):
                break
            if d.head_follows(k):
                b = k
                while b > a and d.gaps[b] == "-":
                    b -= 1  # "Wolff-Parkinson-White syndrome"
                continue
            before = k - 1
            while before > a and len(d.words[before]) == 1:
                before -= 1
            if f & CLINICAL and not cued and not (before >= a and before < k and d.flag(before) & FIRST):
                b = k
                continue
            break
        while b > a + 1 and d.keys[b - 1] in PARTICLES and d.words[b - 1].islower():
            if len(d.keys[b - 1]) == 1 and b < d.n and d.gaps[b][:1] == ".":
                break  # "zavala, pamela t.": an initial, not a particle
            b -= 1
        return b

    # -- names after a cue -----------------------------------------------------------------------

    @staticmethod
    def _cue_hits(d: _Doc) -> list[int]:
        """Indices of cue words: titles, roles, greetings, and ``by``/``with``/``to``/``is`` only after
        their verbs (``seen by``, ``this is``) or before a colon (``To:``, ``Signed by:``).
        """
        keys, gaps, n = d.keys, d.gaps, d.n
        hits = d.scan(_S_CUE)
        for j in d.scan(_S_VERB | _S_LABEL_PREP):  # "Transcribed by Ana", a cue and a verb
            if j + 1 < n:
                bits = _SCAN[keys[j]]
                if bits & _S_VERB and keys[j + 1] in _PREPOSITION_CUES:
                    hits.append(j + 1)
                if bits & _S_LABEL_PREP and gaps[j + 1][:1] == ":":
                    hits.append(j)  # "To: Dr. Roe", "From: ana roe"
        return sorted(set(hits))

    def _cued(self, d: _Doc, done: set[int]) -> None:
        keys, gaps, n = d.keys, d.gaps, d.n
        get = _CUE_KIND.get
        for c in self._cue_hits(d):
            if c + 1 >= n:
                continue
            kind = get(keys[c], _K_WEAK)
            gap = gaps[c + 1]
            key = keys[c]
            start = c + 1
            if gap == "-" and key in _FAMILY_CUES and _in_law(d, start):
                start += 2  # "son-in-law Xiaoming"
                gap = gaps[start]
            if kind == _K_ROLE and gap == " " and not d.w.complete and d.words[start].islower():
                if keys[start] not in _ROLE_READ_ON:
                    continue  # "patient reports", in short (the test below, for any gap)
            if keys[start] == "s" and gap in ("'", "’"):
                if key != "dr" or start + 1 >= n or gaps[start + 1] != " ":
                    continue  # "PT'S SISTER": a possessive
                if not self._name_after_title(d, start + 1):
                    continue  # "DR'S ORDERS"; "DR'S CAMARDA AND CLIFFORD" are doctors
                start += 1
                gap = gaps[start]
            if keys[start] in ("is", "named") and gap == " " and start + 1 < n:
                start += 1  # "daughter is Ana", "son named Leo"
                gap = gaps[start]
            leader = _GAP_KINDS.get(gap)
            if leader is None:
                leader = _gap_kind(gap)
            if key == "w":
                if not self._shorthand_with(d, c):
                    continue
                leader = 1
            if not leader or gap[:1] == "." and gap[:2] != ".." and key not in _DOTTED_CUES:
                continue  # "Lives With Wife. Former Smoker": a sentence ends after the cue
            labelled = leader == 2 and gap != "-"  # "re-check", "son-inlaw": a hyphenated word
            if kind == _K_VERB and key not in _LABEL_PREPOSITIONS and key != "by":
                labelled = False  # "called - ABG": a dash after a verb is no label
            if key == "cc" and not labelled and (d.gaps[c][-1:].isdigit() or c and keys[c - 1].isdigit()):
                continue  # "500 cc NS": cubic centimetres
            if (
                kind == _K_ROLE
                and not labelled
                and not d.w.complete
                and d.words[start].islower()
                and not (keys[start] in PARTICLES and start + 1 < n and not d.words[start + 1].islower())
            ):
                continue  # "patient reports": in a text written with capitals, names after roles are too
            if kind == _K_TITLE:
                if not (gap in (" ", ". ", ".", "  ") or gap.startswith(". ") or gap in (" ,", " , ")):
                    continue  # "SISTER ,JANET": a title that is also a relative
                paired = c and keys[c - 1] in _MID_STOPS and gaps[c] in ("/", "./")  # "Mr./Ms. Bell"
                if key in _AMBIGUOUS_TITLES and not paired and not self._name_after_title(d, start):
                    continue  # "lt yellow", "MS changes", "LT EAR": left, mental status
                score = _TITLED
            elif kind == _K_VERB:
                prev = keys[c - 1] if c else ""
                if key in _WORK_PREPOSITIONS and prev in _WORK_VERBS and gap == " ":
                    kind, score = _K_EMPLOYER, _CUE
                elif key == "for" and (prev in _FOR_NOUNS or prev == "left" and keys[c - 2] in _FOR_NOUNS):
                    score = _CUE  # "MESSAGE LEFT FOR OLUWASEUN BAKER", "voicemail for Ana"
                elif key in _WORK_PREPOSITIONS and key != "by":
                    continue
                elif key == "from" and prev in _FROM_NOUNS and gap == " ":
                    score = _CUE
                elif key == "by" and prev in _BY_VERBS or key in ("with", "w") and prev in _WITH_VERBS:
                    score = _CUE
                elif key == "page" and d.words[c][0].isupper() and c and not self._verb_page(d, c):
                    continue  # "Kathleen D. Page   Reading", "Susan Page fan": a surname
                elif key == "to" and prev in _TO_VERBS or key in _OBJECT_VERBS:
                    score = _CUE
                elif key == "is" and prev == "this" and "\n" not in gap:
                    score = _CUE
                elif labelled and key in ("by", "to", "from"):
                    kind, score = _K_LABEL, _CUE
                else:
                    continue
            elif kind == _K_LABEL:
                if not labelled or key == "assist" and keys[c - 1] not in _ASSIST_ROLES:
                    continue  # "First assist: S. Kang"; not "Assist: Min A"
                score = _CUE
            elif kind == _K_GREET:
                if "\n" in gap or ":" in gap:
                    continue
                score = _CUE
            elif kind == _K_SIGNOFF:
                if gap == " " and key != "much" and _GAP_ENDS(gaps[start + 1] if start + 1 < n else ""):
                    if not d.flag(start) & FIRST:
                        continue  # "thanks bob": a first name that ends the line
                elif not gap.startswith(",") and gap != "\n" and not (gap == " " and key == "much"):
                    if not (
                        gap == " " and start + 1 < n and keys[start + 1] == "for" and gaps[start + 1] == " "
                    ):
                        continue  # "thanks Ana for the referral"
                if key == "much" and (c < 2 or keys[c - 1] not in ("so", "very")):
                    continue
                score = _CUE
            elif kind == _K_EMPLOYER:
                if not labelled and key not in ("employer", "group"):
                    continue
                score = _CUE
            elif kind == _K_ROLE:
                wrapped = gap == "\n" and _shape(d.words[start]) == _TITLE and key not in CREDENTIALS
                if "\n" in gap and not labelled and not (wrapped and gaps[start + 1][:1] != ":"):
                    continue  # "subscriber\nOmolabake Oyinlola" keeps its cue; not "spouse\nReason:"
                score = _CUE
            else:
                if gap != " " or not d.words[start][:1].isupper():
                    continue
                score = _WEAK
            self._cued_name(d, start, kind, score, labelled, done)

    def _cued_name(self, d: _Doc, a: int, kind: int, score: float, labelled: bool, done: set[int]) -> None:
        """Score the name after a cue of ``kind`` starting at word ``a``."""
        if a in done:
            return
        f = d.flag(a)
        words_, keys, gaps = d.words, d.keys, d.gaps
        shape = _shape(words_[a])
        if len(keys[a]) == 1 and a + 1 < d.n and gaps[a + 1][:1] == "." and words_[a].isalpha():
            shape = _INITIAL  # "from i. parkinson"
        elif keys[a] == "a" and not labelled and kind != _K_TITLE:
            return  # "speak to a real person": an article
        if kind == _K_VERB and keys[a] in _CALENDAR_WORDS and keys[a] not in _MONTH_NAMES:
            return  # "We'll meet Tuesday"
        strong = kind == _K_TITLE or labelled
        after = gaps[a + 1] if a + 1 < d.n else ""
        if shape == _UPPER and len(keys[a]) < 4 and not strong:
            # "Prescriber DEA", "from IP address" are abbreviations; "RN ANA", "ATTN TÚ MAI" names
            nxt = a + 1 < d.n and after in (" ", ", ", ",") and _shape(words_[a + 1]) == _UPPER
            if not (f & FIRST and (nxt or "\n" in after or after[:1] in ".,") or nxt and f & _NAMEISH):
                return
        if labelled and shape == _LOWER and f & WORD and not f & _NAMEISH:
            return  # "re: refill"
        if labelled and shape == _LOWER and not f and name_likeness(keys[a]) < _WORD_LIKE:
            return  # "re: hypotension": a word no list knows, spelled like an English word
        if labelled and kind not in (_K_TITLE, _K_EMPLOYER) and _field_word(d, a, f):
            return  # "Chaperone: Present", "Scribe: None", "Visitors: Family at bedside"
        if (
            labelled
            and kind not in (_K_TITLE, _K_EMPLOYER)
            and keys[a] not in PARTICLES
            and f & (WORD | CLINICAL)
            and (shape == _LOWER or shape == _UPPER and d.caps_line(a))
            and keys[a] not in _common_first_names()
            and not _name_follows(d, a, False)
            and not (keys[a - 1] != "re" and _field_name(d, a))
        ):
            return  # "D/W SON RE: HEART TRANSPLANT", "re: code status"
        if kind == _K_EMPLOYER and shape == _LOWER and not strong and (f & _WORD or not d.w.complete):
            return  # "works at night"; in a text written with capitals, employers are capitalised too
        if kind == _K_EMPLOYER and (strong or shape != _LOWER):
            if self._firm_at(d, a, _CUE):
                done.add(a)
                return
        if kind == _K_WEAK:
            # "Per Kowalski", "Per Abebi Shekoni, the patient's spouse", "PER W. MAROTTA"
            if not (shape == _INITIAL and _strong_name(d, a + 1, ". ")) and not self._after_per(
                d, a, f, shape
            ):
                return
        elif not strong:
            # a role word, greeting or verb without a colon: the next word must look like a name
            if f & WORD and not f & _NAMEISH and shape != _INITIAL:
                return
            if shape != _INITIAL and not self._name_after_cue(d, a, f, shape, kind):
                return  # "PT ALERT", "pt stable", "notified team", "PT AFEBRILE", "spoke with md"
            if f & CLINICAL and not (
                after[:1] == ","
                and a + 1 < d.n
                and d.flag(a + 1) & FIRST
                or _clinician_eponym(d, a, f, shape)
            ):
                return  # "patient cushing, connie" and "NP Hartmann" are names, "patient parkinson" is not
            if kind in (_K_SIGNOFF, _K_GREET) and keys[a] in _ADDRESSEES:
                return  # "hey doc", "hi all"
            if shape == _LOWER and not f & _NAMEISH:
                if kind in (_K_SIGNOFF, _K_GREET):
                    if f & WORD:
                        return
                elif kind == _K_EMPLOYER:
                    if f or not d.w.complete:
                        return  # "works at walmart" in a lowercase note, not "works at night"
                elif (
                    after[:1] == ","
                    and a + 1 < d.n
                    and not (f | d.flag(a + 1)) & (WORD | CLINICAL)
                    and kind == _K_ROLE
                    and (after == "," or d.flag(a + 1) & _NAMEISH)
                ):
                    pass  # "patient fadipe,adesua", "patient miura, jun"; not "pt. perrla, bsk"
                elif not words_[a].isascii() and not f and d.w.complete:
                    pass  # "spoke with müsemma yılmaz": letters no English word has
                elif not f and d.w.complete and keys[a - 1] not in _PATIENT_CUES and _spelled_pair(d, a):
                    pass  # "subscriber omotoun ogunwobi": two words no list knows, spelled like names
                elif (
                    not f
                    and kind == _K_ROLE
                    and keys[a - 1] not in _PATIENT_CUES
                    and gaps[a - 1][:1] != ","
                    and gaps[a] == " "
                    and _GAP_ENDS(after)
                    and _spelled_name(keys[a])
                    and _unknown_subject(d, a)
                ):
                    pass  # "given to oncoming rn adaeze.": one word, where the sentence ends; not
                    # "ana roe,md olvatine": a credential after a name
                elif not (
                    keys[a - 1] in _FAMILY_CUES
                    and not f
                    and (a + 1 >= d.n or keys[a + 1] in STOP or _ENDS_NAME(after))
                ):
                    return  # "daughter omkaar can be reached", not "patient afebrile"
        b = self._forward(d, a, True)
        if b == a:
            return
        b = self._trim(d, a, b, True)
        if b == a:
            return
        if kind == _K_EMPLOYER or labelled:
            b = self._firm_tail(d, b)
        if kind != _K_TITLE and max(map(len, d.words[a:b])) == 1:  # initials only
            return
        done.update(range(a, b))
        d.add(a, b, score)
        if kind == _K_TITLE:
            self._and_name(d, b, done)
            self._name_and_title(d, a - 1, done)

    def _and_name(self, d: _Doc, b: int, done: set[int]) -> None:
        """A second surname after a titled name ending at ``b`` (``DRS JOSEPH AND ROBBINSON``, ``Dr
        Camarda and Clifford``): a name in the case of the first, never a word, role or credential.
        """
        a = b + 1
        if a >= d.n or d.keys[b] != "and" or d.gaps[b] != " " or d.gaps[a] != " " or a in done:
            return
        key, f, shape = d.keys[a], d.flag(a), _shape(d.words[a])
        if len(key) < 3 or key in STOP or key in CREDENTIALS or key in _ROLE_WORDS or key in TITLES:
            return
        if f & (CLINICAL | EPONYM) or shape != _shape(d.words[b - 1]) or shape not in (_TITLE, _UPPER):
            return
        if f & WORD and not (f & _NAMEISH and shape == _TITLE) or not f and _word_shaped(key):
            return  # "Dr. Roe and family", "DR ROE AND INTUBATED"
        e = self._trim(d, a, self._forward(d, a, True, 1), True)
        if e > a:
            done.update(range(a, e))
            d.add(a, e, _CUE)

    @staticmethod
    def _shorthand_with(d: _Doc, c: int) -> bool:
        """True when ``w`` at ``c`` means ``with``: ``spoke w/ Roe``, ``d/w roe`` (discussed with)."""
        if d.keys[c - 1] == "d":
            return d.gaps[c] == "/" and d.gaps[c + 1] == " "
        return d.gaps[c + 1] in ("/", "/ ")

    @staticmethod
    def _verb_page(d: _Doc, c: int) -> bool:
        """True when the capitalised ``Page`` at ``c`` starts a sentence after a word that is no name."""
        prev = c - 1
        return d.sentence_start(c) and len(d.keys[prev]) > 1 and not d.flag(prev) & FIRST

    @staticmethod
    def _name_and_title(d: _Doc, c: int, done: set[int]) -> None:
        """A name before ``and`` and the title at ``c`` (``BEA TURA AND DRS JOSEPH``, ``Marder and Dr.
        Roe``): a first name and a surname, or a surname that is no word, in the case of the title.
        """
        j = c - 2
        if j < 0 or d.keys[c - 1] != "and" or d.gaps[c] != " " or d.gaps[c - 1] != " " or j in done:
            return
        if not _person_word(d, j) or _shape(d.words[j]) != _shape(d.words[c]):
            return
        i = j - 1
        if i >= 0 and d.gaps[j] in (" ", ". ") and i not in done and _first_of_pair(d, i, j):
            d.add(i, j + 1, _PARTIAL)
        elif d.flag(j) in _STRONG and d.flag(j) & SURNAME and not (i >= 0 and d.keys[i] in _DETERMINERS):
            d.add(j, j + 1, _CONFIDENT)

    @staticmethod
    def _after_per(d: _Doc, a: int, f: int, shape: int) -> bool:
        """True when word ``a`` (flags ``f``) after ``per`` starts a name: ``Per Kowalski``, ``Per Abebi
        Shekoni``; not ``PER FLOW SHEET``, ``PER CARE VUE``, ``per MD``.
        """
        key = d.keys[a]
        if f & (CLINICAL | REGION) or shape not in (_TITLE, _UPPER) or key in _CALENDAR_WORDS:
            return False
        nxt = d.flag(a + 1) if a + 1 < d.n else 0
        two = a + 1 < d.n and d.gaps[a + 1] == " " and _shape(d.words[a + 1]) in (shape, _INITIAL)
        if (
            shape == _TITLE
            and not two
            and key in _common_surnames()
            and _GAP_ENDS(d.gaps[a + 1] if a + 1 < d.n else "")
        ):
            return not (key in _GROUPS or key in ROLE_CUES or d.heading(a))  # "per Baker."
        if not (f & _NAMEISH and not f & WORD or two and not nxt & (CLINICAL | REGION)):
            return False
        return not (
            key in CREDENTIALS
            or shape == _UPPER
            and d.caps_line(a)
            and not (f in _STRONG or two and (f | nxt) & _NAMEISH and not (f | nxt) & WORD)
        )

    @staticmethod
    def _name_after_cue(d: _Doc, a: int, f: int, shape: int, kind: int) -> bool:
        """True when word ``a`` (flags ``f``), after a role word or verb with no colon, may start a
        name. Where the case says nothing (an all-capitals line, lowercase) a word that is also
        English or clinical starts one only when a name follows (``PT ALERT`` no, ``WIFE HOPE
        KOWALCZYK`` yes), or ``, First`` (``PATIENT BISHOP,DONALD``); after ``pt`` or ``patient`` that
        holds even in title case (``Pt Will``), and so it does for a capitalised word no list knows
        after ``pt`` or a verb such as ``notified`` (``PT NEPRO``; not ``DAUGHTER TURVI``).
        """
        if kind not in (_K_ROLE, _K_VERB) or not d.words[a].isascii():
            return True  # greetings and sign-offs have their own checks; "ATTN VÂN"
        key = d.keys[a]
        if (key in CREDENTIALS or key[-1:] == "s" and key[:-1] in CREDENTIALS) and shape != _TITLE:
            return False  # "spoke with md", "with MDs"
        if d.gaps[a][:1] == "." and not f & _NAMEISH and shape != _UPPER:
            return False  # "NP. Face": a sentence ends after the cue
        if not f & _NAMEISH and _word_shaped(key):
            return False  # "PT INTUBATED", "pt mentating", "Pt Afebrile"
        cue = d.keys[a - 1]
        patient = cue in _PATIENT_CUES
        family = cue in _FAMILY_CUES
        cased = shape == _TITLE or shape == _UPPER and not d.caps_line(a)
        if (
            f & (WORD | CLINICAL)
            and (patient or not cased)
            or (not f & _NAMEISH and shape == _UPPER and not cased and (patient or cue in _OBJECT_VERBS))
        ):
            if not patient and not f & CLINICAL and key in _common_first_names():
                return True  # "son bill", "NP CAROL": a common first name after a relative or role
            if not patient and f & FIRST and (a + 1 >= d.n or _GAP_ENDS(d.gaps[a + 1])):
                return True  # "| RN HELENA\n": a first name that ends the line
            if not patient and key in STOP and _stop_name(d, a):
                return True  # "transcribed by will from", "called to will, rn"
            if family and f & FIRST and not f & CLINICAL and _frame_follows(d, a):
                return True  # "DAUGHTER SUNNY AT BEDSIDE", "son Rusty is the hcp"
            return _name_follows(d, a, cased or family)
        return True

    @staticmethod
    def _name_after_title(d: _Doc, a: int) -> bool:
        """True when word ``a`` after a title that is also a clinical abbreviation (``Lt`` left, ``MS``
        mental status, ``Fr`` French) is a name: a name in the lists that is not an English word alone
        where the case says nothing (``Lt yellow``, ``LT EAR``), and never a word no list knows in
        lowercase (``lt pleural``).
        """
        f = d.flag(a)
        shape = _shape(d.words[a])
        if shape == _INITIAL or d.keys[a] in PARTICLES and shape == _LOWER:
            return True  # "Ms. J. Roe", "Mr./Ms. van Goerle"
        if not f & _NAMEISH:
            return shape != _LOWER and not f & (WORD | CLINICAL) and not _word_shaped(d.keys[a])
        cased = shape == _TITLE or shape == _UPPER and not d.caps_line(a)
        if f & (WORD | CLINICAL) and not cased:
            return _name_follows(d, a, False)
        return True

    def _credentials(self, d: _Doc, done: set[int]) -> None:
        """Names right before a credential or a record label: ``Jane Doe, MD``, ``- kenneth green,
        rn``, ``from minh hunter (mrn 1234)``, ``ELSA ROE  DOB 1/2/80``.
        """
        keys, gaps, words_ = d.keys, d.gaps, d.words
        for c in d.scan(_S_RIGHT):
            if c == 0:
                continue
            word = words_[c]
            gap = gaps[c]
            label = keys[c] in _RECORD_LABELS
            if label:
                if gap not in (" (", "  ", ", ", " - ", " / ", "   ", ",  ", " ("):
                    continue
            else:
                if gap not in (", ", " ", ",", "., ", ". "):
                    continue
                pa_c = keys[c] == "pa" and gap == ", " and c + 1 < d.n and keys[c + 1] == "c"  # "pa-c"
                if not (
                    word.isupper()
                    or word in ("PhD", "PharmD", "PsyD")
                    or keys[c] in _LOWER_CREDENTIALS
                    or pa_c
                    or _initialled(d, c - 1)
                ):
                    continue
                initial = gap == " " and c >= 2 and gaps[c - 1] == ". " and _shape(words_[c - 2]) == _INITIAL
                if keys[c] in ("do", "pa", "ot", "od", "rt") and not (
                    word.isupper()
                    and (gap == ", " or initial and _shape(words_[c - 1]) == _TITLE)
                    or pa_c
                    or _initialled(d, c - 1)
                ):
                    continue  # "J. Chang PA": an initial, a surname and a credential
            # walk back over the name words
            a = c
            comma = False
            while a > 0 and c - a < 5:
                k = a - 1
                if k in done and a < c:
                    break  # "Provider: García Márquez, Montserrat MD": the surname is found already
                shape = self._nameable(d, k, True, k + 1 == c)
                join = gaps[k + 1] if k + 1 < c else " "
                if join in (", ", ",") and not comma and k + 1 < c:
                    comma = True
                elif join == "\n" and k + 1 < c and d.flag(k) & FIRST and _shape(words_[k]) == _TITLE:
                    pass  # "by Gregory\nWilliams, RN": a name wrapped over two lines
                elif join not in (" ", "-", ". ", ".", "'", "’"):
                    break
                elif join[:1] == "." and len(keys[k]) > 1 and keys[k] not in _DOT_ABBREVIATIONS:
                    break  # "and now RLL. Stord-Painter MD": a sentence ends before the name
                if shape < 0 or keys[k] in CREDENTIALS and shape == _UPPER:
                    break
                f = d.flag(k)
                if f & WORD and not f & _NAMEISH and len(keys[k]) > 1:
                    break
                if keys[k] in STOP and len(keys[k]) > 1 and _shape(words_[k]) != _TITLE and k + 1 < c:
                    if not _lower_first_name(d, k):
                        break  # "LINE PER WARREN KAVALIUNAS NP"; not "- will portka, rn"
                a = k
            if a == c or a in done:
                continue
            if (
                label
                and gap != " ("
                and not any(d.flag(k) & _NAMEISH or words_[k][0].isupper() for k in range(a, c))
            ):
                continue
            if not label and not self._before_credential(d, a, c):
                continue
            b = self._trim(d, a, c, not label)  # "Aachal Foley, MD": a credential vouches for an eponym
            if b > a and max(map(len, words_[a:b])) > 1:  # not initials only
                done.update(range(a, b))
                d.add(a, b, _CUE if not label else _PARTIAL)

    @staticmethod
    def _before_credential(d: _Doc, a: int, c: int) -> bool:
        """True when words ``a..c-1`` before the credential at ``c`` are a name: one is a name that is
        not a word, or all are title case where the case means something; not ``SEE MD``, ``GIVEN
        IV``, ``ASSYMPTOMATIC, PA``, ``Given 1mg`` at a sentence start. A generational suffix
        (``Jr``, ``IV``) follows a first name and a surname, or a comma.
        """
        core = [k for k in range(a, c) if len(d.words[k]) > 1 and not _joins_name(d, k)]
        fl = [d.flag(k) for k in core]
        strong = any(f & _NAMEISH and not f & (WORD | CLINICAL) for f in fl)
        if d.keys[c] in _GENERATIONS and d.gaps[c] != ", " and (len(core) < 2 or not strong):
            return False
        if strong or not core:
            return True
        titled = all(_shape(d.words[k]) == _TITLE for k in core)
        if any(f & CLINICAL for f in fl) and not (titled and len(core) > 1):
            return False  # "LASIX 80MG"; not "Aybora Foley, MD"
        if (
            len(core) > 1
            and fl[-1] & SURNAME
            and (fl[-1] in _STRONG or d.keys[core[-1]] in _common_surnames())
            and all(
                f & _NAMEISH or not f and len(d.keys[k]) > 3 and not _word_shaped(d.keys[k])
                for k, f in zip(core, fl, strict=True)
            )
        ):
            return True  # "WURAOLA BELL, LCSW"
        if len(core) < c - a and d.gaps[a + 1][:1] == "." and all(f & _NAMEISH or not f for f in fl):
            return True  # "Q. LANDER RRT": an initial and a surname; not "O PLS SEE MD"
        if len(core) > 1 and fl[0] & FIRST and not all(f & WORD for f in fl):
            return True  # "WARREN KAVALIUNAS NP": a first name and a surname no list knows
        gap = d.gaps[a].rstrip(" \t")
        signs = a == 0 or "\n" in d.gaps[a] or gap.endswith(("-", "—", ":"))  # "- robin, rn"
        if (
            d.gaps[c] == ", "
            and signs
            or d.words[c].islower()
            and len(core) > 1
            and not any(d.flag(k) & (WORD | CLINICAL) or _word_shaped(d.keys[k]) for k in core)
        ):
            return True  # "- sherry, rn", "with adetoke olugbayila, lcsw"
        if len(core) > 1 and _spelled_core(d, core, fl):
            return True  # "FADERERA ODETOLA, PA-C", "KSAWERY MILCZARCZYK, PA-C"
        if len(core) == 1 == c - a and d.gaps[c] == ", " and _told_first(d, a, fl[0]):
            return True  # "assessment by sunny, rn", "CALLED TO BRANDY, RN"
        if not titled:
            return False
        starts = signs or bool(gap) and gap[-1] in _SENTENCE_END
        return not (len(core) == 1 and fl[0] & WORD and starts)  # "CHF. Given 1mg"

    # -- capitalised names without a cue ---------------------------------------------------------

    def _capitalised(self, d: _Doc, done: set[int]) -> None:
        words_, flags, keys = d.words, d.flags, d.keys
        # capitalised words that a list knows as names, or no list knows
        cands = [
            j
            for j in d.capitals_with(_CANDIDATE)
            if (
                len(keys[j]) == 1
                or keys[j] not in _NOT_START
                and (len(keys[j]) > 3 or not words_[j].isupper())
            )
        ]
        joined = set(cands)
        nxt = 0
        for a in cands:
            if a < nxt or a in done:
                continue
            if (
                flags[a] not in _STRONG
                and a + 1 not in joined
                and not (a + 1 < d.n and len(keys[a + 1]) == 1)
                and not (a + 1 < d.n and d.gaps[a + 1] == "-" and _syllable(d, a + 1))
            ):
                continue  # a lone ambiguous or unknown word is never a name without a cue
            b = self._forward(d, a, False)
            nxt = max(b, a + 1)
            if b == a:
                continue
            b = self._trim(d, a, b, False)
            while (
                a > 0
                and d.gaps[a] == " "
                and (
                    keys[a - 1] in _CAP_PARTICLES
                    and words_[a - 1][0].isupper()
                    or keys[a - 1] in _LEADING_PARTICLES
                    and words_[a - 1].islower()
                )
            ):
                a -= 1  # "Ó SEARCAIGH, HAROLD", "DE LA TORRE, PEDRO", "de la Cruz, María"
            if a > 0 and d.keys[a] in PARTICLES and d.gaps[a] == " " and _given_before(d, a - 1):
                a -= 1  # "Henrike van den Bosch": a given name before the particles
            while a > 1 and d.gaps[a] in (". ", ".") and len(words_[a - 1]) == 1 and words_[a - 1].isupper():
                if d.gaps[a - 1] not in (" ", " (", "\n"):
                    break
                a -= 1  # "M. Huynh": initials, which every list calls words, lead the name
            if b > a:
                self._score_run(d, a, b)

    def _score_run(self, d: _Doc, a: int, b: int) -> None:
        words_, gaps = d.words, d.gaps
        if b - a == 1:
            f = d.flags[a]
            if f not in _STRONG or len(words_[a]) < 3 or words_[a].isupper():
                return
        core = [
            k
            for k in range(a, b)
            if len(words_[k]) > 1 and not (d.keys[k] in PARTICLES and words_[k].islower())
        ]
        if not core:
            return
        if a and gaps[a] == " " and words_[a - 1].isdigit() and d.keys[b - 1] in STREET_SUFFIXES:
            return  # "9814 DOYLE CREST": a street
        if "-" in gaps[a + 1 : b] and any(_syllable(d, k) for k in core):
            core = [k for k in core if not _syllable(d, k)]  # "Min-jun": one given name
        fl = [FIRST if k + 1 < b and _syllable(d, k + 1) else d.flag(k) for k in core]
        # counted with C-level maps: this runs for every run of capitalised words
        strong = sum(map(_STRONG.__contains__, fl))
        ambiguous = sum(map(_AMBIGUOUS_NAME.__contains__, fl))
        unknown = (
            0
            if 0 not in fl
            else sum(not f and not _word_shaped(d.keys[k]) for k, f in zip(core, fl, strict=True))
        )
        if len(fl) > strong + ambiguous + unknown:
            return  # an English word that no list calls a name: no score (the rest need not be read)
        inner = gaps[a + 1 : b]
        comma = any(map(str.startswith, inner, repeat(",")))
        hyphen = "-" in inner
        core_words = list(map(words_.__getitem__, core))
        all_upper = all(map(_UPPER.__eq__, map(_shape, core_words)))
        # all capitals in an all-capitals line say nothing: lean on the lists ("LINE, REASON")
        uncased = all_upper and d.caps_line(a)
        initials = (b - a) - len(core)
        foreign = not all(map(str.isascii, core_words))
        score = 0.0
        if comma:
            last, first = fl[0], fl[-1] if len(fl) > 1 else 0
            if uncased and not (
                strong and first & FIRST and (last & SURNAME or not last and first in _STRONG)
            ):
                score = 0.0  # "INTUBATED, MECH", "QUENTIN, RSC CL"; not "ROE, ANA", "LABOWICH, LEONA"
            elif first & FIRST and (last & SURNAME or not last):
                score = _FULL if strong else _PARTIAL
            elif strong and not ambiguous:
                score = _PARTIAL
            elif unknown == len(fl) and ("," in gaps[core[-1]] or foreign):
                score = _UNKNOWN_PAIR
        elif len(core) == 1:
            k = core[0]
            lead = k > a  # the initials come first ("J. Baker"), not after ("Check K")
            if strong and len(d.keys[k]) > 2 and not all_upper:
                if initials:
                    score = _PARTIAL  # "J. Nguyen"
                elif hyphen:
                    score = _PARTIAL
                elif not d.heading(k):
                    score = _LONE_START if d.sentence_start(k) else _LONE
            elif ambiguous and initials and not all_upper and lead:
                score = _AMBIGUOUS  # "J. Baker"
            elif strong and all_upper and (initials and lead or hyphen):
                score = _PARTIAL
        else:
            has_first = bool(fl[0] & FIRST)
            has_last = bool(fl[-1] & SURNAME)
            middle = initials and a < core[-1] and len(words_[core[0]]) > 1 and core[0] == a
            if has_first and has_last and strong:
                score = _FULL if not all_upper or strong == len(fl) else _PARTIAL
            elif has_first and (has_last or not fl[-1]) and middle:
                score = _MIDDLE  # "Faith J. Miller", "Marcus A. Drub"
            elif has_first and has_last:
                if hyphen or not (d.sentence_start(a) or d.heading(a)) and _usual_first(d, core[0]):
                    score = _AMBIGUOUS  # "met Will Young"; not "at Holy Cross", "to Sacred Heart"
            elif has_first and not fl[-1] and not all_upper:
                if fl[0] & FIRST and not fl[0] & (WORD | CLINICAL):
                    score = _PARTIAL  # "Marcus Drub"
                elif foreign or not d.sentence_start(a) and _usual_first(d, core[0]):
                    score = _AMBIGUOUS  # "with Grace Tekiner"; not "to Left Pleural effusion"
            elif strong and not ambiguous and not all_upper:
                score = _PARTIAL
            elif strong and hyphen:
                score = _PARTIAL  # "SANCHEZ-WADE"
            elif unknown == len(fl) and not all_upper:
                if foreign:
                    score = _AMBIGUOUS
                elif _spelled_names(d, core):
                    score = _PARTIAL  # "Center - Olasunmbo Iyanda": every word spelled like a name
                elif not d.sentence_start(a) and not d.heading(a):
                    score = _UNKNOWN_PAIR
            elif strong and unknown and all_upper and (not d.heading(a) or _first_and_spelled(d, core, fl)):
                score = _PARTIAL  # "ROSA THERESA ZELENKOVA" in an all-capitals note
            elif strong == len(fl) == 2 and fl[0] & SURNAME and fl[1] & FIRST:
                score = _PARTIAL  # "KOWALCZYK JOHN", "Nguyen Linh": the surname first
        if (
            uncased
            and ambiguous
            and len(core) > 1
            and not _known_first(d, core[-1] if comma else core[0], comma)
        ):
            score = 0.0  # "PERI AREA", "BEAR HUGGER"; not "JOHN BAKER", "BAKER, OLUWASEUN"
        if score >= 0.5:
            d.add(a, b, score)

    # -- lowercase names without a cue -----------------------------------------------------------

    def _lowercase(self, d: _Doc, done: set[int]) -> None:
        """Lowercase full names in a lowercase note, of names that are not English words: ``natividad
        leyva``, ``mary a. nguyen``, ``nguyen, mary``, ``nguyen,mary``, ``kowalczyk john``.
        """
        if not d.w.complete:
            return  # a text written with capitals: lowercase names come with a cue
        words_, keys = d.words, d.keys
        common = _common_first_names()
        for j in compress(range(d.n - 1), map(_LOWER_START.__contains__, d.flags)):
            if j in done or len(keys[j]) < 3 or not words_[j].islower() or keys[j] in STOP:
                continue
            if d.flags[j] not in _STRONG and (keys[j] not in common or d.flags[j + 1] not in _STRONG):
                continue  # "joy martinez": a frequent first name that is also a word, and a surname
            e = _lower_name_end(d, j)
            if e > j:
                d.add(j, e, _PARTIAL)
        for k in compress(range(d.n), map(_FIRST_ONLY.__contains__, d.flags)):
            j = k - 1
            if j >= 0 and d.gaps[k] in (",", ", ") and _lower_first(d, k) and _unknown_subject(d, j):
                if words_[j].islower() and j not in done:
                    d.add(j, k + 1, _PARTIAL)  # "tekiner, yasmin": a surname no list knows

    # -- subjects of reported speech ---------------------------------------------------------------

    def _subjects(self, d: _Doc, done: set[int]) -> None:
        """A lone name before a verb of reported speech: ``Mark reports``, ``S: Will states``, ``hope
        denies`` in a lowercase note (a name that is also a word is read as a name here), and a
        capitalised word no list knows (``Tekiner denies``, ``AYINKE STATES``). Before a verb of what
        a patient does (``Anneliese ambulated``, ``Oluwaseun ate``) only a name that is no word, or a
        title-case word no list knows, is a name.
        """
        words_, keys, gaps = d.words, d.keys, d.gaps
        for s in d.scan(_S_SAYS | _S_DOES):
            j = s - 1
            if j < 0 or j in done or gaps[s] != " " or keys[j] in _NOT_SUBJECTS:
                continue
            if keys[j] in _NOT_START and keys[j] not in _MONTH_NAMES:
                continue  # a month before "states" is a name ("Jun states", "April denies")
            f = d.flag(j)
            shape = _shape(words_[j])
            if f & (CLINICAL | EPONYM | REGION) or len(keys[j]) < 2:
                continue
            if keys[j] in _CALENDAR_WORDS and keys[j] not in _MONTH_NAMES:
                continue  # "Monday reports"
            if j and _shape(words_[j - 1]) in (_TITLE, _UPPER) and gaps[j] == " ":
                continue  # "Family Medicine states": a longer phrase the other passes read
            if not f and shape == _LOWER:
                if d.w.complete and _unknown_subject(d, j) and name_like(keys[j]):
                    d.add(j, j + 1, _CONFIDENT)  # "lidija states", "oyelaran ate" in a lowercase note
                continue
            if keys[s] not in _SAYS:
                if f in _STRONG or not f and shape == _TITLE and _unknown_subject(d, j):
                    d.add(j, j + 1, _CONFIDENT)  # "Anneliese ambulated", "Oyelaran ate"
                continue
            if shape in (_TITLE, _UPPER):
                if not f:
                    if _unknown_subject(d, j):
                        d.add(j, j + 1, _CONFIDENT)  # "Tekiner denies"; not "Paticnt reports"
                    continue
                if not f & FIRST or shape == _UPPER and f & WORD and not _uncased_first(d, j):
                    continue  # not "PT STATES"; "HOPE STATES" starting a sentence
            elif not (
                shape == _LOWER and d.w.complete and f & FIRST and (not f & WORD or _uncased_first(d, j))
            ):
                continue
            d.add(j, j + 1, _AMBIGUOUS if f & WORD else _CONFIDENT)  # "Mark" does not propagate

    # -- people told, calling or visiting -----------------------------------------------------------

    def _present(self, d: _Doc, done: set[int]) -> None:
        """A name before ``aware``, ``called``, ``visited``, ``phoned``, ``updated``, ``at bedside`` or
        ``in to visit``, or a surname before ``family``: a first name and a surname or an initial and
        a surname (``mary souza AWARE``, ``W. MAROTTA AWARE``), a surname that is no word (``Marder
        aware``), a frequent first name (``bob visited``, ``george called``), a capitalised word no list
        knows spelled like a name (``Tekiner at bedside``); never a role, a team or a word (``HO
        aware``, ``team aware``, ``family at bedside``).
        """
        keys, gaps = d.keys, d.gaps
        for s in d.scan(_S_PRESENT):
            j = s - 1
            if keys[s] == "bedside":
                j = s - 2 if s > 1 and keys[s - 1] == "at" else -1
            elif keys[s] == "visit":
                j = s - 3 if s > 2 and keys[s - 2] == "in" and keys[s - 1] == "to" else -1
            if j < 0 or j in done or gaps[j + 1] != " ":
                continue
            person = _person_word(d, j)
            i = j - 1
            if i >= 0 and i not in done and (gaps[j] == " " or gaps[j] == ". " and len(keys[i]) == 1):
                if (person or _unknown_word(d, j)) and _first_of_pair(d, i, j):
                    d.add(i, j + 1, _PARTIAL)  # "mary souza AWARE", "W. MAROTTA AWARE"
                    continue
            if not person:
                if keys[s] != "family" and _shape(d.words[j]) == _TITLE and _spelled_name(keys[j]):
                    if _unknown_subject(d, j):  # not "Amyville Family Practice"
                        d.add(j, j + 1, _AMBIGUOUS)  # "Tekiner at bedside", "Oyelaran updated"
                continue
            if i >= 0 and (keys[i] in _DETERMINERS or keys[i] in TITLES):
                continue
            f, shape = d.flag(j), _shape(d.words[j])
            if f in _STRONG and (f & SURNAME or keys[j] in _common_first_names()):
                d.add(j, j + 1, _CONFIDENT)  # "Marder aware", "CLIFFORD AWARE", "ROMERO FAMILY"
            elif keys[s] == "family":
                continue
            elif f & FIRST and keys[j] in _common_first_names():
                d.add(j, j + 1, _AMBIGUOUS)  # "bill called": a word too, so it does not propagate
            elif f & SURNAME and shape == _TITLE and not d.sentence_start(j) and not d.heading(j):
                d.add(j, j + 1, _AMBIGUOUS)  # "Dr Roe and King aware"

    # -- lone first names where the case says nothing ----------------------------------------------

    def _lone_uncased(self, d: _Doc, done: set[int]) -> None:
        """A name that is no word, alone in a lowercase note or an all-capitals line, framed as a
        person by its neighbours: a frequent first name in any frame (:func:`_person_frame`: ``update
        given to mary``, ``lunch with mary and her son``, ``MARY IS THE HCP``, ``mary's meds``), any
        name next to a relation (:func:`_relation_frame`: ``husband (oluwaseun)``, ``yasmin
        (daughter)``), and a less frequent name, or a word no list knows spelled like one, told, paged
        or quoted (:func:`_told_frame`: ``paged sokolov``, ``per priya``, ``OYELARAN UPDATED``).
        """
        words_, flags = d.words, d.flags
        framed = [
            j for j in d.framed() if flags[j] not in _NAME_AND_WORD
        ]  # names that are no word, or unknown
        if d.w.complete:
            cands = [
                j for j in compress(range(d.n), map(_FIRST_ONLY.__contains__, flags)) if words_[j].islower()
            ]
            cands += [j for j in framed if words_[j].islower()]
        else:
            cands = [j for j in d.capitals_with(_FIRST_ONLY) if words_[j].isupper()]
            cands += [j for j in framed if words_[j].isupper()]
        common = _common_first_names()
        for j in sorted(set(cands)):
            if j in done or not _lone_name_word(d, j):
                continue
            if not d.flags[j]:
                if not (_told_frame(d, j) and _spelled_name(d.keys[j]) and _unknown_subject(d, j)):
                    continue
            elif not (
                _relation_frame(d, j)
                or d.keys[j] in common
                and _person_frame(d, j)
                or _told_frame(d, j)
                and _known_name(d, j)
            ):
                continue
            if d.w.complete or d.caps_line(j):  # read last: the costliest test
                d.add(j, j + 1, _AMBIGUOUS)

    def _lone_titled(self, d: _Doc, done: set[int]) -> None:
        """A capitalised word alone mid-sentence that only its frame makes a name: a frequent first
        name that is also a word (``with Grace and her son``, ``Hope (wife)``), a frequent name that is
        also a word told, paged or quoted (``signed out to Heath``), or a word no list knows next to a
        relation (``Wife (Tekiner)``, ``Tekiner (daughter)``, ``neighbor, Tekiner,``) or, spelled like
        a name, told, paged or quoted (``paged Adebayo``; ``Ekwueme notified`` even starts a sentence).
        """
        words_, keys, flags = d.words, d.keys, d.flags
        common = _common_first_names()
        cands = [j for j in d.capitals_with(_FIRST_AND_WORD) if keys[j] in common]
        cands += [
            j
            for j in d.framed()
            if flags[j] not in _STRONG and words_[j][0].isupper() and not words_[j].isupper()
        ]
        for c in d.scan(_S_FAMILY):  # a capitalised word no list knows is a name only next to a relation
            cands.extend(
                j for j in (c - 1, c + 1) if 0 <= j < d.n and not flags[j] and words_[j][0].isupper()
            )
        for j in sorted(set(cands)):
            if j in done or _shape(words_[j]) != _TITLE or keys[j] in STOP:
                continue
            start = False  # a name may start a sentence only when a verb of the frame follows it
            if flags[j]:
                framed = _lone_name_word(d, j) and (
                    keys[j] in common
                    and flags[j] in _FIRST_AND_WORD
                    and _person_frame(d, j)
                    or flags[j] in _NAME_AND_WORD
                    and _told_frame(d, j)
                    and _frequent_name(d, j)
                )
            else:
                framed = (
                    _relation_frame(d, j) or _told_frame(d, j) and _spelled_name(keys[j])
                ) and _unknown_subject(d, j)
                start = framed and _told_frame(d, j, before=False)
            if framed and (start or not d.sentence_start(j)) and not d.heading(j):
                d.add(j, j + 1, _AMBIGUOUS)

    def _mid_sentence(self, d: _Doc, done: set[int]) -> None:
        """A capitalised word alone mid-sentence, in no list and spelled like a name, is a proper noun
        and, where only a person stands (:func:`_person_context`), a person: ``forwarded to Lindqvist
        for review``, ``and Hargreave was informed``. Not at the start of a sentence, a line or a field,
        not in a heading; not a service (``Ortho``) or a place (``Kaylafort``); a drug brand
        (``Eliquis was added``) is not framed as a person.
        """
        words_, keys = d.words, d.keys
        for j in d.capitals_with(_UNKNOWN_FLAGS):
            word, key = words_[j], keys[j]
            if j in done or len(word) < 4 or not word[1:].islower() or key in _SERVICES:
                continue
            if key.endswith(PLACE_ENDINGS) or not _lone_capital(d, j) or not _person_context(d, j):
                continue
            if _name_spelled(key) and not d.sentence_start(j) and _unknown_subject(d, j) and not d.heading(j):
                d.add(j, j + 1, _UNKNOWN_PAIR)

    # -- lone names in messages ------------------------------------------------------------------

    def _messages(self, d: _Doc, done: set[int]) -> None:
        """Lone first names in portal messages and texts (:data:`_MESSAGE_FORMS`): greetings and
        sign-offs, self-introductions (``it's maria from 3b``), possessives and relations (``maria's
        meds``, ``josh (son)``), addressees (``@maria``) and reported speech (``per maria``); a surname
        may follow (``@mara rust``).
        """
        starts = d.w.starts
        for i, matches in sorted(_message_matches(d).items()):
            spec = _MESSAGE_FORMS[i]
            for m in matches:
                start = m.start("n")
                k = bisect_left(starts, start)
                if k >= d.n or starts[k] != start or k in done or d.w.ends[k] != m.end("n"):
                    continue
                if not _lone_first_name(d, k, spec.strength):
                    continue
                word_name = bool(d.flag(k) & WORD) or d.keys[k] in STOP
                b = k + 1 if word_name else max(k + 1, self._trim(d, k, self._forward(d, k, True, 3), True))
                done.update(range(k, b))
                d.add(k, b, _AMBIGUOUS if word_name else _CUE)

    # -- a person's age, and names joined by "and" ------------------------------------------------

    @staticmethod
    def _ages(d: _Doc, linked: list[int], done: set[int]) -> None:
        """A lone name before the age that opens a history (``Pearl is a 72 yo woman``, ``grace, a
        64-year-old``, ``HOPE IS A 70 Y/O``): a first name or surname in the lists, even a word.
        """
        keys, gaps, n = d.keys, d.gaps, d.n
        for c in linked:
            if keys[c] == "will" or keys[c] == "a" and gaps[c] != ", ":
                continue  # "Pearl, a 72", not "in a 72"
            k = c + 1
            if k < n and keys[c] != "a" and keys[k] in ("a", "an"):
                k += 1  # "is a 72"
            while k < n and k - c < 5 and keys[k] in _AGE_ADJECTIVES and gaps[k] == " ":
                k += 1  # "is a pleasant 72", "a very pleasant 72"
            if k >= n or c < 1 or not keys[k][:1].isdigit() or not _age_at(d, k):
                continue
            j = c - 1
            joint = gaps[c] if keys[c] == "a" else gaps[c] + gaps[c + 1]
            if joint not in (", ", "  ", " ", ", , ") or gaps[k] not in (" ", "") or j in done:
                continue
            if (keys[c] == "a") != (gaps[c] == ", ") or keys[j] in _NOT_LONE_NAMES:
                continue  # "Pearl, a 72", "Pearl is a 72"; not "Pearl a 72"
            i = j - 1
            if i >= 0 and keys[i] in _DETERMINERS:
                continue  # "the king is a 4"
            f = d.flag(j)
            a = _name_before(d, j)
            if a < j and (f & SURNAME and not f & CLINICAL or _unknown_name(d, j)):
                done.update(range(a, j + 1))
                d.add(a, j + 1, _PARTIAL)  # "Faith Baker is a 70", "MARK YOUNG, A 45", "ann j. roe is a"
                continue
            if _person_word(d, j) and (f & FIRST or f in _STRONG):
                done.add(j)
                d.add(j, j + 1, _AMBIGUOUS)

    @staticmethod
    def _states(d: _Doc, linked: list[int], done: set[int]) -> None:
        """A lone name before ``was`` or ``is`` and a patient's state (``Hope was seen and examined``,
        ``will is doing well``, ``OYELARAN IS RESTING``): a name that is no word, a frequent first name
        even if a word, or a capitalised word no list knows spelled like a name; never after a
        determiner (``the mark was seen``).
        """
        keys, gaps, n = d.keys, d.gaps, d.n
        for c in linked:
            j = c - 1
            if j < 0 or c + 1 >= n or keys[c] == "a" or j in done:
                continue
            if gaps[c] != " " or gaps[c + 1] != " " or j and keys[j - 1] in _DETERMINERS:
                continue
            f, shape = d.flag(j), _shape(d.words[j])
            if keys[c] == "will":
                if f in _STRONG and _person_word(d, j) and keys[c + 1] not in STOP:
                    done.add(j)
                    d.add(j, j + 1, _CONFIDENT)  # "Nguyen will pick her up": a name that is no word
                continue
            if keys[c + 1] not in _PERSON_STATES:
                continue
            if keys[j] in STOP and not (shape == _TITLE and f & FIRST and keys[j] not in _NOT_STOP_NAMES):
                continue  # "Will was seen"; not "he is resting"
            if keys[j] in STOP:
                named = True
            elif not f:
                named = (shape != _LOWER or d.w.complete) and _unknown_name(d, j)
            else:
                common = bool(f & FIRST) and keys[j] in _common_first_names()
                named = _person_word(d, j) and (f in _STRONG or common)
            if named and (shape == _TITLE or d.w.complete or d.caps_line(j)):
                done.add(j)
                d.add(j, j + 1, _AMBIGUOUS if f & WORD else _CONFIDENT)

    @staticmethod
    def _related(d: _Doc, done: set[int]) -> None:
        """A lone name next to a relation (:func:`_relation_frame`), in any case, even a word and at a
        sentence start: ``Will (daughter) at bedside``, ``hope, pt's wife, called``, ``son (baker)``.
        """
        n = d.n
        for c in d.scan(_S_RELATION):
            for j in range(max(0, c - 5), min(n, c + 2)):
                if j != c and j not in done and _relation_frame(d, j) and _related_name(d, j):
                    done.add(j)
                    d.add(j, j + 1, _AMBIGUOUS)

    @staticmethod
    def _bracketed(d: _Doc, done: set[int]) -> None:
        """A name next to a role or relation in brackets: ``Tariq (PT)``, ``Ruairi (SW)``, ``Ana Roe
        (attending)``, ``ROE (PT'S WIFE)`` with the first names before it, and ``patient (Giorgos)``.
        """
        keys, gaps, n = d.keys, d.gaps, d.n
        for c in d.scan(_S_BRACKET):
            j = c - 1
            if gaps[c] in (" (", "(") and j >= 0 and j not in done:
                end = _relation_end(d, c) if keys[c] in _WHOSE else -1
                if end < 0:
                    end = c + 1  # "Tariq (PT)"; "Leo (pt's son)" reads the relation to its end
                if gaps[end][:1] in (")", ",") and _bracket_name(d, j):
                    done.add(j)
                    d.add(_name_before(d, j), j + 1, _PARTIAL)
            k = c + 1
            if k < n and gaps[k] == " (" and gaps[k + 1][:1] == ")" and k not in done and _bracket_name(d, k):
                done.add(k)
                d.add(k, k + 1, _PARTIAL)

    @staticmethod
    def _possessors(d: _Doc, done: set[int]) -> None:
        """A name owning a person or a team (``Rivers's team``, ``Okafor's wife``, ``per Nwosu's
        note``): a name in the lists, even a word, or a capitalised word no list knows spelled like
        a name; no stop, role, group, service or clinical word (``Cardiology's recs``, ``Mom's``).
        """
        keys, gaps = d.keys, d.gaps
        for c in d.scan(_S_OWNED):
            j = c - 2
            if j < 0 or j in done or keys[c - 1] != "s" or gaps[c - 1] not in ("'", "’") or gaps[c] != " ":
                continue
            if j and keys[j - 1] in _SAINTS:
                continue  # "St. Luke's team": a hospital's
            key, f = keys[j], d.flag(j)
            if _shape(d.words[j]) != _TITLE or len(key) < 3 or key in _CALENDAR_WORDS or key in _SERVICES:
                continue
            if key in _UNNAMEABLE or key in TITLES or key in _GROUPS or key in ROLE_CUES or f & CLINICAL:
                continue
            if f & WORD and not (f & FIRST or key in _common_surnames()) or not f and not _unknown_name(d, j):
                continue
            if f and not f & _NAMEISH or f & EPONYM and keys[c] in _CARE_THINGS:
                continue
            done.add(j)
            d.add(_name_before(d, j), j + 1, _PARTIAL)

    @staticmethod
    def _coordinated(d: _Doc, done: set[int]) -> None:
        """A first name joined by ``and`` to a name found, in its case, where a word that follows
        people follows it (``Ann and Will visited``, ``ann and grace at bedside``; not ``Roe and Will
        follow``).
        """
        keys, gaps, words_, n = d.keys, d.gaps, d.words, d.n
        starts, ends = d.w.starts, d.w.ends
        for c in d.scan(_S_AND):
            j, i = c + 1, c - 1
            if i < 0 or j + 1 >= n or j in done or gaps[c] != " " or gaps[j] != " " or gaps[j + 1] != " ":
                continue
            if keys[j + 1] not in _AFTER_COORDINATED or _shape(words_[i]) != _shape(words_[j]):
                continue  # "Ann and Will visited"; not "Roe and Will follow"
            left, right = (starts[i], ends[i]) in d.spans, (starts[j], ends[j]) in d.spans
            if left and not right and _joined_first(d, j):
                done.add(j)
                d.add(j, j + 1, _AMBIGUOUS)
            elif right and not left and i not in done and (i == 0 or gaps[i] != "-") and _joined_first(d, i):
                done.add(i)
                d.add(i, i + 1, _AMBIGUOUS)  # "Siobain and Maria visited"

    # -- double-barrelled surnames ----------------------------------------------------------------

    def _hyphen_pairs(self, d: _Doc, done: set[int]) -> None:
        """Two surnames joined by a hyphen, in any case (``FOX-LOPEZ``, ``garcia-davis`` in a lowercase
        note, ``(West-Schwartz)``): a double-barrelled name or a firm. Not eponyms (``Swan-Ganz``,
        ``Jackson-Pratt drain``), not two English words (``brown-green``), not longer chains.
        """
        words_, keys, gaps, flags = d.words, d.keys, d.gaps, d.flags
        n = d.n
        # the second surname: a word a list knows (capitalised, where lowercase words were not looked up)
        if d.w.complete:
            surnames = list(compress(range(n), map(_SURNAMED.__contains__, flags)))
        else:
            surnames = list(d.capitals_with(_SURNAMED))
        for j in compress(surnames, map("-".__eq__, map(gaps.__getitem__, surnames))):
            if j == 0:
                continue  # a hyphen before the first word
            i = j - 1
            fi, fj = flags[i], flags[j]
            if not fi & fj & SURNAME or i in done or j in done:
                continue  # most hyphens join digits or words no surname list holds
            if gaps[i] == "-" or j + 1 < n and gaps[j + 1] == "-":
                continue
            if not (fi & SURNAME and fj & SURNAME) or (fi | fj) & (CLINICAL | EPONYM) or fi & fj & WORD:
                continue
            si, sj = _shape(words_[i]), _shape(words_[j])
            if si != sj or si not in (_TITLE, _UPPER, _LOWER) or si == _LOWER and not d.w.complete:
                continue
            if len(keys[i]) < 2 or len(keys[j]) < 2 or d.head_follows(j):
                continue
            if si != _TITLE and not all(
                len(keys[k]) > 2 and (flags[k] in _STRONG or keys[k] in _common_surnames()) for k in (i, j)
            ):
                continue  # no case signal: "gi-poor", "KUB-FULL", "GI-PO"; not "FOX-LOPEZ"
            d.add(i, j + 1, _PARTIAL)

    # -- names grown where the case says nothing -------------------------------------------------

    @staticmethod
    def _grow(d: _Doc) -> None:
        """Extend a name in an all-capitals line or a lowercase note over the name words next to it:
        a first name or an initial before it (``ROSA OKONKWO``, ``w. kaminski``) and a surname, or a
        word no list knows spelled like a name, after it (``ana zelenkova``), in the same case.
        Title case needs no help: :meth:`NameRecognizer._capitalised` reads those runs whole.
        """
        w = d.w
        starts, ends = w.starts, w.ends
        for (start, end), score in list(d.spans.items()):
            if score < _AMBIGUOUS:
                continue
            a = bisect_left(starts, start)
            if a >= d.n or starts[a] != start:
                continue
            shape = _shape(d.words[a])
            if not (shape == _LOWER and w.complete or shape == _UPPER):
                continue
            b = bisect_left(ends, end) + 1
            if ends[b - 1] != end or a and d.words[a - 1].isdigit():
                continue  # "1776 JOHNSON DALE": a street
            if not all(d.flag(k) in _STRONG and d.keys[k] not in _NOT_START for k in (a, b - 1)):
                continue  # "EAST", "GOOD", "COVERAGE, MEMBER": words, not names
            if shape == _UPPER and not d.caps_line(a):
                continue
            a0, b0 = a, b
            while a > 0 and a0 - a < 2 and d.gaps[a] == " " and _grows_first(d, a - 1, shape):
                a -= 1
            if a > 0 and d.gaps[a] == ". " and len(d.words[a - 1]) == 1 and d.words[a - 1].isalpha():
                a -= d.words[a - 1].isupper() == (shape == _UPPER)  # "w. kaminski", "K. PETROV"
            while b < d.n and b - b0 < 2 and d.gaps[b] == " " and _grows_last(d, b, shape):
                b += 1
            if (a, b) != (a0, b0):
                d.spans.pop((start, end))
                d.add(a, b, score)

    # -- firms -----------------------------------------------------------------------------------

    def _firm_tail(self, d: _Doc, b: int) -> int:
        """Extend a name ending at ``b`` over a corporate suffix (``Becker`` + ``LLC``)."""
        if b < d.n and d.keys[b] in _FIRM_SUFFIXES and d.gaps[b] in (" ", ", ", "\n"):
            return b + 1
        if b + 1 < d.n and d.keys[b] == "and" and d.keys[b + 1] == "sons":
            return b + 2
        return b

    def _firm_at(self, d: _Doc, a: int, score: float) -> bool:
        """Record the firm starting at word ``a`` (``Smith, Jones and Lee``, ``Gray-Hill``, ``Becker
        LLC``); True when one was found.
        """
        words_, gaps, keys = d.words, d.gaps, d.keys
        n = d.n
        shape = _shape(words_[a])
        if shape in (_OTHER, _INITIAL) or keys[a] in STOP:
            return False
        b = a + 1
        parts = 1
        while b < n and parts < 5:
            gap = gaps[b]
            key = keys[b]
            if gap in ("-", " ", ", ", " & ") or (gap == "\n" and key in _FIRM_SUFFIXES):
                if key == "and" and gap == " " and b + 1 < n and gaps[b + 1] == " ":
                    b += 1
                    continue
                if key in _FIRM_SUFFIXES and gap != "-":
                    return self._firm_add(d, a, b + 1, score)
                if key in STOP or _shape(words_[b]) != shape and gap != "-":
                    break
                if gap == " " and keys[b - 1] != "and" and parts > 1 and gaps[b - 1] != "-":
                    break
                b += 1
                parts += 1
                continue
            break
        end = b
        while end > a and keys[end - 1] in ("and", "&"):
            end -= 1
        if end - a > 1:
            return self._firm_add(d, a, end, score)
        return False

    @staticmethod
    def _firm_add(d: _Doc, a: int, b: int, score: float) -> bool:
        d.add(a, b, score)
        return True

    def _firms(self, d: _Doc) -> None:
        """Firms without a label: a corporate suffix, ``Smith, Jones and Lee``, ``Gray-Hill``."""
        keys, words_, gaps = d.keys, d.words, d.gaps
        n = d.n
        for s in d.scan(_S_FIRM):
            key = keys[s]
            if s == 0:
                continue
            strong = key in _FIRM_STRONG
            if not strong and not words_[s][0].isupper():
                continue
            if gaps[s] not in (" ", "\n", ", ") and not (key == "sons" and gaps[s] == " "):
                continue
            clinical = key in _CLINICAL_SUFFIXES and (not words_[s][0].isupper() or d.caps_line(s))
            if clinical:
                strong = False  # "RATE INC" increased, "WO CO" cardiac output
            a = s - 1
            if key == "sons":
                if keys[a] != "and" or a == 0:
                    continue
                a -= 1
            f = d.flag(a)
            shape = _shape(words_[a])
            if shape == _OTHER or keys[a] in STOP or (f & WORD and not f & _NAMEISH) or f & CLINICAL:
                continue
            if not f and _word_shaped(keys[a]) or clinical and (f & WORD or len(keys[a]) < 3):
                continue  # "Thermodilution CO", "MAIN CO", "WO CO"
            if not strong and not (
                f & SURNAME and (not f & WORD or keys[a] in _common_surnames()) or f == 0 and shape == _TITLE
            ):
                continue  # "Becker Group", "Smith and Sons", not "Care Group"
            if shape == _LOWER and not strong:
                continue
            while a > 0 and gaps[a] in ("-", ", ", " ") and keys[a - 1] not in STOP:
                g = d.flag(a - 1)
                if gaps[a] == " " and not (g & SURNAME and not g & WORD):
                    break
                if _shape(words_[a - 1]) not in (shape, _TITLE if shape == _UPPER else shape):
                    break
                a -= 1
            d.add(a, s + 1, _FIRM)
        # "Smith, Jones and Lee": surnames in a list that ends with "and"
        for j in d.scan(_S_AND):
            if j < 2 or j + 1 >= n or gaps[j] not in (" ", "\n") or gaps[j + 1] not in (" ", "\n"):
                continue
            c, b, a = j + 1, j - 1, j - 2
            if gaps[b] not in (", ", ",\n") or not all(_nameish_word(d, k, True) for k in (a, b, c)):
                continue
            shapes = {_shape(words_[k]) for k in (a, b, c)}
            if len(shapes) != 1:
                continue
            fl = [d.flag(k) for k in (a, b, c)]
            if not all(f & SURNAME or not f for f in fl) or all(f & _WORD for f in fl):
                continue  # English words, not a state's or country's ("Turner, Vincent and Martin")
            common = _common_surnames()
            surnames = sum(1 for k, f in zip((a, b, c), fl, strict=True) if f in _STRONG or keys[k] in common)
            unknown = sum(1 for f in fl if not f)
            if unknown > 1 or (_UPPER in shapes or _LOWER in shapes) and (unknown or surnames < 2):
                continue  # "excorieated, red and sore", "PRBC, PLT AND FFP", "SATS, ABG AND LUNG"
            d.add(a, c + 1, _FIRM)

    # -- signature lines -------------------------------------------------------------------------

    def _signature_lines(self, d: _Doc) -> None:
        """A line that holds only a name (``preston cushing``, ``- Moradeke``), or the last words of a
        message after its last sentence (``... on 5/2/21. Misty Marshall``), sign it.
        """
        gaps, words_, keys = d.gaps, d.words, d.keys
        n = d.n
        if d.w.complete:
            pool = list(compress(range(n), map(_SIGNABLE.__contains__, d.flags)))
        else:
            pool = [*d.capitals_with(_SIGNABLE), n - 1]
        following = gaps[1:]  # the gap after each word
        for j in compress(pool, map(_LINE_END.__contains__, map(following.__getitem__, pool))):
            f = d.flag(j)
            if not (f & _NAMEISH or not f and _shape(words_[j]) != _OTHER) or keys[j] in STOP:
                continue
            # word j ends a line; find where its line (or its last sentence) starts
            a = j
            while (
                a > 0
                and j - a < 4
                and (
                    gaps[a] == " "
                    and (j - a < 3 or _joins_name(d, a - 1))
                    or gaps[a] == "-"
                    or gaps[a] == ". "
                    and len(words_[a - 1]) == 1
                    and words_[a - 1].isalpha()
                )
            ):
                a -= 1  # "misty k. hansen", "théo da cunha-nelson"
            before = gaps[a]
            if not ("\n" in before or a == 0 or before.rstrip().endswith((".", "-"))):
                continue
            if "\n" not in before and a != 0 and before.rstrip()[-1:] == "-" and before.strip() != "-":
                continue
            span = [k for k in range(a, j + 1) if not _joins_name(d, k)]
            if not span:
                continue
            fl = [d.flag(k) for k in span]
            if any(
                keys[k] in STOP or keys[k] in _NOT_SIGNATURE or g & CLINICAL or _shape(words_[k]) == _OTHER
                for k, g in zip(span, fl, strict=True)
            ):
                continue
            if any(g & WORD and not g & _NAMEISH for g in fl):
                continue  # English words, not a name
            last = j == n - 1 and not gaps[n].strip()  # the very end of the message
            if all(g & WORD for g in fl) and not (
                len(fl) > 1 and fl[0] & FIRST and words_[a][0].isupper() or last and fl[-1] & FIRST
            ):
                continue
            if not (any(g & FIRST for g in fl) or last and (len(fl) > 1 or not fl[0] & WORD)):
                continue  # a name no list calls a first name signs only the end of a message
            if (
                "\n" not in before
                and a != 0
                and not words_[a][0].isupper()
                and not (last or d.lowercase_line(a))
            ):
                continue
            d.add(a, j + 1, _SIGNATURE)

    # -- propagation -----------------------------------------------------------------------------

    def _propagate(self, d: _Doc) -> None:
        """Other occurrences of words of confident names are names too."""
        if not d.spans:
            return
        confident, stops = _confident_keys(d)
        if not confident and not stops:
            return
        w = d.w
        words_ = d.words
        starts = w.starts
        covered = sorted(d.spans)
        for k in self._occurrences(d, confident) + _misread_occurrences(d, confident) + _titled(d, stops):
            s, e = starts[k], w.ends[k]
            if _inside(covered, s, e):
                continue  # most often the confident name itself
            f = d.flag(k)
            if f & (CLINICAL | EPONYM) and d.head_follows(k):
                continue
            word = words_[k]
            if word.islower() and f & (WORD | CLINICAL):
                if f & CLINICAL or not (_relation_frame(d, k) or _said(d, k) or _cued_before(d, k)):
                    continue  # "hope" stays a word; "dr. baker ... baker denies", "pt: king"
            d.spans[(s, e)] = max(d.spans.get((s, e), 0.0), _PROPAGATED)

    @staticmethod
    def _occurrences(d: _Doc, confident: set[str]) -> list[int]:
        """Indices of the words whose key is in ``confident``: every word in an all-lowercase or
        non-ASCII text; else the capitalised and the lowercase ones (:meth:`_propagate` keeps a
        lowercase English word only where a person stands).
        """
        keys = d.keys
        found = list(compress(range(d.n), map(confident.__contains__, keys)))
        if d.w.complete or not d.text.isascii():
            return found
        words_ = d.words
        return [k for k in found if words_[k][0].isupper() or words_[k].islower()]


#: Words that never start a capitalised name without a cue (titles are cues; stop words may be
#: first names only when :meth:`NameRecognizer._nameable` allows it).
_NOT_START = (
    (STOP - {"will", "may", "can", "mark", "bill", "pat", "sue", "joy", "june", "jan"})
    | TITLES
    | ROLE_CUES
    | CREDENTIALS
    | _EMPLOYER_CUES
    | _FIRM_SUFFIXES
    | _set("new north south east west lake port mount mt st saint fort ft san santa los las el hi dear")
)

#: Flags of a capitalised word that may start a name: a name in a list, or a word in none.
_CANDIDATE = frozenset(f for f in range(128) if f & _NAMEISH or not f)
#: Flags of a name that is not an English or clinical word.
_STRONG = frozenset(f for f in range(128) if f & _NAMEISH and not f & (WORD | CLINICAL))
#: Flags of a name that is also an English or clinical word.
_AMBIGUOUS_NAME = frozenset(f for f in range(128) if f & _NAMEISH and f & (WORD | CLINICAL))
#: Flags of a name that is also an English word but no clinical word, eponym or region's word
#: (``Heath``, ``Sunny``): a name alone only in a frame.
_NAME_AND_WORD = frozenset(
    f for f in range(128) if f & _NAMEISH and f & WORD and not f & (CLINICAL | EPONYM | REGION)
)
#: Flags of a first name that is also an English word but no clinical word, eponym or region's word
#: (``Grace``, ``Hope``): a name alone only in a frame.
_FIRST_AND_WORD = frozenset(
    f for f in range(128) if f & FIRST and f & WORD and not f & (CLINICAL | EPONYM | REGION)
)
#: Flags of a first name that is not an English or clinical word (lowercase names without a cue).
_FIRST_ONLY = frozenset(f for f in range(128) if f & FIRST and not f & (WORD | CLINICAL))
#: Flags of a lowercase word that may start a name in a lowercase note: a name that is no word, or
#: a first name that is one (``joy martinez``).
_LOWER_START = _STRONG | frozenset(f for f in range(128) if f & FIRST and not f & CLINICAL)
#: Flags of a word that a list knows as a surname.
_SURNAMED = frozenset(f for f in range(128) if f & SURNAME)
#: Flags of a word that may end a signature line: a name in a list, or a word :meth:`_Doc.flag` may
#: read as in none (a quick filter in C before the exact test).
_SIGNABLE = frozenset(f for f in range(128) if f & _NAMEISH or f in (0, REGION))
#: Gaps that end a line.
_LINE_END = frozenset({"\n", "\n\n", " \n", ".\n", "\n\n\n", ""})


@lru_cache(maxsize=1)
def _common_surnames() -> frozenset[str]:
    """The 5,000 most frequent surnames: a firm named after one (``Young Group``) is a name, although
    the word is also English.
    """
    return frozenset(load_list("surnames")[:5000])


def _name_follows(d: _Doc, a: int, loose: bool) -> bool:
    """True when a name word follows word ``a``: a name that is not also a word (``HOPE KOWALCZYK``),
    ``, First`` (``BISHOP,DONALD``, ``ZACCHIA, FEDERIGO``), an initial (``NIYILOLAWA O.``); with
    ``loose`` (case to read, or after a relative) a word no list knows too (``Joy Zorlu``).
    """
    k = a + 1
    if d.keys[a] in PARTICLES:
        loose = True  # "PATIENT VAN KUIJC, JANNE", "patient van den berg,joy"
    while k + 1 < d.n and d.keys[k] in PARTICLES and d.gaps[k] == " " and d.gaps[k + 1] == " ":
        k += 1  # "SUNNY Ó CIOLLABHÁIN"
    if k >= d.n:
        return False
    if not d.words[k].isascii() and d.words[k][:1].isalpha():
        return True
    gap = d.gaps[k]
    g = d.flag(k)
    if (
        gap == " "
        and _shape(d.words[a]) == _TITLE == _shape(d.words[k])
        and d.keys[a] in _common_first_names()
        and d.keys[k] in _common_surnames()
    ):
        return True  # "my patient Peter Mason"
    if gap in (",", ", ") and len(d.keys[k]) > 1 and not g & CLINICAL:
        return bool(g & FIRST) or not g and not _word_shaped(d.keys[k]) or not d.words[k].isascii()
    if (
        gap == " "
        and _shape(d.words[k]) == _INITIAL
        and d.gaps[k + 1 if k + 1 < d.n else k][:1] in (".", "\n", "")
    ):
        return True
    if _strong_name(d, k):
        return True
    return (
        loose
        and gap == " "
        and not g & (WORD | CLINICAL)
        and d.keys[k] not in STOP
        and len(d.keys[k]) > 2
        and not _word_shaped(d.keys[k])
        and _shape(d.words[k]) == _shape(d.words[a])
    )


def _strong_name(d: _Doc, k: int, gap: str = " ") -> bool:
    """True when word ``k`` follows its word with ``gap`` and is a name that is not also a word."""
    if k >= d.n or d.gaps[k] != gap or len(d.keys[k]) < 2 or d.keys[k] in STOP:
        return False
    f = d.flag(k)
    return bool(f & _NAMEISH) and not f & (WORD | CLINICAL)


@lru_cache(maxsize=1)
def _common_first_names() -> frozenset[str]:
    """The 1,000 most frequent first names: after a relative or a role word they are names, although
    some are also words (``son bill``, ``NP CAROL``).
    """
    return frozenset(load_list("first_names")[:1000])


def _lower_name_end(d: _Doc, j: int) -> int:
    """End of the lowercase name that starts with word ``j``, a name no list calls a word, else ``j``:
    a first name, a middle initial or name, and a surname (``mary a. nguyen``, ``mary theresa
    kondouli``), ``surname, first`` (``nguyen, mary``, ``nguyen,mary``) or ``surname first``
    (``kowalczyk john``); the other part is a name that is no word either.
    """
    n, gaps, keys = d.n, d.gaps, d.keys
    f = d.flags[j]
    k = j + 1
    gap = gaps[k]
    if f not in _STRONG:
        return k + 1 if gap == " " and _lower_surname(d, k) and d.flags[k] & SURNAME else j
    if gap in (",", ", "):
        return k + 1 if f & SURNAME and _lower_first(d, k) else j
    if gap != " ":
        return j
    if len(keys[k]) == 1 and d.words[k].isalpha() and k + 1 < n and gaps[k + 1] == ". ":
        return k + 2 if f & FIRST and _initialled_surname(d, k + 1) else j  # "mary a. nguyen"
    if f & FIRST and _lower_surname(d, k) and (len(keys[k]) > 2 or d.lowercase_line(j)):
        e = k + 1
        if e < n and gaps[e] == " " and not d.flags[e] and d.words[e].islower() and len(keys[e]) > 3:
            e += 0 if _word_shaped(keys[e]) or keys[e] in STOP else 1  # "mary theresa kondouli"
        return e
    return k + 1 if f & SURNAME and _lower_first(d, k) else j  # "kowalczyk john"


def _lower_surname(d: _Doc, k: int) -> bool:
    """True when word ``k`` is a lowercase surname that is no English word, nor a clinical one unless it
    is an eponym with no clinical head word after it (``isabel cushing``; not ``cushing syndrome``).
    """
    g = d.flags[k]
    if not g & _NAMEISH or g & WORD or not d.words[k].islower() or d.keys[k] in STOP:
        return False
    return not g & CLINICAL or bool(g & SURNAME) and not d.head_follows(k)


def _initialled_surname(d: _Doc, k: int) -> bool:
    """True when lowercase word ``k`` after a first name and an initial is a surname: an initial vouches
    for one that is also a word or that no list knows (``mary a. baker``, ``yasmin e. tekiner``).
    """
    g = d.flags[k]
    if not d.words[k].islower() or g & CLINICAL or d.keys[k] in STOP:
        return False
    return bool(g & SURNAME) or _unknown_subject(d, k)


def _lower_first(d: _Doc, k: int) -> bool:
    """True when word ``k`` is a lowercase first name of three letters or more that is no word."""
    return d.flags[k] in _FIRST_ONLY and d.words[k].islower() and len(d.keys[k]) > 2 and d.keys[k] not in STOP


def _usual_first(d: _Doc, k: int) -> bool:
    """True when word ``k``, a first name that is also a word, is among the 2,000 most frequent first
    names (``Will``, ``Grace``): mid-sentence it starts a name; a rare one (``Holy``, ``Left``) does not.
    """
    return _first_name_ranks().get(d.keys[k], 1 << 30) < 2000


#: Frequent first names that notes write as abbreviations or exclamations (``max`` maximum, ``tia``,
#: ``ana``, ``ted hose``, ``sam`` systolic anterior motion).
_NOT_LONE_NAMES = _set("max tia ana ada ted sam pam ira asia ali eva ora jesus cole ida mona abby")
#: Words before a person (``given to mary``, ``lunch with mary``, ``called john``).
_FRAME_BEFORE = _set(
    """with w to for from and by per via visited called call told tell ask asked paged updated update
    informed notified spoke talked met accompanied brought"""
)
#: Words after a person (``mary is the hcp``, ``john and his wife``, ``mary at bedside``).
_FRAME_AFTER = (
    _set(
        """is was and will would has had who came comes left brought took at in here feels thinks
        knows calls visits spoke talked"""
    )
    | _SAYS
    | _DOES
    | _PRESENT
)


def _frame_follows(d: _Doc, a: int) -> bool:
    """True when word ``a`` right after a relative is a first name of the 20,000 most frequent, not a
    role, and a word that follows a person follows it (``DAUGHTER SUNNY AT``, ``son rusty is``; not
    ``DAUGHTER, SISTER AND``, ``OTHER FAMILY``).
    """
    key = d.keys[a]
    if (
        d.gaps[a] != " "
        or key in ROLE_CUES
        or key in TITLES
        or _first_name_ranks().get(key, 1 << 30) >= 20000
    ):
        return False
    return a + 1 < d.n and d.gaps[a + 1] == " " and d.keys[a + 1] in _AFTER_RELATIVE


def _spelled_names(d: _Doc, core: list[int]) -> bool:
    """True when the words ``core``, four letters or more, are spelled like names
    (:func:`~phigate.detection.builtin._caps.name_likeness`): none leans to English and together they
    score :data:`NAME_LIKE` a word (``Olasunmbo Iyanda``, ``Ulutay Alemdar``).
    """
    if not all(len(d.keys[k]) > 3 and d.words[k].isalpha() for k in core):
        return False
    scores = [name_likeness(d.keys[k]) for k in core]
    return min(scores) >= 0 and sum(scores) >= NAME_LIKE * len(scores)


def _told_first(d: _Doc, k: int, f: int) -> bool:
    """True when word ``k`` (flags ``f``) after a word that takes a person (``by``, ``to``, ``paged``)
    is a first name, or a word no list knows spelled like a name (``oluwamuyiwa``, ``dũng``).
    """
    if not k or d.gaps[k] != " " or d.keys[k - 1] not in _TO_PERSON:
        return False
    if d.keys[k] in STOP and not _stop_name(d, k):
        return False  # "called to will, rn" is a name
    if not f:
        return not d.words[k].isascii() or _spelled_name(d.keys[k])
    return bool(f & FIRST) and not f & (CLINICAL | EPONYM)


def _initialled(d: _Doc, k: int) -> bool:
    """True when word ``k`` is a surname that is no word after an initial in its case (``K. PETROV``,
    ``k. petrov``): a name before a credential that is also an abbreviation (``pa``, ``do``).
    """
    if (
        k < 1
        or d.gaps[k] != ". "
        or len(d.keys[k]) < 3
        or not d.flag(k) & SURNAME
        or d.flag(k) not in _STRONG
    ):
        return False
    initial, word = d.words[k - 1], d.words[k]
    return len(initial) == 1 and initial.isalpha() and initial.isupper() == word.isupper()


def _first_and_spelled(d: _Doc, core: list[int], fl: list[int]) -> bool:
    """True when the words ``core`` (flags ``fl``) start with a first name that is no word and every
    word no list knows among them is spelled like a name (``ROSA THERESA ZELENKOVA``; not ``MARY NGT``).
    """
    if not (fl[0] in _STRONG and fl[0] & FIRST):
        return False
    return all(
        f or _spelled_name(d.keys[k]) and _unknown_subject(d, k) for k, f in zip(core, fl, strict=True)
    )


def _spelled_core(d: _Doc, core: list[int], fl: list[int]) -> bool:
    """True when the words ``core`` (flags ``fl``) are names that are no word, or words no list knows
    that together are spelled like names (their name-likeness adds up to twice :data:`NAME_LIKE`).
    """
    if not all(f in _STRONG or not f and _unknown_word(d, k) for k, f in zip(core, fl, strict=True)):
        return False
    unknown = [name_likeness(d.keys[k]) for k, f in zip(core, fl, strict=True) if not f]
    return bool(unknown) and sum(unknown) >= 2 * NAME_LIKE


def _spelled_pair(d: _Doc, a: int) -> bool:
    """True when lowercase words ``a`` and ``a+1`` are a name by their spelling: the first no list
    knows and spelled like a name, the second likewise or a surname that is no word (``omotoun
    ogunwobi``, ``omotoun smith``).
    """
    k = a + 1
    if k >= d.n or d.gaps[k] != " " or not d.words[k].islower() or not name_like(d.keys[a]):
        return False
    if not _unknown_subject(d, a):
        return False
    g = d.flag(k)
    return bool(g in _STRONG and g & SURNAME) or not g and _unknown_subject(d, k) and name_like(d.keys[k])


def _uncased_first(d: _Doc, j: int) -> bool:
    """True when word ``j``, a frequent first name that is also a word, starts a sentence of a
    lowercase note or an all-capitals line before a verb of speech (``iris states``, ``HOPE STATES``):
    no word of that kind starts a sentence that way.
    """
    return (
        _usual_first(d, j)
        and d.sentence_start(j)
        and (d.w.complete or d.caps_line(j))
        and d.keys[j] not in _NEVER_FIRST
    )


#: Words in :data:`_FRAME_AFTER` that follow lists and groups as often as people (``wife and``).
_FRAME_NOT_AFTER = _set("and family in")
#: Words after a first name right after a relative (``daughter veer can be reached``).
_AFTER_RELATIVE = _FRAME_AFTER - _FRAME_NOT_AFTER | _set("can could")


def _lone_name_word(d: _Doc, j: int) -> bool:
    """True when word ``j`` may be a first name alone: three letters or more, no stop word, month,
    eponym or abbreviation, and no clinical head word after it (``Addison disease``).
    """
    key = d.keys[j]
    if len(key) < 3 or key in STOP or key in _NOT_LONE_NAMES or key in _CALENDAR_WORDS or d.flags[j] & EPONYM:
        return False
    return not (j + 1 < d.n and d.keys[j + 1] in HEAD_NOUNS)


def _known_name(d: _Doc, j: int) -> bool:
    """True when word ``j``, a name no list calls a word, is a frequent one (:func:`_frequent_name`) or
    a rarer one of five letters or more spelled like a name (``priya``, ``sokolov``; not ``md``).
    """
    key = d.keys[j]
    return _frequent_name(d, j) or len(key) > 4 and name_like(key) and not d.flags[j] & REGION


def _frequent_name(d: _Doc, j: int) -> bool:
    """True when word ``j`` is among the 5,000 most frequent first names or surnames (``Heath``,
    ``renata``), and no role, title, credential, group or region's word.
    """
    key = d.keys[j]
    if key in ROLE_CUES or key in TITLES or key in CREDENTIALS or key in _GROUPS or d.flags[j] & REGION:
        return False
    return _first_name_ranks().get(key, 1 << 30) < 5000 or key in _common_surnames()


#: Words before a person spoken to, paged or quoted (``paged sokolov``, ``per priya``).
_TOLD_BEFORE = _set("per called call paged page notified informed told tell asked ask updated update")
#: Words before a person named by a first name alone before a credential (``by sunny, rn``).
_TO_PERSON = _TOLD_BEFORE | _set("by to with from")
#: A preposition before a person -> the words before it that make it take one (``seen by``, ``d/w``,
#: ``signed out to``, ``report from``, ``message left for``).
_TOLD_PREPOSITIONS = {
    "by": _BY_VERBS,
    "with": _WITH_VERBS | _set("left reviewed"),
    "w": _WITH_VERBS | _set("d left reviewed"),
    "to": _TO_VERBS | _set("over called given out handoff report"),
    "from": _FROM_NOUNS | _set("report back received"),
    "for": _FOR_NOUNS | {"left"},
}
#: Words after a person who is told, paged or seen, or comes (``sokolov paged``, ``priya notified``).
_TOLD_AFTER = _SAYS | _DOES | _PRESENT - _set("family bedside visit") | _set("seen notified paged informed")
#: Pairs of words after a person who comes or calls (``renata in to visit``, ``kaylee to call``).
_TOLD_AFTER_PAIRS = frozenset(
    tuple(pair.split("_"))
    for pair in _set(
        """in_to came_to to_visit to_call to_see will_call will_visit will_return would_like at_bedside
        here_to"""
    )
)


#: Words of a frame of :func:`_told_frame`: before the person, or after.
_TOLD_AHEAD = _TOLD_BEFORE | frozenset(_TOLD_PREPOSITIONS)
_TOLD_BEHIND = _TOLD_AFTER | {first for first, _ in _TOLD_AFTER_PAIRS}
#: Flags of a word that :func:`_told_frame` may make a name: a name, that is no word or a frequent one
#: that is (:data:`_NAME_AND_WORD`), or a word in no list.
_TOLD_FLAGS = _STRONG | _NAME_AND_WORD | {0}


def _framed_positions(d: _Doc) -> list[int]:
    """Indices of the words next to a word of a frame of :func:`_told_frame` or
    :func:`_relation_frame` (found by the word scan) that may be names there (:data:`_TOLD_FLAGS`):
    the only words the passes that read those frames look at. Built with C-level ``map`` calls, as
    the frames' words are frequent.
    """
    if not d.vocabularies & (_S_RELATION | _S_AHEAD | _S_BEHIND):
        return []
    relations = d.scan(_S_RELATION)
    nearby = {
        *map((1).__add__, d.scan(_S_AHEAD)),
        *map((-1).__add__, d.scan(_S_BEHIND)),
        *map((1).__add__, relations),  # "husband (mary)"
        *map((-1).__add__, relations),  # "mary (daughter)"
        *map((-3).__add__, relations),  # "mary, pt's daughter"
    }
    nearby.difference_update(range(-3, 0))
    nearby.discard(-1)
    nearby.discard(d.n)
    found = sorted(nearby)
    return list(compress(found, map(_TOLD_FLAGS.__contains__, map(d.flags.__getitem__, found))))


def _spelled_name(key: str) -> bool:
    """True when ``key``, a word no list knows, is spelled like a name and has two vowels or more, as
    abbreviations seldom do (``oyelaran``, ``mbeki``; not ``nsurg``, ``tcpk``).
    """
    return sum(map(key.count, "aeiouy")) > 1 and name_like(key)


def _told_frame(d: _Doc, j: int, before: bool = True) -> bool:
    """True when word ``j`` is framed as a person spoken to, paged, quoted or present: words of
    communication before it (``paged sokolov``, ``per priya``, ``signed out to priya``, ``d/w
    stavros``) or after it (``tremblay notified``, ``renata in to visit``, ``kaylee will call``): a
    stronger frame than :func:`_person_frame`, for names that are less frequent. ``before``: read
    the words before it too.
    """
    keys, gaps, n = d.keys, d.gaps, d.n
    if before and j and gaps[j] == " ":
        prev = keys[j - 1]
        if prev in _TOLD_BEFORE or j > 1 and keys[j - 2] in _TOLD_PREPOSITIONS.get(prev, ()):
            return True
    if j + 1 >= n or gaps[j + 1] != " ":
        return False
    nxt = keys[j + 1]
    return nxt in _TOLD_AFTER or j + 2 < n and (nxt, keys[j + 2]) in _TOLD_AFTER_PAIRS


def _grows_first(d: _Doc, k: int, shape: int) -> bool:
    """True when word ``k``, of ``shape``, is a first name that may start the name after it: one of the
    5,000 most frequent, never a stop word, role, title or clinical word.
    """
    key, f = d.keys[k], d.flag(k)
    if _shape(d.words[k]) != shape or len(key) < 3 or key in _UNNAMEABLE or key in TITLES:
        return False
    return bool(f & FIRST) and not f & (CLINICAL | EPONYM) and _first_name_ranks().get(key, 1 << 30) < 5000


def _grows_last(d: _Doc, k: int, shape: int) -> bool:
    """True when word ``k``, of ``shape``, may end the name before it: a name no list calls a word, or a
    word no list knows spelled like a name; never a stop word, role, title or credential.
    """
    key, f = d.keys[k], d.flag(k)
    if (
        _shape(d.words[k]) != shape
        or len(key) < 3
        or key in _UNNAMEABLE
        or key in TITLES
        or key in CREDENTIALS
    ):
        return False
    if d.head_follows(k):
        return False
    return f in _STRONG and not f & (EPONYM | REGION) or not f and name_like(key) and _unknown_subject(d, k)


def _relation_frame(d: _Doc, j: int) -> bool:
    """True when a relation stands next to word ``j``: ``husband (mary)``, ``mary (daughter)``,
    ``neighbor, mary,``, ``(ann, dtr)``, ``mary (hcp)``, ``mary, pt's daughter,``.
    """
    keys, gaps = d.keys, d.gaps
    before = gaps[j]
    after = gaps[j + 1] if j + 1 < d.n else ""
    if (
        j
        and keys[j - 1] in _FAMILY_CUES
        and (before == " (" and after[:1] == ")" or before == ", " and after[:1] == ",")
    ):
        return True
    if after in (", ", ",") and _relation_at(d, j + 1, before.endswith("(")):
        return True  # "(ann, dtr)", "Mary, pt's daughter, called"; not "on Thurs, wife in"
    if j + 3 < d.n and after in ("'", "’") and keys[j + 1] == "s" and gaps[j + 2] == " ":
        return keys[j + 2] in _RELATIONS  # "mary's daughter"
    if j + 3 < d.n and after == " " and keys[j + 1] in ("is", "was") and keys[j + 2] in _WHOSE:
        return _relation_at(d, j + 2)  # "mary is her caregiver"
    end = _relation_end(d, j + 1) if after == " (" else -1
    return end > 0 and gaps[end][:1] == ")"  # "mary (daughter)", "Leo (pt's son)"


#: Words naming a person's relation to the patient, besides relatives (``mary (hcp)``).
_RELATIONS = _FAMILY_CUES | _set("hcp poa proxy nok")
#: Words before a relation that say whose it is (``pt's daughter``, ``his wife``).
_WHOSE = _set("pt pts patient patients his her")


def _relation_at(d: _Doc, k: int, bracketed: bool = True) -> bool:
    """True when word ``k`` starts a relation: ``pt's daughter``, ``his wife``, or, ``bracketed`` or
    before a comma or bracket, ``daughter``, ``hcp``.
    """
    return _relation_end(d, k, bracketed) > k


def _relation_end(d: _Doc, k: int, bracketed: bool = True) -> int:
    """The index after the relation that starts at word ``k`` (:func:`_relation_at`), else -1."""
    if k + 1 < d.n and d.keys[k] == "the":
        k += 1  # "the patient's daughter"
    if k >= d.n:
        return -1
    if d.keys[k] in _WHOSE:
        k += 2 if k + 2 < d.n and d.keys[k + 1] == "s" and d.gaps[k + 1] in ("'", "’") else 1
        bracketed = True
    if k >= d.n or d.keys[k] not in _RELATIONS:
        return -1
    return k + 1 if bracketed or k + 1 >= d.n or d.gaps[k + 1][:1] in (",", ")") else -1


#: Roles written in brackets next to a name (``Tariq (PT)``, ``Ruairi (SW)``, ``Ana Roe (attending)``),
#: and relations; not ``PA`` or ``MD``, which are states too (``Springfield (PA)``).
_BRACKET_ROLES = (
    _RELATIONS
    | _PATIENT_CUES
    | _set(
        """attending resident intern fellow student ms3 ms4 sw ot slp rt rn np cm rd pharm pharmd
        pharmacist chaplain interpreter nurse surgeon crna cna lpn scribe tech therapist coordinator
        hospitalist"""
    )
)
#: Words before a saint's name (``St. Mary's``).
_SAINTS = _set("st saint ste san santa")
#: A patient's things: after a possessive they make its owner a person (``Wolf's wound``), unless the
#: owner is an eponym (``Wilson's labs``).
_CARE_THINGS = _set("wound wounds incision meds medications labs vitals mood sugars appetite weight chart")
#: Words after a possessive that make its owner a person (``Rivers's team``, ``Okafor's wife``).
_OWNED = (
    _RELATIONS
    | _CARE_THINGS
    | _set("team note notes service recs recommendations nurse attending patients pager input partner")
)


def _syllable(d: _Doc, j: int) -> bool:
    """True when word ``j`` is a short lowercase syllable that a hyphen joins to the capitalised given
    name before it (``Ji-woo``, ``Min-jun``, ``Soo-ah``): both are names in the lists, at most one of
    them an English or clinical word; not ``Follow-up``, ``X-ray``, ``Endo-blood`` or a longer chain.
    """
    p = j - 1
    if p < 0 or d.gaps[j] != "-" or not d.words[j].islower() or _shape(d.words[p]) != _TITLE:
        return False
    kp, kj = d.keys[p], d.keys[j]
    if not (1 < len(kp) < 6 and 1 < len(kj) < 6) or d.gaps[p] == "-":
        return False
    if j + 1 < d.n and d.gaps[j + 1] == "-":
        return False
    fp, fj = d.flag(p), d.flag(j)
    common = WORD | CLINICAL
    return bool(fp & _NAMEISH and fj & _NAMEISH) and not (fp & common and fj & common)


#: Clinicians named by their role (``NP Hartmann``, ``fellow Wilson``): after one, a surname that is
#: also an eponym is a name unless a clinical head word follows (``RN Foley catheter``).
_CLINICIAN_CUES = _set(
    """attending resident intern fellow surgeon physician provider clinician nurse rn lpn np cna therapist
    pharmacist chaplain interpreter hospitalist intensivist radiologist pathologist cardiologist
    oncologist neurologist psychiatrist psychologist anesthesiologist midwife"""
)
#: Name-likeness (:func:`~phigate.detection.builtin._caps.name_likeness`) below which a lowercase word
#: no list knows reads as an English word even after a label (``re: hypotension``).
_WORD_LIKE = -5.0


def _clinician_eponym(d: _Doc, a: int, f: int, shape: int) -> bool:
    """True when word ``a`` (flags ``f``), capitalised after a clinician's role, is a surname that is
    also an eponym or a clinical word (``NP Hartmann``), and no clinical head word follows.
    """
    return (
        shape == _TITLE
        and bool(f & SURNAME)
        and d.keys[a - 1] in _CLINICIAN_CUES
        and d.gaps[a] == " "
        and not d.head_follows(a)
    )


def _in_law(d: _Doc, k: int) -> bool:
    """True when words ``k`` and ``k + 1`` are the ``in-law`` of ``son-in-law`` and a word follows."""
    return k + 2 < d.n and d.keys[k] == "in" and d.keys[k + 1] == "law" and d.gaps[k + 1] == "-"


def _given_before(d: _Doc, k: int) -> bool:
    """True when word ``k``, before the particles of a surname, is a capitalised given name: a first
    name or a word no list knows spelled like a name (``Henrike van den Bosch``).
    """
    key, f = d.keys[k], d.flag(k)
    if _shape(d.words[k]) != _TITLE or key in _UNNAMEABLE or key in TITLES or f & CLINICAL:
        return False
    return bool(f & FIRST) or not f and _unknown_name(d, k)


def _bracket_name(d: _Doc, j: int) -> bool:
    """True when word ``j``, next to a role or relation in brackets, is a name: a first name (even a
    word), a name that is no word, a frequent surname or a word no list knows spelled like a name;
    capitalised, unless the whole note is lowercase. Not a service, group, role or clinical word
    (``Physical Therapy (PT)``, ``Nursing (RN)``).
    """
    key, f, shape = d.keys[j], d.flag(j), _shape(d.words[j])
    if len(key) < 2 or not (shape in (_TITLE, _UPPER) or shape == _LOWER and d.w.complete):
        return False
    if key in _UNNAMEABLE or key in TITLES or key in _GROUPS or key in CREDENTIALS or key in _SERVICES:
        return False
    if key in _CALENDAR_WORDS or key in _FIELD_VALUES or f & CLINICAL:
        return False
    if not f:
        return _unknown_name(d, j)
    return bool(f & FIRST) or f in _STRONG or key in _common_surnames()


def _person_frame(d: _Doc, j: int) -> bool:
    """True when the neighbours of word ``j`` frame a person: a word before or after that takes one
    (:data:`_FRAME_BEFORE`, :data:`_FRAME_AFTER`), brackets (``husband (mary)``), a relation in
    brackets after it (``mary (daughter)``), a possessive (``mary's``) or ``wife, mary``.
    """
    keys, gaps, n = d.keys, d.gaps, d.n
    before = gaps[j]
    after = gaps[j + 1] if j + 1 < n else ""
    nxt = keys[j + 1] if j + 1 < n else ""
    if before.endswith("(") and after.startswith(")"):
        return True
    if after in ("'", "’") and nxt == "s" or after == " (" and nxt in _FAMILY_CUES:
        return True
    if j and (
        before == " " and keys[j - 1] in _FRAME_BEFORE or before == ", " and keys[j - 1] in _FAMILY_CUES
    ):
        return True
    return after == " " and nxt in _FRAME_AFTER


def _known_first(d: _Doc, k: int, comma: bool) -> bool:
    """True when word ``k`` is a frequent first name or, after a surname and a comma, one that no list
    calls a word (``BAKER, OLUWASEUN``; ``PERI AREA`` is no name).
    """
    return d.keys[k] in _common_first_names() or comma and d.flag(k) in _STRONG and bool(d.flag(k) & FIRST)


def _person_word(d: _Doc, j: int) -> bool:
    """True when word ``j`` may be a person's name before ``aware`` and the like: a name in the lists
    or a capitalised word no list knows, not a stop, role, title, credential or clinical word.
    """
    key = d.keys[j]
    if len(key) < 3 or key in STOP or key in ROLE_CUES or key in TITLES or key in CREDENTIALS:
        return False  # "Son visited", "Nurse aware"
    if key in _CALENDAR_WORDS or key in _EMPLOYER_CUES or key in _SAYS or key in _GROUPS:
        return False
    f = d.flag(j)
    return not f & (CLINICAL | EPONYM | REGION) and bool(f & _NAMEISH) and _shape(d.words[j]) != _OTHER


def _first_of_pair(d: _Doc, i: int, j: int) -> bool:
    """True when word ``i`` starts a name ending with word ``j``: an initial, or a first name that is
    not a word (``mary``, ``BEA``) in the case of ``j``, and ``j`` is a surname or no word.
    """
    shape = _shape(d.words[i])
    fi, fj = d.flag(i), d.flag(j)
    if len(d.keys[i]) == 1:  # "W. MAROTTA"; not "190's. Team"
        return shape == _INITIAL and d.gaps[j] == ". " and not fj & WORD and d.gaps[i][-1:] not in ("'", "’")
    if shape != _shape(d.words[j]) or d.keys[i] in STOP or d.keys[i] in _ROLE_WORDS:
        return False
    return fi in _STRONG and bool(fi & FIRST) and (fj in _STRONG or not fj)


def _unknown_word(d: _Doc, j: int) -> bool:
    """True when word ``j`` is in no list and not shaped like an English word (``varkoni``)."""
    key = d.keys[j]
    return (
        not d.flag(j) and len(key) > 3 and key not in STOP and not _word_shaped(key) and d.words[j].isalpha()
    )


def _misread_occurrences(d: _Doc, confident: set[str]) -> list[int]:
    """Indices of the capitalised words no list knows that are one letter off a confident name of
    five letters or more (``Tekincr`` for ``Tekiner``): the same name, misread by OCR.
    """
    by_length: dict[int, list[str]] = {}
    for key in confident:
        if len(key) > 4:
            by_length.setdefault(len(key), []).append(key)
    if not by_length:
        return []
    keys = d.keys
    unknown = d.capitals_with(_UNKNOWN_FLAGS)
    return [
        k
        for k in unknown
        if len(keys[k]) in by_length
        and keys[k] not in confident
        and not d.flag(k)
        and any(one_letter_off(keys[k], key) for key in by_length[len(keys[k])])
    ]


#: Verbs only a person is the subject of (``Hargreave was informed``, ``Lindqvist agreed``): not a drug,
#: a device or a place (``Eliquis was added``).
_PERSON_VERBS = _set(
    """informed notified aware agrees agreed agree paged spoke speaks explained discussed reviewed examined
    evaluated saw sees visited declined consented signed cosigned decided asked answered feels felt thinks
    believes wants wanted wishes prefers preferred expressed understands acknowledged told called contacted"""
)
#: Auxiliaries between a person and the verb (``was informed``, ``will be notified``, ``has also agreed``).
_AUXILIARIES = _set("was is has had have will would be been being also who to")
#: Verbs of sending before ``to``, ``with`` or ``by`` a person (``forwarded to Lindqvist``).
_SENDING = _set(
    "forwarded sent routed faxed copied emailed messaged referred reported handed relayed discussed"
)
#: What a person is sent something for (``to Lindqvist for review``).
_ERRANDS = _set("review signature cosign cosignature evaluation approval input clarification sign")
#: Consulting services in charting shorthand (``Will have Ortho evaluate``).
_SERVICES = _set("ortho neuro nsurg csurg surg cards psych pulm onc heme gyn uro derm endo nephro rheum")


def _name_spelled(key: str) -> bool:
    """True when ``key``, a word no list knows, leans to a name's spelling (positive name-likeness)
    and has two vowels or more, as abbreviations seldom do (``lindqvist``; not ``nsurg``).
    """
    return sum(map(key.count, "aeiouy")) > 1 and name_likeness(key) > 0


def _lone_capital(d: _Doc, j: int) -> bool:
    """True when no capitalised word stands right next to word ``j``."""
    before = j > 0 and d.gaps[j] in (" ", "-") and d.words[j - 1][0].isupper()
    after = j + 1 < d.n and d.gaps[j + 1] in (" ", "-") and d.words[j + 1][0].isupper()
    return not (before or after)


def _person_context(d: _Doc, j: int) -> bool:
    """True when word ``j`` stands where only a person does: before a verb only a person is the subject
    of, perhaps after auxiliaries (``Hargreave was informed``, ``Lindqvist has also agreed``), or sent
    something (``forwarded to Lindqvist``, ``to Lindqvist for review``).
    """
    keys, gaps, n = d.keys, d.gaps, d.n
    if j > 1 and keys[j - 1] in ("to", "with", "by") and keys[j - 2] in _SENDING:
        return True
    k = j + 1
    if j and keys[j - 1] == "to" and k + 1 < n and keys[k] == "for" and keys[k + 1] in _ERRANDS:
        return True
    while k < n and keys[k] in _AUXILIARIES and gaps[k] == " " and k - j < 4:
        k += 1
    return k < n and gaps[k] == " " and keys[k] in _PERSON_VERBS


#: Flags of a capitalised word that :meth:`_Doc.flag` may read as in no list: none, or a region's word
#: that is a frequent first name (a quick filter in C before the exact test).
_UNKNOWN_FLAGS = frozenset((0, REGION))


def _subject(d: _Doc, k: int) -> bool:
    """True when a verb of what a person says, does or is told follows word ``k`` (``baker denies``)."""
    return (
        k + 1 < d.n
        and d.gaps[k + 1] == " "
        and bool(_SCAN.get(d.keys[k + 1], 0) & (_S_SAYS | _S_DOES | _S_PRESENT))
    )


#: A patient's state after ``was`` or ``is`` (``Hope was seen``, ``Ana is resting``).
_PERSON_STATES = _set(
    """seen examined evaluated doing feeling resting sleeping awake alert oriented tolerating ambulating
    agreeable pleasant comfortable eating walking afebrile discharged admitted"""
)
#: Words that fill a field in place of a person (``HCP: self``, ``PCP: unknown``).
_FIELD_VALUES = _set(
    """self unknown none same other pending declined refused deceased alive living yes no present absent
    unavailable"""
)


def _field_word(d: _Doc, k: int, f: int) -> bool:
    """True when word ``k`` (flags ``f``) after a field's label fills it with a word, not a name: a
    filler (``none``, ``self``), a group, or an English word that no name follows.
    """
    key = d.keys[k]
    if key in _FIELD_VALUES or key in _GROUPS:
        return True
    if len(key) < 2:
        return False  # an initial: "radiologist: c.roe"
    return bool(f & WORD) and not f & (_NAMEISH | CLINICAL) and not _name_follows(d, k, True)


def _field_name(d: _Doc, k: int) -> bool:
    """True when word ``k``, alone in a labelled field (``HCP: will``, ``MOTHER: SUNNY``, ``cc:
    baker``), is a first name or a frequent surname, even a word: the field ends after it.
    """
    f, key = d.flag(k), d.keys[k]
    if f & CLINICAL or key in ROLE_CUES or key in TITLES or key in _CALENDAR_WORDS or key in _FIELD_VALUES:
        return False
    if "-" in d.gaps[k]:
        return False  # "review with pt - will, poa": a dash is no field's label
    if not _common_name(key, f):
        return False
    return k + 1 >= d.n or bool(_GAP_ENDS(d.gaps[k + 1]))


def _joined_first(d: _Doc, k: int) -> bool:
    """True when word ``k``, joined by ``and`` to a name, is a first name, even a word, or a word no
    list knows spelled like a name; no stop word that is never a name, role or clinical word.
    """
    f, key = d.flag(k), d.keys[k]
    if key in _NOT_STOP_NAMES or key in ROLE_CUES or key in _GROUPS or f & (CLINICAL | EPONYM):
        return False
    return bool(f & FIRST) if f else _unknown_name(d, k)


def _related_name(d: _Doc, k: int) -> bool:
    """True when word ``k`` may be a name beside a relation: a first name or a frequent surname,
    even a word or an eponym, or a word no list knows spelled like a name; no stop, role, title,
    group, month or clinical word.
    """
    key, f = d.keys[k], d.flag(k)
    if len(key) < 2 or _shape(d.words[k]) == _OTHER or f & CLINICAL or key in _FIELD_VALUES:
        return False
    if key in ROLE_CUES or key in TITLES or key in _GROUPS or key in _CALENDAR_WORDS or key in CREDENTIALS:
        return False
    if key in STOP:
        return _stop_name(d, k)
    if not f:
        return _unknown_name(d, k)
    return _common_name(key, f)


def _common_name(key: str, f: int) -> bool:
    """True when ``key`` (flags ``f``) is among the 20,000 most frequent first names or the 5,000 most
    frequent surnames, even if it is also a word (``will``, ``baker``).
    """
    return bool(f & FIRST) and _first_name_ranks().get(key, 1 << 30) < 20000 or key in _common_surnames()


#: Words after a person that follow a word that is also a name only when it names one (``joy has``).
_HAS_PERSON = _set("is was has had who came comes brought took feels thinks knows calls visits spoke talked")


def _said(d: _Doc, k: int) -> bool:
    """True when word ``k`` is the subject of a verb of what a person says, does or is told, not a
    group's (``baker denies``, ``june aware``; not ``good family support``).
    """
    if k + 1 < d.n and d.gaps[k + 1] == " " and d.keys[k + 1] in _HAS_PERSON:
        return not (k and d.keys[k - 1] in _DETERMINERS)  # "joy has a history"; not "the mark is"
    return _subject(d, k) and d.keys[k + 1] not in _GROUPS


def _name_before(d: _Doc, j: int) -> int:
    """Start of the first names and initials right before word ``j`` in its case (``faith`` of
    ``faith baker``, ``ann j.`` of ``ann j. roe``), ``j`` when there are none.
    """
    a = j
    shape = _shape(d.words[j])
    while a > 0 and j - a < 3:
        p, gap = a - 1, d.gaps[a]
        if len(d.keys[p]) == 1 and d.keys[p].isalpha() and gap in (". ", " "):
            a = p  # an initial
        elif gap in (" ", "-") and _shape(d.words[p]) == shape and (_name_word(d, p) or _unknown_name(d, p)):
            a = p  # "faith baker", "ann roe-lee", "ajani olujimi", "scott j. davis"
        else:
            break
    while a < j and not (d.flag(a) & FIRST and _name_word(d, a) or _unknown_name(d, a)):
        a += 1  # a name starts with a first name, not an initial or a surname alone
    return a


def _name_word(d: _Doc, k: int) -> bool:
    """True when word ``k``, before a surname, may be part of the name: a name in the lists, even an
    eponym (``Scott``, ``Bennett``), and no stop, role, title, credential or clinical word.
    """
    key = d.keys[k]
    if (
        len(key) < 2
        or key in STOP
        or key in ROLE_CUES
        or key in TITLES
        or key in CREDENTIALS
        or key in _GROUPS
    ):
        return False
    f = d.flag(k)
    return bool(f & _NAMEISH) and not f & (CLINICAL | REGION) and key not in _CALENDAR_WORDS


def _unknown_name(d: _Doc, k: int) -> bool:
    """True when word ``k`` is in no list and spelled like a name (``olujimi``)."""
    return not d.flag(k) and len(d.keys[k]) > 2 and name_like(d.keys[k]) and _unknown_subject(d, k)


#: Words between ``is a`` and an age (``is a pleasant 72 yo``).
_AGE_ADJECTIVES = _set(
    "very pleasant delightful healthy frail elderly obese thin retired married single lovely nice"
)
#: Units of an age (``72 yo``, ``72-year-old``, ``3 mo``, ``80yof``).
_AGE_UNITS = _set("yo yof yom y year years yr yrs month months mo week weeks")
_AGE = re.compile(r"\d{1,3}(?:yo|yof|yom|y|yr|yrs)?").fullmatch


def _age_at(d: _Doc, k: int) -> bool:
    """True when word ``k`` is an age: a number with its unit (``72 yo``, ``80yo``, ``64-year-old``)."""
    m = _AGE(d.keys[k])
    if m is None:
        return False
    if not d.keys[k].isdigit():
        return True
    return k + 1 < d.n and d.gaps[k + 1] in (" ", "-", " - ") and d.keys[k + 1] in _AGE_UNITS


#: Verbs whose object is a person, before a name found again (``reminded hope to``, ``called grace``).
_TAKES_PERSON = _OBJECT_VERBS | _set(
    "reminded encouraged gave instructed educated taught assisted helped thanked reassured updated visited"
)


def _cued_before(d: _Doc, k: int) -> bool:
    """True when a title, a relative or a role's label stands right before word ``k`` (``dr
    baker``, ``wife grace``, ``pt: king``).
    """
    if not k:
        return False
    cue, gap = d.keys[k - 1], d.gaps[k]
    if gap in (" ", ". ") and (cue in TITLES and cue not in _AMBIGUOUS_TITLES or cue in _FAMILY_CUES):
        return True
    if gap == " " and cue in ("with", "w") and k > 1 and d.keys[k - 2] in _WITH_VERBS:
        return True  # "discussed with grace"
    return cue in ROLE_CUES and gap.rstrip(" ") == ":" or gap == " " and cue in _TAKES_PERSON


def _titled(d: _Doc, stops: set[str]) -> list[int]:
    """Indices of the title-case words mid-sentence whose key is in ``stops`` (``later Will said``)."""
    if not stops:
        return []
    keys, words_ = d.keys, d.words
    return [
        k
        for k in d.w.capitals
        if keys[k] in stops and _shape(words_[k]) == _TITLE and not d.sentence_start(k) and not d.heading(k)
    ]


def _unknown_subject(d: _Doc, j: int) -> bool:
    """True when capitalised word ``j``, in no list, reads as a name before a verb: letters only,
    four or more, not English-shaped and not a listed word with one letter wrong (``Paticnt``), unless
    it has letters no English word has (``Jürk``).
    """
    key = d.keys[j]
    return _unknown_word(d, j) and (not d.words[j].isascii() or not misread_word(key))


def _joins_name(d: _Doc, k: int) -> bool:
    """True when word ``k`` is an initial (``k.``) or a lowercase particle (``da``, ``ó``) inside a name."""
    word = d.words[k]
    after = d.gaps[k + 1] if k + 1 < d.n else ""
    if len(word) == 1 and word.isalpha() and after[:1] == ".":
        return True
    return d.keys[k] in PARTICLES and word.islower() and after in (" ", "-")


def _lower_first_name(d: _Doc, j: int) -> bool:
    """True when lowercase word ``j`` is a first name that a surname no list calls a word follows
    (``will williams``, ``will portka``): a stop word read as a first name in a lowercase note.
    """
    if d.keys[j] in _NEVER_FIRST or d.keys[j] in _SAYS or not d.flag(j) & FIRST:
        return False  # "my daughter said josh": a verb, not "will williams"
    if j + 1 >= d.n or d.gaps[j + 1] != " ":
        return False
    g = d.flag(j + 1)
    return not g & (WORD | CLINICAL) and d.words[j + 1].islower() and len(d.keys[j + 1]) > 2


#: Words after a person that never follow the stop word that is also a name when it is a word: not a
#: verb's base form (``daughter will at bedside``, ``dr ward is``; not ``son will visit``).
_AFTER_STOP_NAME = (
    _set("at can could had has is was from for brought presented recommended recommends")
    | _SAYS
    | _DOES
    | _PRESENT - _set("visit family bedside")
)
#: Words after the second of two names joined by ``and`` (``Ann and Will visited``).
_AFTER_COORDINATED = _AFTER_STOP_NAME | {"visited"}


#: Stop words among the frequent first names that notes use only as words (``to my``, ``to ed``).
_NOT_STOP_NAMES = _NEVER_FIRST | _MID_STOPS | _SAYS | _set("my ed")


def _stop_name(d: _Doc, j: int) -> bool:
    """True when lowercase stop word ``j`` after a cue is a name (``rn will``, ``dr. may)``, ``hi dr
    ward,``, ``daughter will at bedside``): a name in the lists that ends the phrase or that a word
    follows that no verb's auxiliary takes (``dr will see``, ``son may come`` stay words).
    """
    key = d.keys[j]
    if key in _NOT_STOP_NAMES or key in _ROLE_WORDS or _first_name_ranks().get(key, 1 << 30) >= 10000:
        return False  # "went to lab", "son has phoned", "taken to ed."
    if j and d.keys[j - 1] in _PATIENT_CUES:
        return False  # "review with pt - will, poa": the patient's will, a document
    if j + 1 >= d.n:
        return True
    after = d.gaps[j + 1]
    return bool(_GAP_ENDS(after)) or after == " " and d.keys[j + 1] in _AFTER_STOP_NAME


def _nameish_word(d: _Doc, k: int, listed: bool = False) -> bool:
    """True when word ``k`` may be a surname; ``listed``: in a list of surnames, where a capitalised
    stop word that is also a surname counts too (``Wright, Ward and Diaz``).
    """
    f = d.flag(k)
    if not (f & SURNAME or not f) or f & CLINICAL or len(d.keys[k]) < 2:
        return False
    return d.keys[k] not in STOP or listed and bool(f & SURNAME) and d.words[k][0].isupper()


#: First names among the 1,000 most frequent that are everyday English words: alone in a message
#: they are names only after a strong cue (``hi will,``, ``thanks, grace``), never after a weak one.
_EVERYDAY_NAMES = _set(
    """will may mark frank jack grace rose amber ruby robin crystal angel earl dawn mason hazel hunter
    chad april ray holly june jay dean don chase bill pearl destiny sue lily daisy violet joy faith gene
    grant autumn brandy lance penny melody bob guy hope jade misty cooper drew iris sandy miles summer
    jan opal wade pat genesis roman earnest olive ivy art rich sunny sky storm bud rusty dusty"""
)
_RELATIVES = (
    r"mom|mum|mother|dad|father|daughter|son|husband|wife|sister|brother|aunt|uncle|niece|nephew|"
    r"grandma|grandpa|grandmother|grandfather|grandson|granddaughter|partner|friend|cousin|caregiver"
)
_N = r"(?P<n>[^\W\d_][^\W\d_'’-]+)"
_S = r"[ \t]"
#: What may end a lone name: punctuation, a line break or the end of the text.
_END = r"(?=[ \t]*(?:[,!\n]|\.(?:\s|\Z)|\Z))"
_OBJECTS = r"meds|medications?|pills|sugar|appointment|appt|doctor|nurse|insulin|inhaler|bp|blood"
_ASKS = r"can|could|would|please|pls|plz|when|did|do|is"
_SELF = rf"my{_S}+name{_S}+is|this{_S}+is|it['’]?s|i['’]?m|i{_S}+am"
_SIGNOFF = (
    rf"thanks|thank{_S}+you|thx|ty|love|best(?:{_S}+(?:regards|wishes))?|(?:kind{_S}+|warm{_S}+)?regards"
    r"|sincerely|respectfully|cheers"
)


#: Where a message form matches, relative to a place its cue marks (see :func:`_message_matches`):
#: starting there, starting at the start of its line, anywhere in its line, or starting at the line
#: break before the line before it.
_AT_CUE, _AT_LINE_START, _IN_LINE, _LINE_BEFORE = range(4)


class _MessageForm(NamedTuple):
    """A form of lone names in messages, and where it can match (see :func:`_message_matches`).

    Its cue marks every place a match can be, relative to which ``anchor`` says where the match is: a
    word of the text in ``cue_words`` (at its start), or a hit of one of ``cues``, case-sensitive
    patterns on the lowercased text that start with a literal, so that ``re`` skips to them quickly.
    """

    strength: int
    form: re.Pattern[str]
    anchor: int
    cue_words: frozenset[str] = frozenset()
    cues: tuple[re.Pattern[str], ...] = ()
    #: The form may also match at the text's start, which its cues (a line break first) do not mark.
    at_start: bool = False


#: Lone names in portal messages, texts and informal notes. Strength 2: a cue after which a first name
#: that is also a word is a name (``hi will,``); 1: one that needs a first name no list calls a word, or
#: a frequent one (``its maria``, ``@maria``, ``josh (son)``). A case-insensitive form that starts with
#: a word is tried by ``re`` at every position, so each form is tried only where its cue is.
_MESSAGE_FORMS = (
    _MessageForm(
        2,
        re.compile(rf"(?i)\b(?:hi|hey|hello|dear|morning){_S}+{_N}{_END}"),
        _AT_CUE,
        cue_words=_set("hi hey hello dear morning"),
    ),
    _MessageForm(
        2,
        re.compile(
            rf"(?im)^{_S}*(?:{_SIGNOFF}){_S}*,?{_S}*(?:so{_S}+much{_S}*)?[-,!.]?{_S}*\n?{_S}*-?{_S}*{_N}"
            rf"{_S}*[.!]?{_S}*$"
        ),
        _AT_LINE_START,
        cues=(
            re.compile(r"\n[ \t]*(?:thank|thx|ty|love|best|kind|warm|regards|sincerely|respectfully|cheers)"),
        ),
        at_start=True,
    ),
    _MessageForm(
        2,
        re.compile(
            rf"(?i)\b(?:{_SELF}){_S}+{_N}(?={_S}*(?:[,!\n]|\.(?:\s|\Z)|\Z|{_S}+(?:from|here|again)\b"
            rf"|['’]s{_S}+(?:{_RELATIVES})\b))"
        ),
        _AT_CUE,
        cue_words=_set("my this it its i im"),
    ),
    _MessageForm(
        2,
        re.compile(rf"(?im)^{_S}*{_N}{_S}+here\b(?={_S}*[,.!\n-]|\Z)"),
        _AT_LINE_START,
        cue_words=_set("here"),
    ),
    _MessageForm(
        1,
        re.compile(rf"(?i)\b{_N}['’]s{_S}+(?:{_RELATIVES}|{_OBJECTS})\b"),
        _IN_LINE,
        cues=tuple(re.compile(rf"{mark}s{_S}+(?:{_RELATIVES}|{_OBJECTS})") for mark in "'’"),
    ),
    _MessageForm(
        1,
        re.compile(rf"(?i)\b{_N}{_S}*\((?:{_RELATIVES})\)"),
        _IN_LINE,
        cues=(re.compile(rf"\((?:{_RELATIVES})\)"),),
    ),
    _MessageForm(1, re.compile(rf"(?<![\w.@])@{_N}"), _AT_CUE, cues=(re.compile("@"),)),
    _MessageForm(
        1,
        re.compile(rf"(?i)\b(?:ask|asked|tell|told|call){_S}+{_N}(?={_S}*(?:[,.!?\n]|\Z))"),
        _AT_CUE,
        cue_words=_set("ask asked tell told call"),
    ),
    _MessageForm(1, re.compile(rf"(?i)\bper{_S}+{_N}\b"), _AT_CUE, cue_words=_set("per")),
    _MessageForm(
        1,
        re.compile(rf"(?i)\b{_N}{_S}+(?:said|says|told{_S}+me|asked|wants)\b"),
        _IN_LINE,
        cue_words=_set("said says told asked wants"),
    ),
    _MessageForm(
        1,
        re.compile(rf"(?im)^{_S}*{_N}{_S}*[-,]{_S}+(?:{_ASKS})\b"),
        _AT_LINE_START,
        cues=tuple(re.compile(rf"{mark}{_S}+(?:{_ASKS})") for mark in "-,"),
    ),
    # a sign-off line of a dash and one word, not in a list of dashes, before the end of the message,
    # a blank line or a labelled line (``-bill``, ``— Annemijn``, ``- grace\nreply: ...``)
    _MessageForm(
        2,
        re.compile(
            rf"(?:\A|\n(?!{_S}*[-–—*•])[^\n]*\n){_S}*[-–—]{{1,2}}{_S}*{_N}{_S}*"
            rf"(?=\s*\Z|\n{_S}*\n|\n[^\n:]{{1,30}}:)"
        ),
        _LINE_BEFORE,
        cues=(re.compile(r"\n[ \t]*[-–—]"),),
        at_start=True,
    ),
)
#: Cue word -> the indices of the message forms it cues.
_FORMS_OF_CUE_WORD: dict[str, tuple[int, ...]] = {
    word: tuple(i for i, spec in enumerate(_MESSAGE_FORMS) if word in spec.cue_words)
    for word in frozenset().union(*(spec.cue_words for spec in _MESSAGE_FORMS))
}
_MESSAGE_CUE_WORDS = frozenset(_FORMS_OF_CUE_WORD)
#: The ``cues`` of all forms: most texts hold none.
_ALL_CUES = tuple(cue for spec in _MESSAGE_FORMS for cue in spec.cues)
#: The forms that may match at the text's start with no cue.
_AT_START_FORMS = tuple((i, spec.form) for i, spec in enumerate(_MESSAGE_FORMS) if spec.at_start)
#: Word -> its vocabularies, as bits (built here, once the message cue words are known).
_SCAN = _scan_table()
#: The letters outside ASCII that a case-insensitive pattern matches to an ASCII letter (``İ`` and the
#: dotless ``ı`` to ``i``, the long ``ſ`` to ``s``, the Kelvin sign to ``k``), and that letter.
_CASE_TRAPS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def _cue_starts(cues: tuple[re.Pattern[str], ...], text: str) -> list[int]:
    """Where ``cues`` hit ``text``, in order: a ``search`` first, as most texts hold no hit."""
    starts: list[int] = []
    for cue in cues:
        first = cue.search(text)
        if first is not None:
            starts.extend(m.start() for m in cue.finditer(text, first.start()))
    return sorted(starts) if len(cues) > 1 else starts


def _cued_lines(text: str, cues: tuple[re.Pattern[str], ...]) -> list[int]:
    """Where the lines that hold a hit of one of ``cues`` start, in order (no cue spans lines)."""
    return sorted({text.rfind("\n", 0, pos) + 1 for pos in _cue_starts(cues, text)})


def _message_matches(d: _Doc) -> dict[int, list[re.Match[str]]]:
    """Each message form's matches in ``d``'s text, exactly as ``finditer`` finds them, tried only where
    its cue is. A case-insensitive form matches an ASCII letter only to that letter in either case or
    to one of :data:`_CASE_TRAPS`, so the cue words of a match are words of the text (whose keys fold
    every trap but ``ı``) and its cues are in the lowercased view once the traps are read as ASCII.
    Most texts have no cue of most forms, so a form costs little there.
    """
    text = d.text
    lower = ascii_lower(text)
    trapped = not text.isascii() and any(chr(c) in text for c in _CASE_TRAPS)
    if trapped:
        lower = lower.translate(_CASE_TRAPS)
    found: dict[int, list[re.Match[str]]] = {}
    if not (trapped or d.message_words or any(cue.search(lower) for cue in _ALL_CUES)):
        for i, form in _AT_START_FORMS:  # no cue anywhere: only a match at the start
            m = form.match(text)
            found[i] = [] if m is None else [m]
        return found
    by_word = _cue_word_starts(d, trapped)
    for i, spec in enumerate(_MESSAGE_FORMS):
        positions = by_word.get(i, []) if spec.cue_words else _cue_starts(spec.cues, lower)
        if positions or spec.at_start:
            found[i] = _form_matches(spec, text, positions)
    return found


def _cue_word_starts(d: _Doc, trapped: bool) -> dict[int, list[int]]:
    """Message form index -> where its cue words start in ``d``, in order; in a text with one of
    :data:`_CASE_TRAPS`, every word is read with the traps as ASCII (``hı`` is ``hi``).
    """
    by_form: dict[int, list[int]] = {}
    keys, starts = d.keys, d.w.starts
    cues = d.message_words
    if trapped:
        keys = [key.translate(_CASE_TRAPS) for key in keys]
        cues = [j for j, key in enumerate(keys) if key in _FORMS_OF_CUE_WORD]
    for j in cues:
        for i in _FORMS_OF_CUE_WORD[keys[j]]:
            by_form.setdefault(i, []).append(starts[j])
    return by_form


def _form_matches(spec: _MessageForm, text: str, positions: list[int]) -> list[re.Match[str]]:
    """``spec.form``'s matches in ``text``, as ``finditer`` finds them, given where its cue is.

    An ``_IN_LINE`` form is searched in the lines where its cue is (its patterns see a line end as
    ``re`` sees the text's end: they end on a word boundary or a literal). Any other form is matched
    at each start its cues give, in order, past the end of the last match: ``finditer`` finds the
    first match from there, and every match starts at one of them.
    """
    found: list[re.Match[str]] = []
    form = spec.form
    if spec.anchor == _IN_LINE:
        line_end = -1
        for pos in positions:
            if pos < line_end:
                continue  # a second cue in a line already searched
            line_end = text.find("\n", pos)
            line_end = len(text) if line_end < 0 else line_end
            found.extend(form.finditer(text, text.rfind("\n", 0, pos) + 1, line_end))
        return found
    end = tried = -1
    for start in _match_starts(spec, text, positions):
        if start >= end and start != tried:
            tried = start
            m = form.match(text, start)
            if m is not None:
                end = m.end()
                found.append(m)
    return found


def _match_starts(spec: _MessageForm, text: str, positions: list[int]) -> list[int]:
    """Where ``spec``'s matches may start, in order (repeats possible), from its cues' ``positions``."""
    first = [0] if spec.at_start else []
    if spec.anchor == _AT_CUE:
        return first + positions
    if spec.anchor == _AT_LINE_START:  # a cue may start with its line's line break
        return [*first, *(text.rfind("\n", 0, pos + 1) + 1 for pos in positions)]
    return [*first, *(start for start in (text.rfind("\n", 0, pos) for pos in positions) if start >= 0)]


@lru_cache(maxsize=1)
def _region_names() -> frozenset[str]:
    """Frequent first names that are a word of a longer state or country name but not one alone
    (``Mariana``, ``Salvador``, ``Lucia``, ``Leone``): alone they name people, not places.
    """
    whole = {c for c in load_list("countries") if " " not in c}
    whole.update(s.lower() for s in us_states().values() if " " not in s)
    get = lexicon().get
    return frozenset(
        key
        for key, rank in _first_name_ranks().items()
        if rank < 5000 and get(key, 0) & REGION and not get(key, 0) & _WORD and key not in whole
    )


@lru_cache(maxsize=1)
def _first_name_ranks() -> dict[str, int]:
    """Frequency rank of each first name (0 the most frequent)."""
    ranks: dict[str, int] = {}
    for i, name in enumerate(load_list("first_names")):
        ranks.setdefault(name, i)
    return ranks


def _lone_first_name(d: _Doc, k: int, strength: int) -> bool:
    """True when word ``k`` alone is a first name after a message cue of ``strength``: a first name
    that no list calls a word, or one of the 1,000 most frequent; an everyday word (``will``,
    ``hope``) only after a strong cue; never a stop word, role, title, month or clinical word.
    """
    key, f = d.keys[k], d.flag(k)
    if not f and _shape(d.words[k]) == _TITLE and len(key) > 3 and not _word_shaped(key):
        return key not in STOP  # "per Moyosore": a capitalised word no list knows
    if not f and _shape(d.words[k]) == _LOWER:
        # "this is annemijn.", "per vitória": a lowercase word no list knows, spelled like a name, where
        # the form or the punctuation after it ends the name
        after = d.gaps[k + 1] if k + 1 < d.n else ""
        ended = strength == 2 or not d.words[k].isascii() or _ENDS_NAME(after) is not None
        return ended and _unknown_subject(d, k) and name_like(key)
    region = f & REGION and strength == 2  # "best regards - virginia"
    if (
        len(key) < 2
        or not f & FIRST
        or f & (CLINICAL | EPONYM)
        or f & REGION
        and not region
        or key in _CALENDAR_WORDS
    ):
        return key in _MONTH_NAMES and strength == 2 and key in _common_first_names()
    if key in ROLE_CUES or key in TITLES or key in CREDENTIALS or key in _SAYS or key in _NEVER_FIRST:
        return False
    rank = _first_name_ranks().get(key, 1 << 30)
    if strength == 2 and (f & WORD or key in STOP):
        return rank < 5000  # "it's sunny from 3b", "thanks, will"
    if key in STOP:
        return False
    if f & WORD or key in _EVERYDAY_NAMES:
        return rank < 1000  # "hope's meds", "grace (daughter)"
    return rank < 20000 or strength == 2 or not d.words[k].isascii()  # "per vitória"


def _confident_keys(d: _Doc) -> tuple[set[str], set[str]]:
    """The keys of the words of confident names, to propagate, and the stop words among them that are
    first names (``Will``, ``May``), to propagate only in title case.
    """
    keys, words_, starts = d.keys, d.words, d.w.starts
    confident: set[str] = set()
    stops: set[str] = set()
    for (start, end), score in d.spans.items():
        if score < _LONE_START:
            continue
        a = bisect_right(starts, start) - 1
        for k in range(max(a, 0), d.n):
            if starts[k] >= end:
                break
            key = keys[k]
            if key in PARTICLES and not words_[k].istitle():
                continue  # "de la Cruz": not "de"; but "Mai, Vân" gives "Vân"
            if score < _CONFIDENT and d.flag(k) not in _STRONG:
                continue  # a lone name propagates only when no list calls it a word ("Suzette")
            if len(key) > 2 and key not in TITLES and key not in CREDENTIALS:
                if key not in STOP and key not in _FIRM_SUFFIXES:
                    confident.add(key)
                elif key in STOP and score >= _CONFIDENT and d.flag(k) & FIRST and not words_[k].islower():
                    stops.add(key)
    return confident, stops


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when ``start:end`` lies inside one of the sorted ``spans``."""
    i = bisect_right(spans, (start, 1 << 62)) - 1
    while i >= 0:
        s, e = spans[i]
        if e >= end and s <= start:
            return True
        if e < start - 200:
            break
        i -= 1
    return False


def register(registry: Registry[Recognizer]) -> None:
    """Plugin hook: add the name recognizer."""
    registry.register(NameRecognizer.id, NameRecognizer)
