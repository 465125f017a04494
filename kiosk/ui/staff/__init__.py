"""Front-desk staff area: PIN pad and requests panel."""
