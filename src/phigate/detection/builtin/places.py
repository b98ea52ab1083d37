"""Geography below the state: street addresses, PO boxes, cities, counties, neighbourhoods, geocodes.

- **Street addresses** (:mod:`~phigate.detection.builtin._address`): a house number, street words and
  a USPS street suffix (``123 Main St``, ``4567 N. Oak Avenue Apt 2B``, ``59l45 GRAY GATEWAY``), with
  its units; ``P.O. Box 123``; rural routes and numbered roads (``RR 2 Box 45``, ``4410 County Road
  12``); a street name with no number before a strong suffix, ``St.`` or ``street`` (``lives on Oak
  Street``, ``Brown Dale St.``), or after ``on`` ending in a street suffix (``on Arnold Gateway``).
- **Cities**: in an address line (``Springfield, IL 62704``, ``ERNESTFURT NY 97223``, the city line
  after a street line; the state is kept, it is not PHI), before ``, ST``, after a place cue
  (``lives in``, ``moved to``, ``return to``, ``from``), or a known city name on its own (the US and
  world city lists; single words that are also English words or names need a cue). City-shaped
  words no list knows count in an address line or after a cue, so new and synthetic places are found
  too.
- **Counties, parishes, boroughs, townships, precincts, neighbourhoods**: ``Cook County``,
  ``Precinct 12``, ``the Fenway neighborhood``.
- **Geocodes**: latitude/longitude pairs in range (``40.7128, -74.0060``, ``40.7128° N, 74.0060° W``),
  OCR letters read as digits when the pair is labelled (``geocode 45.3795, -1O1.5128``).

States and countries alone are not identifiers under Safe Harbor and are never reported.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from itertools import compress, repeat
from operator import add as _plus

from phigate.detection.base import Match, Recognizer
from phigate.detection.builtin._address import PLACE_ENDINGS, STREET_SUFFIXES, addresses
from phigate.detection.builtin._caps import Words, english_shaped, lookup, ocr_key, words
from phigate.detection.builtin._shared import ascii_lower
from phigate.detection.builtin.facilities import GENERIC
from phigate.detection.dictionaries import CITY, CLINICAL, FIRST, REGION, SURNAME, WORD, load_list
from phigate.model import Category
from phigate.registry import Registry

__all__ = ["PlaceRecognizer", "register"]

#: Suffixes clear enough to mark a street without a house number (``lives on Oak Street``).
_STRONG_SUFFIXES = frozenset("Street Avenue Boulevard Road Lane Drive Parkway Highway Terrace Court".split())
_PO_BOX = re.compile(
    r"[Pp](?<![\w][Pp])(?:\.?[ \t]?[Oo]\.?|ost[ \t]+[Oo]ffice|OST[ \t]+OFFICE)"
    r"[ \t]*(?:[Bb]ox|BOX)[ \t]*#?[ \t]*\d{1,7}"
)
#: Rural and numbered-road addresses (``RR 2 Box 45``, ``4410 County Road 12``, ``Rte 9 Box 14``,
#: ``HC 1 Box 7``, ``1200 State Route 9``, ``88 US Hwy 61``).
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
    r"(?:Route|ROUTE|Rte\.?|RTE\.?|Highway|HIGHWAY|Hwy\.?|HWY\.?)[ \t]+\d{1,4}[A-Z]?(?![\w]))"
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
_UNIT_ALONE = re.compile(
    r"(?:Apt|APT|Apartment|APARTMENT|Suite|SUITE|Ste|STE)\.?[ \t]*#?[ \t]*\d{1,5}[A-Za-z]?(?![\w])"
)
_COUNTY = re.compile(r"(?:County|Parish|Borough|Township|Twp|COUNTY|PARISH)(?![\w])")
_PRECINCT = re.compile(r"(?:Precinct|Tract)[ \t]+#?\d{1,5}(?:\.\d{1,2})?(?![\w])")
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
    heading headed arrived nearby""".split()
)
#: Compass words and landforms naming a region below the state (``the Eastern Shore``).
_REGION_FIRST = frozenset("north south east west northern southern eastern western upper lower".split())
_LANDFORMS = frozenset("shore shores valley panhandle peninsula".split())
#: Short names of cities, a place only right after a strong cue (``lives in DC``, ``moved to nyc``).
_CITY_SHORT = frozenset("dc nyc balt philly".split())
#: Prepositions before a place; alone they are weak cues (``in Tulsa``), ``of`` needs a strong word.
_PREPOSITIONS = frozenset("in at near from to of outside around".split())
#: First words of place names formed from another word (``Port Jamesville``, ``East Hampton``).
_CITY_PREFIXES = frozenset(
    """north south east west new old lake port fort ft mount mt saint st san santa los las el la le glen
    grand little big palm cape point round rock upper lower fair green spring bay""".split()
)
_NOT_PLACES = frozenset(
    """the a an this that my his her their our your ed er icu ccu pacu or clinic hospital home work
    school church jail prison mexico dr mr mrs ms st""".split()
)
#: Words that end a place name (``in Boston Today``).
_STOP = frozenset(
    """the a an and or of in on at to for with by from as is was are be today tomorrow yesterday
    this that on via per""".split()
)
#: Abbreviated first words of place names, after which any word belongs to the place (``St. Cloud``).
_SAINTS = frozenset("st ft mt".split())
#: Prefixes that make a place of a place-shaped word anywhere (``West Timothyton``).
_SHAPE_PREFIXES = frozenset("north south east west new lake port fort mount".split())
_COMPASS = frozenset("north south east west northern southern eastern western new".split())
#: Cities named like a state or country (``Kansas City``); ``New York`` alone is read as the state.
_CITY_REGIONS = frozenset({"kansas city", "oklahoma city", "new york city", "mexico city", "panama city"})
#: Flags of a one-word city that is not also a word, a name, a state or a clinical term.
_CITY_ONLY = frozenset(
    f for f in range(128) if f & CITY and not f & (WORD | REGION | CLINICAL | FIRST | SURNAME)
)

#: First words of place names that may be short capitals (``ST. CLOUD``, ``WEST KAITLYN``).
_PREFIX_WORDS = _SAINTS | _CITY_PREFIXES
_Add = Callable[[int, int, float], None]

# Scores.
_CUED = 0.8
_KNOWN_CITY = 0.65
_LONE_CITY = 0.55


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
        self._other_addresses(text, w, add)
        self._counties_and_areas(text, w, add)
        self._cued(w, add)
        self._known_cities(w, add)
        self._shaped_cities(w, add)
        self._geocodes(text, add)
        _regions(w, add)
        location = Category.LOCATION
        for (start, end), score in sorted(spans.items()):
            yield Match(start, end, location, score)

    # -- PO boxes, units, named streets ----------------------------------------------------------

    @staticmethod
    def _other_addresses(text: str, w: Words, add: _Add) -> None:
        words_, gaps = w.words, w.gaps
        capitals = w.capitals
        for s in compress(capitals, map(_STRONG_SUFFIXES.__contains__, map(words_.__getitem__, capitals))):
            a = s
            while a > 0 and s - a < 3 and gaps[a] == " " and words_[a - 1].istitle():
                a -= 1
            if a < s and words_[a].isalpha() and words_[a].lower() not in _STOP:
                add(w.starts[a], w.ends[s], 0.75)
        PlaceRecognizer._unnumbered_streets(w, add)
        lower = ascii_lower(text)
        if "box" in lower:
            for m in _PO_BOX.finditer(text):
                add(m.start(), m.end(), 0.95)
        if any(map(lower.__contains__, _ROUTE_HINTS)):
            for m in _ROUTE.finditer(text):
                if _word_start(text, m.start()):
                    add(m.start(), m.end(), 0.9)
        if "apt" in lower or "suite" in lower or "Ste" in text or "STE" in text:
            for m in _UNIT_ALONE.finditer(text):
                if _word_start(text, m.start()):
                    add(m.start(), m.end(), 0.7)

    @staticmethod
    def _unnumbered_streets(w: Words, add: _Add) -> None:
        """Street names with no house number: before ``St.`` or a lowercase ``street`` (``Brown Dale
        St.``, ``Curry Haven street``), or after ``on``/``off`` ending in a street suffix (``lives on
        Arnold Gateway``).
        """
        words_, gaps, keys = w.words, w.gaps, w.keys
        n = len(words_)
        for s in compress(range(1, n), map(_STREET_AFTER.__contains__, keys[1:])):
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
        capitals = w.capitals
        for k in compress(
            capitals, map(_ON_WORDS.__contains__, map(keys.__getitem__, map(_minus_one, capitals)))
        ):
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
    def _counties_and_areas(text: str, w: Words, add: _Add) -> None:
        ends, starts, flags, keys, gaps = w.ends, w.starts, w.flags, w.keys, w.gaps
        for m in _COUNTY.finditer(text):
            k = bisect_right(ends, m.start() - 1) - 1
            if k < 0 or ends[k] != m.start() - 1 or text[ends[k]] != " " or not w.words[k][0].isupper():
                continue
            first = k
            while first > 0 and k - first < 2 and gaps[first] == " " and w.words[first - 1][0].isupper():
                if flags[first - 1] & WORD and not flags[first - 1] & CITY:
                    break
                first -= 1
            if keys[first] in _NOT_PLACES:
                first += 1
            if first <= k:
                add(starts[first], m.end(), 0.9)
        if "Precinct" in text or "Tract" in text:
            for m in _PRECINCT.finditer(text):
                if _word_start(text, m.start()):
                    add(m.start(), m.end(), 0.85)
        lower = ascii_lower(text)
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

    def _cued(self, w: Words, add: _Add) -> None:
        cities = self._cities
        keys, words_, gaps, flags = w.keys, w.words, w.gaps, w.flags
        n = len(keys)
        self._cued_lowercase(w, add)
        for q in w.capitals:
            p = q - 1
            if p < 0 or gaps[q] != " ":
                continue
            if keys[p] == "the" and p > 0 and gaps[p] == " ":
                p -= 1
            if keys[p] not in _PREPOSITIONS:
                continue
            strong = p > 0 and keys[p - 1] in _STRONG_BEFORE and gaps[p] == " "
            if keys[p] == "of" and not strong:
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
            if not keep:
                continue
            names = [keys[k] for k in keep]
            if names[0] in _NOT_PLACES and not (len(names) > 1 and names[0] in _SAINTS) or _is_region(names):
                continue  # "lives in Texas", "from North Carolina": a state or country, not PHI
            start, end = w.starts[keep[0]], w.ends[keep[-1]]
            if all(name in GENERIC or name in _NOT_PLACES for name in names):
                continue  # "admitted to the Medical ICU": a unit, not a place
            phrase = " ".join(names)
            f = (flags[keep[0]] or _ocr_flags(words_[keep[0]])) if len(keep) == 1 else 0
            if not _cued_place(w, keep, phrase in cities, strong):
                continue
            k = keep[-1] + 1
            if k < n and keys[k] == "s" and gaps[k] in ("'", "’"):
                end = w.ends[k]  # "to St. Mary's"
            if phrase in cities:
                if strong or len(keep) > 1 or not f & (WORD | CLINICAL):
                    add(start, end, _CUED if strong else _KNOWN_CITY)
            elif not strong:
                if _city_shaped(names) and not f & (WORD | CLINICAL):
                    add(start, end, 0.6)
            elif not (len(keep) == 1 and f & (WORD | CLINICAL)):
                add(start, end, _CUED)

    def _cued_lowercase(self, w: Words, add: _Add) -> None:
        """Right after a strong place cue: a short city name (``lives in DC``); a lowercase known city
        (``lives nearby in rockport``); in an all-lowercase note also a place-shaped word (``moved to
        lake loriview``, ``lives in hernandezburgh``) or a county (``grew up in king county``).
        """
        keys, gaps, words_ = w.keys, w.gaps, w.words
        n = len(keys)
        for p in compress(range(1, n - 1), map(_PREPOSITIONS.__contains__, keys[1 : n - 1])):
            q = p + 1
            if gaps[q] != " " or gaps[p] != " ":
                continue
            if keys[q] in _CITY_SHORT and keys[p - 1] not in ("is", "was", "are"):
                if keys[p - 1] in _STRONG_BEFORE or len(keys[q]) > 2 and w.words[q].istitle():
                    add(w.starts[q], w.ends[q], _CUED)  # "lives in DC", "the VA in Balt"
                continue
            if keys[p - 1] not in _STRONG_BEFORE:
                continue
            f = w.flag(q)
            if not w.complete:
                if words_[q].islower() and f & CITY and not f & (WORD | REGION | CLINICAL):
                    add(w.starts[q], w.ends[q], _CUED)  # "lives nearby in rockport"
                continue
            pair = q + 1 < n and gaps[q + 1] in (" ", "\n")
            if pair and keys[q + 1] in ("county", "parish") and f & (SURNAME | CITY) and keys[q] not in _STOP:
                add(w.starts[q], w.ends[q + 1], _CUED)  # "king county"
            elif f & CITY and not f & (WORD | REGION | CLINICAL):
                end = q
                if q + 1 < n and gaps[q + 1] == " " and " ".join(keys[q : q + 2]) in self._cities:
                    end = q + 1
                add(w.starts[q], w.ends[end], _CUED)
            elif pair and keys[q] in _SHAPE_PREFIXES and (not w.flag(q + 1) & (WORD | CLINICAL)):
                if w.flag(q + 1) & (FIRST | SURNAME) or _city_shaped(keys[q : q + 2]):
                    add(w.starts[q], w.ends[q + 1], _CUED)  # "north adamshire", "west daniel"
            elif not f and _city_shaped([keys[q]]):
                add(w.starts[q], w.ends[q], _CUED)  # "hernandezburgh"

    # -- cities on their own ---------------------------------------------------------------------

    def _known_cities(self, w: Words, add: _Add) -> None:
        keys, flags, words_ = w.keys, w.flags, w.words
        multi = self._multi
        cities = self._cities
        n = len(keys)
        starts, ends = w.starts, w.ends
        capitals = w.capitals
        cands = set(compress(capitals, map(_CITY_ONLY.__contains__, map(flags.__getitem__, capitals))))
        # a multi-word city starts with a capitalised word followed by another one
        followed = set(capitals).__contains__
        pairs = list(compress(capitals, map(followed, map(_plus, capitals, repeat(1)))))
        cands.update(compress(pairs, map(multi.__contains__, map(keys.__getitem__, pairs))))
        for k in sorted(cands):
            if not words_[k].istitle():
                continue
            size = 1
            longest = multi.get(keys[k], 1)
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
    def _shaped_cities(w: Words, add: _Add) -> None:
        """A place prefix before a word no list knows that ends like a place: ``West Timothyton``,
        ``Lake Kristinaton``, ``North Donaldburgh``.
        """
        keys, words_, gaps = w.keys, w.words, w.gaps
        n = len(keys)
        for k in compress(w.capitals, map(_SHAPE_PREFIXES.__contains__, map(keys.__getitem__, w.capitals))):
            j = k + 1
            if j >= n or gaps[j] != " " or not words_[j].istitle() or w.flag(j):
                continue
            if len(keys[j]) > 5 and keys[j].endswith(PLACE_ENDINGS):
                add(w.starts[k], w.ends[j], 0.6)

    # -- geocodes --------------------------------------------------------------------------------

    @staticmethod
    def _geocodes(text: str, add: _Add) -> None:
        if _GEO_HINT.search(text) is not None:
            lower = None
            for m in _GEO_DECIMAL.finditer(text):
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
        return known and len(keep) == 1 and len(first) > 2 and not f & (WORD | REGION)
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
    return strong and not any(w.flag(k) & WORD or english_shaped(w.keys[k]) for k in keep)


def _regions(w: Words, add: _Add) -> None:
    """Regions below the state named by a compass word and a landform after ``the``: ``the Eastern
    Shore``, ``FROM THE EASTERN SHORE``, ``the North Shore``, ``the Upper Valley``; not ``the eastern
    shore of the lake`` in lowercase nor ``the Eastern`` alone.
    """
    keys, words_, gaps = w.keys, w.words, w.gaps
    n = len(keys)
    for k in compress(range(1, n - 1), map(_REGION_FIRST.__contains__, keys[1 : n - 1])):
        if keys[k - 1] != "the" or gaps[k + 1] != " " or keys[k + 1] not in _LANDFORMS:
            continue
        first, second = words_[k], words_[k + 1]
        if first.istitle() and second.istitle() or first.isupper() and second.isupper():
            add(w.starts[k], w.ends[k + 1], _CUED)


def _minus_one(k: int) -> int:
    return k - 1


def _ocr_flags(word: str) -> int:
    key = ocr_key(word)
    return lookup(key) if key else 0


def _is_region(keys: list[str]) -> bool:
    """True when ``keys`` name a state or country (``north carolina``, ``mexico``), not a city."""
    if not any(lookup(k) & REGION for k in keys):
        return False
    return all(lookup(k) & REGION or k in _COMPASS for k in keys) and " ".join(keys) not in _CITY_REGIONS


def _word_start(text: str, start: int) -> bool:
    """True when ``start`` begins a word (no letter, digit or hyphen right before it)."""
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "-_")


def _city_shaped(keys: list[str]) -> bool:
    """True for a place-shaped name: a place prefix before a word, or a place-name ending."""
    last = keys[-1]
    if len(keys) > 1 and keys[0].rstrip(".") in _CITY_PREFIXES:
        return True
    return len(last) > 5 and last.endswith(PLACE_ENDINGS)


def register(registry: Registry[Recognizer]) -> None:
    """Plugin hook: add the place recognizer."""
    registry.register(PlaceRecognizer.id, PlaceRecognizer)
