"""Resolution of embeds: the local store, the remote sources, the resolver and verification."""
