"""The README's shown output is real: each `<!-- run: CMD -->` block is re-run and compared.

Set MINUTEGEN_UPDATE_README=1 to rewrite the blocks on purpose (like golden files).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BLOCK = re.compile(r"<!-- run: (?P<cmd>.+?) -->\n```text\n(?P<out>.*?)```\n", re.S)


def run_block(cmd: str, cwd: Path) -> str:
    """Run a README command in a scratch folder holding a copy of samples/, minutegen on PATH."""
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["COLUMNS"] = "100"
    done = subprocess.run(
        cmd,
        shell=True,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=120,
    )
    return done.stdout


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "samples", where / "samples")
    shutil.copytree(ROOT / "corpus" / "dev", where / "corpus" / "dev")  # real minutes: series
    return where


def test_readme_opens_with_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(.+?)\n```", text, re.S)
    assert "pip install ." in commands[0] and "minutegen draft samples/" in commands[0]
    assert "pip install -e '.[test]'" in commands[1] and "pytest" in commands[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci, "CI must run the README's test command as written"


def test_readme_output_blocks_are_what_the_commands_print(scratch: Path) -> None:
    text = README.read_text(encoding="utf-8")
    blocks = list(BLOCK.finditer(text))
    assert blocks, "the README shows real output"
    updated, stale = text, []
    for match in blocks:
        actual = run_block(match["cmd"], scratch)
        if actual != match["out"]:
            stale.append(match["cmd"])
            updated = updated.replace(
                match.group(0), f"<!-- run: {match['cmd']} -->\n```text\n{actual}```\n"
            )
    if stale and os.environ.get("MINUTEGEN_UPDATE_README"):
        README.write_text(updated, encoding="utf-8")
        return
    assert not stale, f"README output is stale for: {stale} (MINUTEGEN_UPDATE_README=1)"


def test_readme_documents_every_check_code() -> None:
    from minutegen.check import codes_markdown

    assert codes_markdown().strip() in README.read_text(encoding="utf-8")


def test_readme_documents_every_option_of_every_command() -> None:
    """A new option is not done until the README's usage line shows it (sqlite-utils' habit)."""
    import typer

    from minutegen.cli import app

    text = README.read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    commands = group.commands  # type: ignore[attr-defined]
    assert set(commands) == {"draft", "extract", "check", "series"}
    missing = [
        f"{name} {opt}"
        for name, command in commands.items()
        for param in command.params
        if param.param_type_name == "option"
        for opt in param.opts
        if opt.startswith("--") and opt != "--help" and opt not in text
    ]
    assert missing == []
