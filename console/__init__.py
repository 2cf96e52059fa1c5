"""Staff console: a local web app for clinic staff to review Family Guide conversations safely.

It reads Rasa's SQL tracker store and the booking store (never writing to either, except the
retention purge), keeps its own annotations and audit log in its own database, and masks
personal data unless an admin reveals a conversation for a stated reason.
"""
