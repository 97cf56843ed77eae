"""One module per ``gpai`` command."""
