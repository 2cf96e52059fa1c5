"""Development tools for the people who write the bot's content and data; Rasa never loads them."""
