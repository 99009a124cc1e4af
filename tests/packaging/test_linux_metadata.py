"""The Linux desktop integration files are valid and agree with each other and the package."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
APP_ID = "io.github.sci4dl.Desktop"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(LINUX / f"{APP_ID}.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_appstream_metainfo_validates() -> None:
    tool = shutil.which("appstreamcli")
    if tool is None:
        pytest.skip("appstreamcli is not installed (Debian package 'appstream')")
    result = subprocess.run(
        [tool, "validate", "--no-net", str(LINUX / f"{APP_ID}.metainfo.xml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_desktop_file_validates() -> None:
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        pytest.skip("desktop-file-validate is not installed (Debian package 'desktop-file-utils')")
    result = subprocess.run(
        [tool, str(LINUX / f"{APP_ID}.desktop")], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_desktop_file_starts_the_installed_command_with_the_file() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["gui-scripts"]
    entry = desktop_entry()
    command, argument = entry["Exec"].split()
    assert command in scripts
    assert argument in ("%f", "%F", "%u", "%U")


def test_event_files_are_associated_with_the_app() -> None:
    mime = ET.parse(LINUX / f"{APP_ID}.xml").getroot()
    mime_type = mime.find(f"{MIME_NS}mime-type")
    assert mime_type is not None
    assert mime_type.find(f"{MIME_NS}glob").get("pattern") == "*.sci4dl"  # type: ignore[union-attr]
    assert mime_type.get("type") + ";" in desktop_entry()["MimeType"]


def test_metainfo_launches_the_desktop_file() -> None:
    component = ET.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot()
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable") == f"{APP_ID}.desktop"
