"""What goes into the bundle and what stays out: the rules the PyInstaller spec applies.

Plain Python without PyInstaller, so the spec, the build script (its library check)
and the tests share one copy. Paths are bundle destinations with forward slashes, as
in PyInstaller's TOC entries ("PySide6/Qt/plugins/platforms/libqxcb.so"); the rules
cover the layouts of the PySide6 wheels on Linux (Qt/lib, Qt/plugins), Windows (DLLs
and plugins/ next to the bindings) and macOS (Qt/lib/*.framework).

Everything left out was checked against what the app loads at run time: the modules
in sys.modules after the GUI, every command and a mentorship solve have run, and the
NEEDED entries of every Qt library and plugin that stays in (see `build.py --smoke`,
which runs the commands inside the bundle and checks that no library the bundle keeps
needs one it left out).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import PurePosixPath

# Python packages the app never imports at run time. PyInstaller follows every import
# statement it can see, including those inside functions and optional try blocks, so
# without these it packs test frameworks and image libraries the app cannot reach.
# fmt: off
EXCLUDED_MODULES: tuple[str, ...] = (
    # Qt modules the app never uses from Python. QtNetwork stays (the QtMultimedia
    # binding loads it), and so do QtMultimedia and QtMultimediaWidgets (desk camera,
    # sounds). QtQuick and QtQml are excluded as bindings only: their libraries still
    # come in, because the media backend links to them (see DROPPED_QT_LIBRARIES).
    *(
        f"PySide6.{name}"
        for name in (
            "QtWebEngineCore", "QtWebEngineWidgets", "QtWebEngineQuick", "QtWebChannel",
            "QtWebSockets", "QtWebView", "QtQml", "QtQuick", "QtQuick3D", "QtQuickControls2",
            "QtQuickWidgets", "QtQuickTest", "QtVirtualKeyboard", "Qt3DCore", "Qt3DRender",
            "Qt3DInput", "Qt3DLogic", "Qt3DAnimation", "Qt3DExtras", "QtDesigner", "QtHelp",
            "QtLocation", "QtPositioning", "QtSensors", "QtSerialPort", "QtSerialBus",
            "QtBluetooth", "QtNfc", "QtRemoteObjects", "QtScxml", "QtStateMachine",
            "QtTextToSpeech", "QtDataVisualization", "QtGraphs", "QtGraphsWidgets",
            "QtSpatialAudio", "QtHttpServer", "QtNetworkAuth", "QtPdf", "QtPdfWidgets",
            "QtSql", "QtTest", "QtUiTools", "QtXml", "QtOpenGLWidgets", "QtCanvasPainter",
            "QtLabsStyleKit", "QtQmlFeatures", "QtAsyncio",
        )
    ),
    # Bindings PyInstaller's Qt hooks add for libraries the app keeps, though nothing
    # imports them from Python: QtCharts' hook brings the QtOpenGL binding (8.9 MB), the
    # QtGui and QtMultimedia hooks bring QtDBus and QtConcurrent. Their libraries stay,
    # as dependencies: libQt6OpenGL (QtCharts, the FFmpeg media plugin), libQt6DBus
    # (QtGui), libQt6Concurrent (QtMultimedia).
    "PySide6.QtOpenGL", "PySide6.QtDBus", "PySide6.QtConcurrent",
    "tkinter", "_tkinter", "IPython", "matplotlib",
    # test tools, reached through alembic.testing -> sqlalchemy.testing -> mypy
    "pytest", "_pytest", "alembic.testing", "sqlalchemy.testing", "mypy", "ast_serialize",
    # lxml: only mypy's reports use it (the app parses XML with defusedxml)
    "lxml",
    # Pillow: qrcode imports its PIL drawers inside `try: ... except ImportError`; the
    # app draws QR codes from qrcode's module matrix with Qt (badges, phone QR codes)
    "PIL",
    # mako highlights template tracebacks with pygments when it is there, plain otherwise
    "pygments",
    # icalendar uses zoneinfo unless told to use pytz
    "pytz",
    # packaging tools and the offline help pages of pydoc
    "setuptools", "pkg_resources", "_distutils_hack", "pip", "pydoc_data",
    # SQLAlchemy's other databases: its hook lists every dialect, the app speaks SQLite
    # and PostgreSQL (psycopg) only. Its asyncio extension (alembic imports it only in
    # run_async) and the legacy baked queries go too; sqlalchemy.connectors.asyncio
    # stays (the psycopg dialect loads it).
    "sqlalchemy.dialects.mysql", "sqlalchemy.dialects.mssql", "sqlalchemy.dialects.oracle",
    "sqlalchemy.connectors.pyodbc", "sqlalchemy.connectors.aioodbc", "sqlalchemy.ext.asyncio",
    "sqlalchemy.ext.baked", "sqlalchemy.ext.mypy",
    # The standard library's developer tools and servers: the debugger and its line
    # editing (readline brings libreadline and libtinfo), the help browser (pydoc pulls
    # in http.server and webbrowser), test runners, XML-RPC (reached through defusedxml's
    # unused xmlrpc module), multiprocessing (only concurrent.futures' process pool,
    # which the app does not use, imports it; without it PyInstaller also leaves out its
    # start-up hook), and _pydecimal (decimal's fallback when the _decimal extension,
    # which is bundled, is missing).
    "pdb", "readline", "pydoc", "doctest", "unittest", "xmlrpc", "multiprocessing",
    "_pydecimal",
    # NumPy and SciPy: the app uses neither (the matcher runs HiGHS through highspy's
    # compiled bindings, the desk hands pictures to zxing-cpp as Qt images). The highspy
    # package stays out as a module too: its __init__ imports its NumPy front end; the
    # bindings go in as binaries (highs_binaries) and are loaded by path.
    "numpy", "scipy", "highspy",
)


def psycopg_left_out(platform: str | None = None, implementation: str | None = None) -> str:
    """The psycopg implementation package the bundle leaves out (an excluded module).

    psycopg takes its libpq wrapper from psycopg_c ("c": built against the system's libpq,
    the dev extra installs it on Linux), else psycopg_binary ("binary": its own copies of
    libpq, OpenSSL, Kerberos, LDAP and SASL in psycopg_binary.libs, 9.5 MB), else pure
    Python. On Linux, when this environment's psycopg runs on "c", the bundle carries
    psycopg_c with the system's libpq.so.5, which shares the OpenSSL and Kerberos
    libraries the bundle has anyway (Python's ssl and Qt need them), and leaves
    psycopg_binary out; the tests and benchmarks then ran the same implementation.
    Elsewhere psycopg_c stays out: Windows and macOS bundles use psycopg_binary.
    Defaults: this platform and the implementation psycopg picks here.
    """
    platform = sys.platform if platform is None else platform
    if implementation is None:
        import psycopg

        implementation = psycopg.pq.__impl__
    if platform.startswith("linux") and implementation == "c":
        return "psycopg_binary"
    return "psycopg_c"


# Qt libraries (by module name, without "lib", "Qt6"/"Qt" and the suffix) that nothing
# the app keeps needs. Each is pulled in by a plugin that is dropped below:
#   VirtualKeyboard*    by platforminputcontexts/qtvirtualkeyboardplugin
#   Pdf                 by imageformats/qpdf (the app writes PDF with QPdfWriter, in QtGui)
#   EglFS*, EglFs*      by the eglfs platform (full-screen on a bare framebuffer, no desktop)
# QtQuick, QtQml* and FFmpeg stay (about 37 MB): the desk's camera needs a media backend
# (QSoundEffect alone would not), and the FFmpeg backend on Linux links to QtQuick.
DROPPED_QT_LIBRARIES: tuple[str, ...] = (
    "VirtualKeyboard", "Pdf", "EglFS", "EglFs", "WebEngine", "Designer", "ShaderTools",
    "Labs", "Quick3D", "QuickControls2", "QuickTemplates2", "QuickDialogs2", "QuickLayouts",
    "QuickShapes", "QuickEffects", "QuickParticles", "QuickTest", "QuickWidgets",
)
# fmt: on

# Libraries that belong to a system service, used from the system rather than bundled.
# libcups must match the CUPS the machine runs, and a machine without CUPS has no
# printers anyway (Qt's print plugin then fails to load and printing offers PDF only).
# Leaving it out also leaves out its TLS stack (GnuTLS, nettle, p11-kit: about 8 MB).
# libpulse is the client of the sound server the machine runs (PulseAudio, or PipeWire's
# pulse service), and comes with it: libpulse0 is among the system libraries the README
# lists for QtMultimedia, which links to it. Leaving it out also leaves out what only it
# needs: libpulsecommon and the sound-file codecs (libsndfile, FLAC, Vorbis, Opus,
# mpg123, LAME: about 4 MB).
# GnuTLS is the system's TLS library, which its LDAP library is built against (libpq
# links to LDAP for service lookups: the Linux bundle's psycopg-c uses the system's
# libpq). A TLS library should get the system's security updates; every desktop Linux
# has it (libgnutls30: apt, CUPS, GLib's networking and curl's GnuTLS build need it),
# under a name stable since 2014. Leaving it out also leaves out what only it needs
# (nettle, hogweed, GMP, p11-kit, libtasn1, libidn2, libunistring: about 6.7 MB in all).
SYSTEM_LIBRARIES: dict[str, str] = {
    "libcups.so.2": "libcups (the system's CUPS client)",
    "libpulse.so.0": "libpulse (the system's PulseAudio client)",
    "libgnutls.so.30": "GnuTLS (the system's TLS library)",
}

# Plugins by type: the names kept, or an empty set for "none of this type". Types not
# listed are kept whole (multimedia, iconengines, platformthemes, printsupport,
# xcbglintegrations, wayland-*, styles).
KEPT_PLUGINS: dict[str, frozenset[str]] = {
    # xcb: X11 desktops and XWayland. wayland: native Wayland sessions (Qt prefers it
    # there: crisp HiDPI scaling, no XWayland). offscreen: `selftest` and the CI.
    # windows/cocoa: the desktop platforms of the other two systems. Left out: eglfs,
    # linuxfb, vnc, vkkhrdisplay, minimal(egl), direct2d (kiosk hardware without a
    # desktop, remote framebuffers and test backends).
    "platforms": frozenset(
        {"qxcb", "qwayland", "qwayland-egl", "qwayland-generic", "qoffscreen", "qwindows"}
        | {"qcocoa"}
    ),
    # SVG for the icons, plus the common formats an image from elsewhere may come in
    # (PNG is built into QtGui). Left out: pdf (pulls in QtPdf), tiff, webp, tga, wbmp,
    # icns, and the macOS system codecs.
    "imageformats": frozenset({"qsvg", "qico", "qjpeg", "qgif"}),
    # compose and ibus: typing accented names (Zdeborová) on Linux. Left out: the
    # virtual keyboard (pulls in QtQuick and QtQml).
    "platforminputcontexts": frozenset(
        {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"}
    ),
    "egldeviceintegrations": frozenset(),  # only for the eglfs platform
    "generic": frozenset(),  # evdev and TUIO input, only for eglfs and linuxfb
    "tls": frozenset(),  # the app makes no network connections through Qt
    "networkinformation": frozenset(),
    "qmltooling": frozenset(),
    "sqldrivers": frozenset(),  # the app reaches databases through SQLAlchemy
    "position": frozenset(),
    "sensors": frozenset(),
    "texttospeech": frozenset(),
    "designer": frozenset(),
}


def _parts(dest: str) -> tuple[str, ...]:
    return PurePosixPath(dest.replace("\\", "/")).parts


def qt_module_of(name: str) -> str | None:
    """The Qt module a file is part of: "libQt6Quick.so.6", "Qt6Quick.dll", "QtQuick.framework"
    and "QtQuick.abi3.so" -> "Quick"; None for anything else."""
    stem = name.split(".", 1)[0]
    stem = stem.removeprefix("lib")
    for prefix in ("Qt6", "Qt"):
        if stem.startswith(prefix) and stem[len(prefix) : len(prefix) + 1].isupper():
            return stem[len(prefix) :]
    return None


def plugin_of(dest: str) -> tuple[str, str] | None:
    """(type, name) of a Qt plugin: ".../plugins/platforms/libqxcb.so" -> ("platforms", "qxcb")."""
    parts = _parts(dest)
    if not parts or parts[0] != "PySide6" or "plugins" not in parts:
        return None
    at = parts.index("plugins")
    if len(parts) != at + 3:
        return None
    name = parts[-1].split(".", 1)[0].removeprefix("lib")
    return parts[at + 1], name


def dropped_reason(dest: str) -> str | None:
    """Why a file at this bundle path is left out, or None when it stays."""
    parts = _parts(dest)
    if len(parts) == 1 and parts[0] in SYSTEM_LIBRARIES:
        return SYSTEM_LIBRARIES[parts[0]]
    if not parts or parts[0] != "PySide6":
        return None
    plugin = plugin_of(dest)
    if plugin is not None:
        kind, name = plugin
        kept = KEPT_PLUGINS.get(kind)
        if kept is not None and name not in kept:
            return f"Qt plugin {kind}/{name}"
        return None
    if "translations" in parts[:3]:
        # Qt's own translations: the app is in English and installs no QTranslator
        return "Qt translations"
    if "qml" in parts[:3]:
        return "QML modules"  # QML import folders: the app has no QML
    for part in parts[1:]:
        module = qt_module_of(part)
        if module is not None and module.startswith(DROPPED_QT_LIBRARIES):
            return f"Qt{module}"
    return None


def keep(entries: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The TOC entries (dest, source, type) that stay in the bundle."""
    return [entry for entry in entries if dropped_reason(entry[0]) is None]


def is_dropped_library(file_name: str) -> bool:
    """True for a Qt library the rules leave out: nothing kept may need one.
    (A library in SYSTEM_LIBRARIES may be needed: the system provides it.)"""
    return dropped_reason(f"PySide6/Qt/lib/{file_name}") is not None


MIGRATIONS = "store/migrations"  # in the package: Alembic's script directory


def highs_binaries() -> list[tuple[str, str]]:
    """highspy's compiled bindings, as (source, destination folder) binaries.

    Only the extension module `highspy/_core`, which `domain/highs.py` loads by path, not
    the highspy package (see EXCLUDED_MODULES). PyInstaller's analysis of its binaries
    brings in the HiGHS library the bindings link, next to them, under the one name they
    ask for (Linux: libhighs.so.1, listed here too; macOS: libhighs.1.dylib): the
    wheel's second copy of it under the full version number (libhighs.so.1.15.1) stays
    out. On Windows HiGHS is inside the .pyd; the DLLs delvewheel put next to the
    package (highspy.libs) go along.
    """
    import importlib.machinery
    import importlib.util
    from pathlib import Path

    from PyInstaller.utils.hooks import collect_delvewheel_libs_directory

    spec = importlib.util.find_spec("highspy")  # finds the folder, runs no __init__
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("highspy is not installed: pip install -e .[dev]")
    folder = Path(next(iter(spec.submodule_search_locations)))
    names = [f"_core{suffix}" for suffix in importlib.machinery.EXTENSION_SUFFIXES]
    core = next((folder / n for n in names if (folder / n).is_file()), None)
    if core is None:
        raise SystemExit(f"highspy's compiled bindings (_core) are missing from {folder}")
    binaries = [(str(core), "highspy")]
    if sys.platform.startswith("linux"):
        from bundle_elf import elf_needed

        linked = elf_needed(core)
        binaries += [(str(p), "highspy") for p in sorted(folder.iterdir()) if p.name in linked]
    _, binaries = collect_delvewheel_libs_directory("highspy", binaries=binaries)
    return binaries


def app_collection() -> tuple[list[str], list[tuple[str, str]], list[tuple[str, str]]]:
    """(hidden imports, data files, binaries) of the app, as PyInstaller's Analysis
    takes them.

    Pages, commands and exporters are imported by name at run time (importlib), so
    every module of the package is listed; Alembic loads its runtime modules by name.
    The package's data goes in whole: icons, sounds, the demo event, and the Alembic
    migrations, which Alembic reads as files (so their .py files go in as data too; the
    rest of the code is in the archive of compiled modules).
    """
    from PyInstaller.utils.hooks import collect_data_files, collect_submodules

    hidden = collect_submodules("sci4dl_desktop")
    hidden += collect_submodules(
        "alembic", filter=lambda name: not name.startswith("alembic.testing")
    )
    hidden += ["sqlalchemy.dialects.sqlite", "sqlalchemy.dialects.postgresql", "psycopg"]
    datas = collect_data_files("sci4dl_desktop", excludes=["**/__pycache__"])
    datas += collect_data_files(
        "sci4dl_desktop",
        include_py_files=True,
        includes=[f"{MIGRATIONS}/*.py", f"{MIGRATIONS}/versions/*.py"],
    )
    datas += collect_data_files("alembic")
    return hidden, datas, highs_binaries()


__all__ = [
    "DROPPED_QT_LIBRARIES",
    "EXCLUDED_MODULES",
    "KEPT_PLUGINS",
    "SYSTEM_LIBRARIES",
    "app_collection",
    "dropped_reason",
    "highs_binaries",
    "is_dropped_library",
    "keep",
    "plugin_of",
    "psycopg_left_out",
    "qt_module_of",
]
