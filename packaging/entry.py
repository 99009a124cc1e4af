"""Entry point of the bundled app (the same as `python -m sci4dl_desktop`)."""

from sci4dl_desktop.cli import main

raise SystemExit(main())
