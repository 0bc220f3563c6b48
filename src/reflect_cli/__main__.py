from reflect_cli.cli import main

raise SystemExit(main())
