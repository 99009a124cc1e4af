"""The command-line commands, one module each (see sci4dl_desktop.cli)."""
