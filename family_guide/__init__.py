"""Bot-side Python for Family Guide: NLU components and helpers Rasa loads at train/run time."""
