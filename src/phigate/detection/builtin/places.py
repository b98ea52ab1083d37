"""Geography below the state: street addresses, PO boxes, cities, counties, neighbourhoods, geocodes.

- **Street addresses** (:mod:`~phigate.detection.builtin._address`): a house number, street words and
  a USPS street suffix (``123 Main St``, ``4567 N. Oak Avenue Apt 2B``, ``59l45 GRAY GATEWAY``), with
  its units; ``P.O. Box 123``; rural routes and numbered roads (``RR 2 Box 45``, ``4410 County Road
  12``); a street name with no number before a strong suffix, ``St.`` or ``street`` (``lives on Oak
  Street``, ``Brown Dale St.``), or after ``on`` ending in a street suffix (``on Arnold Gateway``).
- **Cities**: in an address line (``Springfield, IL 62704``, ``ERNESTFURT NY 97223``, the city line
  after a street line; the state is kept, it is not PHI), before ``, ST``, after a place cue
  (``lives in``, ``moved to``, ``return to``, ``from``), after a field label (``Hometown: Tulsa``),
  before ``native``/``resident`` (``a Tulsa native``), or a known city name on its own (the US and
  world city lists; single words that are also English words or names need a cue). City-shaped
  words no list knows count in an address line or after a cue, so new and synthetic places are found
  too; a name with a place ending (``Staciefurt``) or a place prefix before a first name (``East
  Todd``) counts anywhere.
- **Counties, parishes, boroughs, townships, precincts, neighbourhoods**: ``Cook County``,
  ``Precinct 12``, ``the Fenway neighborhood``.
- **Geocodes**: latitude/longitude pairs in range (``40.7128, -74.0060``, ``40.7128° N, 74.0060° W``),
  OCR letters read as digits when the pair is labelled (``geocode 45.3795, -1O1.5128``).

States and countries alone are not identifiers under Safe Harbor and are never reported.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from itertools import compress, repeat
from typing import NamedTuple

from phigate.detection.base import Match, Recognizer
from phigate.detection.builtin._address import PLACE_ENDINGS, STREET_SUFFIXES, addresses
from phigate.detection.builtin._caps import (
    Words,
    english_shaped,
    lookup,
    misread_word,
    name_like,
    name_likeness,
    ocr_key,
    words,
)
from phigate.detection.builtin._mentions import distinct, mentions
from phigate.detection.builtin._shared import ascii_lower
from phigate.detection.builtin.facilities import GENERIC, UNITS, cue_key, discharged_before
from phigate.detection.dictionaries import (
    CITY,
    CLINICAL,
    FIRST,
    REGION,
    SURNAME,
    WORD,
    load_list,
    load_set,
    us_states,
)
from phigate.model import Category
from phigate.registry import Registry

__all__ = ["PlaceRecognizer", "register"]

#: Suffixes clear enough to mark a street without a house number (``lives on Oak Street``).
_STRONG_SUFFIXES = frozenset("Street Avenue Boulevard Road Lane Drive Parkway Highway Terrace Court".split())
_PO_BOX = re.compile(
    r"[Pp](?<![\w][Pp])(?:\.?[ \t]?[Oo]\.?|ost[ \t]+[Oo]ffice|OST[ \t]+OFFICE)"
    r"[ \t]*(?:[Bb]ox|BOX)[ \t]*#?[ \t]*\d{1,7}"
)
#: Rural and numbered-road addresses in any case (``RR 2 Box 45``, ``4410 County Road 12``, ``Rte 9
#: Box 14``, ``HC 1 Box 7``, ``1200 State Route 9``, ``88 US Hwy 61``, ``rural route 7, box 471``).
_ROAD = r"(?:Road|ROAD|Rd\.?|RD\.?|Route|ROUTE|Rte\.?|RTE\.?|Highway|HIGHWAY|Hwy\.?|HWY\.?)"
_ROUTE = re.compile(
    r"(?=[\dCSUFRH])(?:"  # a cheap first-character check before the alternatives
    r"(?:\d{1,6}[ \t]+(?:[NSEW]\.?[ \t]+)?)?"
    r"(?:County|COUNTY|State|STATE|US|U\.S\.|Farm[ \t]+to[ \t]+Market|Ranch|Forest|Co\.?)[ \t]+"
    rf"{_ROAD}[ \t]+#?\d{{1,4}}[A-Z]?(?![\w])"
    r"|(?:RR|R\.R\.|Rural[ \t]+Route|RURAL[ \t]+ROUTE|HC|H\.C\.|Star[ \t]+Route|Rte\.?|RTE\.?|Route|ROUTE"
    r"|Hwy\.?|HWY\.?|Highway|HIGHWAY)[ \t]*#?[ \t]*\d{1,4}[A-Z]?,?[ \t]+"
    r"(?:Box|BOX)[ \t]*#?[ \t]*\d{1,5}(?![\w])"
    r"|\d{1,6}[ \t]+(?:[NSEW]\.?[ \t]+)?"
    r"(?:Route|ROUTE|Rte\.?|RTE\.?|Highway|HIGHWAY|Hwy\.?|HWY\.?)[ \t]+\d{1,4}[A-Z]?(?![\w]))",
    re.IGNORECASE,  # "rural route 7, box 471", "rr 7 box 372" in a lowercase note
)
#: Substrings of which a text with a rural or numbered-road address holds at least one (a cheap gate).
_ROUTE_HINTS = (
    "box",
    "rte ",
    "rte.",
    "hwy",
    "highway",
    "route 1",
    "route 2",
    "route 3",
    "route 4",
    "route 5",
    "route 6",
    "route 7",
    "route 8",
    "route 9",
    "ty road",
    "ty rd",
    "co rd",
    "co. rd",
    "te road",
    "ch road",
    "et road",
    "st road",
)
#: Street abbreviations written with a dot, or street words in lowercase, after a street name with no
#: house number (``Brown Dale St.``, ``Curry Haven street``).
_STREET_AFTER = frozenset("st ave rd blvd ln pkwy hwy street avenue road boulevard lane".split())
_ON_WORDS = frozenset(("on", "off", "of"))
#: Street suffixes that end a street name after ``on``/``off`` with no number (``lives on Arnold
#: Gateway``); the others (``Park``, ``Center``, ``Rest``) are too often ordinary words.
_CUED_SUFFIXES = STREET_SUFFIXES - frozenset(
    """center centers ctr station sta point points pass rest view views run well wells union unions key
    keys mission spring springs park parks plaza club mall light lights lock locks lodge camp common
    commons course green greens field fields flat flats fall falls loop oval row walk walks way ways
    wall ramp track trace path lake lakes island islands isle mount mountain hill hills heights star
    trail""".split()
)
#: Every rural or numbered-road address holds a road word (``Rte 9``, ``County Rd 12``) or a box (``RR 2
#: Box 45``, glued to its number in ``Box12``).
_ROAD_WORDS = frozenset("rd road rte route hwy highway".split())
#: Words with which an apartment or suite number starts (``Apt 4``, ``Suite 200``).
_UNIT_WORDS = ("apt", "apartment", "suite", "ste")
_UNIT_ALONE = re.compile(r"(?:apt|apartment|suite|ste)\.?[ \t]*#?[ \t]*\d{1,5}[a-z]?(?![\w])", re.IGNORECASE)
#: Words after a name that make it a county or a township (``Cook County``, ``Orleans Parish``).
_COUNTY_WORDS = frozenset("County Parish Borough Township Twp COUNTY PARISH".split())
_PRECINCT = re.compile(r"(?:Precinct|Tract)[ \t]+#?\d{1,5}(?:\.\d{1,2})?(?![\w])")
#: Capitalised words that start or end a named area, looked for once (``Cook County``, ``Precinct 12``).
_AREA_WORDS = _COUNTY_WORDS | {"Precinct", "Tract"}
_NEIGHBOURHOOD = re.compile(r"[ \t]+(?:neighborhood|neighbourhood|district|area|section)(?![\w])")
_NUM = r"[-+]?[\dOl]{1,3}\.[\dOl]{3,8}"
_GEO_DECIMAL = re.compile(
    rf"(?P<lat>{_NUM})°?[ \t]*(?P<ns>[NS])?[ \t]*[,;/][ \t]*(?P<lon>{_NUM})°?[ \t]*(?P<ew>[EW])?(?![\w]|\.\d)"
)
_GEO_DMS = re.compile(
    r"\d{1,2}°[ \t]*\d{1,2}['’′][ \t]*(?:\d{1,2}(?:\.\d+)?[\"”″])?[ \t]*[NS][ \t,;]*"
    r"\d{1,3}°[ \t]*\d{1,2}['’′][ \t]*(?:\d{1,2}(?:\.\d+)?[\"”″])?[ \t]*[EW]"
)
_GEO_HINT = re.compile(r"\.[\dOl]{3,8}°?[ \t]*[NS]?[ \t]*[,;/][ \t]*[-+]?[\dOl]{1,3}\.[\dOl]{3}")
_GEO_WORDS = re.compile(r"(?:lat|latitude|long|longitude|lng|gps|coordinates|coords|geo|geocode|location)\b")
_OCR_DIGITS = str.maketrans("Ol", "01")

#: Words before a preposition that make it a strong place cue (``lives in``, ``moved from``).
_STRONG_BEFORE = frozenset(
    """lives living live lived resides residing reside resident native moved moving relocated relocating
    born raised up originally is was are home house apartment visiting visited visit traveled travelled
    traveling travelling trip returned return returning flew drove driving commutes commute city town
    village transferred admitted seen followed treated presented works worked employed vacation
    vacationing stays staying stay shelter incarcerated hospitalized hospitalised back go going went
    heading headed arrived nearby called calling phoned transfer transfered transferring sent brought
    taken discharged medflighted presenting presents""".split()
)
#: Words of living somewhere that cue a place a few words later (``lives alone in``, ``lives with her
#: daughter in``, ``RESIDES WITH SON IN``).
_RESIDE = frozenset(
    "lives living lived resides residing reside moved relocated stays staying visiting visited".split()
)
#: Relatives and friends, before ``from`` a place cue (``son from Tampa``, ``daughter visiting from``);
#: ``daughter in`` is too often followed by other things (a state, a room, a role).
_KIN = frozenset(
    """son sons daughter daughters sister sisters brother brothers wife husband mother father mom dad
    parents family relatives children kids niece nephew nephews cousin cousins friend friends grandson
    granddaughter grandchildren aunt uncle fiance fiancee partner""".split()
)
#: Staff who come from another place, before ``from`` (``Surgeon from Harbor``, ``liaison from``).
_ROLES = frozenset(
    """surgeon surgeons team doctor doctors physician physicians nurse nurses rn coordinator
    liaison screener screeners representative rep reps admissions""".split()
)
#: People described by where they come from, before ``from`` (``a 60 yo man from Flint``, ``a
#: retired machinist from Concord``).
_PEOPLE = frozenset(
    """man woman gentleman lady male female veteran retiree student teacher machinist farmer
    carpenter mechanic engineer driver trucker electrician plumber worker""".split()
)
#: Pronouns between a verb of travel and its adverb (``drove him down from``).
_PRONOUNS = frozenset("him her them me us".split())
#: Rooms and services of a hospital: a phrase ending in one, or before one, is no place (``Operating
#: Room``, ``Pathology Lab``, ``Social Work``, ``Interventional Radiology``).
_DEPARTMENTS = frozenset(
    """room rooms lab labs laboratory bank work care unit units floor suite department dept service
    services radiology pathology team station desk bay ward wing""".split()
)
#: Places of care, work or living, before ``in`` a town (``urgent care in Bend``, ``a plant in Gary``).
_SITES = frozenset(
    """hospital hospitals clinic clinics pharmacy office practice shelter school college church
    facility store plant factory company firm farm motel hotel prison jail va job osh hosp rehab snf
    nh warehouse stores walmart mall restaurant diner bar gym casino care""".split()
)
#: Words of an accident or a fall, a few words before a place in the same clause (``fell at the
#: Walmart in Brisbee``, ``MVA near Elkton``, ``found down in a parking lot in Oakhurst``).
_EVENTS = frozenset("fell found mva mvc accident crash collision injured assaulted shot stabbed".split())
#: Prepositions of a town after such a word; ``at`` names the site (``fell at the Walmart``).
_EVENT_PREPOSITIONS = frozenset("in near outside".split())
#: Verbs of living or travelling after which a known city that is also an English word is a place in
#: a lowercase note, when the clause ends after it (``visiting family in bend,``).
_DWELL = frozenset("lives living lived resides residing moved relocated visiting visited flew drove".split())
#: Last words of town names after a name (``Ashgrove Springs``, ``Millbrook Falls``).
_PLACE_TAILS = frozenset(
    """springs falls city park heights beach hills creek ridge valley junction harbor point island lake
    grove village mills crossing square""".split()
)
#: Counties and parishes named in lowercase (``cecil county``).
_LOWER_COUNTY = frozenset(("county", "parish"))
#: Public services named after their town (``Ashgrove fire dept``, ``Bangor police``, ``Kent EMS``).
_SERVICES = frozenset("fire police ems pd sheriff sheriffs".split())
#: Words after a lowercase place that end it as a clause would (``lives in colvin w/ wife``).
_AFTER_PLACE = frozenset(
    """area w with and for when since yesterday today tonight last x until where who but after before
    visiting because""".split()
)
#: Adverbs between a verb of travel and ``from`` (``DRIVING IN FROM``, ``ON HIS WAY DOWN FROM``),
#: and words before ``from`` that make a visitor of a relative (``DAUGHTER HERE FROM``).
_TRAVEL_ADVERBS = frozenset("in up down over back out".split())
_FROM_WORDS = frozenset("here way coming flying driving".split())
#: Words right before ``from`` that make it a strong place cue (``son from``, ``man from``).
_BEFORE_FROM = _KIN | _ROLES | _FROM_WORDS | _PEOPLE
#: Compass words and landforms naming a region below the state (``the Eastern Shore``).
_REGION_FIRST = frozenset("north south east west northern southern eastern western upper lower".split())
_LANDFORMS = frozenset("shore shores valley panhandle peninsula".split())
#: Short names of cities, a place only right after a strong cue (``lives in DC``, ``moved to nyc``).
_CITY_SHORT = frozenset("dc nyc balt philly".split())
#: Field labels before a colon and a place (``Hometown: Tulsa``, ``Place of birth: Yuma``).
_LABELS = frozenset(
    {
        ("city",),
        ("town",),
        ("hometown",),
        ("home", "town"),
        ("birthplace",),
        ("place", "of", "birth"),
        ("residence",),
        ("lives",),
        ("county",),
        ("address",),
        # places of care a patient comes from or goes to (``SNF: Emberly Gardens``)
        ("snf",),
        ("facility",),
        ("nh",),
        ("alf",),
        ("osh",),
        ("referring", "hospital"),
        ("outside", "hospital"),
        ("transfer", "from"),
        ("transferred", "from"),
    }
)
_LABEL_ENDS = frozenset(label[-1] for label in _LABELS)
#: Words after a place that make a dweller of it (``a Tulsa native``, ``a Chicago resident``).
_DWELLERS = frozenset(("native", "resident"))
#: Words right before such a place (``a Tulsa native``, ``lifelong Yuma resident``).
_DWELLER_BEFORE = frozenset("a an lifelong longtime time former".split())
#: Words after ``native`` that make it a language or a people (``a Spanish native speaker``).
_NOT_DWELLING = frozenset("american americans alaskan hawaiian speaker speakers language tongue".split())
#: Prepositions before a place; alone they are weak cues (``in Tulsa``), ``of`` needs a strong word.
_PREPOSITIONS = frozenset("in at near from frm to of outside around".split())
#: ``from`` and its shorthand.
_FROM = frozenset(("from", "frm"))
#: Words right before a cued place: a preposition or ``the`` after one (``in Tulsa``, ``to the
#: Bronx``); most capitalised words follow neither, so only these are looked at.
_CUE_BEFORE = _PREPOSITIONS | {"the"}
#: Prepositions of coming and going: a lowercase known city after one is a place even with no verb
#: (``pt from dundalk``), unlike after ``in`` (``not in bursa``, a joint).
_FROM_TO = frozenset("from frm to near outside".split())
#: First words of place names formed from another word (``Port Jamesville``, ``East Hampton``).
_CITY_PREFIXES = frozenset(
    """north south east west new old lake port fort ft mount mt saint st san santa los las el la le glen
    grand little big palm cape point round rock upper lower fair green spring bay""".split()
)
_NOT_PLACES = frozenset(
    """the a an this that my his her their our your ed er icu ccu pacu or clinic hospital home work
    school church jail prison mexico dr mr mrs ms st max step floor unit ward telemetry tele""".split()
)
#: Parts of a building or a continent after a compass word (``west wing``, ``south america``).
_NOT_AFTER_PREFIX = frozenset(
    "wing wings side end coast shore campus tower building pavilion hall america nile".split()
)
#: Verbs that make a weaker place cue in an all-capitals line, where a word no list knows after them
#: is often a misspelt clinical word (``GO TO COMMODDE``, ``WAS IN ATRIAL TRIGEMANY``).
_WEAK_VERBS = frozenset("is was are up go going went back home house".split())
#: The name likeness below which a word no list knows reads as a misspelt English word.
_NOT_NAME = -3.0
#: Words that end the clause of a residence cue (``lives alone but in pain``).
_STOP_CLAUSE = frozenset("but or when while since until because".split())
#: Words that end a place name (``in Boston Today``).
_STOP = frozenset(
    """the a an and or of in on at to for with by from as is was are be today tomorrow yesterday
    this that on via per""".split()
)
#: Abbreviated first words of place names, after which any word belongs to the place (``St. Cloud``).
_SAINTS = frozenset("st ft mt".split())
#: Words that never start a cued place (``to the ICU``, ``from home``); ``St.`` may (``to St. Cloud``).
_NOT_FIRST = _NOT_PLACES - _SAINTS
#: Prefixes that make a place of a place-shaped word anywhere (``West Timothyton``).
_SHAPE_PREFIXES = frozenset("north south east west new lake port fort mount".split())
_COMPASS = frozenset("north south east west northern southern eastern western new".split())
#: Compass words that start town names (``East Chad``), unlike ``Northern``.
_TOWN_COMPASS = frozenset("north south east west new".split())
#: Countries more often first names, which make a town after a compass word (``West Jordan``).
_NAMED_COUNTRIES = frozenset("chad jordan israel kenya".split())
#: Flags of the words that are no town even with a place ending (``Hillside``, ``Milton`` is kept).
_NOT_TOWN = WORD | CLINICAL | FIRST | REGION
#: Place endings that make a town of an English word that is also a name (``Cookburgh``), unlike
#: ``-view`` or ``-side`` (``Cookview`` may be a street or a brand).
_TOWN_ENDINGS = frozenset(
    """ville burg burgh berg borough boro bury mouth chester caster shire furt stad polis heim fort
    haven""".split()
)
#: Words shaped like a town of a name and a place ending that are devices (``Mediport``).
_NOT_TOWNS = frozenset("mediport medport bardport".split())
#: Cities named like a state or country (``Kansas City``); ``New York`` alone is read as the state.
_CITY_REGIONS = frozenset({"kansas city", "oklahoma city", "new york city", "mexico city", "panama city"})
#: Flags of a one-word city that is not also a word, a name, a state or a clinical term.
_CITY_ONLY = frozenset(
    f for f in range(128) if f & CITY and not f & (WORD | REGION | CLINICAL | FIRST | SURNAME)
)

#: First words of place names that may be short capitals (``ST. CLOUD``, ``WEST KAITLYN``).
_PREFIX_WORDS = _SAINTS | _CITY_PREFIXES
_Add = Callable[[int, int, float], None]
#: Keys of the words in :attr:`_Looks.words`.
_CUES = _STREET_AFTER | _PREPOSITIONS | _ROAD_WORDS | _REGION_FIRST | _DWELLERS
#: Keys of the words in :attr:`_Looks.capitals`, and keys of the words right before them.
_MARKS = frozenset(word.lower() for word in _STRONG_SUFFIXES | _AREA_WORDS) | _SHAPE_PREFIXES | _REGION_FIRST
_MARKS_AFTER = _ON_WORDS | _CUE_BEFORE | _LABEL_ENDS

# Scores.
_CUED = 0.8
_KNOWN_CITY = 0.65
_LONE_CITY = 0.55
#: Places found with at least this score are found again at their other mentions in the text.
_SURE = 0.6
_AGAIN = 0.7


class PlaceRecognizer:
    """Addresses, cities, counties, neighbourhoods and geocodes (everything below the state)."""

    id = "us-place"
    version = "2"
    categories = frozenset({Category.LOCATION})

    def __init__(self) -> None:
        self._cities = frozenset(load_list("us_cities")) | frozenset(load_list("world_cities"))
        first_words: dict[str, int] = {}
        for city in self._cities:
            if " " in city:
                head, _, rest = city.partition(" ")
                first_words[head] = max(first_words.get(head, 0), rest.count(" ") + 2)
        #: First word of a multi-word city -> its largest number of words.
        self._multi = first_words
        #: The first two words of each multi-word city (``("new", "haven")``).
        self._pairs = frozenset(tuple(city.split(" ")[:2]) for city in self._cities if " " in city)
        #: First words of multi-word cities that :meth:`_lowercase_city` reads (not ``the``, ``in``).
        self._heads = frozenset(first_words) - _STOP - _NOT_PLACES

    def find(self, text: str) -> Iterator[Match]:
        """Yield LOCATION matches in ``text``."""
        if not text:
            return
        spans: dict[tuple[int, int], float] = {}

        def add(start: int, end: int, score: float) -> None:
            if end > start and spans.get((start, end), 0.0) < score:
                spans[(start, end)] = score

        found = addresses(text)
        for start, end, score in (*found.streets, *found.cities):
            add(start, end, score)
        w = words(text)
        looks = _looks(w)
        self._other_addresses(text, w, looks, add)
        self._counties_and_areas(text, w, looks, add)
        self._cued(w, looks, add)
        self._dwellers(w, looks, add)
        self._known_cities(w, add)
        self._shaped_cities(w, looks, add, spans)
        self._geocodes(text, add)
        _regions(w, looks, add)
        for a, b in _again(w, spans):
            add(w.starts[a], w.ends[b - 1], _AGAIN)
        location = Category.LOCATION
        for (start, end), score in sorted(spans.items()):
            yield Match(start, end, location, score)

    # -- PO boxes, units, named streets ----------------------------------------------------------

    @staticmethod
    def _other_addresses(text: str, w: Words, looks: _Looks, add: _Add) -> None:
        words_, gaps = w.words, w.gaps
        for s in [s for s in looks.capitals if words_[s] in _STRONG_SUFFIXES]:
            a = s
            while a > 0 and s - a < 3 and gaps[a] == " " and words_[a - 1].istitle():
                a -= 1
            if a < s and words_[a].isalpha() and words_[a].lower() not in _STOP:
                add(w.starts[a], w.ends[s], 0.75)
        PlaceRecognizer._unnumbered_streets(w, looks, add)
        lower = ascii_lower(text)
        if "box" in lower:
            for m in _PO_BOX.finditer(text):
                add(m.start(), m.end(), 0.95)
        hinted: bool | None = None  # the route hints, looked for once a route is found
        roads = [w.starts[k] for k in looks.words if w.keys[k] in _ROAD_WORDS]
        for a, b in _lines_with_words(text, lower, ("box",), roads):
            for m in _ROUTE.finditer(text, a, b):
                if _word_start(text, m.start()):
                    if hinted is None:
                        hinted = any(map(lower.__contains__, _ROUTE_HINTS))
                    if hinted:
                        add(m.start(), m.end(), 0.9)
        units: bool | None = None  # the unit words, looked for once a unit is found
        for a, b in _lines_with_words(text, lower, _UNIT_WORDS):
            for m in _UNIT_ALONE.finditer(text, a, b):
                if _word_start(text, m.start()):
                    if units is None:
                        units = "apt" in lower or "suite" in lower or "ste" in lower
                    if units:
                        add(m.start(), m.end(), 0.7)

    @staticmethod
    def _unnumbered_streets(w: Words, looks: _Looks, add: _Add) -> None:
        """Street names with no house number: before ``St.`` or a lowercase ``street`` (``Brown Dale
        St.``, ``Curry Haven street``), or after ``on``/``off`` ending in a street suffix (``lives on
        Arnold Gateway``).
        """
        words_, gaps, keys = w.words, w.gaps, w.keys
        n = len(words_)
        for s in [s for s in looks.words if keys[s] in _STREET_AFTER and s > 0]:
            word = words_[s]
            if word.islower() and len(word) > 3:
                pass  # "Curry Haven street"
            elif not (word.istitle() and gaps[s + 1][:1] == "." and len(word) < 5):
                continue
            elif s + 1 < n and gaps[s + 1][:2] == ". " and words_[s + 1][:1].isupper():
                continue  # "St. Louis": a saint, not a street
            a = s
            while a > 0 and s - a < 3 and gaps[a] == " " and words_[a - 1].istitle():
                a -= 1
            if a < s and not any(w.flag(j) & CLINICAL or keys[j] in _STOP for j in range(a, s)):
                add(w.starts[a], w.ends[s], 0.75)
        for k in [k for k in looks.capitals if keys[k - 1] in _ON_WORDS]:
            p = k - 1
            if p < 0 or gaps[k] != " ":
                continue
            if keys[p] == "of" and not (p > 0 and keys[p - 1] in ("corner", "side", "intersection")):
                continue
            b = k
            while b < n and b - k < 4 and words_[b][:1].isupper() and (b == k or gaps[b] == " "):
                b += 1
            last = b - 1
            if not (last > k and keys[last] in _CUED_SUFFIXES and words_[last].istitle()):
                continue
            if any(w.flag(j) & CLINICAL or keys[j] in _STOP for j in range(k, last)):
                continue
            add(w.starts[k], w.ends[last], 0.75)

    # -- counties and neighbourhoods -------------------------------------------------------------

    @staticmethod
    def _counties_and_areas(text: str, w: Words, looks: _Looks, add: _Add) -> None:
        ends, starts, flags, keys, gaps = w.ends, w.starts, w.flags, w.keys, w.gaps
        heads = [j for j in looks.capitals if w.words[j] in _AREA_WORDS]
        for j in [j for j in heads if w.words[j] in _COUNTY_WORDS]:
            k = j - 1
            if k < 0 or gaps[j] != " " or text[ends[j] : ends[j] + 1] == "_" or not w.words[k][0].isupper():
                continue  # "Cook County"; not "County_3"
            first = k
            while first > 0 and k - first < 2 and gaps[first] == " " and w.words[first - 1][0].isupper():
                if flags[first - 1] & WORD and not flags[first - 1] & CITY:
                    break
                first -= 1
            if keys[first] in _NOT_PLACES:
                first += 1
            if first <= k:
                add(starts[first], ends[j], 0.9)
        for j in heads:
            m = _PRECINCT.match(text, starts[j])
            if m is not None and _word_start(text, m.start()):
                add(m.start(), m.end(), 0.85)  # "Precinct 12", "Tract 4.01"
        lower = ascii_lower(text)
        if w.complete and ("county" in lower or "parish" in lower):
            for j in compress(range(1, len(keys)), map(_LOWER_COUNTY.__contains__, keys[1:])):
                if gaps[j] == " " and _lowercase_county_name(w, j - 1):
                    add(starts[j - 1], ends[j], 0.8)  # "cecil county ems", ", millbrook county"
        for j in compress(range(1, len(keys)), map(_SERVICES.__contains__, keys[1:])):
            if gaps[j] == " " and _serving_town(w, j):
                add(starts[j - 1], ends[j - 1], 0.75)  # "Ashgrove fire dept", "bangor police"
        if "neighbo" in lower or "district" in lower:
            for m in _NEIGHBOURHOOD.finditer(text):
                k = bisect_right(ends, m.start()) - 1
                if (
                    k >= 0
                    and ends[k] == m.start()
                    and w.words[k][0].isupper()
                    and not flags[k] & (WORD | CLINICAL)
                ):
                    add(starts[k], ends[k], 0.7)

    # -- cities after a cue ----------------------------------------------------------------------

    def _cued(self, w: Words, looks: _Looks, add: _Add) -> None:
        cities = self._cities
        keys, words_, gaps, flags = w.keys, w.words, w.gaps, w.flags
        n = len(keys)
        self._cued_lowercase(w, looks, add)
        for q in [q for q in looks.capitals if keys[q - 1] in _MARKS_AFTER and keys[q] not in _NOT_FIRST]:
            p = q - 1
            labelled = _labelled(w, q)
            if p < 0 or gaps[q] != " " and not (labelled or _wrapped(w, q)) or _never_cued(w, q):
                continue
            if labelled:
                strong = True  # "Hometown: Tulsa"
            else:
                if keys[p] == "the" and p > 0 and gaps[p] == " ":
                    p -= 1
                if keys[p] not in _PREPOSITIONS:
                    continue
                strong = keys[p - 1] in _STRONG_BEFORE and gaps[p] == " "
                if keys[p] == "of" and not (strong or _strong_cue(w, p)):
                    continue
            keep: list[int] = []
            k = q
            while k < n and len(keep) < 4:
                word = words_[k]
                if keep and gaps[k] not in (" ", ". "):
                    break
                if keep and gaps[k] == ". " and keys[k - 1] not in ("st", "ft", "mt"):
                    break
                if not (word[0].isupper() or (word[0].isdigit() and ocr_key(word))):
                    break
                key = keys[k]
                f = flags[k] or _ocr_flags(word)
                if keep and (key in _STOP or f & WORD and not f & (CITY | SURNAME | FIRST)):
                    if key not in STREET_SUFFIXES and not (len(keep) == 1 and keys[keep[0]] in _SAINTS):
                        break  # "in Boston Today": the place ends before an English word
                if not word.isalpha() and not ocr_key(word):
                    break
                if keep and len(word) <= 2 and word.isupper():
                    break  # "Lake Kelly MA": the state code ends the place
                keep.append(k)
                k += 1
            keep = self._trimmed(w, keep)
            if not keep:
                continue
            names = [keys[k] for k in keep]
            if names[0] in _NOT_PLACES and not (len(names) > 1 and names[0] in _SAINTS) or _is_region(names):
                continue  # "lives in Texas", "from North Carolina": a state or country, not PHI
            start, end = w.starts[keep[0]], w.ends[keep[-1]]
            if all(name in GENERIC or name in _NOT_PLACES for name in names):
                continue  # "admitted to the Medical ICU": a unit, not a place
            phrase = " ".join(names)
            if phrase not in cities and _department(w, keep):
                continue  # "taken to Operating Room", "sent to Pathology Lab", "from Social Work"
            if not strong and keys[p] in _FROM and keys[keep[-1] + 1 : keep[-1] + 2] == ["area"]:
                strong = True  # "from Lindqvist area"
            if not strong and not labelled and _strong_cue(w, p):
                # "son from Columbia", "lives alone in Hazelwood"; not "Family from Good Samaritan"
                strong = phrase in cities or any(not w.flag(k) & WORD for k in keep)
            f = (flags[keep[0]] or _ocr_flags(words_[keep[0]])) if len(keep) == 1 else 0
            if labelled and f & WORD or not _cued_place(w, keep, phrase in cities, strong):
                continue  # "Lives: House w/ 3 steps"
            k = keep[-1] + 1
            if k < n and keys[k] == "s" and gaps[k] in ("'", "’"):
                end = w.ends[k]  # "to St. Mary's"
            if phrase in cities:
                if strong or len(keep) > 1 or not f & (WORD | CLINICAL):
                    add(start, end, _CUED if strong else _KNOWN_CITY)
            elif not strong:
                if _city_shaped(names) and not f & (WORD | CLINICAL):
                    add(start, end, 0.6)
            elif not (len(keep) == 1 and (f & (WORD | CLINICAL) or not f and _misspelt_region(names[0]))):
                add(start, end, _CUED)

    def _dwellers(self, w: Words, looks: _Looks, add: _Add) -> None:
        """Places of one to three capitalised words before ``native`` or ``resident``, after ``a``,
        ``an`` or ``lifelong`` (``a Tulsa native``, ``a lifelong Grand Rapids resident``); not a state
        (``a Texas native``), a language (``a Spanish native speaker``) nor a service (``an Internal
        Medicine resident``).
        """
        keys, words_, gaps = w.keys, w.words, w.gaps
        for k in [k for k in looks.words if keys[k] in _DWELLERS and k > 1 and gaps[k] == " "]:
            if k + 1 < len(keys) and keys[k + 1] in _NOT_DWELLING:
                continue
            a = k - 1
            while a > 1 and k - a < 3 and gaps[a] == " " and keys[a - 1] not in _DWELLER_BEFORE:
                if not words_[a - 1][0].isupper():
                    break
                a -= 1
            if keys[a - 1] not in _DWELLER_BEFORE or gaps[a] not in (" ", "-"):
                continue
            keep = list(range(a, k))
            names = keys[a:k]
            known = " ".join(names) in self._cities
            if not all(words_[j][0].isupper() for j in keep) or names[0] in _NOT_PLACES or _is_region(names):
                continue
            if not known and all(w.flag(j) & WORD for j in keep):
                continue  # "a Medicine resident"
            if _cued_place(w, keep, known, True):
                add(w.starts[a], w.ends[k - 1], _CUED)

    def _trimmed(self, w: Words, keep: list[int]) -> list[int]:
        """``keep`` without a state or country after the city (``in Austin Texas``: the state is no
        identifier), and, in capitals, without trailing English words that are not part of a known
        city (``SEEN AT MERCER LAST WEEK``: ``LAST`` ends the place; ``GLEN BURNIE`` stays whole). In
        mixed case the capitals mark a name (``Doctors Community``).
        """
        if len(keep) < 2:
            return keep  # nothing to trim
        keys = w.keys
        cities = self._cities
        named = [keys[k] for k in keep]
        for size in (2, 1):
            if len(keep) > size and " ".join(named) not in cities and not _named_town(named[-size - 1 :]):
                if _is_region(named[-size:]):
                    keep = keep[:-size]
                    break
        if not all(w.words[k].isupper() for k in keep):
            return keep
        while len(keep) > 1 and " ".join([keys[k] for k in keep]) not in cities:
            last = keep[-1]
            if not w.flag(last) & WORD or keys[last] in STREET_SUFFIXES and not w.flag(keep[-2]) & WORD:
                break  # "HARVEY LAKE"; not "BETTYVILLE LAST SPRING"
            if len(keep) == 2 and _prefixed_name(w, keep[0], last):
                break  # "PORT CRYSTAL"
            keep = keep[:-1]
        return keep

    def _cued_lowercase(self, w: Words, looks: _Looks, add: _Add) -> None:
        """Right after a strong place cue: a short city name (``lives in DC``); a lowercase known city
        (``lives nearby in rockport``, ``lives alone in glen burnie``); in an all-lowercase note also
        a place-shaped word (``moved to lake loriview``, ``lives in hernandezburgh``) or a county
        (``grew up in king county``). After ``from``/``to`` in an all-lowercase note: a known city
        that is no word or name (``pt from dundalk``).
        """
        keys, gaps, words_ = w.keys, w.gaps, w.words
        n = len(keys)
        for p in [p for p in looks.words if keys[p] in _PREPOSITIONS and 0 < p < n - 1]:
            q = p + 1
            if gaps[q] != " " or gaps[p] != " " and not _strong_cue(w, p):
                continue  # "at 42 wren st. in port lucinda" (see _strong_cue)
            if keys[q] in _CITY_SHORT and keys[p - 1] not in ("is", "was", "are"):
                if _strong_cue(w, p) or len(keys[q]) > 2 and w.words[q].istitle():
                    add(w.starts[q], w.ends[q], _CUED)  # "lives in DC", "the VA in Balt"
                continue
            if not w.complete and not (words_[q].islower() and (keys[q] in self._heads or w.flag(q) & CITY)):
                continue  # in a text with capitals only a lowercase city is read here (see below)
            f = w.flag(q)
            if not _strong_cue(w, p):
                if not w.complete:
                    continue
                if f in _CITY_ONLY and len(keys[q]) > 3 and keys[p] in _FROM_TO:
                    add(w.starts[q], w.ends[q], _KNOWN_CITY)  # "pt from dundalk"; not "in bursa"
                elif size := _lowercase_named(w, p, q, False, self._cities):
                    add(w.starts[q], w.ends[q + size - 1], _KNOWN_CITY)  # "pt from nashua.", "from bel air."
                elif size := _lowercase_shaped(w, q, keys[p] in _FROM_TO):
                    add(w.starts[q], w.ends[q + size - 1], 0.6)  # "in clark county", "from north gregory"
                elif (size := self._lowercase_city(w, q)) and (
                    not w.flag(q + size - 1) & WORD or keys[q + size : q + size + 1] == ["area"]
                ):
                    add(w.starts[q], w.ends[q + size - 1], _KNOWN_CITY)  # "family in san diego"
                continue
            size = self._lowercase_city(w, q)
            if size > 1:
                add(w.starts[q], w.ends[q + size - 1], _CUED)  # "lives alone in glen burnie"
                continue
            if not w.complete:
                if words_[q].islower() and f & CITY and not f & (WORD | REGION | CLINICAL):
                    add(w.starts[q], w.ends[q], _CUED)  # "lives nearby in rockport"
                continue
            if f & CITY and not f & (WORD | REGION | CLINICAL) and keys[q + 1 : q + 2] != ["county"]:
                end = q
                if q + 1 < n and gaps[q + 1] == " " and " ".join(keys[q : q + 2]) in self._cities:
                    end = q + 1
                add(w.starts[q], w.ends[end], _CUED)
            elif size := _lowercase_shaped(w, q, True):
                add(w.starts[q], w.ends[q + size - 1], _CUED)  # "king county", "west daniel", "lake mark"
            elif size := _lowercase_named(w, p, q, True, self._cities):
                add(w.starts[q], w.ends[q + size - 1], _CUED)  # "lvs in colvin.", "in ashgrove springs"

    def _lowercase_city(self, w: Words, q: int) -> int:
        """Number of words (2 or 3) of a known lowercase city of several words at word ``q`` (``glen
        burnie``, ``la plata``), else 0; not a state or country (``new york``, ``south africa``).
        """
        keys, words_, gaps = w.keys, w.words, w.gaps
        if keys[q] in _STOP or keys[q] in _NOT_PLACES:
            return 0
        for size in (3, 2):
            last = q + size - 1
            if last >= len(keys) or any(
                gaps[j] != " " or not words_[j].islower() for j in range(q + 1, last + 1)
            ):
                continue
            phrase = keys[q : last + 1]
            if words_[q].islower() and " ".join(phrase) in self._cities and not _is_region(phrase):
                return size
        return 0

    # -- cities on their own ---------------------------------------------------------------------

    def _known_cities(self, w: Words, add: _Add) -> None:
        keys, flags, words_ = w.keys, w.flags, w.words
        multi = self._multi
        cities = self._cities
        n = len(keys)
        starts, ends = w.starts, w.ends
        pairs, final = self._pairs, n - 1
        # a one-word city, or the first two words of a longer one
        for k in [
            k
            for k in w.capitals
            if flags[k] in _CITY_ONLY or keys[k] in multi and k < final and (keys[k], keys[k + 1]) in pairs
        ]:
            if not (words_[k].istitle() or flags[k] in _CITY_ONLY and len(keys[k]) > 4):
                continue  # "ANNAPOLIS" too: a city that no list knows as a word or a name
            if flags[k] not in _CITY_ONLY and not (k + 1 < n and words_[k + 1][0].isupper()):
                continue  # a multi-word city starts with a capitalised word followed by another one
            size = 1
            if k < final and (keys[k], keys[k + 1]) in pairs:
                longest = multi[keys[k]]
                while size < longest and k + size < n and w.gaps[k + size] == " ":
                    size += 1
            for last in range(k + size - 1, k, -1):
                phrase = keys[k : last + 1]
                if " ".join(phrase) in cities:
                    if not _is_region(phrase):
                        add(starts[k], ends[last], _KNOWN_CITY)
                    break
            else:
                f = flags[k]
                if (
                    f & CITY
                    and not f & (WORD | REGION | CLINICAL | FIRST | SURNAME)
                    and not words_[k].isupper()
                ):
                    add(starts[k], ends[k], _LONE_CITY)

    @staticmethod
    def _shaped_cities(w: Words, looks: _Looks, add: _Add, found: Iterable[tuple[int, int]]) -> None:
        """A place prefix before a word no list knows that ends like a place (``West Timothyton``,
        ``Lake Kristinaton``, ``North Donaldburgh``) or before a first name that is no English word
        (``East Todd``, ``Port Martha``; not ``West Wing``, ``New Hope``, ``North Carolina``); and
        such a word alone when it is a name with a place ending (``Staciefurt``, ``Jonesland``), unless
        already ``found``. A misspelt word (``RADIATON``) is looked for only in capitals or first in a
        sentence, where capitals do not mark a name: the check costs hundreds of look-ups.
        """
        keys, words_, gaps, flags = w.keys, w.words, w.gaps, w.flags
        n = len(keys)
        for k in [k for k in looks.capitals if keys[k] in _SHAPE_PREFIXES]:
            j = k + 1
            if j >= n or gaps[j] != " " or not words_[j].istitle() or not words_[k].istitle():
                continue
            f = w.flag(j)
            if not f & _NOT_TOWN and len(keys[j]) > 5 and keys[j].endswith(PLACE_ENDINGS):
                add(w.starts[k], w.ends[j], 0.6)
            elif not f & (WORD | REGION) and _prefixed_name(w, k, j):
                add(w.starts[k], w.ends[j], 0.6)
        capitals = w.capitals
        ended = compress(capitals, map(str.endswith, map(keys.__getitem__, capitals), repeat(PLACE_ENDINGS)))
        for k in [k for k in ended if not flags[k] & _NOT_TOWN]:
            word, start, end = words_[k], w.starts[k], w.ends[k]
            if not (word.istitle() or word.isupper()) or not word.isalpha() or not _named_place(keys[k]):
                continue
            if any(a <= start and end <= b for a, b in found):
                continue  # "East Brandibury", found whole
            first = word.isupper() or k == 0 or gaps[k].rstrip(" ")[-1:] in ("", ".", "\n", ":")
            if not (first and misread_word(keys[k])):  # capitals or a sentence's first word: "RADIATON"
                add(start, end, 0.6)

    # -- geocodes --------------------------------------------------------------------------------

    @staticmethod
    def _geocodes(text: str, add: _Add) -> None:
        # a pair never spans a line break and holds the hint: only lines with a hint are searched
        lower = None
        for a, b in _lines_at(text, (m.start() for m in _GEO_HINT.finditer(text))):
            for m in _GEO_DECIMAL.finditer(text, a, b):
                if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in ".-"):
                    continue
                raw_lat, raw_lon = m["lat"], m["lon"]
                ocr = not (raw_lat + raw_lon).replace(".", "").lstrip("+-").replace("-", "").isdigit()
                try:
                    lat = float(raw_lat.translate(_OCR_DIGITS))
                    lon = float(raw_lon.translate(_OCR_DIGITS))
                except ValueError:
                    continue
                if abs(lat) > 90 or abs(lon) > 180:
                    continue
                if lower is None:
                    lower = ascii_lower(text)
                labelled = _GEO_WORDS.search(lower, max(0, m.start() - 24), m.start()) is not None
                hemispheres = m["ns"] is not None and m["ew"] is not None
                decimals = min(len(raw_lat.split(".")[1]), len(raw_lon.split(".")[1]))
                if labelled or hemispheres:
                    add(m.start(), m.end(), 0.95)
                elif decimals >= 4 and not ocr:
                    add(m.start(), m.end(), 0.7)
        if "°" in text:
            for m in _GEO_DMS.finditer(text):
                add(m.start(), m.end(), 0.95)


def _again(w: Words, spans: dict[tuple[int, int], float]) -> Iterator[tuple[int, int]]:
    """Word spans of the other mentions, in any letter case, of the distinct places of one to four
    words found with confidence in ``spans`` (``lives in Kettlesburgh ... KETTLESBURGH``); not streets
    (with numbers) nor places of common words (``Oak Street``).
    """
    starts, ends, keys = w.starts, w.ends, w.keys
    names: list[tuple[str, ...]] = []
    taken: set[int] = set()
    for (start, end), score in spans.items():
        a = bisect_left(starts, start)
        b = bisect_left(ends, end) + 1
        taken.update(range(a, b))
        if score >= _SURE and a < b <= min(a + 4, len(ends)) and starts[a] == start and ends[b - 1] == end:
            name = tuple(keys[a:b])
            if all(w.gaps[k] == " " for k in range(a + 1, b)) and distinct(name):
                names.append(name)
    return mentions(w, names, taken) if names else iter(())


def _cued_place(w: Words, keep: list[int], known: bool, strong: bool) -> bool:
    """True when words ``keep`` after a place cue may name a place. Not a clinical word (``CATH LAB``,
    ``Quinton``, ``OSH``) nor a short capital abbreviation (``EW``, ``IR``, ``CT Scan``), unless a
    ``known`` city that is not also a word; and a phrase no city list knows not in an all-capitals
    line (``GOING TO BE OVER``, ``TO KEEP SBP``) unless place-shaped (``MOVED TO HARVEYBERG``) or,
    after a ``strong`` cue, made of names (``LIVES IN WEST KAITLYN``); nor ``St.`` before a word
    (``ST. HIGH``).
    """
    first = w.words[keep[0]]
    f = w.flag(keep[0])
    if any(w.flag(k) & CLINICAL or w.keys[k].endswith("icu") for k in keep):
        return False  # "CATH LAB", "TSICU"
    if first.isupper() and len(first) <= 4 and not (len(keep) > 1 and w.keys[keep[0]] in _PREFIX_WORDS):
        if len(keep) > 1:
            return known and strong and len(first) > 2  # "NEW JOB IN SAN JOSE"
        return known and len(first) > 2 and not f & (WORD | REGION)
    if len(keep) > 1 and w.keys[keep[0]] in _SAINTS and not known:
        second = w.keys[keep[1]]
        if (
            w.flag(keep[1]) & WORD
            and w.words[keep[1]].isupper()
            or second in _STOP
            or second in ("no", "not")
        ):
            return False  # "SR TO ST. HIGH", "NSR to ST. No"
    if known and (len(keep) > 1 or not f & WORD):
        return True
    text = w.text
    start = w.starts[keep[0]]
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    if line.upper() != line or _city_shaped([w.keys[k] for k in keep]):
        return True
    # an all-capitals line: names and words no list knows, not English words ("TO KEEP SBP")
    if not strong or any(w.flag(k) & WORD or _unnamed_shape(w, k) for k in keep):
        return False
    cue = keep[0] - 1 - (w.keys[keep[0] - 1] == "the")
    if cue > 0 and w.keys[cue - 1] in _WEAK_VERBS:
        return all(_caps_name(w, k, True) for k in keep)
    return _caps_name(w, keep[0], False)  # "ADMITTED TO DRUMMOND HOSPITL"


def _unnamed_shape(w: Words, k: int) -> bool:
    """True when word ``k`` ends like an English word and no list knows it as a name or a place
    (``INTUBATED``; not ``KESSLING``, a surname).
    """
    return not w.flag(k) & (FIRST | SURNAME | CITY) and english_shaped(w.keys[k])


def _caps_name(w: Words, k: int, weak: bool) -> bool:
    """True when word ``k``, in an all-capitals line after a strong place cue, may be a name: a name
    or place of a list, or a word spelled like no English word misspelt (not ``TO PREVIUOS``,
    ``FROM PNEUMOMIA``); after a ``weak`` verb (``GO TO``, ``WAS IN``) a word spelled like a name
    (not ``UP TO COMMODDE``, ``WAS IN ATRIAL TRIGEMANY``).
    """
    if w.flag(k) & (FIRST | SURNAME | CITY):
        return True
    key = w.keys[k]
    if weak:
        return name_like(key)
    return name_likeness(key) > _NOT_NAME and not misread_word(key)


def _lowercase_shaped(w: Words, q: int, near: bool) -> int:
    """Number of words (1 or 2) of a place at word ``q`` of an all-lowercase text, shaped like one
    after a place cue, else 0: a name before ``county`` or ``parish`` (``clark county``, ``hall
    county``); a place prefix before a name, after a strong cue or a preposition of coming and going
    (``near``: ``from north gregory``, ``lives in lake mark``); a word no list knows with a place-name
    ending (``hernandezburgh``). Not ``the county``, ``west wing``, ``new onset``, ``north carolina``.
    """
    keys, gaps = w.keys, w.gaps
    key = keys[q]
    if key in _STOP or key in _NOT_PLACES:
        return 0
    f = w.flag(q)
    pair = q + 1 < len(keys) and gaps[q + 1] in (" ", "\n")
    if pair and keys[q + 1] in ("county", "parish"):
        named = f & (SURNAME | CITY | FIRST) and not f & CLINICAL
        return 2 if named or not f and not english_shaped(key) else 0
    if pair and near and key in _SHAPE_PREFIXES:
        g = w.flag(q + 1)
        if g & CLINICAL or keys[q + 1] in _NOT_AFTER_PREFIX or _is_region(keys[q : q + 2]):
            return 0
        if g & FIRST or g & SURNAME and not g & WORD or _city_shaped(keys[q : q + 2]) and not g & WORD:
            return 2  # "north gregory", "port amber", "new dustinfurt"
        return 0
    if f & (WORD | CLINICAL | REGION) or f and not near or keys[q - 1] in ("of", "at"):
        return 0  # "section of careview"
    return 1 if _city_shaped([key]) else 0


def _lowercase_county_name(w: Words, k: int) -> bool:
    """True when word ``k`` of an all-lowercase text, before ``county``, names it: a name or a city
    that is no clinical word, or a word no list knows spelled like a name (``cecil county``,
    ``wexley county``); not ``the county``, ``each county``.
    """
    key = w.keys[k]
    if len(key) < 3 or not w.words[k].isalpha() or key in _STOP or key in GENERIC or key in _NOT_PLACES:
        return False
    f = w.flag(k)
    if f & (CLINICAL | REGION):
        return False
    if f & (SURNAME | CITY | FIRST):
        return not f & WORD or bool(f & CITY)
    return not f and not english_shaped(key) and name_likeness(key) > _NOT_NAME and not misread_word(key)


def _serving_town(w: Words, j: int) -> bool:
    """True when the word before word ``j``, a public service (``fire dept``, ``police``, ``EMS``),
    names its town: capitalised (any case in an all-lowercase text), a city that is no English word
    or a name no list calls a word (``Ashgrove fire dept``, ``bangor police``); not ``the fire
    dept``, ``city police``, ``local EMS``.
    """
    keys, words_ = w.keys, w.words
    k = j - 1
    if keys[j] == "fire" and keys[j + 1 : j + 2] not in (["dept"], ["department"], ["co"], ["rescue"]):
        return False
    word = words_[k]
    if not (word[0].isupper() or w.complete) or not word.isalpha() or len(word) < 4:
        return False
    if keys[k] in GENERIC or keys[k] in _NOT_PLACES or keys[k] in _STOP or keys[k] in _LOWER_COUNTY:
        return False
    f = w.flag(k)
    if f & (CLINICAL | REGION | WORD) and not (f & CITY and not f & (WORD | CLINICAL)):
        return False
    if f:
        return True
    return not english_shaped(keys[k]) and name_likeness(keys[k]) > _NOT_NAME and not misread_word(keys[k])


def _lowercase_named(w: Words, p: int, q: int, strong: bool, cities: frozenset[str]) -> int:
    """Number of words (1 or 2) of a place at word ``q`` of an all-lowercase text, after the
    preposition at word ``p``, when the clause ends after it (punctuation, a line break, ``area``,
    ``w/``, ``visiting``...), else 0: a known city that is no English word (``pt from nashua.``,
    ``from bel air.``), or one that is after a verb of living or travelling (``visiting family in
    bend,``); after a ``strong`` cue or before ``area``, also a name or a word no list knows spelled
    like a name, with a place word after it (``lvs in colvin.``, ``from lindqvist area``, ``flew in
    from ashgrove springs``). Not a unit (``to micu.``), a state, a clinical or a misspelt word.
    """
    keys, gaps = w.keys, w.gaps
    size = 1
    if q + 1 < len(keys) and gaps[q + 1] == " " and w.words[q + 1].isalpha():
        if f"{keys[q]} {keys[q + 1]}" in cities and not _is_region(keys[q : q + 2]):
            return 2 if _clause_ends(w, q + 2) else 0  # "pt from bel air."
        if keys[q + 1] in _PLACE_TAILS:
            size = 2  # "ashgrove springs"
    return size if _named_alone(w, p, q, strong, q + size) else 0


def _clause_ends(w: Words, nxt: int) -> bool:
    """True when the clause ends before word ``nxt``: the text ends, punctuation or a line break, or
    a word that starts another clause (``w/``, ``for``, ``visiting``, ``area``).
    """
    if nxt >= len(w.keys):
        return True
    gap = w.gaps[nxt]
    mark = gap.strip()[:1]
    return bool(mark and mark in ",.;:()!?" or "\n" in gap or gap == " " and w.keys[nxt] in _AFTER_PLACE)


def _named_alone(w: Words, p: int, q: int, strong: bool, nxt: int) -> bool:
    """The test of :func:`_lowercase_named` for the first word ``q`` of a place ending before ``nxt``."""
    keys = w.keys
    key = keys[q]
    if len(key) < 4 or not w.words[q].isalpha() or key in _STOP or key in _NOT_PLACES or key in UNITS:
        return False
    if key in GENERIC or key in ("town", "village", "area"):
        return False  # "section of city", "lives in town"
    if not _clause_ends(w, nxt):
        return False
    after = keys[nxt] if nxt < len(keys) and w.gaps[nxt] == " " else ""
    f = w.flag(q)
    if f & (CLINICAL | REGION) or key.endswith("icu"):
        return False
    if f & CITY:
        if not (strong or keys[p] in _FROM_TO):
            return False  # "not in bursa": a joint
        return not f & WORD or any(
            cue_key(keys[k]) in _DWELL or keys[k] in _EVENTS and keys[p] in _EVENT_PREPOSITIONS
            for k in range(max(0, p - 5), p)
        )
    if not (strong or after == "area" and keys[p] in _FROM) or f & WORD:
        return False  # "in peri area"
    if f:
        return True  # a first name or surname: "lvs in colvin"
    if len(key) < 5 or english_shaped(key) or _misspelt_region(key):
        return False  # "was in usoh", "in vermont"
    if keys[p - 1] in _WEAK_VERBS:
        return name_like(key)
    return name_likeness(key) > _NOT_NAME and not misread_word(key)


def _labelled(w: Words, q: int) -> bool:
    """True when word ``q`` follows a place label and its colon that start a line or a field
    (``Hometown: Tulsa``, ``Place of birth: Yuma``); not a label inside a sentence.
    """
    gap = w.gaps[q]
    if q < 1 or gap.strip() != ":" or "\n" in gap:
        return False
    keys, gaps = w.keys, w.gaps
    for label in _LABELS:
        a = q - len(label)
        if a >= 0 and tuple(keys[a:q]) == label and all(gaps[j] == " " for j in range(a + 1, q)):
            before = gaps[a].rstrip(" \t")
            return a == 0 or not before or before[-1] in "\n.;,|:" or gaps[a].endswith("  ")
    return False


def _prefixed_name(w: Words, k: int, j: int) -> bool:
    """True when word ``k`` is a place prefix and word ``j`` a first name that is no clinical word
    (``PORT CRYSTAL``, ``LAKE HUNTER``; not ``WEST WING``, ``NEW ONSET``).
    """
    f = w.flag(j)
    named = f & FIRST and not f & CLINICAL
    return bool(named) and w.keys[k] in _SHAPE_PREFIXES and w.keys[j] not in _NOT_AFTER_PREFIX


def _named_place(key: str) -> bool:
    """True when ``key`` is a first name or surname of three letters or more with a place ending
    (``staciefurt``, ``jonesland``, ``edwinfort``).
    """
    if key in _NOT_TOWNS:
        return False
    for ending in PLACE_ENDINGS:
        if key.endswith(ending) and len(key) - len(ending) >= 3:
            f = lookup(key[: -len(ending)])
            plain = f & WORD and ending not in _TOWN_ENDINGS  # "Cookview" is no town; "Cookburgh" is
            if f & (FIRST | SURNAME) and not f & CLINICAL and not plain:
                return True
    return False


def _wrapped(w: Words, q: int) -> bool:
    """True when word ``q`` starts a line right after a strong place cue that ends the line before
    (``heading back home to`` / ``Yuma``): a wrapped sentence.
    """
    p = q - 1
    return (
        w.gaps[q] == "\n"
        and p > 0
        and w.keys[p] in _PREPOSITIONS
        and w.keys[p - 1] in _STRONG_BEFORE
        and w.gaps[p] == " "
    )


def _never_cued(w: Words, q: int) -> bool:
    """True when the capitalised word ``q`` cannot start a cued place, by the first tests of
    :func:`_cued_place`: a clinical word (``to MICU``, ``FROM OSH``) or one or two capitals that start
    no place name (``TO PT``); this spares reading the words after it.
    """
    word = w.words[q]
    if w.flags[q] & CLINICAL or w.keys[q].endswith("icu"):
        return True
    return word.isupper() and len(word) <= 2 and w.keys[q] not in _PREFIX_WORDS


def _department(w: Words, keep: list[int]) -> bool:
    """True when words ``keep`` name a room or service of a hospital: their last word, or the word
    right after them, is a department noun (``Operating Room``, ``Self Care``, ``Interventional
    Radiology``).
    """
    keys = w.keys
    after = keep[-1] + 1
    if keys[keep[-1]] in _DEPARTMENTS:
        return True
    return after < len(keys) and w.gaps[after] == " " and keys[after] in _DEPARTMENTS


def _strong_cue(w: Words, p: int) -> bool:
    """True when the preposition at word ``p`` is a strong place cue: right after a word of living,
    moving or travelling (``lives in``, ``moved from``), a relative or a visitor's role before
    ``from`` (``son from``, ``surgeon from``), a relative's first name before ``of`` (``daughter Ann
    of``), a place of care or work before ``in`` (``clinic
    in``, ``the VA in``, ``new job in``), or up to five words after a word of living in the same clause
    (``lives alone in``, ``lives with two nephews in``).
    """
    keys, gaps = w.keys, w.gaps
    if p < 1:
        return False
    before = cue_key(keys[p - 1])
    if (
        keys[p] == "in"
        and before in _STREET_AFTER
        and any(key.isdigit() for key in keys[max(p - 4, 0) : p - 1])
    ):
        return gaps[p] in (" ", ". ")  # "at 42 Wren St. in Port Lucinda"
    if gaps[p] != " ":
        return False
    event = keys[p] in _EVENT_PREPOSITIONS
    if before in _STRONG_BEFORE or event and before in _EVENTS:
        return True  # "lives in", "lvs in", "MVA near"
    if keys[p] == "to" and discharged_before(w, p):
        return True  # "d/c to", "dc'd to"
    if keys[p] in _FROM and before in _BEFORE_FROM:
        return True  # "Surgeon from Harbor", "the coordinator from Sacred Heart", "here from"
    if keys[p] in _FROM and before in _TRAVEL_ADVERBS and p > 1 and gaps[p - 1] == " ":
        verb = p - 3 if keys[p - 2] in _PRONOUNS and p > 2 and gaps[p - 2] == " " else p - 2
        if keys[verb] in _STRONG_BEFORE or keys[verb] in _FROM_WORDS:
            return True  # "DRIVING IN FROM", "COMING DOWN FROM", "drove him down from"
    if before in _SITES and keys[p] in ("in", "near", "outside"):
        return True  # "a clinic in Orange", "the shelter in Mobile"
    if keys[p] == "of" and p > 1 and keys[p - 2] in _KIN and w.flag(p - 1) & FIRST and gaps[p - 1] == " ":
        return True  # "daughter Grace of Modesto"
    k = p - 1
    while k > 0 and p - k < 6 and gaps[k] in (" ", "/ ") and keys[k] not in _STOP_CLAUSE:
        k -= 1
        if event and keys[k] in _EVENTS or cue_key(keys[k]) in _RESIDE:
            return True
    return False


class _Looks(NamedTuple):
    """The words of a text worth a closer look, found once for all the steps of
    :meth:`PlaceRecognizer.find`, which each narrow them to their own words: most words start no
    place, and a pass over all of them costs more than the steps' own work.
    """

    #: Prepositions, street, road and compass words in any case (``lives in``, ``Curry Haven street``,
    #: ``rte``, ``eastern``).
    words: list[int]
    #: Capitalised words that start or end a place (``Street``, ``County``, ``West``, ``Eastern``),
    #: and those right after a cue word (``in Tulsa``, ``on Arnold Gateway``).
    capitals: list[int]


def _looks(w: Words) -> _Looks:
    """The :class:`_Looks` of ``w``: one pass over its words and one over its capitalised words."""
    keys = w.keys
    cues = list(compress(range(len(keys)), map(_CUES.__contains__, keys)))
    return _Looks(cues, [k for k in w.capitals if keys[k] in _MARKS or keys[k - 1] in _MARKS_AFTER])


def _regions(w: Words, looks: _Looks, add: _Add) -> None:
    """Regions below the state named by a compass word and a landform after ``the`` or a place
    preposition: ``the Eastern Shore``, ``FROM THE EASTERN SHORE``, ``family from Eastern Shore``,
    ``the Upper Valley``; and the campus of a hospital (``on North Campus``, ``WEST CAMPUS``); not
    ``the eastern shore of the lake`` nor ``the Eastern`` alone. In an all-lowercase text the words
    may be lowercase (``on the eastern shore,``, ``on north campus``).
    """
    keys, words_, gaps = w.keys, w.words, w.gaps
    n = len(keys)
    pool = looks.capitals + looks.words if w.complete else looks.capitals
    for k in [k for k in pool if keys[k] in _REGION_FIRST]:  # both words are capitalised
        if not 0 < k < n - 1 or gaps[k + 1] != " ":
            continue
        if words_[k].islower():
            if not words_[k + 1].islower() or keys[k + 2 : k + 3] == ["of"] and gaps[k + 2] == " ":
                continue  # "the eastern shore of the lake"
            first = words_[k].capitalize()
            last = words_[k + 1].capitalize()
        else:
            first, last = words_[k], words_[k + 1]
        second = keys[k + 1]
        if second == "campus":
            if keys[k] not in ("north", "south", "east", "west"):
                continue
        elif second not in _LANDFORMS or keys[k - 1] != "the" and keys[k - 1] not in _PREPOSITIONS:
            continue
        if first.istitle() and last.istitle() or first.isupper() and last.isupper():
            add(w.starts[k], w.ends[k + 1], _CUED)


def _ocr_flags(word: str) -> int:
    if word.isalpha():
        return 0  # no digit in it that OCR made of a letter
    key = ocr_key(word)
    return lookup(key) if key else 0


def _is_region(keys: list[str]) -> bool:
    """True when ``keys`` name a state or country (``north carolina``, ``mexico``, ``northern
    california``), not a city; a city that shares a word with one is a city (``Columbia``, ``Kansas
    City``).
    """
    if not any(map(_region_word, keys)):
        return False
    phrase = " ".join(keys)
    if phrase in _CITY_REGIONS:
        return False
    names = _region_names()
    if phrase in names:
        return True
    if keys[0] in _COMPASS and " ".join(keys[1:]) in names:
        return not _named_town(keys)
    return all(lookup(k) & REGION and not lookup(k) & CITY or k in _COMPASS for k in keys)


def _named_town(keys: list[str]) -> bool:
    """True when ``keys`` are a compass word and a country that is more often a first name (``East
    Chad``, ``West Jordan``): a town, not a region (unlike ``South India``, ``North Korea``).
    """
    return len(keys) == 2 and keys[0] in _TOWN_COMPASS and keys[1] in _NAMED_COUNTRIES


@lru_cache(maxsize=1 << 14)
def _region_word(key: str) -> bool:
    """True when ``key`` is a word of a state or country name (cached: most places asked about are
    looked up again and again, and most of their words are no such word).
    """
    return bool(lookup(key) & REGION)


def _misspelt_region(key: str) -> bool:
    """True when ``key``, a word no list knows, is one letter off a state or country name
    (``Conneticut``, ``Pensylvania``): a state misspelt, not an unknown town.
    """
    for name in _region_initials().get(key[0], ()):
        if abs(len(name) - len(key)) <= 1 and _one_edit(key, name):
            return True
    return False


@lru_cache(maxsize=1)
def _region_initials() -> dict[str, list[str]]:
    """:func:`_region_names` by first letter (a misspelling keeps its first letter)."""
    out: dict[str, list[str]] = {}
    for name in sorted(_region_names()):
        out.setdefault(name[0], []).append(name)
    return out


def _one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by one inserted, deleted or replaced letter."""
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


@lru_cache(maxsize=1)
def _region_names() -> frozenset[str]:
    """Lowercase names of the US states, territories and countries."""
    states = (name.lower() for name in us_states().values())
    return frozenset(states) | load_set("countries")


def _lines_with_words(
    text: str, lower: str, heads: tuple[str, ...], starts: Iterable[int] = ()
) -> list[tuple[int, int]]:
    """``(start, end)`` of the lines of ``text`` in which a word starts with one of ``heads`` (lowercase)
    or at one of ``starts`` (words found by key), in order, each once.

    A case-insensitive pattern with no literal start is tried by ``re`` at every position; when its
    matches cannot cross a line break and each holds a word starting with a head (``Rte``, ``box12``,
    ``Apt``), a search of these lines finds the same matches for a fraction of the cost. Heads are
    found with ``str.find`` in the lowered text; ``re.IGNORECASE`` also reads a dotless ``ı`` as ``i``
    and a long ``ſ`` as ``s``, which lowering keeps, so a text with one is searched whole.
    """
    if "\u0131" in text or "\u017f" in text:
        return [(0, len(text))]
    found = list(starts)
    for head in heads:
        i = lower.find(head)
        while i >= 0:
            if _word_start(text, i):
                found.append(i)
            i = lower.find(head, i + len(head))
    return _lines_at(text, sorted(found))


def _lines_at(text: str, positions: Iterable[int]) -> list[tuple[int, int]]:
    """``(start, end)`` of the lines of ``text`` that hold ``positions`` (ascending), each once."""
    lines: list[tuple[int, int]] = []
    end = -1
    for i in positions:
        if i > end:
            end = text.find("\n", i)
            end = len(text) if end < 0 else end
            lines.append((text.rfind("\n", 0, i) + 1, end))
    return lines


def _word_start(text: str, start: int) -> bool:
    """True when ``start`` begins a word (no letter, digit or hyphen right before it)."""
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "-_")


def _city_shaped(keys: list[str]) -> bool:
    """True for a place-shaped name: a place prefix before a word that is no short abbreviation, or a
    place-name ending.
    """
    last = keys[-1]
    if len(keys) > 1 and keys[0].rstrip(".") in _CITY_PREFIXES:
        return len(last) > 3 or lookup(last) != 0  # not "LOWER SBP"
    return len(last) > 5 and last.endswith(PLACE_ENDINGS)


def register(registry: Registry[Recognizer]) -> None:
    """Plugin hook: add the place recognizer."""
    registry.register(PlaceRecognizer.id, PlaceRecognizer)
