"""Distill: reader view and extractive summary for any news page."""

__version__ = "0.1.0"
