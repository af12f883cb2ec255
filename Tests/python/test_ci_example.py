"""docs/ci/github-workflow.yml, the ready CI example: it parses as YAML, runs build, then notify,
then publish, names its secrets in docs/ci.md, and every policysite command and flag in it exists
(each subcommand's --help is asked)."""
import pathlib
import re
import shlex
import subprocess

import yaml

from conftest import REPOSITORY, policysite_binary

WORKFLOW = REPOSITORY / "docs" / "ci" / "github-workflow.yml"


def workflow():
    return yaml.safe_load(WORKFLOW.read_text())


def run_scripts(document):
    for job in document["jobs"].values():
        for step in job["steps"]:
            if "run" in step:
                yield step["run"]


def policysite_commands(script):
    """Each `policysite ...` command line of a shell script, as its words."""
    for line in script.replace("\\\n", " ").splitlines():
        words = shlex.split(line, comments=True)
        # Commands joined by && || ; each count.
        command = []
        for word in words + [";"]:
            if word in ("&&", "||", ";"):
                if command and command[0] == "policysite":
                    yield command
                command = []
            else:
                command.append(word)


def help_text(subcommand):
    result = subprocess.run([str(policysite_binary()), subcommand, "--help"], capture_output=True, text=True)
    assert result.returncode == 0, f"'policysite {subcommand}' does not exist: {result.stderr}"
    return result.stdout


def test_the_workflow_parses_and_runs_daily():
    document = workflow()
    # PyYAML reads the key `on` as True (YAML 1.1); GitHub reads it as "on".
    triggers = document.get("on", document.get(True))
    assert any("cron" in entry for entry in triggers["schedule"])
    assert document["jobs"]


def test_every_policysite_command_and_flag_exists():
    commands = [words for script in run_scripts(workflow()) for words in policysite_commands(script)]
    assert commands, "the workflow runs no policysite command"
    helps = {}
    for words in commands:
        if words[1].startswith("--"):
            subcommand, flags = None, words[1:]
            text = subprocess.run([str(policysite_binary()), "--help"], capture_output=True, text=True).stdout
        else:
            subcommand, flags = words[1], words[2:]
            text = helps.setdefault(subcommand, help_text(subcommand))
        for flag in (word.split("=", 1)[0] for word in flags if word.startswith("--")):
            if subcommand is None and flag == "--version":
                assert subprocess.run([str(policysite_binary()), "--version"]).returncode == 0
                continue
            assert re.search(rf"(^|[\s,]){re.escape(flag)}(\s|$|[ ,<=])", text, re.M), f"policysite {subcommand} has no {flag}"


def test_it_builds_then_notifies_then_publishes():
    order = [words[1] for script in run_scripts(workflow()) for words in policysite_commands(script)
             if words[1] in ("build", "notify", "publish")]
    assert order.index("build") < order.index("notify") < order.index("publish")


def test_every_secret_it_uses_is_described_in_ci_md():
    secrets = set(re.findall(r"secrets\.([A-Z_]+)", WORKFLOW.read_text()))
    assert "POLICYSITE_TOKEN_KEY" in secrets
    described = (REPOSITORY / "docs" / "ci.md").read_text()
    for secret in secrets:
        assert f"`{secret}`" in described, f"docs/ci.md does not describe the secret {secret}"
