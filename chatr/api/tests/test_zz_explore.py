import json
def test_explore(world, client):
    for url in ["/api/v1/org/units?limit=500", "/api/v1/org/units?limit=abc", "/api/v1/org/units/NOPE", "/api/v1/org/me", "/api/v1/org/units?kind=province&limit=2", "/api/v1/org/units?offset=500"]:
        r = client.get(url)
        print(url, r.status_code, r.content[:600])
    from chatr.org.api import router
    print(router.path_operations.keys())
    op = router.path_operations["/units"].operations[0]
    print(op.throttle_objects)
