"""Wires every module's router into /api/v1 (modules never import each other's routers)."""

from chatr.api.base import create_api

api = create_api()
api.add_router("/org/", "chatr.org.api.router")
api.add_router("/audit/", "chatr.audit.api.router")
