"""Markup that is not an article's prose (extractors/markup.py)."""
from __future__ import annotations

import pytest

from extractors.markup import non_prose_spans, shown_markup


def cut(source: str, kind: str = "markdown") -> list[str]:
    """The texts of the spans, checked to be sorted, disjoint and inside the source."""
    spans = non_prose_spans(source, kind)
    assert all(0 <= a < b <= len(source) for a, b in spans)
    assert all(b1 < a2 for (_, b1), (a2, _) in zip(spans, spans[1:]))
    return [source[a:b] for a, b in spans]


@pytest.mark.parametrize("front", [
    '---\ntitle: Hot Papers\ntags:\n  - "Twitter"\n  - "Machine Learning"\n---\n',
    '+++\ntitle = "Hot Papers"\ntags = ["Twitter", "Machine Learning"]\n+++\n',
    '\ufeff---\ntitle: "Notes"\n---\n',
])
def test_front_matter(front):
    source = front + "\nThe article starts here.\n"
    assert cut(source) == [front]
    assert cut(source, "text") == [front]          # read_document takes front matter from any kind


def test_a_rule_inside_the_text_is_no_front_matter():
    assert cut("Intro line\n---\ntitle: no\n---\n") == []


def test_fenced_code_backticks_tildes_quotes_and_unclosed():
    source = ("Before.\n\n```flow\ntype Either<L, R> = { type: 'Left', value: L }\n```\n\nMiddle “prose”.\n\n"
              "~~~~\nsaid: \"not a quote\"\n```\nstill code\n~~~~\n\nAfter.\n\n```js\nunclosed \"fence\"\n")
    assert cut(source) == ["```flow\ntype Either<L, R> = { type: 'Left', value: L }\n```",
                           "~~~~\nsaid: \"not a quote\"\n```\nstill code\n~~~~",
                           "```js\nunclosed \"fence\"\n"]


def test_fence_in_a_block_quote_and_a_closing_fence_must_be_bare():
    source = "> ```\n> code “x”\n> ```\n\nText.\n\n```\na\n``` not a close\nb\n```\nEnd."
    assert cut(source) == ["> ```\n> code “x”\n> ```", "```\na\n``` not a close\nb\n```"]


def test_inline_code_spans():
    source = "Use `say(\"hello there my friend\")` or ``a ` b`` here; a lone ` stays.\n\nNext ` paragraph."
    assert cut(source) == ['`say("hello there my friend")`', "``a ` b``"]


def test_backtick_fence_with_backticks_in_its_info_string_is_inline_code():
    assert cut("```js``` is inline.\nText “x”.") == ["```js```"]


def test_comments_and_raw_text_elements():
    source = ('Text <!-- a "comment" --> more.\n<script>var s = "x: y";</script>\n<style>a{}</style>\n'
              '<pre>said: "pre"</pre> and <code>"code"</code>.\n<!-- unclosed')
    assert cut(source) == ['<!-- a "comment" -->', '<script>var s = "x: y";</script>', "<style>a{}</style>",
                           '<pre>said: "pre"</pre>', '<code>"code"</code>', "<!-- unclosed"]


def test_the_first_construct_wins():
    # a comment inside a fence is code; "<pre>" inside a code span opens no element
    source = "```\n<!--\n```\nProse “here”.\n\nWrite `<pre>` for that.\n\nMore “prose” -->.\n"
    assert cut(source) == ["```\n<!--\n```", "`<pre>`"]


def test_tags_templates_and_link_destinations():
    source = ('<img alt="Jane Doe, CEO, said" src="x.png">\n{{< tweet user="jack" id="20" >}}\n'
              '{% include figure.html caption="A quote" %}\n'
              'A [link](https://example.com "Its title") in text.\n'
              '[ref]: https://example.com "Reference title"\n'
              '[^note]: A footnote is prose: “she said so”.\n')
    assert cut(source) == ['<img alt="Jane Doe, CEO, said" src="x.png">', '{{< tweet user="jack" id="20" >}}',
                           '{% include figure.html caption="A quote" %}', '](https://example.com "Its title")',
                           '[ref]: https://example.com "Reference title"']


def test_indented_code_blocks_at_the_top_level_only():
    source = ("Some text.\n\n    $ pip install x  # \"fast\"\n    done\n\nMore text.\n"
              "- a list item\n\n    its own paragraph, “not code”\n\nEnd text here.\n"
              "Paragraph line\n    continued, not code\n")
    assert cut(source) == ['    $ pip install x  # "fast"\n    done']


def test_a_text_indented_throughout_holds_no_code():
    source = "    First paragraph, “quoted”.\n\n    Second paragraph.\n\n    Third.\n\nLast.\n"
    assert cut(source) == []


def test_plain_text_and_html_bodies():
    source = "```\nnot a fence in plain text\n```\n<!-- c --> `x` <b>tag</b>"
    assert cut(source, "text") == ["<!-- c -->"]
    assert non_prose_spans(source, "html") == []           # an HTML body is already plain text
    assert non_prose_spans("", "markdown") == []


def test_shown_markup_leaves_tags_for_the_tweet_extractor():
    embed = '<blockquote class="twitter-tweet"><p>Hi</p></blockquote>'
    source = f"{embed}\n```\n{embed}\n```\n<!-- {embed} -->"
    spans = shown_markup(source, markdown=True)
    assert [source[a:b] for a, b in spans] == [f"```\n{embed}\n```", f"<!-- {embed} -->"]
    assert [source[a:b] for a, b in shown_markup(source, markdown=False)] == [f"<!-- {embed} -->"]


@pytest.mark.parametrize("source", ["`" * 5000, "<" * 5000, "<!--" * 2000, "```\n" * 3000, "    x\n" * 3000,
                                    "{{" * 3000, "](" * 3000, "[a]: " * 3000, "\n" * 5000])
def test_odd_input(source):
    cut(source)
