"""/api/v1/registry/coverage/: coverage figures per province and county."""

from ninja import Router

router = Router(tags=["registry"])
