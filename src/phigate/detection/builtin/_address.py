"""US postal addresses read from the shared word stream: street lines, and ``City, ST 12345`` lines.

One parse per text (cached), shared by the place recognizer (streets and cities) and the ZIP
recognizer, so an address is understood once, as a whole:

- **Street lines**: a house number, one to four street-name words and a USPS street suffix
  (``123 Main St``, ``4567 N. Oak Avenue``, ``59l45 GRAY GATEWAY``, ``272 dustin ville``), then any
  post-direction and units (``Apt. 2B, Suite 400``, ``# 12``). House numbers may carry OCR
  confusions (``l`` or ``O`` for a digit).
- **City, state and ZIP**: a state (``IL``, ``Texas``; a lowercase code only before a ZIP) with the
  city before it and the ZIP after it, on the same line, across a line break, or with no state on a
  line that follows a street line (``Springfield 62704``). With a ZIP or a street line the city may be
  any name-shaped words, so new and synthetic places are found by their position, not by a list.

Spans are character offsets with a score; the recognizers turn them into matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress

from phigate.detection.builtin._caps import Words, ocr_key, words
from phigate.detection.dictionaries import CITY, FIRST, REGION, SURNAME, WORD, load_set, us_states

__all__ = ["PLACE_ENDINGS", "STREET_SUFFIXES", "Addresses", "addresses", "is_state_code"]

#: USPS Publication 28 Appendix C1 street suffixes: primary names, their plurals and standard
#: abbreviations (lowercase).
STREET_SUFFIXES = frozenset(
    """alley allee aly annex anx arcade arc avenue avenues ave av avn bayou byu beach bch bend bnd bluff
    bluffs blf blfs bottom btm boulevard blvd branch br bridge brg brook brooks brk brks burg burgs bg
    bypass byp camp cp canyon cyn cape cpe causeway cswy center centers ctr ctrs circle circles cir
    cirs cliff cliffs clf clfs club clb common commons cmn cmns corner corners cor cors course crse
    court courts ct cts cove coves cv cvs creek crk crescent cres crest crst crossing xing crossroad
    crossroads xrd curve curv dale dl dam dm divide dv drive drives dr drs estate estates est ests
    expressway expy extension extensions ext exts fall falls fls ferry fry field fields fld flds flat
    flats flt flts ford fords frd frds forest frst forge forges frg frgs fork forks frk frks fort ft
    freeway fwy garden gardens gdn gdns gateway gtwy glen glens gln glns green greens grn grns grove
    groves grv grvs harbor harbors hbr hbrs haven hvn heights hts highway hwy hill hills hl hls hollow
    holw inlet inlt island islands is iss isle junction junctions jct jcts key keys ky kys knoll
    knolls knl knls lake lakes lk lks land landing lndg lane ln light lights lgt lgts loaf lf lock
    locks lck lcks lodge ldg loop mall manor manors mnr mnrs meadow meadows mdw mdws mews mill mills
    ml mls mission msn motorway mtwy mount mt mountain mountains mtn mtns neck nck orchard orch oval
    overpass opas park parks parkway parkways pkwy pass passage psge path pike pine pines pne pnes
    place pl plain plains pln plns plaza plz point points pt pts port ports prt prts prairie pr radial
    radl ramp ranch rnch rapid rapids rpd rpds rest rst ridge ridges rdg rdgs river riv road roads rd
    rds route rte row rue run shoal shoals shl shls shore shores shr shrs skyway skwy spring springs
    spg spgs spur spurs square squares sq sqs station sta stravenue stra stream strm street streets st
    sts str summit smt terrace ter throughway trwy trace trce track trak trafficway trfy trail trails
    trl trls trailer trlr tunnel tunl turnpike tpke underpass upas union unions un uns valley valleys
    vly vlys viaduct via view views vw vws village villages vlg vlgs ville vl vista vis walk walks
    wall way ways wy well wells wl wls""".split()
)
#: Words before the number that ends a rural or PO box address line (``Box 12``, ``County Road 9``).
_NUMBERED = frozenset("box route rte road rd hwy highway".split())
#: Words that name a unit inside a building (``Apt 2B``, ``Suite 400``).
UNIT_WORDS = frozenset(
    "apt apartment suite ste unit bldg building fl floor rm room lot space trlr dept".split()
)
_DIRECTIONS = frozenset(
    "n s e w ne nw se sw north south east west northeast northwest southeast southwest".split()
)
_NOT_STREET = frozenset(
    """the a an and or of in on at to for with by from as is was are be his her their my our your
    this that take took takes taking walk walked walking every each per daily hours hour minutes
    days weeks months years times mg ml units tablets tabs caps but when which after then if who iv po
    meq min mins hr hrs sec secs l liters liter dose doses episodes pt pts via cc u yo reg beat beats
    degree out""".split()
)
#: Street suffixes that are also charting words (``pt`` patient, ``is``, ``AV`` block, ``SQ``
#: subcutaneous): a street ends in one
#: only when it is written in title case (``Rocky Pt``).
_CHARTING_SUFFIXES = frozenset("pt pts is lf un av sq".split())
_NOT_CITY = frozenset(
    """the a an and or of in on at to for with by from as is was are be his her their my our your this
    that apt apartment suite ste unit bldg building fl floor rm room lot dept po box phone tel fax email
    address city state zip tx patient pt""".split()
)
_DIGIT = re.compile(r"\d")
_HOUSE_NUMBER = re.compile(r"\d[\dlIO]{0,5}[A-Za-z]?|[lIO]\d[\dlIO]{0,4}")
_ZIP = re.compile(r"[\dOlIS]{5}")
_ZIP_TAIL = re.compile(r"-[\dOlIS]{4}(?![\w-])")
_OCR_DIGITS = str.maketrans("OlIS", "0115")
#: First characters of a ZIP word (a digit, or an OCR letter for one).
_ZIP_FIRST = frozenset("0123456789OlIS")
#: A decade written with its year (``1940S``, ``1980s``).
_DECADE = re.compile(r"(?:1[89]|20)\d0[Ss]").fullmatch


@lru_cache(maxsize=1)
def _state_codes() -> frozenset[str]:
    return frozenset(us_states())


def is_state_code(word: str) -> bool:
    """True for a USPS state, territory or military code in capitals (``TX``, ``PW``)."""
    return word in _state_codes()


@dataclass(frozen=True, slots=True)
class Addresses:
    """The address parts of one text as ``(start, end, score)`` character spans."""

    streets: list[tuple[int, int, float]]
    cities: list[tuple[int, int, float]]
    zips: list[tuple[int, int, float]]


def _zip_at(text: str, start: int) -> int:
    """End of a ZIP or ZIP+4 at ``start`` (OCR letters allowed for up to two digits), else -1."""
    m = _ZIP.match(text, start)
    if m is None:
        return -1
    value = m.group()
    if sum(not c.isdigit() for c in value) > 2 or _DECADE(value):
        return -1  # "IN 1940S": a decade, not an OCR-damaged ZIP
    end = m.end()
    tail = _ZIP_TAIL.match(text, end)
    if tail is not None:
        end = tail.end()
    if end < len(text) and (text[end].isalnum() or text[end] in "-_"):
        return -1
    if start and (text[start - 1].isalnum() or text[start - 1] in "-_/."):
        return -1
    return end


class _Parser:
    __slots__ = (
        "capital_hits",
        "cities",
        "ends",
        "flags",
        "gaps",
        "hits",
        "keys",
        "n",
        "starts",
        "streets",
        "text",
        "w",
        "words",
        "zips",
    )

    def __init__(self, text: str) -> None:
        w = words(text)
        self.w = w
        self.text = text
        self.words, self.gaps, self.keys, self.flags = w.words, w.gaps, w.keys, w.flags
        self.starts, self.ends = w.starts, w.ends
        self.n = len(w.words)
        #: The words worth a look (street suffixes, numbered-road words, states): one pass in C, which
        #: each step then narrows to its own words.
        self.hits = list(compress(range(self.n), map(_LOOKED_AT.__contains__, w.keys)))
        words_ = w.words
        self.capital_hits = self.hits if w.complete else [k for k in self.hits if words_[k][0].isupper()]
        self.streets: list[tuple[int, int, float]] = []
        self.cities: list[tuple[int, int, float]] = []
        self.zips: list[tuple[int, int, float]] = []

    # -- street lines ----------------------------------------------------------------------------

    def street_lines(self) -> list[int]:
        """Find street lines; return the word index just after each (where a city line may start)."""
        keys, words_, gaps, text, starts = self.keys, self.words, self.gaps, self.text, self.starts
        after: list[int] = []
        last_end = -1
        for s in self._capitalised(STREET_SUFFIXES):
            if s <= last_end or s < 2 or keys[s] in _CHARTING_SUFFIXES and not words_[s].istitle():
                continue  # "9 PM. PT IS", "3 LITERS NC IS"
            if _DIGIT.search(text, starts[max(0, s - 5)], starts[s]) is None:
                continue  # no house number in reach (most suffixes: "Dr Smith", "the center")
            suffix_shape = _case(words_[s])
            j = s - 1
            names = 0
            number = -1
            while j >= 0 and names < 5:
                gap = gaps[j + 1]
                if gap not in (" ", ". ") or (
                    gap == ". " and len(words_[j]) > 1 and keys[j] not in _DIRECTIONS
                ):
                    break  # "N. Oak Ave", not "5 AM. PT"
                word = words_[j]
                if _HOUSE_NUMBER.fullmatch(word) and sum(c.isdigit() for c in word) >= 1:
                    if names and not (names == 1 and len(keys[j + 1]) <= 2 and keys[j + 1] in _DIRECTIONS):
                        number = j if _house_number(word, gap, keys[j + 1], gaps[j + 2]) else -1
                    break
                key = keys[j]
                if key in _NOT_STREET or not _street_word(word, suffix_shape) or _verb_shaped(self.w, j):
                    break  # "96 YO LADY ADMITTED VIA", "3 IVS INFUSING WELL"
                names += 1
                j -= 1
            if s + 1 < self.n and keys[s + 1] == "of" and gaps[s + 1] == " ":
                continue  # "8 BEAT RUN OF VT", "at the point of"
            if number < 0 or not _number_start(self.text, self.starts[number], gaps[number]):
                continue
            start = self.starts[number]
            if number > 1 and gaps[number] == "-" and words_[number - 1].isdigit():
                start = self.starts[number - 1]  # "12-14 Main St"
            end_word = s
            k = s + 1
            if (
                k < self.n
                and keys[k] in _DIRECTIONS
                and gaps[k] == " "
                and len(keys[k]) <= 2
                and gaps[k + 1][:1] != "/"  # "12 Dogwood Ln w/ son": "with", not "West"
            ):
                end_word = k
                k += 1
            for _ in range(3):  # units: "Apt. 2B", ", Suite 400", " #12"
                if k >= self.n:
                    break
                gap = gaps[k]
                if keys[k] in UNIT_WORDS and gap in (" ", ", ", ". ", ".  ", ",  ", " , ", ". , ", ".,"):
                    if (
                        k + 1 < self.n
                        and gaps[k + 1] in (" ", ". ", " #", ". #", "#", " # ", ".")
                        and (any(c.isdigit() for c in words_[k + 1]) or len(words_[k + 1]) <= 2)
                    ):
                        end_word = k + 1
                        k += 2
                        continue
                elif gap.strip(" ,.") == "#" and any(c.isdigit() for c in words_[k]):
                    end_word = k
                    k += 1
                    continue
                break
            end = self.ends[end_word]
            if end_word == s and end < len(self.text) and self.text[end] == "." and len(keys[s]) <= 4:
                end += 1
            self.streets.append((start, end, 0.9))
            last_end = end_word
            after.append(end_word + 1)
        # boxes and numbered roads end an address line too ("PO Box 12, Tok", "RR 3 Box 209, Hensontown")
        for k in [k for k in self.hits if keys[k] in _NUMBERED and k < self.n - 2]:
            if words_[k + 1].isdigit() and gaps[k + 1] in (" ", " #") and k + 2 not in after:
                after.append(k + 2)
        return after

    def _capitalised(self, wanted: frozenset[str]) -> list[int]:
        """The words of :attr:`hits` with a key in ``wanted``: capitalised ones in a text written with
        capitals (streets and states are too), any in an all-lowercase text.
        """
        keys = self.keys
        return [k for k in self.capital_hits if keys[k] in wanted]

    # -- city, state, ZIP ------------------------------------------------------------------------

    def state_lines(self, after_street: list[int]) -> None:
        """Cities and ZIPs around states, and city lines that follow a street line."""
        text, words_, keys, gaps = self.text, self.words, self.keys, self.gaps
        codes = _state_codes()
        names = _state_names()
        n = self.n
        done: set[int] = set()
        # states: capital codes, state names, and lowercase codes before a ZIP
        for t in self._capitalised(_STATE_KEYS):
            word = words_[t]
            if len(word) == 2:
                if word.upper() not in codes:
                    continue
                zipped = t + 1 < n and len(words_[t + 1]) in (5, 9) and words_[t + 1][:1] in _ZIP_FIRST
                if not (zipped or word.isupper() and gaps[t][:1] == ","):
                    continue  # "In", "OR", "me": a word unless a ZIP follows or a comma precedes
                zip_end = self._zip_after(t) if zipped else -1
                if word.islower() or word.istitle():
                    if zip_end < 0:
                        continue
                first = t
            else:
                first = self._state_name_start(t, names)
                if first < 0:
                    continue
                zip_end = self._zip_after(t)
            comma = gaps[first].startswith(",")
            if zip_end >= 0:
                self.zips.append((self.starts[t + 1], zip_end, 0.95))
            elif not comma:
                continue  # "lives in Texas": a state alone is no address
            city = self._city_before(first)
            if city is None:
                continue
            a, b = city
            if zip_end < 0:
                if not comma:
                    continue
                if not self._plausible_city(a, b, word):
                    continue
            done.add(a)
            self.cities.append((self.starts[a], self.ends[b - 1], 0.9))
        # a city line after a street line with no state: "123 Main St\nSpringfield 62704"
        for k in after_street:
            k = self._skip_unit_line(k)
            if k >= n or k in done:
                continue
            gap = gaps[k]
            if gap.strip(" \t") not in (",", "", "\n", ",\n", ">", "\n>") or gap == "":
                continue
            b = k
            while (
                b < n and b - k < 3 and _city_word(words_[b], keys[b]) and (b == k or gaps[b] in (" ", "\n"))
            ):
                b += 1
            if b > k + 1 and is_state_code(words_[b - 1].upper()):
                continue  # "Springfield IL 62704" is read from the state
            if b == k:
                continue
            if (
                b < n
                and gaps[b] in (" ", "  ", ", ", ",  ")
                and (zip_end := _zip_at(text, self.starts[b])) >= 0
            ):
                self.cities.append((self.starts[k], self.ends[b - 1], 0.85))
                self.zips.append((self.starts[b], zip_end, 0.85))
            else:
                b = next((j for j in range(k + 1, b) if "\n" in gaps[j]), b)  # the city ends its line
                if self._city_alone(k, b):
                    self.cities.append((self.starts[k], self.ends[b - 1], 0.8))
                    self._zip_line(b)

    def _skip_unit_line(self, k: int) -> int:
        """The word after a unit on its own line (``Apt. 069``) that starts at word ``k``, else ``k``."""
        if k + 1 < self.n and self.keys[k] in UNIT_WORDS and "\n" in self.gaps[k]:
            j = k + 1
            if any(c.isdigit() for c in self.words[j]) and "\n" in self.gaps[j + 1 if j + 1 < self.n else j]:
                return j + 1
        return k

    def _city_alone(self, k: int, b: int) -> bool:
        """True when words ``k..b-1`` after a street line are a city that ends its line or the text
        (``454 Oak Islands, West Micheleport``; a ``North Robertport`` line between a unit line and a
        country line).
        """
        words_, keys, gaps = self.words, self.keys, self.gaps
        end_gap = gaps[b] if b < self.n else "\n"
        if "\n" not in end_gap and not (b == self.n or end_gap.strip()[:1] in (".", ";")):
            return False
        phrase = " ".join(keys[k:b])
        if all(words_[j].islower() for j in range(k, b)):
            return self._lowercase_city(k, b, phrase)  # "po box 9410, leslietown"
        if not all(words_[j][:1].isupper() for j in range(k, b)):
            return False
        if phrase in _cities():
            return True
        if any(
            self.w.flag(j) & REGION and not self.w.flag(j) & CITY and keys[j] not in _PREFIXES
            for j in range(k, b)
        ):
            return False  # a state or a country line ("South Carolina", not "South Dawn")
        if b - k > 1 and keys[k] in _PREFIXES:
            return True
        last = keys[b - 1]
        return not self.w.flag(b - 1) & WORD and (len(last) > 5 and last.endswith(PLACE_ENDINGS) or b - k > 1)

    def _lowercase_city(self, k: int, b: int, phrase: str) -> bool:
        """True when lowercase words ``k..b-1`` after an address line are a city: a known city that is
        no English word alone, a word no list knows with a place-name ending (``leslietown``), or a
        place prefix before a name or such a word (``port pamelatown``, ``west jessica``).
        """
        last = self.keys[b - 1]
        f = self.w.flag(b - 1)
        if phrase in _cities():
            return b - k > 1 or not f & (WORD | REGION)
        if b - k == 2 and self.keys[k] in _PREFIXES and not f & REGION:
            return bool(f & (FIRST | SURNAME | CITY)) or not f and len(last) > 3
        return b - k == 1 and not f and len(last) > 5 and last.endswith(PLACE_ENDINGS)

    def _zip_line(self, b: int) -> None:
        """A ZIP that ends the line after a city line (``Togo 59646``)."""
        j = b
        while j + 1 < self.n and j - b < 4 and "\n" not in self.gaps[j + 1]:
            j += 1
        if j < self.n and j > b and (end := _zip_at(self.text, self.starts[j])) >= 0:
            if end == len(self.text) or self.text[end] in "\n \t":
                self.zips.append((self.starts[j], end, 0.8))

    def _zip_after(self, t: int) -> int:
        if t + 1 >= self.n:
            return -1
        gap = self.gaps[t + 1]
        if not gap or gap.replace(" ", "").replace("\t", "") not in ("", "\n", ",", ".", ",\n"):
            return -1
        return _zip_at(self.text, self.starts[t + 1])

    def _state_name_start(self, t: int, names: dict[str, list[tuple[str, ...]]]) -> int:
        """Index of the first word of a full state name ending at word ``t``, else -1."""
        word = self.words[t]
        if not (word.istitle() or word.isupper()):
            return -1
        for name in names.get(self.keys[t], ()):
            size = len(name)
            a = t - size + 1
            if a >= 0 and tuple(self.keys[a : t + 1]) == name:
                if all(self.gaps[k] == " " for k in range(a + 1, t + 1)):
                    return a
        return -1

    def _city_before(self, first: int) -> tuple[int, int] | None:
        """Words ``a..b-1`` of the city right before the state starting at word ``first``."""
        gaps, words_, keys = self.gaps, self.words, self.keys
        gap = gaps[first]
        if first == 0 or gap not in (", ", " ", "  ", ",  ", ",", " , ", ",\n", "\n", " \n", ", \n"):
            return None
        b = first
        a = b
        while a > 0 and b - a < 3:
            k = a - 1
            if not _city_word(words_[k], keys[k]):
                break
            if a < b and gaps[a] not in (" ", "\n"):
                break
            if a < b and gaps[a] == "\n" and keys[k] not in _PREFIXES:
                break
            a = k
            if "\n" in gaps[a] and not (gaps[a] == "\n" and a > 0 and keys[a - 1] in _PREFIXES):
                break  # the city starts its line, unless a prefix ends the line before ("East\nMarie")
            if gaps[a].rstrip().endswith((",", ":", ".", "#")):
                break
        if a == b:
            return None
        # drop leading words of the street line ("Main St Springfield IL": keep Springfield)
        for k in range(b - 1, a - 1, -1):
            if keys[k] in STREET_SUFFIXES and k > a:
                a = k + 1
                break
        case = _case(words_[b - 1])
        while a < b - 1 and _case(words_[a]) != case:
            a += 1
        return (a, b) if a < b else None

    def _plausible_city(self, a: int, b: int, state: str) -> bool:
        """True when ``a:b`` before ``, ST`` (no ZIP) reads as a city rather than a name and credential."""
        keys, words_ = self.keys, self.words
        if words_[b - 1].islower() and not state.islower() or self.gaps[b + 1][:1] in ("'", "’"):
            return False  # "At this point, MS is"; "ARRIVAL, DC'D": a verb, not a state
        phrase = " ".join(keys[a:b])
        if phrase in _cities():
            return True
        if len(keys[b - 1]) < 3:
            return False  # "GIVEN MG,CA"
        if len(state) == 2 and state.upper() in _AMBIGUOUS_CODES:
            return b - a > 1 and keys[a] in _PREFIXES
        f = self.w.flag(b - 1)
        if f & REGION and not f & CITY:
            return False
        return not (b - a == 1 and f & WORD and not f & CITY)


def _case(word: str) -> int:
    return 2 if word.isupper() else 1 if word[:1].isupper() else 0


def _street_word(word: str, suffix_case: int) -> bool:
    if word[:1].isdigit():
        return word[-2:].lower() in ("st", "nd", "rd", "th")  # "5th Street"
    if not word.isalpha():
        return False
    case = _case(word)
    return case == suffix_case or (len(word) <= 2 and word.isupper()) or case == 1 and suffix_case == 2


def _verb_shaped(w: Words, j: int) -> bool:
    """True when word ``j`` is an English word ending like a verb form (``admitted``,
    ``functioning``) and no name: no street is named so.
    """
    key = w.keys[j]
    if not key.endswith(("ed", "ing")):
        return False
    f = w.flag(j)
    return bool(f & WORD) and not f & (FIRST | SURNAME | CITY)


def _house_number(word: str, gap: str, after: str, after_gap: str) -> bool:
    """True when ``word``, a number before street words, reads as a house number: not a count that
    ends a sentence (``FALLEN X 3. MOST RECENT FALL``), a volume or a decade (``4L TOL WELL``, ``60s
    1st AV``), or an ordinal written apart (``1 ST DEGREE AV``; ``1200 St. Paul St`` is a street).
    """
    if gap == ". " and word.isdigit():
        return False
    if word[-1] in "lLsS" and word[:-1].isdigit():
        return False
    return not (len(word) <= 2 and after in ("st", "nd", "rd", "th") and after_gap == " ")


def _number_start(text: str, start: int, gap: str) -> bool:
    """True when a house number may start at ``start`` (not a date, decimal or measurement part)."""
    if start == 0:
        return True
    if text[start - 1] not in " \t\n:(,#>":
        return False
    if gap.strip(" \t") == "-" and text[text.rfind("\n", 0, start) + 1 : start].strip(" \t") == "-":
        return True  # a bullet: "- 4410 Harford Rd"
    return gap.strip(" \t") not in ("/", "-", ".", "x")


def _city_word(word: str, key: str) -> bool:
    if key in ("st", "ft", "mt"):
        return True
    return (word.isalpha() or ocr_key(word) is not None) and key not in _NOT_CITY and len(word) > 1


#: Endings of English place names (``-ville``, ``-burg``, ``-ton``): a word no list knows that ends so
#: is a place where a place is expected.
PLACE_ENDINGS = (
    "ville", "burg", "burgh", "berg", "borough", "boro", "bury", "town", "ton", "field", "ford", "port",
    "haven", "mouth", "side", "view", "chester", "caster", "wood", "dale", "land", "shire", "furt",
    "stad", "polis", "heim", "by", "fort", "mont", "bridge", "brook", "crest", "ridge", "vale",
)  # fmt: skip
_PREFIXES = frozenset(
    """north south east west new old lake port fort ft mount mt saint st san santa los las el la le glen
    grand little big palm cape point round rock upper lower fair green spring bay""".split()
)
#: State codes that are also common words or credentials: a city before one needs more evidence.
_AMBIGUOUS_CODES = frozenset(
    """MD PA OR IN ME OK HI DE LA MA CO OH ID AL NE MS MT AS GU VI DO MI ND NC CT RI VA GA SC AR PR SD
    NM""".split()
)


@lru_cache(maxsize=1)
def _state_names() -> dict[str, list[tuple[str, ...]]]:
    """Last word of each state name -> the names ending with it, as key tuples."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for name in set(us_states().values()):
        parts = tuple(name.lower().split())
        out.setdefault(parts[-1], []).append(parts)
    return out


@lru_cache(maxsize=1)
def _cities() -> frozenset[str]:
    return load_set("us_cities") | load_set("world_cities")


def _state_keys() -> frozenset[str]:
    return frozenset(c.lower() for c in us_states()) | frozenset(_state_names())


_STATE_KEYS = _state_keys()
_LOOKED_AT = STREET_SUFFIXES | _NUMBERED | _STATE_KEYS


@lru_cache(maxsize=4)
def addresses(text: str) -> Addresses:
    """The street lines, cities and ZIPs of the addresses in ``text`` (cached for the last few texts)."""
    p = _Parser(text)
    if not p.hits:
        return Addresses([], [], [])  # no street suffix, numbered road or state
    after = p.street_lines()
    p.state_lines(after)
    return Addresses(p.streets, p.cities, p.zips)


def zip_value(text: str, start: int, end: int) -> str:
    """The digits of a ZIP span, OCR letters read as digits."""
    return text[start:end].translate(_OCR_DIGITS)
