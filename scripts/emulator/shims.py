"""
Shims on moto 5.2.1's server for what the stacks need and moto does not do (or does in a way AWS does not).
Each shim names the call, what moto does without it, and what it does instead; shims_test.py proves each one,
including that moto without it still misbehaves (so a shim that became unnecessary is noticed on upgrade).
Gaps not shimmed are in gaps.json (resource types left out of the apply, with the reason).
"""
import fnmatch
import json
import threading

import moto

EXPECTED_MOTO = "5.2.1"

# The request being served (set by RequestContextMiddleware; moto's server handles each request in its own thread).
_request = threading.local()


class RequestContextMiddleware:
    """WSGI middleware: remembers the scheme and headers of the request this thread serves."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        _request.scheme = environ.get("wsgi.url_scheme", "http")
        _request.headers = {k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")}
        try:
            return self.app(environ, start_response)
        finally:
            _request.scheme = None
            _request.headers = None


def request_condition_values():
    """The condition keys of the current request that the bucket-policy shim evaluates."""
    headers = getattr(_request, "headers", None) or {}
    values = {"aws:securetransport": "true" if getattr(_request, "scheme", None) == "https" else "false"}
    for h in ("x-amz-server-side-encryption", "x-amz-server-side-encryption-aws-kms-key-id"):
        if h in headers:
            values["s3:" + h] = headers[h]
    return values


class UnsupportedCondition(Exception):
    pass


def _as_list(v):
    return v if isinstance(v, list) else [v]


def _matches(patterns, value):
    return any(fnmatch.fnmatchcase(value.lower(), p.lower()) for p in _as_list(patterns))


def _condition_holds(operator, key, expected, ctx):
    """IAM condition semantics for the operators the stacks' bucket policies use.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html"""
    if_exists = operator.endswith("IfExists")
    op = operator[: -len("IfExists")] if if_exists else operator
    actual = ctx.get(key.lower())
    expected = [str(e).lower() if isinstance(e, bool) else str(e) for e in _as_list(expected)]
    if op not in ("Null", "Bool", "StringEquals", "StringNotEquals", "StringLike", "StringNotLike"):
        raise UnsupportedCondition(f"{operator} on {key}")
    if op == "Null":
        return (actual is None) == (expected[0].lower() == "true")
    if actual is None:
        # A missing key: negated operators match, the others do not (IfExists: the condition holds).
        return if_exists or op.startswith("StringNot") or op.startswith("ArnNot")
    if op == "Bool":
        return actual.lower() in [e.lower() for e in expected]
    if op == "StringEquals":
        return actual in expected
    if op == "StringNotEquals":
        return actual not in expected
    if op == "StringLike":
        return any(fnmatch.fnmatchcase(actual, e) for e in expected)
    if op == "StringNotLike":
        return not any(fnmatch.fnmatchcase(actual, e) for e in expected)
    raise UnsupportedCondition(f"{operator} on {key}")


def evaluate_bucket_policy(policy_json, action, resource, ctx):
    """PERMITTED / DENIED / NEUTRAL for a request, from the statements whose principal is everyone ("*" or
    {"AWS": "*"}); statements naming principals are left to moto (NEUTRAL), as moto does. Unlike moto 5.2.1, the
    conditions are evaluated, and a statement whose conditions do not hold does not apply (moto denies)."""
    from moto.iam.access_control import PermissionResult

    permitted = False
    for st in _as_list(json.loads(policy_json)["Statement"]):
        principal = st.get("Principal")
        if principal not in ("*", {"AWS": "*"}):
            continue
        if "Action" in st and not _matches(st["Action"], action):
            continue
        if "NotAction" in st and _matches(st["NotAction"], action):
            continue
        if "Resource" in st and not _matches(st["Resource"], resource):
            continue
        if "NotResource" in st and _matches(st["NotResource"], resource):
            continue
        conditions = st.get("Condition") or {}
        if not all(_condition_holds(op, k, v, ctx) for op, kv in conditions.items() for k, v in kv.items()):
            continue
        if st["Effect"] == "Deny":
            return PermissionResult.DENIED
        permitted = True
    return PermissionResult.PERMITTED if permitted else PermissionResult.NEUTRAL


def _shim_bucket_policy_conditions():
    """S3 object calls (HeadObject, GetObject, PutObject, DeleteObject): moto evaluates bucket-policy statements
    with principal "*" but ignores their conditions, and a statement whose conditions it cannot verify DENIES,
    whatever its effect. The state bucket policy (Deny s3:* unless aws:SecureTransport; Deny PutObject unless
    x-amz-server-side-encryption = aws:kms) therefore refuses every state read and write. The shim evaluates the
    conditions against the request (scheme, SSE headers), so the policy refuses exactly what AWS refuses."""
    from moto.s3.models import FakeBucket
    from moto.iam.access_control import PermissionResult

    def get_permission(self, action, resource):
        if self.policy is None:
            return PermissionResult.NEUTRAL
        return evaluate_bucket_policy(self.policy.decode(), action, resource, request_condition_values())

    FakeBucket.get_permission = get_permission


def register_zone_id(account_id, zone_id, name):
    """The hosted zone `name` that `account_id` creates gets `zone_id` (moto's custom-id hook)."""
    from moto.route53.models import HostedZoneIdentifier
    from moto.utilities.id_generator import moto_id_manager

    bare = name.rstrip(".")
    for n in (bare, bare + "."):
        moto_id_manager.set_custom_id(HostedZoneIdentifier(account_id, n, None), zone_id)


SHIMS = [_shim_bucket_policy_conditions]


def install():
    if moto.__version__ != EXPECTED_MOTO:
        raise SystemExit(f"the emulator shims are written for moto {EXPECTED_MOTO}, found {moto.__version__}: pip install \"moto[server]=={EXPECTED_MOTO}\"")
    for shim in SHIMS:
        shim()


def wrap(app):
    """The WSGI app with the middleware the shims need."""
    return RequestContextMiddleware(app)
