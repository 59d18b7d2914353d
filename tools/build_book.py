"""Build the book (placeholder until the book issue lands: builds what exists)."""
print("==> [book] nothing to build yet")
