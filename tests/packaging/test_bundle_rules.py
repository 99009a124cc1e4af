"""The bundle's collection rules, without building a bundle: what goes in, what stays out,
and that what stays out is nothing the app loads."""

from __future__ import annotations

import importlib.util
import os
import shutil
import struct
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "sci4dl_desktop"
sys.path.insert(0, str(ROOT / "packaging"))

import bundle_elf  # noqa: E402
import bundle_rules  # noqa: E402
import smoke  # noqa: E402

QT_PLUGINS = Path(__import__("PySide6").__file__).parent / "Qt" / "plugins"
PLATFORMS = "PySide6/Qt/plugins/platforms"


@pytest.mark.parametrize(
    "dest",
    [
        # Linux wheel layout
        "PySide6/Qt/lib/libQt6Core.so.6",
        "PySide6/Qt/lib/libQt6Gui.so.6",
        "PySide6/Qt/lib/libQt6Widgets.so.6",
        "PySide6/Qt/lib/libQt6Svg.so.6",
        "PySide6/Qt/lib/libQt6Multimedia.so.6",
        "PySide6/Qt/lib/libQt6Network.so.6",
        "PySide6/Qt/lib/libQt6XcbQpa.so.6",
        "PySide6/Qt/lib/libQt6WaylandClient.so.6",
        "PySide6/Qt/lib/libicudata.so.73",
        "PySide6/QtWidgets.abi3.so",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
        "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
        "PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so",
        "PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so",
        "PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so",
        "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
        # the media backend (desk camera) and everything it links to
        "PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so",
        "PySide6/Qt/lib/libQt6Quick.so.6",
        "PySide6/Qt/lib/libQt6QmlModels.so.6",
        "PySide6/Qt/lib/libQt6MultimediaWidgets.so.6",
        "PySide6/Qt/lib/libavcodec.so.61",
        "PySide6/Qt/lib/libQt6FFmpegStub-va.so.2",
        # libraries whose Python bindings are left out (QtCharts, the media plugin, QtGui
        # and QtMultimedia link to them)
        "PySide6/Qt/lib/libQt6OpenGL.so.6",
        "PySide6/Qt/lib/libQt6DBus.so.6",
        "PySide6/Qt/lib/libQt6Concurrent.so.6",
        "PySide6/Qt6OpenGL.dll",
        "PySide6/Qt/lib/QtOpenGL.framework/Versions/A/QtOpenGL",
        # Windows wheel layout
        "PySide6/Qt6Core.dll",
        "PySide6/Qt6Multimedia.dll",
        "PySide6/plugins/multimedia/windowsmediaplugin.dll",
        "PySide6/plugins/platforms/qwindows.dll",
        "PySide6/plugins/styles/qmodernwindowsstyle.dll",
        "PySide6/plugins/imageformats/qico.dll",
        # macOS wheel layout
        "PySide6/Qt/lib/QtGui.framework/Versions/A/QtGui",
        "PySide6/Qt/plugins/platforms/libqcocoa.dylib",
        "PySide6/Qt/plugins/multimedia/libdarwinmediaplugin.dylib",
        # not Qt at all
        "sci4dl_desktop/resources/icons/sci4dl-desktop.svg",
        "libpython3.11.so.1.0",
        "highspy/_core.cpython-311-x86_64-linux-gnu.so",
        "highspy/libhighs.so.1",
    ],
)
def test_what_the_app_loads_stays(dest: str) -> None:
    assert bundle_rules.dropped_reason(dest) is None


@pytest.mark.parametrize(
    ("dest", "reason"),
    [
        ("PySide6/Qt/lib/libQt6Pdf.so.6", "QtPdf"),
        ("PySide6/Qt/lib/libQt6QuickControls2.so.6", "QtQuickControls2"),
        ("PySide6/Qt/lib/libQt6VirtualKeyboard.so.6", "QtVirtualKeyboard"),
        ("PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so.6", "QtEglFSDeviceIntegration"),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", "platforms/qeglfs"),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", "platforms/qvnc"),
        ("PySide6/Qt/plugins/imageformats/libqpdf.so", "imageformats/qpdf"),
        (
            "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
            "qtvirtualkeyboardplugin",
        ),
        ("PySide6/Qt/translations/qtbase_de.qm", "Qt translations"),
        ("libcups.so.2", "CUPS"),
        ("libpulse.so.0", "PulseAudio"),
        ("libgnutls.so.30", "GnuTLS"),
        ("PySide6/Qt6Pdf.dll", "QtPdf"),
        ("PySide6/plugins/platforms/qdirect2d.dll", "platforms/qdirect2d"),
        ("PySide6/translations/qt_fr.qm", "Qt translations"),
        ("PySide6/Qt/lib/QtPdf.framework/Resources/Info.plist", "QtPdf"),
        ("PySide6/Qt/lib/QtVirtualKeyboard.framework/Versions/A/QtVirtualKeyboard", "Keyboard"),
    ],
)
def test_what_the_app_never_loads_is_left_out(dest: str, reason: str) -> None:
    assert reason in (bundle_rules.dropped_reason(dest) or "")


def test_the_rules_read_the_plugin_names_of_this_qt() -> None:
    if not (QT_PLUGINS / "platforms" / "libqxcb.so").exists():
        pytest.skip("needs the Linux PySide6 wheel's plugins")
    names = {p.name for p in (QT_PLUGINS / "platforms").iterdir()}
    kept = {n for n in names if not bundle_rules.dropped_reason(f"{PLATFORMS}/{n}")}
    assert kept == {"libqxcb.so", "libqwayland.so", "libqoffscreen.so"}
    assert {"libqeglfs.so", "libqlinuxfb.so", "libqvnc.so", "libqminimal.so"} <= names - kept


Collection = tuple[list[str], list[tuple[str, str]], list[tuple[str, str]]]


@pytest.fixture(scope="module")
def collection() -> Collection:
    """The spec's hidden imports, data files and binaries (PyInstaller inspects the
    package in a subprocess: a few seconds, once)."""
    return bundle_rules.app_collection()


def test_every_resource_and_migration_is_bundled(collection: Collection) -> None:
    _, datas, _ = collection
    bundled = {
        f"{dest}/{Path(source).name}"
        for source, dest in datas
        if bundle_rules.dropped_reason(f"{dest}/{Path(source).name}") is None
    }
    expected = {
        f"sci4dl_desktop/{path.relative_to(PACKAGE).as_posix()}"
        for folder in ("resources", "store/migrations")
        for path in (PACKAGE / folder).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert any(name.endswith(".svg") for name in expected)
    assert any("/migrations/versions/0001" in name for name in expected)
    assert expected - bundled == set()
    # the rest of the code is compiled into the archive, not copied as files
    assert "sci4dl_desktop/cli.py" not in bundled


def test_every_module_loaded_by_name_is_bundled(collection: Collection) -> None:
    from sci4dl_desktop.cli import COMMAND_MODULES
    from sci4dl_desktop.commands.export import EXPORT_OPTIONS, EXPORTERS
    from sci4dl_desktop.ui.pages import PAGES

    hidden, _, _ = collection
    named = {*COMMAND_MODULES, *(ref.partition(":")[0] for ref in EXPORTERS.values())}
    named |= {ref.partition(":")[0] for ref in EXPORT_OPTIONS}
    named |= {spec.factory.partition(":")[0] for spec in PAGES}
    assert len(named) > 10
    assert named - set(hidden) == set()
    assert not [name for name in hidden if name.startswith("alembic.testing")]


def test_highs_goes_in_as_its_compiled_bindings_and_one_library(collection: Collection) -> None:
    """The solver's extension module and the HiGHS library it links, once, under the
    name it links; nothing of highspy's Python package (its front end imports NumPy)."""
    import importlib.util

    _, _, binaries = collection
    spec = importlib.util.find_spec("highspy")
    assert spec is not None and spec.submodule_search_locations
    folder = Path(next(iter(spec.submodule_search_locations)))
    names = [Path(source).name for source, dest in binaries if dest == "highspy"]
    assert [n for n in names if n.startswith("_core.")] == [
        p.name for p in folder.glob("_core.*") if p.suffix in (".so", ".pyd")
    ]
    assert not [n for n in names if n.endswith(".py")]
    assert "highspy" in bundle_rules.EXCLUDED_MODULES
    linked = [p.name for p in folder.glob("libhighs.so.*")]
    if linked:  # highspy >= 1.15 on Linux: libhighs.so.1 and a copy under the full version
        core = next(folder.glob("_core.*.so"))
        (wanted,) = [n for n in bundle_elf.elf_needed(core) if n.startswith("libhighs")]
        assert sorted(n for n in names if n.startswith("libhighs")) == [wanted]
        assert len(linked) > 1  # the copy that stays out


@pytest.mark.slow
def test_the_app_runs_without_the_excluded_modules(tmp_path: Path) -> None:
    """Every module of the app imports, and the solver, QR codes and calendars work, with
    the excluded modules made unimportable (PyInstaller also follows lazy imports, so
    this is what the bundle's own exclusions must survive)."""
    import importlib.util

    blocked = list(bundle_rules.EXCLUDED_MODULES)
    highspy = importlib.util.find_spec("highspy")
    assert highspy is not None and highspy.submodule_search_locations
    bindings = [str(p) for p in highspy.submodule_search_locations]
    script = textwrap.dedent(
        f"""
        import importlib, importlib.abc, importlib.machinery, pkgutil, sys
        BLOCKED = {blocked!r}
        class Blocker(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path, target=None):
                if name == "highspy":  # in the bundle: a folder with the bindings alone
                    spec = importlib.machinery.ModuleSpec(name, None, is_package=True)
                    spec.submodule_search_locations = {bindings!r}
                    return spec
                if any(name == b or name.startswith(b + ".") for b in BLOCKED):
                    raise ImportError("excluded from the bundle: " + name)
        sys.meta_path.insert(0, Blocker())
        import sci4dl_desktop
        for module in pkgutil.walk_packages(sci4dl_desktop.__path__, "sci4dl_desktop."):
            if not module.name.endswith("__main__"):
                importlib.import_module(module.name)
        from sci4dl_desktop.domain.highs import Milp, Status, solve_milp
        result = solve_milp(Milp([-1.0, -2.0], [0.0, 0.0], [1.0, 1.0], [True, True],
                                 [0.0], [1.0], [0, 2], [0, 1], [1.0, 1.0]), time_limit=10)
        assert result.status is Status.OPTIMAL and result.x == [0.0, 1.0], result
        import qrcode
        code = qrcode.QRCode(border=0)
        code.add_data("S4D1:ABCDEF:S26-0001:1:ABCDEFGHIJKLMNOP")
        assert len(code.get_matrix()) >= 21
        from icalendar import Calendar
        assert b"BEGIN:VCALENDAR" in Calendar().to_ical()
        leaked = [m for m in sys.modules
                  if m.split(".")[0] in ("PIL", "lxml", "pytz", "mypy", "numpy", "scipy")]
        assert not leaked, leaked
        print("ok")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=300,
    )
    assert result.stdout.strip().endswith("ok"), result.stderr[-3000:]


def test_library_check_finds_a_plugin_that_needs_a_left_out_library(tmp_path: Path) -> None:
    pdf = QT_PLUGINS / "imageformats" / "libqpdf.so"
    xcb = QT_PLUGINS / "platforms" / "libqxcb.so"
    if not (pdf.exists() and xcb.exists()):
        pytest.skip("needs the Linux PySide6 wheel's plugins")
    assert "libQt6XcbQpa.so.6" in bundle_elf.elf_needed(xcb)
    (tmp_path / "kept").mkdir()
    shutil.copy(xcb, tmp_path / "kept")
    with pytest.raises(smoke.SmokeFailure, match=r"libqxcb.so needs libQt6XcbQpa.so.6 \(missing\)"):
        smoke.check_libraries(tmp_path)
    shutil.copy(pdf, tmp_path / "kept")
    with pytest.raises(smoke.SmokeFailure, match=r"libqpdf.so needs libQt6Pdf.so.6 \(left out\)"):
        smoke.check_libraries(tmp_path)


def _elf64_with_load(offset: int, address: int, align: int) -> bytes:
    header = bytearray(64)
    header[:6] = b"\x7fELF\x02\x01"
    struct.pack_into("<Q", header, 32, 64)  # program headers right after this header
    struct.pack_into("<HH", header, 54, 56, 1)
    program = struct.pack("<IIQQQQQQ", 1, 5, offset, address, address, 0x100, 0x100, align)
    return bytes(header) + program


def test_a_stripped_library_the_loader_would_refuse_stays_unstripped(tmp_path: Path) -> None:
    good = tmp_path / "good.so"
    good.write_bytes(_elf64_with_load(0x1000, 0x201000, 0x1000))
    shifted = tmp_path / "shifted.so"  # what strip makes of a patchelf-ed OpenBLAS
    shifted.write_bytes(_elf64_with_load(0x1000, 0x201010, 0x1000))
    not_elf = tmp_path / "notes.txt"
    not_elf.write_text("hello", "utf-8")
    assert bundle_elf.strip_is_safe(good)
    assert not bundle_elf.strip_is_safe(shifted)
    assert not bundle_elf.strip_is_safe(not_elf)


def test_libraries_only_left_out_files_needed_are_pruned() -> None:
    plugin = QT_PLUGINS / "printsupport" / "libcupsprintersupport.so"
    system = Path("/usr/lib/x86_64-linux-gnu")
    cups, avahi = system / "libcups.so.2", system / "libavahi-client.so.3"
    if not (plugin.exists() and cups.exists() and avahi.exists()):
        pytest.skip("needs the Linux PySide6 print plugin and the system's libcups")
    assert "libavahi-client.so.3" in bundle_elf.elf_needed(cups)
    before = [
        ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", str(plugin), "BINARY"),
        ("libcups.so.2", str(cups), "BINARY"),
        ("libavahi-client.so.3", str(avahi), "BINARY"),
    ]
    after = bundle_rules.keep(before)
    assert [dest for dest, _, _ in after] == [before[0][0], "libavahi-client.so.3"]
    assert bundle_elf.orphaned_by_filtering(before, after) == {"libavahi-client.so.3"}
    # a library nothing links to in the first place (loaded with dlopen) stays
    assert bundle_elf.orphaned_by_filtering(before[2:], before[2:]) == set()


def test_libpq_s_ldap_library_stays_and_gnutls_goes_with_its_own_chain() -> None:
    """psycopg-c -> libpq -> LDAP stay bundled; the GnuTLS LDAP links to is the system's,
    and what only GnuTLS needed (nettle, p11-kit, ...) is pruned with it."""
    system = Path("/usr/lib/x86_64-linux-gnu")
    chain = [system / name for name in ("libpq.so.5", "libldap-2.5.so.0", "libgnutls.so.30")]
    nettle = system / "libnettle.so.8"
    psycopg_c = importlib.util.find_spec("psycopg_c")
    if psycopg_c is None or not all(path.exists() for path in (*chain, nettle)):
        pytest.skip("needs psycopg-c and Debian 12's libpq5, libldap-2.5-0 and libgnutls30")
    assert psycopg_c.submodule_search_locations is not None
    folder = Path(next(iter(psycopg_c.submodule_search_locations)))
    extension = next(folder.glob("_psycopg.*.so"))
    assert "libgnutls.so.30" in bundle_elf.elf_needed(str(chain[1]))
    assert "libnettle.so.8" in bundle_elf.elf_needed(str(chain[2]))
    before = [
        (f"psycopg_c/{extension.name}", str(extension), "EXTENSION"),
        *((path.name, str(path), "BINARY") for path in (*chain, nettle)),
    ]
    after = bundle_rules.keep(before)
    kept = [dest for dest, _, _ in after]
    assert kept == [before[0][0], "libpq.so.5", "libldap-2.5.so.0", "libnettle.so.8"]
    assert bundle_elf.orphaned_by_filtering(before, after) == {"libnettle.so.8"}


def test_load_check_finds_a_library_strip_broke(tmp_path: Path) -> None:
    """What `strip` makes of NumPy's patchelf-ed OpenBLAS: the safety rule refuses it, and
    the smoke test's load check would catch it if it slipped into a bundle."""
    import numpy

    libs = Path(numpy.__file__).parent.parent / "numpy.libs"
    openblas = next(libs.glob("libscipy_openblas*.so"), None)
    if openblas is None or shutil.which("strip") is None:
        pytest.skip("needs the Linux NumPy wheel and binutils' strip")
    internal = tmp_path / "_internal"
    internal.mkdir()
    broken = internal / openblas.name
    subprocess.run(["strip", "--strip-unneeded", "-o", str(broken), str(openblas)], check=True)
    assert not bundle_elf.strip_is_safe(broken)
    with pytest.raises(smoke.SmokeFailure, match=r"not page-aligned|not properly aligned"):
        smoke.check_loadable(tmp_path)
    shutil.copy(openblas, broken)  # unstripped, as the spec keeps it
    smoke.check_loadable(tmp_path)


def test_qt_libraries_only_a_left_out_plugin_needed_are_pruned() -> None:
    """The virtual keyboard plugin is what brings QtQuick into a widgets-only bundle; with
    the plugin out, QtQuick goes too, unless a kept plugin (the media backend) needs it."""
    lib = QT_PLUGINS.parent / "lib"
    names = ("Quick", "Qml", "QmlModels", "QmlMeta", "QmlWorkerScript", "VirtualKeyboard")
    libraries = [
        ("PySide6/Qt/lib/" + p.name, str(p), "BINARY")
        for n in names
        for p in lib.glob(f"libQt6{n}.so.*")
    ]
    plugins = {
        "keyboard": QT_PLUGINS / "platforminputcontexts" / "libqtvirtualkeyboardplugin.so",
        "xcb": QT_PLUGINS / "platforms" / "libqxcb.so",
        "media": QT_PLUGINS / "multimedia" / "libffmpegmediaplugin.so",
    }
    if len(libraries) != len(names) or not all(p.exists() for p in plugins.values()):
        pytest.skip("needs the Linux PySide6 wheels")
    entry = {
        k: (f"PySide6/Qt/plugins/{p.parent.name}/{p.name}", str(p), "BINARY")
        for k, p in plugins.items()
    }
    before = [entry["keyboard"], entry["xcb"], *libraries]
    pruned = bundle_elf.orphaned_by_filtering(before, bundle_rules.keep(before))
    assert {"PySide6/Qt/lib/libQt6Quick.so.6", "PySide6/Qt/lib/libQt6Qml.so.6"} <= pruned
    with_media = [entry["media"], *before]
    assert bundle_elf.orphaned_by_filtering(with_media, bundle_rules.keep(with_media)) == set()
