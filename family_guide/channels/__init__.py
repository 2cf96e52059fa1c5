"""Rasa input channels."""
