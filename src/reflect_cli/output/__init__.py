"""Everything that reaches the terminal. User text is data here: never markup, never control."""
