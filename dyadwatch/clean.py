"""The `clean` stage: a RawArticle becomes an Article with only the story's text.

HTML goes through trafilatura; all text through ftfy; then every line is
classified by the rules in `clean_rules.py` (data in `data/boilerplate.yaml`):
page furniture, date lines, photo captions, teaser blocks of other stories,
trailing entity tags and the headline are taken out of the body, and what was
taken out is kept on the Article (`removed`, `captions`, `header_dates`, `title`)
so a later stage, or a person debugging, can see every decision.

An article is rejected (InputError, a `clean` rejection row) when no text is left,
when its text is over MAX_ARTICLE_CHARS, or when it is not in English (`language_problem`).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape
from pathlib import Path

import ftfy

from dyadwatch.clean_dates import date_line_value, is_hijri_line, normalise_published
from dyadwatch.clean_rules import (
    caption_of,
    ends_sentence,
    is_entity_tag,
    is_furniture,
    is_headline_shaped,
    is_teaser_start,
)
from dyadwatch.errors import InputError
from dyadwatch.models import Article, RawArticle, Rejection

FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False)  # keep “quotes” for quote extraction
INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad]")
SPACES = re.compile(r"\s+")
# A line that can end a paragraph: a sentence end, perhaps inside quotes or brackets
# (a quote that ends in a comma, '...interests,"', goes on in the next line).
PARAGRAPH_END = re.compile(r"[.!?…:][\"”’')\]]*$")
# A teaser block longer than this is more likely the story going on after a
# "Related" link than a list of other stories; then only its teaser lines go.
TEASER_MAX_LINES = 6
TEASER_MAX_WORDS = 60
SITE_NAME_MAX_WORDS = 5
HIDDEN_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form")
BLOCK_TAGS = ("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote")
DOMAIN = re.compile(
    r"(www\.)?[\w-]+(\.[\w-]+)*\.(com|net|org|co|tv|news|info|in|pk|uk)(/\S*)?", re.I
)


# The parse costs ~4 GB of memory per million characters (measured: 1.2 GB for a
# 300,000-character text), and spaCy refuses texts over 1,000,000 characters, which
# failed the whole batch. The longest newswire story here has 8,205 characters.
MAX_ARTICLE_CHARS = 200_000
# A line with a run of this many characters without a space is not prose; spaCy's
# tokenizer takes time cubic in such a run ("—" × 8,000: 11 s; found by fuzzing).
MAX_RUN_CHARS = 1000
JUNK_SHOWN = 200  # characters of a junk line kept in Article.removed
HIDDEN_BLOCK = re.compile(r"<(script|style|noscript)\b[^>]*>.*?</\1\s*>", re.I | re.S)
BLOCK_TAG = re.compile(r"</?(?:" + "|".join(BLOCK_TAGS) + r")\b[^>]*>", re.I)
ANY_TAG = re.compile(r"<[^<>]*>")
# Language check: an article is English unless another language's function words
# clearly outnumber English ones (newswire in English: at most 9% foreign, against
# 27-42% for short French, German, Spanish, Italian, Portuguese, Indonesian texts).
OTHER_LANGUAGES = {"fr": "French", "de": "German", "es": "Spanish", "it": "Italian",
                   "pt": "Portuguese", "nl": "Dutch", "id": "Indonesian", "tr": "Turkish",
                   "sv": "Swedish", "da": "Danish", "pl": "Polish", "ro": "Romanian"}  # fmt: skip
LANGUAGE_MIN_WORDS = 8
FOREIGN_SHARE = 0.2
MIN_ASCII_LETTERS = 0.6  # English text is nearly all ASCII letters, even with names
WORD = re.compile(r"[^\W\d_]+")
ASCII_LETTERS = re.compile(r"[A-Za-z]")
ENGLISH_ONLY = "dyadwatch codes English text; translate it or leave it out"


@dataclass
class Line:
    text: str
    # body | blank | furniture | date | caption | teaser | tag | title | site | duplicate | junk
    kind: str = "body"


@dataclass
class Page:
    lines: list[Line]
    header_dates: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    title: str | None = None


def clean_article(raw: RawArticle) -> Article:
    """Clean one article; raises InputError when no article text is left."""
    text, html_title, html_dates, html_caps = _body_source(raw)
    known_title = raw.title or html_title
    page = classify_lines(fix_text(text).splitlines(), title=known_title, outlet=raw.outlet)
    body = assemble_paragraphs(page.lines)
    if not body:
        raise InputError(
            f"{raw.source}: no article text left after removing page furniture; "
            "check that the input holds the article body"
        )
    if len(body) > MAX_ARTICLE_CHARS:
        raise InputError(
            f"{raw.source}: article text is {len(body):,} characters, over the limit of "
            f"{MAX_ARTICLE_CHARS:,}: split it into its stories"
        )
    problem = language_problem(body)
    if problem:
        raise InputError(f"{raw.source}: {problem}")
    published, flags = _published(raw.published)
    title = known_title or page.title
    return Article(
        id=raw.id or hashlib.sha256(body.encode("utf-8")).hexdigest()[:16],
        source=raw.source,
        text=body,
        title=SPACES.sub(" ", fix_text(title)).strip() if title else None,
        published=published,
        date_source="metadata" if published else "none",
        outlet=raw.outlet,
        url=raw.url,
        captions=[fix_text(c) for c in html_caps if c not in page.captions] + page.captions,
        header_dates=html_dates + page.header_dates,
        removed=[_shown(line) for line in page.lines if line.kind not in ("body", "blank")],
        flags=flags,
        content_hash=hashlib.sha256(body.encode("utf-8")).hexdigest(),
    )


def clean_or_reject(raw: RawArticle) -> Article | Rejection:
    """`clean_article`, with an input that has no article text turned into a Rejection."""
    try:
        return clean_article(raw)
    except InputError as exc:
        return Rejection(source=raw.source, stage="clean", reason=str(exc))


def fix_text(text: str) -> str:
    """Mojibake and odd characters repaired; invisible characters dropped."""
    return INVISIBLE.sub("", ftfy.fix_text(text, config=FTFY_CONFIG))


def _body_source(raw: RawArticle) -> tuple[str, str | None, list[str], list[str]]:
    """The text to clean, with the HTML page's own title and date when it is HTML."""
    if raw.text and raw.text.strip():
        return raw.text, None, [], []
    if raw.html and raw.html.strip():
        text, title, dates = extract_html(raw.html, raw.source)
        return text, title, dates, html_captions(raw.html)
    raise InputError(f"{raw.source}: article has neither text nor html; give one of them")


def extract_html(html: str, source: str) -> tuple[str, str | None, list[str]]:
    """Main text, title and date of an HTML page, via trafilatura."""
    import trafilatura  # imported here: it loads lxml and justext, slow for text-only runs

    html = html.replace("\x00", "")
    # trafilatura finds nothing in a fragment ("<p>...</p>" from a feed) without a body
    page = html if re.search(r"<body\b", html, re.I) else f"<html><body>{html}</body></html>"
    doc = trafilatura.bare_extraction(
        page, with_metadata=True, include_comments=False, include_tables=False
    )
    text = getattr(doc, "text", None) or ""
    if not text.strip():
        text = visible_text(page)  # trafilatura gives up on short pages
    if not text.strip() and strip_tags(page).strip():
        raise InputError(
            f"{source}: no text found in the HTML, though it holds some: nested over 2,048 "
            "levels deep, or broken; save the page again or give its text"
        )
    if not text.strip():
        raise InputError(f"{source}: no text found in the HTML; check that it is an article page")
    title = getattr(doc, "title", None)
    iso = normalise_published(str(getattr(doc, "date", "") or ""))
    return text, title, [iso] if iso else []


def visible_text(html: str) -> str:
    """All text outside scripts and page chrome, one line per block element."""
    import lxml.html

    try:
        # huge_tree: libxml2 otherwise drops everything nested over 256 levels deep
        parser = lxml.html.HTMLParser(huge_tree=True)
        tree = lxml.html.document_fromstring(html, parser=parser)
    except (ValueError, lxml.etree.ParserError):
        return ""
    for node in list(tree.iter(*HIDDEN_TAGS)):
        node.drop_tree()
    for node in tree.iter(*BLOCK_TAGS):
        node.tail = "\n" + (node.tail or "")
    return str(tree.text_content())


def strip_tags(html: str) -> str:
    """Text of HTML by cutting its tags: only to tell a page lxml cannot parse (nested
    over 2,048 levels deep) from a page with no text, never as the article text."""
    text = HIDDEN_BLOCK.sub(" ", html)
    text = BLOCK_TAG.sub("\n", text)
    return unescape(ANY_TAG.sub("", text))


def html_captions(html: str) -> list[str]:
    """Text of the page's <figcaption> elements (trafilatura leaves figures out)."""
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    captions = []
    for node in tree.iter("figcaption"):
        text = SPACES.sub(" ", node.text_content()).strip()
        if text and text not in captions:
            captions.append(text)
    return captions


@lru_cache(maxsize=1)
def _stop_words() -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """English function words, and each other language's own (those not English too).

    spaCy's lists, shipped with the library: nothing to download. The other languages' lists
    are read from their module files, not imported through their language packages:
    importing `spacy.lang.fr` compiles its tokenizer exceptions (5 s for the twelve)."""
    from spacy.lang.en.stop_words import STOP_WORDS  # English is loaded with the model

    english = frozenset(STOP_WORDS)
    others = {code: frozenset(w for w in _listed_words(code) if len(w) > 1) - english
              for code in OTHER_LANGUAGES}  # fmt: skip
    return english, others


def _listed_words(code: str) -> set[str]:
    """The words of `spacy/lang/<code>/stop_words.py`: one string literal, split at spaces."""
    import ast
    import importlib.util

    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        raise InputError("spaCy is not installed: run `pip install dyadwatch` again")
    path = Path(list(spec.submodule_search_locations)[0]) / "lang" / code / "stop_words.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {word for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            for word in node.value.split()}  # fmt: skip


def language_problem(text: str) -> str | None:
    """Why `text` is not English, or None when it is (or too short to tell).

    A cheap detector, no model: the script (CJK, Cyrillic, Arabic... are not ASCII
    letters), then the share of each language's function words in the first 5,000
    characters."""
    sample = text[:5000]
    letters = sum(map(str.isalpha, sample))
    if letters >= 20:
        ascii_share = len(ASCII_LETTERS.findall(sample)) / letters
        if ascii_share < MIN_ASCII_LETTERS:
            return (f"article is not in English ({ascii_share:.0%} of its letters are "
                    f"Latin ASCII): {ENGLISH_ONLY}")  # fmt: skip
    words = [w.lower() for w in WORD.findall(sample)]
    if len(words) < LANGUAGE_MIN_WORDS:
        return None
    english, others = _stop_words()
    counts = Counter(words)
    en_share = sum(n for w, n in counts.items() if w in english) / len(words)
    share, code = max((sum(n for w, n in counts.items() if w in s) / len(words), c)
                      for c, s in others.items())  # fmt: skip
    if share >= FOREIGN_SHARE and share > 2 * en_share:
        return (f"article is not in English (it reads as {OTHER_LANGUAGES[code]}: {share:.0%} "
                f"{OTHER_LANGUAGES[code]} function words, {en_share:.0%} English): "
                f"{ENGLISH_ONLY}")  # fmt: skip
    return None


def _published(value: str | None) -> tuple[str | None, list[str]]:
    if value is None or not str(value).strip():
        return None, []
    iso = normalise_published(str(value))
    return (iso, []) if iso else (None, [f"bad_published:{value}"])


def classify_lines(raw_lines: list[str], title: str | None = None,
                   outlet: str | None = None) -> Page:  # fmt: skip
    """Mark every line with its kind; only `body` lines stay in the article text."""
    page = Page([Line(SPACES.sub(" ", t).strip()) for t in raw_lines])
    for line in page.lines:
        _mark_line(line, page)
    _mark_teaser_blocks(page.lines)
    _mark_site_names(page.lines, outlet)
    _mark_duplicates(page.lines)
    _mark_trailing_tags(page.lines)
    page.title = _mark_title(page.lines, title)
    return page


def _shown(line: Line) -> str:
    return line.text[:JUNK_SHOWN] + "…" if line.kind == "junk" else line.text


def _mark_line(line: Line, page: Page) -> None:
    if not line.text:
        line.kind = "blank"
        return
    if max(map(len, line.text.split())) > MAX_RUN_CHARS:
        line.kind = "junk"  # an inline image, minified script or a rule of dashes
        return
    iso = date_line_value(line.text)
    if iso or is_hijri_line(line.text):
        line.kind = "date"
        if iso:
            page.header_dates.append(iso)
    elif is_furniture(line.text):
        line.kind = "furniture"
    elif is_teaser_start(line.text):
        line.kind = "teaser"
    else:
        caption = caption_of(line.text)
        if caption is not None:
            line.kind = "caption"
            if caption not in page.captions:  # seed 001 repeats its caption
                page.captions.append(caption)


def _mark_teaser_blocks(lines: list[Line]) -> None:
    """After "Check Also" (seed 003): the teasers of other stories, up to the next
    furniture or the end of the page."""
    for i, line in enumerate(lines):
        if line.kind != "teaser":
            continue
        block = []
        for follower in lines[i + 1 :]:
            if follower.kind not in ("body", "blank", "caption"):
                break
            block.append(follower)
        texts = [b for b in block if b.kind != "blank"]
        short = len(texts) <= TEASER_MAX_LINES and all(
            len(b.text.split()) <= TEASER_MAX_WORDS for b in texts
        )
        for b in texts:
            if not short and ends_sentence(b.text) and not b.text.endswith(("…", "...")):
                break  # the story itself goes on here
            b.kind = "teaser"


def _mark_site_names(lines: list[Line], outlet: str | None) -> None:
    """Site names above the story (seed 001: "Aaj English TV" over the date lines)."""
    for i in _body_indexes(lines):
        text = lines[i].text
        if outlet and text.casefold() == outlet.strip().casefold():
            lines[i].kind = "site"
        elif DOMAIN.fullmatch(text):
            lines[i].kind = "site"
        elif (
            _site_name_shaped(text)
            and _next_kind(lines, i) in ("date", "furniture", "site")
            and _headline_follows(lines, i)
        ):
            lines[i].kind = "site"
        else:
            return  # the page header ends at the first line that is none of these


def _site_name_shaped(text: str) -> bool:
    return len(text.split()) <= SITE_NAME_MAX_WORDS and not ends_sentence(text)


def _headline_follows(lines: list[Line], i: int) -> bool:
    """A headline comes later, so the short line over the date is not the headline itself
    ("Xi Meets Blinken" / "June 19, 2023" / body has no site name)."""
    later = next((line.text for line in lines[i + 1 :] if line.kind == "body"), "")
    return is_headline_shaped(later) and not ends_sentence(later)


def _next_kind(lines: list[Line], i: int) -> str:
    for line in lines[i + 1 :]:
        if line.kind != "blank":
            return line.kind
    return "end"


def _mark_duplicates(lines: list[Line]) -> None:
    """A line repeated right after itself (a caption or standfirst shown twice)."""
    previous: Line | None = None
    for line in lines:
        if line.kind == "blank":
            continue
        if previous and line.kind == "body" and line.text == previous.text:
            line.kind = "duplicate"
        previous = line


def _mark_trailing_tags(lines: list[Line]) -> None:
    """The run of short entity tags that closes some pages (seed 001: "Joe Biden",
    "United States", "Xi Jinping"); one such line alone may be a story's last word."""
    run: list[Line] = []
    for i in reversed(_body_indexes(lines)):
        if not is_entity_tag(lines[i].text):
            break
        run.append(lines[i])
    if len(run) >= 2:
        for line in run:
            line.kind = "tag"


def _mark_title(lines: list[Line], known: str | None) -> str | None:
    """The headline: a short first line without final punctuation (seed 003, and seed
    001 under its header), or the first line when it repeats the known title."""
    body = _body_indexes(lines)
    if not body:
        return None
    first = lines[body[0]]
    # a flash that is only its headline keeps it as text: it is the whole report
    repeats = bool(known) and len(body) > 1 and _same_text(first.text, known or "")
    headline = (
        len(body) > 1
        and is_headline_shaped(first.text)
        and not ends_sentence(first.text)
        and not _continues(lines, body[0])
    )
    if repeats or headline:
        first.kind = "title"
        return first.text
    return None


def _continues(lines: list[Line], i: int) -> bool:
    """True when line i is the first line of a hard-wrapped paragraph (a wire story's
    "BEIJING, March 3 (Reuters) - China's ..." cut at 70 columns), not a headline."""
    block = [lines[i].text]
    for line in lines[i + 1 :]:
        if line.kind != "body":
            break
        block.append(line.text)
    following = next((line.text for line in lines[i + 1 :] if line.kind == "body"), "")
    if following[:1].islower():  # "... one day after he" / "transferred power to ..."
        return True
    return len(block) > 2 and _hard_wrapped(block)


def _same_text(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return re.sub(r"\W+", " ", s).strip().casefold()

    return norm(a) == norm(b)


def _body_indexes(lines: list[Line]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.kind == "body"]


def assemble_paragraphs(lines: list[Line]) -> str:
    """Body lines joined into paragraphs ("\\n\\n" between them).

    A run of body lines between blank or removed lines is one block; a block whose
    lines are hard-wrapped at a fixed width is re-joined with spaces, otherwise
    each line is its own paragraph (seeds 000 and 004 use one line a paragraph).
    """
    paragraphs: list[str] = []
    block: list[str] = []
    for line in lines + [Line("", "blank")]:
        if line.kind == "body":
            block.append(line.text)
            continue
        paragraphs.extend(_block_paragraphs(block))
        block = []
    return "\n\n".join(_rejoin_broken(paragraphs))


def _rejoin_broken(paragraphs: list[str]) -> list[str]:
    """A paragraph cut mid-sentence goes on in the next one when that one starts lower
    case (wire copy: "... one day after he" / "transferred power to his successor")."""
    joined: list[str] = []
    for paragraph in paragraphs:
        if joined and paragraph[:1].islower() and not PARAGRAPH_END.search(joined[-1]):
            joined[-1] = f"{joined[-1]} {paragraph}"
        else:
            joined.append(paragraph)
    return joined


def _block_paragraphs(block: list[str]) -> list[str]:
    if len(block) < 2 or not _hard_wrapped(block):
        return block
    width = max(len(t) for t in block)
    paragraphs: list[str] = []
    current: list[str] = []
    for text in block:
        current.append(text)
        if PARAGRAPH_END.search(text) and len(text) < 0.7 * width:  # short last line: a break
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def _hard_wrapped(block: list[str]) -> bool:
    """Lines cut at a fixed width (≤ 100 columns), some of them mid-sentence."""
    heads = block[:-1]
    width = max(len(t) for t in block)
    if width > 100 or min(len(t) for t in heads) < 0.6 * width:
        return False  # a short line over a long one is a subheading, not a wrap
    return any(not PARAGRAPH_END.search(t) for t in heads)
