"""Platform knowledge: URL grammars, ids, handles, endpoints."""
