"""Who did what: the arguments of an event, construction by construction.

Each row: a sentence, the event's head word (its first occurrence), and the participants
expected in each role (the exact noun phrase). Roles not listed are not checked."""

from __future__ import annotations

import pytest

from timeline.arguments import find_arguments
from timeline.nlp import get_nlp

CASES = [
    # active and passive voice, the by-agent, the recipient
    ("Apple released the new phone in June.", "released",
     {"agent": ["Apple"], "patient": ["the new phone"]}),
    ("The contract was awarded to a local firm by the city council.", "awarded",
     {"agent": ["the city council"], "patient": ["The contract"],
      "recipient": ["a local firm"]}),
    ("The presidents of Russia and Iran pledged unconditional support to Syria.", "pledged",
     {"agent": ["The presidents of Russia and Iran"], "patient": ["unconditional support"],
      "recipient": ["Syria"]}),
    ("Apple gave developers a new tool.", "gave",
     {"agent": ["Apple"], "patient": ["a new tool"], "recipient": ["developers"]}),
    # subjects that are themes (PropBank Arg1)
    ("Prices fell sharply.", "fell", {"agent": [], "patient": ["Prices"]}),
    ("The ship sank.", "sank", {"agent": [], "patient": ["The ship"]}),
    ("The shares closed higher.", "closed", {"agent": [], "patient": ["The shares"]}),
    ("The company closed the plant.", "closed",
     {"agent": ["The company"], "patient": ["the plant"]}),
    ("The program costs $99.", "costs", {"agent": [], "patient": ["The program"]}),
    ("The war began in 2011.", "began", {"agent": [], "patient": ["The war"]}),
    ("Apple began selling the phone.", "began", {"agent": ["Apple"]}),
    ("The iTunes store sells songs and the shop also sells.", "sells", {"patient": ["songs"]}),
    # relative clauses
    ("Iranian Foreign Minister Abbas Araghchi, who visited Assad on Sunday, reiterated "
     "Tehran's support.", "visited",
     {"agent": ["Iranian Foreign Minister Abbas Araghchi"], "patient": ["Assad"]}),
    ("The phone that Apple launched sold well.", "launched",
     {"agent": ["Apple"], "patient": ["The phone"]}),
    # coordinated subjects and control
    ("Turkey and Iran agreed to resume diplomatic efforts.", "agreed",
     {"agent": ["Turkey", "Iran"]}),
    ("Turkey and Iran agreed to resume diplomatic efforts.", "resume",
     {"agent": ["Turkey", "Iran"], "patient": ["diplomatic efforts"]}),
    ("Officials urged Iran to halt enrichment.", "halt",
     {"agent": ["Iran"], "patient": ["enrichment"]}),
    ("Dock workers walked out and blocked the port.", "blocked",
     {"agent": ["Dock workers"], "patient": ["the port"]}),
    # light verbs: the noun is the event, the verb's subject its agent
    ("Terrorists launched a two-pronged attack on Aleppo.", "attack",
     {"agent": ["Terrorists"], "patient": ["Aleppo"]}),
    ("Terrorists launched a two-pronged attack on Aleppo.", "launched",
     {"agent": ["Terrorists"], "patient": []}),
    # nominal events
    ("The club's purchase of the stadium was approved.", "purchase",
     {"agent": ["The club"], "patient": ["the stadium"]}),
    ("The attack by rebels killed ten people.", "attack", {"agent": ["rebels"]}),
    ("The company has settled its long dispute with the label.", "dispute",
     {"agent": ["its"]}),
    ("Apple executives are in negotiations with film studios.", "negotiations",
     {"agent": ["Apple executives"]}),
    ("Five years after its launch, the service passed Wal-Mart.", "launch",
     {"agent": [], "patient": ["its"]}),
    # participial modifiers: the modified noun is the patient of a past participle
    ("Terrorists led by HTS launched an attack.", "led",
     {"agent": ["HTS"], "patient": ["Terrorists"]}),
    # the subject the parse hangs on an inverted auxiliary
    ("No sooner had the ceasefire with the Zionist regime come into effect than the "
     "terrorists launched their onslaught.", "come",
     {"patient": ["the ceasefire with the Zionist regime"]}),
    # clauses on abstract and event nouns: the actor is who has the noun, not the noun
    ("Many buyers experienced issues connecting to the website.", "connecting",
     {"agent": ["Many buyers"]}),
    ("Some had difficulty finishing their orders.", "finishing",
     {"agent": ["Some"], "patient": ["their orders"]}),
    ("The executives are in negotiations with the studios to arrange the deal.", "arrange",
     {"agent": ["The executives"], "patient": ["the deal"]}),
    ("Apple's plan to sell movies surprised analysts.", "sell",
     {"agent": ["Apple"], "patient": ["movies"]}),
    # an expletive "it" and a that-clause are no participants of the passive verb
    ("It is expected that films will retail for $9.99.", "expected",
     {"agent": [], "patient": []}),
    ("It is expected that films will retail for $9.99.", "retail",
     {"agent": [], "patient": ["films"]}),
    # raising verbs: the subject does not act; a measure verb controls nothing
    ("The device appears to be running a new system.", "appears",
     {"agent": [], "patient": ["The device"]}),
    ("Members add applications for free; the program costs $99 (USD) to join.", "join",
     {"agent": []}),
    ("The course costs 50 dollars to take.", "take", {"agent": []}),
    # a hyphenated word the parse splits is one participant
    ("Pre-orders of the new phone began on Tuesday.", "began",
     {"patient": ["Pre-orders of the new phone"]}),
    ("Apple has released several re-designs of its popular range.", "released",
     {"agent": ["Apple"], "patient": ["several re-designs of its popular range"]}),
    # the parties of a joint act; a gerund after "from" is done by the verb's object
    ("The store violates an agreement reached between the two companies.", "reached",
     {"agent": ["the two companies"], "patient": ["an agreement"]}),
    ("The agreement between the two companies ended the dispute.", "agreement",
     {"agent": ["the two companies"]}),
    ("The agreement barred Apple Computer from using the brand.", "using",
     {"agent": ["Apple Computer"], "patient": ["the brand"]}),
    ("He left the room before introducing the phone.", "introducing",
     {"agent": ["He"], "patient": ["the phone"]}),
    ("While introducing iPhone 4 at the annual conference, Jobs hinted at the incident.",
     "introducing", {"agent": ["Jobs"], "patient": ["iPhone 4"]}),
    # subjects stacked without a conjunction are one participant in apposition
    ("The former Chief Operating Officer, Tim Cook will be succeeding Jobs as CEO.",
     "succeeding", {"agent": ["Tim Cook"], "patient": ["Jobs"]}),
    ("Apple Inc. co-founder Steve Jobs dies aged 56", "dies",
     {"agent": [], "patient": ["Apple Inc. co-founder Steve Jobs"]}),
    # a quoted command after a reporting verb is no control; a second object without a
    # conjunction is an apposition, not a participant of its own
    ('Jobs started by hinting at the incident, saying, "Stop me if you have seen this."',
     "Stop", {"agent": []}),
    ("The European Commission has forced Apple Inc. to lower its prices in its United "
     "Kingdom iTunes store, Apple's online media shop.", "forced",
     {"agent": ["The European Commission"], "patient": ["Apple Inc."]}),
    ("The European Commission has forced Apple Inc. to lower its prices in its United "
     "Kingdom iTunes store, Apple's online media shop.", "lower",
     {"agent": ["Apple Inc."], "patient": ["its prices in its United Kingdom iTunes store"]}),
    # a passive verb of saying with an infinitive: its subject is also the infinitive's
    ("Some studios are reported to want a higher price.", "want",
     {"agent": ["Some studios"], "patient": ["a higher price"]}),
    # "between" names the agents of a passive only
    ("The dispute has come up between Apple and Cisco.", "come", {"agent": []}),
    # a time expression is no participant
    ("The phone is slated for U.S. release on June 24.", "release", {"patient": []}),
    ("He took six months off in 2009.", "took", {"agent": ["He"], "patient": []}),
    # whole noun phrases
    ("The International Monetary Fund's executive board approved the loan.", "approved",
     {"agent": ["The International Monetary Fund's executive board"],
      "patient": ["the loan"]}),
]


@pytest.mark.parametrize(("sentence", "word", "expected"), CASES,
                         ids=[f"{w}:{s[:30]}" for s, w, _ in CASES])
def test_arguments(sentence: str, word: str, expected: dict[str, list[str]]) -> None:
    doc = get_nlp()(sentence)
    token = next(t for t in doc if t.text == word)
    found = find_arguments(token)
    for role, texts in expected.items():
        assert [p.text for p in found if p.role == role] == texts, (role, found)


def test_participant_offsets_are_the_text() -> None:
    text = "Iranian Foreign Minister Abbas Araghchi, who visited Assad, left."
    doc = get_nlp()(text)
    for token in doc:
        for p in find_arguments(token):
            assert text[p.start:p.end] == p.text
