"""Checks on every text the bot can send: banned wording, reading level, and the content report.
The tests in tests/content/ fail the build on a breach; the report shows the numbers behind them."""
