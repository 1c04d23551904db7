"""Identifying detail in any prose: the patterns, and the check that flags them.

Case material is written by people who know the families, and a detail can slip into any
record: a finding, a learning point, a seven-minute briefing, a table's note. Before anything
is published, whatever looks like a real person's details is flagged as an error naming the
file, line and column: full names, dates of birth, street addresses, postcodes, phone
numbers, e-mail addresses, NHS numbers (with a valid check digit) and National Insurance
numbers.

Every text field of every record of every kind (`kinds.KINDS`) and of the project settings is
read, except the fields that hold names or contact details by design, marked `Public()` in
`model.py` (a source's authors, a case's pseudonym, the partnership's contact details).
An author lists a deliberate exception under `privacy_exceptions:` in the record (it also
covers what is written inside the record: a finding's learning points and quotes), or in
briefings.yaml for the whole project.

Full names are judged by shape, since no list of names is complete: two capitalised words
are a name when the first is a common given name (and the second is not a word such as
"Act" or "Review"), when the second is a common surname, or when the second repeats the
surname of a person named elsewhere in the same record.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Iterable, Iterator, NamedTuple, Optional

from ..problems import Problem
from . import kinds
from .model import Corpus, Public, Text, data_fields, marker, walk

# ---- names -------------------------------------------------------------------------------

# Common given names in the UK, across its communities. A name here followed by any
# capitalised word that is not in NOT_NAMES is taken for a full name.
GIVEN_NAMES = frozenset("""
aaliyah aaron abdi abdirahman abdul abdullah abena abigail ada adaeze adam adeel adrian
agnieszka ahmad ahmed aidan aiden aisha alan alana aleena aleksander aleksandra alex alexander
alexandra alfie alfred ali alice alicia alison alistair ama amanda amandeep amara amelia amelie
amir amira amit amy ana anastasia andrea andreea andrei andrew andrzej andy angela angus anika
anita anjali ann anna annabelle anne annie anthony antonio aoife archie arjun arman arthur
aryan asha ashley asif ava ayaan ayesha barbara bartosz beatrice bella ben benjamin beth
bethany bilal billy bobby bogdan bradley brandon brenda brian bridget bronwen brooke caitlin
caleb callum calvin cameron carl carla carol caroline carolyn carys catherine cerys charles
charlie charlotte cheryl chidi chioma chloe chris christina christine christopher cian ciara
ciaran claire clara clive colin connor conor courtney craig dafydd damian daniel daniela
danielle danny darcey darcy darnell darren david dawid dean debbie deborah declan delroy demi
denise dennis derek desmond diana diane divya dmitri dominic donald donna dorothy douglas
duncan dylan eddie edward efua eilidh eira eleanor elena elijah eliza elizabeth ella ellie
elliot elliott eloise elsie emeka emilia emily emma emmanuel eoin eric erin esme ethan euan eva
evan evelyn evie ewa ewan ezra faisal fatima felix femi ffion filip finlay finley finn fiona
florin folake fraser freddie frederick freya funmi gabriel gareth gary gavin gemma geoffrey
george gerald gethin gillian gloria gordon graham gurpreet hafsa hamish hamza hanna hannah
haris harjit harpreet harrison harry harvey hassan hayley heidi helen henry hira hugo hussain
ian ibrahim idris imogen imran ioana ionut iqra irfan isaac isabel isabella isabelle isla ivan
iwan jackie jacob jacqueline jake jakub jamal james jamie jane janet jasmin jason jaspreet jay
jayden jean jeanette jennifer jenny jeremy jerome jesse jessica jim jimmy jo joan joanna joanne
jodie joe joel john jonathan joseph josephine josh joshua judith julia julian julie junaid
justin kacper kai kamran karen karl katarzyna kate katherine kathleen kathryn katie kayla
kayleigh keisha keith kelly kenneth kenny kerry kevin khadija kian kieran kim kiran kirsty kofi
krzysztof kwame kyle lachlan lara laura lauren layla leah leanne lee leo leon leonardo leroy
lesley lewis liam linda lindsay lisa logan lola lorraine louie louis louise luca lucas lucy
lukasz luke lydia lynn maisie maja malcolm malgorzata mandy manpreet marcus marek margaret
maria mariam marian marie marion marlon martha martin mary maryam mason mateusz matilda matthew
maya meera megan melanie melissa mia michael michal michelle mihai mila millie miriam mohammad
mohammed molly morag muhammad musa mustafa nadia naomi natalia natalie natasha nathan neha neil
ngozi niall niamh nicholas nicola nicole nigel nikolai nina noah noor oliver olivia oliwia
ollie olu oluwaseun omar orla oscar oskar osman owain owen padraig paige pamela patricia
patrick paul paula pauline pawel peter philip phillip phoebe piotr pippa pooja priya rabia
rachel rahul raj ranjit ravi raymond rebecca reece rhiannon rhys richard riley rizwan robert
roger rohan roisin ronald ronnie rory rosie ross roy ruben russell ruth ryan sadie safa saffron
sam samantha samuel sana sandra sanjay saoirse sara sarah scarlett scott seamus sean sebastian
segun shabana shahid shane shannon sharon shaun shazia sheila shirley sian sienna simon simran
siobhan sofia sophia sophie stacey stefan stella stephanie stephen steven stuart sukhdev sunita
susan suzanne szymon tanya tara tariq teresa terry theo theodore theresa thomas tia timothy
tina tobi toby tom tomasz tommy toni tony tracey tracy trevor tunde tyler tyrese tyrone usman
valerie vanessa victoria vikram vincent wayne wendy william winston yasin yasmin yusuf yvonne
zachary zahra zain zainab zak zakaria zara zoe zofia zuzanna
""".split())

# Left out on purpose: given names that are also ordinary words or places (Amber, Angel,
# April, Bill, Chelsea, Christian, Daisy, Dawn, Faith, Florence, Frank, Georgia, Grace, Hope,
# Jack, Jade, Jordan, Joy, Mark, Max, May, Olive, Penny, Poppy, Rose, Ruby, Summer, Will,
# Willow...). Like any other word they make a full name only before a known or repeated
# surname ("Grace Smith"), so "Hope Street", "Grace period" and "Will Social Care" pass.

# Common surnames in the UK: any capitalised word before one (not in NOT_NAMES) is taken for
# a given name ("Oluwaseun Adeyemi", "Tyrese Smith"). Surnames that are ordinary words
# (Green, Wood, Hill) are not here: they are caught after a given name, or when repeated.
SURNAMES = frozenset("""
abdi adams adebayo adeyemi ahmed akhtar ali allen anderson andrews armstrong atkinson bailey
baker barker barnes barrett bates begum bennett bibi bradley brooks brown burgess burton butler
byrne campbell carter chapman choudhury chowdhury clark clarke coleman collins cooke cooper cox
cunningham davidson davies davis dawson dixon doyle edwards ellis evans ferguson fisher
fletcher foster francis gallagher gibson gill graham grant gray griffiths hamilton harris
harrison harvey hassan henderson hewitt hodgson holmes hossain howard hughes hussain hutchinson
ibrahim iqbal jackson jenkins johnson johnston jones kaur kelly kennedy khan kowalski lawrence
lewis lloyd lynch mahmood malik marshall martin mason matthews mcdonald mensah miah miller
mitchell mohamed mohammed moore morgan morris murphy murray nelson newman nguyen nicholson
nowak obrien oconnor okafor okoro oneill osei owen palmer parker parry patel pearce pearson
perry phillips powell price pritchard quinn rahman rashid reid reynolds richards richardson
riley roberts robertson robinson rogers russell ryan saunders scott shah sharma shaw simpson
singh smith spencer stevens stewart sullivan taylor thomas thompson thomson turner walker walsh
watson watts webb wilkinson williams williamson wilson wright yates yusuf
""".split())

# Capitalised words that are not names, before or after a given name or a surname: the words
# of case-review prose, the names of organisations, places and things, and sentence openers.
NOT_NAMES = frozenset("""
a about academy act acts after agency all alliance also although ambulance an analysis and
annual any appendix april as association at august authority autumn avenue award baron
baroness be because before being between bill board borough both box bridge but by care case
cases centre chapter charity child children church city clinic close code college commission
commissioner committee constabulary council county court crescent dame december department
district drive duke during each earl early east education every family february for forum
foundation framework friday from fund general gp group guidance hall he health help her here
his hospice hospital house however if in inquiry institute it its january july june king lady
lane law learning lecture line local london lord march may medical memorial monday most mr mrs
ms my national network nhs north not november nursery october of office on or order our panel
paper parade park part partnership place plan police pope practice prince princess prison
programme project prophet protection queen report research review reviews road safeguarding
saint saturday school section september service services she since sir so social society some
south square st standards station street study sunday surgery team that the their there these
they this those thursday to trust tuesday unit university vale village was way we wednesday
west what when where which while who why with without year you your
""".split())

# Words that make a name before them the name of an organisation, a building, a place or a
# report: "Joseph Rowntree Foundation", "Thomas Coram Research Unit", "Victoria Climbié Inquiry".
ORGANISATIONS = frozenset("""
academy award building center centre charity clinic college court foundation fund hall hospice
hospital house inquiry institute lane lecture library memorial nursery practice prize programme
project publishers publishing report research review road school society street surgery trust
unit university
""".split())

TITLES = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr")

_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
# One capitalised word: "Smith", "O'Brien", "McDonald", "Smith-Jones", "Climbié". It starts
# with the capital it consumes, the lookbehind after it (see PATTERNS below): four times
# faster than the same pattern with the lookbehind first.
WORD = re.compile(rf"[{_UPPER}](?<![\w'’-][{_UPPER}])"            # not inside a word
                  rf"(?:(?<=O)['’][{_UPPER}]|(?<=M)a?c[{_UPPER}])?"   # O'Brien, McDonald
                  rf"[{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)*(?!\w)")
GAP = re.compile(r"[ \t]+|[ \t]*\n[ \t]*")  # between two words of one name: no blank line


def _key(word: str) -> str:
    """How a word is looked up in the lists: "O'Brien" as "obrien", "Zoë" as "zoe"."""
    plain = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
    return re.sub(r"['’]", "", plain).lower()


def _surnamed(word: str, surnames: frozenset[str]) -> bool:
    return _key(word) in SURNAMES or word in surnames


def _is_name(first: str, second: str, surnames: frozenset[str]) -> bool:
    """Whether two capitalised words side by side look like a given name and a surname."""
    a, b = _key(first), _key(second)
    if a in NOT_NAMES or b in NOT_NAMES:
        return False
    if a in GIVEN_NAMES:
        return True
    return _surnamed(second, surnames)  # "Grace Smith", "Oluwaseun Adeyemi", "Kelly Smith"


@functools.lru_cache(maxsize=1024)
def _runs(text: str) -> tuple[tuple[re.Match, ...], ...]:
    """Runs of capitalised words with only spaces (or one line break) between them (found
    once for each text: the check looks for names in it several times over)."""
    runs, run = [], []
    for m in WORD.finditer(text):
        gap_starts = run[-1].end() if run else 0
        if run and run[-1].group() in TITLES and text.startswith(".", gap_starts):
            gap_starts += 1  # "Mr. Smith"
        if run and GAP.fullmatch(text, gap_starts, m.start()) is None:
            runs.append(tuple(run))
            run = []
        run.append(m)
    if run:
        runs.append(tuple(run))
    return tuple(runs)


def names(text: str, surnames: frozenset[str] = frozenset()) -> Iterator[tuple[int, int]]:
    """(start, end) of each full name in `text`; `surnames` are those of people named
    elsewhere in the record, so that "Kelly Smith" is caught wherever "Emma Smith" is."""
    for run in _runs(text):
        i = 0
        while i < len(run) - 1:
            first, second = run[i].group(), run[i + 1].group()
            titled = first in TITLES and _key(second) not in NOT_NAMES
            if not (titled or _is_name(first, second, surnames)) or (
                    # "Asking Kelly Smith": the name starts at the given name
                    not titled and _key(first) not in GIVEN_NAMES and i + 2 < len(run)
                    and _key(second) in GIVEN_NAMES
                    and _is_name(second, run[i + 2].group(), surnames)):
                i += 1
                continue
            end = i + 1
            if end + 1 < len(run):
                third = run[end + 1].group()
                # "Dr Laura Cook"; a middle name or a double surname: "Emma Louise Smith"
                if _key(third) not in NOT_NAMES and (
                        _surnamed(third, surnames)
                        or (titled and _key(second) in GIVEN_NAMES)):
                    end += 1
            after = run[end + 1].group() if end + 1 < len(run) else ""
            if _key(after) not in ORGANISATIONS:  # "the Thomas Coram Research Unit"
                yield run[i].start(), run[end].end()
            i = end + 1


def surnames_in(text: str, known: frozenset[str] = frozenset()) -> frozenset[str]:
    """The surnames of the people named in `text` (the last word of each full name)."""
    found = set(known)
    while True:
        more = {text[start:end].split()[-1] for start, end in names(text, frozenset(found))}
        if more <= found:
            return frozenset(found)
        found |= more


# ---- the other patterns ------------------------------------------------------------------

MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
         r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
DAY = r"\d{1,2}(?:st|nd|rd|th)?"
A_DATE = (rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|(?:19|20)\d{{2}}-\d{{1,2}}-\d{{1,2}}|"
          rf"(?:the\s+)?{DAY}(?:\s+of)?\s+{MONTH},?\s+\d{{4}}|{MONTH}\s+{DAY},?\s+\d{{4}})")
STREET_TYPES = (r"(?:Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Close|Drive|Way|Crescent|Place|"
                r"Grove|Gardens|Terrace|Walk|Row|Square|Mews|Court|Parade|Rise|View|Hill|Park|"
                r"Green|Vale|Mead|Wharf|Boulevard)")
STREET_WORD = rf"(?:St\.?|[{_UPPER}][{_LOWER}]+(?:['’]s)?)"

# Where it can, a pattern starts with the character it consumes first and puts its
# lookbehind after it: "0(?<!\d0)" means "(?<!\d)0", but lets the regex engine skip at C
# speed to the next "0" instead of trying a match at every position of the text (several
# times faster).
INTERNATIONAL = r"\s?44\s?(?:\(0\)\s?)?[1-9](?:[\s-]?\d){8,9}(?!\d)"
LOCAL = r"[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)"
HOUSE = (rf"\d(?<![\w.,/-]\d)\d{{0,2}}[A-Za-z]?(?:-\d{{1,3}})?,?\s+"   # 14, 14a, 14-16
         rf"(?:{STREET_WORD}\s+){{1,3}}{STREET_TYPES}\b")
# (what, pattern[, what every match contains: a piece of text, or DIGIT for a digit]).
# A text without what a pattern needs is not searched with it (most texts have no digit).
DIGIT = r"\d"
PATTERNS = [
    ("a postcode", re.compile(r"[A-Z](?<!\w[A-Z])[A-Z]?\d[A-Z\d]?\s*\d[ABD-HJLNP-UW-Z]{2}\b"),
     DIGIT),
    ("a phone number", re.compile(
        rf"\+(?<![\d+]\+){INTERNATIONAL}|00(?<![\d+]00){INTERNATIONAL}"  # +44 ..., 0044 ...
        rf"|\+(?<!\d\+)44\s?7\d{{3}}{LOCAL}"                            # +44 7...
        rf"|\((?<!\d\()0\d{{2,4}}\)?{LOCAL}|0(?<!\d0)\d{{2,4}}\)?{LOCAL}"),  # (01632) ..., 07...
     DIGIT),
    # a text without an @ is not searched: this pattern tries every word it has
    ("an e-mail address", re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b"), "@"),
    ("a National Insurance number",
     re.compile(r"[A-CEGHJ-PR-TW-Z](?<!\w[A-Z])(?<!B(?=G))(?<!G(?=B))(?<!N(?=[KT]))(?<!K(?=N))"
                r"(?<!T(?=N))(?<!Z(?=Z))[A-CEGHJ-PR-TW-Z]\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b"),
     DIGIT),
    ("a date of birth", re.compile(rf"[bBdD](?<!\w[bBdD])(?i:(?<=b)orn|(?<=d)\.?o\.?b\.?|"
                                   rf"(?<=d)ate\s+of\s+birth)(?i:(?![a-z])[^.\n]{{0,40}}?"
                                   rf"(?<![\w/.-]){A_DATE})(?![\w/-])"), DIGIT),
    ("a full date", re.compile(r"\d(?<!\w\d)\d?/\d{1,2}/(?:19|20)\d{2}\b"), DIGIT),
    ("an address", re.compile(HOUSE), DIGIT),
    # the same after a flat's number: "Flat 2, 14 ..." (it overlaps, so replaces, "14 ...")
    ("an address", re.compile(rf"[FAU](?<!\w[FAU])(?:(?<=F)lat|(?<=A)partment|(?<=A)pt|"
                              rf"(?<=U)nit)\s+\d{{1,4}}[A-Za-z]?,?\s+{HOUSE}"), DIGIT),
]
_A_DIGIT = re.compile(DIGIT)
NHS = re.compile(r"(\d(?<!\d\d)\d\d)[\s-]?(\d{3})[\s-]?(\d{4})(?!\d)")
# A number after one of these is not a house number: "Table 3 Park View" is a caption.
NOT_HOUSE = re.compile(r"\b(?:table|figure|fig|chart|section|part|chapter|page|pages|p|pp|"
                       r"appendix|box|annex|step|stage|level|tier|year|years|aged?|"
                       r"phase|question)\.?\s*$", re.I)
# Nor is "12 Family Court hearings" an address.
COURTS = re.compile(r"\b(?:Family|Crown|Youth|County|High|Magistrates['’]?|Coroners?['’]?s?|"
                    r"Supreme|Appeal|Appeals)\s+Court$")


def nhs_number_valid(digits: str) -> bool:
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


class Match(NamedTuple):
    start: int
    end: int
    what: str


def _matches(text: str, surnames: frozenset[str]) -> Iterator[Match]:
    digit = _A_DIGIT.search(text) is not None
    for what, pattern, *needs in PATTERNS:
        if not all(digit if n == DIGIT else n in text for n in needs):
            continue
        for m in pattern.finditer(text):
            if what == "an address" and (COURTS.search(m.group()) or (
                    NOT_HOUSE.search(text, 0, m.start())
                    and not m.group().startswith(("Flat", "Apartment", "Apt", "Unit")))):
                continue
            yield Match(m.start(), m.end(), what)
    for start, end in names(text, surnames_in(text, surnames)):
        yield Match(start, end, "a full name")
    for m in NHS.finditer(text) if digit else ():
        if nhs_number_valid("".join(m.groups())):
            yield Match(m.start(), m.end(), "an NHS number")


def _allowed_spans(text: str, allowed: Iterable[str]) -> list[tuple[int, int]]:
    spans = []
    for exception in allowed:
        words = str(exception).split()
        if words:  # "Arthur Labinjo-Hughes" also where a line break falls inside it
            pattern = r"\s+".join(map(re.escape, words))
            spans += [(m.start(), m.end()) for m in re.finditer(pattern, text)]
    return spans


def identifying(text: str, allowed: Iterable[str] = (),
                surnames: Iterable[str] = ()) -> Iterator[tuple[int, str, str]]:
    """(offset, what, matched text) for everything that looks like identifying detail.

    A match is allowed if it is one of `allowed`, or lies inside one of them where the text
    has it ("Lord Laming's inquiry into Victoria Climbié" covers "Victoria Climbié"). Where
    matches overlap, the one that starts first (or is longer) is reported: "born 03/09/2026"
    is a date of birth, not also a date.
    """
    allowed = list(allowed)
    spans = _allowed_spans(text, allowed)
    kept: list[Match] = []
    for m in sorted(_matches(text, frozenset(surnames)), key=lambda m: (m.start, -m.end)):
        if any(m.start < k.end and k.start < m.end for k in kept):
            continue
        kept.append(m)
    for m in sorted(kept):
        found = " ".join(text[m.start:m.end].split())  # a name may run over a line break
        if found in allowed or any(s <= m.start and m.end <= e for s, e in spans):
            continue
        yield m.start, m.what, found


# ---- the check ---------------------------------------------------------------------------

def texts(value, hint=None) -> Iterator[Text]:
    """Every text leaf in `value` that the privacy check reads: fields marked `Public()`
    are left out."""
    for leaf_hint, leaf in walk(value, hint):
        if isinstance(leaf, Text) and marker(leaf_hint, Public) is None:
            yield leaf


def _own_fields(record, kind: Optional[kinds.Kind]) -> Iterator[Text]:
    """The record's texts, without those of records written inside it (a finding's learning
    points), which are checked as records of their own kind."""
    inner = {k.inside[1] for k in kinds.KINDS if kind and k.inside and k.inside[0] == kind.name}
    for name, hint in data_fields(type(record)):
        if name not in inner:
            yield from texts(getattr(record, name), hint)


def _where(kind: Optional[kinds.Kind], record) -> str:
    """Where the author lists an exception for a match in this record."""
    if kind is None:
        return "under `privacy_exceptions:` in briefings.yaml"
    here = f"{kind.label} {str(record.id)!r}" if getattr(record, "id", None) else kind.label
    if kind.inside:
        here += f" or its {kinds.kind(kind.inside[0]).label}"
    return f"under `privacy_exceptions:` in {here}, or in briefings.yaml for the whole project"


def privacy(corpus: Corpus) -> Iterator[Problem]:
    """Flag what looks like identifying detail in any text of any record."""
    everywhere = tuple(corpus.settings.privacy_exceptions)
    material: list[tuple[Optional[kinds.Kind], object, tuple[str, ...]]] = []
    for k in kinds.KINDS:
        parents = corpus.index(k.inside[0]) if k.inside else {}
        for record in corpus.of(k.name):
            allowed = everywhere + tuple(getattr(record, "privacy_exceptions", ()))
            if k.inside:
                parent = parents.get(getattr(record, k.inside[0], None))
                allowed += tuple(getattr(parent, "privacy_exceptions", ()))
            material.append((k, record, allowed))
    material.append((None, corpus.settings, everywhere))
    for k, record, allowed in material:
        values = list(_own_fields(record, k))
        surnames: frozenset[str] = frozenset()
        for value in values:
            surnames = surnames_in(value, surnames)
        for value in values:
            for offset, what, found in identifying(value, allowed, surnames):
                yield Problem(value.pos_at(offset), f"{found!r} looks like {what}",
                              f"remove it, or if it is deliberate list it {_where(k, record)}")
