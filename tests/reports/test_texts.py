"""The sentence templates: plain Dutch from the figures, with the dashboard's verdicts."""

from dienstverlening.insights.figures import Change, MarkFigure, ShareFigure
from dienstverlening.reports import texts

STATEMENT = "Ik werd vriendelijk en met respect behandeld"


def figure(share: float, change: Change | None, baseline: Change | None = None) -> ShareFigure:
    return ShareFigure(
        n=400,
        agree=round(4 * share),
        share=share,
        low=share - 4,
        high=share + 4,
        suppressed=False,
        vs_previous=change,
        vs_baseline=baseline,
    )


def test_a_real_rise_is_called_a_real_improvement():
    sentence = texts.share_sentence(
        STATEMENT, figure(58, Change(7.0, 0.01)), compared="de vorige periode (2025)"
    )
    assert sentence == (
        "De score op ‘Ik werd vriendelijk en met respect behandeld’ steeg van 51\u00a0% naar "
        "58\u00a0%. Dat is een echte verbetering."
    )


def test_a_fall_within_the_margin_may_be_chance():
    sentence = texts.share_sentence(STATEMENT, figure(56, Change(-2.0, 0.4)), compared="x")
    assert sentence.endswith(
        "daalde van 58\u00a0% naar 56\u00a0%. Dat verschil valt binnen de "
        "marge: het kan toeval zijn."
    )


def test_a_hidden_figure_says_why_and_shows_no_number():
    hidden = ShareFigure(n=0, reason="terugrekenen")
    sentence = texts.share_sentence(STATEMENT, hidden, compared="x")
    assert sentence == (
        "Over ‘Ik werd vriendelijk en met respect behandeld’ tonen we geen cijfer: niet "
        "getoond: zou een kleine groep verraden."
    )


def test_against_the_baseline():
    assert texts.baseline_sentence(figure(58, None, Change(13.0, 0.001))) == (
        "Bij de nulmeting was dat 45\u00a0%. Sindsdien is het echt beter geworden."
    )


def test_the_mark_against_the_baseline_is_a_mark_not_a_percentage():
    mark = MarkFigure(
        n=400, mean=7.2, pass_share=70.0, suppressed=False, vs_baseline=Change(0.4, 0.01)
    )
    assert texts.mark_sentences(mark, compared="de vorige periode") == [
        "Inwoners gaven gemiddeld een 7,2.",
        "70\u00a0% gaf een 7 of hoger.",
        "Bij de nulmeting was dat 6,8. Sindsdien is het echt beter geworden.",
    ]
