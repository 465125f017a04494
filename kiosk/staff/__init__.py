"""Front-desk access (Qt-free): the staff PIN and the audit log."""
