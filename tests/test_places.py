"""The gazetteer and the rule that ties a place to an event."""

from __future__ import annotations

import pytest

from dyadwatch.places import city_names, find_place, load_gazetteer


@pytest.mark.parametrize(
    ("name", "code", "place"),
    [
        ("Beijing", "CHN", "Beijing"),
        ("the Great Hall of the People", "CHN", "Great Hall of the People"),
        ("Diaoyutai", "CHN", "Diaoyutai State Guesthouse"),
        ("munich security conference", "DEU", "Munich Security Conference"),
        ("State Department", "USA", "State Department"),
        ("Peking", "CHN", "Beijing"),
        ("Bali", "IDN", "Bali"),
        ("Malta", "MLT", "Malta"),
        ("Washington, D.C.", "USA", "Washington"),
        # cities and regions of conflicts in 1990s-2000s news
        ("Kirkuk", "IRQ", "Kirkuk"),
        ("Abidjan", "CIV", "Abidjan"),
        ("Jericho", "PSE", "Jericho"),
        ("Chechnya", "RUS", "Chechnya"),
        ("Katmandu", "NPL", "Kathmandu"),
    ],
)
def test_lookup(name: str, code: str, place: str) -> None:
    found = load_gazetteer().lookup(name)
    assert found is not None and found.country_code == code and found.name == place
    assert found.lat is not None and -90 <= found.lat <= 90
    assert found.lon is not None and -180 <= found.lon <= 180


@pytest.mark.parametrize("name", ["Atlantis", "", "the", "Mr. Xi"])
def test_unknown_names(name: str) -> None:
    assert load_gazetteer().lookup(name) is None


def test_every_venue_has_a_country_and_cities_exclude_countries() -> None:
    gaz = load_gazetteer()
    assert all(
        e.place.country_code and len(e.place.country_code) == 3 for e in gaz.entries.values()
    )
    assert "beijing" in city_names() and "china" not in city_names()


# sentence, trigger word, visit?, expected place name (None: no place for this event)
CASES = [
    ("Blinken met Xi in Beijing on Monday.", "met", False, "Beijing"),
    ("They met at the Great Hall of the People in Beijing.", "met", False,
     "Great Hall of the People"),
    ("Biden met Xi on the sidelines of the G20 summit in Bali, Indonesia.", "met", False, "Bali"),
    ("Blinken confronted Wang on the sidelines of the Munich Security Conference.",
     "confronted", False, "Munich Security Conference"),
    ("Blinken arrived in Beijing from Shanghai on Thursday.", "arrived", True, "Beijing"),
    ("Pelosi visited Taiwan last August.", "visited", True, "Taiwan"),
    ("Wang's visit to Washington lasted three days.", "visit", True, "Washington"),
    ("Blinken met Wang, who had flown in from Moscow.", "met", False, None),
    ("Officials in Washington said Blinken met Wang.", "met", False, None),
    ("The United States imposed sanctions on China.", "imposed", False, None),
    ("Wang's visit came at US request.", "visit", True, None),
    ("The minister arrived in a car with Wang.", "arrived", True, None),  # not "CAR"
    ("Hamas blocked the roads into Cairo.", "blocked", False, "Cairo"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "word", "visit", "expected"), CASES)
def test_find_place(nlp, text: str, word: str, visit: bool, expected: str | None) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    trigger = next(t for t in doc if t.text == word)
    place = find_place(doc[:], [trigger], visit=visit)
    assert (place.name if place else None) == expected
