"""Computations behind the reports: each module serves one report or the profiles."""
