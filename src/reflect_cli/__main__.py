from reflect_cli.launch import main

raise SystemExit(main())
