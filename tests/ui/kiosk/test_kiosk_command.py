"""`sci4dl-desktop --kiosk`: refuses without a staff PIN, and says how to set one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sci4dl_desktop.cli import build_parser
from sci4dl_desktop.store.database import Database


def test_kiosk_flag_is_parsed() -> None:
    assert build_parser().parse_args(["--kiosk", "--demo"]).kiosk is True
    assert build_parser().parse_args([]).kiosk is False


def test_kiosk_without_pin_refuses_in_a_real_process(demo_db: Database, tmp_path: Path) -> None:
    """A real start: the refusal box is answered "Cancel" by Escape, then it exits 2."""
    script = tmp_path / "run.py"
    script.write_text(
        "import sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication, QMessageBox\n"
        "from sci4dl_desktop.app import make_application\n"
        "from sci4dl_desktop.cli import main\n"
        "app = make_application()\n"
        "def answer():\n"
        "    box = QApplication.activeModalWidget()\n"
        "    if isinstance(box, QMessageBox):\n"
        "        print('BOX:', box.text().replace(chr(10), ' '), flush=True)\n"
        "        box.reject()\n"
        "    else:\n"
        "        QTimer.singleShot(50, answer)\n"
        "QTimer.singleShot(50, answer)\n"
        f"sys.exit(main(['--kiosk', '--db', {str(demo_db.file_path)!r}]))\n"
    )
    demo_db.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 2, done.stderr
    assert "BOX: The kiosk needs a staff PIN first" in done.stdout
    assert "sci4dl-desktop kiosk-pin --db EVENT_FILE" in done.stderr
