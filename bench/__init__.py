"""`make bench`: benchmark of the whole assistant against Rasa's default pipeline (bench/run.py)."""
