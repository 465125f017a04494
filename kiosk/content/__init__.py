"""content.yaml: the model and its validating loader (Qt-free)."""
