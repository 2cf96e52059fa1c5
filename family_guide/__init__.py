"""Bot-side Python for Family Guide: NLU components and helpers that Rasa loads at train/run time."""
