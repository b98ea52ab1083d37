"""Dates in every common surface form, with their time when one is attached.

Numeric: ``3/4/21``, ``03-04-2021``, ``4.3.2021``, ``2021-03-04``, ``2021/3/4``, ``03/2021``, ``3/14``
(month/day needs context or an unambiguous day), ``20210304`` (HL7), ``20210304 1430``,
``202103041430``, ``2021-03-04T14:30:00Z``, ``03/04/2021 14:30``. Month names: ``March 4``,
``March 4th``, ``Mar. 4``, ``March 4, 2021``, ``4 Mar 2021``, ``04Mar2021``, ``04-MAR-21``,
``the 4th of March``, ``Mar '21``, ``Nov 96``, ``March 2021``, ``March 4-6, 2021``, misspelt names
(``Janurary 3``); Spanish, Portuguese, French, Italian and German month names with a day or a year
(``3 de marzo de 2021``, ``3. März``); a month alone after a preposition (``in March``); a day of the
month alone after a date word (``on the 11th``, ``extubated 23rd``, ``through the 25th``); seasons with a year
(``spring 2021``, ``Fall '96``); holidays (``Christmas``); two-digit years marked with an apostrophe
in a history list (``CVA 74'``); and a birth year that makes the person older than 89 (``born in
1930``).

Not dates: bare years (``2021``), times (``14:30``), weekdays, and the clinical fractions of
:mod:`phigate.detection.allowlist` (``4/5 strength``, ``BP 120/80``, ``pain 7/10``, ``APGAR 8/9``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from phigate.detection.allowlist import (
    SETTINGS,
    is_clinical_fraction,
    is_clinical_range,
    is_plain_fraction,
    is_setting_chain,
    measurement_follows,
    scalar_label,
    setting_after,
    setting_near,
    tokens_in_clause,
    unit_or_count_follows,
    value_label_before,
)
from phigate.detection.base import Match, Recognizer
from phigate.detection.builtin._foreign_months import foreign_dates
from phigate.detection.builtin._labels import CONNECTOR, label_scan, labelled_values
from phigate.detection.builtin._shared import LabelHits, ascii_lower, match
from phigate.detection.builtin._tokens import ChunkIndex, chunk_index, chunk_matches
from phigate.detection.context import Keywords, tokens_after, tokens_before
from phigate.model import Category
from phigate.registry import Registry

__all__ = ["DateRecognizer", "register"]

#: Month names and abbreviations, with the misspellings notes often hold (``Janurary``, ``Agust``).
_MONTH_NUMBER = {
    **dict.fromkeys(("jan", "january", "janurary", "januray"), 1),
    **dict.fromkeys(("feb", "febr", "february", "febuary", "feburary"), 2),
    **dict.fromkeys(("mar", "march"), 3),
    **dict.fromkeys(("apr", "april"), 4),
    "may": 5,
    **dict.fromkeys(("jun", "june"), 6),
    **dict.fromkeys(("jul", "july"), 7),
    **dict.fromkeys(("aug", "august", "agust", "augst"), 8),
    **dict.fromkeys(("sep", "sept", "september", "setember", "septmber", "sepember"), 9),
    **dict.fromkeys(("oct", "october", "ocotber", "octber"), 10),
    **dict.fromkeys(("nov", "november", "novmber", "novemeber"), 11),
    **dict.fromkeys(("dec", "december", "decmber", "decemeber"), 12),
}
_SEASONS = ("spring", "summer", "fall", "autumn", "winter")

#: Between a date and its time: ``T``, blanks, ``@``, ``at``, a comma.
_AT = r"(?:[Tt]|[ \t]{1,2}|[ \t]*(?:@|[aA][tT](?![A-Za-z]))[ \t]*|,[ \t]?)"
_TIME = (
    r"(?P<time>" + _AT + r"(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:[.,]\d{1,6})?)?"
    r"(?:[ \t]?[aApP]\.?[mM]\.?)?(?:[ \t]?[Zz]|[ \t]?[+-][01]\d:?[0-5]\d)?"
    r"|(?:[ \tTt]|[ \t]*(?:@|[aA][tT])[ \t]*)(?:[01]\d|2[0-3])[0-5]\d(?:[0-5]\d)?(?![\d:]))?"
)
_DASH = "\u2010\u2011\u2013"
#: Numeric dates, searched inside the shared number chunks; not inside a word or a number, but after
#: a label and a colon (``HX:8/30``) and a full date glued to a word (``on10/14/82``, ``ON10/14/82``).
#: Two month-day dates joined by a slash (``10/03/10/04``) are one span; ``am`` or ``pm`` may be glued
#: on (``3/4pm``). A month/day may end in a year or a day after another separator (``11/21.93``,
#: ``11/21-22``); a month-day may be written with a dash (``7-8``, scored strictly: clinical notes
#: write ranges so).
_NUMERIC = re.compile(
    r"\d(?:(?<![\w.:/,]\d)|(?<=[A-Za-z]:\d)|(?<=[A-Za-z]{2}\d)(?=\d?[-/.]\d\d?[-/.]\d\d))(?:"
    r"(?P<ymd>\d{3}(?P<s1>[-/." + _DASH + r"])\d{1,2}(?P=s1)\d{1,2})"
    r"|(?P<mdy>\d?(?P<s2>[-/." + _DASH + r"])\d{1,2}(?P=s2)(?:\d{4}|\d{2}))"
    r"|(?P<pair>\d?/\d\d?/\d\d?/\d\d?)"
    r"|(?P<ym>\d{3}[-/](?:0[1-9]|1[0-2]))"
    r"|(?P<my>\d?[/-]\d{4})"
    r"|(?P<mixed>\d?/\d{1,2}[-." + _DASH + r"]\d\d(?:\d\d)?)"
    r"|(?P<md>\d?[-/" + _DASH + r"]\d{1,2})"
    r"|(?P<compact>\d{7}(?:\d{4}(?:\d{2})?)?)"
    r")" + _TIME + r"(?:(?![\w]|[/.:]\d)|(?<=\d)(?=[aApP]\.?[mM](?![A-Za-z])))"
)

_SEPARATORS = re.compile(r"[-/." + _DASH + r"]")
_ORDINAL_DAY = re.compile(r"\d{1,2}(?:st|nd|rd|th)(?![a-z])")
_ORD = r"(?:st|nd|rd|th)?"
#: A year before a month and day: ``2021 Mar 04``, ``2021-Mar-04``.
_YEAR_BEFORE = re.compile(r"(?<![\w/.\-])(?:19|20)\d\d[ \t\-/.,]{1,3}$")
#: Spelled-out days of the month: ``fourth``, ``twenty-first``, ``thirtieth``.
_DAY_WORD = (
    r"(?:(?:twenty|thirty)[- ]?)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|tenth"
    r"|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth"
).replace("e", "[ec]")  # OCR reads "sccond"
#: Before a month: the day (``4 Mar``, ``4th of March``, ``the 4th of March``, ``04Mar``,
#: ``the fourth of March``, ``the 4th day of March``), maybe the end of a range (``4 - 6 March``,
#: ``1->2 Nov``, ``4/5 Nov``, ``4 and 6 March``).
_DAY_BEFORE = re.compile(
    r"(?:(?<![\w/.\-])\d{1,2}"
    + _ORD
    + r"[ \t]*(?:-+>?|[\u2013&/>]|(?:to|through|thru|and)(?=[ \t]))[ \t]*\d{1,2}"
    + _ORD
    + r"|(?:(?<![a-z])the[ \t]+)?(?:(?<![\w/.\-])(?P<d>\d{1,2})"
    + _ORD
    + r"|(?<![a-z])(?:"
    + _DAY_WORD
    + r")))"
    r"(?:[ \t\n]+day)?(?:[ \t\n]+of)?[ \t\-/.,]{0,3}$"
)
#: Not before a unit, a count, a time of day or a later day: ``Nov 4, 96`` is a year, ``Nov 4, 10 mg``
#: and ``Nov 4, 5 and 6`` hold none.
_NO_COUNT = (
    r"(?![ \t]*(?:%|(?:[ap]\.?m\.?|noon|midnight|x|times|hours?|hrs?|h|mins?|minutes?|days?|d|weeks?|wks?"
    r"|units?|u|mg|mcg|ml|cc|l|beats|yo|years?|yrs?)(?![a-z])|(?:,|&|and|or)[ \t]*\d))"
)
#: After a month: day, range, year (``Mar. 4``, ``March 4th, 2021``, ``Mar '21``, ``Nov 4, 96``, ``March
#: 4-6``, ``Nov 4->5``, ``March the fourth``); a second day after ``to``/``and`` only before a year or
#: the end of a phrase (``Jan 3 to 5, 2020``, ``March 4 and 6.``; not ``March 4 and 6 units``). A round
#: hour that starts a shift is no year (``OCT 23-24 1900->0700``).
_WS = r"[ \t]*(?:\n[ \t]*)?"  # blanks, and one line break of a hard-wrapped line
_AFTER_MONTH = re.compile(
    r"\.?(?:" + _WS + r"(?:the[ \t]+)?(?P<dw>" + _DAY_WORD + r")(?![a-z])"
    r"|" + _WS + r"[-/.,]?[ \t]*(?:the[ \t]+)?(?P<d>\d{1,2})" + _ORD + r"(?![\d:]|[a-z])"
    r"(?:[ \t]*(?:-+>?|[\u2013>])[ \t]*\d{1,2}" + _ORD + r"(?![\d:]|[a-z])"
    r"|[ \t]+(?:to|through|thru|and|&)[ \t]+(?:the[ \t]+)?\d{1,2}" + _ORD + r"(?![\d:]|[a-z])"
    r"(?=[ \t]*,?[ \t]*(?:19|20)\d\d(?!\d)|[ \t]*(?:[.;)\n]|$)))?)?"
    r"(?:[ \t]*[,/\-.]?" + _WS + r"(?:of[ \t]+)?(?P<y>(?:19|20)\d\d|['\u2019]\d\d|(?<=\d[./\-])\d\d"
    r"|(?:(?<=\d[, \t])|(?<=\d,[ \t]))\d\d" + _NO_COUNT + r")"
    r"(?![\d:]|[a-z]|(?<=[12]\d[03]0)[ \t]*(?:-+>?|\u2013)[ \t]*[0-2]\d[0-5]\d(?!\d)))?"
)
#: A time after a date written with a month name: ``4 Mar 2021 14:30``, ``March 4, 2021, 2:30 p.m.``,
#: ``Mar 4 @ 1430``, ``04-Mar-2021 14:30:00 -0500``.
_CLOCK = r"(?:(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?:\s?[ap]\.?m\.?)?|(?:1[0-2]|0?[1-9])[ \t]?[ap]\.?m\.?)"
_TIME_AFTER = re.compile(
    r"(?:(?:[ \t]{1,2}|[ \t]*,[ \t]?)"
    + _CLOCK
    + r"|[ \t]*\n?[ \t]*(?:@|at(?![a-z]))[ \t]*(?:"
    + _CLOCK
    + r"|(?:[01]\d|2[0-3])[0-5]\d(?:h|hrs)?))"
    r"(?:[ \t]?(?:z|utc|gmt|[ecmp][sd]t|[+-][01]\d:?[0-5]\d))?(?![\d:a-z])"
)
#: A day, a month's abbreviation and a year joined by dashes: ``04-jan-19``, ``4-mar-2019``.
_DAY_MON_YEAR = re.compile(r"\d{1,2}-[a-z]{3,4}\.?-(?:(?:19|20)\d\d|\d\d)(?!\d)")
#: A count of days, not a day of the month: ``3 day`` (``the 4th day of March`` is one).
_COUNTED_DAYS = re.compile(r"\d[ \t\n]+day")
#: A count before a number that would be a day before a month: ``oriented x 3, mar``.
_TIMES_BEFORE = re.compile(r"(?<![a-z])(?:x|times)[ \t]*$")
#: ``twenty-`` before ``fourth of July``: the twenty-fourth, not the holiday.
_TENS_BEFORE = re.compile(r"(?:(?<![a-z])the[ \t]+)?(?<![a-z])(?:tw[ec]nty|thirty)[ \t\-]?$")
#: A year after a season or a holiday, maybe a two-digit one (``spring 2021``, ``Fall '96``, ``Xmas 96``).
_YEAR_AFTER = re.compile(
    r"[ \t]*,?[ \t]*(?:of[ \t]+)?(?P<y>(?:19|20)\d\d(?!\d)"
    r"|['\u2019]\d\d(?![\d:]|[a-z])|(?P<bare>\d\d)(?![\d:]|[a-z]))"
)
#: Around a two-digit year marked with an apostrophe: no number, word or quote joined before it, and
#: nothing joined after the mark (not ``5'10"``, ``13-18'``).
_MARK_BEFORE = re.compile(r"[\w.'\u2019/\-]")
_MARK_AFTER = re.compile(r"(?![\w'\u2019\"]|[ \t]*\d)")
#: Events of a history list before such a year (``CVA 74'``), and ``in`` (``repair in 14'``).
_EVENTS = frozenset(
    """in since cva mi cabg ptca pci avr mvr tia dvt pe chf afib aaa stroke repair fx fracture surgery
    ca cancer dx diagnosed stent stents pacer ppm aicd icd htn dm niddm iddm copd cad pvd esrd crf ckd
    chole appy turp tah hernia mva sbo gib ugib pna seizure seizures lymphoma leukemia melanoma tkr thr
    orif amputation""".split()
)
#: Before a number and a mark that are a distance or an angle: ``HOB 30'``, ``ambulated 20'``.
_DISTANCE_WORDS = frozenset(
    """hob bed head elevated degrees angle ambulated ambulating ambulate amb walked walking walk hall
    hallway halls feet ft x up to about approx over""".split()
)
_PROCEDURE_ENDINGS = ("ectomy", "otomy", "ostomy", "plasty", "pexy", "scopy")
#: A year after a birth label (``born in 1930``, ``DOB: 1930``).
_BIRTH_YEAR = re.compile(
    CONNECTOR
    + r"(?:(?:in|the|year|c\.|ca\.|circa|around|about|approximately|approx\.|early|mid|late)[ \t]+){0,3}"
    r"(?P<v>(?:18|19|20)\d\d)(?!\d|[/.\-]\d)"
)
#: ``b. 1931``, ``(b.1931)``: the genealogists' "born", before a year (in the lowercased text).
_BORN_ABBREVIATION = re.compile(r"b(?<![a-z0-9]b)\.[ \t]?(?:c\.[ \t]?)?(?P<v>1[89]\d\d)(?!\d|[/.\-]\d)")
_VERSION = Keywords("version ver v rev release build software firmware".split())

#: Words before a date that make an ambiguous one (``3/14``, ``20210304``) a date.
DATE_CONTEXT = Keywords(
    """on since from until till thru through between dated date dates dos dob born birth birthday
    admitted admission admit discharged discharge seen visit visited appointment appt surgery
    procedure performed started start stopped stop began begun ended onset expired died death
    deceased dod effective received collected reported signed dictated transcribed scheduled
    followup f/u follow returned return rtc last next prior previous before after by s/p
    post op pod due lmp edd submitted filed faxed sent mailed billed paid approved denied issued
    renewed expires expired completed drawn obtained administered vaccinated immunized updated
    reviewed refilled dispensed prescribed called contacted notified of today yesterday tomorrow
    tonight week wk weekend night morning evening afternoon monday mon tuesday tue tues wednesday wed
    thursday thu thur thurs friday fri saturday sunday sun note notes letter report result results
    resulted exam study labs culture cultures cx biopsy bx echo cath ekg ecg cxr ct cta mri mra pet
    eeg emg dexa mammogram mammo colonoscopy egd ultrasound us xr imaging vaccine shot booster
    injury fall fell accident mvc hospitalized hospitalization readmitted transferred arrived
    presented consult consulted evaluated eval saw met spoke talked emailed texted messaged message
    msg voicemail lvm encounter televisit telehealth ordered entered printed created revised
    cancelled canceled rescheduled postponed confirmed booked documented recorded noted done placed
    inserted removed resited rewired intubated extubated reintubated intubation extubation transfused npn
    xray dc recd rcvd recvd trach trached peg tracheostomy event events arrest mi cva cabg ptca pci stent
    stented cathed dialysis dialyzed hemodialysis adm readmit addendum flowsheet bm lbm bcx ucx icu ccu micu
    sicu csru ctic pacu osh ew rehab snf picc tlc mlc cvl cvc aline quinton permacath dobhoff foley ngt
    ogt extubate intubate bronch bronched bronchoscopy paracentesis thoracentesis ercp embolized
    embolization coiled coiling clipped clipping xrt dnr cmo mtg meeting diagnosed dx pancultured pancx
    woke planned floor""".split()
    + ["x ray", "d c", "rec d", "to or", "in or", "from or", "back to or", "to the or", "in the or"]
)
#: Words that date a month/day only right before it, as they also change a value (``dressing changed
#: 3/4``, ``TF held 3/4``, ``HD 3/4``; not ``changed to 3/4 strength``, ``restarted at 1/4 rate``).
_ADJACENT_CUES = frozenset(
    "changed given held pulled resumed restarted replaced repleted hd cvvh cvvhd tx".split()
)
#: An earlier date of a list or range right before (``3/2 - 3/4``, ``3/2, 3/4 and 3/6``, ``3/2 to 3/4``).
_DATE_BEFORE = re.compile(
    r"\d{1,2}[/\-.]\d{1,2}(?:[/\-.]\d{2,4})?[ \t]*(?:[,;&\-\u2013]|to|thru|through|until|till|and|or)"
    r"[ \t]*(?:and[ \t]+|or[ \t]+)?$"
)
#: Words before a month alone that make it a date (``in March``, ``since April``).
_MONTH_ALONE_CONTEXT = Keywords(
    """in since during until till by before after early mid late end beginning start last next
    this of from through thru between and or to around""".split()
)
#: Months that are no other word, dates alone in lowercase too (``in sept.``, ``since january``).
_LOWER_ALONE = frozenset(set(_MONTH_NUMBER) - {"may", "march", "mar", "dec"})
#: A word right after a month alone: ``DEC`` then reads as a verb or an abbreviation.
_WORD_AFTER = re.compile(r"[ \t]+(?!of\b|and\b|or\b|to\b|through\b|thru\b)[a-z]")
_SCALE_WORDS = Keywords("pain scale rated rates rating severity intensity score".split())
_AS_OF = Keywords(["as of"])
_STRONG = Keywords("dated date dos dob on since from until collected received reported signed".split())
#: Date cues that may stand between a value label and a date, which is then no value of the label.
_EVENT_CUES = frozenset(
    """on since placed inserted removed changed started stopped drawn sent done extubated intubated
    reintubated trached admitted discharged transferred arrived expired died checked spiked""".split()
)
#: Before ``on`` and a pair of numbers: words that put a patient on ventilator settings, not on a
#: date (``placed on 7/8`` stays a date).
_ON_SETTING = frozenset(
    """tried trial trialed remained remains remain stayed stays kept initially still currently presently
    now back tolerating tolerated tolerates resting rested""".split()
)
#: Blood gases: drawn on a date as often as read on settings (``ABG on 11/4 showed``).
_GASES = frozenset("abg abgs vbg gas gases".split())
#: A value after a date that a label before it measures: ``WT 10/8 59.2kg``.
_VALUE_AFTER = re.compile(r"[ \t]{1,3}\d{1,4}(?P<dec>\.\d{1,2})?")
#: A day of the month alone, ending the phrase or followed by a word that no counted thing is (``on
#: the 4th pt fell``, ``the 25th or 26th``; not ``the 11th rib``, ``on the 2nd day``, ``on 1st step``).
_DAY_ALONE = r"(?P<d>(?:[12]?[1-9]|[123]0|31)"
_DAY_END = (
    r"(?![a-z0-9])(?=[ \t]*(?:[.,;:!?)\n]|$|@|(?:at|and|or|to|thru|through|until|till|but|when|with|in|around"
    r"|for|after|before|due|pt"
    r"|patient|he|she|family|am|pm|morning|afternoon|evening|night)(?![a-z])))"
)
#: Three scans, each led by a word that ``re`` finds fast: ``the`` and a day (``on the 11th``, ``it's
#: the 11th``, ``extubated on the 23.``), ``on`` and a day (``on 22nd``, ``extubated on 23.``), and a
#: weekday and a day (``Tuesday (23)``, ``Friday 24th``).
_THE_DAY = re.compile(r"the[ \t]+" + _DAY_ALONE + r"(?:st|nd|rd|th)?)" + _DAY_END)
_ON_DAY = re.compile(r"on[ \t]+" + _DAY_ALONE + r"(?P<o>st|nd|rd|th)?)" + _DAY_END)
_WEEKDAY_DAY = re.compile(r"day\.?[ \t]+\(?" + _DAY_ALONE + r"(?:st|nd|rd|th)?)\)?" + _DAY_END)
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
#: Cues before ``the`` and a day: prepositions and weekdays (``Monday the 25th``).
_ORDINAL_CUES = frozenset(["on", "since", "until", "till", "by", *_WEEKDAYS])
#: Cues before ``the`` and an ordinal day besides date words: ``the 25th or 26th``, ``planned for the
#: 23rd``, ``from the 21st to the 25th``, ``it is the 24th``.
_THE_ORDINAL_CUES = frozenset("or for to and is was".split())
#: An ordinal day written alone, without ``the`` (``extubated 23rd``, ``due 3rd.``, ``Mon 24th``): a date
#: only after a date word.
_BARE_ORDINAL = re.compile(r"\d{1,2}(?:st|nd|rd|th)" + _DAY_END)
_GLUED_BEFORE = frozenset("/.-_" + "abcdefghijklmnopqrstuvwxyz0123456789")
#: Events before ``on`` and a bare day (``extubated on 23.``, ``heparin stopped on 23 due to``): none
#: that puts a patient on a dose or a setting (``placed on 5.``, ``started on 10``).
_DAY_EVENTS = frozenset(
    """stopped discontinued dc dcd dced extubated intubated reintubated admitted readmitted discharged removed
    pulled died expired transferred trached done performed""".split()
)
#: A date this sure of itself dates its note: a weak month/day within :data:`_NEAR_DAYS` of it (a
#: fraction-like ``3/4`` in a note about ``3/2``) is taken as a date of the same stay.
_SURE = 0.6
_NEAR_DAYS = 10
#: ``'s`` after numbers makes them decades or counts, not dates: ``bp 120-140's/70's``, ``30-40's``.
_PLURAL = re.compile(r"['\u2019]s(?![a-z])", re.IGNORECASE)
#: Before or after a pair of pressure support over PEEP (five or more), words that make it ventilator
#: settings even after a date cue: ``weaning trial 5/5``, ``mask ventilation 5/5``, ``from 5/5 IPS``.
_WEANING = frozenset("wean weaning weaned trial trials trialed mask ventilation ventilated".split())
_MODES = frozenset("ps psv ips eps peep cpap bipap ipap epap simv imv prvc aprv flowby".split())
#: A side after a date, not litres: ``11/14 L arm``, ``11/14 R IJ``.
_SIDE_AFTER = re.compile(r"[ \t]?[LR][ \t]+[A-Za-z]{2}")
#: Shorthand after a date whose letter reads as a unit: ``c/o`` (complains of), ``c/b``, ``c/w``, ``f/u``,
#: ``h/o``.
_SHORTHAND_AFTER = re.compile(r"[ \t]?(?:[cC]/[obswOBSW]|[fF]/[uU]|[hH]/[oO])(?![A-Za-z])")
#: Event words right before a month/day that date it even beside a device word (``IABP placed 6/15``).
_DATING_EVENTS = _EVENT_CUES - {"on", "changed"}
#: Words for taking the tube out: no ventilator settings follow (``extubation 10/7``).
_EXTUBATION = frozenset("extubation extubate extubated".split())
#: A value, then the date it was taken in parentheses: ``EF 40% (6/12)``.
_VALUE_THEN_PAREN = re.compile(r"(?<![\d/.])\d{1,3}(?:\.\d{1,2})?%?[ \t]*\($")
#: Events that happen once, after which ``2/2`` ending a clause is a date: ``extubated 2/2.``
_ONCE = frozenset(
    "extubated intubated reintubated trached admitted discharged transferred arrived expired died".split()
)
#: The cause after ``2/2`` (secondary to): a word or a bracket; not the end of the clause, a time or
#: what follows a date (``extubated 2/2 at 10am``, ``cath 2/2 showed``).
_CAUSE_AFTER = re.compile(
    r"[ \t]*(?!(?:at|for|and|or|in|on|via|from|when|after|before|until|am|pm|a\.m|p\.m|revealed|showed)"
    r"(?![A-Za-z]))[A-Za-z(]",
    re.IGNORECASE,
)
#: An FiO2 after a pair: ``10/5/.30``.
_FIO2_AFTER = re.compile(r"/0?\.\d")
#: A clock time right before a month/day, after ``at`` or ``@``: ``d/c'd at 0630 3/4``.
_CLOCK_BEFORE = re.compile(r"(?:(?<![a-z])at|@)[ \t]*(?:[01]\d|2[0-3]):?[0-5]\d[ \t,]+$", re.IGNORECASE)
#: After a month/day, a colon that opens a dated entry (``OR 3/4: washout``), or the dash or arrow of
#: a course that has not ended (``vanco (3/4- )``, ``zosyn 3/4->``); no fraction ends so.
_ENTRY_OR_OPEN = re.compile(r":(?![\d/])|[ \t]?(?:-+>?|\u2013|\u2192)[ \t]*(?:\)|$|\n|[,;])")
#: After a month/day, the time of day: ``3/4 pm``, ``3/4pm``, ``3/4 morning``, ``3/4 overnight``.
_DAYTIME_AFTER = re.compile(
    r"[ \t]?(?:[ap]\.?m\.?|morning|afternoon|evening|night|overnight|noc)(?![a-z])", re.IGNORECASE
)
#: After a month/day, where or when it happened: ``3/5 at rehab``, ``3/4 @ 2pm``.
_AT_AFTER = re.compile(
    r"[ \t]+(?:@|at(?![a-z]))[ \t]*(?P<clock>\d{1,2}(?::[0-5]\d)?[ \t]?[ap]\.?m(?![a-z]))?", re.IGNORECASE
)
#: A shift's hours next to a month/day in a note header: ``7a-7p 3/4``, ``3/4 7p-7a``, ``1900-0700 3/4``.
_SHIFT = (
    r"(?:\d{1,2}(?::?[0-5]\d)?[ap]m?[ \t]*[-\u2013][ \t]*\d{1,2}(?::?[0-5]\d)?[ap]m?"
    r"|(?:[01]\d|2[0-3])[0-5]\d[ \t]*[-\u2013][ \t]*(?:[01]\d|2[0-3])[0-5]\d)(?![\w])"
)
_SHIFT_BEFORE = re.compile(r"(?<![\w/])" + _SHIFT + r"[ \t,:]*$", re.IGNORECASE)
_SHIFT_AFTER = re.compile(r"[ \t,:]*" + _SHIFT, re.IGNORECASE)
#: The month/day that starts a numeric date, and the last day of a range after it: ``11/2-3``, ``3/4-6``,
#: ``11/2 -> 3``; spaced, or a second day, only at the end of the phrase (``11/2 - 3.``, ``11/2 & 3,``).
_MONTH_DAY_START = re.compile(r"\d{1,2}/(?P<d>\d{1,2})")
_DAY_RANGE = re.compile(
    r"(?:[-\u2013]|[ \t]?-+>[ \t]?|[ \t]+(?:[-\u2013&]|and|to|thru)[ \t]+(?=\d{1,2}[ \t]*(?:[.,;:)\n]|$)))"
    r"(?P<d>\d{1,2})(?![\w/:'\u2019]|[.\-]\d)"
)
#: A later day of the month after a date, in a list or a range (``3/21, 22 and 23``, ``3/21 & 22``,
#: ``3/23 - 24 7p-7a``), maybe after an event (``extubated 3/22, reintubated 23``, ``on 3/20 and again
#: on 27``); not a value of another date or of now (``28 3/21, 26 3/22``, ``28 on 3/21 and 26 today``).
_NEXT_DAY = re.compile(
    r"(?:[ \t]+(?:[ap]\.?m\.?|morning|evening|night|overnight|noc)(?![a-z]))?"
    r"[ \t]*(?:(?:,|&|\+|-+>?|\u2013)[ \t]*(?:(?:and|or|&)[ \t]+)?"
    r"|(?:and|or|vs|to|into|thru|through|until|till)[ \t]+)"
    r"(?P<words>(?:[A-Za-z][A-Za-z'/]*[ \t]+){1,2})?"
    r"(?P<d>[0-3]?\d(?:st|nd|rd|th)?)(?![\w/:'\u2019%]|[.\-]\d|,\d{3}|[ \t]+(?:[A-Za-z]+[ \t]+)?\(?\d{1,2}/\d"
    r"|[ \t]+(?:today|now|this|yesterday|tonight|currently|presently|earlier|later)(?![a-z]))",
    re.IGNORECASE,
)
#: The day that ends a date written with a month name (``July 21``, ``Nov 4th``; not ``Mar '21``).
_TRAILING_DAY = re.compile(r"(?<![\d'\u2019])([0-3]?\d)(?:st|nd|rd|th)?$")
#: Words between a date and a later day that make the day a date too (with a date cue).
_AGAIN = Keywords(["again"])
#: The most days a later day, after an event word, may lie past the date before it.
_LATER_DAYS = 14
#: Words right before a month-day written with a dash, which is otherwise a range of values:
#: ``on 7-8``, ``since 3-4``, ``placed 3-4``, ``f/u 2-23``; not ``q 2-3``, ``rr 12-18``.
_DASHED_CUES = frozenset(
    """on since until till dated date dob dos started placed inserted removed changed due returned
    admitted discharged extubated intubated appt appointment scheduled followup fu""".split()
)
#: ``f/u``, read as the tokens ``f`` and ``u``, is a date cue too.
_FOLLOW_UP = ["f", "u"]
#: What may follow a dashed month-day: the clause's end, or a word no count takes (``on 6-9 for
#: clipping``; not ``on 1-2 pillows``, ``on 4-5 L``, ``until 3-4 pm``).
_DASHED_END = re.compile(
    r"[ \t]*(?:$|[.,;:)\]\n]|@|(?:for|at|and|when|with|after|before|via|s/p)(?![a-z]))", re.IGNORECASE
)


def _sure_day(lower: str, before: re.Match[str] | None, after: re.Match[str] | None) -> bool:
    """True when the day next to a month is written as a day: ``26th of may``, ``may 16th``."""
    if before is not None and (_ORDINAL_DAY.search(before.group()) or " of" in before.group()):
        return True
    return (
        after is not None
        and after["d"] is not None
        and _ORDINAL_DAY.match(lower, after.start("d")) is not None
    )


def _short_year(lower: str, after: re.Match[str] | None, dated: bool) -> int | None:
    """The end of a two-digit year that :data:`_AFTER_MONTH` read as a day (``2 nov, 96``, ``Nov 96``):
    after a day or a capitalised month, and not a count (``Dec 40 mg``).
    """
    if not dated or after is None or after["d"] is None or len(after["d"]) != 2 or int(after["d"]) <= 31:
        return None
    end = after.end("d")
    return None if measurement_follows(lower, end) or lower.startswith("-", end) else end


def _year_after(text: str, lower: str, start: int, end: int) -> re.Match[str] | None:
    """The year after a season or a holiday (``spring 2021``, ``Fall '96``, ``Christmas 96``): two bare
    digits only after a capitalised word and before no unit (not ``fall 45 min ago``).
    """
    y = _YEAR_AFTER.match(lower, end)
    if y is None or y["bare"] is None:
        return y
    return y if text[start].isupper() and not measurement_follows(lower, y.end()) else None


def _marked_years(text: str) -> Iterator[Match]:
    """Two-digit years marked by a trailing apostrophe after an event of a history list (``CVA 74'``,
    ``cholecystectomy 77'``, ``AAA repair in 14'``); not feet or degrees (``ambulated 30'``, ``HOB 30'``).
    Once one event dates so, the writer's other marked numbers after a word are years too (``CVA 74',
    lap chole 88'``).
    """
    marked: list[tuple[int, int, bool]] = []  # start, end, after an event
    for mark in ("'", "\u2019"):
        pos = text.find(mark, 2)
        while pos >= 0:
            start = pos - 2
            if (
                text[start:pos].isdigit()
                and not _MARK_BEFORE.match(text, start - 1, start)
                and _MARK_AFTER.match(text, pos + 1)
            ):
                before = tokens_before(text, start, 1)
                if before and before[-1].isalpha() and before[-1] not in _DISTANCE_WORDS:
                    marked.append((start, pos, _history_event(before)))
            pos = text.find(mark, pos + 1)
    if any(event for _, _, event in marked):
        for start, end, _event in marked:
            yield match(start, end, Category.DATE, 0.6)


def _day_cued(rx: re.Pattern[str], m: re.Match[str], before: list[str]) -> bool:
    """True when the words ``before`` the day alone that ``rx`` found make it a date: a preposition or
    a weekday before ``the``, an ordinal or an event before ``on``, a weekday itself.
    """
    if rx is _WEEKDAY_DAY:
        return bool(before) and before[0] in _WEEKDAYS
    if rx is _ON_DAY and m["o"] is not None:
        return True
    if not before:
        return False
    if rx is _ON_DAY:
        return before[-1] in _DAY_EVENTS or _discontinued(before)
    if before[-1] in _ORDINAL_CUES or before == ["it", "s"]:
        return True
    return m["d"][-1].isalpha() and (before[-1] in _THE_ORDINAL_CUES or DATE_CONTEXT.in_tokens(before[-1:]))


def _day_and_later(lower: str, start: int, end: int) -> Iterator[Match]:
    """The day of the month alone at ``start:end`` (``23rd``, ``23``), and the later days listed after it."""
    yield match(start, end, Category.DATE, 0.7)
    for s, e in _later_days(lower, end, int(lower[start:end].rstrip("stndrh"))):
        yield match(s, e, Category.DATE, 0.7)


def _discontinued(before: list[str]) -> bool:
    """True when ``before`` ends with ``d/c`` or ``d/c'd``: discontinued."""
    return before[-2:] in (["d", "c"], ["c", "d"])


def _history_event(before: list[str]) -> bool:
    """True when ``before`` (the token before a year) names an event of a history or is ``in``."""
    if not before:
        return False
    word = before[-1]
    return word in _EVENTS or word.endswith(_PROCEDURE_ENDINGS)


def _valid_day(month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)


def _day_of_year(body: str) -> int | None:
    """The rough day of the year of the month/day that starts ``body`` (``3/4``, ``3/4/97``), to
    compare dates of one note; None when it reads as no month and day.
    """
    month, day = (int(p) for p in _SEPARATORS.split(body)[:2])
    return (month - 1) * 31 + day if _plausible_day(month, day) else None


def _plausible_day(month: int, day: int) -> bool:
    """True for a month and a day up to 31 in any month: surrogate dates and typos write days a month
    lacks (``2/31``, ``4/31/97``), which their place in the text still makes dates.
    """
    return 1 <= month <= 12 and 1 <= day <= 31


def _label_window(text: str, start: int, end: int) -> list[str]:
    """The tokens before the ``a/b`` at ``start:end`` in which a vital, score or lab label makes it a
    value: the last three of its clause (not ``O2. 10/1``); none past a date cue (``VA on 10/18``,
    ``CL placed 4/11``; but ``PS on 10/5``); none when a value of the label follows (``WT 10/8 59.2kg``).
    """
    window = tokens_in_clause(text, start, 3)
    if window and window[-1] in _EVENT_CUES:
        return window[-2:] if SETTINGS.in_tokens(window[-2:-1]) else window[-1:]
    value = _VALUE_AFTER.match(text, end)
    if value is not None and (value["dec"] or measurement_follows(text, value.end())):
        return []
    return window


def _on_settings(text: str, start: int, end: int, before: list[str], a: int, b: int) -> bool:
    """True when ``on`` before ``a/b`` puts the patient on ventilator settings (pressure support over
    PEEP, so ``a >= b``): a settings word right after (``ON 10/5 BIPAP``) or before ``on`` (``CPAP on
    10/5``; a blood gas is drawn on dates), a trial or state word before ``on`` (``tried on 5/5``,
    ``remained on 10/5``), or equal values, the usual trial, with a settings word earlier in the
    clause (``ABG acceptable on 5/5``).
    """
    if a < b:
        return False
    word = before[-2] if len(before) > 1 else ""
    if word in _ON_SETTING or (word in SETTINGS and word not in _GASES) or setting_after(text, end):
        return True
    return a == b and SETTINGS.in_tokens(tokens_in_clause(text, start, 5))


def _reads_as_setting(text: str, start: int, end: int, *, cued: bool) -> bool:
    """True when a unit or a ventilator word makes the month/day at ``start:end`` a setting (``5/30%``,
    ``cpap 5/18``, ``5/15 ips``); a side after it is no litre (``PICC 11/14 L arm``), nor is shorthand
    (``seen 6/16 c/o cough``, ``11/14 f/u``). After an event word (``cued``) only a ventilator word after
    it counts: ``IABP placed 6/15`` dates the device.
    """
    if measurement_follows(text, end) and _SIDE_AFTER.match(text, end) is None:
        if _SHORTHAND_AFTER.match(text, end) is None:
            return True
    return setting_after(text, end) if cued else setting_near(text, start, end)


def _vent_pair(text: str, end: int, window: list[str], a: int, b: int) -> bool:
    """True when the ``a/b`` ending at ``end`` is pressure support over PEEP whatever date cue stands
    before it: a weaning word in ``window`` or a mode right after (``weaning trial 5/5``, ``from 5/5
    IPS``), or an FiO2 after it (``10/5/.30``).
    """
    if _FIO2_AFTER.match(text, end):
        return True
    if window[-1:] and window[-1] in _EXTUBATION and not _MODES.intersection(tokens_after(text, end, 1)):
        return False  # "weaning, extubation 10/7": no settings after the tube is out
    return a >= b >= 5 and bool(
        _WEANING.intersection(window) or _MODES.intersection(tokens_after(text, end, 1))
    )


def _joined_dates(text: str, start: int, end: int, parts: list[int]) -> float | None:
    """The score of two month/day dates joined by a slash (``10/03/10/04``): not settings or a value."""
    first, second = _valid_day(parts[0], parts[1]), _valid_day(parts[2], parts[3])
    if not (first and second) or is_setting_chain(text, start, end) or value_label_before(text, start, 2):
        return None
    return 0.7


def _mixed_score(text: str, start: int, end: int, month: int, day: int) -> float | None:
    """The score of a month/day with a year or a last day after another separator (``11/21.93``,
    ``11/21-22``): not a value or a setting (``PS 10/5.40``).
    """
    if not _plausible_day(month, day) or is_setting_chain(text, start, end):
        return None
    return None if is_clinical_fraction(text, start, end) else 0.7


def _shift_near(text: str, start: int, end: int) -> bool:
    """True when a shift's hours stand right before or after ``start:end`` (``7a-7p 3/4``)."""
    return bool(_SHIFT_BEFORE.search(text, max(0, start - 24), start) or _SHIFT_AFTER.match(text, end))


def _dashed_score(text: str, start: int, end: int, month: int, day: int) -> float | None:
    """The score of a month-day written with a dash (``on 6-9 for clipping``, ``7a-7p 3-4``), which
    clinical notes mostly write for ranges (``q 2-3 hours``, ``RR 12-18``, ``on 1-2 pillows``): a date
    cue right before it or a shift's hours next to it, the clause's end or a word no count takes after
    it, and no value, setting or range read there.
    """
    if not _plausible_day(month, day) or _DASHED_END.match(text, end) is None:
        return None
    before = tokens_in_clause(text, start, 4)
    if not (
        (before and before[-1] in _DASHED_CUES) or before[-2:] == _FOLLOW_UP or _shift_near(text, start, end)
    ):
        return None
    if value_label_before(text, start, 3, before) or is_clinical_range(text, start, end):
        return None
    if setting_near(text, start, end) or (
        before[-1:] == ["on"] and _on_settings(text, start, end, before, month, day)
    ):
        return None
    return 0.7


def _valued(text: str, start: int) -> bool:
    """True when a number stands right before the date at ``start`` (``hct 28 3/21``, ``28 on 3/21``):
    numbers listed after the date are more values, not days.
    """
    before = tokens_before(text, start, 2)
    if before[-1:] == ["on"]:
        before = before[:-1]
    return bool(before) and before[-1][:1].isdigit()


def _later_days(text: str, end: int, day: int) -> Iterator[tuple[int, int]]:
    """The spans of the later days of the month listed after a date that ends at ``end`` on ``day``
    (:data:`_NEXT_DAY`): each later than the one before, none counting a thing (``3/21 and 22 units``).
    """
    m = _NEXT_DAY.match(text, end)
    while m is not None:
        later = int(m["d"].lower().rstrip("stndrh"))
        words = m["words"]
        if words is not None:
            tokens = words.lower().split()
            cued = DATE_CONTEXT.in_tokens(tokens) or _AGAIN.in_tokens(tokens) or tokens[-1] in _ADJACENT_CUES
            if not cued or later > day + _LATER_DAYS:
                return
        if not day < later <= 31 or unit_or_count_follows(text, m.end()):
            return
        yield m.span("d")
        day = later
        m = _NEXT_DAY.match(text, m.end())


def _counted_range(text: str, start: int, end: int) -> bool:
    """True when the ``a/b`` at ``start:end`` starts a range of a counted thing (``1/2-3 tabs``)."""
    last = _DAY_RANGE.match(text, end)
    return last is not None and is_clinical_fraction(text, start, last.end())


def _split_range(text: str, start: int, end: int, body: str) -> tuple[int, tuple[int, int] | None]:
    """Where the month/day ``body`` at ``start:end`` ends, and the span of the last day of a range of
    days after it, if any (``11/2-3``, ``11/21-22``; not ``1/2-3 tabs``, ``11/21-93``). Two findings,
    so that a date shift moves both days: one span would keep the last day as written.
    """
    month_day = _MONTH_DAY_START.match(body)
    if month_day is None:
        return end, None
    head = start + month_day.end()
    last = _DAY_RANGE.match(text, head)
    if last is None or not int(month_day["d"]) < int(last["d"]) <= 31 or _counted_range(text, start, head):
        return end, None
    return head, last.span("d")


def _valid_year(year: str) -> bool:
    return len(year) == 2 or 1900 <= int(year) <= 2099


class DateRecognizer:
    """Dates (numeric, with month names, seasons, holidays) and birth years of people over 89."""

    id = "date"
    version = "2"
    categories = frozenset({Category.DATE})

    def find(self, text: str) -> Iterator[Match]:
        """Yield date matches in ``text``."""
        index = chunk_index(text)
        labels = label_scan(text)
        dob = labels.of("DOB")
        found = list(self._numeric(text, index, dob)) if index.dated else []
        words = labels.of("DATE_WORD")
        if words.starts:
            found.extend(self._words(text, words))
        yield from found
        if dob.starts or "b." in text or "B." in text:
            yield from self._birth_years(text, bool(dob.starts))
        yield from self._ordinal_days(text, dated=any(m.score >= _SURE for m in found))
        if "'" in text or "\u2019" in text:
            yield from _marked_years(text)
        yield from foreign_dates(text)

    def _ordinal_days(self, text: str, *, dated: bool) -> Iterator[Match]:
        """Days of the month written alone (the day only): ``on the 11th``, ``it's the 11th.``; in a
        ``dated`` note (one with a sure date) also ``on 22nd``, ``extubated on 23.``, ``Tuesday (23)``;
        and the later days listed after one (``the 25th or 26th``).
        """
        lower = ascii_lower(text)
        for rx in (_THE_DAY, _ON_DAY, _WEEKDAY_DAY) if dated else (_THE_DAY,):
            for m in rx.finditer(lower):
                start = m.start()
                if start and lower[start - 1].isalpha() and rx is not _WEEKDAY_DAY:
                    continue  # "clothe 3", "tion 3"
                if _day_cued(rx, m, tokens_before(lower, m.end() if rx is _WEEKDAY_DAY else start, 2)):
                    yield from _day_and_later(lower, *m.span("d"))
        for m in _BARE_ORDINAL.finditer(lower):
            start, end = m.start(), m.end()
            if start and lower[start - 1] in _GLUED_BEFORE or not 1 <= int(m.group()[:-2]) <= 31:
                continue  # "123rd", "3/21st", "45th"
            before = tokens_before(lower, start, 1)
            if before and before[-1] != "the" and DATE_CONTEXT.in_tokens(before):
                yield from _day_and_later(lower, start, end)

    def _birth_years(self, text: str, labelled: bool) -> Iterator[Match]:
        """Birth years that make a person older than 89 (``born in 1930``, ``YOB 1929``, ``b. 1931``):
        Safe Harbor folds them into the 90+ category, so they are dates to remove. Other bare years
        stay.
        """
        oldest = dt.date.today().year - 90
        for _label, s, e in labelled_values(text, "DOB", _BIRTH_YEAR) if labelled else ():
            if int(text[s:e]) <= oldest:
                yield match(s, e, Category.DATE, 0.85)
        if "b." in text or "B." in text:
            for m in _BORN_ABBREVIATION.finditer(ascii_lower(text)):
                if int(m["v"]) <= oldest:
                    yield match(m.start("v"), m.end("v"), Category.DATE, 0.8)

    # -- numeric forms -------------------------------------------------------------------------------

    def _numeric(self, text: str, index: ChunkIndex, dob: LabelHits) -> Iterator[Match]:
        found: list[tuple[int, int, float, int | None]] = []  # start, end, score, day of the year
        for m in chunk_matches(_NUMERIC, index.dated, index.view, min_len=3, after=32):
            start, end = m.span()
            time = m.start("time")
            body = m.string[start:time] if time >= 0 else m.group()
            score = self._numeric_score(text, start, end, body, dob.before(start, 16), time >= 0)
            if score is None:
                continue
            last = None
            if time < 0 and (m["mixed"] or (m["md"] and "/" in body)):
                end, last = _split_range(text, start, end, body)
            found.append((start, end, score, _day_of_year(body) if m["md"] or m["mdy"] else None))
            if last is not None:
                found.append((*last, score, None))
            if score >= 0.5 and (last is not None or (m["md"] and time < 0 and "/" in body)):
                if not _valued(text, start):  # the day from the OCR view's digits ("3/2O" is "3/20")
                    first = body.partition("/")[2] if last is None else text[last[0] : last[1]]
                    later = _later_days(text, end if last is None else last[1], int(first))
                    found.extend((s, e, score, None) for s, e in later)
        sure = [day for _, _, score, day in found if day is not None and score >= _SURE]
        for start, end, score, day in found:
            if score < _SURE and day is not None and any(abs(day - other) <= _NEAR_DAYS for other in sure):
                score = 0.55  # "3/4" in a note that is about "3/2" and "3/6": the stay's dates cluster
            yield match(start, end, Category.DATE, score)

    def _numeric_score(
        self, text: str, start: int, end: int, body: str, labelled: bool, timed: bool
    ) -> float | None:
        """The score of the numeric date ``body`` (without its time), told apart by its shape:
        ``y-m-d``, ``m/d/y``, ``m/d.y``, ``y-m``, ``m/y``, ``m/d``, ``m-d``, two joined ``m/d/m/d`` or
        eight digits. None for decades and counts (``bp 120-140's/70's``).
        """
        if _PLURAL.match(text, end):
            return None
        parts = _SEPARATORS.split(body)
        if len(parts) == 4:
            return _joined_dates(text, start, end, [int(p) for p in parts])
        if len(parts) == 3:
            return self._three_parts(text, start, end, body, parts)
        if len(parts) == 2:
            if len(parts[0]) == 4:
                return 0.7 if 1900 <= int(parts[0]) <= 2099 else None
            if len(parts[1]) == 4:
                return 0.85 if 1 <= int(parts[0]) <= 12 and _valid_year(parts[1]) else None
            if "/" not in body:
                return _dashed_score(text, start, end, int(parts[0]), int(parts[1]))
            return self._month_day(text, start, end, body, labelled, timed)
        return self._compact(text, start, body, labelled or timed)

    def _three_parts(self, text: str, start: int, end: int, body: str, parts: list[str]) -> float | None:
        """The score of ``y-m-d``, ``m/d/y`` or ``m/d.y`` (a year or a last day after another separator)."""
        if len(parts[0]) == 4:
            y, mo, d = parts
            return 0.95 if _valid_year(y) and _plausible_day(int(mo), int(d)) else None
        a, b, y = int(parts[0]), int(parts[1]), parts[2]
        if body.count("/") == 1:
            return _mixed_score(text, start, end, a, b)
        if not (_plausible_day(a, b) or _plausible_day(b, a)):
            return None
        dotted = body[len(parts[0])] == "."
        if dotted and _VERSION.in_tokens(tokens_before(text, start, 2)):
            return None
        if len(y) == 2 and is_setting_chain(text, start, end):
            return None  # ventilator settings: "PSV 12/10/40%"
        return (0.75 if dotted else 0.95) if _valid_year(y) else None

    def _month_day(
        self, text: str, start: int, end: int, body: str, labelled: bool, timed: bool
    ) -> float | None:
        a, b = (int(p) for p in body.split("/"))
        if body == "24/7" or not (_plausible_day(a, b) or _plausible_day(b, a)):
            if 1 <= a <= 12 and b >= 32 and body[-3] == "/" and not is_clinical_fraction(text, start, end):
                return 0.6  # a month and a two-digit year: "AVR 8/88", "s/p MI 11/92"
            return None
        if (body[0] == "0" or "/0" in body) and not is_setting_chain(text, start, end):
            return 0.7  # a padded month or day is no fraction or reading: "EF 35% (3/02)", "04/5"
        before = tokens_before(text, start, 3)
        window = _label_window(text, start, end)
        unambiguous = 1 <= a <= 12 < b  # a day over 12: no fraction, grade or exam finding
        if text.startswith(")", end) and _VALUE_THEN_PAREN.search(text, max(0, start - 12), start):
            if not (is_plain_fraction(a, b) or setting_near(text, start, end)):
                return 0.7  # the date of a value, in parentheses after it: "EF 35% (1/12)", "K 3.1 (10/3)"
        if value_label_before(text, start, 2, window) and not (
            unambiguous and (window[-1].isdigit() or scalar_label(window[-2:]))
        ):
            return None  # "BP 120/80", "GCS 10/15"; not "hct 28 11/14", "INR check 11/14" (one value)
        cued_event = bool(before) and before[-1] in _DATING_EVENTS
        if unambiguous and _reads_as_setting(text, start, end, cued=cued_event):
            return None
        if before[-1:] == ["on"] and _on_settings(text, start, end, before, a, b):
            return None  # "ON 10/5 BIPAP", "tried on 5/5": put on ventilator settings
        if _vent_pair(text, end, window, a, b):
            return None  # "weaning trial 5/5", "extubated from 5/5 IPS/CPAP", "^ 10/5/.30"
        strong = labelled or _STRONG.in_tokens(before[-1:])
        if a == b == 2 and not (strong or timed or _DATE_BEFORE.search(text, max(0, start - 24), start)):
            if not before or before[-1] not in _ONCE or _CAUSE_AFTER.match(text, end) is not None:
                return None  # "2/2" is "secondary to" ("hypotension 2/2 sepsis") or a count ("cx + 2/2")
        if not (strong or unambiguous) and is_clinical_fraction(text, start, end, window):
            return None  # "4/6 systolic", "3/7 days", "1/2 tab"
        cued = DATE_CONTEXT.in_tokens(before) or _AS_OF.in_tokens(before)
        if strong or cued or (before and before[-1] in _ADJACENT_CUES):
            return 0.85
        return self._month_day_place(text, start, end, body, timed)

    def _month_day_place(self, text: str, start: int, end: int, body: str, timed: bool) -> float | None:
        """The score of a month/day that no date word or value label stands next to, from its place:
        in a list or range of dates, next to a time or a shift's hours, first on its line, before
        ``at``; else by how often its numbers make a fraction.
        """
        a, b = (int(p) for p in body.split("/"))
        if _DATE_BEFORE.search(text, max(0, start - 24), start) is not None:
            return 0.7
        if text.startswith("-", end) and end + 1 < len(text) and text[end + 1].isdigit():
            return None if _counted_range(text, start, end) else 0.7  # a range: 3/4-3/6/21, 11/2-3
        if b == 10 and a <= 10 and _SCALE_WORDS.in_tokens(tokens_before(text, start, 8)):
            return None  # "pain 7/10, improved to 3/10"
        if timed or _CLOCK_BEFORE.search(text, max(0, start - 16), start) or _shift_near(text, start, end):
            return 0.7  # "3/4 0630", "at 0630 3/4", "7a-7p 3/4"
        if _ENTRY_OR_OPEN.match(text, end):
            return 0.6  # "OR 3/4: washout", "vanco (3/4- )", "zosyn 3/4->": a dated entry, a course begun
        if not text[text.rfind("\n", 0, start) + 1 : start].strip():
            return 0.6  # first on its line: a dated entry or a table row ("3/4: seen", "4/4 | A1c 7.2")
        at = _AT_AFTER.match(text, end)
        if (at is not None and at["clock"]) or (
            not a < b <= 4 and (at is not None or _DAYTIME_AFTER.match(text, end))
        ):
            return 0.6  # "3/5 at rehab", "3/4 @ 2pm", "3/5 pm"; not "1/2 at a time", "1/2 am dose"
        if a <= 9 and b <= 9 and len(body) == 3:
            return 0.4 if is_plain_fraction(a, b) else 0.55  # 1/2, 3/4, 4/5: fractions as often as dates
        return 0.6

    def _compact(self, text: str, start: int, body: str, context: bool) -> float | None:
        context = context or DATE_CONTEXT.in_tokens(tokens_before(text, start, 3))
        y, mo, d = body[:4], int(body[4:6]), int(body[6:8])
        if 1900 <= int(y) <= 2099 and _valid_day(mo, d):
            if len(body) > 8:
                hh, mm = int(body[8:10]), int(body[10:12])
                return 0.85 if hh < 24 and mm < 60 else None
            return 0.9 if context else 0.6
        if len(body) == 8 and context:  # MMDDYYYY
            mo, d, y = int(body[:2]), int(body[2:4]), body[4:]
            if _valid_day(mo, d) and 1900 <= int(y) <= 2099:
                return 0.85
        return None

    # -- month names, seasons, holidays ----------------------------------------------------------

    def _words(self, text: str, hints: LabelHits) -> Iterator[Match]:
        lower = ascii_lower(hints.text)
        for s, e, word in zip(hints.starts, hints.ends, hints.words, strict=True):
            if word in _MONTH_NUMBER:
                found = self._month(text, lower, s, e, word)
                day = _TRAILING_DAY.search(lower, found[0], found[1]) if found is not None else None
                if found is not None and day is not None and int(day[1]) <= 31:
                    for later in _later_days(lower, found[1], int(day[1])):
                        yield match(*later, Category.DATE, found[2])
            elif word in _SEASONS:
                y = _year_after(text, lower, s, e)
                found = (s, y.end(), 0.6) if y else None
            else:
                y = _year_after(text, lower, s, e)
                tens = _TENS_BEFORE.search(lower, max(0, s - 12), s) if word == "fourth of july" else None
                found = (s if tens is None else tens.start(), y.end() if y else e, 0.75 if y else 0.6)
            if found is not None:
                yield match(found[0], found[1], Category.DATE, found[2])

    def _month(self, text: str, lower: str, s: int, e: int, word: str) -> tuple[int, int, float] | None:
        original = text[s:e]
        cased = original[0].isupper()
        before = _DAY_BEFORE.search(lower, max(0, s - 28), s)
        after = _AFTER_MONTH.match(lower, e)
        day_before = (
            before is not None
            and (before["d"] is None or 1 <= int(before["d"]) <= 31)
            and _TIMES_BEFORE.search(lower, max(0, before.start() - 8), before.start()) is None
            and _COUNTED_DAYS.search(before.group()) is None
        )
        day_after = after is not None and (
            after["dw"] is not None or (after["d"] is not None and 1 <= int(after["d"]) <= 31)
        )
        # "Nov 96", "nov 96", "Dec 98": a capitalised month, or a lowercase one that is no other word
        # ("may 96" is a verb; "DEC 98" reads as "decreased")
        titled = cased and original[1:].islower()
        dated = (
            day_before or word in _LOWER_ALONE or (cased and (titled or word not in ("may", "mar", "dec")))
        )
        short_year = _short_year(lower, after, dated)
        bad_day = after is not None and after["d"] is not None and not day_after
        year_after = short_year is not None or (after is not None and after["y"] is not None and not bad_day)
        start = before.start() if before is not None and day_before else s
        if not day_before and day_after:
            year = _YEAR_BEFORE.search(lower, max(0, s - 8), s)
            start = year.start() if year is not None else start
        end = after.end() if after is not None and (day_after or year_after) else e
        end = short_year if short_year is not None else end
        if day_before or day_after:
            time = _TIME_AFTER.match(lower, end)
            end = time.end() if time is not None else end
        if day_before or day_after or year_after:
            dmy = _DAY_MON_YEAR.match(lower, start)
            if dmy is not None and dmy.end() <= end:
                return (start, end, 0.9)  # "04-jan-19", "4-may-19": the day, the month and the year
            if (
                word in ("may", "dec")
                and not cased
                and not year_after
                and not _sure_day(lower, before, after)
            ):
                if not DATE_CONTEXT.in_tokens(tokens_before(text, start, 2)):
                    return None  # "may 3 times", "dec 2 units" (decreased); not "on may 16th"
            if not cased and len(word) == 3 and not year_after:
                return (start, end, 0.55)
            return (start, end, 0.9 if cased else 0.75)
        # a month alone: a date after "in", "since", "early" ... when capitalised, or a lowercase name
        # that is no word ("in sept."); "DEC" and "MAR" (decrease, the administration record) end a phrase
        if word == "may" or not (cased or word in _LOWER_ALONE):
            return None
        if not _MONTH_ALONE_CONTEXT.in_tokens(tokens_before(text, s, 1)):
            return None
        if word in ("dec", "mar") and _WORD_AFTER.match(lower, e) is not None:
            return None  # "TO DEC STOOL FREQ", "documented in MAR today"
        return (s, e, 0.65 if len(word) > 3 and original[1:].islower() else 0.55)


def register(registry: Registry[Recognizer]) -> None:
    """Plugin hook: add the date recognizer."""
    registry.register(DateRecognizer.id, DateRecognizer)
