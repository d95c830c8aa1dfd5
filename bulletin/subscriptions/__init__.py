"""Who receives the bulletin: the public sign-up with double opt-in, the members' opt-out and
the one-click unsubscribe of RFC 8058."""
