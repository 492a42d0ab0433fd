"""Direct quotations and who said them.

The text is normalised first, so every quotation mark is a straight `"`. Marks
pair up within a paragraph; an opening mark left open at the end of a paragraph
is the news convention for a quotation that goes on in the next paragraph (which
opens with a mark again), so the quotation ends with its paragraph and takes the
speaker named where the run of paragraphs closes.

The speaker is read from the parse: a speech verb outside the marks in the same
sentence ('"...," said X', 'X said: "..."', '"...," X told Y', "X quoted him as
saying"), or the speech verb that governs a quoted phrase ('calling it a "blatant
violation"'). A quotation with no speaker in its own sentences belongs to the
speaker of the quotation (or the speech) just before it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from truceline.extract import speakers as sp
from truceline.extract.context import ArticleContext
from truceline.schemas import Actor, Quote

log = logging.getLogger(__name__)

# Verbs that introduce or tag a quotation, beyond the reporting verbs of attribution.
QUOTE_VERBS = (
    sp.SAY_VERBS
    | sp.DENY_VERBS
    | frozenset(
        "speak tweet write post ask reply respond answer shout chant read continue conclude "
        "warn vow pledge promise threaten urge appeal demand call describe".split()
    )
)
_NAME_WORD = re.compile(r"^[A-Z0-9][\w'&.-]*$|^(of|the|and|al|de|for|in|el|la|du)$")


@dataclass(frozen=True, slots=True)
class _Span:
    start: int  # article offset of the first character inside the marks
    end: int  # article offset just after the last character inside the marks
    closed: bool  # the closing mark is there (not left open at a paragraph's end)
    paragraph: int


def _paragraph_spans(ctx: ArticleContext) -> list[tuple[int, int, int]]:
    spans: dict[int, list[int]] = {}
    for s in ctx.sentences:
        if s.paragraph in spans:
            spans[s.paragraph][1] = s.end
        else:
            spans[s.paragraph] = [s.start, s.end]
    return [(p, a, b) for p, (a, b) in sorted(spans.items())]


def quote_spans(ctx: ArticleContext) -> list[_Span]:
    """Quoted stretches of the text, paragraph by paragraph."""
    out: list[_Span] = []
    text = ctx.text
    for para, start, end in _paragraph_spans(ctx):
        marks = [start + m.start() for m in re.finditer('"', text[start:end])]
        for k in range(0, len(marks), 2):
            o = marks[k]
            if k + 1 < len(marks):
                out.append(_Span(o + 1, marks[k + 1], True, para))
            else:
                inner_end = end
                out.append(_Span(o + 1, inner_end, False, para))
    return [s for s in out if text[s.start : s.end].strip()]


def _is_name(inner: str) -> bool:
    """'According to "Xinhua"', 'near "Garden City" park': a quoted name, not speech."""
    words = inner.strip().split()
    return 0 < len(words) <= 4 and all(_NAME_WORD.match(w) for w in words) and words[0][0].isupper()


def _tokens_outside(doc: Doc, base: int, span: _Span) -> list[Token]:
    return [t for t in doc if not (span.start - 1 <= base + t.idx < span.end + 1)]


def _speaker_heads(verb: Token) -> list[Token]:
    return [h for h, role in sp.speakers_of(verb) if role == sp.SPEAKER]


def _tag_speaker(art, span: _Span) -> tuple[int, list[Token]] | None:
    """Speaker heads from the sentences the quotation starts and ends in."""
    ctx = art.ctx
    idxs = [s.index for s in ctx.sentences if s.start < span.end + 1 and span.start - 1 < s.end]
    if not idxs:
        return None
    # After the closing mark first ('"...," said X'), then before the opening one.
    for idx in [idxs[-1], *([idxs[0]] if idxs[0] != idxs[-1] else [])]:
        doc = art.doc(idx)
        if doc is None:
            continue
        base = ctx.sentences[idx].start
        outside = _tokens_outside(doc, base, span)
        after = [t for t in outside if base + t.idx >= span.end]
        before = [t for t in outside if base + t.idx < span.start]
        inside_first = next((t for t in doc if span.start <= base + t.idx < span.end), None)
        # The verb governing the quoted words ('calling it a "violation"', 'said "..."').
        if inside_first is not None:
            for anc in inside_first.ancestors:
                if base + anc.idx >= span.start and base + anc.idx < span.end:
                    continue
                if anc.pos_ in {"VERB", "AUX"} and sp.lemma(anc) in QUOTE_VERBS:
                    heads = [
                        h for h in _speaker_heads(anc) if not span.start <= base + h.idx < span.end
                    ]
                    if heads:
                        return idx, heads
        for group in (after, list(reversed(before))):
            for t in group:
                if t.pos_ in {"VERB", "AUX"} and sp.lemma(t) in QUOTE_VERBS:
                    heads = [
                        h for h in _speaker_heads(t) if not span.start <= base + h.idx < span.end
                    ]
                    if heads:
                        return idx, heads
    return None


def _resolve(art, idx: int, head: Token) -> Actor:
    tokens = sp.mention_tokens(head)
    actor = sp.resolve_mention(art, idx, tokens)
    if actor is None:
        actor = Actor(name=sp.text_of(tokens) or head.text, kind="unknown")
    return actor


def extract_quotes(ctx: ArticleContext) -> list[Quote]:
    """Direct quotations of the article with their speakers (offsets into `ctx.text`)."""
    art = sp.article_speakers(ctx)
    if art.quotes is not None:
        return list(art.quotes)
    art.quotes = []  # guards against re-entry while speakers are resolved
    quotes: list[Quote] = []
    pending: list[_Span] = []
    last: tuple[int, Actor] | None = None  # (paragraph, speaker) of the latest quotation
    for span in quote_spans(ctx):
        inner = ctx.text[span.start : span.end]
        if span.closed and _is_name(inner):
            continue
        speaker: Actor | None = None
        found = _tag_speaker(art, span)
        if found is not None:
            idx, heads = found
            speaker = _resolve(art, idx, heads[0])
        elif not span.closed:
            pending.append(span)
            continue
        elif last is not None and last[0] >= span.paragraph - 1 - len(pending):
            speaker = last[1]
        else:
            speaker = _previous_speaker(art, span)
        if speaker is None:
            pending.clear()
            continue
        for p in pending:
            quotes.append(_quote(ctx, p, speaker))
        pending.clear()
        quotes.append(_quote(ctx, span, speaker))
        last = (span.paragraph, speaker)
    if pending and last is not None:
        quotes.extend(_quote(ctx, p, last[1]) for p in pending)
    quotes.sort(key=lambda q: q.start)
    art.quotes = quotes
    return list(quotes)


def _previous_speaker(art, span: _Span) -> Actor | None:
    """The last speaker named in the paragraph before a quotation that names none."""
    for m in reversed(art.mentions):
        sent = art.ctx.sentences[m.sentence]
        if (
            m.speaker
            and m.actor is not None
            and sent.paragraph in {span.paragraph - 1, span.paragraph}
        ):
            if m.char < span.start:
                return m.actor
    return None


def _quote(ctx: ArticleContext, span: _Span, speaker: Actor) -> Quote:
    inner = ctx.text[span.start : span.end]
    lead = len(inner) - len(inner.lstrip())
    trail = len(inner) - len(inner.rstrip())
    start, end = span.start + lead, span.end - trail
    return Quote(speaker=speaker, text=ctx.text[start:end], start=start, end=end)
