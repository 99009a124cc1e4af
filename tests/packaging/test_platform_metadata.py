"""The app's identity on macOS and Windows agrees with the Linux desktop files and the
package: one name, one identifier, one event file type."""

from __future__ import annotations

import configparser
import sys
import types
import xml.etree.ElementTree as ET
from importlib.metadata import version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
sys.path.insert(0, str(ROOT / "packaging"))

import bundle_meta  # noqa: E402

MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(LINUX / f"{bundle_meta.APP_ID}.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_macos_app_declares_and_opens_event_files() -> None:
    plist = bundle_meta.macos_info_plist("0.1.0", "sci4dl-desktop.icns")
    mime = ET.parse(LINUX / f"{bundle_meta.APP_ID}.xml").getroot().find(f"{MIME_NS}mime-type")
    assert mime is not None
    glob = mime.find(f"{MIME_NS}glob")
    assert glob is not None

    declared = plist["UTExportedTypeDeclarations"][0]  # type: ignore[index]
    tags = declared["UTTypeTagSpecification"]
    assert tags["public.filename-extension"] == [glob.get("pattern", "").removeprefix("*.")]
    assert tags["public.mime-type"] == [mime.get("type")]
    opened = plist["CFBundleDocumentTypes"][0]  # type: ignore[index]
    assert opened["LSItemContentTypes"] == [declared["UTTypeIdentifier"]]
    assert declared["UTTypeIdentifier"].startswith(bundle_meta.APP_ID)


def test_every_platform_shows_the_same_name() -> None:
    plist = bundle_meta.macos_info_plist("0.1.0", "sci4dl-desktop.icns")
    assert plist["CFBundleName"] == desktop_entry()["Name"] == bundle_meta.APP_NAME
    assert len(bundle_meta.APP_NAME) <= 15  # longer CFBundleNames are cut in the menu bar
    assert (LINUX / f"{bundle_meta.APP_ID}.metainfo.xml").exists()
    assert desktop_entry()["Exec"].split()[0] == bundle_meta.EXE_NAME


@pytest.mark.parametrize(
    ("text", "numbers"),
    [("0.1.0", (0, 1, 0, 0)), ("2.10", (2, 10, 0, 0)), ("1.2.3.4.5", (1, 2, 3, 4))],
)
def test_windows_version_numbers(text: str, numbers: tuple[int, ...]) -> None:
    assert bundle_meta.version_tuple(text) == numbers
    assert bundle_meta.version_tuple(text + ".dev3") == numbers
    assert bundle_meta.version_tuple(text + "rc1") == numbers


def test_the_windows_version_resource_names_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    # PyInstaller's version-resource classes import pefile and win32api, which only
    # Windows builds need (to write the resource into the .exe; building it needs neither)
    import PyInstaller.compat

    pefile = sys.modules.get("pefile") or types.ModuleType("pefile")
    monkeypatch.setitem(sys.modules, "pefile", pefile)
    monkeypatch.setattr(PyInstaller.compat, "win32api", None, raising=False)
    monkeypatch.delitem(sys.modules, "PyInstaller.utils.win32.versioninfo", raising=False)
    package_version = version("sci4dl-desktop")
    info = bundle_meta.windows_version_info(package_version)
    raw = info.toRaw()  # type: ignore[attr-defined]
    for text in (bundle_meta.APP_NAME, f"{bundle_meta.EXE_NAME}.exe", package_version):
        assert text.encode("utf-16-le") in raw
    fixed = info.ffi  # type: ignore[attr-defined]
    major, minor, patch, build = bundle_meta.version_tuple(package_version)
    assert fixed.fileVersionMS == (major << 16) | minor
    assert fixed.fileVersionLS == (patch << 16) | build
