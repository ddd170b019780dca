"""Need x provider fit in both directions, every score with its parts, weights and reasons.

Build a :class:`MatchIndex` once from :class:`~matching.types.NeedItem` and
:class:`~matching.types.ProviderItem` values; it encodes them as arrays and fits the shared text
vectorizer. Then :meth:`MatchIndex.for_need` ranks all providers for one need and
:meth:`MatchIndex.for_provider` ranks all needs for one provider, each with one vectorised pass
over the candidates and one sparse product for text similarity.

The score of a pair is the weighted mean of the applicable positive parts (thematic, geography,
eligibility, budget, language, text) minus the duplication weight times the share of the need
already covered by others, clipped to 0..1 (see :mod:`matching.scoring_parts`).
"""
from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence

import numpy as np
import scipy.sparse as sp

from matching.reasons import match_reasons
from matching.scoring_parts import ALL, combine, pair_parts, resolve_weights
from matching.scoring_tables import build_vocabularies, need_table, provider_table
from matching.text import TextVectorizer, row_cosine
from matching.types import PART_NAMES, Edges, Labels, NeedItem, ProviderItem, Suggestion

__all__ = ["MatchIndex"]


def _round_parts(values: Mapping[str, float]) -> dict[str, float]:
    return {name: round(float(v), 4) for name, v in values.items() if not np.isnan(v)}


class MatchIndex:
    """Needs and providers encoded once, ready to be scored against each other.

    Parameters
    ----------
    needs, providers
        The items to match; ids must be unique within each.
    labels
        Names for component, place, group and language codes in reasons.
    vectorizer
        Text vectorizer with ``fit_transform`` returning L2-normalised rows; by default
        :class:`matching.text.TextVectorizer` fitted on all need and portfolio texts.

    Examples
    --------
    >>> from matching.types import NeedItem, ProviderItem
    >>> needs = [NeedItem("N1", "GHA", "i", areas=("011", "202", "002"), text="LMO detection")]
    >>> providers = [ProviderItem("P1", "bilateral", focus_components=frozenset({"i"})),
    ...              ProviderItem("P2", "bilateral", focus_components=frozenset({"e"}))]
    >>> [s.provider for s in MatchIndex(needs, providers).for_need("N1")]
    ['P1', 'P2']
    """

    def __init__(
        self,
        needs: Iterable[NeedItem],
        providers: Iterable[ProviderItem],
        *,
        labels: Labels | None = None,
        vectorizer=None,
    ):
        self.needs: tuple[NeedItem, ...] = tuple(needs)
        self.providers: tuple[ProviderItem, ...] = tuple(providers)
        self.labels = labels or Labels()
        vocab = build_vocabularies(self.needs, self.providers)
        self.need_table = need_table(self.needs, vocab)
        self.provider_table = provider_table(self.providers, vocab)
        texts = [n.text for n in self.needs] + [p.text for p in self.providers]
        if any(t.strip() for t in texts):
            vectorizer = vectorizer if vectorizer is not None else TextVectorizer()
            matrix = sp.csr_matrix(vectorizer.fit_transform(texts))
        else:
            matrix = sp.csr_matrix((len(texts), 1))
        self.need_text = matrix[: len(self.needs)]
        self.provider_text = matrix[len(self.needs):]

    def need_position(self, need_id: str) -> int:
        """Row of ``need_id``; KeyError naming it if unknown."""
        try:
            return self.need_table.position[need_id]
        except KeyError:
            raise KeyError(f"need {need_id!r} is not in the index") from None

    def provider_position(self, provider_id: str) -> int:
        """Row of ``provider_id``; KeyError naming it if unknown."""
        try:
            return self.provider_table.position[provider_id]
        except KeyError:
            raise KeyError(f"provider {provider_id!r} is not in the index") from None

    def score_pairs(
        self,
        need_rows: np.ndarray,
        provider_rows: np.ndarray,
        weights: Mapping[str, float] | None = None,
    ) -> tuple[np.ndarray, dict[str, np.ndarray], np.ndarray]:
        """Scores, parts and eligibility of the pairs ``(need_rows[k], provider_rows[k])``."""
        ni = np.asarray(need_rows, dtype=np.int64)
        pj = np.asarray(provider_rows, dtype=np.int64)
        cosine = row_cosine(self.need_text, self.provider_text, ni, pj)
        parts, eligible = pair_parts(self.need_table, self.provider_table, ni, pj,
                                     np.asarray(cosine, dtype=float))
        return combine(parts, resolve_weights(weights)), parts, eligible

    def parts_matrix(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Part values of ``(need_id, provider_id)`` pairs, columns in ``PART_NAMES`` order.

        Parts that do not apply are NaN. Used to learn weights from decisions.
        """
        if not pairs:
            return np.zeros((0, len(PART_NAMES)))
        ni = np.array([self.need_position(n) for n, _ in pairs], dtype=np.int64)
        pj = np.array([self.provider_position(p) for _, p in pairs], dtype=np.int64)
        _, parts, _ = self.score_pairs(ni, pj)
        return np.column_stack([parts[name] for name in PART_NAMES])

    def explain(
        self, need_id: str, provider_id: str, weights: Mapping[str, float] | None = None
    ) -> Suggestion:
        """The scored and explained suggestion for one pair, eligible or not."""
        return self.explain_pairs([(need_id, provider_id)], weights)[0]

    def explain_pairs(
        self, pairs: Sequence[tuple[str, str]], weights: Mapping[str, float] | None = None
    ) -> list[Suggestion]:
        """Scored and explained suggestions for ``(need_id, provider_id)`` pairs, in order."""
        if not pairs:
            return []
        ni = np.array([self.need_position(n) for n, _ in pairs], dtype=np.int64)
        pj = np.array([self.provider_position(p) for _, p in pairs], dtype=np.int64)
        scores, parts, _ = self.score_pairs(ni, pj, weights)
        return [
            self._suggestion(i, j, float(scores[k]), {name: float(v[k]) for name, v in
                                                      parts.items()}, weights)
            for k, (i, j) in enumerate(zip(ni.tolist(), pj.tolist(), strict=True))
        ]

    def _suggestion(self, i, j, score, parts, weights) -> Suggestion:
        need, provider = self.needs[i], self.providers[j]
        return Suggestion(
            need=need.id,
            provider=provider.id,
            score=round(score, 4),
            parts=_round_parts(parts),
            weights=resolve_weights(weights),
            reasons=match_reasons(need, provider, parts, self.labels),
        )

    def _rank(self, scores, eligible, ids, top, min_score) -> np.ndarray:
        candidates = np.flatnonzero(eligible & (scores >= min_score))
        if top <= 0 or candidates.size == 0:
            return candidates[:0]
        if candidates.size > top:
            cut = np.partition(scores[candidates], candidates.size - top)[candidates.size - top]
            candidates = candidates[scores[candidates] >= cut]
        order = sorted(candidates.tolist(), key=lambda k: (-scores[k], ids[k]))
        return np.array(order[:top], dtype=np.int64)

    def for_need(
        self,
        need_id: str,
        *,
        top: int = 10,
        weights: Mapping[str, float] | None = None,
        exclude: Collection[str] = (),
        kinds: Collection[str] | None = None,
        min_score: float = 0.0,
    ) -> list[Suggestion]:
        """Providers ranked for one need, best first, each explained.

        ``exclude`` are provider ids never to suggest (e.g. declined pairs); ``kinds`` keeps only
        providers of these kinds.
        """
        i = self.need_position(need_id)
        pj = np.arange(len(self.providers))
        cosine = (self.provider_text @ self.need_text[i].T).toarray().ravel()
        parts, eligible = pair_parts(self.need_table, self.provider_table, np.int64(i), pj,
                                     cosine)
        scores = combine(parts, resolve_weights(weights))
        keep = eligible.copy()
        for provider_id in exclude:
            if provider_id in self.provider_table.position:
                keep[self.provider_table.position[provider_id]] = False
        if kinds is not None:
            keep &= np.array([p.kind in kinds for p in self.providers], dtype=bool)
        ranked = self._rank(scores, keep, self.provider_table.ids, top, min_score)
        return [
            self._suggestion(i, j, float(scores[j]), {k: float(v[j]) for k, v in parts.items()},
                             weights)
            for j in ranked
        ]

    def for_provider(
        self,
        provider_id: str,
        *,
        top: int = 10,
        weights: Mapping[str, float] | None = None,
        exclude: Collection[str] = (),
        include_confidential: bool = False,
        where: Callable[[NeedItem], bool] | None = None,
        min_score: float = 0.0,
    ) -> list[Suggestion]:
        """Open needs ranked for one provider, best first, each explained.

        ``exclude`` are need ids never to suggest; confidential needs are left out unless
        ``include_confidential``; ``where`` keeps only the needs it accepts (filters).
        """
        j = self.provider_position(provider_id)
        ni = np.arange(len(self.needs))
        cosine = (self.need_text @ self.provider_text[j].T).toarray().ravel()
        parts, eligible = pair_parts(self.need_table, self.provider_table, ni, np.int64(j),
                                     cosine)
        scores = combine(parts, resolve_weights(weights))
        keep = eligible.copy()
        if not include_confidential:
            keep &= ~self.need_table.confidential
        for need_id in exclude:
            if need_id in self.need_table.position:
                keep[self.need_table.position[need_id]] = False
        if where is not None:
            keep &= np.array([where(n) for n in self.needs], dtype=bool)
        ranked = self._rank(scores, keep, self.need_table.ids, top, min_score)
        return [
            self._suggestion(i, j, float(scores[i]), {k: float(v[i]) for k, v in parts.items()},
                             weights)
            for i in ranked
        ]

    def candidate_edges(
        self,
        *,
        threshold: float = 0.4,
        top_k: int | None = None,
        weights: Mapping[str, float] | None = None,
        exclude: Collection[tuple[str, str]] = (),
        block_pairs: int = 500_000,
    ) -> Edges:
        """Eligible funding pairs for allocation: every pair with a score >= ``threshold``, or
        only the ``top_k`` best providers of each need among them.

        Only open needs with an estimated cost not yet fully covered, and only funding providers
        with a known budget left, take part. ``exclude`` are (need id, provider id) pairs never
        to use (declined). Needs are scored in blocks of about ``block_pairs`` pairs.
        """
        nt, pt = self.need_table, self.provider_table
        resolved = resolve_weights(weights)
        need_rows = np.flatnonzero(nt.suggestable & (nt.cost > 0) & (nt.covered < 1.0))
        provider_rows = np.flatnonzero(~pt.in_kind & (pt.budget > 0))
        column = {int(p): c for c, p in enumerate(provider_rows)}
        banned: dict[int, list[int]] = {}
        for need_id, provider_id in exclude:
            row, col = nt.position.get(need_id), column.get(pt.position.get(provider_id, -1))
            if row is not None and col is not None:
                banned.setdefault(row, []).append(col)
        found_n, found_p, found_s = [], [], []
        k = provider_rows.size if top_k is None else min(top_k, provider_rows.size)
        if need_rows.size and k > 0:
            funders = pt.subset(provider_rows)
            text = self.provider_text[provider_rows].T.tocsr()
            block = max(1, block_pairs // provider_rows.size)
            for start in range(0, need_rows.size, block):
                rows = need_rows[start: start + block]
                cosine = (self.need_text[rows] @ text).toarray()
                parts, eligible = pair_parts(nt, funders, rows[:, None], ALL, cosine)
                scores = np.where(eligible, combine(parts, resolved), -1.0)
                if banned:
                    for r, row in enumerate(rows.tolist()):
                        if row in banned:
                            scores[r, banned[row]] = -1.0
                if k < provider_rows.size:
                    best = np.argpartition(-scores, k - 1, axis=1)[:, :k]
                    scores = np.take_along_axis(scores, best, axis=1)
                else:
                    best = np.broadcast_to(np.arange(provider_rows.size), scores.shape)
                keep = scores >= threshold
                found_n.append(np.repeat(rows, keep.sum(axis=1)))
                found_p.append(provider_rows[best[keep]])
                found_s.append(scores[keep])
        empty = np.zeros(0, dtype=np.int64)
        chosen = "every pair" if top_k is None else f"the top {k} providers of each need"
        return Edges(
            np.concatenate(found_n) if found_n else empty,
            np.concatenate(found_p) if found_p else empty,
            np.concatenate(found_s) if found_s else np.zeros(0),
            description=f"{chosen} with a score of at least {threshold:g}",
        )
