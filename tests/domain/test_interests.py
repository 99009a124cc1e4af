"""Interest keywords: folding, plurals, the overlap score, and suggestions."""

from __future__ import annotations

import random

import pytest

from sci4dl_desktop.domain.interests import (
    normalise,
    overlap,
    overlap_matrix,
    split_terms,
    suggestions,
)

TOPICS = ["Loss landscapes", "scaling law", "in-context learning", "grokking", "Edge of Stability"]


def test_normalise_folds_case_accents_punctuation_and_plurals() -> None:
    assert normalise("In-context learning in Transformers") == normalise(
        "in context learning in transformer"
    )
    assert normalise("Réseaux de Neurones") == "reseaux de neurone"
    assert normalise("  ") == ""


def test_shared_interests_count_one_each_and_wording_adds_a_little() -> None:
    result = overlap(["Loss landscapes", "scaling laws"], ["loss landscape", "grokking"])
    assert result.shared == ("loss landscape",)
    # 1 shared + 0.5 x Jaccard({loss, landscape, scaling, law}, {loss, landscape, grokking})
    assert result.score == pytest.approx(1 + 0.5 * 2 / 5, abs=1e-3)


def test_related_wording_without_an_exact_match_scores_below_one() -> None:
    result = overlap(["training dynamics"], ["optimization dynamics"])
    assert result.shared == ()
    assert 0 < result.score < 1
    assert overlap(["knitting"], ["gardening"]).score == 0
    assert overlap([], []).score == 0


def test_split_terms_reads_a_typed_line() -> None:
    assert split_terms("scaling laws; Loss landscapes,  scaling law ,\n grokking") == [
        "scaling laws",
        "Loss landscapes",
        "grokking",
    ]


def test_suggestions_keep_the_first_wording_of_each_topic() -> None:
    assert suggestions(["Diffusion models", "scaling laws"], ["diffusion model", "grokking"]) == [
        "Diffusion models",
        "scaling laws",
        "grokking",
    ]


def test_the_score_matrix_gives_exactly_the_pairwise_scores() -> None:
    rng = random.Random(7)
    mentors = [rng.sample(TOPICS, rng.randint(0, 4)) for _ in range(6)]
    mentees = [rng.sample(TOPICS, rng.randint(0, 3)) for _ in range(9)]
    matrix = overlap_matrix(mentors, mentees)
    assert [len(row) for row in matrix] == [6] * 9
    for i, wanted in enumerate(mentees):
        for j, offered in enumerate(mentors):
            assert matrix[i][j] == overlap(offered, wanted).score
