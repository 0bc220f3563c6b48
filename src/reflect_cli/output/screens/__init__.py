"""Every screen reflect draws, by subject: commands hand each function plain data and print the
Rich renderable it returns (through `output.console`). User text only ever goes in through
`output.safe` (`user`, `visible`, `one_line`)."""
