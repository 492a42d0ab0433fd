"""A faster match step for spaCy's attribute ruler, with the same matches.

The attribute ruler of the English models (tag map, morph rules, a few fixes) runs a
`Matcher` of some 180 patterns over every token: about a sixth of the parse time.
Nearly all its patterns are one token long and test a token's tag, lower form,
dependency label or whitespace flag for equality or set membership. `speed_up` swaps
the ruler's `match` for one that tests those patterns by table look-ups (memoised on
the token's four values) and leaves the few longer patterns to a `Matcher` of their
own; it returns the same matches, sorted the same way, so `set_annotations` (the
ruler's own) writes the same attributes. A ruler holding any pattern it cannot read
(another attribute, another operator) is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

_FIELDS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
_ARRAY_ATTRS = [TAG, LOWER, DEP, IS_SPACE]
MEMO_SIZE = 200_000  # token keys remembered (a few MB); forgotten all at once beyond
Match = tuple[int, int, int, int]  # (rule number, match id, start, end) as the ruler sorts them
Key = tuple[int, int, int, int]  # a token's (TAG, LOWER, DEP, IS_SPACE) values


class _Unsupported(Exception):
    pass


def _test(field: str, spec: Any, strings) -> tuple[Callable[[Key], bool], set[int] | None]:
    """A test of one attribute of a token's key, as the Matcher reads `spec`; and the
    values it accepts when they are a finite set."""
    at = _FIELDS.get(field)
    if at is None:
        raise _Unsupported(field)
    if field == "IS_SPACE":
        if not isinstance(spec, bool):
            raise _Unsupported(spec)
        flag = int(spec)
        return (lambda key: key[at] == flag), None
    if isinstance(spec, str):
        value = strings[spec] if spec else 0
        return (lambda key: key[at] == value), {value}
    if isinstance(spec, dict) and len(spec) == 1:
        ((op, arg),) = spec.items()
        if op in ("IN", "NOT_IN") and isinstance(arg, list):
            values = {strings[v] if v else 0 for v in arg}
            if op == "IN":
                return (lambda key: key[at] in values), values
            return (lambda key: key[at] not in values), None
        if op == "REGEX" and isinstance(arg, str):
            pattern = re.compile(arg)
            return (
                lambda key: pattern.search(strings[key[at]] if key[at] else "") is not None
            ), None
    raise _Unsupported(spec)


class _FastMatch:
    """The ruler's `match`: one-token patterns by look-up, longer ones by a Matcher."""

    def __init__(self, ruler: Any) -> None:
        strings = ruler.vocab.strings
        self.rules: list[tuple[int, int, list[Callable[[Key], bool]]]] = []
        # Positions in `rules` by a value one of their tests requires (field, value), and
        # of the rules with no such test: the candidates for a token.
        self.by_value: dict[tuple[int, int], list[int]] = {}
        self.anywhere: list[int] = []
        self.longer = Matcher(ruler.vocab)
        # Tests of the first token of each longer pattern: the Matcher runs only on a Doc
        # with a token that can start one.
        self.starts: list[list[Callable[[Key], bool]]] = []
        self.memo: dict[Key, tuple[tuple[tuple[int, int], ...], bool]] = {}
        for number in range(len(ruler.attrs)):
            match_id = strings[str(number)]
            _, patterns = ruler.matcher.get(match_id)
            if all(len(p) == 1 for p in patterns):
                for (spec,) in patterns:
                    self._add_rule(number, match_id, spec, strings)
            else:
                self.longer.add(match_id, patterns)
                for pattern in patterns:
                    first = pattern[0] if pattern else {}
                    if any(op in first for op in ("OP",)):
                        raise _Unsupported(first)  # an optional first token starts anywhere
                    self.starts.append([_test(f, v, strings)[0] for f, v in first.items()])

    def _add_rule(self, number: int, match_id: int, spec: dict, strings) -> None:
        tests, required = [], None
        for field, value in spec.items():
            test, values = _test(field, value, strings)
            tests.append(test)
            if values is not None and required is None:
                required = [(_FIELDS[field], v) for v in values]
        position = len(self.rules)
        self.rules.append((number, match_id, tests))
        if required is None:
            self.anywhere.append(position)
        for fv in required or ():
            self.by_value.setdefault(fv, []).append(position)

    def rules_of(self, key: Key) -> tuple[tuple[tuple[int, int], ...], bool]:
        """(rule number, match id) of the one-token rules a token with `key` matches; and
        whether it can start a longer pattern."""
        found = self.memo.get(key)
        if found is None:
            candidates = set(self.anywhere)
            for field, value in enumerate(key):
                candidates.update(self.by_value.get((field, value), ()))
            rules = tuple(
                (number, match_id)
                for number, match_id, tests in (self.rules[n] for n in sorted(candidates))
                if all(t(key) for t in tests)
            )
            starts = any(all(t(key) for t in tests) for tests in self.starts)
            if len(self.memo) >= MEMO_SIZE:
                self.memo.clear()
            found = self.memo[key] = (rules, starts)
        return found

    def __call__(self, doc: Doc) -> list[Match]:
        matches: list[Match] = []
        memo = self.memo
        longer = False
        columns = doc.to_array(_ARRAY_ATTRS).T.tolist() if len(doc) else [[]] * 4
        for i, key in enumerate(zip(*columns, strict=True)):
            found = memo.get(key)
            if found is None:
                found = self.rules_of(key)
            for number, match_id in found[0]:
                matches.append((number, match_id, i, i + 1))
            longer = longer or found[1]
        if longer:
            strings = doc.vocab.strings
            for match_id, start, end in self.longer(doc, allow_missing=True):
                matches.append((int(strings[match_id]), match_id, start, end))
        matches.sort()
        return matches


def speed_up(nlp: Language) -> bool:
    """Give `nlp`'s attribute ruler the fast match step; False when it keeps its own."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler: Any = nlp.get_pipe("attribute_ruler")
    try:
        fast = _FastMatch(ruler)
    except (_Unsupported, AttributeError, KeyError, TypeError, ValueError):
        return False
    ruler.match = fast
    return True
