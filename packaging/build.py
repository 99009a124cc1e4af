"""Build the one-folder bundle for this platform, and smoke-test it.

    python packaging/build.py            # build dist/sci4dl-desktop/
    python packaging/build.py --smoke    # build, then run `selftest --demo` inside the
                                         # bundle with a clean environment (no Python on PATH)
    python packaging/build.py --smoke-only

The version comes from the installed package metadata; icons in every format the
platform needs are rendered from the SVG in the package's resources.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
DIST = ROOT / "dist"
BUNDLE = DIST / "sci4dl-desktop"
ICON_DIR = BUILD / "icons"
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


def install_linux_integration() -> None:
    """Put the .desktop file, AppStream metainfo, MIME type and icons under share/ in the bundle."""
    share = BUNDLE / "share"
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


def build() -> None:
    render_icons()
    env = dict(os.environ, SCI4DL_ICON_DIR=str(ICON_DIR))
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
            str(DIST),
            "--workpath",
            str(BUILD / "pyinstaller"),
            str(ROOT / "packaging" / "sci4dl-desktop.spec"),
        ],
        check=True,
        env=env,
    )
    if sys.platform.startswith("linux"):
        install_linux_integration()
    print(
        f"built {BUNDLE} ({folder_size(BUNDLE) / 1e6:.0f} MB), version {version('sci4dl-desktop')}"
    )


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def executable() -> Path:
    name = "sci4dl-desktop.exe" if sys.platform == "win32" else "sci4dl-desktop"
    return BUNDLE / name


def clean_env(home: Path) -> dict[str, str]:
    """No Python on PATH, no PYTHONPATH, no site-packages: only what the bundle carries."""
    empty_bin = home / "bin"
    empty_bin.mkdir(exist_ok=True)
    env = {
        "HOME": str(home),
        "PATH": str(empty_bin),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
        "XDG_RUNTIME_DIR": str(home),
    }
    if sys.platform == "win32":
        env["SYSTEMROOT"] = os.environ.get("SYSTEMROOT", r"C:\Windows")
    return env


def smoke() -> None:
    exe = executable()
    if not exe.exists():
        raise SystemExit(f"no bundle at {exe}: build it first")
    with tempfile.TemporaryDirectory(prefix="sci4dl-smoke-") as tmp:
        env = clean_env(Path(tmp))
        for args in (["--version"], ["selftest", "--demo"]):
            result = subprocess.run(
                [str(exe), *args], env=env, capture_output=True, text=True, timeout=300, cwd=tmp
            )
            print(f"$ sci4dl-desktop {' '.join(args)}\n{result.stdout.strip()}")
            if result.returncode != 0:
                print(result.stderr, file=sys.stderr)
                raise SystemExit(
                    f"bundle smoke test failed: {' '.join(args)} exited {result.returncode}"
                )
    print("bundle smoke test passed")


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
        smoke()


if __name__ == "__main__":
    main()
