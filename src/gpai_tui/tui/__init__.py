"""The Textual app. Only this package (and ``gpai open``/``gpai new``) imports Textual."""
