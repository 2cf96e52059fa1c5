"""Custom actions for Family Guide, one module per capability.

Loaded by `python -m rasa_sdk --actions actions`.
"""
