"""The identifier guard: a table of what must be found, and of what must be left alone."""

from __future__ import annotations

import pytest

from reflect_cli.core import guard
from reflect_cli.core.guard import find, redact

# (text, kind, the text found). Each a sentence as a tired health worker might write it.
POSITIVES = [
    # NHS numbers: modulus 11 check digit (943 476 5919 is the published worked example)
    ("His NHS number was 943 476 5919.", "nhs_number", "943 476 5919"),
    ("nhs no 9434765919 on the wristband", "nhs_number", "9434765919"),
    ("checked 400-000-0004 twice", "nhs_number", "400-000-0004"),
    ("Northern Ireland H&C 320 000 0015", "nhs_number", "320 000 0015"),
    # CHI numbers: DDMMYY, then a modulus 11 check digit
    ("CHI 1203851235 on the kardex", "chi_number", "1203851235"),
    ("CHI: 120385 1235", "chi_number", "120385 1235"),
    ("chi 3112999991", "chi_number", "3112999991"),
    # South African ID: YYMMDD, citizenship, 8/9, Luhn (7503305044089 is a worked example)
    ("ID 7503305044089 in the file", "za_id", "7503305044089"),
    ("her id was 750330 5044 089", "za_id", "750330 5044 089"),
    # Kenyan national ID: only right after a word that says so
    ("ID no. 12345678 on the form", "ke_id", "ID no. 12345678"),
    ("national ID: 1234567", "ke_id", "national ID: 1234567"),
    ("his ID card number 23456789", "ke_id", "ID card number 23456789"),
    # KRA PIN
    ("KRA PIN A123456789B", "kra_pin", "A123456789B"),
    ("pin p051234567z for the clinic", "kra_pin", "p051234567z"),
    # phone numbers: Kenya, South Africa, the UK, any +country code
    ("her son on 0712 345 678", "phone", "0712 345 678"),
    ("call 0712345678 after six", "phone", "0712345678"),
    ("the landline 0110 123 456", "phone", "0110 123 456"),
    ("+254 712 345 678 is the daughter", "phone", "+254 712 345 678"),
    ("rang +254712345678 twice", "phone", "+254712345678"),
    ("SA mobile 082 123 4567", "phone", "082 123 4567"),
    ("+27 82 123 4567 (husband)", "phone", "+27 82 123 4567"),
    ("UK mobile 07700 900123", "phone", "07700 900123"),
    ("07700 900 123 was the GP", "phone", "07700 900 123"),
    ("ward phone 020 7946 0958", "phone", "020 7946 0958"),
    ("(020) 7946 0958 is switchboard", "phone", "(020) 7946 0958"),
    ("+44 (0)20 7946 0958", "phone", "+44 (0)20 7946 0958"),
    ("0121 496 0018 for the family", "phone", "0121 496 0018"),
    ("00254 712 345 678 from abroad", "phone", "00254 712 345 678"),
    ("+1 555 010 9999 in the US", "phone", "+1 555 010 9999"),
    # email addresses
    ("emailed jane.doe@nhs.net about it", "email", "jane.doe@nhs.net"),
    ("wrote to achieng+ward@gmail.co.ke", "email", "achieng+ward@gmail.co.ke"),
    # exact dates (of care)
    ("On 12/03/2024 I was in charge", "date", "12/03/2024"),
    ("seen 3-7-24 in clinic", "date", "3-7-24"),
    ("12.03.2024 night shift", "date", "12.03.2024"),
    ("admitted 2024-03-12 late", "date", "2024-03-12"),
    ("at 2024-03-12T08:30 the alarm", "date", "2024-03-12"),
    ("It was 12 March 2024.", "date", "12 March 2024"),
    ("the 5th of June, 2023 shift", "date", "5th of June, 2023"),
    ("on 3 May the ward was full", "date", "3 May"),
    ("on March 12, 2024 we", "date", "March 12, 2024"),
    ("from Sept 3rd onwards", "date", "Sept 3rd"),
    ("it was 12 march 2024", "date", "12 march 2024"),
    # dates of birth
    ("DOB 12/03/1957, lives alone", "date_of_birth", "12/03/1957"),
    ("D.O.B.: 1957-03-12", "date_of_birth", "1957-03-12"),
    ("born on 1 Jan 1960 in Kisumu", "date_of_birth", "1 Jan 1960"),
    ("date of birth 4 July 1988", "date_of_birth", "4 July 1988"),
    ("DOB: 1957", "date_of_birth", "1957"),
    # exact ages
    ("a 67-year-old man with chest pain", "age", "67-year-old"),
    ("67 year old woman", "age", "67 year old"),
    ("the 3-month-old baby", "age", "3-month-old"),
    ("she is 15 years old", "age", "15 years old"),
    ("67 yo male", "age", "67 yo"),
    ("M 67yo", "age", "67yo"),
    ("F, 82 y/o, fall", "age", "82 y/o"),
    ("54 y.o. on the ward", "age", "54 y.o."),
    ("aged 67, lives alone", "age", "aged 67"),
    ("Age: 45", "age", "Age: 45"),
    ("baby aged 3/12", "age", "aged 3/12"),
    ("man 67yrs with sepsis", "age", "67yrs"),
    ("M 67 yrs, diabetic", "age", "67 yrs"),
    ("67 yrs F, fall at home", "age", "67 yrs"),
    ("Pt 82 YRS", "age", "82 YRS"),
    # record and bed numbers
    ("MRN 123456 was wrong", "record_number", "MRN 123456"),
    ("MRN: AB12345", "record_number", "MRN: AB12345"),
    ("hospital no. 556677", "record_number", "hospital no. 556677"),
    ("IP no. 123/2024 on the chart", "record_number", "IP no. 123/2024"),
    ("OP No: 4567/23", "record_number", "OP No: 4567/23"),
    ("IPNo 98765", "record_number", "IPNo 98765"),
    ("file no. KNH/2024/1234", "record_number", "file no. KNH/2024/1234"),
    ("reg no 7788", "record_number", "reg no 7788"),
    ("patient in bed 4 deteriorated", "record_number", "bed 4"),
    ("Bed no. 12A", "record_number", "Bed no. 12A"),
    ("bed #7", "record_number", "bed #7"),
    # a title and a name
    ("Mrs Achieng asked for water", "title_name", "Mrs Achieng"),
    ("Mr. Otieno was angry", "title_name", "Mr. Otieno"),
    ("handed over to Dr O'Neil", "title_name", "Dr O'Neil"),
    ("Dr McKenzie came", "title_name", "Dr McKenzie"),
    ("Mr John Smith said no", "title_name", "Mr John Smith"),
    ("Sister Wanjiru led the huddle", "title_name", "Sister Wanjiru"),
    ("Prof Naidoo taught us", "title_name", "Prof Naidoo"),
    ("Mama Akinyi brought food", "title_name", "Mama Akinyi"),
    ("Ms Nkosi-Dlamini", "title_name", "Ms Nkosi-Dlamini"),
    ("Mrs Achieng's son rang", "title_name", "Mrs Achieng"),
    ("Mme Élodie", "name", "Élodie"),  # a title outside the span, a name inside
    ("Dr Élodie Martin came", "title_name", "Dr Élodie Martin"),
    # names without a title: the name lists and the sentence together (guard_names.py)
    ("Achieng was crying when her mother arrived on the ward.", "name", "Achieng"),
    ("I explained the delay to Wanjiru's father at the bedside.", "name", "Wanjiru"),
    ("Sipho Ndlovu, the patient in cubicle 3, fell at 2am.", "name", "Sipho Ndlovu"),
    ("I spoke to Grace Mwangi, the mother, about feeding.", "name", "Grace Mwangi"),
    ("Baby Thabo was born at 32 weeks and needed CPAP.", "name", "Thabo"),
    ("Patience refused her tablets again.", "name", "Patience"),
    ("i told wanjiru to wait by the door", "name", "wanjiru"),
    ("Annelie van der Merwe was the sister on duty.", "name", "Annelie van der Merwe"),
    ("Sunday was the porter who helped me.", "name", "Sunday"),
    # phone numbers of more countries: Nigeria, Ghana, a South African landline, Zambia
    ("rang the brother on 0803 123 4567", "phone", "0803 123 4567"),
    ("her number 024 412 3456 was on the form", "phone", "024 412 3456"),
    ("the clinic in Cape Town, 021 555 1234", "phone", "021 555 1234"),
    ("his mobile 0977 123 456", "phone", "0977 123 456"),
    ("I wrote his NIN as 22918374065 on the form", "nin", "22918374065"),
    ("IP 224197 was on the wrong wristband", "record_number", "IP 224197"),
    ("She stayed until 12 March 2024", "date", "12 March 2024"),  # not a deadline: a day
    ("He was seen by 12 March 2024", "date", "12 March 2024"),
]

# Text that identifies nobody: none of it may be flagged.
NEGATIVES = [
    "We used the Glasgow Coma Scale and the Apgar score.",
    "Gibbs' cycle and Rolfe's model helped me think it through.",
    "She was transferred to Chris Hani Baragwanath from the Aga Khan.",
    "He had Parkinson's disease and a Foley catheter.",
    "I showed great patience, and by God's grace she settled.",
    "In May we moved to Grace Ward.",
    "Kenyatta National Hospital was full, so we went to Kisumu.",
    "Ceftriaxone was given and Metformin was held.",
    "I hope the Thomas splint stays on till Monday.",
    "Ring the family back (by 12 March)",  # when an action is due identifies nobody
    "Audit the drug charts (by 2026-12-20)",
    "Finish the sepsis module, due 3 May",
    "3 of 6",
    "gave 500 mg paracetamol",
    "1 g ceftriaxone",
    "running at 10 ml/h",
    "at 08:30 the round",
    "08:30-12:00",
    "for 2 hours",
    "on bed rest",
    "Dr on call",
    "the Dr on call came",
    "Mr",
    "spoke to Mr.",
    "Mr A and Mrs X (anonymised)",
    "Sister told me to wait",
    "Sister in charge",
    "the Nurse Practitioner",
    "GCS 15",
    "GCS 12/15",
    "BP 120/80",
    "SpO2 94%",
    "in 2019 we changed",
    "in March 2024 we changed",
    "March 2024",
    "4 times",
    "room 3",
    "side room 2",
    "2/52 post-op",
    "day 3/7 of antibiotics",
    "24/7 cover",
    "Hb 7.2, K+ 5.6, pH 7.35",
    "temp 38.5",
    "0.9% saline 1000 ml",
    "for 10 yrs as a nurse",
    "2 yrs ago",
    "over 10 years of experience",
    "10 years",
    "gestational age 32 weeks",
    "qualified 5 yrs",
    "I have been nursing for 5yrs",
    "5 yrs on the ward",
    "average age 70",
    "APGAR 7/9/10",
    "Apgars of 7/9/10",
    "3 may be enough",
    "In May 2 patients fell",
    "31/02/2024",
    "the 12th",
    "page 67",
    "paid 12345678",
    "12345678 tablets",
    "ID badge",
    "943 476 5918",  # NHS shape, wrong check digit
    "9434765918",
    "999 000 0018",  # valid check digit, but the test range is never issued
    "7503305044088",  # SA shape, fails Luhn
    "7513305044089",  # month 13
    "0712 34",
    "ext 2345",
    "the helpline 0800 123 456",
    "call 0300 123 1234 for the non-emergency line",
    "IP 3 beds left on the ward",
    "the switchboard on 0845 123 4567",
    "NHS 111 or 0800 011 1234",
    "version 1.2.10",
    "call the ward on ext. 4455",
    "+5 mg",
    "a@b",
]


@pytest.mark.parametrize(("text", "kind", "found"), POSITIVES)
def test_found(text: str, kind: str | None, found: str | None) -> None:
    findings = find(text)
    if kind is None:
        assert findings == []
        return
    assert [(f.kind, f.text) for f in findings] == [(kind, found)]
    (finding,) = findings
    assert text[finding.start : finding.end] == found


@pytest.mark.parametrize("text", NEGATIVES)
def test_not_found(text: str) -> None:
    assert find(text) == []


def test_the_table_is_wide() -> None:
    kinds = {kind for _, kind, _ in POSITIVES}
    assert kinds >= set(guard.KINDS) - {"listed_name"}
    assert len(POSITIVES) + len(NEGATIVES) >= 60
    for kind in kinds - {None}:
        assert sum(1 for _, k, _ in POSITIVES if k == kind) >= 2, kind


@pytest.mark.parametrize(
    ("digits", "ok"),
    [
        ("9434765919", True),
        ("9434765918", False),
        ("4000000004", True),
        ("1234567890", False),  # the check digit would be 10: never issued
        ("943476591", False),
        ("94347659x9", False),
    ],
)
def test_nhs_check_digit(digits: str, ok: bool) -> None:
    assert guard.nhs_check_ok(digits) is ok


def test_luhn() -> None:
    assert guard.luhn_ok("7503305044089")
    assert not guard.luhn_ok("7503305044088")
    assert guard.luhn_ok("4111111111111111")


def test_listed_names_are_whole_words_and_any_case() -> None:
    names = ["Ward 7", "Achieng", "St Mary's"]
    text = "On ward  7 with achieng, not Ward 70 or Achiengs; St Mary's is busy"
    assert [f.text for f in find(text, names)] == ["ward  7", "achieng", "St Mary's"]
    assert {f.kind for f in find(text, names)} == {"listed_name"}
    assert find("Ward 7", []) == []
    assert find("Ward 7", ["", "  "]) == []


def test_longest_finding_wins_where_two_overlap() -> None:
    # the title and name covers the listed name; the phone covers an NHS-shaped tail
    assert [(f.kind, f.text) for f in find("Mrs Achieng came", ["Achieng"])] == [
        ("title_name", "Mrs Achieng")
    ]
    assert [f.kind for f in find("+44 943 476 5919")] == ["phone"]


def test_a_kenyan_mobile_that_passes_the_chi_checks_is_a_phone() -> None:
    assert guard.nhs_check_ok("0712345671")
    assert [f.kind for f in find("0712345671")] == ["phone"]


def test_several_findings_in_order_with_suggestions() -> None:
    text = "Mrs Achieng, a 67-year-old, seen 12/03/2024, son on 0712 345 678."
    findings = find(text)
    assert [f.kind for f in findings] == ["title_name", "age", "date", "phone"]
    assert [f.placeholder for f in findings] == ["[name]", "[age]", "[date]", "[phone]"]
    assert "life stage" in findings[1].suggestion
    assert "the patient" in findings[0].suggestion
    assert "month" in findings[2].suggestion
    assert findings[3].label == "phone number"


def test_redact_replaces_each_finding_with_its_placeholder() -> None:
    text = "Mrs Achieng, a 67-year-old in bed 4, MRN 123456, emailed a.b@nhs.net on 12 March 2024."
    assert redact(text, find(text)) == (
        "[name], a [age] in bed [number], MRN [record no.], emailed [email] on [date]."
    )
    assert redact("nothing here", []) == "nothing here"
    assert redact("", find("")) == ""


def test_ordinary_clinical_prose_is_left_alone() -> None:
    text = (
        "Busy night: 3 of 6 beds full by 02:00. Gave 500 mg paracetamol and 1 g ceftriaxone, "
        "fluids at 125 ml/h. GCS 15, BP 120/80, SpO2 94% on 2 L. The Dr on call came after "
        "2 hours; we escalated 4 times. In 2019 we had the same problem. Next time: SBAR."
    )
    assert find(text) == []


def test_a_finding_keeps_the_users_brackets_balanced() -> None:
    """'[Bed 4]' is found as 'Bed 4', the word that says what it is and no stray bracket; a
    phone number in brackets is found without them, one with its area code in them whole."""
    assert [(f.text, f.placeholder) for f in find("[Bed 4]")] == [("Bed 4", "Bed [number]")]
    assert [f.text for f in find("(MRN: 123456)")] == ["MRN: 123456"]
    assert [f.text for f in find("call (020 7946 0958) now")] == ["020 7946 0958"]
    assert [f.text for f in find("(+44 20 7946 0958)")] == ["+44 20 7946 0958"]
    assert [f.text for f in find("(0121) 496 0018")] == ["(0121) 496 0018"]
    text = "[Bed 4] and (020 7946 0958)"
    assert redact(text, find(text)) == "[Bed [number]] and ([phone])"


# -- more kinds (issue 11): addresses, UK postcodes, passport, NI and NIN numbers, and record
# numbers in their common formats. They join the tables above (pytest reads them when it
# collects), so test_found, test_not_found and test_the_table_is_wide see them too.
MORE_POSITIVES = [
    # street and postal addresses, with the town after a comma
    ("14 Moi Avenue", "address", "14 Moi Avenue"),
    ("The patient lives at 14 Moi Avenue, Kisumu.", "address", "14 Moi Avenue, Kisumu"),
    ("his address, Flat 3, 22 Station Road, on the form", "address", "Flat 3, 22 Station Road"),
    ("Plot 45, Ngong Road was the address", "address", "Plot 45, Ngong Road"),
    ("she lives at Stand 2234, Glen View 3", "address", "Stand 2234, Glen View 3"),
    ("wrote P.O. Box 1234, Eldoret on it", "address", "P.O. Box 1234, Eldoret"),
    ("House No. 12, Adeola Odeku Street", "address", "House No. 12, Adeola Odeku Street"),
    ("she stays at 22b Church Lane with her son", "address", "22b Church Lane"),
    ("14 Ward Road is where he lives", "address", "14 Ward Road"),
    ("33 Harcourt Street, Dublin 2 on the letter", "address", "33 Harcourt Street, Dublin 2"),
    ("No. 5 Ogui Road, Enugu", "address", "No. 5 Ogui Road, Enugu"),
    ("he gave 1407 Section K, Umlazi", "address", "1407 Section K, Umlazi"),
    ("Flat 12, Ravenswood House was cold", "address", "Flat 12, Ravenswood House"),
    ("she lives at 14 moi avenue", "address", "14 moi avenue"),
    ("22 Baker St, London", "address", "22 Baker St, London"),
    # UK postcodes, any case, with or without the space
    ("Patient's postcode is SW1A 1AA.", "postcode", "SW1A 1AA"),
    ("she lives in m13 9wl", "postcode", "m13 9wl"),
    ("EH3 9YY on the referral", "postcode", "EH3 9YY"),
    ("typed SW1A1AA into it", "postcode", "SW1A1AA"),
    ("the postcode bt97ab was wrong", "postcode", "bt97ab"),
    ("CF10 3AT for the taxi", "postcode", "CF10 3AT"),
    # passport numbers: the value after the word
    ("Her passport number A12345678 was on the form.", "passport", "A12345678"),
    ("passport no. M00123456", "passport", "M00123456"),
    ("she showed me her passport, M00123456, at the desk", "passport", "M00123456"),
    ("the UK passport number 533401372", "passport", "533401372"),
    # UK National Insurance numbers
    ("JH 45 67 89 B was on his payslip", "ni_number", "JH 45 67 89 B"),
    ("the NI number AB123456C was on her sick note", "ni_number", "AB123456C"),
    ("His NI number QQ 12 34 56 C was on the letter", "ni_number", "QQ 12 34 56 C"),
    ("National Insurance number: wx987654a", "ni_number", "wx987654a"),
    # Nigerian National Identification Numbers
    ("The NIN 23456789012 was typed in.", "nin", "23456789012"),
    ("I copied her NIN, 12345678901, onto the form", "nin", "12345678901"),
    ("national identification number 70123456789", "nin", "70123456789"),
    ("NIMC slip 0123 456 7890", "nin", "0123 456 7890"),
    # record numbers in their common formats (found with the word that says what they are)
    ("hospital number K1234567", "record_number", "hospital number K1234567"),
    ("Hosp No: RX1234567 on the chart", "record_number", "Hosp No: RX1234567"),
    ("IP No. 2023/04567", "record_number", "IP No. 2023/04567"),
    ("OPD no 56789/23 from the clinic", "record_number", "OPD no 56789/23"),
    ("folder number 12345678 was lost", "record_number", "folder number 12345678"),
    ("file no. KNH/2023/0456", "record_number", "file no. KNH/2023/0456"),
    ("patient ID 004512 on the sticker", "record_number", "patient ID 004512"),
    ("unit number 4471823", "record_number", "unit number 4471823"),
    ("CR number 556677", "record_number", "CR number 556677"),
    ("registration number 778899", "record_number", "registration number 778899"),
    ("I wrote the wrong IP number, 88412, on it", "record_number", "IP number, 88412"),
    ("his file number is 00345/22", "record_number", "file number is 00345/22"),
]
MORE_NEGATIVES = [
    # no address: a number that counts, a bed, a ward, a time, a street without a number
    "3 Road traffic accidents came in",
    "he came in after 3 Road Traffic Collisions",
    "she lives with her 2 sons close by",
    "lives 3 houses down the road",
    "lives 2 hours drive away",
    "I gave evidence at 2 Crown Court hearings",
    "The 6 Minute Walk Test was done",
    "In 2019 Station Road was closed",
    "Kenyatta Avenue was blocked so we came via Moi Avenue",
    "Moi Avenue, Kisumu",
    "ward 14 Station Road entrance",
    "at 14:00 on the ward",
    "Section 2 of the Mental Health Act",
    "The baby was flat 3 minutes after birth, Then pinked up",
    "the plot 3, Figure 2 showed it",
    "We did 4 Ward Rounds",
    "The 2 Week Wait referral went in",
    # no postcode: clinical letters and numbers, ordinals and hours in lower case
    "T2 DM",
    "A1 B2",
    "G6PD deficiency",
    "B12 1mg IM",
    "an ST2 2nd on call",
    "m1 1st exit",
    "L4 5th lumbar",
    "FY1 and SHO",
    "se12ab",  # lower case and run together: only after the word 'postcode'
    # no passport, NI number or NIN without a value after the word, or a prefix never issued
    "the passport office was closed",
    "her passport expired in 2019",
    "passport photos, 2 copies",
    "QQ 12 34 56 C",
    "GB 12 34 56 A",
    "DF123456A",
    "AB123456E",
    "on 12 34 56 a day",
    "12345678901",
    "phone 12345678901",
    # no record number: too short to be one, a bed after other words
    "patient number 2 in the queue",
    "unit number 4",
    "hospital no. 3",
    "bed, 2 nurses came",
]
POSITIVES.extend(MORE_POSITIVES)
NEGATIVES.extend(MORE_NEGATIVES)


def test_more_kinds_have_a_label_placeholder_and_advice() -> None:
    placeholders = {
        "address": "[address]",
        "postcode": "[postcode]",
        "passport": "[passport no.]",
        "ni_number": "[NI number]",
        "nin": "[NIN]",
    }
    for kind, placeholder in placeholders.items():
        label, found_placeholder, advice = guard.KINDS[kind]
        assert found_placeholder == placeholder
        assert label and advice
        assert kind in guard._PRIORITY


def test_an_address_its_postcode_and_the_numbers_are_redacted() -> None:
    text = (
        "She lives at 7 Grange Crescent, Leeds LS7 4AJ; passport no. M00123456, NI number "
        "AB 12 34 56 C, NIN 12345678901, hospital number K1234567."
    )
    kinds = ["address", "postcode", "passport", "ni_number", "nin", "record_number"]
    assert [f.kind for f in find(text)] == kinds
    assert redact(text, find(text)) == (
        "She lives at [address] [postcode]; passport no. [passport no.], NI number "
        "[NI number], NIN [NIN], hospital number [record no.]."
    )
    assert "town" in find("14 Moi Avenue")[0].suggestion


def test_a_town_stops_at_a_word_that_starts_a_new_phrase() -> None:
    assert [f.text for f in find("lives at 14 Moi Avenue, She said so")] == ["14 Moi Avenue"]
    assert [f.text for f in find("22 Station Road, Flat 3")] == ["22 Station Road, Flat 3"]
    assert [f.text for f in find("P.O. Box 1234-40100 Kisumu")] == ["P.O. Box 1234-40100 Kisumu"]


NI_PREFIXES = ["AB", "JH", "NZ", "DA", "AD", "AO", "QA", "BG", "GB", "NK", "KN", "NT", "TN", "ZZ"]


@pytest.mark.parametrize("prefix", NI_PREFIXES)
def test_an_ni_number_alone_needs_a_prefix_hmrc_allocates(prefix: str) -> None:
    counts = prefix in {"AB", "JH", "NZ"}  # D, F, I, Q, U, V first; O second; BG … ZZ never
    assert bool(find(f"{prefix} 12 34 56 C")) is counts
    assert [f.kind for f in find(f"NI no. {prefix}123456C")] == ["ni_number"]
