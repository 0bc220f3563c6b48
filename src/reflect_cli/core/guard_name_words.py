"""The words the name finder (guard_names.py) reads a sentence by: titles, things a name can
name, what a person does and owns, and what is said to people. Plain data, kept by hand."""

from __future__ import annotations

# fmt: off
# Words that open a person's name and are not part of it: a title, or kin as a form of address.
TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sister", "sr", "nurse",
    "matron", "mama", "baba", "mzee", "gogo", "baby", "auntie", "aunty", "uncle", "cucu",
    "shosho", "nana", "bibi", "babu", "sir", "madam", "mum", "dad", "brother", "father",
    "mme", "mlle", "mevrou", "meneer", "oom", "tannie",
})
# Nouns that, after a name, make it the name of a thing: "Grace Ward", "Thomas splint".
THINGS = frozenset({
    "hospital", "hospitals", "ward", "wards", "clinic", "centre", "center", "unit", "wing",
    "block", "theatre", "theater", "house", "home", "hall", "road", "street", "avenue", "lane",
    "drive", "close", "way", "estate", "town", "city", "county", "district", "province",
    "region", "village", "scale", "score", "chart", "criteria", "rule", "rules", "protocol",
    "method", "model", "cycle", "test", "sign", "syndrome", "disease", "palsy", "catheter",
    "splint", "tube", "forceps", "manoeuvre", "maneuver", "position", "technique",
    "competence", "principles", "guidelines", "memorial", "national", "general", "teaching",
    "referral", "academic", "university", "college", "school", "institute", "trust",
    "foundation", "fund", "church", "mosque", "market", "park", "stadium", "bridge", "station",
    "airport", "lake", "river", "falls", "bay", "medical", "health", "care", "pharmacy",
    "lab", "laboratory", "maternity", "mission", "dispensary", "sub-county", "level",
    "reflective", "framework", "award", "prize", "lecture", "building", "room", "suite",
    "team", "service", "services", "society", "association", "council", "board", "group",
    "foundation's", "law", "act", "report", "review", "inquiry", "gardens", "terrace",
    "crescent", "grove", "place", "court", "square", "highway", "primary", "secondary",
    "high", "mall", "plaza", "day", "circle", "traction", "solution", "centre's",
    "pharmaceuticals", "labs", "tablets", "capsules", "virus", "bacillus", "infection",
    "ruling", "classification", "island", "signs", "procedure", "repair", "incision",
    "fracture", "reflex", "phenomenon", "triad", "equation", "formula", "tool",
    "questionnaire", "assessment", "approach", "theory", "ladder", "pyramid", "acts",
})
# What follows a person at the start of a sentence (besides a possessive or a comma).
PERSON_VERBS = frozenset({
    "was", "is", "had", "has", "did", "does", "said", "says", "told", "tells", "asked", "asks",
    "cried", "cries", "refused", "refuses", "came", "comes", "went", "goes", "kept", "keeps",
    "got", "felt", "feels", "made", "took", "takes", "gave", "gives", "ran", "sat", "sits",
    "left", "began", "became", "seemed", "seems", "looked", "looks", "would", "could",
    "should", "will", "can", "might", "must", "wanted", "wants", "needed", "needs", "lives",
    "lived", "who", "and", "wasn't", "didn't", "couldn't", "wouldn't", "isn't", "hasn't",
    "hadn't", "doesn't", "won't", "can't", "also", "then", "just", "still", "never",
    "always", "finally", "suddenly", "again", "herself", "himself", "knew", "knows",
    "thought", "thinks", "saw", "sees", "heard", "hears", "spoke", "speaks", "stood",
    "woke", "slept", "ate", "drank", "died", "fell", "stayed", "stays",
})
# Verbs only a person does: a capitalised word in no list before one of these is a name.
ACTIVE_VERBS = frozenset({
    "said", "told", "asked", "cried", "refused", "shouted", "screamed", "thanked", "smiled",
    "complained", "insisted", "begged", "agreed", "declined", "consented", "whispered",
    "laughed", "replied", "nodded", "arrived", "wept", "prayed", "apologised", "apologized",
    "explained", "admitted", "confided", "hugged", "sobbed", "yelled", "swore",
})
# What a person is doing as they are spoken of: "I remember Kagiso crying".
DOING_NOW = frozenset({
    "crying", "screaming", "shouting", "asking", "begging", "smiling", "laughing", "sobbing",
    "praying", "singing", "pleading", "insisting", "complaining", "refusing", "saying",
})
# Verbs whose subject at the start of a sentence is a person: "Shamiso needed a transfusion".
PERSON_DOINGS = frozenset({
    "needed", "delivered", "called", "covered", "presented", "collapsed", "complained",
    "arrived", "came", "went", "fell", "died", "spoke", "sat", "stood", "walked", "ran",
    "left", "slept", "woke", "ate", "drank", "wanted", "felt", "cried", "screamed",
    "shouted", "phoned", "rang", "knew", "remembered", "thanked", "told", "asked", "said",
    "pulled", "pushed", "vomited", "fitted", "bled", "refused", "had", "has", "looked",
    "smiled", "laughed", "gave", "kept", "lives", "lived", "worked", "works", "taught",
    "showed", "brought", "helped", "stayed", "waited", "signed", "consented", "declined",
})
# People a name is described as, after a comma: "Kato, the boda boda rider".
PERSON_NOUNS = frozenset({
    "patient", "mother", "father", "man", "woman", "boy", "girl", "baby", "nurse", "doctor",
    "student", "rider", "driver", "mum", "lady", "gentleman", "husband", "wife", "son",
    "daughter", "grandmother", "grandfather", "porter", "cleaner", "interpreter", "chaplain",
    "midwife", "colleague", "consultant", "registrar", "officer", "pharmacist", "mentor",
    "guardian", "carer", "teenager", "child", "toddler", "elder", "chief", "pastor", "teacher",
    "farmer", "relative", "sister", "brother", "aunt", "uncle", "friend", "neighbour", "one",
    "matron", "hca", "sho", "intern", "houseman", "anaesthetist", "surgeon", "paediatrician",
    "physio", "physiotherapist", "dietitian", "radiographer", "sonographer", "paramedic",
    "receptionist", "clerk", "cook", "security", "guard", "manager", "supervisor", "tutor",
    "lecturer", "preceptor", "buddy", "partner", "fiance", "fiancee", "co", "mo",
})
# Verbs in the past a person does, irregular ones (regular ones end in -ed).
PAST_VERBS = frozenset({
    "sat", "stood", "ran", "came", "went", "took", "gave", "got", "kept", "felt", "held",
    "told", "said", "spoke", "woke", "slept", "ate", "drank", "fell", "left", "brought",
    "thought", "knew", "saw", "heard", "wrote", "rang", "sang", "began", "became", "did", "lost",
    "didn't", "wasn't", "couldn't", "wouldn't", "won't", "can't", "wants", "needs", "says",
    "tells", "asks", "refuses", "cries", "lives", "keeps", "comes", "goes",
})
# Verbs a medicine or a place is as much the subject of as a person: "Furosemide was given and
# he passed a litre", "Ondansetron did not help her".
NOT_DOINGS = frozenset({
    "and", "who", "also", "then", "just", "still", "will", "can", "was", "is", "did", "does",
    "didn't", "doesn't", "would", "could", "should", "might", "must", "wasn't", "isn't",
    "made", "gave", "helped", "worked", "caused", "stopped", "seemed", "looked",
    "kept", "never", "always", "finally", "suddenly", "again", "got", "became",
})
# How the names of medicines end (the WHO's INN stems), for a medicine in no list: "Labetalol
# lowered her pressure" is not a person.
MEDICINE_ENDINGS = (
    "mycin", "micin", "cillin", "cef", "azole", "olol", "alol", "pril", "sartan", "statin",
    "dipine", "prazole", "tidine", "parin", "xaban", "gatran", "mab", "tinib", "ciclib",
    "gravir", "fovir", "navir", "buvir", "previr", "clovir", "amivir", "virine",
    "floxacin", "cycline", "azepam", "zolam", "oxetine", "pramine", "triptyline", "peridol",
    "apine", "idone", "profen", "fenac", "coxib", "caine", "sone", "olone", "nisolone",
    "semide", "thiazide", "tretin", "gliptin", "gliflozin", "glutide", "formin", "amycin",
    "oxacin", "conazole", "fungin", "tadine", "setron", "prazine", "barbital", "etine",
    "dronate", "lukast", "terol", "tropium", "phylline", "mustine", "platin", "rubicin",
    "taxel", "trexate", "parib", "dopa", "orphine", "adol", "codone",
    "morphone", "fentanil", "curium", "curonium", "flurane", "profol", "etomidate",
)
# Towns and cities health workers name that are people's names too: a place after "in", "at",
# "from" or "drove to"; a person elsewhere ("I told George").
PLACES_THAT_ARE_NAMES = frozenset({
    "george", "alice", "stanley", "kimberley", "victoria", "florence", "preston", "chester",
    "lincoln", "austin", "adelaide", "hamilton", "livingstone", "charlotte", "jackson",
    "sydney", "paris", "lorraine", "beatrice", "louis", "albert", "elizabeth", "kingston",
    "harrison", "murray", "nelson", "grahamstown", "orlando", "brandon", "camden", "luton",
})
GOING = frozenset({
    "went", "go", "going", "goes", "drove", "drive", "driving", "moved", "move", "travelled",
    "traveled", "came", "come", "coming", "transferred", "referred", "sent", "flew", "back",
    "way", "road", "bus", "taxi", "ambulance", "return", "returned", "trip", "journey",
})
# Days and months, some of them names too ("Sunday Ogundipe", "April Jones").
CALENDAR = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
})
PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
# What follows a possessive that makes its owner a person: "Wanjiru's father".
PEOPLES_THINGS = frozenset({
    "mother", "father", "mum", "mom", "mam", "dad", "son", "daughter", "husband", "wife",
    "baby", "babies", "sister", "brother", "family", "grandmother", "grandfather", "granny",
    "grandma", "grandpa", "aunt", "auntie", "uncle", "partner", "child", "children", "kids",
    "relatives", "relative", "carer", "friend", "friends", "mother-in-law", "boyfriend",
    "girlfriend", "fiance", "twin", "twins", "niece", "nephew", "cousin", "neighbour",
    "parents", "bed", "cot", "notes", "chart", "file", "drip", "wound", "pain", "blood",
    "labour", "delivery", "birth", "temperature", "temp", "sats", "bp", "condition",
    "medication", "meds", "tablets", "feeds", "feed", "feeding", "face", "hand", "hands",
    "voice", "eyes", "tears", "fear", "anger", "story", "wishes", "consent", "death", "body",
    "room", "side", "name", "phone", "husband's", "mother's", "dad's", "mum's", "case",
    "care", "discharge", "surgery", "operation", "test", "results", "scan", "x-ray", "plan",
    "oxygen", "sugar", "sugars", "glucose", "inr", "saturation", "saturations", "id",
    "address", "email", "nin", "cd4", "hb", "bloods", "obs", "observations", "vitals",
    "pulse", "heart", "chest", "urine", "weight", "contractions", "leg", "legs", "arm",
    "arms", "foot", "feet", "head", "skin", "belly", "abdomen", "stomach", "fever",
    "pressure", "viral", "cannula", "number", "mobile", "passport", "postcode", "records",
    "record", "partner's", "boyfriend's", "life", "home", "house", "village",
    "funeral", "grave", "religion", "church", "faith", "mood", "behaviour", "sister's",
    "daughter's", "son's", "father's", "brother's", "wife's", "baby's",
    "hiv", "tb", "diagnosis", "prognosis", "treatment", "breathing", "breath",
    "bag", "bags", "clothes", "shoes", "cubicle", "chair", "trolley", "note",
    "letter", "referral", "appointment", "own", "first", "last", "second", "mouth",
    "potassium", "sodium", "creatinine", "haemoglobin", "hemoglobin", "platelets", "levels",
    "gas", "ecg", "ct", "mri", "drain", "stoma", "dressing", "fluids", "fluid", "drugs",
    "kardex",
})
# Words after which a word in no list (or in lowercase) is someone being spoken to or of.
SAID_TO = frozenset({
    "told", "asked", "tell", "ask", "telling", "asking", "thanked", "reassured", "named",
    "informed", "updated", "comforted", "hugged", "consoled", "counselled", "counseled",
    "warned", "advised", "reminded", "calmed", "greeted", "introduced", "phoned", "rang",
    "called", "paged", "visited", "met", "helped", "supported", "saw", "discharged",
    "admitted", "examined", "assessed", "cannulated", "catheterised", "delivered",
})
TO_WORDS = frozenset({
    "shouted", "looked", "smiled", "laughed", "screamed", "yelled", "waved", "stared",
    "snapped", "hand", "pointed", "nodded", "winked", "glared", "swore",
    "spoke", "speak", "speaking", "talked", "talk", "talking", "explained", "explaining",
    "said", "listened", "listening", "handed", "apologised", "apologized", "introduced",
    "went", "ran", "turned", "wrote", "sent", "gave", "showed", "reported", "escalated",
})
# Before a capitalised word in no list, words that make it a person ("sat with Chidi", "gave
# Chidi her tablets"): medicines and places are in lists of their own, so are not read so.
WITH_PEOPLE = frozenset({
    "with", "for", "gave", "give", "giving", "handed", "joined", "relieved", "replaced",
    "covering", "covered", "buddy", "between", "behind", "beside", "hug", "hugged", "thank",
    "tell", "ask", "let", "made", "make", "allowed", "persuaded", "convinced", "encouraged",
    "watched", "heard", "found", "left", "showed", "taught", "trusted", "blamed", "forgot",
})
FRIENDS = frozenset({
    "colleague", "mentor", "preceptor", "friend", "patient", "client", "student", "manager",
    "supervisor", "incharge", "in-charge", "named", "husband", "wife", "son", "daughter",
    "mother", "father", "brother", "sister", "baby",
})
# Lowercase words after which a lowercase name is a person ("told wanjiru", "with otieno").
LOWERCASE_CUES = SAID_TO | TITLES | frozenset({"with", "to", "for", "from", "by", "and", "pt"})
# Lowercase words that may join the parts of a name: "Annelie van der Merwe", "Ahmed bin Said".
PARTICLES = frozenset({
    "van", "der", "de", "du", "da", "le", "la", "bin", "binti", "wa", "al", "el", "ole",
    "von", "ten", "ter", "dos", "das", "di", "del", "della", "ibn", "ould", "mac", "den",
    "het", "op", "zu", "bint", "abu",
})
# After a copula at the start of a sentence, what makes a word-name a person: "Hope was crying".
PERSON_STATES = frozenset({
    "crying", "upset", "angry", "in", "on", "at", "the", "my", "our", "a", "very", "so",
    "still", "sitting", "lying", "waiting", "discharged", "admitted", "brought", "born",
    "scared", "frightened", "worried", "anxious", "distressed", "tearful", "quiet", "calm",
    "sleeping", "awake", "confused", "crying,", "happy", "sad", "tired", "alone", "there",
    "here", "shouting", "screaming",
    "vomiting", "bleeding", "pushing", "breathing", "feeding", "rude", "kind", "grateful",
    "transferred", "referred", "intubated", "resuscitated", "cannulated", "catheterised",
    "sedated", "ventilated", "reviewed", "seen", "assessed", "examined", "delivered",
    "induced", "booked", "readmitted", "diagnosed", "stabbed", "injured", "unconscious",
    "pregnant", "septic", "breathless", "drowsy", "jaundiced", "febrile", "stable", "unwell",
    "terrified", "adamant", "polite", "unhappy", "furious", "lovely", "just", "one", "two",
    "three", "her", "his", "their", "your", "an",
})
# fmt: on
