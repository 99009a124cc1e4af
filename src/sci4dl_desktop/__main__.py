from sci4dl_desktop.cli import main

raise SystemExit(main())
