"""Ages over 89 (45 CFR 164.514(b)(2)(i)(C)); younger ages are not identifiers.

Every number 90-125 that stands alone in the text (the digit dispatcher's ``ages`` bucket, with
DICOM's zero-padded ``090``-``099``) and every number word from ``ninety`` up is a candidate; its
surroundings decide:

- a unit after it: ``92 y/o``, ``92 yo``, ``92yo``, ``92 y.o.``, ``92-yo``, ``92 yr old``,
  ``92 yrs old``, ``92-year-old``, ``92 year old``, ``92 years of age``, ``101-yr-old``, ``92 y``,
  ``(92 y)``, ``92 years``, ``92 yoa``, ``92 años`` (``ans``, ``anni``, ``Jahre``, ``jaar``), DICOM's
  ``093Y``, with a sex glued on (``92 YOF``, ``92yF``, ``92 y/o/M``), after the age restated
  (``93 (ninety-three) years old``, ``(93) ninety-three years old``) and OCR variants (``92 y/0``,
  ``92 yr5``, ``92 years 0ld``); an ordinal and ``birthday`` (``92nd birthday``, ``in her 101st
  year``);
- an age label before it: ``age 92``, ``aged 92``, ``aged ~93``, ``Age: 92``, ``AGE...... 92``,
  ``Pt age: 95``, ``at the age of 93``, ``Age (yrs): 95``, ``Age in years: 95``, ``Age today: 93``,
  ``Age/Sex: 92/F``, ``Age/DOB: 93 / 01/02/1931``, ``Sex/Age: F/92``, ``Age currently 93``,
  ``Edad: 93``, ``Alter: 93``, ``Idade: 93``, ``Leeftijd: 93``, ``Age:`` on the line above, record
  keys and markup (``"age": 92``, ``PatientAge=093Y``, ``pt_age: 93``, ``<td>Age</td><td>93``,
  FHIR's ``"valueAge": {"value": 93``, HL7's ``^Age^LN||93``), or an ``Age`` column header above it
  in a table (bars, tabs, CSV, aligned blanks); then the next items of a list (``ages 91, 93 and
  95``);
- a sex after it (``92 F``, ``92M``, ``92/F``, ``92 WF``, ``Lee; 92; F``, ``LEE^ANN|92|F``) or
  before it (``F/92``): a temperature or a room reads the same (``Tmax 101 F``, ``Room 93 F``), so
  this counts fully only after a cue (``Pt is a 92 F with``, ``HPI: 92M``) and weakly with a capital
  letter;
- a person and a verb before it: ``she is 92``, ``Mr. Hale was 95``, ``ANN IS 93``, ``you are 93``,
  ``she would have been 95``, ``turned 92``, ``will be 101``, ``she is approaching 100``, ``is pushing
  100``, ``going on 93``, ``im 93``; never a reading on a pressor or oxygen (``she is now 100 on
  levo``, ``93 on RA``);
- ``at`` (or ``by``, ``until``, ``since``, ``now``) before it in a clause about a person, how they
  live or an event of their life: ``At 93 she still lives alone``, ``she, now at 91, drives``,
  ``remarkably active at 95``, ``lives independently at 92``, ``By 93 she had stopped driving``,
  ``Now 93, he``, ``First hip fracture at 94``, ``had a stroke at 91``; never a reading, rate or
  setting (``she was at 90`` after ``SBP``, ``NS at 100``, ``in afib at 110``, ``HOB at 90``,
  ``stroke volume at 95``), a range (``at 90 to 105``) or a house number (``seen at 92 Main St``,
  ``at 92nd St``); person words are read through OCR's ``c`` for ``e`` (``shc``);
- a person described before it: ``she is a spry 93``, ``an active 95 who``;
- a patient's history after it: ``98 s/p hip fracture`` opening a line, ``a 93 w/ CHF``;
- a name before it, set off by punctuation: ``Mary Smith, 92, presented``, ``John Smith (92)``, and
  a known full name before a number that ends the line or opens a history (``ANN LEE, 93``, ``Ann
  Lee - 93``, ``Ann Lee, 93 presents``); a single word must be able to be a name (not ``Result (93)``);
- rough ages: the decade of a person (``in her 90s``, ``his late nineties``, ``in her tenth
  decade``), ``a 90-something woman``, ``ninety-odd years old``, and the words ``nonagenarian``,
  ``centenarian``, ``supercentenarian``. Safe Harbor lets ages over 89 be kept only as the single
  category "90 or older"; a decade narrows that, so it is removed like an exact age.

Number words (``ninety-two``, ``ninety two``, ``one hundred and one``, ``one-hundred-year-old``,
``ninety-second birthday``, ``one hundred and first birthday``) need a unit, a label, a person and
verb, or a person and ``at``. The span is the number or number word (``92`` in ``92 y/o``), or the
whole token when a unit is glued to the number (``92yo``, ``92F``, ``92nd``). Never ages: vitals,
lab values and doses (``HR 92``, ``92 beats``, ``BP 95/60``, ``SpO2 95%``, ``90 mg``), durations
(``92 days``, ``for 95 minutes``), decades of vitals (``SBP in the 90s``), zero-padded numbers
without a unit or label (``Room 093``), and the Safe Harbor category itself (``90+``, ``90 or
older``, ``over 90``, what the generalizer writes).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from phigate.detection.allowlist import (
    SETTINGS,
    VITALS,
    measurement_follows,
    side_follows,
    tokens_in_clause,
    value_label_before,
)
from phigate.detection.base import Match, Recognizer
from phigate.detection.builtin._address import addresses
from phigate.detection.builtin._labels import label_scan
from phigate.detection.builtin._shared import ascii_lower, match
from phigate.detection.builtin._tokens import chunk_index
from phigate.detection.context import Keywords, tokens_after, tokens_before
from phigate.detection.dictionaries import CLINICAL, FIRST, SURNAME, WORD, lexicon
from phigate.model import Category
from phigate.registry import Registry

__all__ = ["AgeRecognizer", "register"]

_BL = " \t\u00a0"  # blanks
_HY = "\\-\u2010\u2011\u2013"  # hyphens and dashes


def _ocr_forms(words: str) -> list[str]:
    """``words`` (split on blanks) with every OCR misreading of ``e`` as ``c``: scanned notes give
    ``shc`` for ``she`` and ``livcs alonc`` for ``lives alone``.
    """
    forms: list[str] = []
    for word in words.split():
        variants = [""]
        for ch in word:
            variants = [v + c for v in variants for c in ((ch, "c") if ch == "e" else (ch,))]
        forms.extend(variants)
    return forms


_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = tuple("ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split())
_TEENS_TH = tuple(teen + "th" for teen in _TEENS[3:]) + ("tenth", "eleventh", "twelfth")
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
#: ``ninety`` and its common misspellings (``ninty``, ``nintey``, ``ninetey``, ``nienty``).
_NINETY = r"(?:ninety|ninty|nintey|ninetey|nienty|ninity)"
#: Ninety up to one hundred and twenty-five, in words, cardinal or ordinal (``one hundred and first``).
_NUMBER_WORD = (
    r"(?<![a-z])(?:" + _NINETY + r"(?:[ \-]?(?:" + "|".join(_UNITS + _ORDINALS) + r"))?|ninetieth"
    r"|(?:one[ \-]|a[ \-])?hundred(?:th|[ \-](?:and[ \-])?(?:twentieth|twenty(?:[ \-]?(?:one|two|three|four"
    r"|five|first|second|third|fourth|fifth))?|"
    + "|".join(_TEENS + _TEENS_TH + _UNITS + _ORDINALS)
    + r"))?)(?:(?![a-z])|(?=(?:y/?o|yr|y[mf]|[mf])(?![a-z])))"
)
_WORD = re.compile(_NUMBER_WORD.replace("e", "[ec]"))  # OCR reads "nincty"
#: An age unit right after the number (lowercased OCR view): ``y/o``, ``yo``, ``y.o.``, ``yr old``,
#: ``-year-old``, ``years of age``, ``y``, ``yoa``, OCR's ``y/0`` and ``yr5``; a sex may be glued on.
#: A closing parenthesis may come first (``ninety-two (92) years old``); OCR reads ``ycar o1d``.
_UNIT = re.compile(
    rf"(?:[)\]][{_BL}]?)?[{_BL}]{{0,2}}(?:[{_HY}][{_BL}]{{0,2}})?(?P<unit>"
    rf"y(?:[ec]a)?r[s5]?\.?(?:[{_BL}]{{0,2}}[{_HY}]?[{_BL}]{{0,2}}(?:[o0][l1]d|of[{_BL}]+ag[ec]))?"
    r"|y[./\-]?[ ]?[o0]\.?(?:a\.?)?|y|a[\u00f1n]os|ans|anni|jahre|jaar"
    r")(?:/?(?:aa|[wbhc])?[mf]\.?)?(?![a-z0-9])"
)
#: Before a number of years that is a span, not an age: ``smoker x 92 yrs``, ``for 92 years``.
_DURATION_BEFORE = re.compile(r"(?<![a-z])(?:x|times|for)[ \t]*$")
_YEARS_ONLY = re.compile(r"y(?:[ec]a)?r[s5]?\.?")
#: An ordinal suffix, then a birthday or a year of life: ``92nd birthday``, ``her 101st year``.
_ORDINAL = re.compile(rf"(?:st|nd|rd|th)?[{_BL}]+(?:birthday|bday|b-day|birth[ \-]day|year)(?![a-z])")
_SYMBOLS = "\u2640|\u2642"  # the female and male signs: never a temperature
#: A sex right after the number: ``92 F``, ``92M``, ``92/F``, ``92 / F``, ``92 WF``, ``92 female``,
#: and in the next field of a registration line or a table row: ``Lee; 92; F``, ``LEE^ANN|92|F``.
_SEX_AFTER = re.compile(
    rf"[{_BL}]?[/,;|]?[{_BL}]?(?P<sex>(?:aa|[wbh])?[mf]|male|female|{_SYMBOLS})(?![a-z0-9\u00b0])"
)
#: Before the number, an age label: ``age``, ``aged``, ``Age/Sex:``, ``Age/DOB:``, ``Age (yrs):``,
#: ``Age [years]``, ``Age in years``, ``age at admission``, ``Age at time of visit``, ``AGE.......``,
#: ``at the age of``, ``Age of patient:``, ``Age today:``, ``Years old:``, ``Edad:``, ``Âge :``,
#: ``Age:`` at the end of the line above, ``Age: (93)``; record keys: ``PatientAge=``, ``pt_age:``,
#: ``"ageYears":``, ``age_yrs``; markup and records: ``<td>Age</td><td>93``, ``<age unit="a">93``,
#: ``<PatientAge value="93"``, FHIR's ``"valueAge": {"value": 93``, HL7's ``30525-0^Age^LN||93``.
_LABEL_BEFORE = re.compile(
    r"(?:(?:(?<![a-z])(?:patient|pt|subject|member|client|person|current|reported|value)[_\-.]?|(?<![a-z]))"
    r"a(?:g[ec][ds]?|et)|(?<![a-z])(?:edad|idade|alter|leeftijd|[\u00e2\u00c2]ge)"
    r"|(?<![a-z])y(?:ea)?rs?[ \t]+(?:old|of[ \t]+age)(?=[ \t]*[:=]))"
    rf"(?:[{_BL}]*[/&,][{_BL}]*(?:sex|gender|g|s|dob|d\.o\.b\.?))?"
    rf"(?:[{_BL}]*[(\[][a-z ./]{{1,12}}[)\]]|,?[{_BL}]+(?:in[{_BL}]+)?(?:years|yrs|yr|y)"
    rf"|[_\-]?(?:in[_\-]?)?(?:years|yrs|yr)|(?:[{_BL}]+[a-z]+){{1,3}}(?=[{_BL}]*:))?"
    rf"(?:[{_BL}]+(?:at|on)(?:[{_BL}]+[a-z]+){{1,3}})?"
    rf"(?:\^[a-z0-9._ ]{{0,20}}){{0,3}}(?:[{_BL}]+[a-z_:]+=[\"'][^\"'<>\n]{{0,20}}[\"'])*"
    rf"(?>(?:[{_BL}.:=\-_|*>#\"'(\[]|</?[a-z]{{1,6}}[^<>\n]{{0,24}}>){{0,40}})(?:\n[{_BL}|]{{0,8}})?"
    rf"(?:(?:of|is|was|at|now|currently|presently|approx\.?|approximately|about)[{_BL}]+|~[{_BL}]*"
    rf"|\{{[{_BL}]*\"value\"[{_BL}]*:[{_BL}]*|[{_BL}]*value=[\"'])?$"
)
#: ``Sex/Age: F/92``: a sex, a slash, the number (a label before the sex makes it sure).
_SEX_BEFORE = re.compile(rf"(?<![a-z])(?<!\d)(?<!\d[{_BL}])(?:[mf]|male|female)[{_BL}]?[/,][{_BL}]?$")
_SEX_LABEL_BEFORE = re.compile(
    rf"(?<![a-z])(?:sex|gender)[{_BL}]*[/&,][{_BL}]*age[{_BL}.:=\-|]*(?:[mf]|male|female)[{_BL}]?[/,][{_BL}]?$"
)
#: A verb before the number: ``is 92``, ``was now 95``, ``turned 101``, ``is pushing 100``, ``going on
#: 93``, ``celebrates 100``, ``im 93`` (a message).
_VERB_BEFORE = re.compile(
    rf"(?:(?<![a-z])(?P<verb>is|was|are|were|be|been|approaching|nearing|pushing|going[{_BL}]+on|celebrat(?:es|ed|ing)"
    rf"|turn|turn[ec]d|turns|turning|reached|reaches|i[{_BL}]+am|i['\u2019]?m)"
    r"|(?P<clitic>['\u2019]s))"
    rf"(?:[{_BL}]+(?:now|almost|nearly|about|approximately|over|just|only|already))?[{_BL}]+$"
)
#: Verbs that make an age only with a person before them: ``she is 92``, not ``HR is 92``.
_NEEDS_SUBJECT = frozenset(
    "is was are were be been approaching nearing pushing going celebrates celebrated celebrating".split()
)
#: Subjects of a verb before an age besides :data:`_PERSON`: ``I'll be 93``, ``you are 93``, ``my parents
#: are 93 and 95``.
_SPEAKER = Keywords("i you parents grandparents".split())
_PERSON = Keywords(
    _ocr_forms(
        """she he patient pt who mother father mom dad grandmother grandfather grandma grandpa husband
        wife spouse partner son daughter sister brother aunt uncle resident man woman gentleman lady
        female male veteran widow widower mr mrs ms miss"""
    )
)
_SEX_WORD = r"(?:[mf]|male|female)(?![a-z])"
#: After a slash, a date or the next field of a form: ``Age/DOB: 93 / 01/02/1931``, ``Age: 93 / Sex: F``,
#: ``93 / MRN 123``; a slash before anything else makes a rate or a fraction (``93/min``).
_DATE_OR_FIELD = (
    rf"[{_BL}]?\d{{1,4}}[/\-.]\d\d?[/\-.]\d"
    rf"|[{_BL}]*(?:[a-z][a-z .#]{{0,20}}:|(?:sex|gender|race|dob|mrn)(?![a-z]))"
)
_NOT_AGE_AFTER = re.compile(
    rf"[{_BL}]*(?:%|:(?![{_BL}]?{_SEX_WORD})|/(?![{_BL}]?{_SEX_WORD}|{_DATE_OR_FIELD})"
    r"|x\b|over\b|out\b|times\b|points?\b|percent|beats|degrees|days?\b|d\b(?!/)|weeks?\b|wks?\b"
    r"|months?\b|mos?\b|hours?\b|hrs?\b|minutes?\b|mins?\b|seconds?\b|secs?\b"
    r"|feet\b|foot\b|yards?\b|yds\b|meters?\b|metres?\b|steps\b|laps\b)"
)
#: A line break, then a new field or reading on the next line (``92\nHR 72``, ``93\nDays on abx: 3``):
#: its first word is no unit of the number that ended the line above.
_NEXT_FIELD = re.compile(rf"[{_BL}]*\n[{_BL}|]*[a-z][a-z./ \t]{{0,30}}?(?::|[{_BL}]*\d)")
_TEMPERATURE = Keywords(
    """t temp temps tmax tmin tcurrent temperature febrile afebrile fever fevers degrees spiked spike
    spiking oral rectal axillary tympanic core vitals vs tm tylenol apap acetaminophen motrin ibuprofen
    antipyretic antipyretics""".split()
)
#: After ``101 F``, where the temperature was taken: ``101 F po``, ``100 F ax``, ``101 F at 2200``.
_TEMPERATURE_AFTER = re.compile(
    r"[ \t]*(?:(?:po|oral|orally|ax|axillary|pr|rectal|rectally|tympanic|temporal)(?![a-z])"
    r"|(?:at|@)[ \t]*(?:[01]\d|2[0-3])[0-5]\d(?!\d))"
)
#: ``101 F (38.3 C)``: a Celsius reading after a Fahrenheit one.
_CELSIUS_AFTER = re.compile(
    rf"[{_BL}]*[(,/][{_BL}]*\d{{2}}(?:\.\d)?[{_BL}]*(?:\u00b0|deg)?[{_BL}]*c(?![a-z])"
)
#: Words whose number is a place or a page, never an age before a sex: ``Room 93 F``, ``Bed 92/M``.
_PLACE_NUMBER = Keywords("room rm bed bay unit floor suite ste apt ext page pg lot box station pod".split())
_SEX_CUE_BEFORE = Keywords("a an pt patient is hpi cc id identification sex gender age".split())
_SEX_CUE_AFTER = Keywords(
    """with w presents presenting presented who s h hx pmh admitted here brought referred seen c
    complaining transferred from resident status history""".split()
)
_PERSON_NOUNS = (
    "patient|pt|woman|man|lady|gentleman|female|male|mother|father|mom|dad|wife|husband|spouse|son"
    "|daughter|sister|brother|grandmother|grandfather|aunt|uncle|resident|widow|widower|veteran|elderly"
)
#: A name or a person set off before the number: ``Smith, 92,``, ``JOHN SMITH (92)``, ``the patient,
#: 98,``, ``his mother (96)``.
_TITLE = (
    r"(?<![A-Za-z])(?i:mr|mrs|ms|miss|mx)\.?[ \t]+"
    r"(?i:(?:van|von|de|del|della|da|di|du|la|le|st\.?)[ \t]+){0,2}[^\W\d_][\w'\-]+"
)  # "mrs. meléndez", "mrs. de la cruz", in any case
_NAME_COMMA = re.compile(
    rf"(?:{_TITLE}|(?<![A-Za-z])(?i:{_PERSON_NOUNS})|(?P<name>[^\W\d_][\w'\-]+)),[ \t]*$"
)
_NAME_PAREN = re.compile(
    rf"(?:{_TITLE}|(?<![A-Za-z])(?i:{_PERSON_NOUNS})|(?P<name>[^\W\d_][\w'\-]+))[ \t]*[(\[]$"
)
#: Two names before a bracket (``OYINDASOLA SALAMI (95)``), for a surname that is also a word.
_TWO_NAMES_PAREN = re.compile(r"(?<![\w'\-])(?P<first>[^\W\d_][\w'\-]+)[ \t]+[^\W\d_][\w'\-]+[ \t]*[(\[]$")
#: A full name (or a title and a name) set off before a number that ends its line or opens a history:
#: ``ANN LEE, 93``, ``Lee, Ann; 93``, ``Mrs. Lee, 93``, ``Ann Lee - 93``, ``Ann Lee, 93 presents``.
_CLINICIAN_BEFORE = re.compile(r"(?<![A-Za-z])(?i:dr|doctor|prof)\.?[ \t]*$")  # "Dr. Ann Lee, 93"
_FULL_NAME_BEFORE = re.compile(
    rf"(?:(?P<first>[^\W\d_][\w'\-]+)(?:[ \t]+|,[ \t]*)(?P<last>[^\W\d_][\w'\-]+)|{_TITLE})"
    r"(?:[ \t]*[,;]|[ \t]+[\-\u2013])[ \t]*$"
)
_LINE_END = re.compile(r"[ \t]*(?:\n|$)")
#: ``a woman of 92``, ``a gentleman of 101``.
_PERSON_OF = re.compile(
    r"(?<![a-z])(?:woman|man|lady|gentleman|gent|female|male|patient|widow|widower|veteran)"
    r"[ \t]+of[ \t]+$"
)
#: Family history and deaths: ``Mother: 92``, ``father - alive at 96``, ``mother (d. 94)``,
#: ``Father died at 95``, ``pt passed away at 101``.
_RELATIVE_BEFORE = re.compile(
    r"(?<![a-z])(?:moth[ec]r|fath[ec]r|mom|dad|sist[ec]r|broth[ec]r|grandmoth[ec]r|grandfath[ec]r|grandma"
    r"|grandpa|aunt|uncl[ec]|husband|wif[ec]|spous[ec]|son|daught[ec]r|sibling|cousin|mgm|mgf|pgm|pgf)"
    r"(?:['\u2019]s)?"
    r"[ \t]*(?:[:\-\u2013,(][ \t]*)?(?:(?:alive|living|deceased|died|expired|passed|away|d\.|at|now"
    r"|currently|still|is|was)[ \t,]*){0,3}$"
)
_DIED_AT = re.compile(r"(?<![a-z])(?:died|passed|passed away|expired|deceased|death)[ \t]+at[ \t]+$")
#: A life event at an age: ``diagnosed at 91``, ``widowed at 90``, ``retired in 1990 and moved at 93``.
_LIFE_EVENT_AT = re.compile(
    r"(?<![a-z])(?:diagnosed|dx|dx'd|dxd|married|remarried|widowed|divorced|retired|emigrated|immigrated"
    r"|relocated|moved|institutionalized|institutionalised|graduated|menopause|onset)"
    r"(?:[ \t]+[a-z'\-]+){0,4}?[ \t]+at[ \t]+$"
)
#: ``lived to 99``, ``survived until 101``.
_LIVED_TO = re.compile(
    r"(?<![a-z])(?:lived|survived|made it)[ \t]+(?:to|until|till)[ \t]+(?:be[ \t]+)?(?:age[ \t]+)?$"
)
#: A word of time right before the number, maybe with a hedge: ``at 93``, ``at nearly 95``, ``by 93``,
#: ``until 92``, ``since 95``, ``now 93,``.
_AT = re.compile(
    r"(?<![a-z])(?P<head>at|by|until|till|since|now)[ \t]+"
    r"(?:(?:about|around|almost|nearly|over|just)[ \t]+)?$"
)
#: Another number after it makes a range of readings: ``at 90 to 105``, ``at 95-100``, ``at 90 and 100``.
_RANGE_AFTER = re.compile(rf"[{_BL}]*(?:[{_HY}~]|to|t0|and|or|thru|through)[{_BL}]*\d")
#: The end of a clause after the number: a blank line, ``;``, ``|`` or a sentence dot (not ``.5``).
_CLAUSE_END = re.compile(r"[\n;|]|\.(?!\d)")
#: Adverbs read past to find the verb before ``at`` (``is now at 100``, ``held steady at 95``).
_AT_ADVERBS = frozenset("now still currently presently even only already just steady steadily".split())
#: Verbs that put a reading, rate or setting at a level: ``is at 95``, ``remains at 100``,
#: ``infusing at 100``, ``paced at 90``, ``satting at 96``, ``titrated at 110``.
_LEVEL_VERBS = Keywords(
    """is are was were be been being remains remained remain stays stayed stay held holding hold kept
    keeps keep maintained maintaining maintains running runs run set continues continued continue
    continuing conts cont infusing infused started restarted paced pacing satting sating saturating
    titrated titrating increased decreased weaned dropped rose peaked plateaued capped goal""".split()
)
#: Readings, rhythms, fluids, feeds, oxygen and positions whose values nurses write after ``at``:
#: ``in afib at 110``, ``IVF at 100``, ``TF at goal at 90``, ``on 2L NC at 94``, ``HOB at 90``.
_AT_READINGS = Keywords(
    """rhythm rhythms afib af aflutter flutter nsr sr st sb sinus tachy tachycardic tachycardia brady
    bradycardic bradycardia svt vt vf rvr junctional paced pacing pacer ns ivf ivfs fluid lr d5 d5w
    d51 tf tfs feeds feeding feedings tube drip drips gtt gtts infusion infusing bolus boluses bolused
    uo uop suction lis lcws bs sugar sugars cbg titrated titrating tolerating o2 nc ra nrb fm mask
    cannula neb trach cpap bipap liters lpm sat sats satting sating saturating saturation saturations
    hob degrees angle elevated flexed flexion positioned level levels dose doses dosing mcg mg cc ml
    weighs weighed weighing volume volumes risk risks screen screening""".split()
    + ["room air", "face mask", "head of bed", "tube feeds", "urine output", "u/o"]
)
#: Events of a life that an age after ``at`` dates, with no subject needed: ``First hip fracture at
#: 94``, ``had a stroke at 91``, ``CABG at 92``, ``quit smoking at 90``, ``stopped driving at 93``.
_EVENT_WORDS = """fracture fractures fractured fx broke broken fall falls fell stroke strokes cva tia mi
    stemi nstemi cabg surgery surgeries operation operated replacement arthroplasty hemiarthroplasty tkr
    thr tka tha orif hysterectomy mastectomy lumpectomy amputation amputated diagnosis diagnosed dx cancer
    ca lymphoma leukemia melanoma dementia alzheimer alzheimers parkinson parkinsons smoking drinking
    driving""".split()
_EVENTS = Keywords(_EVENT_WORDS)
#: Verbs that give a drug, fluid or device ``on`` or ``to`` a level: ``she was started on heparin at
#: 100``, ``switched to D5 at 125``, ``placed on the pump at 100``.
_GIVEN = Keywords(
    "started restarted switched changed placed put resumed hung given received receiving".split()
)
#: Pressors and oxygen that a reading is taken ``on``: ``she is now 100 on levo``, ``93 on RA``.
_SUPPORT = Keywords(
    """levo levophed norepi norepinephrine neo neosynephrine phenylephrine dopa dopamine dobutamine
    dobut vaso vasopressin epi epinephrine milrinone nitro ntg nipride pressor pressors o2 oxygen ra nc
    nrb fm mask cannula hfnc trach""".split()
    + ["room air", "face mask", "high flow", "nasal cannula"]
)
#: An oxygen flow written as one token: ``2L``, ``4lpm``, ``3LNC``.
_O2_FLOW = re.compile(r"\d+(?:l|lpm|lnc|nc)")
#: How a person lives and manages: a sentence with no subject (``Lives alone at 93``, ``Independent at
#: 90, walks daily``) is still about the patient.
_LIVING = Keywords(
    _ocr_forms(
        """lives living alone independent independently active walks walking drives driving works
        working widowed retired"""
    )
)
#: A patient's history right after the number: ``98 s/p hip fracture``, ``a 93 w/ CHF``, ``a 95 who``.
_HISTORY_AFTER = re.compile(
    r"[ \t]+(?P<cue>s/p|h/o|pmh|hx|admitted|presents|presenting|presented|transferred|w/|with|who)(?![a-z])"
)
#: ``Pt 93 L hip fx``, ``Patient: 95 R sided weakness``.
_PATIENT_BEFORE = re.compile(r"(?<![a-z])(?:pt|patient)[ \t:]+$")
_ARTICLE_BEFORE = re.compile(r"(?<![a-z])(?:a|an|this)[ \t]+$")
#: ``a spry 93``, ``an active 95``, ``a very healthy 91``: an article and a word that describes a person.
_DESCRIBED_BEFORE = re.compile(
    r"(?<![a-z])(?:a|an)[ \t]+(?:(?:very|remarkably|still)[ \t]+)?([a-z\-]+)[ \t]+$"
)
_DESCRIPTORS = Keywords(
    _ocr_forms(
        """active healthy spry frail pleasant sharp independent lively vigorous delightful charming
        lovely feisty young youthful energetic alert robust fit"""
    )
)
#: What may follow a described age: the end of the clause, ``and``, ``who``, ``with``.
_DESCRIBED_AFTER = re.compile(r"[ \t]*(?:[.,;:!)\n]|$|(?:and|who|with|w/)(?![a-z]))")
#: ``F 92``, ``Pt: M 95``: a sex then a blank before the number, after a cue, at the start of a line or
#: after a record number in a banner (``LEE,ANN 4829130 F 92``).
_SEX_BLANK_BEFORE = re.compile(
    r"(?:^|[:|(]|(?<![a-z])(?:pt|patient|hpi|id|cc)|\d{5})[ \t]*(?:[mf]|male|female)[ \t]+$"
)
#: The item before the number in a list: ``93 and``, ``93,``, ``93 &``, ``91, and``.
_LIST_BEFORE = re.compile(r"(?<![\d.,/:\-])(\d{2,3})[ \t]*(?:,[ \t]*and|,|&|and)[ \t]+$")
#: A date of birth, then the age in parentheses, after a comma or a spaced slash: ``DOB 1/2/1931 (93)``,
#: ``DOB/Age: 01/02/1931 / 93``.
_AFTER_BIRTH_DATE = re.compile(r"\d(?:[ \t]*[(\[,;]|[ \t]+/)[ \t]*$")
#: ``90S``: the decade written in capitals, which the OCR view reads as ``905``.
_DECADE_CAPS = re.compile("90['\u2019]?S(?![A-Za-z0-9])")
#: The tenth or eleventh decade of life, ages 90-109: ``in her tenth decade``, ``10th decade of life``.
_DECADE_OF_LIFE = re.compile(r"(?<![a-z0-9])(?:10th|11th|tenth|eleventh)[ \t]+decade(?![a-z])")
#: The end of a sentence or paragraph: a word of three letters or more and a stop, or a blank line.
_BREAK = re.compile(r"(?<=[A-Za-z]{3}[.!?])\s|\n[ \t]*\n")
#: A single line break inside a paragraph (hard-wrapped faxes and scans), read as a blank.
_WRAP = re.compile(r"(?<=[^\n])\n(?=[ \t]*[^\s])")
_DECADE_AFTER = re.compile(r"['\u2019]?s(?![a-z])")
#: ``90+``, ``90 or older``, ``over 90``: Safe Harbor's one category for ages over 89.
_CATEGORY_AFTER = re.compile(rf"[{_BL}]*(?:\+|(?:or|and)[{_BL}]+(?:older|over|above|up)(?![a-z]))")
_CATEGORY_BEFORE = re.compile(rf"(?:(?<![a-z])(?:over|above|older[{_BL}]+than)|>=?|\u2265)[{_BL}]*$")
#: A rough age in a decade: ``90-something``, ``ninety-odd``, ``100-ish``.
_ROUGHLY = re.compile(rf"[{_HY} ](?:something|odd|ish)(?![a-z])")
_PERSON_NOUN_AFTER = re.compile(rf"[{_BL}{_HY}]+(?:{_PERSON_NOUNS})(?![a-z])")
_POSSESSIVE = Keywords(_ocr_forms("his her their"))
_DECADE_PART = Keywords("early mid late upper lower".split())
_GROUP_WORDS = ("centenarian", "nonagenarian", "supercentenarian")
_DESCRIBED = Keywords("a an the is was frail active healthy pleasant elderly patient pt".split())
#: Words before ``hundred`` or ``ninety`` that make them part of a larger number or a year.
_NOT_AGE_BEFORE = Keywords(
    "two three four five six seven eight nine nineteen twenty thousand several few many".split()
)
_WORD_VALUE = re.compile(r"[a-z]+")
#: The word before a verb, in the text as written (a capitalised one is a name: ``Hale is 92``).
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z'\-]+)[ \t]+$")
_WORD_GLUED = re.compile(r"([A-Za-z][A-Za-z\-]+)$")  # before a clitic: "Mom's 92"
#: The same age after a number word, in digits or words: ``ninety-two (92) years old``.
_PAREN_DIGITS = re.compile(r"[ \t]*\((?:\d{2,3}|[a-z][a-z \-]{2,30})\)")
#: The age restated in words after the digits in parentheses: ``(93) ninety-three years old``.
_PAREN_THEN_WORD = re.compile(rf"\)[{_BL}]*(?:{_NUMBER_WORD})")
#: A table row: cells split by bars or tabs; a cell holding an age, and an ``Age`` column header.
_CELL_SEPARATORS = ("|", "\t")
_CSV_SEPARATORS = (",", ";")
_AGE_CELL = re.compile(r"[ \t]*\d{2,3}[ \t]*[a-z/ .]{0,10}")
_AGE_HEADER = re.compile(r"(?:pt |patient )?age(?:[ \t]*\([a-z .]{1,10}\)|[ \t]*/[ \t]*(?:sex|gender))?")
_AGE_WORD_IN_LINE = re.compile(r"(?<![a-z])age(?:[ \t]*\([a-z .]{1,10}\)|/(?:sex|gender))?(?![a-z])")


class AgeRecognizer:
    """Ages of 90 and over, written with digits or words."""

    id = "age-over-89"
    version = "2"
    categories = frozenset({Category.AGE})

    def find(self, text: str) -> Iterator[Match]:
        """Yield AGE matches in ``text``."""
        index = chunk_index(text)
        labels = label_scan(text)
        hints = labels.of("AGE_WORD")
        caps_decade = "90S" in text or "90'S" in text or "90\u2019S" in text
        of_life = "ecade" in text or "ECADE" in text
        if not index.ages and not hints.starts and not caps_decade and not of_life:
            return
        lines = ascii_lower(index.view)
        # hard-wrapped lines read as one: "a 92\nyear old" is "a 92 year old" (same length)
        flat = _WRAP.sub(" ", text) if "\n" in text else text
        lower = _WRAP.sub(" ", lines) if "\n" in text else lines
        dob_ends = labels.of("DOB").ends
        for start, end in index.ages:
            found = _judge_digits(flat, lower, start, end, lines, dob_ends)
            if found is not None:
                yield match(start, found[0], Category.AGE, found[1])
        for start, end, word in zip(hints.starts, hints.ends, hints.words, strict=True):
            yield from _word_age(flat, lower, start, end, word, lines, dob_ends)
        for m in _DECADE_CAPS.finditer(text) if caps_decade else ():
            if _of_a_person(lower, m.start()):
                yield match(m.start(), m.end(), Category.AGE, 0.75)
        for m in _DECADE_OF_LIFE.finditer(lower) if of_life else ():
            if _of_a_person(lower, m.start()) or lower.startswith(" of life", m.end()):
                yield match(m.start(), m.end(), Category.AGE, 0.75)


def _judge_digits(
    text: str, lower: str, start: int, end: int, lines: str, dob_ends: tuple[int, ...]
) -> tuple[int, float] | None:
    """``(span end, score)`` of the age whose digits are ``text[start:end]``, or None.

    ``text`` and ``lower`` read hard-wrapped lines as one; ``lines`` is the lowercased text with its
    line breaks (for tables and line starts); ``dob_ends`` where date-of-birth labels end.
    """
    if _the_category(lower, start, end):
        return None
    glued = end < len(lower) and lower[end].isalpha()
    token_end = _token_end(lower, end) if glued else end
    unit = _UNIT.match(lower, end) or _restated_unit(lower, end)
    if unit is not None and _DURATION_BEFORE.search(lower, max(0, start - 8), start) is not None:
        if _YEARS_ONLY.fullmatch(unit["unit"]) is not None:
            return None  # a span of years: "smoker x 91 yrs", "for 92 years"
    if unit is not None:
        return (max(token_end, unit.end()) if glued else end), 0.9  # "92y/o" whole, "92 y/o" the number
    if _ORDINAL.match(lower, end) is not None:
        return token_end, 0.9
    if _labelled(lower, start):
        if _not_age_after(lower, lines, end, labelled=True):
            return None  # "age 92 days": an infant
        if _measure(text, lines, end) and _SEX_AFTER.match(lower, end) is None:
            return None  # "aged 95 mg", not "Age: 92 F"
        return end, 0.9
    if lower[start] == "0":
        return None  # "093" is an age only with a unit or a label: "093Y", "Age: 093"
    rough = _rough_end(lower, end)
    if rough is not None:
        return rough, 0.75
    decade = _DECADE_AFTER.match(lower, end) if lower.startswith("90", start) and end == start + 2 else None
    if decade is not None:
        return (decade.end(), 0.75) if _of_a_person(lower, start) else None
    sex = _SEX_AFTER.match(lower, end)
    if sex is not None:
        score = _sex_score(text, lower, start, sex, lines)
        if score is None and not glued:
            score = _set_off_score(text, lower, start, end, lines, dob_ends)  # "ann lee, 98, m"
        return None if score is None else (token_end if glued else end, score)
    if glued or _value_label(text, start, 2) or _measure(text, lines, end):
        return None
    if _not_age_after(lower, lines, end, labelled=False):
        return None
    score = _context_score(text, lower, start, end, lines)
    if score is None:
        score = _set_off_score(text, lower, start, end, lines, dob_ends)
    if score is None and _listed(text, lower, start, 3):
        score = 0.7
    return None if score is None else (end, score)


def _word_age(
    text: str, lower: str, start: int, end: int, word: str, lines: str, dob_ends: tuple[int, ...]
) -> Iterator[Match]:
    """The age, if any, that an age hint word (``ninety``, ``hundred``, ``nonagenarian``) begins."""
    if word.rstrip("s") in _GROUP_WORDS:
        plural = word.endswith("s")
        described = _DESCRIBED.in_tokens(tokens_before(lower, start, 1))
        yield match(start, end, Category.AGE, 0.45 if plural else 0.8 if described else 0.6)
        return
    if word == "nineties":
        if _of_a_person(lower, start):
            yield match(start, end, Category.AGE, 0.75)
        return
    m = _WORD.search(lower, max(0, start - 4), min(len(lower), end + 40))
    if m is None or not m.start() <= start < m.end():
        return
    if lower[: m.start()].rstrip(_BL)[-1:] != "(" and _NOT_AGE_BEFORE.in_tokens(
        tokens_before(lower, m.start(), 1)
    ):
        return  # "five hundred", "nineteen ninety-two"; not "ninety four (ninety-four)"
    w_start, w_end = m.span()
    if _the_category(lower, w_start, w_end):
        return
    paren = _PAREN_DIGITS.match(lower, w_end)
    unit_at = w_end if paren is None else paren.end()
    rough = _rough_end(lower, w_end)
    if _UNIT.match(lower, unit_at) is not None or _ORDINAL.match(lower, w_end) is not None:
        yield match(w_start, w_end, Category.AGE, 0.9)
    elif rough is not None:
        yield match(w_start, rough, Category.AGE, 0.75)
    elif _not_age_after(lower, lines, w_end, labelled=_labelled(lower, w_start)) or _measure(
        text, lines, w_end
    ):
        return
    elif (sex := _SEX_AFTER.match(lower, w_end)) is not None:
        score = _sex_score(text, lower, w_start, sex, lines)
        if score is not None:
            yield match(w_start, w_end, Category.AGE, score)
    elif _labelled(lower, w_start):
        yield match(w_start, w_end, Category.AGE, 0.9)
    else:
        score = _context_score(text, lower, w_start, w_end, lines)
        if score is None:
            score = _set_off_score(text, lower, w_start, w_end, lines, dob_ends)
        if score is not None:
            yield match(w_start, w_end, Category.AGE, score)


def _value_label(text: str, start: int, n: int) -> bool:
    r""":func:`value_label_before` within the number's sentence: not across a blank line or the end of a
    sentence (``... CA 83412.\n\n101M``, ``chest pain. He's 97``).
    """
    lo = max(0, start - 80)
    cut = lo
    for m in _BREAK.finditer(text, lo, start):
        cut = m.end()
    return value_label_before(text[cut:start], start - cut, n)


def _not_age_after(lower: str, lines: str, end: int, *, labelled: bool) -> bool:
    r"""True when a word after the number makes it no age (``92 days``, ``95%``, ``93 hrs``).

    ``lower`` reads hard-wrapped lines as one (``for 92\ndays``), but a line that ends with the number
    after an age label closes its field (``Age: 92\nMin. assist``), and a new field or reading on the
    next line (``92\nHR 72``, ``92\nDays on abx: 3``) is not read as the number's unit.
    """
    if _NOT_AGE_AFTER.match(lines, end) is not None:
        return True  # on the number's own line
    if _NOT_AGE_AFTER.match(lower, end) is None:
        return False
    return not labelled and _NEXT_FIELD.match(lines, end) is None


def _measure(text: str, lines: str, end: int) -> bool:
    r"""A unit of measure after the number, on the same line (``95 kg``, not ``Age: 92\nUnit No``)."""
    return lines[end : end + 1] != "\n" and measurement_follows(text, end)


def _token_end(lower: str, end: int) -> int:
    """The end of the letters and digits glued to a number (``92yo``, ``92nd``)."""
    m = _WORD_VALUE.match(lower, end)
    return m.end() if m is not None else end


def _restated_unit(lower: str, end: int) -> re.Match[str] | None:
    """The unit after the age restated in parentheses or words: ``93 (ninety-three) years old``,
    ``101 (one hundred and one) yo``, ``(93) ninety-three years old``.
    """
    restated = _PAREN_DIGITS.match(lower, end) or _PAREN_THEN_WORD.match(lower, end)
    return None if restated is None else _UNIT.match(lower, restated.end())


def _the_category(lower: str, start: int, end: int) -> bool:
    """True for ninety written as the one age category Safe Harbor keeps, which is also what the
    generalizer writes: ``90+``, ``90 or older``, ``ninety and over``, ``over 90``, ``> 90``.
    """
    if not (lower.startswith("90", start) and end == start + 2) and lower[start:end] != "ninety":
        return False
    return (
        _CATEGORY_AFTER.match(lower, end) is not None
        or _CATEGORY_BEFORE.search(lower, max(0, start - 16), start) is not None
    )


def _rough_end(lower: str, end: int) -> int | None:
    """The end of ``-something`` in a rough age with a unit or a person after it (``a 90-something
    woman``, ``ninety-odd years old``, ``100-ish yo``), or None (``BP 90-ish``).
    """
    rough = _ROUGHLY.match(lower, end)
    if rough is None:
        return None
    after = rough.end()
    if _UNIT.match(lower, after) is not None or _PERSON_NOUN_AFTER.match(lower, after) is not None:
        return after
    return None


def _labelled(lower: str, start: int) -> bool:
    """True when an age label stands right before ``start`` (``Age: 92``, ``aged 95``)."""
    return _LABEL_BEFORE.search(lower, max(0, start - 80), start) is not None


def _of_a_person(lower: str, start: int) -> bool:
    """True when ``his``, ``her`` or ``their`` (maybe with ``early``/``late``) comes before a decade."""
    before = tokens_before(lower, start, 2)
    if before and before[-1] in _DECADE_PART:
        before = before[:-1]
    return bool(before) and before[-1] in _POSSESSIVE


def _sex_score(text: str, lower: str, start: int, sex: re.Match[str], lines: str) -> float | None:
    """The score of ``92 F``, ``92M``, ``92/F``: a temperature reads the same, so it needs a cue or a
    capital letter, and no temperature or vitals word around it.
    """
    if (
        _TEMPERATURE.in_tokens(tokens_before(lower, start, 3))
        or _value_label(text, start, 2)
        or _PLACE_NUMBER.in_tokens(tokens_before(lower, start, 1))
    ):
        return None  # "Tmax 101 F", "Room 93 | F"
    line_start = lines.rfind("\n", 0, start) + 1
    if (
        _CELSIUS_AFTER.match(lower, sex.end()) is not None
        or _TEMPERATURE_AFTER.match(lower, sex.end()) is not None
        or VITALS.in_tokens(_tokens_on(lines, line_start, start, sex.end()))
    ):
        return None  # "101 F (38.3 C)", "101 F po", "101 F, HR 92"
    if sex["sex"] in _SYMBOLS:
        return 0.85
    cue = (
        not lines[line_start:start].strip(_BL + ":")
        or lines[line_start:start].rstrip(_BL).endswith(":")
        or _SEX_CUE_BEFORE.in_tokens(tokens_before(lower, start, 2))
        or _SEX_CUE_AFTER.in_tokens(tokens_after(lower, sex.end(), 1))
    )
    if cue or _labelled(lower, start):
        return 0.85
    if len(sex["sex"]) > 2 or text[sex.end() - 1].isupper():
        return 0.6
    return None


def _tokens_on(lines: str, line_start: int, start: int, end: int) -> list[str]:
    r"""The two tokens after a number and its sex: read on into the next line only when the number
    opens its line (``101 F\nHR 92``, a column of vitals), not when it is a field of a line that
    ends (``Sex/Age: M/98\nHR 88``, ``Patient: Ann (92, M)\nHR 88``).
    """
    if any(c.isalpha() for c in lines[line_start:start]):
        line_end = lines.find("\n", end, end + 40)
        return tokens_after(lines[end : line_end if line_end >= 0 else end + 40], 0, 2)
    return tokens_after(lines, end, 2)


def _context_score(text: str, lower: str, start: int, end: int, lines: str) -> float | None:
    """The score of a bare number from what precedes it: ``F/92``, ``she is 92``, ``Mother: 92``,
    ``a woman of 92``, an ``Age`` column.
    """
    window = max(0, start - 60)
    if _SEX_LABEL_BEFORE.search(lower, window, start) is not None:
        return 0.9
    if _SEX_BEFORE.search(lines, max(0, start - 10), start) is not None:  # "F, 96" opening a line
        return 0.6
    line_start = lines.rfind("\n", 0, start) + 1
    if _SEX_BLANK_BEFORE.search(lines, max(line_start, start - 16), start) is not None:
        if not _TEMPERATURE.in_tokens(tokens_before(lower, start, 3)):
            return 0.6  # "F 92", "Pt: M 95"
    score = _verb_score(text, lower, start, end)
    if score is not None:
        return score
    near = max(0, start - 48)
    if (
        _RELATIVE_BEFORE.search(lower, near, start) is not None
        or _DIED_AT.search(lower, near, start) is not None
        or _event_at(text, lower, start)
        or _PERSON_OF.search(lower, near, start) is not None
    ):
        return 0.7
    if (
        _history_after(lower, start, end, lines)
        or _described(lower, start, end)
        or _at_a_person(text, lower, start, end)
    ):
        return 0.6
    return 0.85 if _in_age_column(lines, start, end) else None


def _verb_score(text: str, lower: str, start: int, end: int) -> float | None:
    """``turned 92`` (0.75), or ``she is 92`` / ``Mr. Hale was 95`` / ``she is approaching 100`` (0.7):
    a verb, and for ``is`` / ``was`` / ``be`` / ``approaching`` / ``nearing`` a person before it; never
    a reading on a pressor or on oxygen (``she is now 100 on levo``, ``he was 93 on 2L``).
    """
    verb = _VERB_BEFORE.search(lower, max(0, start - 40), start)
    if verb is None or _value_label(text, start, 3) or _on_support(lower, end):
        return None
    if verb["verb"] == "im" and text[verb.start() : verb.start() + 2] != "im":
        return None  # "IM": intramuscular
    if verb["verb"] is not None and verb["verb"].split()[0] not in _NEEDS_SUBJECT:
        return 0.75
    subject = tokens_before(lower, verb.start(), 3)
    if _PERSON.in_tokens(subject) or _SPEAKER.in_tokens(subject[-2:]):
        return 0.7
    if verb["verb"] in ("are", "were"):
        return None  # "Sats are 93": only a person makes it an age
    before = _WORD_BEFORE if verb["clitic"] is None else _WORD_GLUED
    word = before.search(text, max(0, verb.start() - 30), verb.start())
    if word is None or word[1].lower() in VITALS:
        return None
    if word[1][0].isupper() and not word[1].isupper():
        return 0.7  # "Mrs. Hale is 92", not "Weight is 92"
    if _name_word(word[1], known=True) and _one_case(text, start):
        return 0.7  # a known name in text all in capitals or all lowercase: "ANN IS 93", "ann's 93"
    return None


def _one_case(text: str, start: int) -> bool:
    """True when the text around ``start`` is written all in capitals or all lowercase."""
    around = text[max(0, start - 200) : start + 200]
    return around.isupper() or around.islower()


def _listed(text: str, lower: str, start: int, depth: int) -> bool:
    """True when the number goes on a list of ages whose first item has a label or a person and a verb:
    ``ages 93 and 95``, ``Parents' ages: 91, 93 and 95``, ``my parents are 93 & 95``.
    """
    prev = _LIST_BEFORE.search(lower, max(0, start - 16), start)
    if prev is None or not 90 <= int(prev[1]) <= 125:
        return False
    p_start, p_end = prev.span(1)
    return (
        _labelled(lower, p_start)
        or _verb_score(text, lower, p_start, p_end) is not None
        or (depth > 1 and _listed(text, lower, p_start, depth - 1))
    )


def _on_support(lower: str, end: int) -> bool:
    """True when ``on`` and a pressor, oxygen or a ventilator follow the number (``100 on levo``,
    ``93 on RA``, ``95 on 4L NC``, ``92 on the vent``); not a drug (``93 on warfarin``).
    """
    after = tokens_after(lower, end, 4)
    if after[:1] != ["on"]:
        return False
    rest = after[2:] if after[1:2] == ["the"] else after[1:]
    return bool(rest) and (
        _SUPPORT.in_tokens(rest, start_below=1)
        or SETTINGS.in_tokens(rest, start_below=1)
        or _O2_FLOW.fullmatch(rest[0]) is not None
    )


def _event_at(text: str, lower: str, start: int) -> bool:
    """True for an age after ``lived to``, or after an ``at`` that ends a life event (``diagnosed at
    91``); never with a vital or lab label in the clause (``sats fell at 92``).
    """
    near = max(0, start - 60)
    if _LIVED_TO.search(lower, near, start) is not None:
        return not _value_label(text, start, 6)
    if not lower[near:start].rstrip(_BL).endswith("at") or _value_label(text, start, 6):
        return False
    return _LIFE_EVENT_AT.search(lower, near, start) is not None


def _history_after(lower: str, start: int, end: int, lines: str) -> bool:
    """True for a number that opens a patient's history: ``98 s/p hip fracture`` or ``93 L hip fx`` at the
    start of a line (the side also after ``pt``), or after an article (``a 93 w/ CHF``, ``this 95 who
    lives alone``).
    """
    cue = _HISTORY_AFTER.match(lower, end)
    sided = cue is None and side_follows(lower, end)
    if cue is None and not sided:
        return False
    if _ARTICLE_BEFORE.search(lower, max(0, start - 8), start) is not None:
        return True
    line_start = lines.rfind("\n", 0, start) + 1
    first = not lines[line_start:start].strip(_BL)
    if sided:
        return first or _PATIENT_BEFORE.search(lower, line_start, start) is not None
    return first and cue is not None and cue["cue"] not in ("w/", "with", "who")


def _described(lower: str, start: int, end: int) -> bool:
    """True for ``she is a spry 93``, ``an active 95 who lives alone``: an article and a word that
    describes a person, the number ending the phrase, and no reading in the clause (``sats a healthy
    95``).
    """
    article = _DESCRIBED_BEFORE.search(lower, max(0, start - 40), start)
    return (
        article is not None
        and _DESCRIPTORS.in_tokens([article[1]])
        and _DESCRIBED_AFTER.match(lower, end) is not None
        and not _a_reading(tokens_in_clause(lower, start, 10))
    )


def _at_a_person(text: str, lower: str, start: int, end: int) -> bool:
    """True for a number after ``at`` (or ``by``, ``until``, ``since``, ``now``) in a clause about a
    person (``At 93 she lives alone``, ``she, now at 91,``, ``remarkably active at 95``, ``By 93 she had
    stopped driving``, ``Now 93, he``), how they live or are (``Lives alone at 93``, ``Spry at 101``)
    or an event of their life (``First hip fracture at 94``, ``had a stroke at 91``);
    never with a verb that sets a level before ``at`` (``she was at 90``), a reading word in the clause
    (``SBP``, ``NS``, ``afib``, ``levophed``), a drug given (``started on ... at 100``), a range after it
    or a house number (``at 92 Main St``).
    """
    at = _AT.search(lower, max(0, start - 24), start)
    if at is None or _RANGE_AFTER.match(lower, end) is not None:
        return False
    before = tokens_in_clause(lower, at.start(), 10)
    tail = _CLAUSE_END.search(lower, end, end + 60)  # a hard-wrapped "at 93\nshe" reads as one line
    after = tokens_after(lower[end : tail.start() if tail is not None else end + 60], 0, 4)
    if not _head_fits(at["head"], lower[end : end + 1], after) or _sets_a_level(before):
        return False
    event = at["head"] == "at" and _EVENTS.in_tokens(before)
    around = [word for word in before + after if not (event and word in _EVENTS)]  # "MI at 90, CABG"
    if _a_reading(around) or not (
        event
        or _PERSON.in_tokens(before)
        or _POSSESSIVE.in_tokens(before)
        or _PERSON.in_tokens(after[:2])
        or _LIVING.in_tokens(before + after)
        or _DESCRIPTORS.in_tokens(before + after)
    ):
        return False
    return not any(s <= start < e for s, e, _ in addresses(text).streets)


def _head_fits(head: str, next_char: str, after: list[str]) -> bool:
    """True when the words after the number suit the word of time before it: anything after ``at``;
    a stop or a person after ``by`` / ``until`` / ``since`` (``By 93 she``, not ``seen by 100 people``);
    a comma, then a person or how they live, after ``now`` (``Now 93, she``, not ``3 BMs, now 100``).
    """
    if head == "at":
        return True
    if head == "now":
        return next_char == "," and (_PERSON.in_tokens(after[:2]) or _LIVING.in_tokens(after))
    return next_char in (",", ";", ".") or _PERSON.in_tokens(after[:1])


def _sets_a_level(before: list[str]) -> bool:
    """True when the clause before ``at`` sets a level: a verb right before it (``is at 95``,
    ``infusing at 100``, ``is now at 100``) or a drug given (``started on heparin at 100``).
    """
    verb = next((word for word in reversed(before) if word not in _AT_ADVERBS), "")
    if _LEVEL_VERBS.in_tokens([verb]):
        return True
    return _GIVEN.in_tokens(before) and ("on" in before or "to" in before)


def _a_reading(tokens: list[str]) -> bool:
    """True when ``tokens`` name a vital, lab, temperature, setting, rhythm, fluid, drug, oxygen flow
    or position.
    """
    if (
        value_label_before("", 0, len(tokens), tokens)
        or SETTINGS.in_tokens(tokens)
        or _TEMPERATURE.in_tokens(tokens)
    ):
        return True
    lexicon_ = lexicon()
    return _AT_READINGS.in_tokens(tokens) or any(
        lexicon_.get(word, 0) & CLINICAL or _O2_FLOW.fullmatch(word) for word in tokens
    )


def _set_off_score(
    text: str, lower: str, start: int, end: int, lines: str, dob_ends: tuple[int, ...]
) -> float | None:
    """``Smith, 92, presented``, ``John Smith (92)``, ``his mother (96)``: a number set off right after
    a name or a person; ``ANN LEE, 93`` ending a line or ``Ann Lee, 93 presents``: after a full name;
    ``DOB 1/2/1931 (93)``: after a date of birth.
    """
    after = text[end : end + 1]
    window = text[max(0, start - 40) : start]
    lowercased = (
        after in (")", "]") or after in (",", ";") and _SEX_AFTER.match(lower, end) is not None
    ) and text[max(0, start - 200) : end + 200].islower()  # "amanda vega (94)", "ann lee, 94, f"
    name = (
        _NAME_COMMA.search(window)
        if after in (",", ";")
        else _NAME_PAREN.search(window)
        if after in (")", "]")
        else None
    )
    if name is not None and (
        name["name"] is None
        or _name_word(name["name"], known=False)
        and (name["name"][0].isupper() or lowercased)
        and not _reading_before(lower, start)  # "HR V-paced (100)"
    ):
        return 0.6  # a capitalised name; in lowercased text, a word before "(": "amanda vega (94)"
    pair = _TWO_NAMES_PAREN.search(window) if after in (")", "]") else None
    if pair is not None and _full_name_cased(pair, lowercased) and not _reading_before(lower, start):
        return 0.6  # "ANN SALAMI (95)": a first name that is no word, then a surname that may be one
    if (
        _LINE_END.match(lines, end) is not None or _HISTORY_AFTER.match(lower, end) is not None
    ) and _full_name_before(text, start):
        return 0.6  # "ANN LEE, 93" ending a line, "Ann Lee, 93 presents with"
    if after in (")", "]", ",", ";") or not after.strip():
        i = bisect_right(dob_ends, start) - 1
        if i >= 0 and start - dob_ends[i] <= 40 and _AFTER_BIRTH_DATE.search(lower, dob_ends[i], start):
            return 0.75
    return None


def _reading_before(lower: str, start: int) -> bool:
    """True when a vital label or a reading word stands in the clause right before a bracketed number:
    ``HR V-paced (100)`` is a rate, not a person's age.
    """
    tokens = tokens_in_clause(lower, start, 3)
    return value_label_before("", 0, len(tokens), tokens) or _AT_READINGS.in_tokens(tokens)


def _full_name_before(text: str, start: int) -> bool:
    """True when a title and a name (``Mrs. Lee,``) or two capitalised words that are known names
    (``Ann Lee,``, ``LEE, ANN;``; not ``Blood Glucose,``), not a doctor's, end right before ``start``,
    set off by a comma, a semicolon or a dash.
    """
    name = _FULL_NAME_BEFORE.search(text, max(0, start - 40), start)
    if name is None:
        return False
    if _CLINICIAN_BEFORE.search(text, max(0, name.start() - 8), name.start()) is not None:
        return False
    return name["first"] is None or all(
        word[0].isupper() and _name_word(word, known=True) for word in (name["first"], name["last"])
    )


def _full_name_cased(pair: re.Match[str], lowercased: bool) -> bool:
    """True when ``pair`` reads as a full name: a first name that is no everyday word, then a capitalised
    surname that is no vital (or any word, in lowercased text).
    """
    first, last = pair.group().split()[:2]
    if not _name_word(first, known=False) or lexicon().get(first.lower(), 0) & WORD:
        return False  # "See Figure (93)"
    return lowercased or (first[0].isupper() and last[0].isupper() and last.lower() not in VITALS)


def _name_word(word: str, *, known: bool) -> bool:
    """True when ``word`` may be a name: a first name, or a surname that is no common word (``Lee``,
    ``Vega``; not ``Result``, ``Note``), or (unless ``known``) a word no list knows; never a clinical
    term or a vital.
    """
    flags = lexicon().get(word.lower(), 0)
    if flags & CLINICAL or word.lower() in VITALS:
        return False
    if flags & FIRST or (flags & SURNAME and not flags & WORD):
        return True
    return not known and not flags


def _in_age_column(lower: str, start: int, end: int) -> bool:
    """True when the number sits in a table cell whose column header, a few lines up, is ``Age``.

    Tables with bars or tabs, and CSV rows (commas or semicolons, no aligned blanks), are split into
    cells and matched by cell index; tables aligned with blanks are matched by character columns (the
    header word overlaps the number's columns).
    """
    line_start = lower.rfind("\n", 0, start) + 1
    line_end = lower.find("\n", end)
    line = lower[line_start : line_end if line_end >= 0 else len(lower)]
    separator = next((s for s in _CELL_SEPARATORS if s in line), None)
    if separator is None and "  " not in line:
        separator = next((s for s in _CSV_SEPARATORS if s in line), None)  # "Ann Lee,93,1931-01-02"
    if separator is not None:
        column = lower.count(separator, line_start, start)
        cells = line.split(separator)
        if not _AGE_CELL.fullmatch(cells[column]):
            return False
    elif "  " not in line:
        return False
    pos = line_start - 1
    for _ in range(30):
        if pos <= 0:
            return False
        above_start = lower.rfind("\n", 0, pos) + 1
        above = lower[above_start:pos]
        pos = above_start - 1
        if not above.strip():
            return False
        if separator is not None:
            header = above.split(separator)
            if len(header) == len(cells) and _AGE_HEADER.fullmatch(header[column].strip(" \t*:")):
                return True
        elif above.count("  ") >= 2:
            for word in _AGE_WORD_IN_LINE.finditer(above):
                if word.start() < end - line_start + 2 and start - line_start - 2 < word.end():
                    return True
    return False


def register(registry: Registry[Recognizer]) -> None:
    """Plugin hook: add the age recognizer."""
    registry.register(AgeRecognizer.id, AgeRecognizer)
