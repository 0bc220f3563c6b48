"""The package as a user gets it: build the wheel, install it with its dependencies into a fresh
virtual environment, and run it from outside the repository. Slow (it reaches PyPI)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).parents[1]
BUILTINS = ("gibbs", "quick", "rolfe")


@dataclass(frozen=True)
class Installed:
    wheel: Path
    venv: Path
    site_packages: Path

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    @property
    def reflect(self) -> Path:
        return self.venv / "bin" / "reflect"


def run(*args: str | Path, timeout: float = 600, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, timeout=timeout,
        stdin=subprocess.DEVNULL, **kwargs,
    )


def clean_env() -> dict[str, str]:
    """The environment without anything that could make Python find the repository's code."""
    env = dict(os.environ)
    for name in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP"):
        env.pop(name, None)
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """Build the wheel once and install it (with its dependencies) into a fresh venv."""
    base = tmp_path_factory.mktemp("installed")
    dist = base / "dist"
    built = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", dist, REPO,
                env=clean_env())
    assert built.returncode == 0, built.stdout + built.stderr
    wheels = list(dist.glob("reflect_cli-*.whl"))
    assert len(wheels) == 1, wheels

    venv = base / "venv"
    made = run(sys.executable, "-m", "venv", venv, env=clean_env())
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    setup = run(python, "-m", "pip", "install", "--quiet", wheels[0], env=clean_env())
    assert setup.returncode == 0, setup.stdout + setup.stderr
    purelib = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                  env=clean_env())
    assert purelib.returncode == 0, purelib.stderr
    return Installed(wheels[0], venv, Path(purelib.stdout.strip()).resolve())


@pytest.fixture
def user(tmp_path: Path) -> dict:
    """Where the installed program runs: a working directory outside the repository, and the
    test's own database and prompts directory."""
    home = tmp_path / "elsewhere"
    home.mkdir()
    assert not home.resolve().is_relative_to(REPO.resolve())
    env = clean_env()
    env["REFLECT_DB"] = str(tmp_path / "data" / "reflect.db")
    env["REFLECT_PROMPTS"] = str(tmp_path / "prompts")
    env["NO_COLOR"] = "1"
    return {"cwd": home, "env": env}


def test_wheel_ships_the_builtin_frameworks(installed: Installed):
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = set(wheel.namelist())
    for framework in BUILTINS:
        assert f"reflect_cli/prompts/{framework}.yaml" in names, sorted(names)
        shipped = zipfile.Path(installed.wheel, f"reflect_cli/prompts/{framework}.yaml")
        assert shipped.read_text(encoding="utf-8") == (
            REPO / "prompts" / f"{framework}.yaml"
        ).read_text(encoding="utf-8")


def test_installed_frameworks_come_from_site_packages(installed: Installed, user: dict):
    result = run(installed.reflect, "frameworks", "--json", timeout=60, **user)
    assert result.returncode == 0, result.stderr
    listed = {f["id"]: f for f in json.loads(result.stdout)}
    assert set(BUILTINS) <= set(listed), listed
    packaged = installed.site_packages / "reflect_cli" / "prompts"
    for framework in BUILTINS:
        found = listed[framework]
        source = Path(found["file"]).resolve()
        assert source == packaged / f"{framework}.yaml", found["file"]
        assert not source.is_relative_to(REPO.resolve())
        assert found["builtin"] is True
    assert listed["gibbs"]["steps"] == [
        "description", "feelings", "evaluation", "analysis", "conclusion", "action_plan"
    ]


def test_installed_module_runs_and_reports_its_version(installed: Installed, user: dict):
    version = re.search(
        r'__version__\s*=\s*"([^"]+)"',
        (REPO / "src" / "reflect_cli" / "__init__.py").read_text(encoding="utf-8"),
    )
    assert version
    result = run(installed.python, "-m", "reflect_cli", "--version", timeout=60, **user)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("reflect ")
    assert result.stdout.strip() == f"reflect {version.group(1)}"
    where = run(installed.python, "-c", "import reflect_cli; print(reflect_cli.__file__)",
                timeout=60, **user)
    assert Path(where.stdout.strip()).resolve().is_relative_to(installed.site_packages)


def test_installed_quick_entry_is_saved_and_exported(installed: Installed, user: dict):
    saved = run(installed.reflect, "quick", "installed ok", timeout=60, **user)
    assert saved.returncode == 0, saved.stderr
    assert "Saved: installed ok" in saved.stdout
    assert Path(user["env"]["REFLECT_DB"]).is_file()

    exported = run(installed.reflect, "export", timeout=60, **user)
    assert exported.returncode == 0, exported.stderr
    data = json.loads(exported.stdout)
    assert (data["format"], data["version"]) == ("reflect-export", 1)
    [entry] = data["entries"]
    assert entry["framework"] == "quick"
    assert entry["title"] == "installed ok"
    assert [(s["key"], s["answer"]) for s in entry["steps"]] == [("what_mattered", "installed ok")]
