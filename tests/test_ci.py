"""`.ci/run` runs the README's set-up commands exactly as written (issue 17).

CI once upgraded pip before installing, which hid a resolver failure of the stock pip that a
new user following the README hit. These tests parse both files so they cannot drift apart.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# What .ci/run may do before the README's first command: shell set-up, and removing a .venv so
# that the commands start from the state of a clean clone. Nothing that installs or upgrades.
_ALLOWED_BEFORE = {
    "set -euo pipefail",
    'cd "$(dirname "$0")/.."',
    "start=$SECONDS",
    "rm -rf .venv",
}


def readme_setup_commands(readme: str) -> list[str]:
    """The command lines of the first ``sh`` block under the README's "Set-up" heading.

    >>> readme_setup_commands("## Set-up (x)\\n\\n```sh\\na && b\\n\\nc\\n```\\n")
    ['a && b', 'c']
    """
    section = re.search(r"^## Set-up\b.*?^```sh\n(.*?)^```", readme, re.M | re.S)
    if section is None:
        raise ValueError("README.md has no ```sh block under a '## Set-up' heading")
    return [line.strip() for line in section.group(1).splitlines() if line.strip()]


def script_commands(script: str) -> list[str]:
    """The command lines of a shell script, without comments, blank lines or the shebang.

    >>> script_commands("#!/bin/sh\\n# say\\n\\necho hi\\n")
    ['echo hi']
    """
    return [
        line.strip()
        for line in script.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def _commands() -> tuple[list[str], list[str]]:
    readme = readme_setup_commands((ROOT / "README.md").read_text(encoding="utf-8"))
    ci = script_commands((ROOT / ".ci" / "run").read_text(encoding="utf-8"))
    return readme, ci


def test_readme_setup_block_is_what_ci_runs_in_order() -> None:
    readme, ci = _commands()
    assert len(readme) == 2, readme
    positions = []
    for command in readme:
        assert command in ci, f".ci/run does not run the README's command as written: {command}"
        positions.append(ci.index(command))
    assert positions == sorted(positions), "the README's commands run out of order in .ci/run"


def test_ci_runs_nothing_a_new_user_would_not_before_the_readme() -> None:
    readme, ci = _commands()
    first = ci.index(readme[0])
    extra = [line for line in ci[:first] if line not in _ALLOWED_BEFORE]
    assert not extra, f".ci/run runs this before the README's set-up: {extra}"


def test_ci_installs_only_through_the_readme_commands() -> None:
    readme, ci = _commands()
    for line in ci:
        if line in readme:
            continue
        words = shlex.split(line, comments=True)
        programs = {w.rsplit("/", 1)[-1] for w in words}
        assert not programs & {"pip", "pip3", "venv", "virtualenv", "uv"}, (
            f".ci/run installs outside the README's commands: {line}"
        )


def test_readme_first_command_creates_the_venv_it_uses() -> None:
    readme, _ = _commands()
    assert readme[0].startswith("python3 -m venv .venv && .venv/bin/pip install -e ")
    assert readme[1].startswith(".venv/bin/python -m pytest")
