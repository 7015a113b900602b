"""The knowledge base data files: coverage, consistency, and dated offices."""

from __future__ import annotations

import pytest

from dyadwatch.kb import SECTOR_NAMES, Office, Person, _day, build_kb, load_kb, slugify
from dyadwatch.models import Actor

SECTORS = set(SECTOR_NAMES)


def test_every_state_is_there() -> None:
    kb = load_kb()
    assert len(kb.states) >= 198  # 193 UN members + Holy See, Palestine, Taiwan, HK, Macau, Kosovo
    for code in ("USA", "CHN", "RUS", "TWN", "HKG", "MAC", "PSE", "XKX", "VAT", "SSD", "ZAF"):
        assert code in kb.states
    assert all(len(c) == 3 and c.isupper() for c in kb.states)
    names = [s.name for s in kb.states.values()]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(
    ("alias", "kind", "key"),
    [
        ("Chinese", "adj", "CHN"), ("American", "adj", "USA"), ("U.S.", "state", "USA"),
        ("US", "state", "USA"), ("Sino", "prefix", "CHN"), ("Beijing", "capital", "CHN"),
        ("Kremlin", "inst", "kremlin"), ("Zhongnanhai", "inst", "zhongnanhai"),
        ("PLA", "inst", "pla"), ("Ministry of State Security", "inst", "chn-mss"),
        ("APEC", "igo", "APEC"), ("G20", "igo", "G20"), ("BRICS", "igo", "BRICS"),
        ("Britain", "state", "GBR"), ("Türkiye", "state", "TUR"), ("Taipei", "capital", "TWN"),
    ],
)  # fmt: skip
def test_aliases(alias: str, kind: str, key: str) -> None:
    targets = load_kb().aliases[alias]
    assert any(t.kind == kind and t.key == key for t in targets), targets


def test_offices_are_well_formed() -> None:
    kb = load_kb()
    for person in kb.persons.values():
        assert person.offices, person.name
        for office in person.offices:
            assert office.code in kb.states or office.code in kb.igos, (person.name, office)
            assert office.sector in SECTORS, (person.name, office)
            if office.start and office.end:
                assert office.start <= office.end, (person.name, office)


def test_full_names_are_unique() -> None:
    kb = load_kb()
    for alias, targets in kb.aliases.items():
        people = {t.key for t in targets if t.kind == "person"}
        assert len(people) <= 1, (alias, people)


def test_institutions_and_igos_well_formed() -> None:
    kb = load_kb()
    for slug, inst in kb.institutions.items():
        assert inst["code"] in kb.states and inst["sector"] in SECTORS, slug
    for code, igo in kb.igos.items():
        assert igo["sector"] in SECTORS, code


@pytest.mark.parametrize(
    ("role", "day", "code", "expected"),
    [
        ("secretary_of_state", "2019-06-01", "USA", "person:mike-pompeo"),
        ("secretary_of_state", "2023-06-19", "USA", "person:antony-blinken"),
        ("secretary_of_state", "2021-01-25", "USA", None),  # Blinken sworn in on the 26th
        ("foreign_minister", "2023-06-19", "CHN", "person:qin-gang"),
        ("foreign_minister", "2023-08-01", "CHN", "person:wang-yi"),
        ("foreign_minister", "2022-06-01", "CHN", "person:wang-yi"),
        ("foreign_minister", "2023-06-19", "USA", "person:antony-blinken"),
        ("top_diplomat", "2023-06-19", "CHN", "person:wang-yi"),
        ("top_diplomat", "2021-03-18", "CHN", "person:yang-jiechi"),
        ("prime_minister", "2023-06-19", "CHN", "person:li-qiang"),
        ("prime_minister", "2022-06-19", "CHN", "person:li-keqiang"),
        ("defence_minister", "2023-06-19", "CHN", "person:li-shangfu"),
        ("defence_minister", "2023-11-15", "CHN", None),  # between Li Shangfu and Dong Jun
        ("president", "2023-06-19", "USA", "person:joe-biden"),
        ("president", "2019-06-19", "USA", "person:donald-trump"),
        ("leader", "2023-06-19", "CHN", "person:xi-jinping"),
        ("chancellor", "2024-04-26", "DEU", "person:olaf-scholz"),
        ("finance_minister", "2023-06-19", "USA", "person:janet-yellen"),
        ("nsa", "2023-06-19", "USA", "person:jake-sullivan"),
        ("cia_director", "2023-06-19", "USA", "person:william-burns"),
        ("vice_premier", "2023-06-19", "CHN", None),  # He Lifeng and Ding Xuexiang: two
    ],
)  # fmt: skip
def test_holders_by_date(role: str, day: str, code: str, expected: str | None) -> None:
    holders = [p.id for p in load_kb().holders(role, day, code)]
    if expected is None:
        assert len(holders) != 1, holders
    else:
        assert holders == [expected]


@pytest.mark.parametrize(
    ("title", "has", "lacks"),
    [
        ("Secretary of State", {"secretary_of_state", "foreign_minister", "secretary"}, set()),
        ("Deputy Secretary of State", set(), {"secretary_of_state", "secretary"}),
        ("Vice President", {"vice_president"}, {"president"}),
        ("Treasury Secretary", {"finance_minister", "secretary"}, {"secretary_of_state"}),
        ("Minister of National Defense", {"defence_minister"}, set()),
        ("Premier", {"prime_minister"}, set()),
        ("White House Press Secretary", {"spokesperson"}, {"secretary"}),
    ],
)  # fmt: skip
def test_roles_of_title(title: str, has: set[str], lacks: set[str]) -> None:
    roles = load_kb().roles_of_title(title)
    assert has <= roles and not (lacks & roles), roles


def test_the_two_bushes_and_the_lis_are_distinct() -> None:
    kb = load_kb()
    assert kb.persons["person:george-w-bush"] is not kb.persons["person:george-h-w-bush"]
    # "Bush" alone is ambiguous: both share the short form (resolved only in undated text)
    assert set(kb.shorts["Bush"]) == {"person:george-w-bush", "person:george-h-w-bush"}
    assert set(kb.shorts["Li"]) >= {"person:li-qiang", "person:li-keqiang", "person:li-shangfu"}


def test_person_actor_office_at_date() -> None:
    kb = load_kb()
    assert kb.person_actor("person:wang-yi", "2023-03-01").office == (
        "Director of the Office of the Central Foreign Affairs Commission"
    )
    assert kb.person_actor("person:wang-yi", "2022-03-01").office == "Foreign Minister"
    obama = kb.person_actor("person:barack-obama", "2023-03-01")
    assert (obama.office, obama.sector, obama.code) == (None, "ELI", "USA")


@pytest.mark.parametrize(
    ("value", "end", "expected"),
    [("2023", False, "2023-01-01"), ("2023", True, "2023-12-31"),
     ("2023-03", True, "2023-03-31"), ("2023-03-11", False, "2023-03-11"), (None, False, None)],
)  # fmt: skip
def test_day(value: str | None, end: bool, expected: str | None) -> None:
    assert _day(value, end=end) == expected


def test_day_rejects_bad_dates() -> None:
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        _day("June 2023")


def test_add_learned_is_idempotent_and_indexes_aliases() -> None:
    kb = build_kb()
    actor = Actor("person:yun-sun", "Yun Sun", "", "person", "EDU", "scholar, Stimson Center")
    kb.add_learned(actor, ["Yun Sun", "Sun"])
    kb.add_learned(actor, ["Yun Sun", "Sun"])
    assert kb.persons["person:yun-sun"].aliases == ("Sun",)
    assert kb.person_actor("person:yun-sun", "2024-01-01") == actor
    assert slugify("Antony J. Blinken") == "antony-j-blinken"


def test_add_learned_ignores_single_words() -> None:
    kb = build_kb()
    kb.add_learned(Actor("person:brinken", "Brinken", "", "person", None, None), ["Brinken"])
    assert "person:brinken" not in kb.persons and not kb.aliases.get("Brinken")


def test_earlier_office_holders_by_date() -> None:
    kb = load_kb()
    assert kb.person_actor("person:jacques-chirac", "1997-01-01").office == "President"
    assert kb.person_actor("person:jacques-chirac", "1987-01-01").office == "Prime Minister"
    assert kb.person_actor("person:vladimir-putin", "2000-01-15").office == "Prime Minister"
    assert kb.person_actor("person:boris-yeltsin", "1995-01-01").code == "RUS"


def test_no_short_form_is_a_city_name() -> None:
    kb = load_kb()  # "a rally in Lagos" is no Ricardo Lagos
    assert not [s for s in kb.shorts if s in kb.cities]


@pytest.mark.parametrize(
    ("text", "label", "code"),
    [
        ("Afganistan", "GPE", "AFG"),
        ("Quatar", "GPE", "QAT"),
        ("Sweeden", "GPE", "SWE"),
        ("Nigera", "GPE", None),  # Niger or Nigeria: no guess
        ("Pakistan", "GPE", None),  # spelt right: the aliases handle it
        ("Afganistan", "ORG", None),  # only in a place-name context
        ("Chda", "GPE", None),  # too short to repair
        ("Columbia", "GPE", None),  # a real place (South Carolina, D.C.), not Colombia
    ],
)
def test_misspelt_state(text: str, label: str, code: str | None) -> None:
    actor = load_kb().misspelt_state(text, label)
    assert (actor.code if actor else None) == code


@pytest.mark.parametrize(
    ("name", "code"),
    [("Darfur", "SDN"), ("West Darfur State", "SDN"), ("Montenegro province", "MNE"),
     ("South Lebanon", "LBN"), ("the Tyre district", "LBN"), ("Springfield", None),
     ("Northern Command", None)],
)  # fmt: skip
def test_place_code(name: str, code: str | None) -> None:
    assert load_kb().place_code(name) == code


def test_holders_by_role_index_follows_added_persons() -> None:
    """`holders` reads a role index; persons added later (in order) are indexed too."""
    kb = build_kb()
    before = kb.holders("president", "2023-06-19", "USA")
    assert [p.name for p in before] == ["Joe Biden"]
    office = Office(code="USA", sector="GOV", title="President", start="2023-01-01", end=None,
                    roles=frozenset({"president"}))  # fmt: skip
    kb.persons["person:test"] = Person(id="person:test", name="Test Person", aliases=(),
                                       short=(), offices=[office], code="USA")  # fmt: skip
    after = kb.holders("president", "2023-06-19", "USA")
    assert [p.name for p in after] == ["Joe Biden", "Test Person"]
    assert kb.holders("president", "2023-06-19", "FRA") == [
        p for p in kb.persons.values()
        if any("president" in o.roles and o.code == "FRA" and o.active("2023-06-19")
               for o in p.offices)
    ]  # fmt: skip
