"""Rule-based suggestions of crime types and cross-cutting issues, per provision and per document.

The evidence is the thesaurus: each concept carries taxonomy links ("issue:extradition").
Not every mention is equally telling, so each concept found in a provision scores:

- 2 (strong): the taxonomy term's own concept (concept id == term id, e.g. "extradition",
  "выдача", "غسل الأموال"), or any concept matched through a term of two words or more
  (for Chinese, four characters or more); except that one-word terms of an umbrella term
  ("cooperation" for international-cooperation, "criminalization") score 1;
- 1: a one-word term of a concept only associated with the term ("exploitation", "consent"
  for trafficking in persons): such words also occur in laws about anything else; but a
  concept linked to a crime type mentioned three times or more in the provision scores 2
  ("firearm" three times in a judgment summary);
- 2: in a treaty or UN document that concerns the Organized Crime Convention, a reference
  to one of its articles ("article 16 of the Convention" -> extradition), and in the
  Convention itself a provision's own number.

A provision gets a term when its concepts for that term score 2 or more in total (each
concept counted once): one strong mention, or two distinct weak ones (e.g. "exploitation"
and "recruitment"). Headings count as part of the provision's text. Penalty words the
thesaurus leaves unlinked (imprisonment, fine, sentence ...) count for prosecution-sanctions
(EXTRA_LINKS), and a provision that names a crime type and any penalty also gets the
matching criminalization issue (money laundering -> crim-laundering; a crime type without
its own UNTOC criminalization article -> criminalization).

The document gets a term when its title shows it (score >= 2 in the title), when the title
line of one of its articles names a crime type with score >= 2, or when enough
of its provisions got it: at least 1 provision of a document of up to 5, 2 of up to 10,
and 3 otherwise. A provision that names more than four crime types is a list of offences
(predicate offences, a definition of organized crime): its crime types stay at provision
level and do not count for the document. One article on extradition does not make a penal code an extradition law, but
three do suggest the law deals with it.

Suggestions come in two tiers. Origin "rule" (public: counted in the facets) needs strong evidence:
the term's own concept (not an associated word) in the document's title or an article's title, or in
enough provisions and more than once; and only for the terms whose public suggestions reached
precision 0.9 on the judged set (PUBLIC_TERMS; bench/classify_bench.py). Everything else the rules
find is origin "hint", shown to editors only.

Only the first MAX_CHARS characters of a provision are read: thesaurus matching costs per
token, and a 200,000-character judgment names its topics long before its end.
"""

from __future__ import annotations

import re

from index.models import Classification, DocumentRecord, Provision

STRONG = 2.0
WEAK = 1.0
PROVISION_THRESHOLD = 2.0
TITLE_THRESHOLD = 2.0
# Concepts the bundled thesaurus leaves unlinked that are still evidence of an issue. Used only
# while the concept has no taxonomy link of its own (the thesaurus wins once it links them).
EXTRA_LINKS = {
    cid: ("issue:prosecution-sanctions",)
    for cid in ("sentence", "imprisonment", "life-imprisonment", "death-penalty", "fine", "mitigating-circumstances",
                "suspended-sentence", "conviction")
}  # fmt: skip
# A provision that names a crime type and a penalty criminalizes it (UNTOC articles 5, 6, 8, 23).
CRIMINALIZATION_OF = {
    "money-laundering": "crim-laundering",
    "corruption": "crim-corruption",
    "organized-crime-participation": "crim-participation",
    "obstruction-of-justice": "crim-obstruction",
}
MAX_CHARS = 20_000  # of one provision's text: beyond this a long judgment repeats its topics at full cost
TITLE_MAX_CHARS = 120  # an article's first line longer than this is body text, not its title
MAX_CRIMES_PER_TOPIC = 4  # a provision naming more crime types than this is a list of offences
REPEATED = 3  # mentions of one associated concept that make it strong evidence of a crime type
# The terms whose public suggestions reached precision >= 0.9 on the dev split of the judged set
# (bench/classify_bench.py, tests/data/classification), with at least one judged suggestion: the others
# (never suggested publicly there, or below 0.9: corruption, counterfeiting, terrorism, extradition, jurisdiction)
# stay hints for editors until the rules for them do as well.
PUBLIC_TERMS = frozenset(
    [("crime", t) for t in ("cybercrime", "drug-offences", "falsified-medical-products", "migrant-smuggling",
                            "money-laundering", "obstruction-of-justice", "organized-crime-participation",
                            "sexual-gender-based-crimes", "trafficking-in-persons")]
    + [("issue", "mutual-legal-assistance")]
)  # fmt: skip
# Strong mentions in the body that make a document-level suggestion public: a crime type named once
# in passing in a judgment is not what the judgment is about.
PUBLIC_MENTIONS = 2
# (scheme, term id) -> {concept id: score}: what a text says for each term
Evidence = dict[tuple[str, str], dict[str, float]]

# The Organized Crime Convention named in six languages (its protocols excluded by _PROTOCOL).
_UNTOC = re.compile(
    r"transnational organi[sz]ed crime|organi[sz]ed crime convention|\bUNTOC\b|palermo convention"
    r"|criminalit[ée] transnationale organis[ée]e|convention de palerme"
    r"|delincuencia organizada transnacional|convenci[óo]n de palermo"
    r"|транснациональной организованной преступности|الجريمة المنظمة عبر الوطنية|跨国有组织犯罪",
    re.IGNORECASE,
)
# A word of each of those names, lower-cased: substring tests settle nearly every text, and only a text
# with one of these words pays for the case-insensitive search.
_UNTOC_WORDS = ("transnational", "transnacional", "crime convention", "untoc", "palerm", "транснациональной",
                "الجريمة المنظمة عبر الوطنية", "跨国有组织犯罪")  # fmt: skip
# Letters that re.IGNORECASE equates with a letter of those words and lower() does not (ı and İ with i,
# ſ with s, the old Cyrillic letter forms): a text with one is searched in full.
_CASE_ODD = re.compile("[\u0130\u0131\u017f\u1c80-\u1c88]")
_PROTOCOL = re.compile(r"protocol|protocole|protocolo|протокол|بروتوكول|议定书", re.IGNORECASE)


def names_untoc(text: str) -> bool:
    """Whether `text` names the Organized Crime Convention in one of the six languages (a protocol's title
    names it too: _PROTOCOL tells them apart)."""
    lower = text.lower()
    if any(word in lower for word in _UNTOC_WORDS) or _CASE_ODD.search(text):
        return bool(_UNTOC.search(text))
    return False


# "article 16 of the Convention", "l'article 18 de la Convention", "статьи 16 Конвенции", "المادة 16 من الاتفاقية",
# "公约第十六条" / "《公约》第16条"; "articles 16 and 18 of the Convention" counts both.
_CONVENTION_WORD = (
    r"(?:the\s+)?(?:Organized\s+Crime\s+)?Convention|(?:de\s+)?la\s+Convention|(?:de\s+)?la\s+Convenci[óo]n"
)
_ART_REF_LATIN = re.compile(
    r"\bart(?:icles?|[íi]culos?|s?\.)\s+(?P<nums>\d{1,2}(?:\s*(?:,|and|et|y|or|ou|o|-|to|à)\s*\d{1,2})*)"
    r"(?:,\s*(?:paragraph|paragraphe|p[áa]rrafo)s?\s+\d+(?:\s*\([a-z]\))?,?)?\s+(?:of|de|del)\s+"
    r"(?:" + _CONVENTION_WORD + r")",
    re.IGNORECASE,
)
_ART_REF_RU = re.compile(
    r"стат(?:ья|ьи|ье|ью|ьей|ьёй|ей|ьях|ьями|ьям)\s+(?P<nums>\d{1,2}(?:\s*(?:,|и|-)\s*\d{1,2})*)\s+Конвенции"
)
_ART_REF_AR = re.compile(
    r"(?:وال|بال|ال|لل)ماد(?:ة|تين|تان|ه)\s+\(?(?P<nums>[0-9٠-٩]{1,2}(?:\s*و\s*[0-9٠-٩]{1,2})?)\)?"
    r"\s+من\s+(?:هذه\s+)?الاتفاقية"
)
_ART_REF_ZH = re.compile(r"公约》?\s*第(?P<nums>[0-9一二三四五六七八九十]{1,3})条")
_ZH_DIGIT = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def _zh_small(text: str) -> int:
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, units = text.partition("十")
        return (_ZH_DIGIT.get(tens, 1) if tens else 1) * 10 + _ZH_DIGIT.get(units, 0)
    return _ZH_DIGIT.get(text, 0)


def article_references(text: str) -> list[str]:
    """Numbers of Convention articles a text refers to ("article 16 of the Convention" -> ["16"])."""
    out: list[str] = []
    for rx in (_ART_REF_LATIN, _ART_REF_RU, _ART_REF_AR):
        for m in rx.finditer(text):
            for n in re.findall(r"\d+", m.group("nums").translate(_DIGITS)):
                if n not in out:
                    out.append(str(int(n)))
    for m in _ART_REF_ZH.finditer(text):
        n = str(_zh_small(m.group("nums")))
        if n not in out:
            out.append(n)
    return out


class _Rules:
    """Per-taxonomy tables built once per (taxonomy, thesaurus) pair."""

    def __init__(self, taxonomy, thesaurus):
        self.taxonomy = taxonomy
        self.thesaurus = thesaurus
        self.umbrella: set[str] = set()
        self.article_terms: dict[str, tuple[str, str]] = {}
        for scheme in ("crime", "issue"):
            for term in taxonomy.terms(scheme):
                if taxonomy.children(term.id):
                    self.umbrella.add(term.id)
        # Article number -> the most specific issue that cites it (crim-laundering before criminalization).
        for term in sorted(taxonomy.terms("issue"), key=lambda t: t.parent is None):
            for art in term.articles:
                self.article_terms.setdefault(str(art), ("issue", term.id))
        self.one_word_labels = {(term.id, lang) for scheme in ("crime", "issue") for term in taxonomy.terms(scheme)
                                for lang, label in term.labels.items() if len(label.split()) == 1}  # fmt: skip
        self._heading_cache: dict[tuple[str, str | None], tuple[Evidence, Evidence]] = {}

    def evidence(self, text: str, lang: str | None) -> dict[tuple[str, str], dict[str, float]]:
        """(scheme, term id) -> {concept id: score} for the concepts found in `text`."""
        return self.evidence_tiers(text, lang)[0]

    def evidence_tiers(self, text: str, lang: str | None) -> tuple[Evidence, Evidence]:
        """(every mention, strong mentions only) of `text`, from one pass of the thesaurus.

        Strong mentions are those of the taxonomy term's own concept ("trafficking in persons",
        "blanchiment d'argent"), each counted; an associated word, however often repeated ("consent",
        "se trata de"), is no public evidence.
        """
        out: Evidence = {}
        strict: Evidence = {}
        if not text:
            return out, strict
        mentions: dict[tuple[str, str, str], int] = {}
        for m in self.thesaurus.match(text, lang):
            concept = m.concept
            links = concept.taxonomy or EXTRA_LINKS.get(concept.id, ())
            if not links:
                continue
            words = len(m.term.split())
            if m.lang == "zh" and words == 1:
                words = 2 if len(m.term) >= 4 else 1
            for link in links:
                scheme, _, term_id = link.partition(":")
                own = concept.id == term_id
                strong = (own or words >= 2) and (term_id not in self.umbrella or (own and words >= 2))
                score = STRONG if strong else WEAK
                if strong and own and (words >= 2 or (term_id, m.lang) in self.one_word_labels):
                    # only the term's own concept names the offence (an associated one, "conflict of
                    # interest", "intellectual property", "consent", occurs in laws on anything else), and
                    # a single word only where the label is one ("trata" of "trata de personas" is
                    # mostly "se trata de")
                    bucket = strict.setdefault((scheme, term_id), {})
                    bucket[concept.id] = bucket.get(concept.id, 0.0) + STRONG
                n = mentions[(scheme, term_id, concept.id)] = mentions.get((scheme, term_id, concept.id), 0) + 1
                if scheme == "crime" and n >= REPEATED:
                    score = STRONG  # "firearm" three times: the provision is about firearms
                bucket = out.setdefault((scheme, term_id), {})
                bucket[concept.id] = max(bucket.get(concept.id, 0.0), score)
        return out, strict

    def heading_evidence(self, heading: str, lang: str | None) -> tuple[Evidence, Evidence]:
        key = (heading, lang)
        if key not in self._heading_cache:
            if len(self._heading_cache) > 5000:
                self._heading_cache.clear()
            self._heading_cache[key] = self.evidence_tiers(heading, lang)
        return self._heading_cache[key]


_rules_cache: dict[tuple[int, int], _Rules] = {}


def _rules(taxonomy, thesaurus) -> _Rules:
    key = (id(taxonomy), id(thesaurus))
    rules = _rules_cache.get(key)
    if rules is None or rules.taxonomy is not taxonomy or rules.thesaurus is not thesaurus:
        rules = _rules_cache[key] = _Rules(taxonomy, thesaurus)
    return rules


def _lang(p: Provision, doc: DocumentRecord) -> str | None:
    from index.models import LANGUAGES

    if p.language in LANGUAGES:
        return p.language
    return doc.languages[0] if doc.languages and doc.languages[0] in LANGUAGES else None


def provision_terms(
    p: Provision, doc: DocumentRecord, taxonomy, thesaurus, convention: bool = False, is_untoc: bool = False
) -> list[tuple[str, str]]:
    """(scheme, term id) pairs the rules give one provision, in taxonomy order."""
    return _provision_tiers(p, doc, taxonomy, thesaurus, convention, is_untoc)[0]


def _picked(scores: Evidence, taxonomy) -> list[tuple[str, str]]:
    picked = [key for key, concepts in scores.items() if sum(concepts.values()) >= PROVISION_THRESHOLD]
    if scores.get(("issue", "prosecution-sanctions")):
        for scheme, term_id in list(picked):
            if scheme == "crime":
                crim = CRIMINALIZATION_OF.get(term_id, "criminalization")
                if ("issue", crim) not in picked and taxonomy.has("issue", crim):
                    picked.append(("issue", crim))
    return _in_taxonomy_order(picked, taxonomy)


def _provision_tiers(
    p: Provision, doc: DocumentRecord, taxonomy, thesaurus, convention: bool = False, is_untoc: bool = False
) -> tuple[list[tuple[str, str]], list[tuple[str, str]], dict[tuple[str, str], float]]:
    """(every term the rules give one provision, those its strong mentions alone give, in taxonomy order;
    the number of strong mentions of each term)."""
    rules = _rules(taxonomy, thesaurus)
    lang = _lang(p, doc)
    loose: Evidence = {}
    strict: Evidence = {}
    text = p.text if len(p.text) <= MAX_CHARS else p.text[:MAX_CHARS]
    body = rules.evidence_tiers(text, lang)
    head = rules.heading_evidence(p.heading, lang) if p.heading else ({}, {})
    for scores, parts in ((loose, (body[0], head[0])), (strict, (body[1], head[1]))):
        for part in parts:
            for key, concepts in part.items():
                bucket = scores.setdefault(key, {})
                for cid, score in concepts.items():
                    bucket[cid] = max(bucket.get(cid, 0.0), score)
    if convention:
        refs = article_references(p.text)
        if is_untoc and p.kind == "article" and p.number:
            refs.append(p.number.split()[0])
        for art in refs:
            term = rules.article_terms.get(art)
            if term:
                for scores in (loose, strict):
                    scores.setdefault(term, {})[f"article:{art}"] = STRONG
    if loose.get(("issue", "prosecution-sanctions")):
        # a penalty word (no score of its own here) makes a strongly named crime type criminalized
        strict.setdefault(("issue", "prosecution-sanctions"), {})["penalty"] = 0.0
    strong = _picked(strict, taxonomy)
    return _picked(loose, taxonomy), strong, {key: sum(c.values()) / STRONG for key, c in strict.items()}


_order_cache: dict[int, tuple[object, dict[tuple[str, str], tuple[bool, int]]]] = {}


def _taxonomy_order(taxonomy) -> dict[tuple[str, str], tuple[bool, int]]:
    """(scheme, term id) -> sort key: crime types first, each scheme in taxonomy order; built once per taxonomy."""
    cached = _order_cache.get(id(taxonomy))
    if cached is not None and cached[0] is taxonomy:
        return cached[1]
    order = {}
    for scheme in ("crime", "issue"):
        for i, term in enumerate(taxonomy.terms(scheme)):
            order[(scheme, term.id)] = (scheme != "crime", i)
    _order_cache[id(taxonomy)] = (taxonomy, order)
    return order


def _in_taxonomy_order(keys, taxonomy) -> list[tuple[str, str]]:
    order = _taxonomy_order(taxonomy)
    return sorted((k for k in keys if k in order), key=lambda k: order[k])


def _provision_title(p: Provision) -> str:
    """The title of an article: its first line when short and followed by the body ("Trafficking in persons")."""
    if p.kind != "article":
        return ""
    first, sep, rest = p.text.partition("\n")
    first = first.strip()
    return first if sep and rest.strip() and len(first) <= TITLE_MAX_CHARS and first[-1:] not in ".;:," else ""


def suggest(doc: DocumentRecord, taxonomy, thesaurus) -> list[Classification]:
    """Rule suggestions for the document and each of its provisions.

    Origin "rule" for what strong evidence shows (public: it counts in the facets), "hint" for a
    weaker signal (editors only). Provisions without an id get one first
    (`index.store.assign_provision_ids`, the same ids the store would give), so that
    provision-level suggestions can name them.
    """
    from index.store import assign_provision_ids

    if any(not p.id for p in doc.provisions):
        assign_provision_ids(doc)
    rules = _rules(taxonomy, thesaurus)
    title = doc.title or ""
    sample = title + "\n" + "\n".join(p.text[:3000] for p in doc.provisions[:5])
    convention = doc.type in ("treaty", "document", "strategy") and names_untoc(sample)
    is_untoc = doc.type == "treaty" and names_untoc(title) and not _PROTOCOL.search(title)

    out: list[Classification] = []
    counts: dict[tuple[str, str], int] = {}
    strong_counts: dict[tuple[str, str], int] = {}
    strong_mentions: dict[tuple[str, str], float] = {}
    for p in doc.provisions:
        terms, strong, mentions = _provision_tiers(p, doc, taxonomy, thesaurus, convention, is_untoc)
        # A provision naming many crime types is an enumeration (predicate offences, a definition of
        # organized crime): true of that provision, but no sign of what the whole document is about.
        listing = sum(1 for scheme, _ in terms if scheme == "crime") > MAX_CRIMES_PER_TOPIC
        for scheme, term_id in terms:
            public = (scheme, term_id) in strong and (scheme, term_id) in PUBLIC_TERMS
            out.append(Classification(scheme, term_id, "rule" if public else "hint", p.id))
            if not (listing and scheme == "crime"):
                counts[(scheme, term_id)] = counts.get((scheme, term_id), 0) + 1
                if public:
                    strong_counts[(scheme, term_id)] = strong_counts.get((scheme, term_id), 0) + 1
                    strong_mentions[(scheme, term_id)] = strong_mentions.get((scheme, term_id), 0) + mentions.get(
                        (scheme, term_id), 0)

    n = len(doc.provisions)
    needed = min(3, max(1, -(-n // 5)))  # 1 up to 5 provisions, 2 up to 10, then 3
    doc_terms = {key for key, c in counts.items() if c >= needed}
    public = set()
    loose_title, strict_title = rules.evidence_tiers(title, None)
    for key, concepts in loose_title.items():
        if sum(concepts.values()) >= TITLE_THRESHOLD:
            doc_terms.add(key)
    for key, concepts in strict_title.items():
        if sum(concepts.values()) >= TITLE_THRESHOLD:
            public.add(key)  # the title names it: what the document is about
    for p in doc.provisions:
        # An article whose own title names a crime type ("Статья 127.1. Торговля людьми") puts that
        # crime type in the document, as an editor would: the law covers that offence.
        head = _provision_title(p)
        if head:
            loose_head, strict_head = rules.evidence_tiers(head, _lang(p, doc))
            for (scheme, term_id), concepts in loose_head.items():
                if scheme == "crime" and sum(concepts.values()) >= TITLE_THRESHOLD:
                    doc_terms.add((scheme, term_id))
                    if sum(strict_head.get((scheme, term_id), {}).values()) >= TITLE_THRESHOLD:
                        public.add((scheme, term_id))
    # from the body: enough provisions, and the offence named more than once (not a passing mention)
    public.update(key for key, c in strong_counts.items() if c >= needed and strong_mentions[key] >= PUBLIC_MENTIONS)
    public &= PUBLIC_TERMS
    doc_terms |= public
    doc_level = [Classification(scheme, term_id, "rule" if (scheme, term_id) in public else "hint", None)
                 for scheme, term_id in _in_taxonomy_order(doc_terms, taxonomy)]  # fmt: skip
    return doc_level + out
