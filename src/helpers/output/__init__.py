"""What the reader sees: figures, escaped HTML, the papermill report and its parameters."""
