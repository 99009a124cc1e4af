"""The layers point one way: only ui/ (and the entry modules) may import PySide6."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "sci4dl_desktop"
ALLOWED = {PACKAGE / "app.py", PACKAGE / "__main__.py"}


def qt_imports(path: Path) -> list[str]:
    """'line N: import X' for every PySide6 import in the file, at any depth."""
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, (ast.Name, ast.Attribute))
            and (node.func.id if isinstance(node.func, ast.Name) else node.func.attr)
            in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names = [node.args[0].value]
        found += [f"line {node.lineno}: {n}" for n in names if n.split(".")[0] == "PySide6"]
    return found


def test_only_the_ui_layer_imports_pyside6() -> None:
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path in ALLOWED or (PACKAGE / "ui") in path.parents:
            continue
        if found := qt_imports(path):
            offenders[str(path.relative_to(PACKAGE))] = found
    assert not offenders, (
        "Only sci4dl_desktop/ui/ may import PySide6 (plus app.py and __main__.py); "
        f"move the Qt code into ui/ or pass plain data across: {offenders}"
    )


def test_the_check_sees_every_form_of_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os\n"
        "import PySide6.QtCore\n"
        "from PySide6.QtWidgets import QWidget\n"
        "def later():\n"
        "    from PySide6 import QtGui\n"
        "    importlib.import_module('PySide6.QtSvg')\n"
        "from .PySide6 import nothing\n",  # a relative import is a local module, not Qt
        encoding="utf-8",
    )
    assert qt_imports(sample) == [
        "line 2: PySide6.QtCore",
        "line 3: PySide6.QtWidgets",
        "line 5: PySide6",
        "line 6: PySide6.QtSvg",
    ]
