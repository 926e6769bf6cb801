"""Python-Markdown extensions (no MkDocs import): numbered paragraphs and glossary links."""
