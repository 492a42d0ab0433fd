"""Commands of this group are registered here (see truceline.cli.app)."""
