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


def test_plain_questions_alternating_with_answers_make_an_interview():
    body = ("Nora Vell keeps the last lighthouse on the coast. We asked her about it.\n\nIs it lonely?\n\n"
            "Not really. The ships talk to me on the radio.\n\nWhat breaks most often?\n\nThe lamp motor. Every winter.\n\n"
            "Will you retire?\n\nWhen the sea does.\n")
    assert _answers(body, "en") == ["Not really. The ships talk to me on the radio.", "The lamp motor. Every winter.",
                                    "When the sea does."]


def test_question_paragraphs_in_a_report_that_quotes_people_are_no_interview():
    # rhetorical questions between paragraphs that quote their sources in marks: a report, not a Q&A
    body = ("The council wants to close the library.\n\nWhy now?\n\n\"The roof leaks,\" said councillor Ada Brook.\n\n"
            "Who decides?\n\nThe vote is on Monday, officials said.\n\nWhat next?\n\nNobody knows yet.\n")
    assert _answers(body, "en") == []


def test_plain_questions_must_be_short_and_strictly_alternate():
    long_question = " ".join(["word"] * 45) + "?"
    body = (f"Ed Lane answers.\n\n{long_question}\n\nYes.\n\nAnd then?\n\nNo.\n\nWhy?\n\nBecause.\n")
    assert _answers(body, "en") == []
    body = "Ed Lane answers.\n\nWhy?\n\nBecause.\n\nHow?\n\nSlowly.\n\nWhen?\n\nSoon?\n"
    assert _answers(body, "en") == []
