# Schemathesis hooks for the property-based run (test/openapi-fuzz.test.ts): each operation is called as a role
# it allows, read from the operation's x-roles; the tokens come from the test in FUZZ_TOKENS.
import json
import os

import schemathesis

TOKENS = json.loads(os.environ["FUZZ_TOKENS"])
# A role with the widest scope first, so that generated ids reach as far as one role can see.
PREFERENCE = ["COORDINATOR", "REVIEWER", "LEADER", "OFFICER", "BUSINESS"]


def token_for(case):
    roles = case.operation.definition.raw.get("x-roles") or []
    for role in PREFERENCE:
        if role in roles:
            return TOKENS[role]
    return None


@schemathesis.auth()
class ByRole:
    def get(self, case, ctx):
        return "per-operation"

    def set(self, case, data, ctx):
        token = token_for(case)
        if token is not None:
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}


# Ids of objects that exist (FUZZ_IDS: {"/cycles": {"id": ...}, "*": {"unitId": "D01"}}, keyed by path prefix),
# drawn half the time for a path parameter of that name, so that generated requests reach past "not found".
IDS = json.loads(os.environ.get("FUZZ_IDS", "{}"))


@schemathesis.hook
def flatmap_path_parameters(ctx, path_parameters):
    from hypothesis import strategies as st

    path = ctx.operation.path
    known = dict(IDS.get("*", {}))
    for prefix in sorted(IDS, key=len):  # the longest prefix has the last word
        if path.startswith(prefix + "/"):
            known.update(IDS[prefix])
    real = {name: value for name, value in known.items() if name in (path_parameters or {})}
    if not real:
        return st.just(path_parameters)
    return st.sampled_from([path_parameters, {**path_parameters, **real}])
