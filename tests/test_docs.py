"""The documentation keeps up with the code: every command and option is described in docs/cli.md (and every
command named in the README), every command's help has an example, every view is described in docs/sql.md, and the
README's and docs/sql.md's queries return rows on the bundled examples."""
from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest
import typer.main

from quoteline.cli import app

ROOT = Path(__file__).resolve().parents[1]
CLI_DOC = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
SQL_DOC = (ROOT / "docs" / "sql.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(group, path=()):
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from _commands(command, (*path, name))
        else:
            yield " ".join((*path, name)), command


COMMANDS = dict(_commands(typer.main.get_command(app)))


def section(name: str) -> str:
    """The text of docs/cli.md under the heading of `quoteline NAME`, up to the next heading."""
    match = re.search(rf"^### `quoteline {re.escape(name)}`\n(.*?)(?=^#)", CLI_DOC + "\n#", re.S | re.M)
    assert match, f"docs/cli.md has no section ### `quoteline {name}`"
    return match.group(1)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_and_option_is_documented(name):
    text = section(name)
    for param in COMMANDS[name].params:
        if param.param_type_name != "option":
            continue
        for opt in [*param.opts, *param.secondary_opts]:
            where = text if opt.startswith("--") else CLI_DOC
            assert re.search(rf"`{re.escape(opt)}[` ]", where), f"`quoteline {name}` option {opt} is not documented"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name):
    command = COMMANDS[name]
    assert command.help and "Example:" in command.help, f"quoteline {name} --help has no example"
    for param in command.params:
        assert getattr(param, "help", None), f"quoteline {name}: {param.name} has no help"


@pytest.mark.parametrize("name", sorted({n.split()[0] for n in COMMANDS}))
def test_every_command_is_named_in_the_readme(name):
    assert f"quoteline {name}" in README


def views(con) -> list[str]:
    return [r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY 1").fetchall()]


def test_every_view_and_column_is_in_docs_sql(examples_warehouse):
    with duckdb.connect(str(examples_warehouse["db"]), read_only=True) as con:
        for view in views(con):
            assert f"### `{view}`" in SQL_DOC, f"docs/sql.md does not describe {view}"
            body = SQL_DOC.split(f"### `{view}`", 1)[1].split("\n### ", 1)[0]
            for column in [r[0] for r in con.execute(f"DESCRIBE {view}").fetchall()]:
                assert f"`{column}`" in body, f"docs/sql.md: {view}.{column} is not described"


def _queries(text: str) -> list[str]:
    """The SQL examples of a Markdown text: indented or fenced blocks that start with SELECT or WITH."""
    blocks = re.findall(r"```sql\n(.*?)```", text, re.S)
    blocks += re.findall(r"(?m)^    ((?:SELECT|WITH)\b.*(?:\n    .+)*)", text)
    return [" ".join(b.split()).rstrip(";") for b in blocks]


@pytest.mark.parametrize("doc", ["README.md", "docs/sql.md"])
def test_documented_queries_return_rows_on_the_examples(examples_warehouse, doc):
    queries = _queries((ROOT / doc).read_text(encoding="utf-8"))
    assert len(queries) >= (12 if doc == "docs/sql.md" else 5)
    with duckdb.connect(str(examples_warehouse["db"]), read_only=True) as con:
        for query in queries:
            rows = con.execute(query).fetchall()
            assert rows, f"{doc}: no rows on the bundled examples: {query}"
