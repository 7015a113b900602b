from __future__ import annotations

import random

import pytest

from dyadwatch.dedupe import StoryIndex, containment, fingerprint, jaccard, signature
from dyadwatch.eval_dedupe import DupItem, noisy, score_items, truncated

STORY = (
    "Secretary of State Antony Blinken met Chinese leader Xi Jinping in Beijing on Monday in an "
    "effort to restore relations from a deep chill. The talks lasted 35 minutes and both sides "
    "described them as candid. Officials said working groups would meet soon on visas, flights "
    "and the flow of fentanyl precursors. Analysts said the visit was a step toward a summit "
    "later in the year, though disputes over Taiwan and export controls remain unresolved. "
    "The two governments agreed to expand direct commercial flights between the countries."
)
OTHER = (
    "Chinese Foreign Minister Wang Yi met President Joe Biden at the White House on Friday, "
    "the first visit by a Chinese foreign minister to Washington since 2018. Both sides agreed "
    "to work toward a meeting of the two presidents in San Francisco next month, US officials "
    "said, while the conflict in the Middle East dominated hours of talks with Blinken and "
    "Sullivan. The officials said they pressed China to use its influence with Iran."
)


def test_fingerprint_ignores_case_spacing_and_punctuation() -> None:
    assert fingerprint("Blinken  met Xi.\n\nIn Beijing!") == fingerprint(
        "blinken met xi in beijing"
    )
    assert fingerprint("Blinken met Xi") != fingerprint("Xi met Blinken")


def test_signature_estimates_overlap() -> None:
    a, b, c = signature(STORY), signature(truncated(STORY, random.Random(1))), signature(OTHER)
    assert jaccard(a, a) == 1.0
    assert containment(a, b) > 0.8  # a truncation lies inside its original
    assert containment(a, c) < 0.2  # same topic, different story


@pytest.mark.parametrize(
    "copy",
    [
        STORY.upper(),
        "Share this article\n\n" + STORY + "\n\nLeave a Reply",
        truncated(STORY, random.Random(2)),
        noisy(STORY, random.Random(3)),
    ],
)
def test_copies_join_the_story(copy: str) -> None:
    index = StoryIndex()
    index.assign("orig", signature(STORY), "s1")
    assert index.assign("copy", signature(copy), "s2") == ("s1", [])


def test_a_copy_of_two_stories_merges_them() -> None:
    index = StoryIndex()
    first_half, second_half = STORY[: len(STORY) // 2], STORY[len(STORY) // 2 :]
    assert index.assign("a", signature(first_half), "s1")[0] == "s1"
    assert index.assign("b", signature(second_half), "s2")[0] == "s2"
    story, merged = index.assign("full", signature(STORY), "s3")
    assert {story, *merged} == {"s1", "s2"}
    assert index.story("s2") == index.story("s1")


def test_same_topic_different_story_stays_apart() -> None:
    index = StoryIndex()
    index.assign("a", signature(STORY), "s1")
    assert index.assign("b", signature(OTHER), "s2") == ("s2", [])


def test_empty_text_never_matches() -> None:
    index = StoryIndex()
    index.assign("a", signature(""), "s1")
    assert index.assign("b", signature(""), "s2") == ("s2", [])


def test_score_items_uses_the_index_it_is_given() -> None:
    # Regression: an empty StoryIndex is falsy, and `index or StoryIndex()` ignored it.
    items = [DupItem("a", STORY, "c", "original"),
             DupItem("b", noisy(STORY, random.Random(5)), "c", "noisy")]  # fmt: skip
    assert score_items(items, StoryIndex(match=1.01)).recall == 0.0
    assert score_items(items, StoryIndex()).recall == 1.0
