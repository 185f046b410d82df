"""Topic classifier, keywords and related articles, tested on their own (no site build)."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
import Stemmer
from evaluate_topics import accuracy, confusion_matrix, evaluate
from snowballstemmer.german_stemmer import GermanStemmer

from artikel_meta import related, topics
from artikel_meta.keywords import (
    CandidateFinder,
    KeywordConfig,
    choose_keywords,
    key_of,
    load_keyword_config,
)
from artikel_meta.meta import assign_keywords
from artikel_meta.overrides import Override, load_overrides
from artikel_meta.related import most_similar
from artikel_meta.topics import LexiconError, classify, load_lexicon
from conftest import ROOT, SEED

LEXICON = ROOT / "content" / "ressorts.toml"
EVAL_SET = ROOT / "tests" / "data" / "topics"
HOLDOUT_SET = ROOT / "tests" / "data" / "topics_holdout"


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon(LEXICON)


def write_lexicon(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "ressorts.toml"
    path.write_text(
        'fallback = "Panorama"\nmin_score = 3\n'
        '[ressorts.Sport]\nstrong = ["Werder", "Trainer"]\nwords = ["Tor"]\n'
        'prefixes = ["Fußball"]\n'
        '[ressorts.Politik]\nstrong = ["Krieg"]\n'
        '[ressorts.Panorama]\nwords = ["Polizei"]\n' + body,
        encoding="utf-8",
    )
    return path


# --- Topic classification -----------------------------------------------------------------


@pytest.mark.parametrize("set_dir", [EVAL_SET, HOLDOUT_SET], ids=["eval", "holdout"])
def test_accuracy_on_the_labelled_sets_is_at_least_90_percent(lexicon, set_dir: Path):
    results = evaluate(lexicon, set_dir)
    assert len(results) >= 16
    misses = [
        (r.file, r.expected, r.decision.topic) for r in results if r.decision.topic != r.expected
    ]
    assert accuracy(results) >= 0.9, misses


def test_eval_set_has_at_least_six_articles_per_topic(lexicon):
    expected = [r.expected for r in evaluate(lexicon, EVAL_SET)]
    assert {topic: expected.count(topic) >= 6 for topic in lexicon.topics} == dict.fromkeys(
        lexicon.topics, True
    )


def test_confusion_matrix_counts_every_article_once(lexicon):
    results = evaluate(lexicon, EVAL_SET)
    rows = confusion_matrix(results, lexicon.topics).splitlines()[1:]
    cells = [int(c) for row in rows for c in row.split()[1:] if c != "."]
    assert sum(cells) == len(results)


def test_default_topics_are_exactly_the_eight_ressorts(lexicon):
    assert lexicon.topics == (
        "Politik",
        "Wirtschaft",
        "Sport",
        "Kultur",
        "Wissenschaft",
        "Digital",
        "Gesundheit",
        "Panorama",
    )


def test_seed_is_politik_and_the_explanation_names_the_deciding_words(lexicon):
    from artikel_meta.explain import classify_source

    decision = classify_source(lexicon, SEED)
    assert decision.topic == "Politik"
    assert not decision.fallback_used
    politik_line = next(line for line in decision.explain().splitlines() if "Politik " in line)
    assert "Putin" in politik_line and "Machthaber" in politik_line


def test_compounds_count_by_their_head_and_by_a_listed_prefix(tmp_path: Path):
    lexicon = load_lexicon(write_lexicon(tmp_path, ""))
    decision = classify(lexicon, "Der Angriffskrieg und das Fußballstadion.", [], "")
    assert decision.scores["Politik"] > 0  # "Angriffskrieg" ends with "Krieg"
    assert decision.scores["Sport"] > 0  # "Fußballstadion" starts with "Fußball"


def test_a_capitalised_entry_does_not_match_a_lower_case_word(tmp_path: Path):
    lexicon = load_lexicon(write_lexicon(tmp_path, ""))
    # Snowball gives "werden" and "Werder" the same stem; only the noun may count.
    decision = classify(lexicon, "Es werden viele werden, sagte er.", [], "")
    assert decision.scores["Sport"] == 0


def test_short_entries_do_not_match_inside_longer_words(tmp_path: Path):
    lexicon = load_lexicon(write_lexicon(tmp_path, ""))
    assert classify(lexicon, "Der Motor des Autos lief.", [], "").scores["Sport"] == 0


def test_weak_evidence_falls_back_to_the_configured_topic(tmp_path: Path):
    lexicon = load_lexicon(write_lexicon(tmp_path, ""))
    decision = classify(lexicon, "Ein Tor.", [], "Nichts weiter.")
    assert decision.topic == "Panorama" and decision.fallback_used
    assert "fallback" in decision.explain()


def test_the_lead_and_subheadings_weigh_more_than_the_body(tmp_path: Path):
    lexicon = load_lexicon(write_lexicon(tmp_path, ""))
    decision = classify(lexicon, "Der Trainer sprach.", ["Krieg"], "Krieg. Trainer. Trainer.")
    in_lead = classify(lexicon, "", [], "Der Trainer sprach.").scores["Sport"]
    in_body = classify(lexicon, "Der Trainer sprach.", [], "").scores["Sport"]
    assert in_body > in_lead
    assert decision.scores["Politik"] > 0


def test_a_word_listed_under_two_topics_is_reported(tmp_path: Path, caplog):
    with caplog.at_level(logging.WARNING):
        load_lexicon(write_lexicon(tmp_path, '[ressorts.Kultur]\nwords = ["Trainer"]\n'))
    assert "'Trainer' is listed under Sport and Kultur" in caplog.text


def test_a_broken_lexicon_names_the_file(tmp_path: Path):
    path = tmp_path / "ressorts.toml"
    path.write_text("fallback = \n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"ressorts\.toml"):
        load_lexicon(path)


def test_a_fallback_that_is_no_topic_is_rejected(tmp_path: Path):
    path = tmp_path / "ressorts.toml"
    path.write_text('fallback = "Wetter"\nmin_score = 1\n[ressorts.Sport]\nwords = ["Tor"]\n')
    with pytest.raises(LexiconError, match="Wetter"):
        load_lexicon(path)


# --- Overrides file -----------------------------------------------------------------------


def test_override_mistakes_are_reported_and_ignored(tmp_path: Path, caplog):
    path = tmp_path / "overrides.toml"
    path.write_text('[abc]\ntopic = "Wetter"\ntitle = "Neu"\ncolour = "rot"\n', encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        overrides = load_overrides(path, ("Politik", "Panorama"))
    assert overrides["abc"].topic is None and overrides["abc"].title == "Neu"
    assert "topic 'Wetter' is not a Ressort" in caplog.text
    assert "unknown field 'colour'" in caplog.text
    assert str(path) in caplog.text


# --- Keywords -----------------------------------------------------------------------------


def keywords_for(texts: list[str], lexicon, config: KeywordConfig | None = None) -> list[list[str]]:
    config = config or load_keyword_config(ROOT / "content" / "stichwoerter.toml")
    finder = CandidateFinder(config, lambda word: bool(lexicon.match(word)))
    mentions = [[m for part in finder.article_mentions(["", text]) for m in part] for text in texts]
    return choose_keywords(mentions, [0] * len(texts), config)


def test_multi_word_names_stay_together_without_their_role(lexicon):
    [keywords] = keywords_for(
        [
            "Gestern traf der russische Präsident Wladimir Putin den Machthaber Kim Jong Un. "
            "Putin und Kim sprachen lange über Raketen, und Kim reiste ab."
        ],
        lexicon,
    )
    assert "Wladimir Putin" in keywords and "Kim Jong Un" in keywords
    assert not {"Präsident", "Putin", "Kim", "Präsident Wladimir Putin"} & set(keywords)


def test_inflected_forms_become_one_keyword_with_one_spelling(lexicon):
    texts = [
        "Die Zinsen der Europäischen Zentralbank steigen. Die Europäische Zentralbank entschied.",
        "Anleger fürchten die Europäischen Zentralbank, sagte ein Händler in Frankfurt.",
    ]
    keywords = keywords_for(texts, lexicon)
    assert all("Europäische Zentralbank" in k for k in keywords)
    assert key_of("Europäischen Zentralbank") == key_of("Europäische Zentralbank")
    assert key_of("Putins") == key_of("Putin")


def test_stop_words_and_ignored_nouns_are_never_keywords(lexicon):
    [keywords] = keywords_for(
        [
            "Im September sagte Sie, dass Experten die Zukunft sehen. Die Werft in Rostock "
            "baut Fähren. Die Werft wächst, die Werft stellt ein. Rostock freut sich."
        ],
        lexicon,
    )
    assert "Rostock" in keywords
    assert not {"September", "Sie", "Experten", "Zukunft", "Im", "Die"} & set(keywords)


def test_keywords_prefer_what_sets_an_article_apart_in_the_collection(lexicon):
    districts = ["Altona", "Harburg", "Bergedorf", "Wandsbek", "Eimsbüttel", "Barmbek"]
    texts = [
        f"Heute meldet Hamburg Neues aus {d}. Hamburg wächst, Hamburg baut, auch in {d}."
        for d in districts
    ]
    keywords = keywords_for(texts, lexicon)
    assert [k[0] for k in keywords] == districts


def test_keywords_per_article_stay_within_the_configured_range(lexicon):
    config = KeywordConfig(frozenset(), {}, minimum=3, maximum=5)
    text = " ".join(f"Der Ort Name{chr(65 + i)}dorf liegt nahe." for i in range(12))
    [keywords] = keywords_for([text], lexicon, config)
    assert 3 <= len(keywords) <= 5


def test_user_spelling_wins(tmp_path: Path, lexicon):
    path = tmp_path / "stichwoerter.toml"
    path.write_text('ignore = []\n[spellings]\n"Kreml-Chef" = "Kremlchef"\n', encoding="utf-8")
    config = load_keyword_config(path)
    assert config.spellings[key_of("Kreml-Chef")] == "Kremlchef"


def test_keywords_set_by_hand_take_the_collections_spelling(lexicon):
    texts = [
        "Die Europäische Zentralbank erhöht die Zinsen. Die Europäische Zentralbank warnt.",
        "In Frankfurt tagte der Rat. Frankfurt wartet auf Zahlen aus Frankfurt.",
    ]
    config = load_keyword_config(ROOT / "content" / "stichwoerter.toml")
    finder = CandidateFinder(config, lambda word: bool(lexicon.match(word)))
    mentions = [tuple(m for part in finder.article_mentions(["", t]) for m in part) for t in texts]
    articles = [SimpleNamespace(slug=slug, source_path=slug) for slug in ("eins", "zwei")]
    by_hand = {"zwei": Override(keywords=("Europäischen Zentralbank", "Neu"))}
    settings = {"SLUGIFY_SOURCE": "title", "SLUG_REGEX_SUBSTITUTIONS": []}
    assign_keywords(articles, mentions, [0, 0], config, by_hand, settings)
    assert "Europäische Zentralbank" in [tag.name for tag in articles[0].tags]
    assert [tag.name for tag in articles[1].tags] == ["Europäische Zentralbank", "Neu"]


# --- Related articles ---------------------------------------------------------------------


def test_related_articles_are_the_most_similar_ones_in_order():
    terms = [
        ["rakete", "mond", "start", "nasa"],
        ["rakete", "mond", "start", "esa"],
        ["rakete", "mond", "landung"],
        ["tor", "spiel", "trainer"],
        ["tor", "spiel", "fan"],
        ["brot", "backen"],
    ]
    topics = ["Wissenschaft"] * 3 + ["Sport"] * 2 + ["Panorama"]
    related = most_similar(terms, topics, count=5, minimum=1, min_similarity=0.05)
    assert [index for index, _ in related[0]][:2] == [1, 2]
    assert [index for index, _ in related[3]] == [4]
    assert related[5] == []  # nothing in common with anyone
    similarities = [s for _, s in related[0]]
    assert similarities == sorted(similarities, reverse=True)


def test_a_common_term_pairs_only_the_articles_it_weighs_most_in(
    monkeypatch: pytest.MonkeyPatch,
):
    # Article i uses the shared word i + 1 times, besides a word of its own.
    terms = [["gemein"] * (i + 1) + [f"eigen{i}"] for i in range(6)]
    topics = ["Panorama"] * 6
    exact = most_similar(terms, topics, count=5, minimum=1, min_similarity=0)
    assert all(len(others) == 5 for others in exact)
    monkeypatch.setattr(related, "ARTICLES_PER_TERM", 2)
    pruned = most_similar(terms, topics, count=5, minimum=1, min_similarity=0)
    assert [sorted(index for index, _ in others) for others in pruned] == [
        [4, 5],
        [4, 5],
        [4, 5],
        [4, 5],
        [5],
        [4],
    ]
    # A word only two articles share still pairs them, however weak it is elsewhere.
    terms[0].append("selten")
    terms[1].append("selten")
    pruned = most_similar(terms, topics, count=5, minimum=1, min_similarity=0)
    assert 1 in [index for index, _ in pruned[0]]


def test_related_articles_handle_a_collection_of_one():
    assert most_similar([["nur", "ein", "artikel"]], ["Politik"]) == [[]]


def test_the_compiled_stemmer_is_used_and_stems_as_snowballs_python_code():
    """PyStemmer (installed with the site's requirements) does the stemming; its German stems
    are those of snowballstemmer's own Python code, word for word."""
    assert isinstance(topics._stemmer, Stemmer.Stemmer)
    text = " ".join(path.read_text(encoding="utf-8") for path in ROOT.glob("tests/data/**/*.txt"))
    words = sorted({word.lower() for word in re.findall(r"[^\W_]+", text)})
    assert len(words) > 2000
    python_code = GermanStemmer()
    assert [topics._stemmer.stemWord(w) for w in words] == list(map(python_code.stemWord, words))
