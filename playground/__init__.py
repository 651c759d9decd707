"""Playground: a desktop neural-network playground for teaching and learning."""

__version__ = "0.1.0"
