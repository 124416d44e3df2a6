"""/api/v1/pensions/: thin adapters over the pensions services and selectors."""

from ninja import Router

router = Router(tags=["pensions"])
