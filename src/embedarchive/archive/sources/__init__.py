"""Remote sources: platform endpoints and web archives."""
