"""Continuum as a service for one council: the front door's queue, panels, reviews, policy what-ifs.

It depends only on the engine's public API (`engine.api`); the engine never imports it.
"""
