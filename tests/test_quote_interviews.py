"""The question-and-answer structure of interviews (extractors/quote_interviews.py), on invented texts.

What each style finds, and what must not read as an interview: a dialogue whose lines carry reporting
clauses, section separators, questions after a long report, a FAQ that names nobody.
"""
from extractors.quote_interviews import find_interview
from extractors.quote_lang import lang_data
from extractors.quotes import extract_quotes
from extractors.records import Document


def _answers(body: str, lang: str) -> list[str]:
    found = find_interview(body, lang_data(lang))
    return [] if found is None else [body[a.start:a.end] for a in found.answers]


def test_bold_questions_make_the_plain_paragraphs_between_them_answers():
    body = ("*Ein Gespräch mit der Imkerin Tilda Marx.*\n\n**Wie geht es den Bienen?**\n\nGut. Der Winter war mild.\n\n"
            "**Und der Honig?**\n\nWird knapp.\n")
    assert _answers(body, "de") == ["Gut. Der Winter war mild.", "Wird knapp."]


def test_alternating_labels_leave_the_label_out_of_the_answer():
    body = ("Q: Where were you born?\n\nHalvorsen: In a fishing town up north.\n\nQ: Why did you leave?\n\n"
            "Halvorsen: The fish left first.\n")
    found = find_interview(body, lang_data("en"))
    assert found is not None and [body[slice(*a.label)] for a in found.answers] == ["Halvorsen", "Halvorsen"]
    assert [body[a.start:a.end] for a in found.answers] == ["In a fishing town up north.", "The fish left first."]


def test_a_dialogue_whose_lines_carry_reporting_clauses_is_no_interview():
    body = ("— ¿Vienes mañana? —preguntó Lola.\n\n— No lo sé —respondió él.\n\n— ¿Y el sábado? —insistió ella.\n\n"
            "— Quizá.\n")
    assert find_interview(body, lang_data("es")) is None


def test_separators_and_a_long_report_before_the_questions_are_no_interview():
    report = "".join(f"Paragraph {k} of the report says what happened.\n\n" for k in range(6))
    assert find_interview("Intro.\n\n***\n\nText.\n\n***\n\nMore text.\n", lang_data("en")) is None
    assert find_interview(report + "**What next?**\n\nNobody knows.\n\n**When?**\n\nSoon.\n", lang_data("en")) is None


def test_questions_with_nobody_named_before_them_give_no_quotation():
    body = "**How do I renew my card?**\n\nOnline, with your number.\n\n**Does it cost anything?**\n\nNo.\n"
    assert find_interview(body, lang_data("en")) is not None         # the structure is there…
    quotes = extract_quotes(Document(source=body, body=body, kind="markdown", lang="en"))
    assert quotes == []                                             # …but nobody to give the answers to
