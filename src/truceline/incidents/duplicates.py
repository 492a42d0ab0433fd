"""Near-duplicate articles (wire copies, reposts) as one source.

Articles are compared by the Jaccard similarity of their word 5-gram shingles,
estimated with MinHash (datasketch, 128 permutations) and found with MinHash LSH,
so the work grows with the number of articles, not with the number of pairs. Two
articles whose estimated similarity is at least `threshold` (default 0.7) are copies
of one another; groups are closed transitively. Each group is named by its
canonical article: the earliest published, then the smallest id.

0.7 keeps a wire story republished with a different headline, byline, boilerplate
or a trimmed last paragraph in one group, while two outlets' own write-ups of the
same event (which share names and numbers but few 5-word runs) stay apart.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_THRESHOLD = 0.7
SHINGLE_WORDS = 5
NUM_PERM = 128

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(slots=True, frozen=True)
class ArticleText:
    """What near-duplicate detection reads of an article."""

    id: str
    text: str
    published: str | None = None


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Word `size`-grams of the lower-cased text (the whole text when shorter)."""
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def near_duplicate_groups(
    articles: list[ArticleText], threshold: float = DEFAULT_THRESHOLD
) -> dict[str, str]:
    """Map every article id to the id of its group's canonical article.

    An article with no near-duplicate maps to itself.
    """
    from datasketch import MinHash, MinHashLSH  # numpy + scipy: load on first use

    if not 0 < threshold <= 1:
        raise ValueError(f"threshold {threshold} is not in (0, 1]")
    order = sorted(articles, key=lambda a: (a.published or "9999", a.id))
    parent: dict[str, str] = {a.id: a.id for a in order}
    rank = {a.id: i for i, a in enumerate(order)}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    hashes: dict[str, MinHash] = {}
    grams = [(a, shingles(a.text)) for a in order]
    grams = [(a, g) for a, g in grams if g]
    encoded = ([x.encode("utf-8") for x in g] for _, g in grams)
    # one set of permutations for all articles (MinHash.generator copies it)
    minhashes = MinHash.generator(encoded, num_perm=NUM_PERM, seed=1)
    for (article, _), mh in zip(grams, minhashes, strict=True):
        for other in lsh.query(mh):
            if mh.jaccard(hashes[other]) >= threshold:
                ra, rb = find(article.id), find(other)
                if ra != rb:
                    # the earlier article stays the root (the canonical copy)
                    if rank[ra] < rank[rb]:
                        ra, rb = rb, ra
                    parent[ra] = rb
        hashes[article.id] = mh
        lsh.insert(article.id, mh)
    return {a.id: find(a.id) for a in order}


def texts_from_evidence(evidence_by_article: Mapping[str, list[str]]) -> list[ArticleText]:
    """Stand-in texts when the article text is not at hand: its evidence sentences."""
    return [ArticleText(aid, " ".join(parts)) for aid, parts in evidence_by_article.items()]
