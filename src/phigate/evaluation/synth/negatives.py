"""Hard negatives: clinical text that looks like an identifier but is not one.

Doses, lab values, vitals (``BP 120/80``), strength and murmur grades (``4/5``, ``2/6``), visual acuity
(``20/40``), scores, ICD and CPT codes, eponyms, generic facility words, bare years, times, weekdays,
state names and ages under 90. None of these is labelled, so a detector that flags them loses
precision.
"""

from __future__ import annotations

import random

__all__ = ["Negatives"]

DRUGS = (
    ("metoprolol tartrate", "mg", (12.5, 25, 50, 100)),
    ("lisinopril", "mg", (2.5, 5, 10, 20, 40)),
    ("atorvastatin", "mg", (10, 20, 40, 80)),
    ("metformin", "mg", (500, 850, 1000)),
    ("apixaban", "mg", (2.5, 5)),
    ("furosemide", "mg", (20, 40, 80)),
    ("insulin glargine", "units", (10, 18, 24, 32)),
    ("levothyroxine", "mcg", (25, 50, 75, 88, 112)),
    ("amoxicillin-clavulanate", "mg", (875,)),
    ("ondansetron", "mg", (4, 8)),
    ("acetaminophen", "mg", (325, 500, 650, 1000)),
    ("heparin", "units", (5000,)),
    ("vancomycin", "mg/kg", (15, 20)),
    ("prednisone", "mg", (5, 10, 20, 40, 60)),
)
ROUTES = ("PO", "IV", "SC", "subcut", "by mouth", "IM", "SL")
FREQS = ("daily", "BID", "TID", "q6h", "q8h PRN", "nightly", "qAM", "once", "every 12 hours", "q4-6h prn")
EPONYMS = (
    "Parkinson disease",
    "Babinski sign",
    "Foley catheter",
    "Cushing syndrome",
    "Hodgkin lymphoma",
    "Graves disease",
    "Bell palsy",
    "Alzheimer dementia",
    "Crohn disease",
    "Murphy sign",
    "Homans sign",
    "Barrett esophagus",
    "Glasgow Coma Scale",
    "Apley test",
    "Swan-Ganz catheter",
    "Whipple procedure",
    "Addison disease",
    "Hashimoto thyroiditis",
    "Kernig sign",
    "Tinel sign",
    "Romberg test",
    "Epley maneuver",
    "Wolff-Parkinson-White pattern",
    "Down syndrome",
    "Baker cyst",
)
FACILITY_WORDS = (
    "the emergency department",
    "the ICU",
    "an outside hospital",
    "the cardiology clinic",
    "the cath lab",
    "the medical floor",
    "a skilled nursing facility",
    "home health",
    "the pharmacy",
    "radiology",
    "the PACU",
    "inpatient rehab",
    "the infusion center",
    "urgent care",
)
ICD = (
    "E11.9",
    "I10",
    "J44.1",
    "N18.3",
    "I48.91",
    "F32.A",
    "K21.9",
    "M54.50",
    "Z79.01",
    "E78.5",
    "J18.9",
    "R07.9",
)
CPT = ("99213", "99214", "93000", "71046", "80053", "36415", "99285", "45378", "70450", "G0439")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
STATES = (
    "Texas",
    "Ohio",
    "California",
    "Florida",
    "New York",
    "Georgia",
    "Arizona",
    "Oregon",
    "Maine",
    "Iowa",
)


class Negatives:
    """Draws hard-negative phrases from a seeded RNG."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def _r(self, low: float, high: float, digits: int = 1) -> str:
        return f"{self.rng.uniform(low, high):.{digits}f}"

    def dose(self) -> str:
        """A medication with dose, route and frequency."""
        drug, unit, doses = self.rng.choice(DRUGS)
        dose = self.rng.choice(doses)
        amount = f"{dose:g}"
        return f"{drug} {amount} {unit} {self.rng.choice(ROUTES)} {self.rng.choice(FREQS)}"

    def vitals(self) -> str:
        """A line of vital signs."""
        sys_, dia = self.rng.randint(92, 178), self.rng.randint(52, 104)
        return self.rng.choice(
            (
                f"BP {sys_}/{dia}, HR {self.rng.randint(52, 118)}, RR {self.rng.randint(12, 24)}, "
                f"T {self._r(36.2, 38.9)} C, SpO2 {self.rng.randint(89, 100)}% on RA",
                f"T {self._r(97.0, 101.5)}F  P {self.rng.randint(55, 120)}  R {self.rng.randint(12, 26)}  "
                f"BP {sys_}/{dia}  O2 sat {self.rng.randint(90, 100)}% 2L NC",
                f"Vitals: {sys_}/{dia} mmHg, pulse {self.rng.randint(50, 110)}, wt {self._r(48, 130)} kg, "
                f"BMI {self._r(18, 41)}",
            )
        )

    def labs(self) -> str:
        """A run of lab values."""
        return self.rng.choice(
            (
                f"Na {self.rng.randint(128, 146)}, K {self._r(3.1, 5.6)}, Cl {self.rng.randint(95, 110)}, "
                f"HCO3 {self.rng.randint(18, 30)}, BUN {self.rng.randint(6, 48)}, Cr {self._r(0.5, 3.2, 2)}, "
                f"glucose {self.rng.randint(70, 320)}",
                f"WBC {self._r(3.2, 18.5)}, Hgb {self._r(7.5, 16.2)}, Hct {self._r(24, 48)}, "
                f"Plt {self.rng.randint(90, 450)}",
                f"INR {self._r(0.9, 3.4)}, PTT {self._r(24, 60)}, troponin {self._r(0.01, 2.5, 2)} ng/mL",
                f"A1c {self._r(5.4, 11.8)}%, LDL {self.rng.randint(50, 190)} mg/dL, "
                f"TSH {self._r(0.2, 8.5, 2)}",
                f"ABG 7.{self.rng.randint(28, 48)}/{self.rng.randint(28, 60)}/{self.rng.randint(55, 110)}",
            )
        )

    def exam(self) -> str:
        """Exam findings with fractions that look like dates."""
        return self.rng.choice(
            (
                f"strength {self.rng.randint(3, 5)}/5 in the "
                f"{self.rng.choice(('left', 'right'))} upper extremity",
                f"{self.rng.randint(1, 4)}/6 systolic ejection murmur at the RUSB",
                f"visual acuity 20/{self.rng.choice((20, 25, 30, 40, 50, 70, 100, 200))} OU",
                f"reflexes 2+/4 and symmetric, {self.rng.choice(EPONYMS[:2])} absent",
                f"pain {self.rng.randint(0, 10)}/10",
                f"GCS {self.rng.randint(3, 15)} "
                f"(E{self.rng.randint(1, 4)}V{self.rng.randint(1, 5)}M{self.rng.randint(1, 6)})",
                f"EF {self.rng.randint(20, 65)}-{self.rng.randint(66, 70)}%",
                f"G{self.rng.randint(1, 5)}P{self.rng.randint(0, 4)}"
                f"{self.rng.randint(0, 2)}{self.rng.randint(0, 2)}"
                f"{self.rng.randint(0, 4)}",
                f"Apgars {self.rng.randint(5, 9)}/{self.rng.randint(7, 9)}",
                f"{self.rng.randint(1, 3)}+ pitting edema to the "
                f"{self.rng.choice(('ankles', 'knees', 'shins'))}",
            )
        )

    def eponym(self) -> str:
        """An eponymous disease, sign, device or procedure."""
        return self.rng.choice(EPONYMS)

    def facility_word(self) -> str:
        """A generic care setting, not a named facility."""
        return self.rng.choice(FACILITY_WORDS)

    def code(self) -> str:
        """An ICD-10 or CPT code."""
        return self.rng.choice(ICD) if self.rng.random() < 0.6 else self.rng.choice(CPT)

    def year(self) -> str:
        """A bare year."""
        return str(self.rng.randint(1995, 2024))

    def time(self) -> str:
        """A time of day."""
        h, m = self.rng.randint(0, 23), self.rng.choice((0, 5, 10, 15, 20, 30, 45, 50))
        return self.rng.choice(
            (f"{h:02d}:{m:02d}", f"{h:02d}{m:02d}", f"{h % 12 or 12}:{m:02d} {'am' if h < 12 else 'pm'}")
        )

    def weekday(self) -> str:
        """A weekday name."""
        return self.rng.choice(WEEKDAYS)

    def state(self) -> str:
        """A state name alone."""
        return self.rng.choice(STATES)

    def young_age(self) -> str:
        """An age under 90."""
        return str(self.rng.randint(18, 89))

    def duration(self) -> str:
        """A relative time expression."""
        n = self.rng.randint(2, 14)
        return self.rng.choice(
            (f"{n} days ago", f"x{n} weeks", f"POD #{n % 5 + 1}", f"hospital day {n}", f"{n}/7 days")
        )
