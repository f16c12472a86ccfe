"""Village's own checks for Schemathesis (loaded with SCHEMATHESIS_HOOKS=village_checks).

A development stack answers every request with what it spent (the X-Village-Cost header):
its own KV writes and deletes and messages sent, and, as object_writes, whatever the Durable
Objects it called stored or sent on its behalf. A refused request must leave nothing behind.
"""

import schemathesis

CHANGES = ("kv_writes", "kv_deletes", "fetches", "object_writes")


def spent(response):
    values = response.headers.get("x-village-cost") or response.headers.get("X-Village-Cost") or []
    text = values[0] if isinstance(values, list) and values else (values or "")
    return dict(pair.split("=", 1) for pair in text.split() if "=" in pair)


@schemathesis.check
def nothing_stored_by_a_refusal(ctx, response, case):
    if response.status_code < 400:
        return None
    cost = spent(response)
    missing = [name for name in CHANGES if name not in cost]
    if missing:
        raise AssertionError(f"the answer does not say what it spent ({', '.join(missing)} missing from X-Village-Cost)")
    left = {name: cost[name] for name in CHANGES if cost[name] != "0"}
    if left:
        raise AssertionError(f"refused with {response.status_code}, yet changed something: {left}")
    return None
