"""Pure functions for the four STC steps: they take model objects and return new ones."""
