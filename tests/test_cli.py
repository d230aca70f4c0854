"""The command line as a user meets it: version, help with examples, one-line errors."""

from __future__ import annotations

import re

from accord import __version__


def test_version(cli) -> None:
    ran = cli("--version")
    assert ran.code == 0
    assert ran.out.strip() == f"accord {__version__}"


def test_help_lists_commands_each_with_an_example(cli) -> None:
    ran = cli("--help")
    assert ran.code == 0
    commands = re.findall(r"│ (\w[\w-]*) +\S", ran.out.split("Commands")[1])
    assert {"run", "scenario"} <= set(commands)
    for name in commands:
        sub = cli(name, "--help")
        assert sub.code == 0, name
        assert "xample" in sub.out, f"`accord {name} --help` has no example"


def test_unknown_command_is_one_line_exit_2(cli) -> None:
    ran = cli("frobnicate")
    assert ran.code == 2
    assert len(ran.err.strip().splitlines()) == 1


def test_show_tables_and_json(cli) -> None:
    ran = cli("scenario", "show")
    assert ran.code == 0 and "Positions" in ran.out and "Russia" in ran.out
    assert cli("scenario", "show", "--json").out.lstrip().startswith("{")
