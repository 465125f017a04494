"""One QWidget per kind of patient screen."""
