"""Where the app keeps its files: the platform's user data and config folders."""

from __future__ import annotations

from pathlib import Path

from platformdirs import PlatformDirs

from sci4dl_desktop import APP_NAME, ORGANIZATION

_DIRS = PlatformDirs(appname=APP_NAME, appauthor=ORGANIZATION)


def events_dir() -> Path:
    """The default folder for event files."""
    path = Path(_DIRS.user_data_dir) / "events"
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    path = Path(_DIRS.user_config_dir)
    path.mkdir(parents=True, exist_ok=True)
    return path


def settings_file() -> Path:
    """The app's settings (window layout, recent files, desk name) as an INI file."""
    return config_dir() / "settings.ini"


def state_dir() -> Path:
    """Machine-local state such as a desk's offline queue."""
    path = Path(_DIRS.user_state_dir)
    path.mkdir(parents=True, exist_ok=True)
    return path
