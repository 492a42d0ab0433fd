"""Statistical event typing: which sub-event type a sentence (or an event note) reports.

A linear model over TF-IDF word (1-2) and character (2-5, within words) n-grams and the
cues of `truceline.extract.typing_cues` (the word classes and kinds of actors a text names): a
one-vs-rest linear SVM whose scores go through a softmax with a temperature fitted on
cross-validated predictions, so that its probabilities are roughly calibrated. It sits beside the
trigger rules (`truceline.extract.triggers`); the pipeline decides how to combine them.

- `default_model()` is the model truceline ships: trained on
  `truceline/data/typing_examples.jsonl` (sentences the project wrote itself, so it may
  be redistributed), on first use, then cached in the user cache dir.
- `truceline train --examples FILE.jsonl -o PATH` fits one on the user's own labelled
  notes (e.g. their ACLED export as contract lines), and `extract --model PATH` uses it.

The saved format is a directory: `manifest.json` (format, labels, feature settings,
temperature, provenance), `vocabulary.json` (the n-grams of each feature block, in
column order) and `weights.npz` (IDF vectors, coefficients, intercepts; loaded with
`allow_pickle=False`). Nothing in it is executable, so a model from anyone is safe to
load: the worst a bad file can do is type events badly.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

import numpy as np
import scipy.sparse as sp

from truceline.errors import BadRecordError, InputError, ModelError
from truceline.extract.typing_cues import cue_tokens, drop_register
from truceline.schemas import SUB_EVENT_TO_TYPE

log = logging.getLogger(__name__)

FORMAT = "truceline-typing-model/1"
MANIFEST = "manifest.json"
VOCABULARY = "vocabulary.json"
WEIGHTS = "weights.npz"
EXAMPLES_RESOURCE = "typing_examples.jsonl"
EXAMPLES_DIR = "typing_examples"
# The label of a text that reports no event (background, opinion, diplomacy without an act).
NO_EVENT = "No event"
# How far the rules' decision can move the model's: the trust of a rule label is chosen
# among these (added to the log-probability of the label the rules chose).
TRUST_GRID = (0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 10.0)
# A rule label held out fewer times than this gets the trust fitted on all rule labels.
MIN_TRUST_SUPPORT = 8
# The trust of a model trained without the rules' decisions (it cannot measure them).
DEFAULT_TRUST = 1.0
# The shipped model's one trust for every type. Its examples are sentences the project
# wrote, on which it is far surer than on real text, so a trust fitted on them lets it
# override the rules too often; benchmarks/typing_quality.py measures the trusts of
# TRUST_GRID on real notes the model never trains on, and fitted per-type trusts.
SHIPPED_RULE_TRUST = 4.0

_DIGITS = re.compile(r"\d")
_SPACE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """What the n-gram features see: lower case, digits as 0, single spaces, without a
    one-line summary's leading date and crowd-size tag (`typing_cues.drop_register`)."""
    return _SPACE.sub(" ", _DIGITS.sub("0", drop_register(text).lower())).strip()


@dataclass(frozen=True, slots=True)
class FeatureBlock:
    """One TF-IDF block: an analyzer over `normalise_text` (or the cue tokens of the raw
    text), a vocabulary, its IDF and the block's weight beside the others."""

    name: str
    analyzer: str  # "word", "char_wb" or "cues"
    ngram_range: tuple[int, int]
    vocabulary: tuple[str, ...]
    idf: np.ndarray
    weight: float = 1.0
    # The vectorizer, built on first use and kept (building it walks the whole vocabulary).
    _built: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def vectorizer(self) -> Any:
        """A CountVectorizer over this block's vocabulary (scikit-learn is imported here,
        not with the module, so that extraction without a model never loads it)."""
        if "vectorizer" not in self._built:
            self._built["vectorizer"] = self._new_vectorizer()
        return self._built["vectorizer"]

    def _new_vectorizer(self) -> Any:
        from sklearn.feature_extraction.text import CountVectorizer

        return CountVectorizer(
            **_analyzer_params(self.analyzer, self.ngram_range),
            vocabulary={term: i for i, term in enumerate(self.vocabulary)},
            dtype=np.float64,
        )

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Sublinear TF times IDF, rows L2-normalised (as sklearn's TfidfVectorizer),
        times the block's weight."""
        counts = sp.csr_matrix(self.vectorizer().transform(texts), dtype=np.float64)
        counts.data = 1.0 + np.log(counts.data)
        weighted = sp.csr_matrix(counts @ sp.diags(self.idf))
        norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sp.csr_matrix(sp.diags(self.weight / norms) @ weighted)


def _analyzer_params(analyzer: str, ngram_range: tuple[int, int]) -> dict[str, Any]:
    if analyzer == "cues":  # tokens of what the text tells beyond its words
        return {"analyzer": cue_tokens}
    params: dict[str, Any] = {
        "analyzer": analyzer,
        "ngram_range": ngram_range,
        "lowercase": False,
        "preprocessor": normalise_text,
    }
    if analyzer == "word":
        params["token_pattern"] = r"(?u)\b\w+\b"
    return params


# Feature settings: (name, analyzer, n-gram range, min document frequency, weight). The
# "cues" block reads the word classes and named actors a text holds
# (`truceline.extract.typing_cues`); at half the weight of the n-gram blocks it sharpens
# their reading without outvoting it (weights 0.4-1.5 measured on the ACLED dev notes by
# benchmarks/typing_quality.py: 0.4-0.6 best on both files, 1.0 and above lower).
BLOCKS: tuple[tuple[str, str, tuple[int, int], int, float], ...] = (
    ("word", "word", (1, 2), 1, 1.0),
    ("char", "char_wb", (2, 5), 2, 1.0),
    ("cues", "cues", (1, 1), 1, 0.5),
)
ANALYZERS = ("word", "char", "char_wb", "cues")
C = 1.0  # inverse regularisation of the linear SVM


class EventTypeModel:
    """Sub-event type probabilities for texts; `labels` are the types it was trained on."""

    def __init__(
        self,
        labels: Sequence[str],
        blocks: Sequence[FeatureBlock],
        coef: np.ndarray,
        intercept: np.ndarray,
        *,
        temperature: float = 1.0,
        rule_trust: dict[str, float] | None = None,
        provenance: dict[str, Any] | None = None,
    ) -> None:
        width = sum(len(b.vocabulary) for b in blocks)
        if coef.shape != (len(labels), width) or intercept.shape != (len(labels),):
            raise ModelError(
                f"event-typing model is inconsistent: {len(labels)} labels and {width} "
                f"features but coefficients {coef.shape} and intercepts {intercept.shape}"
            )
        self.labels: list[str] = list(labels)
        self.blocks = tuple(blocks)
        self.coef = coef
        # the coefficients by feature, in row order: a sparse row times this is a fast
        # product (times `coef.T`, a transposed view, scipy copies the matrix each time)
        self._by_feature = np.ascontiguousarray(coef.T)
        self.intercept = intercept
        self.temperature = temperature
        # Per label the rules chose, how much their decision adds to the model's log-probability
        # ("*": any other label); empty when the model was trained without the rules' decisions.
        self.rule_trust: dict[str, float] = dict(rule_trust or {})
        self.provenance: dict[str, Any] = dict(provenance or {})

    def features(self, texts: Sequence[str]) -> sp.csr_matrix:
        return sp.csr_matrix(sp.hstack([b.transform(texts) for b in self.blocks], format="csr"))

    def decision(self, texts: Sequence[str]) -> np.ndarray:
        """Linear scores, one row per text, one column per label."""
        return np.asarray(self.features(texts) @ self._by_feature) + self.intercept

    def predict_proba(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """For each text, the probability of each label (summing to 1)."""
        if not texts:
            return []
        probs = _softmax(self.decision(texts) / self.temperature)
        return [dict(zip(self.labels, row.tolist(), strict=True)) for row in probs]

    def predict(self, texts: Sequence[str]) -> list[tuple[str, float]]:
        """For each text, the most probable label and its probability."""
        return [max(p.items(), key=lambda kv: kv[1]) for p in self.predict_proba(texts)]

    def trust(self, rule_label: str | None) -> float:
        """How much the rules' choice of `rule_label` counts beside the model."""
        if rule_label is None:
            return 0.0
        return self.rule_trust.get(rule_label, self.rule_trust.get("*", DEFAULT_TRUST))

    def combine(
        self,
        probs: dict[str, float],
        rule_label: str | None,
        allowed: Iterable[str] | None = None,
        refinements: dict[str, float] | None = None,
    ) -> tuple[str, float]:
        """The combined decision for one text: the label maximising the model's
        log-probability plus the rules' trust on the label they chose, among `allowed`
        labels (all when None). Against a label of `refinements` the rules' label counts
        with the trust given there instead (more or less than its own). Returns the
        label and its share of the combined scores (a probability when the rules chose
        nothing)."""
        keep = set(allowed) if allowed is not None else set(probs)
        labels = [label for label in probs if label in keep]
        if rule_label is not None and rule_label in keep and rule_label not in labels:
            labels.append(rule_label)  # a type the model was not trained on: rules alone
        if not labels:
            return (rule_label or NO_EVENT), 0.0
        scores = np.array([np.log(probs.get(label, 0.0) + 1e-9) for label in labels])
        if rule_label in labels:
            trust = self.trust(rule_label)
            scores[labels.index(rule_label)] += trust
            # the model refines the rules' label (a trust of its own below the rules'
            # trust) only where it reads the refinement itself: its own first choice,
            # not the best of what is left once its first choice (a speech act, a
            # truce) is ruled out
            top = max(probs, key=probs.__getitem__) if probs else None
            for label, own in (refinements or {}).items():
                if label not in labels or label == rule_label:
                    continue
                if own < trust and label != top:
                    continue
                scores[labels.index(label)] += trust - own
        share = _softmax(scores[None, :])[0]
        best = int(np.argmax(scores))
        return labels[best], float(share[best])

    # --- saving and loading ---------------------------------------------------------

    def save(self, path: Path) -> None:
        """Write the model as a directory at `path` (created; replaced if it is a model)."""
        path = Path(path)
        if path.exists() and not ((path.is_dir() and (path / MANIFEST).exists()) or _empty(path)):
            raise ModelError(
                f"{path}: exists and is not a truceline model directory; not replacing"
            )
        manifest = {
            "format": FORMAT,
            "labels": self.labels,
            "blocks": [
                {
                    "name": b.name,
                    "analyzer": b.analyzer,
                    "ngram_range": list(b.ngram_range),
                    "weight": b.weight,
                }
                for b in self.blocks
            ],
            "temperature": self.temperature,
            "rule_trust": self.rule_trust,
            "provenance": self.provenance,
        }
        arrays = {f"idf_{b.name}": b.idf for b in self.blocks}
        arrays |= {"coef": self.coef, "intercept": self.intercept}
        path.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
        try:
            (staging / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
            vocab = {b.name: list(b.vocabulary) for b in self.blocks}
            (staging / VOCABULARY).write_text(json.dumps(vocab, ensure_ascii=False), "utf-8")
            with open(staging / WEIGHTS, "wb") as f:
                np.savez_compressed(f, **arrays)  # type: ignore[arg-type]
            if path.exists():
                shutil.rmtree(path)
            os.replace(staging, path)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise

    @classmethod
    def load(cls, path: Path) -> EventTypeModel:
        """Read a model written by `save()`; `ModelError` naming the path when it is not one."""
        path = Path(path)
        if not path.is_dir() or not (path / MANIFEST).is_file():
            raise ModelError(
                f"{path}: not an event-typing model (expected a directory with {MANIFEST}, "
                "as written by `truceline train`)"
            )
        try:
            manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
            if manifest.get("format") != FORMAT:
                raise ModelError(
                    f"{path}: model format {manifest.get('format')!r} is not {FORMAT!r}; "
                    "retrain it with this version's `truceline train`"
                )
            vocab = json.loads((path / VOCABULARY).read_text(encoding="utf-8"))
            with open(path / WEIGHTS, "rb") as f, np.load(f, allow_pickle=False) as arrays:
                blocks = [
                    FeatureBlock(
                        name=b["name"],
                        analyzer=b["analyzer"],
                        ngram_range=(int(b["ngram_range"][0]), int(b["ngram_range"][1])),
                        vocabulary=tuple(vocab[b["name"]]),
                        idf=np.asarray(arrays[f"idf_{b['name']}"], dtype=np.float64),
                        weight=float(b.get("weight", 1.0)),
                    )
                    for b in manifest["blocks"]
                ]
                coef = np.asarray(arrays["coef"], dtype=np.float64)
                intercept = np.asarray(arrays["intercept"], dtype=np.float64)
            for b in blocks:
                if b.analyzer not in ANALYZERS or b.idf.shape != (len(b.vocabulary),):
                    raise ModelError(f"{path}: feature block {b.name!r} is malformed")
            return cls(
                manifest["labels"],
                blocks,
                coef,
                intercept,
                temperature=float(manifest.get("temperature", 1.0)),
                rule_trust={
                    str(k): float(v) for k, v in (manifest.get("rule_trust") or {}).items()
                },
                provenance=manifest.get("provenance") or {},
            )
        except ModelError:
            raise
        except (OSError, ValueError, KeyError, TypeError, IndexError, EOFError, BadZipFile) as exc:
            raise ModelError(
                f"{path}: event-typing model is damaged ({exc!r}); retrain it"
            ) from exc


def _empty(path: Path) -> bool:
    return path.is_dir() and not any(path.iterdir())


def _softmax(scores: np.ndarray) -> np.ndarray:
    shifted = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return np.asarray(exp / exp.sum(axis=1, keepdims=True))


# --- training ----------------------------------------------------------------------------


def _fit_blocks(texts: Sequence[str]) -> list[FeatureBlock]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    blocks = []
    for name, analyzer, ngram_range, min_df, weight in BLOCKS:
        vectorizer = TfidfVectorizer(
            **_analyzer_params(analyzer, ngram_range),
            min_df=min_df if len(texts) >= 50 else 1,
            sublinear_tf=True,
            dtype=np.float64,
        )
        if analyzer == "cues" and not any(cue_tokens(t) for t in texts):
            continue  # no text names a cue: the block would be empty
        vectorizer.fit(texts)
        vocabulary = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
        blocks.append(
            FeatureBlock(
                name, analyzer, ngram_range, tuple(vocabulary), vectorizer.idf_.copy(), weight
            )
        )
    return blocks


def _fit_linear(
    x: sp.csr_matrix, y: Sequence[str], labels: Sequence[str]
) -> tuple[np.ndarray, np.ndarray]:
    """One-vs-rest linear SVM scores (fast on sparse n-grams; the temperature turns them
    into probabilities). Coefficients and intercepts in the order of `labels`."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.svm import LinearSVC

    clf = LinearSVC(C=C, class_weight="balanced", max_iter=5000, random_state=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        clf.fit(x, y)
    if any(issubclass(w.category, ConvergenceWarning) for w in caught):
        log.info("the event-typing SVM did not fully converge on %d examples", x.shape[0])
    coef, intercept = np.asarray(clf.coef_), np.atleast_1d(np.asarray(clf.intercept_))
    if len(clf.classes_) == 2:  # one score for the second class: make it symmetric
        coef, intercept = np.vstack([-coef, coef]) / 2, np.array([-intercept[0], intercept[0]]) / 2
    order = [list(clf.classes_).index(label) for label in labels]
    return coef[order], intercept[order]


def _fit(texts: Sequence[str], labels_of: Sequence[str], labels: Sequence[str]) -> EventTypeModel:
    blocks = _fit_blocks(texts)
    probe = EventTypeModel(
        labels, blocks, np.zeros((len(labels), sum(len(b.vocabulary) for b in blocks))),
        np.zeros(len(labels)),
    )  # fmt: skip
    coef, intercept = _fit_linear(probe.features(texts), labels_of, labels)
    return EventTypeModel(labels, blocks, coef, intercept)


def _fit_temperature(scores: np.ndarray, gold: np.ndarray) -> float:
    """The temperature minimising the negative log-likelihood of held-out predictions."""
    best_t, best_nll = 1.0, float("inf")
    for t in np.exp(np.linspace(np.log(0.01), np.log(10.0), 121)):
        probs = _softmax(scores / t)
        nll = -float(np.mean(np.log(probs[np.arange(len(gold)), gold] + 1e-12)))
        if nll < best_nll:
            best_t, best_nll = float(t), nll
    return best_t


def train_model(
    examples: Iterable[tuple[str, str]],
    *,
    rule_labels: Sequence[str | None] | None = None,
    calibrate: bool = True,
    folds: int = 3,
) -> EventTypeModel:
    """Fit a model on (text, sub_event_type) pairs.

    With `calibrate`, a temperature is fitted on `folds`-fold cross-validated scores
    (labels with fewer examples than folds never leave the training side). With
    `rule_labels` (what the rules decide for each example's text, None where they find
    nothing), the same held-out scores fit how much the rules' decision should count
    beside the model, per label the rules chose (`EventTypeModel.combine`).
    Raises `ModelError` when there is nothing to learn (fewer than two labels).
    """
    listed = list(examples)
    rules = list(rule_labels) if rule_labels is not None else [None] * len(listed)
    if len(rules) != len(listed):
        raise ModelError(f"{len(rules)} rule labels for {len(listed)} examples")
    kept = [(t, label, r) for (t, label), r in zip(listed, rules, strict=True) if t.strip()]
    counts = Counter(label for _, label, _ in kept)
    if len(counts) < 2:
        raise ModelError(
            f"cannot train an event-typing model on {len(kept)} examples of "
            f"{len(counts)} sub-event type(s): it needs at least two types"
        )
    labels = sorted(counts)
    texts = [t for t, _, _ in kept]
    y = [label for _, label, _ in kept]
    model = _fit(texts, y, labels)
    calibrated_by = None
    if calibrate and len(kept) >= 10 * folds:
        scores, gold, rows = _cross_validated_scores(texts, y, labels, folds)
        if len(gold):
            model.temperature = _fit_temperature(scores, gold)
            calibrated_by = f"{folds}-fold cross-validation"
            if rule_labels is not None:
                probs = _softmax(scores / model.temperature)
                model.rule_trust = _fit_trust(probs, gold, [kept[i][2] for i in rows], labels)
    model.provenance = {
        "examples": len(kept),
        "per_label": dict(sorted(counts.items())),
        "c": C,
        "temperature_from": calibrated_by,
        "rule_trust_from": calibrated_by if model.rule_trust else None,
    }
    return model


def _fit_trust(
    probs: np.ndarray, gold: np.ndarray, rules: Sequence[str | None], labels: Sequence[str]
) -> dict[str, float]:
    """Per rule label, the trust (from `TRUST_GRID`) under which the combined decision is
    right most often on held-out examples; "*" for labels seldom chosen."""
    index = {label: i for i, label in enumerate(labels)}
    logp = np.log(probs + 1e-9)

    def hits(rows: list[int], trust: float) -> int:
        n = 0
        for r in rows:
            scores = logp[r].copy()
            rule = rules[r]
            if rule in index:
                scores[index[rule]] += trust
            n += int(np.argmax(scores)) == gold[r]
        return n

    def best(rows: list[int]) -> float:
        # ties go to the smaller trust: the rules must earn their weight
        return max(TRUST_GRID, key=lambda t: (hits(rows, t), -t))

    chosen = [r for r, rule in enumerate(rules) if rule is not None]
    out = {"*": best(chosen)} if chosen else {}
    for rule, n in Counter(rules[r] for r in chosen).items():
        if rule is not None and n >= MIN_TRUST_SUPPORT:
            out[rule] = best([r for r in chosen if rules[r] == rule])
    return dict(sorted(out.items()))


def _cross_validated_scores(
    texts: Sequence[str], y: Sequence[str], labels: Sequence[str], folds: int
) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """Held-out scores, gold label indices and the examples they are of, over a
    deterministic stratified split."""
    fold_of = assign_folds(y, folds)
    index = {label: i for i, label in enumerate(labels)}
    rows: list[np.ndarray] = []
    gold: list[int] = []
    which: list[int] = []
    for k in range(folds):
        train = [i for i, f in enumerate(fold_of) if f != k]
        test = [i for i, f in enumerate(fold_of) if f == k]
        if not test or len({y[i] for i in train}) < 2:
            continue
        fold_labels = sorted({y[i] for i in train})
        model = _fit([texts[i] for i in train], [y[i] for i in train], fold_labels)
        scores = model.decision([texts[i] for i in test])
        full = np.full((len(test), len(labels)), -1e9)
        full[:, [index[label] for label in fold_labels]] = scores
        keep = [r for r, i in enumerate(test) if y[i] in set(fold_labels)]
        rows.append(full[keep])
        gold.extend(index[y[test[r]]] for r in keep)
        which.extend(test[r] for r in keep)
    if not rows:
        return np.zeros((0, len(labels))), np.zeros(0, dtype=int), []
    return np.vstack(rows), np.asarray(gold, dtype=int), which


def assign_folds(y: Sequence[str], folds: int) -> list[int]:
    """A deterministic stratified fold per example: each label's examples dealt round-robin.

    A label with fewer examples than `folds` stays in no test fold (fold -1), so every
    held-out example's label was seen in training."""
    seen: Counter[str] = Counter()
    totals = Counter(y)
    out = []
    for label in y:
        out.append(seen[label] % folds if totals[label] >= folds else -1)
        seen[label] += 1
    return out


# --- examples -----------------------------------------------------------------------------


def read_examples(path: Path) -> list[tuple[str, str]]:
    """(text, sub_event_type) pairs from a JSONL file.

    Each line is either a contract gold line (`{"text", "granularity"?, "gold": {"events":
    [...]}}`, as in the dev data or an ACLED export converted to contract lines) or a plain
    example `{"text", "sub_event_type"}`. Single-event gold gives the whole text with its
    event's type; multi-event gold gives each event's evidence text with its type.
    Raises `InputError`/`BadRecordError` naming the file and line.
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot be read as UTF-8 JSONL ({exc})") from exc
    pairs: list[tuple[str, str]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BadRecordError(where, f"not JSON ({exc.msg})") from exc
        if not isinstance(record, dict):
            raise BadRecordError(where, "not a JSON object")
        for text, label in _record_examples(record, where):
            if label not in SUB_EVENT_TO_TYPE and label != NO_EVENT:
                raise BadRecordError(
                    where,
                    f"sub_event_type {label!r} is not an ACLED or truceline sub-event type "
                    f"(nor {NO_EVENT!r})",
                )
            pairs.append((text, label))
    if not pairs:
        raise InputError(str(path), "holds no labelled examples")
    return pairs


def _record_examples(record: dict[str, Any], where: str) -> list[tuple[str, str]]:
    if "gold" not in record:
        text, label = record.get("text"), record.get("sub_event_type")
        if not isinstance(text, str) or not isinstance(label, str):
            raise BadRecordError(where, "needs `text` and `sub_event_type` (or contract `gold`)")
        return [(text, label)]
    events = (record.get("gold") or {}).get("events")
    if not isinstance(events, list):
        raise BadRecordError(where, "`gold.events` must be a list")
    if record.get("granularity", "single") == "single":
        if not events or not isinstance(record.get("text"), str):
            return []
        return [(record["text"], str(events[0].get("sub_event_type")))]
    return [
        (e["evidence"]["text"], str(e.get("sub_event_type")))
        for e in events
        if isinstance(e.get("evidence"), dict) and e["evidence"].get("text")
    ]


# --- the shipped model ---------------------------------------------------------------------


def examples_path() -> Path:
    """The first file of shipped examples (sentences the project wrote; redistributable)."""
    return Path(__file__).resolve().parents[1] / "data" / EXAMPLES_RESOURCE


def example_files() -> list[Path]:
    """Every file of shipped examples: `typing_examples.jsonl` and, one per type,
    `typing_examples/*.jsonl`."""
    folder = examples_path().parent / EXAMPLES_DIR
    return [examples_path(), *sorted(folder.glob("*.jsonl"))]


def default_examples() -> list[tuple[str, str]]:
    """The shipped examples, as (text, sub_event_type) pairs."""
    return [pair for path in example_files() for pair in read_examples(path)]


@lru_cache(maxsize=1)
def default_model() -> EventTypeModel:
    """The shipped model, trained on truceline's own examples with the rules' decisions on
    them (`truceline.extract.typer.train_typer`); cached in the user cache dir under the
    hash of the examples, the trigger rules and the format, so it retrains when any changes."""
    from truceline.extract.typer import train_typer
    from truceline.settings import get_settings

    digest = _examples_digest()
    cached = get_settings().cache_dir / "typing-model" / digest
    if (cached / MANIFEST).is_file():
        try:
            return EventTypeModel.load(cached)
        except ModelError as exc:
            log.warning("retraining the default event-typing model: %s", exc)
    model = train_typer([], with_defaults=True, rule_trust=SHIPPED_RULE_TRUST)
    model.provenance["trained_on"] = (
        f"truceline/data/{EXAMPLES_RESOURCE} + {EXAMPLES_DIR}/ ({digest})"
    )
    try:
        model.save(cached)
    except (OSError, ModelError) as exc:
        log.warning("cannot cache the default event-typing model at %s: %s", cached, exc)
    return model


def _examples_digest() -> str:
    data = Path(__file__).resolve().parents[1] / "data"
    h = hashlib.sha256(FORMAT.encode())
    for path in [*example_files(), *sorted(data.glob("*.yaml"))]:
        h.update(path.name.encode() + path.read_bytes())
    code_files = ("triggers.py", "typer.py", "typing_model.py", "typing_cues.py")
    for code in (*code_files, "lexicon.py", "actor_lexicon.py"):
        h.update(Path(__file__).with_name(code).read_bytes())
    return h.hexdigest()[:16]


def load_model(path: Path | None) -> EventTypeModel:
    """The model at `path`, or the shipped default when `path` is None."""
    return default_model() if path is None else EventTypeModel.load(path)
