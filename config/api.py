"""Wires every module's router into /api/v1 (modules never import each other's routers)."""

from django.http import HttpRequest, JsonResponse

from chatr.api.base import create_api
from chatr.core.errors import NotFoundError

api = create_api()
api.add_router("/org/", "chatr.org.api.router")
api.add_router("/audit/", "chatr.audit.api.router")
api.add_router("/watchdog/", "chatr.watchdog.api.router")
api.add_router("/registry/coverage/", "chatr.registry.api_coverage.router")
api.add_router("/registry/", "chatr.registry.api.router")
api.add_router("/pensions/", "chatr.pensions.api.router")
api.add_router("/centers/", "chatr.centers.api.router")
api.add_router("/transparency/", "chatr.transparency.api.router")
api.add_router("/eservices/", "chatr.eservices.api.router")


def api_not_found(request: HttpRequest, *args: object, **kwargs: object) -> JsonResponse:
    """Paths under /api/ that no router matches answer in the one error shape."""
    return JsonResponse(NotFoundError().as_dict(), status=404)
