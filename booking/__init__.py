"""Booking and callbacks: appointment config, slot engine, store, calendar files."""
