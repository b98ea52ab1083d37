"""The held-out template set: score on documents generated from these; never tune against them.

Written separately from :mod:`phigate.evaluation.synth.dev`, in other words and layouts, and generated
with another seed. A test checks that the two sets share no sentence template.
"""

from __future__ import annotations

from phigate.evaluation.synth.engine import Section, TemplateSet

__all__ = ["TEMPLATES"]

S = Section

_BANNER = S(
    ("",),
    (
        "{pt_caps} | Med Rec No. {mrn} | Birthdate {dob} | Sex: M",
        "Pt Name: {pt_formal}\nHosp #: {mrn}\nD.O.B.: {dob}\nAdm: {admit}   Disch: {discharge}",
        "Encounter for {pt_full} ({mrn}) at {facility}, {city}",
        "Attending of record {dr_full}; PCP {dr2_full}; unit phone {phone}",
        "Visit account no. {account} / MR {mrn}",
    ),
    (2, 3),
    "\n",
)

_OTHER_IDS = (
    "Coverage verified, plan subscriber no. {member}.",
    "Medicaid # {member} active through {date}.",
    "Hospital billing acct {account} flagged for financial counseling.",
    "The copay went on card number {card}.",
    "DL# {dl} on file.",
    "Pt gave her SS# as {ssn}.",
    "Last 4 of SSN {ssn4} confirmed verbally.",
    "ICD (implantable defibrillator) serial {serial}, interrogation normal.",
    "CPAP machine SN {serial} returned to the DME vendor.",
    "Device identifier {udi} recorded per implant log.",
    "Pt's truck, plate {plate}, was in the ED bay.",
    "Police report lists vehicle VIN {vin}.",
    "She keeps a blog about her recovery at {url}.",
    "Results viewable at {url} after sign-in.",
    "Video visit originated from {ip}.",
    "Security log: failed logins from host {ip}.",
    "Biometric (palm vein) enrollment record {bio}.",
    "Retina scan identifier {bio} linked to the pharmacy kiosk.",
    "ID photo on file: {photo}.",
    "Facial photograph taken for the wound consult, file {photo}.",
    "Research participant code {other_id}; consent signed {date}.",
    "Badge number {other_id} issued by {employer}.",
    "Contact via e-mail at {email}.",
    "Ordering clinician DEA# {dea} / NPI {npi}.",
    "RN lic. {lic} (exp {date}).",
    "GPS fix of the ambulance pickup: {geo}.",
    "Lab acc. no. {accession}.",
    "Legacy MR number {mrn2} retired.",
    "At {old_age}, she still manages her own finances.",
    "Next of kin {rel_full}, tel. {phone}.",
)
_EXTRA = S(("Other identifiers:", "Misc:", "Admin:"), _OTHER_IDS, (3, 5), "\n")

_SUMMARY = (
    _BANNER,
    S(
        ("Reason for admission:", "Chief complaint:"),
        (
            "{age}-year-old woman brought in by EMS from her home in {county} with shortness of breath.",
            "Seen first at {facility2} urgent care on {date}, then sent over for admission.",
            "Her husband {rel_full} reports she had been more tired {duration}.",
            "Known to Dr. {dr2_full} (pulmonology) for COPD ({code}).",
            "Retired from {employer} in {year}; former smoker.",
            "Mrs. {pt_last} was in her usual state of health until {weekday}.",
        ),
        (3, 5),
    ),
    S(
        ("Course in hospital:", "Summary of stay:"),
        (
            "Treated with {dose} and {dose}.",
            "Admission chemistry: {labs}.",
            "On exam, {exam}.",
            "A Foley was required for retention.",
            "Seen by ID service ({dr2}) who advised stopping antibiotics.",
            "Last set of vitals {vitals}.",
            "Stepped down from {facility_word} {duration}.",
            "Echo at {time} showed {exam}.",
        ),
        (3, 6),
    ),
    S(
        ("Plan at discharge:", "Disposition:"),
        (
            "Home on {discharge} with her son {rel}.",
            "Appointment with {dr_full} at {facility}; the office number is {phone}.",
            "VNA to see her at home ({address}).",
            "If symptoms recur, go to {facility_word} or phone {phone}.",
            "Send questions to {dr_email}.",
        ),
        (2, 4),
    ),
    _EXTRA,
    S(
        ("",),
        ("Signed {dr_full} MD on {timestamp}", "Author: {dr_abbrev} (attending). Cosigned {date}."),
        (1, 1),
    ),
)

_IMAGING = (
    S(
        ("",),
        (
            "MRI BRAIN W/WO CONTRAST   Acc: {accession}\nName: {pt_formal}   Hosp #: {mrn}",
            "Exam performed {date} at {facility}; referring provider {dr2_full}",
            "Patient {pt_full}  Birthdate {dob}  Study {accession}",
        ),
        (2, 3),
        "\n",
    ),
    S(
        ("Indication:",),
        (
            "Headache in a {age} yo.",
            "Surveillance, prior study {date}.",
            "Known {eponym}, assess for change.",
            "Fall from ladder {duration}.",
        ),
        (1, 2),
    ),
    S(
        ("Report:",),
        (
            "Compared with outside images from {facility2} dated {date}.",
            "No mass effect or midline shift. Gray-white differentiation preserved.",
            "Stable 8 mm lesion, unchanged since {year}.",
            "Postsurgical change after {eponym}.",
            "Lines: Swan-Ganz catheter in expected position.",
            "Multilevel spondylosis, worst at C5-6.",
        ),
        (2, 4),
    ),
    S(
        ("Conclusion:",),
        (
            "A. No acute finding.\nB. Consider follow-up MRI in one year.",
            "Result communicated to {dr} via phone at {time}, {date}.",
            "Urgent finding relayed to nurse {nurse} on {timestamp}.",
        ),
        (1, 2),
        "\n",
    ),
    _EXTRA,
    S(
        ("",),
        ("Interpreted by {dr_full} M.D. ({timestamp})", "Reading radiologist {dr_abbrev}; pgr {pager}"),
        (1, 1),
    ),
)

_FLOWSHEET = (
    S(
        ("",),
        (
            "RN shift note - {timestamp} - {pt_formal}",
            "Care note for {pt_full}, Hosp # {mrn}, written by {nurse} RN",
        ),
        (1, 1),
    ),
    S(
        ("",),
        (
            "0700 pt awake, {vitals}",
            "Foley patent, output adequate",
            "PRN {dose} given for {exam}",
            "Husband {rel} visited, his mobile {phone}",
            "Pt asking when she can return to {city}; wants to be home by {weekday}",
            "Bed low and locked, call light in reach",
            "Notified {dr} (pager {pager}) of low UOP",
            "Grandson {rel} dropped off glasses",
            "{age} yo pt, oriented to person/place/time",
            "Walked with PT at {time} without assist",
            "Handoff to {nurse} RN",
        ),
        (4, 7),
        "\n- ",
    ),
    _EXTRA,
)

_LETTER = (
    S(
        ("",),
        (
            "{facility} | {address} | phone {phone} | fax {fax}",
            "{date}\n\nTo: {dr2_full}, {facility2}\n{address}",
        ),
        (2, 2),
        "\n\n",
    ),
    S(
        ("",),
        (
            "Dear colleague,",
            "Regarding: {pt_formal} (born {dob})",
            "I would be grateful if you could assess {pt_full}, {age}, who lives in {city}.",
            "{pt_first} has had worsening symptoms suggestive of {eponym}.",
            "She takes {dose} and {dose}.",
            "Most recent bloods: {labs}.",
            "Kindly fax your opinion to {fax}.",
            "She can be reached by phone ({phone}) or e-mail ({email}).",
            "Her coverage is through {employer}, ID {member}.",
            "She was last hospitalized at {facility2} in {year}.",
        ),
        (4, 7),
        "\n\n",
    ),
    _EXTRA,
    S(
        ("",),
        ("Yours faithfully,\n{dr_full}\nNPI: {npi}", "With thanks,\n{dr_full} MD\nState lic. {lic}"),
        (1, 1),
    ),
)

_SOAP = (
    S(
        ("",),
        (
            "Follow-up visit - {date} - {pt_formal} (MR {mrn})",
            "{facility} outpatient note, {date}: {pt_full}",
        ),
        (1, 1),
    ),
    S(
        ("Subjective:", "HPI:"),
        (
            "{pt_first} says the new {dose} has helped.",
            "Reports poor sleep {duration}, no fevers.",
            "Employed at {employer} as a driver; off work since {weekday}.",
            "Lives with partner {rel} in {county}.",
            "Relocated here from {state_name} in {year}.",
        ),
        (2, 3),
    ),
    S(
        ("Objective:", "Exam:"),
        ("Vitals - {vitals}", "PE: {exam}", "Labs today: {labs}", "{exam}, {exam}"),
        (2, 3),
        "\n",
    ),
    S(
        ("Assessment and plan:", "Impression/Plan:"),
        (
            "# {eponym}: doing well on {dose}.",
            "# HTN ({code}): continue current regimen.",
            "# Follow-up: next visit {date}.",
            "Staffed with {dr}.",
            "Will refer to {dr2_full}, {facility2}.",
        ),
        (2, 4),
        "\n",
    ),
    _EXTRA,
    S(("",), ("{dr_full}, M.D.", "/{dr_initials}", "e-signed by {dr_abbrev}"), (1, 1)),
)

_SPECIMEN = (
    S(
        ("",),
        (
            "CYTOPATHOLOGY  Specimen # {accession}\nName: {pt_caps}  Hosp # {mrn}  Birthdate {dob}",
            "Obtained {date}, accessioned {date}, clinician {dr2_full}",
        ),
        (2, 2),
        "\n",
    ),
    S(
        ("Final diagnosis:",),
        (
            "Thyroid, right lobe, FNA: benign follicular nodule (Bethesda II).",
            "Prostate, core biopsies: adenocarcinoma, Gleason 3+4=7.",
            "Margins uninvolved; 0 of 9 nodes.",
            "Features of {eponym}.",
        ),
        (1, 3),
        "\n",
    ),
    S(
        ("Gross description:",),
        (
            "Two containers, each labeled with the name and number {mrn}, hold cores of tan tissue.",
            "Cassette {accession}: 1.8 cm in aggregate.",
        ),
        (1, 2),
    ),
    _EXTRA,
    S(("",), ("Electronically verified by {dr_full}, {facility}, {timestamp}",), (1, 1)),
)

_MESSAGE = (
    S(
        ("",),
        (
            "Patient message | {timestamp}\nFrom {pt} ({email})\nRe: refill",
            "Inbox item - {pt_formal} - MR {mrn} - received {timestamp}",
        ),
        (1, 1),
    ),
    S(
        ("",),
        (
            "Hello Dr {dr}, it's {pt_first} again",
            "the {dose} makes me nauseous, can I switch?",
            "home reading today {vitals}",
            "pls call {phone} anytime after {time}",
            "or try my husband {rel} at {phone}",
            "we moved, new address: {address}",
            "going to visit family in {state_name} {weekday}, back {date}",
            "thank you!! {pt_first}",
            "Sent from my Android",
        ),
        (3, 6),
        "\n",
    ),
    S(
        ("Response:", "Clinic reply:"),
        (
            "{pt_first}, Dr. {dr} says to continue the {dose} for now. Thanks, {nurse}",
            "Called {phone} {date}, no answer, left message. -{nurse}",
        ),
        (1, 1),
    ),
)

_SCAN = (
    S(
        ("",),
        (
            "*** FACSIMILE ***  {date}  pg 1/4\nTO: {facility2}  FAX#: {fax}\nFROM: {dr_full}  TEL: {phone}",
            "This transmission is confidential. Misdirected? Phone {phone}.",
        ),
        (2, 2),
        "\n",
    ),
    S(
        ("",),
        (
            "PATIENT: {pt_caps}  BIRTHDATE {dob}  SS# {ssn}",
            "{pt_formal} evaluated {date}; dx {eponym}; rx {dose}",
            "Authorization request, subscriber ID {member}, employer {employer}",
            "Chemistry: {labs}",
            "Return fax to {fax}, attention {nurse}",
            "Home: {address}",
        ),
        (3, 5),
        "\n",
    ),
    _EXTRA,
)

_GRID = (
    S(("",), ("REGISTRATION SUMMARY", "PATIENT INFORMATION - {facility}"), (1, 1)),
    S(
        ("",),
        (
            "Patient name:   {pt_formal}",
            "Birthdate:      {dob}",
            "Gender:         male",
            "Street/City:    {address}",
            "Cell:           {phone}",
            "E-mail:         {email}",
            "SS#:            {ssn}",
            "Hosp #:         {mrn}",
            "Next of kin:    {rel_full} (brother), {phone}",
            "Occupation:     clerk, {employer}",
            "PCP:            {dr_full}",
            "Subscriber ID:  {member}",
        ),
        (5, 9),
        "\n",
    ),
    S(
        ("Recent results", "Flowsheet"),
        (
            "{date}  {labs}  (resulted)",
            "{timestamp}  {labs}  (amended)",
            "{date}  {vitals}  by {nurse}",
            "drawn {date}  {exam}  dx {code}",
        ),
        (2, 4),
        "\n",
    ),
    _EXTRA,
)

TEMPLATES = TemplateSet(
    name="heldout",
    styles={
        "summary": _SUMMARY,
        "imaging": _IMAGING,
        "flowsheet": _FLOWSHEET,
        "letter": _LETTER,
        "soap": _SOAP,
        "specimen": _SPECIMEN,
        "message": _MESSAGE,
        "scan": _SCAN,
        "grid": _GRID,
    },
    noise={
        "message": ("none", "lower", "lower"),
        "scan": ("ocr", "fax", "ocr"),
        "flowsheet": ("none", "upper"),
        "grid": ("none", "none", "upper"),
    },
)
