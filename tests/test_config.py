"""Settings from config.toml."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from reflect_cli.core import config
from reflect_cli.errors import DataError


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    settings = config.load(tmp_path / "none.toml")
    assert settings.guard_enabled and settings.guard_names == ()
    assert settings.nmc_period_start is None


def test_values_are_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[guard]\nenabled = false\nnames = ["Ward 7", " Achieng "]\n'
                    "[nmc]\nperiod_start = 2025-04-01\n")
    settings = config.load(path)
    assert not settings.guard_enabled
    assert settings.guard_names == ("Ward 7", "Achieng")
    assert settings.nmc_period_start == date(2025, 4, 1)


def test_env_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "elsewhere.toml"
    path.write_text('[nmc]\nperiod_start = "2024-01-31"\n')
    monkeypatch.setenv("REFLECT_CONFIG", str(path))
    assert config.load().nmc_period_start == date(2024, 1, 31)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[guard\n", "not valid TOML"),
        ("guard = 3\n", "[guard] must be a table"),
        ("[guard]\nenabled = 'no'\n", "true or false"),
        ("[guard]\nnames = 'Ward 7'\n", "list of text"),
        ("[nmc]\nperiod_start = 'spring'\n", "must be a date"),
    ],
)
def test_bad_settings_name_the_problem(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(DataError) as caught:
        config.load(path)
    assert message in caught.value.message
