"""Build the one-folder bundle for this platform, and smoke-test it.

    python packaging/build.py            # build dist/sci4dl-desktop/
    python packaging/build.py --smoke    # build, then run the app's commands inside the
                                         # bundle with a clean environment (see smoke.py)
    python packaging/build.py --smoke-only

The version comes from the installed package metadata; icons in every format the
platform needs are rendered from the SVG in the package's resources. What the bundle
leaves out is decided in bundle_rules.py and applied by sci4dl-desktop.spec.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
DIST = ROOT / "dist"
BUNDLE = DIST / "sci4dl-desktop"
ICON_DIR = BUILD / "icons"
SPEC = ROOT / "packaging" / "sci4dl-desktop.spec"
APP_ID = "io.github.sci4dl.Desktop"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def app_svg() -> Path:
    return Path(str(files("sci4dl_desktop.resources") / "icons" / "sci4dl-desktop.svg"))


def render_icons() -> None:
    """PNGs in the standard sizes, plus .ico and .icns, from the app's SVG."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    ICON_DIR.mkdir(parents=True, exist_ok=True)
    renderer = QSvgRenderer(str(app_svg()))
    if not renderer.isValid():
        raise SystemExit(f"cannot read the app icon {app_svg()}")
    for size in PNG_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        image.save(str(ICON_DIR / f"sci4dl-desktop-{size}.png"))
    largest = Image.open(ICON_DIR / "sci4dl-desktop-512.png")
    largest.save(
        ICON_DIR / "sci4dl-desktop.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)]
    )
    largest.save(ICON_DIR / "sci4dl-desktop.icns")


def install_linux_integration(bundle: Path) -> None:
    """Put the .desktop file, AppStream metainfo, MIME type and icons under share/ in the
    bundle, laid out as in /usr/share, so installing is one copy (see docs/packaging.md)."""
    share = bundle / "share"
    linux = ROOT / "packaging" / "linux"
    (share / "applications").mkdir(parents=True, exist_ok=True)
    (share / "metainfo").mkdir(parents=True, exist_ok=True)
    (share / "mime" / "packages").mkdir(parents=True, exist_ok=True)
    shutil.copy(linux / f"{APP_ID}.desktop", share / "applications")
    shutil.copy(linux / f"{APP_ID}.metainfo.xml", share / "metainfo")
    shutil.copy(linux / f"{APP_ID}.xml", share / "mime" / "packages")
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True, exist_ok=True)
    shutil.copy(app_svg(), scalable / f"{APP_ID}.svg")
    for size in PNG_SIZES:
        folder = share / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(ICON_DIR / f"sci4dl-desktop-{size}.png", folder / f"{APP_ID}.png")


def run_pyinstaller(dist: Path, work: Path, extra_env: dict[str, str] | None = None) -> None:
    """Run PyInstaller on the spec: the same command for the app and for a bare script."""
    env = dict(os.environ, SCI4DL_ICON_DIR=str(ICON_DIR), **(extra_env or {}))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(SPEC),
        ],
        check=True,
        env=env,
    )


def build(dist: Path = DIST, work: Path = BUILD / "pyinstaller") -> Path:
    """Render the icons, bundle the app into dist/sci4dl-desktop/, and return that folder."""
    started = time.perf_counter()
    render_icons()
    run_pyinstaller(dist, work)
    bundle = dist / "sci4dl-desktop"
    if sys.platform.startswith("linux"):
        install_linux_integration(bundle)
    print(
        f"built {bundle} ({folder_size(bundle) / 1e6:.0f} MB), "
        f"version {version('sci4dl-desktop')}, in {time.perf_counter() - started:.0f} s"
    )
    return bundle


def build_script(script: Path, name: str, dist: Path, work: Path) -> Path:
    """Bundle another script with the app's spec: the same options and rules, none of the
    app's modules or data. Returns the bundle folder."""
    run_pyinstaller(dist, work, {"SCI4DL_BUNDLE_SCRIPT": str(script), "SCI4DL_BUNDLE_NAME": name})
    return dist / name


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def executable(bundle: Path = BUNDLE, name: str = "sci4dl-desktop") -> Path:
    return bundle / (f"{name}.exe" if sys.platform == "win32" else name)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--smoke", action="store_true", help="build, then smoke-test the bundle")
    parser.add_argument("--smoke-only", action="store_true", help="smoke-test an existing bundle")
    args = parser.parse_args()
    if not args.smoke_only:
        build()
    if args.smoke or args.smoke_only:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from smoke import smoke

        smoke(executable())


if __name__ == "__main__":
    main()
