"""The app's identity on Windows and macOS: the version resource of the .exe and the
Info.plist of the .app (menu-bar name, bundle identifier, the .sci4dl document type).
The Linux counterparts are the files in packaging/linux/; tests check they agree.
"""

from __future__ import annotations

import re

APP_ID = "io.github.sci4dl.Desktop"
APP_NAME = "SCI4DL Desktop"  # CFBundleName: the name in the macOS menu bar (<= 15 chars)
EXE_NAME = "sci4dl-desktop"
EVENT_EXTENSION = "sci4dl"
EVENT_MIME_TYPE = "application/x-sci4dl-event"
EVENT_TYPE_NAME = "SCI4DL event"


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """The four numbers of a Windows version resource: "0.1.0" -> (0, 1, 0, 0)."""
    release = re.match(r"\d+(?:\.\d+)*", version)
    numbers = [int(n) for n in release.group().split(".")] if release else []
    numbers = [*numbers, 0, 0, 0, 0][:4]
    return numbers[0], numbers[1], numbers[2], numbers[3]


def windows_version_info(version: str) -> object:
    """The version resource of the Windows executable (Properties > Details in Explorer)."""
    from PyInstaller.utils.win32 import versioninfo as vi  # needs pefile: Windows builds

    numbers = version_tuple(version)
    strings = {
        "CompanyName": "The sci4dl-desktop contributors",
        "FileDescription": APP_NAME,
        "FileVersion": version,
        "InternalName": EXE_NAME,
        "LegalCopyright": "GPL-3.0-or-later",
        "OriginalFilename": f"{EXE_NAME}.exe",
        "ProductName": APP_NAME,
        "ProductVersion": version,
    }
    return vi.VSVersionInfo(
        ffi=vi.FixedFileInfo(filevers=numbers, prodvers=numbers),
        kids=[
            vi.StringFileInfo(
                [vi.StringTable("040904B0", [vi.StringStruct(k, v) for k, v in strings.items()])]
            ),
            vi.VarFileInfo([vi.VarStruct("Translation", [0x0409, 0x04B0])]),
        ],
    )


def macos_info_plist(version: str, icon_file: str) -> dict[str, object]:
    """Info.plist entries of the .app (PyInstaller adds the identifier and executable)."""
    return {
        "CFBundleName": APP_NAME,
        "CFBundleDisplayName": APP_NAME,
        "CFBundleShortVersionString": version,
        "CFBundleVersion": version,
        "NSHighResolutionCapable": True,
        "NSHumanReadableCopyright": "GPL-3.0-or-later",
        "LSApplicationCategoryType": "public.app-category.productivity",
        "NSCameraUsageDescription": "Scan attendee badges with the camera.",
        # The .sci4dl event file type: declared here, opened by this app.
        "UTExportedTypeDeclarations": [
            {
                "UTTypeIdentifier": f"{APP_ID}.event",
                "UTTypeDescription": EVENT_TYPE_NAME,
                "UTTypeConformsTo": ["public.database", "public.data"],
                "UTTypeIconFile": icon_file,
                "UTTypeTagSpecification": {
                    "public.filename-extension": [EVENT_EXTENSION],
                    "public.mime-type": [EVENT_MIME_TYPE],
                },
            }
        ],
        "CFBundleDocumentTypes": [
            {
                "CFBundleTypeName": EVENT_TYPE_NAME,
                "CFBundleTypeRole": "Editor",
                "LSHandlerRank": "Owner",
                "LSItemContentTypes": [f"{APP_ID}.event"],
                "CFBundleTypeIconFile": icon_file,
            }
        ],
    }


__all__ = [
    "APP_ID",
    "APP_NAME",
    "EXE_NAME",
    "macos_info_plist",
    "version_tuple",
    "windows_version_info",
]
