"""Planspiel: workshop participants play the departments of one model run on their phones.

``room`` (rooms, seats, rounds, server-side rules), ``views`` (what each side sees),
``api`` (HTTP and WebSocket routes), ``page`` (the phone page), ``trainer_view`` (the
trainer's Solara view), ``record`` (export and replay). Guide: docs/web.md.
"""
