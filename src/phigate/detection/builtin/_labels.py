"""Identifier labels (``MRN:``, ``Member ID``, ``Fax``), found by one pass shared by the recognizers.

Clinical text names most identifiers before writing them: ``MRN: 00123456``, ``Acct# 555123``,
``DEA BX1234563``. The label vocabulary of every category lives here, so one regex pass over the
lowercased text finds them all; the result is cached for the last few texts, and each recognizer
asks only for its own category's hits. Which values may follow a label, and how they are validated
and scored, stays with the recognizer of that category.

A label word matches case-insensitively as a whole word; a space inside it matches one to three
spaces, dots, hyphens or underscores, so ``med rec`` also matches ``Med.Rec`` and ``med-rec``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import NamedTuple

from phigate.detection.allowlist import measurement_follows
from phigate.detection.builtin._columns import CELL_END, column_cells
from phigate.detection.builtin._shared import LabelHits, ascii_lower, word_pattern
from phigate.detection.builtin._tokens import ocr_view

__all__ = [
    "CONNECTOR",
    "GROUPED_VALUE",
    "ID_CONNECTOR",
    "ID_VALUE",
    "identifier_after",
    "LABELS",
    "LabelScan",
    "fold",
    "folded_view",
    "label_scan",
    "labelled_identifiers",
    "labelled_values",
    "plausible_identifier",
    "value_pattern",
]


#: Label words by kind: a category name, ``PAGER`` (pagers and extensions), ``DOB``, or a ``*_WORD``
#: kind of hint words a recognizer looks for (month names, ``ninety``, ``fingerprint``, ``photo``).
_ID_SUFFIXES = ("#", " #", " no", " number", " num", " nbr", " nr", " id", " identifier")


def _labels(words: str) -> tuple[str, ...]:
    """Comma-separated label words; ``word+`` stands for ``word`` followed by an id suffix
    (``hospital #``, ``hospital no``, ``hospital number``, ``hospital id``), for words that are
    too common to be labels alone.
    """
    out: list[str] = []
    for word in (w.strip() for w in words.split(",")):
        if word.endswith("+"):
            out.extend(word[:-1] + suffix for suffix in _ID_SUFFIXES)
        elif word:
            out.append(word)
    return tuple(out)


LABELS: Mapping[str, tuple[str, ...]] = {
    "MRN": _labels(
        """mrn, mrn#, mr, mr#, mr no, mr num, mrno, med rec, med rec no, medical record,
        medical record number, medical record no, medical rec, medical records, chart, chart no,
        chart number, chart #, chart id, hospital number,
        hospital no, hosp no, hosp #, unit number, unit no, unit #, empi, mpi, empi#, mpi#, epic id,
        epic mrn, csn, accession, accession number, accession no, accession #, acc, acc#, accn, accn#,
        acsn, specimen, specimen number, specimen no, specimen id, specimen #, spec, spec#, sample id,
        sample number, sample no, lab id, lab number, lab no, lab accession, path, path#, path no,
        pathology number, pathology no, pathology #, surgical pathology, surg path, sp, sp#,
        cytology number, cyto no, block id, slide id, requisition, requisition number, req, req#,
        requisition #, encounter number, encounter no, encounter id, encounter #, enc, enc#, enc id,
        visit number, visit no, visit id, visit #, admission number, admission id, adm no, adm#,
        episode id, episode number, radiology number, rad no, study number, exam number,
        order number, order #, order no, order id, hospital+, hosp+, chart+, unit+, record+,
        patient record+, health record+, ehr+, emr+, lab+, laboratory+, path+, pathology+, cytology+,
        histology+, biopsy+, radiology+, imaging+, rad+, exam+, order+, visit+, encounter+,
        episode+, admission+, requisition+, sample+, block+, slide+, specimen+, accession+, tissue+,
        report+, film+, x-ray+, ct+, mri+, mrn number, block, cassette+, encounter, visit, episode,
        order, requisition+, req+, lab order+, test order+, specimen barcode, tube+, container+,
        fin encounter+, csn+, har encounter+, admit+, account encounter+, m r n, m r n #, m r #,
        ur no, ur #, ur#, ur number, urn, unit record number, unit record no, u/n, mr number,
        medical rec no, med rec number, hospital record number, health record number, hrn, hrn#,
        hrn no, pat nr,
        numéro de dossier, numero de dossier, n° de dossier, n° dossier, nº de dossier, no de dossier,
        dossier n°, dossier no, n° dossier patient, dossier patient, ipp, historia clínica,
        historia clinica, hist clínica, hist clinica, n° historia, nº historia, no historia,
        número de historia, numero de historia, número de historia clínica, nhc, expediente,
        no de expediente, nº de expediente, número de expediente, numero de expediente,
        expediente clínico, expediente clinico, prontuário, prontuario, nº prontuário, nº do prontuário,
        número do prontuário, numero do prontuario, registro hospitalar, fallnummer, fall nr, fallnr,
        patientennummer, patienten nr, patientennr, aufnahmenummer, aufnahme nr,
        krankenaktennummer, aktennummer, cartella clinica, n cartella, numero cartella,
        numero di cartella, nosologico, numero nosologico, patiëntnummer, patientnummer, dossiernummer,
        ziekenhuisnummer, nhs number, nhs no, nhs #, chi number, chi no, ed+, er+, emergency+,
        emergency dept+, clinic+, mrns, mrn(s), medrec, medrec#, medrecno, medrec no,
        medrecnum, medrec num, encntr+, reg no, reg #, reg number, hospital registration+, hosp reg,
        hosp reg+, registration no, ip no, ip #, ip number, op no, op #, op number, ipd no, ipd #,
        opd no, opd #, uhid, uhid#, cr no, ur, pid, pid#, pat id, pat #, rec #, rec no, record,
        patient record, unit rec+, meditech, meditech+, medical id"""
    ),
    "HEALTH_PLAN": _labels(
        """member id, member number, member no, member #, member, mbr id, mbr #, mbr,
        subscriber id, subscriber number, subscriber no, subscriber #, subscriber, policy,
        policy number, policy no, policy #, policy id, policy holder id, policyholder id,
        group number, group no, group #, grp #, grp no, group id, insurance id, insurance number,
        insurance no, insurance #, ins id, ins #, ins no, insured id, plan id, plan number,
        plan member id, health plan id, health plan number, beneficiary id, beneficiary number,
        beneficiary no, medicare, medicare id, medicare number, medicare no, medicare #,
        medicare beneficiary identifier, mbi, hicn, hic, hic#, medicaid, medicaid id,
        medicaid number, medicaid no, medicaid #, medi cal, cin, recipient id, cardholder id,
        card holder id, coverage id, eligibility id, enrollee id, bcbs id, bcbs #, aetna id, uhc id,
        cigna id, humana id, tricare id, champva id, member+, subscriber+, policy+, insurance+,
        insurer+, plan+, payer member+, beneficiary+, medicare+, medicaid+, coverage+, enrollee+,
        cardholder+, insured+, group+, hmo+, ppo+, carrier+, insurance card, insurance card+,
        ins card, ins card+, health card, health card+, membership id, membership number,
        membership #, membership no, rx bin, rx pcn, rx grp, rxbin, rxpcn, rxgrp, pcn, grp, group"""
    ),
    "ACCOUNT": _labels(
        """account, account number, account no, account #, account id, acct, acct#, acct no,
        acct #, acc no, acc number, a/c, billing number, billing no, billing id, billing account,
        bill no, bill #, invoice, invoice number, invoice no, invoice #, claim, claim number,
        claim no, claim #, claim id, claims, har, har#, hospital account, fin, fin#, fin no,
        financial number, financial no, guarantor id, guarantor account, guarantor number,
        statement number, statement no, statement #, patient account, credit card, card number,
        card no, card #, cc#, cc no, debit card, visa, mastercard, amex, american express, discover,
        iban, bank account, routing number, transaction id, transaction number, payment id,
        receipt number, receipt no, account+, acct+, billing+, bill+, invoice+, claim+, statement+,
        financial+, guarantor+, payment+, transaction+, card+, bank+, reference account+,
        numéro de compte, numero de compte, n° de compte, nº de compte, compte, número de cuenta,
        numero de cuenta, nº de cuenta, cuenta, kontonummer, konto nr, konto, fallkonto, numero di conto,
        conto, número da conta, numero da conta, conta, n° de facture, numéro de facture, facture,
        número de factura, numero de factura, factura, rechnungsnummer, rechnung nr, fattura,
        patient control+, pat control+, pt control+, pat cntl, pat cntl+, pt cntl, pt cntl+, patient cntl+,
        claim control+, payer claim control+, internal control+, document control+, icn, tcn, dcn, eob, eob+,
        remittance+, remit+, account reference, account ref, acct ref"""
    ),
    "LICENSE": _labels(
        """license, licence, license number, licence number, license no, licence no, license #,
        licence #, lic, lic#, lic no, lic #, drivers license, driver's license, driver license,
        drivers licence, driver's licence, driving licence, dl, dl#, dl no, dln, operator license,
        state license, medical license, nursing license, rn license, lpn license, np license,
        pa license, pharmacy license, professional license, board license, certification number,
        certificate number, certificate no, certificate #, cert #, cert no, cert number,
        registration number, dea, dea#, dea no, dea number, dea registration, npi, npi#, npi no,
        npi number, national provider identifier, upin, upin#, passport, passport number,
        passport no, passport #, birth certificate, death certificate, marriage license,
        permit number, permit no, permit #, concealed carry permit, cdl, license+, licence+,
        certificate+, certification+, credential+, board certification+, permit+, registration+,
        medical license+, nursing license+, state license+, prescriber+, dea+, npi+, upin+,
        driver's license+, drivers license+, driver license+, id card+, state id card+"""
    ),
    "VEHICLE": _labels(
        """vin, vin#, vin no, vin number, vehicle identification number, vehicle id, vehicle vin,
        chassis number, license plate, licence plate, license plate number, plate, plate number,
        plate no, plate #, lic plate, tag number, tag #, tag no, registration plate,
        vehicle registration, vehicle plate, number plate, reg plate"""
    ),
    "DEVICE": _labels(
        """serial, serial number, serial no, serial #, serial num, ser#, ser no, s/n, sn, sn#,
        device id, device identifier, device serial, device number, udi, udi#, udi di,
        unique device identifier, implant id, implant serial, generator serial, pacemaker serial,
        icd serial, lead serial, pump serial, model serial, imei, imei#, meid, mac address,
        mac addr, asset tag, asset number, asset #, equipment id, equipment number,
        hearing aid serial, cochlear implant serial, serial+, device+, implant+, pacemaker+,
        defibrillator+, icd device+, pump+, insulin pump+, generator+, lead+, stimulator+,
        neurostimulator+, monitor+, cgm+, sensor+, transmitter+, catheter serial, stent serial,
        hearing aid+, cochlear implant+, prosthesis+, valve serial, lot+ serial, model serial+"""
    ),
    "ID": _labels(
        """id, id#, id no, id number, identifier, patient id, patient identifier, patient number,
        patient no, patient #, pt id, pt #, pt no, pt number, person id, person number, subject id,
        subject number, subject #, patient identification, patient identification number,
        participant id, participant number, study id, study #,
        trial id, enrollment id, enrolment id, enrollment number, screening id, screening number,
        randomization id, randomization number, protocol id, registry id, badge, badge number,
        badge no, badge #, badge id, employee id, employee number, employee no, employee #, emp id,
        emp #, emp no, staff id, staff number, staff #, user id, userid, username, user name,
        login, login id, case number, case no, case #, case id, file number, file no, file #,
        reference number, reference no, reference #, ref, ref#, ref no, confirmation number,
        confirmation no, confirmation #, conf #, ticket number, ticket no, ticket #,
        tracking number, wristband, armband, barcode, national id, state id, student id,
        military id, dod id, va id, veteran id, tax id, taxpayer id, ein, itin, tin, uid, guid,
        uuid, alien number, alien registration, a number, green card, patient+, pt+, person+,
        subject+, participant+, study subject+, trial+, enrollment+, employee+, staff+, badge+,
        user+, account holder+, client+, customer+, case, case+, file+, reference+, ref+,
        confirmation+, ticket+, tracking+, voucher+, authorization+, auth+, prior auth+, referral+,
        appointment+, appt+, session+, student+, military+, social media handle, handle, patient,
        participant, subject, enrollee, employee, student, resident, client, donor, recipient,
        inmate, wristband+, wristband id, armband+, band+, bracelet+, id band, id bracelet,
        barcode+, bar code, bar code+, kiosk, kiosk+, kiosk id, kiosk code, check-in code,
        check in code, checkin code, check-in+, voucher, voucher+, coupon+, portal, portal+,
        portal id, portal user id, portal username, portal user name, portal login, portal account,
        portal user, mychart+, mychart id, mychart username, mychart login, user, username+,
        screen name, login name, logon, logon id, sign-in id, record locator, booking+,
        reservation+, registry+, registry number, research id, research+,
        cohort id, household id, family id, pedigree id, kit id, kit+, biobank id, biobank+,
        donor id, donor+, transplant id, unos id, provider id, provider number, provider #,
        provider no, pharmacy id, rx #, rx no, rx number, prescription number, prescription #,
        prescription no, script #, voter id, voter registration+, passport card+, resident id,
        inmate id, inmate+, booking id, docket+, court case+, case file+, access code, pin, pin#,
        pin no, pin number, security code+, activation code, enrollment code, invitation code,
        enrollment, enrolment, enrolment+, screening+, randomization+, randomisation+, study,
        study+, study participant+, study code, participant code, subject code, trial+ code,
        member code, unique id, unique identifier, unique+, internal id, internal+, external id,
        external+, system id, system+, global id, local id, local+, site id, site+ subject,
        identification number, identification no, identification #, identification code, aktenzeichen,
        national insurance number, national insurance no, ni number, ni no, nino, social insurance number,
        sin, sin #, sin no, bsn, burgerservicenummer, personnummer, personal identity number, pesel,
        codice fiscale, sozialversicherungsnummer, versicherungsnummer, svnr, nss, numéro de sécurité sociale,
        numero de securite sociale, n° de sécurité sociale, n° sécu, numéro sécu, número de seguridad social,
        numero de seguridad social, nuss, cpf, dni, nie, nif, curp, rut, cédula, cedula, personalausweis+"""
    ),
    "PHONE": _labels(
        """phone, phone number, phone no, phone #, phone#, ph, ph#, ph no, tel, tel#, tel no,
        telephone, telephone number, cell, cell phone, cellphone, mobile, mobile phone, mob,
        home phone, work phone, office phone, contact number, contact phone, call, callback,
        call back, reached at, reach at, number, direct line, hotline, landline, daytime, evening,
        emergency contact, voicemail, vm, text, sms, whatsapp, h, w, c, m, o, p, t, home, work,
        office"""
    ),
    "SSN": _labels(
        """ssn, ssn#, ss#, ss, ss no, ssno, social, social security, social security number,
        social security no, social security #, social sec, soc sec, soc sec no, soc sec #, ssns,
        seguro social, número de seguro social, numero de seguro social, no de seguro social,
        nº de seguro social, número del seguro social, numero del seguro social"""
    ),
    "DOB": _labels(
        """dob, d.o.b, date of birth, birth date, birthdate, born, birthday, yob, year of birth,
        birth year, born on, born in, yr of birth, birth yr, year born, birthyear, y.o.b"""
    ),
    # Words that recognizers look for around themselves (hints, not labels of a value).
    "DATE_WORD": _labels(
        """jan, january, janurary, januray, feb, febr, february, febuary, feburary, mar, march, apr, april,
        may, jun, june, jul, july, aug, august, agust, augst, sep, sept, september, setember, septmber,
        sepember, oct, october, ocotber, octber, nov, november, novmber, novemeber, dec, december, decmber,
        decemeber, spring, summer,
        fall, autumn, winter, christmas, christmas eve, xmas, thanksgiving, easter, new year's day,
        new years day, new year’s day, new year's eve, new years eve, new year’s eve, halloween,
        independence day, fourth of july, memorial day, labor day, veterans day, valentine's day,
        valentines day, mother's day, mothers day, father's day, fathers day, hanukkah, passover,
        diwali"""
    ),
    # Spanish, Portuguese, French, Italian and German month names (``_foreign_months``).
    "FOREIGN_MONTH": _labels(
        """enero, febrero, marzo, abril, mayo, junio, julio, agosto, septiembre, setiembre, octubre,
        noviembre, diciembre, janeiro, fevereiro, março, marco, maio, junho, julho, setembro, outubro,
        novembro, dezembro, janvier, février, fevrier, mars, avril, mai, juin, juillet, août, aout,
        septembre, octobre, novembre, décembre, decembre, januar, jänner, jaenner, februar, märz, maerz,
        juni, juli, oktober, dezember, gennaio, febbraio, aprile, maggio, giugno, luglio, settembre,
        ottobre, dicembre"""
    ),
    "AGE_WORD": _labels(
        """ninety, ninty, nintey, ninetey, nienty, ninity,
        ninetieth, nineties, hundred, hundredth, centenarian, centenarians, nonagenarian,
        nonagenarians, supercentenarian, supercentenarians"""
    ),
    "BIOMETRIC_WORD": _labels(
        """fingerprint, fingerprints, finger, thumbprint, thumbprints, thumb, palm, palmprint, palmprints,
        handprint, handprints, hand, footprint, footprints, voiceprint, voiceprints, voice, speaker,
        retina, retinal, iris, facial, face, gait, vein, veins, dna, genetic, biometric, biometrics,
        keystroke, signature"""
    ),
    "PHOTO_WORD": _labels(
        """photo, photos, photograph, photographs, picture, pictures, pic, pics, image, images, selfie,
        selfies, portrait, headshot, headshots, head, mug, mugshot, mugshots"""
    ),
    "FAX": _labels("fax, fax#, fax no, fax number, fax #, facsimile, fx, f"),
    "PAGER": _labels(
        "pager, pager#, pager no, pager number, pgr, pgr#, beeper, page, paged, ext, ext#, extension, x, "
        "pg, pg#, bleep, spectralink, vocera, in-house phone, in house phone"
    ),
}


def _connector(
    fillers: str = "",
    blanks: int = 4,
    blank: str = r"[ \t]",
    marks: str = "",
    newline: str = r"\n",
    breaks: str = "?",
    indent: int = 4,
) -> str:
    r"""What stands between a label and its value: punctuation and filler words (``MRN #:``,
    ``Member ID is``, ``Fall-Nr.``, ``cartella n.``, ``dossier n°``; not the ``NR-`` of a value), dashes
    and arrows (``MRN — 123``, ``MRN → 123``), a short note in brackets (``MRN (Epic):``), dot leaders
    and table bars of forms (``MRN ........ 123``, ``MRN | 123``), up to ``blanks`` blanks (characters
    of the class ``blank``) and line breaks ``newline`` as many as the quantifier ``breaks`` allows (by
    default one: a label at the end of a line), each followed by up to ``indent`` blanks. ``fillers`` adds
    filler words (``|word\b``...), ``marks`` punctuation characters. An atomic group, so a value that
    does not follow never makes ``re`` retry other splits of the blanks.
    """
    return (
        r"(?>(?:" + blank + r"{0,4}(?:[._\-]{2,60}|\([^()\n\d]{1,24}\)|\[[^\[\]\n\d]{1,24}\]"
        r"|[:#=.\-\u2013\u2014\u2192\u00bb\uff1a(\[*|>" + marks + r"]"
        r"|(?i:no\b\.?|numb[ec]r\b|num\b|nbr\b|id\b|is\b|of\b|was\b|assigned\b|reads\b"
        + fillers
        + r"|(?:nr|nro|n(?=\.))\b\.?(?=[ \t:#]))|n[\u00b0\u00ba]){0,4}){0,3}"
        + blank
        + r"{0,"
        + str(blanks)
        + r"}(?:"
        + newline
        + blank
        + r"{0,"
        + str(indent)
        + "})"
        + breaks
        + ")"
    )


CONNECTOR = _connector()
#: The connector before an identifier value: also the wide blanks of aligned forms
#: (``MRN:<30 blanks>448812``), the person it is for (``MRN for Jane Doe: 448812``), no-break and
#: thin spaces of exported text, the closing bracket of a bracketed label (``[MRN]: 448812``), a comma
#: (``MRN, 448812``), quotes and attributes of exported records (``"mrn": "448812"``,
#: ``<mrn value="448812"/>``), a blank line or an indented next line, the words of an update
#: (``MRN changed to``, ``listed as``) and of a masked value (``MRN ending in 8812``).
ID_CONNECTOR = _connector(
    r"|now\b|(?:changed|updated|corrected|listed|recorded|registered|entered|documented)[ \t]+(?:to|as)\b"
    r"|for\b[^:\n\d]{1,40}:|ending(?:[ \t]+(?:in|with))?\b|value\b",
    blanks=48,
    blank=r"[ \t\u00a0\u2007\u2009\u202f]",
    marks=r")\],\"'\u201c\u201d\u2018\u2019",
    newline=r"\r?\n",
    breaks="{0,2}",
    indent=48,
)

#: OCR reads ``e`` for ``c`` and ``c`` for ``e`` (``numbcr``, ``liccnse``, ``Octobcr``): labels are
#: matched with both folded to ``e``. Words shorter than four letters must match as written
#: (``ace`` is not ``acc``).


def fold(text: str) -> str:
    """``text`` (lowercase) with the letters OCR confuses folded together, as the label scan reads it.

    Use on a recognizer's own word pattern (plain words, no escapes holding ``c``) and on
    :func:`folded_view`, to read ``fingcrprint`` as ``fingerprint``.
    """
    return text.replace("c", "e")


@lru_cache(maxsize=8)
def folded_view(text: str) -> str:
    """The lowercased OCR view of ``text`` with OCR-confused letters folded (same length)."""
    return fold(ascii_lower(ocr_view(text)))


def _normal(word: str) -> str:
    return re.sub(r"[\s._-]+", " ", word).strip()


#: Folded normal form of every label word -> (kind, normal form, whether it may follow a digit).
_CANONICAL: dict[str, tuple[str, str, bool]] = {}
#: Kinds whose words may follow a digit directly (``04Mar2021``, ``pt_photo2.jpg``).
_AFTER_DIGIT = frozenset({"DATE_WORD", "PHOTO_WORD"})
for _kind, _words in LABELS.items():
    for _word in _words:
        _CANONICAL.setdefault(fold(_normal(_word)), (_kind, _normal(_word), _kind in _AFTER_DIGIT))
_PATTERN = re.compile(word_pattern(_CANONICAL))


_NO_HITS = LabelHits("", (), (), ())


class LabelScan(NamedTuple):
    """A text's label hits by kind."""

    text: str
    hits: Mapping[str, LabelHits]

    def of(self, kind: str) -> LabelHits:
        """The hits of one kind (possibly none)."""
        return self.hits.get(kind, _NO_HITS)


@lru_cache(maxsize=8)
def label_scan(text: str) -> LabelScan:
    """Every label of every kind in ``text``: one pass over its lowercased, folded OCR view, cached.

    The hits hold the OCR view (for their digit checks) and each label's normal form.
    """
    view = ocr_view(text)
    return LabelScan(view, _view_hits(view))


@lru_cache(maxsize=8)
def _view_hits(view: str) -> Mapping[str, LabelHits]:
    """The label hits of an OCR view by kind, cached by the view: a text and its OCR view (both scanned
    by recognizers that read values in the view) share one pass when the view has nothing left to undo.
    """
    lower = ascii_lower(view)
    folded = fold(lower)
    found: dict[str, list[tuple[int, int, str]]] = {}
    get = _CANONICAL.get
    spans = [m.span(1) for m in _PATTERN.finditer(folded)]
    if folded[:1].isalpha():  # the pattern needs a character before a word
        first = _PATTERN.match(" " + folded[:64])
        if first is not None and first.start(1) == 1:
            spans.insert(0, (0, first.end(1) - 1))
    covered = 0
    for start, end in spans:
        found_word = folded[start:end]
        entry = None if start < covered else get(found_word) or get(_normal(found_word))
        if entry is None:
            continue  # not a label, or inside the label found at the start of the text
        covered = end
        kind, word, after_digit = entry
        before = folded[start - 1] if start else " "
        if (before.isdigit() and not after_digit) or (before == "/" and end - start < 3):
            continue  # "2mrn", and units: "mg/dL" is not a driver licence
        if end - start < 4 and lower[start:end] != word:
            continue  # "ace" is not "acc"
        hits = found.get(kind)
        if hits is None:
            found[kind] = [(start, end, word)]
        else:
            hits.append((start, end, word))
    return {kind: LabelHits(view, *zip(*hits, strict=True)) for kind, hits in found.items()}


def labelled_values(text: str, kind: str, value: re.Pattern[str]) -> Iterator[tuple[str, int, int]]:
    """``(label, value_start, value_end)`` for each ``kind`` label directly followed (after a
    :data:`CONNECTOR`) by ``value``, which must hold a group named ``v``; and, for a label heading a
    table column, for each cell below it that ``value`` fills. ``label`` is the label's normal form
    (lowercase, single spaces), e.g. ``"medical record number"``.
    """
    hits = label_scan(text).of(kind)
    for start, end, word in zip(hits.starts, hits.ends, hits.words, strict=True):
        m = value.match(text, end)
        if m is not None and m.group("v"):
            yield word, m.start("v"), m.end("v")
        if CELL_END.match(text, end) is not None:
            for cell_start, cell_end in column_cells(text, start, end):
                m = value.match(text, cell_start, cell_end)
                if m is not None and m.end("v") == cell_end:
                    yield word, m.start("v"), m.end("v")


#: An identifier value: letters and digits with inner ``- . / _ : #`` or dashes (``A-123.45``), or groups of
#: digits separated by single spaces (``1234 5678``). Use with :func:`value_pattern`.
ID_VALUE = (
    r"(?:\d+(?:[ ]\d{3,}(?![A-Za-z])){1,4}(?![-./_:#][A-Za-z0-9])"
    r"|[A-Za-z0-9]+(?:[-./_:#\u2010\u2011\u2013][A-Za-z0-9]+){0,8})"
)
#: Five or more digits in groups split by single blanks, maybe after a letter prefix (eight digits
#: after a separate one), that end the line or the cell (``0012 3456 78``, ``448 9 44``, ``W123456789 01``,
#: ``XJH 123 456 789``): the whole run is the value, where :data:`ID_VALUE` would stop at a short group.
GROUPED_VALUE = (
    r"(?:[A-Z]{1,3}[ ](?=\d(?:[ ]?\d){7})|(?=[A-Za-z]{0,3}\d(?:[ ]?\d){4})[A-Za-z]{0,3})"
    r"\d+(?:[ ]\d+){0,7}(?=[ \t]*(?:[\n\r,;|)]|$))"
)
#: ``m/d/y``, ``d-m-y`` or ``y-m-d`` digits; a date only when the month and day can be one.
_DATE_LIKE = re.compile(r"(?P<a>\d{1,4})[/-](?P<b>\d{1,2})[/-](?P<c>\d{2}|\d{4})")
_YEAR = re.compile(r"(?:19|20)\d\d")


def _is_date(value: str) -> bool:
    """True when ``value`` reads as a numeric date (``12-34-56`` and ``220-11-45`` do not)."""
    m = _DATE_LIKE.fullmatch(value)
    if m is None or len(m["a"]) == 3:
        return False
    a, b, c = int(m["a"]), int(m["b"]), int(m["c"])
    if len(m["a"]) == 4:
        return 1 <= b <= 12 and len(m["c"]) == 2 and 1 <= c <= 31
    return (1 <= a <= 12 and 1 <= b <= 31) or (1 <= a <= 31 and 1 <= b <= 12)


def value_pattern(core: str = ID_VALUE, *, prefix: str = "") -> re.Pattern[str]:
    """A pattern for :func:`labelled_values`: the :data:`ID_CONNECTOR`, an optional ``prefix`` that is
    not part of the value, then ``core`` as group ``v``.
    """
    return re.compile(ID_CONNECTOR + prefix + r"(?P<v>" + core + r")(?![A-Za-z0-9])")


def plausible_identifier(value: str, *, min_digits: int = 3) -> bool:
    """True when ``value`` can be an identifier: enough digits, not a date, not a bare year."""
    digits = sum(map(str.isdigit, value))
    if digits < min_digits and not (digits and len(value) >= 5):
        return False
    return not _is_date(value) and _YEAR.fullmatch(value) is None


_ID_PATTERN = value_pattern(GROUPED_VALUE + "|" + ID_VALUE)
#: After a value, another one under the same label (``MRN 123456 / 654321``, ``MRNs: 448840, 448841``,
#: ``Policy/Group: 123456 / 7890``), maybe after a short note (``448815 (old) / A448816``).
_MORE = re.compile(r"(?:[ \t]*\([^()\n\d]{1,12}\))?[ \t]*(?:[/,;&]|and\b|or\b)[ \t]*(?=[A-Za-z]{0,3}\d)")
#: Values read after the first under one label.
_MAX_MORE = 3


def labelled_identifiers(
    text: str,
    kind: str,
    *,
    weak: frozenset[str] = frozenset(),
    strong_score: float = 0.9,
    weak_score: float = 0.7,
    value: re.Pattern[str] = _ID_PATTERN,
) -> Iterator[tuple[str, int, int, float]]:
    """``(label, start, end, score)`` of plausible identifier values after ``kind`` labels.

    Labels in ``weak`` are words that also have everyday meanings (``chart``, ``case``, ``plan``);
    their values score ``weak_score`` and need four digits.
    """
    for label, start, end in labelled_values(text, kind, value):
        is_weak = label in weak
        if not plausible_identifier(text[start:end], min_digits=4 if is_weak else 3):
            continue
        if is_weak and measurement_follows(text, end):
            continue  # "block 1000 units"
        yield label, start, end, weak_score if is_weak else strong_score
        for more_start, more_end in _more_values(text, end, value):
            yield label, more_start, more_end, weak_score if is_weak else strong_score


def _more_values(text: str, end: int, value: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """The values listed after the value ending at ``end``: four digits or more each, not dates,
    years or measurements, and right after their separator.
    """
    for _ in range(_MAX_MORE):
        more = _MORE.match(text, end)
        if more is None:
            return
        m = value.match(text, more.end())
        if m is None or m.start("v") != more.end():
            return
        start, end = m.span("v")
        if not plausible_identifier(text[start:end], min_digits=4) or measurement_follows(text, end):
            return
        yield start, end


#: Within one sentence after a reference (a fingerprint, a photo): a word that introduces its
#: identifier, then the identifier (``... enrolled for access, template BIO-AZ71665``).
_IDENTIFIER_AFTER = re.compile(
    r"(?:[^.;\n]|\n(?![ \t]*\n)){0,100}?(?<![a-z])(?:template|id|identifier|record|hash|no|number|ref"
    r"|reference|code|saved as|stored as|filed as|file|filename|named|labeled|labelled|#)(?![a-z])"
    r"[ \t:#=.\-]*\n?[ \t]*"
    r"(?P<v>" + ID_VALUE + r")(?![A-Za-z0-9])"
)
#: Or the identifier right after the reference (``voiceprint VP-00912``).
_IDENTIFIER_NEXT = re.compile(r"[ \t]*[:#]?[ \t]*(?P<v>" + ID_VALUE + r")(?![A-Za-z0-9])")
#: Or, with no introducing word, the first code in the sentence that mixes letters and digits in
#: joined parts (``... access, tcmplate FP-822122-R``, ``savcd as park_face_616.png``).
_CODE_IN_SENTENCE = re.compile(
    r"(?:[^.;\n]|\n(?![ \t]*\n)|\.(?=[a-z0-9])){0,100}?(?<![a-z0-9\-_.])"
    r"(?P<v>(?=[a-z0-9\-_.]*\d)(?=[a-z0-9\-_.]*[a-z])[a-z0-9]+(?:[-_.][a-z0-9]+)+)(?![a-z0-9])"
)


def identifier_after(lower: str, pos: int) -> tuple[int, int] | None:
    """The identifier (with at least one digit) that a reference ending at ``pos`` names, if any."""
    for pattern in (_IDENTIFIER_NEXT, _IDENTIFIER_AFTER, _CODE_IN_SENTENCE):
        m = pattern.match(lower, pos)
        if m is not None and any(c.isdigit() for c in m["v"]) and len(m["v"]) >= 4:
            return m.start("v"), m.end("v")
    return None
