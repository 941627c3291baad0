"""Writes for events. `registration`: who holds a place; `staff`: what staff do; `housekeeping`: periodic work."""
