"""The development template set: tune detectors against documents generated from these.

Shares no sentence template with :mod:`phigate.evaluation.synth.heldout` (a test checks it).
"""

from __future__ import annotations

from phigate.evaluation.synth.engine import Section, TemplateSet

__all__ = ["TEMPLATES"]

S = Section

_HEADER = S(
    ("",),
    (
        "Patient: {pt_formal}    MRN: {mrn}    DOB: {dob}",
        "Name: {pt_full}\nMRN: {mrn}\nDate of Birth: {dob}\n"
        "Admission Date: {admit}\nDischarge Date: {discharge}",
        "PATIENT NAME: {pt_caps}  MED REC #: {mrn}  ACCOUNT #: {account}",
        "{facility}\n{address}\nPhone {phone}  Fax {fax}",
        "Pt: {pt}  |  MR# {mrn}  |  DOB {dob}  |  Attending: Dr. {dr}",
    ),
    (2, 3),
    "\n",
)

_IDENT_LINES = (
    "Insurance: member ID {member}, subscriber {rel_full}.",
    "Medicare beneficiary number {member} verified at registration.",
    "Guarantor account {account}; claim number {account} submitted {date}.",
    "Driver's license {dl} ({state}) copied for identity verification.",
    "SSN: {ssn}",
    "Social Security number on file ends in {ssn4}.",
    "Pacemaker interrogated: device serial number {serial}.",
    "Insulin pump S/N {serial} replaced under warranty.",
    "Implant record UDI {udi} scanned into the chart.",
    "Patient drove here; vehicle plate {plate} left in the south garage.",
    "Car (VIN {vin}) towed after the collision.",
    "Portal activation link sent: {url}",
    "Patient reports reading about the condition on {url}.",
    "Telehealth session connected from IP address {ip}.",
    "Last portal login from {ip} on {date}.",
    "Right index fingerprint enrolled for medication cabinet access, template {bio}.",
    "Voiceprint ID {bio} registered for phone refills.",
    "Full-face photograph {photo} added to the chart for identification.",
    "Wound photo and patient photo saved as {photo}.",
    "Enrolled in study; subject number {other_id}.",
    "Employee ID {other_id} ({employer}) provided for the workers' comp claim.",
    "Payment card {card} declined; billing to follow up.",
    "Email for after-visit summary: {email}",
    "Prescriber DEA {dea}, NPI {npi}.",
    "Nursing license {lic} verified by the charge nurse.",
    "Home geocode on file {geo}.",
    "Specimen accession {accession} sent to the reference lab.",
    "Old chart number {mrn2} merged into the current record.",
    "The patient is {old_age} years old and lives alone.",
    "Daughter {rel} can be reached at {phone}.",
)
_IDENT = S(("ADMINISTRATIVE:", "Registration notes:", ""), _IDENT_LINES, (3, 5), "\n")

#: Ages in the many ways notes write them (``{age}`` is over 89 in about a third of documents).
_AGE_LINES = (
    "ID/CC: {age_glued} w/ worsening dyspnea on exertion.",
    "{age_glued} s/p mechanical fall, on apixaban.",
    "Pt is a {age} y.o. WF from home, A&Ox3.",
    "Age/Sex: {age}/M",
    "Sex: F   Age: {age}",
    "Pt: F {age}, lives with her daughter.",
    "Retired machinist, a {age}-yr-old widower.",
    "{age} yrs old, independent in ADLs at baseline.",
    "She is {age} years of age and still drives to church.",
    "She turned {age} last month and insists on living alone.",
    "Family hx: mother alive at {age}, father d. at {young_age} of MI.",
    "DOB {dob} ({age} y)",
    "DOB: {dob} ({age})",
    "Mrs. {pt_last}, {age}, was seen for a skin check.",
    "{pt_caps} ({age}) ARRIVED BY EMS FROM HOME.",
    "A pleasant {age_words}-year-old lady with a hip fracture.",
    "Patient age: {age_words}",
    "She is a woman of {age} with good family support.",
    "He's {age} and still golfs twice a week.",
    "Age | {age} | Sex | F",
    "{age} yoF, {age_glued}, {age} Y/O M and {age}-y/o were all charted by triage.",
    "Age at admission ...... {age}",
    "{age_words} ({age}) year old female, full code.",
    "Her {age} year birthday party was held on the unit.",
    "Pt aged {age} yrs, nonsmoker.",
    "Pt {age_glued}, on room air, afebrile.",
)
_AGE = S(("",), _AGE_LINES, (1, 2))

#: Dates, SSNs, MRNs and phone numbers in forms the registration fields above do not use.
_WIDE_LINES = (
    "Last colonoscopy {date_wide}, no polyps.",
    "Seen in the walk-in clinic on {date_wide} for cough.",
    "Next appointment: {date_wide}",
    "Flu shot given {date_wide}; tolerated well.",
    "Symptoms started around {date_wide}.",
    "Soc Sec #: {ssn_wide}",
    "SSN (on file): {ssn_wide}",
    "Med Rec No. {mrn_wide}",
    "Unit No: {mrn_wide}",
    "Hosp # {mrn_wide}",
    "MRN:\n{mrn_wide}",
    "Cell: {phone_wide}",
    "Son lives in {city}, reachable at {phone_wide}.",
    "Covering resident beeper {pager_wide}.",
    "Charge nurse pg {pager_wide}",
    "Scheduling desk {phone_wide}",
)
_WIDE = S(("",), _WIDE_LINES, (1, 3), "\n")

#: Names and places in the forms nurses, referral letters, signatures and face sheets write them.
_PEOPLE_LINES = (
    "Pt's daughter {rel} at bedside, all questions answered.",
    "Family hx: mother {rel} had breast cancer in her 50s.",
    "{pt_first} states the new inhaler helps.",
    "{pt_first} denies dysuria or flank pain.",
    "Spoke with {rel_full} (health care proxy) by phone.",
    "Goes by {pt_first}; prefers a female interpreter.",
    "Dear Dr {dr2},",
    "cc: Dr. {dr2_full}; {facility2}",
    "Ordering: {dr2_full}   Reading radiologist: Dr. {dr}",
    "Discussed with {nurse}, RN and {dr2_full}, PA-C.",
    "Case reviewed with {dr2_full}, LCSW.",
    "-- Dr. {dr_abbrev}, MD",
    "Transcribed by {nurse} from dictation by {dr_abbrev}.",
    "Message from {pt_full} received via the portal.",
    "Call from {rel_full} re: medication questions.",
    "He works at {employer} as a forklift operator.",
    "Employed by {employer} since {year}.",
    "Lives in {city} with her partner.",
    "Transferred from {facility2} for a higher level of care.",
    "Discharged to {facility2} for short-term rehab.",
    "Lives on {street} near the fire station.",
    "Mailing address: {street}, {city}",
    "Grew up in {county}; moved to {city} in {year}.",
    "Visiting from {city} for the holidays.",
)
_PEOPLE = S(("",), _PEOPLE_LINES, (1, 3), "\n")

_DISCHARGE = (
    _HEADER,
    S(
        ("HISTORY OF PRESENT ILLNESS:",),
        (
            "{pt_full} is a {age} year old {state_name} native admitted on {admit} with chest pain.",
            "Mr./Ms. {pt_last} presented to {facility} after a fall at home on {date}.",
            "The patient was transferred from {facility2} where a CT on {date} showed a small subdural.",
            "Symptoms began {duration} while working at {employer}.",
            "Per {rel_full}, the patient's spouse, confusion started on {weekday} evening.",
            "History obtained from the patient and prior records from Dr. {dr2_full}.",
            "The patient has a long history of {eponym} followed by Dr. {dr2}.",
        ),
        (3, 5),
    ),
    S(
        ("HOSPITAL COURSE:",),
        (
            "Started on {dose} with improvement.",
            "Labs on admission: {labs}.",
            "Exam notable for {exam}.",
            "Foley catheter placed on hospital day 2 and removed before discharge.",
            "Cardiology (Dr. {dr2}) recommended {dose}.",
            "Vitals at discharge {vitals}.",
            "Coded as {code} for the encounter.",
            "Transferred to {facility_word} on {date} for monitoring.",
            "Repeat imaging at {time} was unchanged.",
        ),
        (3, 6),
    ),
    S(
        ("DISCHARGE INSTRUCTIONS:",),
        (
            "Discharged on {discharge} to home with {rel}.",
            "Follow up with Dr. {dr_full} at {facility} within 1 week; call {phone} to schedule.",
            "Return to {facility_word} for fever or chest pain.",
            "Home health will visit at {address}.",
            "Questions: call the clinic at {phone} or email {dr_email}.",
        ),
        (2, 4),
    ),
    _AGE,
    _WIDE,
    _PEOPLE,
    _IDENT,
    S(
        ("",),
        (
            "Electronically signed: {dr_full}, MD {timestamp}",
            "Dictated by {dr_abbrev}, MD / transcribed {date}",
        ),
        (1, 1),
    ),
)

_RADIOLOGY = (
    S(
        ("",),
        (
            "EXAM: CT abdomen/pelvis with contrast\n"
            "ACCESSION: {accession}\nPATIENT: {pt_formal}   MRN: {mrn}",
            "STUDY DATE: {date}  ORDERING: Dr. {dr2_full}  ACC#: {accession}",
            "{facility} Department of Radiology\nPatient {pt_caps}, DOB {dob}",
        ),
        (2, 3),
        "\n",
    ),
    S(
        ("CLINICAL HISTORY:",),
        (
            "{age} y/o with abdominal pain, r/o appendicitis.",
            "Follow-up of nodule seen on prior exam dated {date}.",
            "History of {eponym}; evaluate for progression.",
            "Trauma, MVC {duration}.",
        ),
        (1, 2),
    ),
    S(
        ("FINDINGS:",),
        (
            "Comparison is made to the outside study from {facility2} on {date}.",
            "No acute intracranial hemorrhage. Ventricles are normal in size.",
            "A 1.2 cm nodule in the right lower lobe, previously 1.0 cm in {year}.",
            "Status post {eponym}. No free air.",
            "The Foley catheter tip projects over the bladder.",
            "Mild degenerative change at L4-L5 and L5-S1.",
        ),
        (2, 4),
    ),
    S(
        ("IMPRESSION:",),
        (
            "1. No acute process.\n2. Recommend follow-up CT in 6 months.",
            "Findings discussed with Dr. {dr} by telephone at {time} on {date}.",
            "Critical result called to {nurse}, RN at {timestamp}.",
        ),
        (1, 2),
        "\n",
    ),
    _AGE,
    _WIDE,
    _PEOPLE,
    _IDENT,
    S(
        ("",),
        ("Read by: {dr_full}, MD  Signed {timestamp}", "Radiologist: {dr_abbrev}  Pager {pager}"),
        (1, 1),
    ),
)

_NURSING = (
    S(
        ("",),
        (
            "NURSING NOTE {timestamp}  Pt {pt_formal}  Room 4{young_age}",
            "Shift assessment for {pt_full} (MRN {mrn}) by {nurse}, RN.",
        ),
        (1, 1),
    ),
    S(
        ("",),
        (
            "Pt resting comfortably, {vitals}.",
            "Foley catheter draining clear yellow urine.",
            "Given {dose} for pain {exam}.",
            "Pt's son {rel} at bedside, updated on plan; his cell is {phone}.",
            "Pt states she wants to go home to {city} by {weekday}.",
            "Fall precautions in place. Bed alarm on.",
            "Paged Dr. {dr} at {pager} re: BP, new orders received.",
            "Wife {rel} brought in home meds; list reconciled.",
            "Pt is a {age} y/o, alert and oriented x3.",
            "Ambulated in hall with PT at {time}.",
            "Report given to oncoming RN {nurse}.",
        ),
        (4, 7),
        "\n",
    ),
    _AGE,
    _WIDE,
    _PEOPLE,
    _IDENT,
)

_REFERRAL = (
    S(
        ("",),
        (
            "{facility}\n{address}\nTel {phone}  Fax {fax}",
            "{date}\n\nDr. {dr2_full}\n{facility2}\n{address}",
        ),
        (2, 2),
        "\n\n",
    ),
    S(
        ("",),
        (
            "Dear Dr. {dr2},",
            "Re: {pt_full}, DOB {dob}",
            "Thank you for seeing my patient {pt_full}, a {age} year old retired teacher from {city}.",
            "I am referring {pt_first} for evaluation of possible {eponym}.",
            "Current medications include {dose} and {dose}.",
            "Recent labs: {labs}.",
            "Please send your report to my office by fax at {fax}.",
            "The patient prefers to be contacted at {email} or {phone}.",
            "Insurance is {employer} group coverage, member {member}.",
            "Relevant history includes an admission to {facility2} in {year}.",
        ),
        (4, 7),
        "\n\n",
    ),
    _AGE,
    _WIDE,
    _PEOPLE,
    _IDENT,
    S(
        ("",),
        ("Sincerely,\n\n{dr_full}, MD\nNPI {npi}", "Kind regards,\n{dr_full}, DO\nLicense {lic}"),
        (1, 1),
    ),
)

_PROGRESS = (
    S(
        ("",),
        ("PROGRESS NOTE  {date}\n{pt_formal}  MRN {mrn}", "Clinic visit {date} at {facility} - {pt_full}"),
        (1, 1),
    ),
    S(
        ("S:",),
        (
            "{pt_first} reports feeling better since starting {dose}.",
            "Complains of fatigue {duration}; denies chest pain.",
            "Works as a machinist at {employer}; missed work on {weekday}.",
            "Lives with husband {rel} in {county}.",
            "Pt moved from {state_name} in {year}.",
        ),
        (2, 3),
    ),
    S(("O:",), ("{vitals}", "{exam}", "{labs}", "Exam: {exam}; {exam}."), (2, 3), "\n"),
    S(
        ("A/P:",),
        (
            "1. {eponym} - stable, continue {dose}.",
            "2. Hypertension ({code}) - BP at goal.",
            "3. Return in 3 months, sooner if needed. RTC {date}.",
            "Discussed with attending Dr. {dr}.",
            "Referred to Dr. {dr2_full} at {facility2}.",
        ),
        (2, 4),
        "\n",
    ),
    _AGE,
    _WIDE,
    _PEOPLE,
    _IDENT,
    S(
        ("",),
        ("{dr_full}, MD", "-- {dr_initials}", "Seen and examined with resident. /{dr_initials}"),
        (1, 1),
    ),
)

_PATHOLOGY = (
    S(
        ("",),
        (
            "SURGICAL PATHOLOGY REPORT\nCase: {accession}\nPatient: {pt_formal}  MRN: {mrn}  DOB: {dob}",
            "Collected: {date}  Received: {date}  Submitting physician: {dr2_full}",
        ),
        (2, 2),
        "\n",
    ),
    S(
        ("DIAGNOSIS:",),
        (
            "A. Colon, sigmoid, biopsy: tubular adenoma, negative for high-grade dysplasia.",
            "B. Skin, left forearm, shave: basal cell carcinoma, margins clear.",
            "Lymph nodes: 0/14 positive. pT2 N0.",
            "Consistent with {eponym}.",
        ),
        (1, 3),
        "\n",
    ),
    S(
        ("GROSS:",),
        (
            "Received in formalin labeled with the patient's name and {mrn} are three tan fragments.",
            "The specimen (block {accession}) measures 2.1 x 1.4 x 0.6 cm.",
        ),
        (1, 2),
    ),
    _AGE,
    _WIDE,
    _PEOPLE,
    _IDENT,
    S(("",), ("Pathologist: {dr_full}, MD  {facility}  {timestamp}",), (1, 1)),
)

_PORTAL = (
    S(
        ("",),
        (
            "From: {pt_full} <{email}>\nSent: {timestamp}\nTo: Dr. {dr}\nSubject: question about my meds",
            "MyChart message from {pt} (MRN {mrn}) received {timestamp}",
        ),
        (1, 1),
    ),
    S(
        ("",),
        (
            "hi dr {dr}, this is {pt_first}.",
            "I've been taking the {dose} but I still feel dizzy in the morning.",
            "My blood pressure this morning was {vitals}.",
            "Can you call me back at {phone}? I'm home after {time}.",
            "My daughter {rel} can also answer, her number is {phone}.",
            "Also my new address is {address} for the bills.",
            "I'll be in {state_name} from {weekday} until {date}.",
            "thanks so much, {pt_first}",
            "i'm {age} and my memory is not what it used to be",
            "my husband turned {age} on {date_wide} and he is worried about his heart too",
            "Sent from my iPhone",
        ),
        (3, 6),
        "\n\n",
    ),
    S(
        ("",),
        (
            "hey {nurse}, its {pt_first} again. the rash is back",
            "{pt_first} here - can someone call me about the refill",
            "it's {pt_first} from 3b, thanks, will do",
            "my son {rel} will drive me. {rel} has my med list",
            "i'm {pt_first}'s daughter and hope you are well",
            "per {rel} the pharmacy is closed, may i ask what to do",
            "{pt_first}'s meds ran out, mark the site on the form?",
            "love,\n{pt_first}",
            "best regards\n- {pt_first}",
            "@{nurse} can you check my sugar log",
            "sent from my iphone\n-{pt_first}",
        ),
        (1, 3),
        "\n\n",
    ),
    S(
        ("Reply:", "Staff response:"),
        (
            "Hi {pt_first}, Dr. {dr} reviewed your message. Please keep taking {dose}. - {nurse}, RN",
            "Left voicemail for pt at {phone} on {date}. {nurse}",
        ),
        (1, 1),
    ),
)

_FAX = (
    S(
        ("",),
        (
            "FAX COVER SHEET  Date: {date}  Pages: 3\n"
            "To: {facility2}  Fax: {fax}\nFrom: Dr. {dr_full}  Phone: {phone}",
            "CONFIDENTIAL - contains PHI. If received in error call {phone}.",
        ),
        (2, 2),
        "\n",
    ),
    S(
        ("",),
        (
            "RE: {pt_caps}  DOB {dob}  SSN {ssn}",
            "Patient {pt_formal} seen {date} for {eponym}, meds {dose}.",
            "Prior auth for MRI requested. Member # {member}. Group {employer}.",
            "Labs {labs}.",
            "Please fax records to {fax} attn {nurse}.",
            "Address: {address}",
        ),
        (3, 5),
        "\n",
    ),
    _AGE,
    _WIDE,
    _PEOPLE,
    _IDENT,
)

_TABLE = (
    S(
        ("",),
        ("DEMOGRAPHICS", "FACE SHEET  {facility}"),
        (1, 1),
    ),
    S(
        ("",),
        (
            "Name........... {pt_formal}",
            "DOB............ {dob}",
            "Sex............ F",
            "Address........ {address}",
            "Home phone..... {phone}",
            "Email.......... {email}",
            "SSN............ {ssn}",
            "MRN............ {mrn}",
            "Emergency contact: {rel_full} (sister) {phone}",
            "Employer....... {employer}",
            "Primary care... Dr. {dr_full}",
            "Plan ID........ {member}",
        ),
        (5, 9),
        "\n",
    ),
    S(
        ("LAB RESULTS", "RESULTS TABLE"),
        (
            "{date} | {labs} | final",
            "{timestamp} | {labs} | corrected",
            "{date} | {vitals} | RN {nurse}",
            "collected {date} | {exam} | {code}",
        ),
        (2, 4),
        "\n",
    ),
    _AGE,
    _WIDE,
    _PEOPLE,
    _IDENT,
)

TEMPLATES = TemplateSet(
    name="dev",
    styles={
        "discharge": _DISCHARGE,
        "radiology": _RADIOLOGY,
        "nursing": _NURSING,
        "referral": _REFERRAL,
        "progress": _PROGRESS,
        "pathology": _PATHOLOGY,
        "portal": _PORTAL,
        "fax": _FAX,
        "table": _TABLE,
    },
    noise={
        "portal": ("none", "none", "lower"),
        "fax": ("fax", "ocr", "upper"),
        "nursing": ("none", "none", "ocr"),
        "table": ("none", "upper"),
    },
)
