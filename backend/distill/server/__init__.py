"""Serving a team: the Flask app and its API over the pipeline, with who may call it (access),
tokens, rate limits, the answer cache, metrics, request logs, and gunicorn's configuration.
"""
