import pytest

from knowledge.normalize import fold, key, tokens


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("bedriftspakka", "Bedriftspakken"),
        ("lonnstilskudd", "lønnstilskudd"),
        ("lønnstilskot", "lønnstilskudd"),
        ("jobbskola", "Jobbskolen"),
        ("Jobbskulen", "Jobbskolen"),
        ("ungdomsveilederen", "ungdomsveileder"),
        ("LÆRLINGER", "lærling"),
    ],
)
def test_variants_share_a_key(variant, canonical):
    assert key(variant) == key(canonical)


def test_nynorsk_function_words_become_bokmal():
    assert tokens("kva er eg") == tokens("hva er jeg")


def test_fold_strips_punctuation_and_case():
    assert fold("Hva er INN-nettverket?!") == "hva er inn nettverket"
