"""SQL computations run by streamline.engine (shipped as package data)."""
