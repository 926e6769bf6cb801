"""The content model, validation and rendering helpers, free of any MkDocs import."""
