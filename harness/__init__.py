"""The live-stack harness: start the bot or the production profile, drive it, score its parses.

Shared by the tests and the benchmarks so both exercise exactly the same services.
"""
