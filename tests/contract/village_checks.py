"""Village's own check for Schemathesis (loaded with SCHEMATHESIS_HOOKS=village_checks).

A development stack answers every request with what it spent (the X-Village-Cost header:
KV reads, writes, deletes and lists, object calls, fetches). A refused request must leave
nothing behind: no KV write or delete and no message sent.
"""

import schemathesis


def spent(response):
    values = response.headers.get("x-village-cost") or response.headers.get("X-Village-Cost") or []
    text = values[0] if isinstance(values, list) and values else (values or "")
    return dict(pair.split("=", 1) for pair in text.split() if "=" in pair)


@schemathesis.check
def nothing_stored_by_a_refusal(ctx, response, case):
    if response.status_code < 400:
        return None
    cost = spent(response)
    if not cost:
        raise AssertionError("the answer carries no X-Village-Cost header (is the stack in development?)")
    left = {name: cost.get(name, "0") for name in ("kv_writes", "kv_deletes", "fetches")}
    if any(value != "0" for value in left.values()):
        raise AssertionError(f"refused with {response.status_code}, yet spent {left}")
    return None
