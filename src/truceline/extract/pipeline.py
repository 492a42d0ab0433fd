"""The extraction pipeline, top to bottom: article in, truceline/1 document out.

    normalise -> sentences -> (cheap filter) -> spaCy parse -> countries in text
    -> per sentence: triggers -> date, place, actors, fatalities, attribution
    -> split events over listed places -> merge repeats -> ceasefires -> violations
    -> quotes -> primary event

Only sentences that can hold an event (`triggers.may_hold_event`) or a quote
drive the stages. They are parsed in one batch with those that can name a speaker
(the speakers' registry reads them); the sentences around event sentences
(attribution's neighbours, toll tails) in a second batch. Every parse is made once
and shared (`ArticleContext.sentence_doc`); the other sentences are never parsed.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from itertools import islice
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from truceline.countries import countries_in_text, country_name
from truceline.extract import ceasefires as cf_stage
from truceline.extract.act_places import act_places, fallback_location, focus_region
from truceline.extract.actor_conventions import conform_roles, conform_to_acled
from truceline.extract.actors import resolve_actor
from truceline.extract.arguments import extract_arguments
from truceline.extract.attribution import attribute, disqualified
from truceline.extract.clauses import answers, own_spans
from truceline.extract.context import ArticleContext, ParsedSentence
from truceline.extract.dates import ResolvedDate, begins_span, find_dates, resolve_event_date
from truceline.extract.doc_cache import doc_cache, forget_all
from truceline.extract.event_types import PLACELESS, SEPARATE, SPEECH_ACTS, TOLD_BESIDE
from truceline.extract.fatalities import count_fatalities
from truceline.extract.heap import freeze_loaded
from truceline.extract.merge import (
    Reading,
    is_anaphoric,
    merge_repeats,
    split_by_places,
    split_reciprocal,
    tells_harm_only,
)
from truceline.extract.nlp import load_pipeline
from truceline.extract.normalise import normalise_text
from truceline.extract.primary import choose_primary, primary_score
from truceline.extract.quotes import extract_quotes
from truceline.extract.scope import SCOPE_REASONS, out_of_scope
from truceline.extract.sentences import DATELINE, split_sentences
from truceline.extract.speakers import is_say, may_report_speech
from truceline.extract.speech_acts import speech_acts_beside
from truceline.extract.triggers import (
    CEASEFIRE_WORDS,
    VIOLATION_CUES,
    Trigger,
    detect_triggers,
    group_triggers,
    may_hold_event,
    retype_by_roles,
)
from truceline.extract.typer import ACT_TYPES, combined_type, is_note, note_outcomes
from truceline.extract.typing_model import NO_EVENT, EventTypeModel
from truceline.extract.unnamed_attackers import attribute_unnamed, names_agent
from truceline.geo.gazetteer import get_gazetteer
from truceline.geo.locations import (
    PlaceMention,
    countries_of_places,
    countries_placed,
    find_places,
    placed_country,
    resolve_location,
)
from truceline.schemas import (
    SUB_EVENT_TO_TYPE,
    Actor,
    ArticleInput,
    ArticleMeta,
    Document,
    Event,
    Evidence,
    Location,
    TypingTrace,
)

log = logging.getLogger(__name__)

_PAST_DAY = re.compile(
    r"\b(?:in|over|during)\s+the\s+(?:past|last|previous)\s+(?:24|twenty-four|48)\s+hours\b"
    r"|\b(?:in|over|during)\s+the\s+(?:past|last|previous)\s+day\b",
    re.I,
)
# Events reported as possible, threatened or planned are not (yet) events: left out.
DROPPED_STATUS = {"hypothetical", "planned"}
# A text of at most `typer.NOTE_WORDS` words is one event note (`ctx.note`); with no trigger,
# the model types it.
NOTE_MIN_PROB = 0.1
# ... unless the model gives "No event" at least this probability: then (and when no act
# reaches NOTE_MIN_PROB) the note's event is of ACLED's catch-all type.
NOTE_NO_EVENT = 0.5
NOTE_FALLBACK = "Other"
NOTE_FALLBACK_RULE = "note-fallback"
UNPLACED_RULE = "act-read-unplaced"  # a note's act the rules read but could not place
# a note's act told only as a charge its accuser makes, in a place the gazetteer does not know
CHARGED_RULE = "act-charged-unplaced"
BATCH = 64


class Extractor:
    """Loads the models once; `extract` / `extract_many` turn articles into documents."""

    def __init__(
        self,
        model_path: Path | None = None,
        spacy_model: str | None = None,
        *,
        explain: bool = False,
    ) -> None:
        self.nlp = load_pipeline(spacy_model)
        # Record the model's reading of every act (for `extract --explain`) even where the
        # rules' type stands, which is otherwise not asked of the model at all.
        self.explain = explain
        self.gazetteer = get_gazetteer()
        # A model the user trained (`truceline train`) retypes acts; without one the rules type,
        # and the shipped model (`default_model`) only reads short notes the rules find nothing in.
        self.model: EventTypeModel | None = EventTypeModel.load(model_path) if model_path else None
        self.user_model = model_path is not None
        self._fallback: EventTypeModel | None = self.model
        self._has_read = False

    def extract(self, article: ArticleInput) -> Document:
        return next(self.extract_many([article]))

    def extract_many(self, articles: Iterable[ArticleInput]) -> Iterator[Document]:
        it = iter(articles)
        while batch := list(islice(it, BATCH)):
            if self._has_read:
                freeze_loaded()  # every lazy table was loaded by the first article read
            contexts = [_context(a, self.nlp.tokenizer) for a in batch]
            self._parse(contexts)
            triggers = [_triggers_of(ctx) for ctx in contexts]
            self._parse_around(contexts, triggers)
            for ctx, triggers_of in zip(contexts, triggers, strict=True):
                document = self._read(ctx, triggers_of)
                self._has_read = True
                yield document
            forget_all()  # cached spans hold their parses: let the batch's parses go

    # -- stages --------------------------------------------------------------------
    def _parse(self, contexts: list[ArticleContext]) -> None:
        """Parse, in one batch, the sentences that can hold an event or a quote (the
        stages read them all) and those that can name a speaker (kept aside for the
        speakers' registry, which reads every one of them)."""
        wanted = []
        for ctx in contexts:
            for s in ctx.sentences:
                if DATELINE.fullmatch(s.text):
                    continue  # "KYIV, March 4 (Reuters) -": no event, no place of one
                if may_hold_event(s.text) or '"' in s.text:
                    wanted.append((ctx, s, True))
                elif may_report_speech(s.text):
                    wanted.append((ctx, s, False))
        docs = self.nlp.pipe((s.text for _, s, _ in wanted), batch_size=256)
        for (ctx, s, event), doc in zip(wanted, docs, strict=True):
            if event:
                ctx.parsed[s.index] = ParsedSentence(s, doc)
            else:
                ctx.docs[s.index] = doc

    def _parse_around(self, contexts: list[ArticleContext], triggers: list[dict]) -> None:
        """Parse, in one batch, the sentences the stages will read beside each event
        sentence (the one before and after it, for attribution; its tail, for tolls):
        they are parsed once on first use otherwise, one by one."""
        wanted: list[tuple[ArticleContext, int]] = []
        for ctx, triggers_of in zip(contexts, triggers, strict=True):
            near: set[int] = set()
            for idx, found in triggers_of.items():
                if found:
                    near.update((idx - 1, idx + 1), _tail(ctx, idx, triggers_of))
            wanted.extend(
                (ctx, i)
                for i in sorted(near)
                if 0 <= i < len(ctx.sentences) and i not in ctx.parsed and i not in ctx.docs
            )
        docs = self.nlp.pipe((ctx.sentences[i].text for ctx, i in wanted), batch_size=256)
        for (ctx, i), doc in zip(wanted, docs, strict=True):
            ctx.docs[i] = doc

    def _read(self, ctx: ArticleContext, triggers_of: dict[int, list] | None = None) -> Document:
        ctx.countries = countries_in_text(ctx.text)
        places_of = {i: find_places(ps, self.gazetteer) for i, ps in ctx.parsed.items()}
        ctx.places = places_of
        ctx.countries.update(countries_of_places(m for ms in places_of.values() for m in ms))
        focus = focus_region(places_of, ctx.countries)
        readings: list[Reading] = []
        last_date: dict[int, ResolvedDate] = {}
        if triggers_of is None:
            triggers_of = _triggers_of(ctx)
        for idx in sorted(ctx.parsed):
            ps = ctx.parsed[idx]
            para = ps.sentence.paragraph
            dates = find_dates(ps.sentence.text, ctx.published)
            previous = last_date.get(para) or last_date.get(para - 1)
            tail_idx = _tail(ctx, idx, triggers_of)
            acts = [t.token_i for t in triggers_of[idx] if t.sub_event_type not in SEPARATE]
            for trig in triggers_of[idx]:
                readings.extend(
                    self._events_of(
                        ctx,
                        ps,
                        trig,
                        _places_of_clause(ps, trig, acts, places_of[idx]),
                        previous,
                        focus,
                        bool(dates),
                        tail_idx,
                        nearby=[m for i, ms in places_of.items() if i != idx for m in ms],
                    )
                )
            # "... has killed 300 people since 2 June": where a span began, not a day the
            # next sentence goes on telling
            text = ps.sentence.text
            days = [d for d in dates if d.precision == "day" and not begins_span(text, d.start)]
            if days:
                last_date[para] = days[-1]
        told_not_done = ctx.discards.keys() & SCOPE_REASONS
        # a note that tells only what someone said of an act (an accusation, a denial) or
        # the flight it caused is about the act, as ACLED writes them: it is read as a
        # note with no act, beside them
        told_beside = all(r.event.sub_event_type in TOLD_BESIDE for r in readings)
        if told_beside and not told_not_done and ctx.note:
            # an act the text tells as not done ("no shelling was heard") or as a tally
            # leaves no event: the model reads only notes with nothing of the kind
            readings += self._note_event(ctx, places_of, focus, beside=bool(readings))
        readings += speech_acts_beside(readings, {i: ps.doc for i, ps in ctx.parsed.items()})
        events = merge_repeats(readings, headline=_headline_sentences(ctx))
        self._type_with_model(ctx, events)
        ceasefires = self._ceasefires(ctx, events)
        attribute_unnamed(events, [c for c, _ in ceasefires])
        cf_stage.link_violations(events, [c for c, _ in ceasefires])
        choose_primary(events)
        if ctx.note:  # an event note: actors as ACLED codes them
            conform_to_acled(events, ctx.published, note=ctx.text)
        for n, ev in enumerate(events, 1):
            ev.id = f"e{n}"
        return Document(
            article=ArticleMeta(
                id=ctx.article.id,
                url=ctx.article.url,
                title=ctx.article.title,
                outlet=ctx.article.outlet,
                author=ctx.article.author,
                published=ctx.article.published,
                language="en",
            ),
            events=events,
            ceasefires=[c for c, _ in ceasefires],
            quotes=extract_quotes(ctx),
        )

    def _events_of(
        self,
        ctx: ArticleContext,
        ps: ParsedSentence,
        trig: Trigger,
        places: list,
        previous: ResolvedDate | None,
        focus: Location | None,
        has_date: bool,
        tail_idx: Sequence[int] = (),
        nearby: Sequence[PlaceMention] = (),
    ) -> list[Reading]:
        """The events `trig` reports. `tail_idx`: the sentences after it that go on telling
        it (their places and tolls are its own)."""
        tok = ps.doc[trig.token_i]
        text = ps.sentence.text
        tail_places = [m for i in tail_idx for m in ctx.places.get(i, ())]
        before = ctx.sentences[ps.sentence.index - 1] if ps.sentence.index > 0 else None
        lead_places = (
            ctx.places.get(before.index, [])
            if before is not None and before.paragraph == ps.sentence.paragraph
            else []
        )
        sub = trig.sub_event_type
        if sub == "Accusation" and tok.pos_ == "NOUN" and disqualified(tok):
            sub = "Denial"  # "described the allegations of a breach as baseless"
        # "said today that X carried out 15 violations in the past 24 hours": the span dates
        # the violations; the accusation is the statement's (blanked, same offsets)
        dated_text = _PAST_DAY.sub(lambda m: " " * len(m[0]), text) if sub in SPEECH_ACTS else text
        date, precision = resolve_event_date(
            dated_text,
            ctx.published,
            anchor=tok.idx,
            previous=previous,
            other_topic=CEASEFIRE_WORDS,
            speech=sub in SPEECH_ACTS,
        )
        main = _main_country(ctx.countries)
        roles = extract_arguments(tok, sub, default_country=main, countries=ctx.countries)
        location = None
        accused = None if CHARGED_RULE in trig.rules else _accused_in(tok)
        if accused is not None and sub not in PLACELESS:
            # "The army accused the M23 of killing 50 civilians": the act is the content of
            # the accusation; it is an event of its own only where the charge places it
            # (or where a note tells nothing else: `_note_event`).
            span = (accused.left_edge.idx + ps.offset, accused.right_edge.idx + ps.offset)
            places = [m for m in places if span[0] <= m.start <= span[1]]
            if not places:
                ctx.charged_acts.append((ps.sentence.index, trig))
                return []
        if sub not in PLACELESS:
            places = act_places(places, ps, roles, tok)
            location = resolve_location(
                places, ctx.countries, anchor=ps.offset + tok.idx, nearby=nearby
            )
            if location is not None and location.country and location.country != main:
                roles = extract_arguments(
                    tok, sub, default_country=location.country, countries=ctx.countries
                )
        retyped = retype_by_roles(sub, roles.actor1, roles.actor2, text, by_sides=trig.by_sides)
        if retyped != sub:
            sub = retyped
            roles = extract_arguments(
                tok,
                sub,
                default_country=(location.country if location else main),
                countries=ctx.countries,
            )
        told_in = None  # the sentence after that lists the act's places, if it is theirs
        if location is None and sub not in PLACELESS and tail_places:
            # "Clashes erupted on Monday. They took place in X.": the place told just after.
            location = resolve_location(tail_places, ctx.countries, nearby=nearby)
            told = next(ctx.sentences[i] for i in tail_idx if ctx.places.get(i))
            told_in = Evidence(text=told.text, start=told.start, end=told.end)
            places = list(ctx.places[told.index])
            if location is not None and location.country and location.country != main:
                roles = extract_arguments(
                    tok, sub, default_country=location.country, countries=ctx.countries
                )
        own_place = location is not None
        if location is None and sub not in PLACELESS and lead_places:
            # "In X, police raided a house. Two people were arrested.": the place just told.
            location = resolve_location(lead_places, ctx.countries, nearby=nearby)
        if location is None and sub not in PLACELESS:
            location = fallback_location(roles.actor2, focus, main, roles.actor1)
            if location is not None and location.precision == "country":
                placed = countries_placed(ctx.text, [m for ms in ctx.places.values() for m in ms])
                if location.country not in placed:  # known only from a nationality word
                    location = placed_country(ctx.countries, placed)
        attribution = attribute(ctx, ps.sentence.index, tok, sub_event_type=sub)
        if sub in SPEECH_ACTS and roles.actor1 is None and attribution.claimants:
            roles = replace(roles, actor1=attribution.claimants[0])  # the one who says it
        if sub in PLACELESS:
            fatalities = None
        elif tail_idx:
            tail = " ".join(ctx.sentences[i].text for i in tail_idx)
            fatalities = count_fatalities(
                f"{text} {tail}", anchor=tok.idx, parse=lambda: _with_tail(ctx, ps, tail_idx)
            )
        else:
            fatalities = count_fatalities(text, anchor=tok.idx, doc=ps.doc)
        event = Event(
            id="e0",
            event_type=SUB_EVENT_TO_TYPE[sub],  # type: ignore[arg-type]
            sub_event_type=sub,  # type: ignore[arg-type]
            date=date.isoformat() if date else None,
            date_precision=precision,  # type: ignore[arg-type]
            actor1=roles.actor1,
            actor2=roles.actor2,
            actor1_told=roles.actor1_span is not None or names_agent(tok),
            location=location,
            fatalities=fatalities,
            claimants=list(attribution.claimants),
            reporters=list(attribution.reporters),
            status=attribution.status,
            evidence=Evidence(text=text, start=ps.sentence.start, end=ps.sentence.end),
            confidence=round(trig.score, 3),
            typing=TypingTrace(
                rules=list(trig.rules), rule_type=None if trig.cue == "model" else sub
            ),
        )
        if event.status in DROPPED_STATUS:
            ctx.discards[event.status] += 1
            return []
        if trig.cue in VIOLATION_CUES and not (event.claimants and event.actor2):
            return []  # a violation told in the outlet's own voice, or by no one against no one
        if sub not in PLACELESS | {"Displacement"} and not _specific(
            event, own_place=own_place, dated=has_date
        ):
            if not is_anaphoric(tok) and out_of_scope(tok, dated=has_date) is None:
                ctx.unplaced_acts.append((sub, trig.rules))
            return []
        if is_anaphoric(tok) and (
            (tok.dep_ == "nsubj" and tok.head.lemma_ in REFERRING_VERBS)
            or (tok.dep_ == "dobj" and tok.head.lemma_ in REACTION_VERBS)
            or (tok.dep_ == "pobj" and tok.head.head.lemma_ in REACTION_VERBS)
        ):
            # "The attack came a month after the truce began", "Petro condemned the
            # killings", "has not commented on the attack": the told act, placed in time
            # or reacted to
            return []
        dated = False
        if sub not in PLACELESS:
            dated = any(
                d.precision == "day"
                and not begins_span(text, d.start)
                and not CEASEFIRE_WORDS.search(text, max(0, d.start - 50), d.start)
                and not _NAMES_TRUCE.match(text, d.end)
                for d in find_dates(text, ctx.published)
            )  # a day of the act's own, not the day a span or a truce began ("despite the
            # May 3 truce")
            reason = out_of_scope(tok, dated=dated)
            if reason is not None:
                # "no shelling was heard", "the war has killed 4,000", "near-daily attacks"
                log.debug("%s: %r out of scope (%s)", ctx.article.id, tok.text, reason)
                ctx.discards[reason] += 1
                if reason != "negated":
                    for a in (roles.actor1, roles.actor2):
                        if a is not None and a.country and a.group() in {"state", "armed"}:
                            ctx.background_sides[a.country] += 1
                return []

        def reading(e: Event) -> Reading:
            return Reading(
                e,
                sentence=ps.sentence.index,
                paragraph=ps.sentence.paragraph,
                anaphoric=is_anaphoric(tok),
                own_place=own_place,
                dated=dated,
                harm_only=tells_harm_only(tok),
            )

        if sub == "Accusation":
            return [reading(e) for e in split_reciprocal(event, tok, ctx.countries)]
        if sub in PLACELESS:
            return [reading(event)]
        split = split_by_places(event, places, ctx.countries, nearby=nearby, told_in=told_in)
        return [reading(e) for e in split]

    def _note_event(
        self,
        ctx: ArticleContext,
        places_of: dict[int, list],
        focus: Location | None,
        beside: bool = False,
    ) -> list[Reading]:
        """A short note in which no trigger fires, or only what is told beside an act
        (`beside`: speech acts, a flight): one event, the act charged where the note tells
        one, else the model's reading, else an act the rules read but could not place."""
        if not ctx.sentences:
            return []
        probs = self._note_probs(ctx)
        label, score = max(
            ((k, v) for k, v in probs.items() if k in ACT_TYPES),
            key=lambda kv: kv[1],
            default=("", 0.0),
        )
        top = max(probs, key=probs.__getitem__)
        read = [(sub, rules) for sub, rules in ctx.unplaced_acts if sub in ACT_TYPES]
        told = next((o for o in note_outcomes([sub for sub, _ in read]) if o is not None), None)
        charged = ctx.charged_acts[0] if beside and ctx.charged_acts else None
        if told is None and charged is not None:
            # the note tells its act only as a charge ("the rebels accused troops of
            # burning X", X unknown) and nothing else but the accusation: the act is the
            # note's event, alleged, read where the charge tells it; the model votes on its
            # type later
            index, trig = charged
            ps = ctx.parsed[index]
            trig = replace(trig, rules=(*trig.rules, CHARGED_RULE))
            return self._events_of(
                ctx, ps, trig, places_of.get(index, []), None, focus, True,
                [s.index for s in ctx.sentences[index + 1 :]],
            )  # fmt: skip
        if told is not None:
            # the rules read acts they could not place (villages the gazetteer does not
            # know) whose note tells what they came to ("clashes ... the rebels captured
            # X"): the note's one event is that outcome; the model votes on its type later
            label, score = told.sub_event_type, max(score, NOTE_MIN_PROB)
            rules: tuple[str, ...] = (*read[told.told_by][1], told.rule_id, UNPLACED_RULE)
        elif probs.get(NO_EVENT, 0.0) >= NOTE_NO_EVENT:
            return []  # the model reads no event in it: none is made up
        elif label and score >= NOTE_MIN_PROB and not (beside and top not in ACT_TYPES):
            rules = ("model",)
        elif ctx.discards.keys() & DROPPED_STATUS:
            return []  # the act it tells is threatened or planned, not done
        elif read:
            # the model cannot type the note, but the rules read an act in it they could not
            # place ("the government claims it has retaken X", X unknown): that act, not the
            # catch-all; the model votes on its type later
            label, score = read[0][0], NOTE_MIN_PROB
            rules = (*read[0][1], UNPLACED_RULE)
        elif beside:
            return []  # the model too reads the note as the statement, not an act told in it
        else:
            # a note tells one event (as ACLED writes them): one the model cannot type,
            # or reads as no act, is ACLED's catch-all
            label, score = NOTE_FALLBACK, probs.get(NOTE_FALLBACK, 0.0)
            rules = ("model", NOTE_FALLBACK_RULE)
        first = ctx.sentences[0]
        ps = ctx.parsed.get(first.index) or ParsedSentence(first, self.nlp(first.text))
        ctx.parsed[first.index] = ps
        root = next((t for t in ps.doc if t.dep_ == "ROOT"), ps.doc[0])
        if is_say(root):  # "X did Y, officials said": the act is in what they said
            root = next((c for c in root.children if c.dep_ == "ccomp"), root)
        cue = "unplaced" if UNPLACED_RULE in rules else "model"
        trig = Trigger(root.i, label, round(score, 3), cue, rules=rules)
        readings = self._events_of(
            ctx,
            ps,
            trig,
            places_of.get(first.index) or find_places(ps, self.gazetteer),
            None,
            focus,
            True,
            [s.index for s in ctx.sentences[1:]],
        )
        if NOTE_FALLBACK_RULE in rules:
            for r in readings:
                r.event.fatalities = None  # deaths told beside no act are not its toll
        return readings

    def _note_probs(self, ctx: ArticleContext) -> dict[str, float]:
        """The learned typer's reading of a whole note, made once (`_note_event` and
        `_type_with_model` both read it)."""
        if ctx.note_probs is None:
            ctx.note_probs = self._typer().predict_proba([ctx.text])[0]
        return ctx.note_probs

    def _typer(self) -> EventTypeModel:
        if self._fallback is None:
            from truceline.extract.typing_model import default_model

            self._fallback = default_model()
        return self._fallback

    def _type_with_model(self, ctx: ArticleContext, events: list[Event]) -> None:
        """Every act the rules found, typed again by the learned model
        (`truceline.extract.typer`). A short note is read as a whole and the two decisions
        are combined. An act in a longer report is read by its sentence, and there the
        rules' type stands against the shipped model (a sentence read out of its report
        misleads it more than the rules) while a user-trained model (`truceline train`,
        `--from-store`) is combined as in a note; the model reads such an act only for
        `--explain`, which records its reading. A retyped act's
        actors follow the new type's conventions."""
        acts = [e for e in events if e.sub_event_type not in PLACELESS | {"Displacement"}]
        if not acts:
            return
        note = ctx.note
        if not note and not self.user_model and not self.explain:
            return  # the rules' types stand in a report: the model's reading would only be shown
        apart: set[int] = set()
        if note and len(acts) > 1:
            # a note tells one event: the reading of the whole note types the act it leads
            # with and the acts of that act's family, not another kind of act it also tells
            # ("... bombed a market. Separately, gunmen shot a guard": the shooting keeps
            # its own type; `--explain` still shows the note's reading for it)
            lead = max(acts, key=lambda e: primary_score(e, events.index(e)))
            apart = {id(e) for e in acts if e.event_type != lead.event_type}
            if not self.explain:
                acts = [e for e in acts if id(e) not in apart]
        model = self._typer()
        if note:
            probs = [self._note_probs(ctx)] * len(acts)
            # a note tells one event: its other acts can decide the type (typer.note_outcomes)
            traces = [ev.typing or TypingTrace(rule_type=ev.sub_event_type) for ev in acts]
            # an act too vague to be an event of its own still tells the outcome
            told = [t.rule_type for t in traces] + [sub for sub, _ in ctx.unplaced_acts]
            decided = note_outcomes(told)[: len(traces)]
            for ev, trace, outcome in zip(acts, traces, decided, strict=True):
                if outcome is not None:
                    trace.rule_type = outcome.sub_event_type
                    trace.rules = [*trace.rules, outcome.rule_id]
                    ev.typing = trace
        else:
            probs = model.predict_proba([e.evidence.text for e in acts])
        for ev, p in zip(acts, probs, strict=True):
            trace = ev.typing or TypingTrace(rule_type=ev.sub_event_type)
            # the shipped model never outvotes the rules in a report; a model the user
            # trained (their own coding, their reviewers' corrections) does when it is
            # surer than its fitted trust in the rules
            decision = combined_type(
                model, p, trace.rule_type, rules_stand=not note and not self.user_model
            )
            trace.model_type = decision.model_type
            trace.model_probability = decision.model_probability
            ev.typing = trace
            label = decision.sub_event_type
            if id(ev) in apart:
                continue  # another kind of act than the one the note is about
            if NOTE_FALLBACK_RULE in trace.rules:
                continue  # the model read no act in the note: its catch-all event stays
            if label not in SUB_EVENT_TO_TYPE or label == ev.sub_event_type:
                continue
            country = ev.location.country if ev.location else None
            ev.actor1, ev.actor2 = conform_roles(
                ev.actor1, ev.actor2, label, country or _main_country(ctx.countries)
            )
            ev.sub_event_type = label  # type: ignore[assignment]
            ev.event_type = SUB_EVENT_TO_TYPE[label]  # type: ignore[assignment]

    def _ceasefires(self, ctx: ArticleContext, events: list[Event]):
        mentions = []
        for s in ctx.sentences:
            m = cf_stage.read_mention(
                s.index,
                s.start,
                s.text,
                find_dates=lambda t: [
                    (d.start, d.date, d.time) for d in find_dates(t, ctx.published)
                ],
                resolve_actor=lambda t: resolve_actor(t, countries=ctx.countries),
                published=ctx.published,
            )
            if m is not None:
                mentions.append(m)
        if not mentions:
            return []
        sides: Counter[str] = Counter()
        for ev in events:
            if ev.event_type not in cf_stage.VIOLENT_TYPES and ev.sub_event_type != "Accusation":
                continue  # sanctions or protests elsewhere do not make a party to the truce
            for a in (ev.actor1, ev.actor2, *ev.claimants):
                if a is not None and a.country and a.group() in {"state", "armed"}:
                    sides[a.country] += 1
        if not sides:
            sides = Counter(dict(ctx.countries.most_common(2)))
        for iso in ctx.background_sides:
            sides.setdefault(iso, 0)  # a side told only in the background ranks last
        return cf_stage.build_ceasefires(mentions, sides, country_actor=_country_actor)


# A date that names a truce: "the November 27 truce", "the May 3 ceasefire deal".
_NAMES_TRUCE = re.compile(r"\s+(?:\w+\s+)?" + CEASEFIRE_WORDS.pattern, re.I)


def _context(article: ArticleInput, tokenizer: Any = None) -> ArticleContext:
    text = normalise_text(article.text)
    sentences = split_sentences(text, tokenizer=tokenizer)
    return ArticleContext(article=article, text=text, sentences=sentences, note=is_note(text))


def _triggers_of(ctx: ArticleContext) -> dict[int, list[Trigger]]:
    """The event triggers of each parsed sentence, by sentence index. A report's sentence
    may tell acts apart in its clauses; a note tells one event."""
    return {
        idx: group_triggers(
            detect_triggers(ps.doc, following=_following(ctx, idx)), None if ctx.note else ps.doc
        )
        for idx, ps in ctx.parsed.items()
    }


def _places_of_clause(ps: ParsedSentence, trig: Trigger, acts: list[int], places: list) -> list:
    """The places of `trig`'s sentence, less those named in the clause of another act told
    apart in it ("jets struck A while troops shelled B": B is the shelling's)."""
    if len(acts) < 2 or trig.sub_event_type in SEPARATE:
        return places
    spans = own_spans(ps.doc, trig.token_i, [i for i in acts if i != trig.token_i])
    theirs = {m.start for m in places if any(a <= m.start - ps.offset < b for a, b in spans)}
    own = [m for m in places if m.start not in theirs]
    # "mortars hit A; one gunner died in return fire": the answer is at A
    return own or (places if answers(ps.doc[trig.token_i]) else own)


def _tail(ctx: ArticleContext, idx: int, triggers_of: dict[int, list]) -> list[int]:
    """The sentences after `idx` in its paragraph that report no event of their own: the
    toll or place of an event is often told there ("The clashes left 20 dead."). A short
    event note tells one event: its whole rest is the tail of its first sentence."""
    out = []
    para = ctx.sentences[idx].paragraph
    note = idx == 0 and ctx.note
    for s in ctx.sentences[idx + 1 :]:
        if not note and (s.paragraph != para or triggers_of.get(s.index)):
            break
        out.append(s.index)
    return out


def _with_tail(ctx: ArticleContext, ps: ParsedSentence, tail_idx: Sequence[int]) -> Doc:
    """The sentence and its tail as one Doc (text: the sentences joined by spaces), made
    from their own parses (kept for the other events of the sentence)."""
    cache = doc_cache(ps.doc)
    key = ("pipeline.tail", tuple(tail_idx))
    doc = cache.get(key)
    if doc is None:
        docs = [ps.doc, *(ctx.sentence_doc(i) for i in tail_idx)]
        joined = " ".join([ps.sentence.text, *(ctx.sentences[i].text for i in tail_idx)])
        if all(d.vocab is ps.doc.vocab for d in docs):
            doc = Doc.from_docs(docs)
        if doc is None or doc.text != joined:  # a sentence ending in a space, another model
            doc = load_pipeline()(joined)
        cache[key] = doc
    return doc


def _following(ctx: ArticleContext, idx: int) -> str:
    """The next sentence of the same paragraph (a protest's dispersal is often told there);
    in a short note, which tells one event, all the sentences after it."""
    if ctx.note:
        return " ".join(s.text for s in ctx.sentences[idx + 1 :])
    if idx + 1 < len(ctx.sentences):
        nxt = ctx.sentences[idx + 1]
        if nxt.paragraph == ctx.sentences[idx].paragraph:
            return nxt.text
    return ""


def _headline_sentences(ctx: ArticleContext) -> set[int]:
    """Headlines, subtitles and captions: one short sentence alone in its paragraph."""
    by_para: dict[int, list] = {}
    for s in ctx.sentences:
        by_para.setdefault(s.paragraph, []).append(s)
    out = set()
    for sents in by_para.values():
        if len(sents) == 1:
            s = sents[0]
            if len(s.text.split()) < 16 or s.text.rstrip()[-1:] not in ".!?\"'":
                out.add(s.index)
    # An article of one paragraph has no headline to drop.
    return out if len(by_para) > 1 else set()


def _main_country(countries: Counter[str]) -> str | None:
    return countries.most_common(1)[0][0] if countries else None


def _country_actor(iso3: str) -> Actor:
    return Actor(name=country_name(iso3) or iso3, country=iso3, kind="government")


def _specific(event: Event, *, own_place: bool, dated: bool) -> bool:
    """An act told with nothing of its own (no date, place, toll or named actor) is background:
    "despite sporadic skirmishes, the truce has held"."""
    if own_place or dated or event.fatalities is not None:
        return True
    return any(
        a is not None and a.country is not None and not a.name.startswith("Unidentified")
        for a in (event.actor1, event.actor2)
    )


# Verbs by which a definite event noun only places a told event in time or context.
REFERRING_VERBS = frozenset(("come", "follow", "mark"))
REACTION_VERBS = frozenset(
    """condemn denounce deplore mourn investigate decry criticise criticize regret comment
    respond react""".split()
)
ACCUSE_LEMMAS = frozenset(("accuse", "blame"))


def _accused_in(tok):
    """The "of ..." phrase of an accusation by a named accuser that `tok` is part of
    ("A accused B of shelling Y": the phrase "of shelling Y"), or None."""
    child, phrase = tok, None
    for anc in tok.ancestors:
        if child.dep_ == "prep" and child.lower_ in {"of", "for"}:
            phrase = child  # "of" hangs on the verb or on its object ("accused X of")
        if anc.lemma_.lower() in ACCUSE_LEMMAS:
            # "police are accused of assaulting a driver": no accuser, the act is the news
            passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in anc.children)
            return None if passive else phrase
        child = anc
    return None


def extract_document(article: ArticleInput, *, model_path: Path | None = None) -> Document:
    """Extract one article with a process-wide Extractor (convenience for scripts)."""
    return _shared(model_path).extract(article)


_EXTRACTORS: dict[Path | None, Extractor] = {}


def _shared(model_path: Path | None) -> Extractor:
    if model_path not in _EXTRACTORS:
        _EXTRACTORS[model_path] = Extractor(model_path=model_path)
    return _EXTRACTORS[model_path]
