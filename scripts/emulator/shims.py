"""
Shims on moto 5.2.1's server for what the stacks need and moto does not do (or does in a way AWS does not).
Each shim names the call, what moto does without it, and what it does instead; shims_test.py proves each one,
including that moto without it still misbehaves (so a shim that became unnecessary is noticed on upgrade).
Gaps not shimmed are in gaps.json (resource types left out of the apply, with the reason).
"""
import fnmatch
import json
import random
import string
import threading

import moto

EXPECTED_MOTO = "5.2.1"

# The request being served (set by RequestContextMiddleware; moto's server handles each request in its own thread).
_request = threading.local()


class RequestContextMiddleware:
    """WSGI middleware: remembers the scheme and headers of the request this thread serves, and answers the
    operations moto does not implement (the fakes below) before moto sees them."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        import json as _json

        answer = answer_fake(environ)
        if answer is not None:
            status, body = answer
            xml = body.get("__xml__") if isinstance(body, dict) else None
            data = xml.encode() if xml is not None else (b"" if status == 204 else _json.dumps(body).encode())
            reason = {200: "OK", 201: "Created", 204: "No Content", 404: "Not Found", 409: "Conflict"}.get(status, "Error")
            ctype = "text/xml" if xml is not None else "application/x-amz-json-1.1"
            headers = [("Content-Type", ctype), ("Content-Length", str(len(data))), ("x-amzn-RequestId", "shim")]
            if xml is not None and body.get("__etag__"):
                headers.append(("ETag", body["__etag__"]))
            if xml is not None:
                start_response(f"{status} {reason}", headers)
                return [data]
            if status >= 400:
                default = "ResourceNotFoundException" if status == 404 else "ConflictException"
                headers.append(("x-amzn-ErrorType", body.get("__type", default) if isinstance(body, dict) else default))
            start_response(f"{status} {reason}", headers)
            return [data]
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


def _shim_cloudtrail_logging_by_arn():
    """CloudTrail StartLogging/StopLogging: AWS accepts the trail's name or ARN (the provider sends the ARN); moto
    looks the name up in a dict and fails with a 500 (KeyError) for an ARN. The shim resolves either."""
    from moto.cloudtrail.models import CloudTrailBackend

    CloudTrailBackend.start_logging = lambda self, name: self.get_trail(name).start_logging()
    CloudTrailBackend.stop_logging = lambda self, name: self.get_trail(name).stop_logging()


def _shim_guardduty_features_merge():
    """GuardDuty UpdateDetector(features=[...]): AWS updates the named features and keeps the others (the provider's
    aws_guardduty_detector_feature sends one feature per call); moto replaces the whole list, so every feature but
    the last written reads back missing ("empty result"). The shim merges by name."""
    from moto.guardduty.models import Detector

    original = Detector.update

    def update(self, enable, finding_publishing_frequency, data_sources, features):
        if features is not None:
            merged = {f["name"]: f for f in (self.features or [])}
            for f in features:
                merged[f["name"]] = {**merged.get(f["name"], {}), **f}
            features = list(merged.values())
        return original(self, enable, finding_publishing_frequency, data_sources, features)

    Detector.update = update


# Operations moto 5.2.1 does not implement, answered here (state per account and region, in memory).
# Each: (signing service, HTTP method, path regex or None, X-Amz-Target or None) -> handler(ctx) -> (status, body dict).
_fakes = []
_fake_state = {}


def fake(service, method=None, path=None, target=None):
    import re

    def register(fn):
        _fakes.append((service, method, re.compile(path) if path else None, target, fn))
        return fn

    return register


def _state(ctx, name):
    return _fake_state.setdefault((ctx["account"], ctx["region"], name), {})


@fake("application-autoscaling", target="AnyScaleFrontendService.ListTagsForResource")
def _appautoscaling_list_tags(ctx):
    """Application Auto Scaling ListTagsForResource/TagResource/UntagResource (the provider reads a scalable
    target's tags after creating it): not in moto. Tags kept per ARN."""
    return 200, {"Tags": _state(ctx, "aas-tags").get(ctx["json"].get("ResourceARN"), {})}


@fake("application-autoscaling", target="AnyScaleFrontendService.TagResource")
def _appautoscaling_tag(ctx):
    _state(ctx, "aas-tags").setdefault(ctx["json"]["ResourceARN"], {}).update(ctx["json"].get("Tags") or {})
    return 200, {}


@fake("application-autoscaling", target="AnyScaleFrontendService.UntagResource")
def _appautoscaling_untag(ctx):
    tags = _state(ctx, "aas-tags").setdefault(ctx["json"]["ResourceARN"], {})
    for k in ctx["json"].get("TagKeys") or []:
        tags.pop(k, None)
    return 200, {}


@fake("states", target="AWSStepFunctions.ValidateStateMachineDefinition")
def _sfn_validate(ctx):
    """Step Functions ValidateStateMachineDefinition (the provider validates before CreateStateMachine): not in
    moto. The shim checks what a definition must have (JSON with StartAt naming one of its States) and reports
    anything else as a diagnostic, as AWS does."""
    import json as _json

    try:
        d = _json.loads(ctx["json"].get("definition") or "")
        ok = isinstance(d, dict) and isinstance(d.get("States"), dict) and d.get("StartAt") in d["States"]
    except ValueError:
        ok = False
    if ok:
        return 200, {"result": "OK", "diagnostics": []}
    return 200, {"result": "FAIL", "diagnostics": [{"severity": "ERROR", "code": "SCHEMA_VALIDATION_FAILED", "message": "StartAt must name a state in States"}]}


@fake("states", target="AWSStepFunctions.ListStateMachineVersions")
def _sfn_list_versions(ctx):
    """Step Functions ListStateMachineVersions (the provider lists a state machine's versions on every read): not in
    moto. The stacks never publish versions, so the list is empty."""
    return 200, {"stateMachineVersions": []}


def _codedeploy_error(code, message):
    return 400, {"__type": code, "message": message}


def _codedeploy_backend(ctx):
    from moto.codedeploy.models import codedeploy_backends

    return codedeploy_backends[ctx["account"]][ctx["region"]]


@fake("codedeploy", target="CodeDeploy_20141006.CreateDeploymentConfig")
def _codedeploy_create_config(ctx):
    """CodeDeploy Create/Get/DeleteDeploymentConfig (aws_codedeploy_deployment_config, the blue/green canary or
    linear traffic shifting): not in moto. Configs kept per account and region, answered as
    https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_DeploymentConfigInfo.html describes."""
    import datetime
    import uuid

    body = ctx["json"]
    name = body["deploymentConfigName"]
    configs = _state(ctx, "codedeploy-configs")
    if name in configs:
        return _codedeploy_error("DeploymentConfigAlreadyExistsException", f"Deployment config {name} already exists")
    configs[name] = {
        "deploymentConfigId": str(uuid.uuid4()),
        "deploymentConfigName": name,
        "computePlatform": body.get("computePlatform", "Server"),
        "createTime": datetime.datetime.now(datetime.timezone.utc).timestamp(),
        **{k: body[k] for k in ("minimumHealthyHosts", "trafficRoutingConfig", "zonalConfig") if k in body},
    }
    return 200, {"deploymentConfigId": configs[name]["deploymentConfigId"]}


@fake("codedeploy", target="CodeDeploy_20141006.GetDeploymentConfig")
def _codedeploy_get_config(ctx):
    name = ctx["json"]["deploymentConfigName"]
    c = _state(ctx, "codedeploy-configs").get(name)
    if not c:
        return _codedeploy_error("DeploymentConfigDoesNotExistException", f"The deployment configuration {name} does not exist with the user or AWS account.")
    return 200, {"deploymentConfigInfo": c}


@fake("codedeploy", target="CodeDeploy_20141006.DeleteDeploymentConfig")
def _codedeploy_delete_config(ctx):
    name = ctx["json"]["deploymentConfigName"]
    if not _state(ctx, "codedeploy-configs").pop(name, None):
        return _codedeploy_error("DeploymentConfigDoesNotExistException", f"The deployment configuration {name} does not exist with the user or AWS account.")
    return 200, {}


@fake("codedeploy", target="CodeDeploy_20141006.DeleteDeploymentGroup")
def _codedeploy_delete_group(ctx):
    """CodeDeploy DeleteDeploymentGroup and DeleteApplication (destroying aws_codedeploy_deployment_group and
    aws_codedeploy_app): not in moto. They remove the group (and an application's groups) from moto's backend;
    AWS answers hooksNotCleanedUp (empty: ECS groups have no Auto Scaling hooks)."""
    body = ctx["json"]
    groups = _codedeploy_backend(ctx).deployment_groups.get(body["applicationName"], {})
    groups.pop(body["deploymentGroupName"], None)
    return 200, {"hooksNotCleanedUp": []}


@fake("codedeploy", target="CodeDeploy_20141006.DeleteApplication")
def _codedeploy_delete_app(ctx):
    backend = _codedeploy_backend(ctx)
    name = ctx["json"]["applicationName"]
    backend.applications.pop(name, None)
    backend.deployment_groups.pop(name, None)
    return 200, {}


def _xml(status, text, etag=None):
    return status, {"__xml__": text, "__etag__": etag}


@fake("cloudfront", method="POST", path=r"^/2020-05-31/response-headers-policy$")
def _cloudfront_create_rhp(ctx):
    """CloudFront Create/Get/Update/DeleteResponseHeadersPolicy (aws_cloudfront_response_headers_policy): not in
    moto. The policy's configuration is kept as sent (XML) and returned with an Id, LastModifiedTime and ETag."""
    import re
    import uuid

    config = ctx["raw"].decode()
    inner = re.search(r"<ResponseHeadersPolicyConfig[^>]*>.*</ResponseHeadersPolicyConfig>", config, re.S).group(0)
    pid = str(uuid.uuid4())
    _rhp(ctx)[pid] = {"config": inner, "etag": "E" + uuid.uuid4().hex[:12].upper()}
    return _rhp_answer(ctx, pid, 201)


def _rhp(ctx):
    # CloudFront is global: one store per account.
    return _fake_state.setdefault((ctx["account"], "global", "cloudfront-rhp"), {})


def _rhp_answer(ctx, pid, status=200):
    import datetime

    p = _rhp(ctx).get(pid)
    if not p:
        return _xml(404, '<?xml version="1.0"?><ErrorResponse><Error><Type>Sender</Type><Code>NoSuchResponseHeadersPolicy</Code><Message>not found</Message></Error></ErrorResponse>')
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    body = f'<?xml version="1.0"?><ResponseHeadersPolicy xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>{pid}</Id><LastModifiedTime>{now}</LastModifiedTime>{p["config"]}</ResponseHeadersPolicy>'
    return _xml(status, body, p["etag"])


@fake("cloudfront", method="GET", path=r"^/2020-05-31/response-headers-policy/[^/]+$")
def _cloudfront_get_rhp(ctx):
    return _rhp_answer(ctx, ctx["path"].rsplit("/", 1)[1])


@fake("cloudfront", method="GET", path=r"^/2020-05-31/response-headers-policy/[^/]+/config$")
def _cloudfront_get_rhp_config(ctx):
    pid = ctx["path"].split("/")[-2]
    p = _rhp(ctx).get(pid)
    if not p:
        return _rhp_answer(ctx, pid)
    return _xml(200, '<?xml version="1.0"?>' + p["config"].replace("<ResponseHeadersPolicyConfig>", '<ResponseHeadersPolicyConfig xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">', 1), p["etag"])


@fake("cloudfront", method="PUT", path=r"^/2020-05-31/response-headers-policy/[^/]+$")
def _cloudfront_update_rhp(ctx):
    import re
    import uuid

    pid = ctx["path"].rsplit("/", 1)[1]
    if pid in _rhp(ctx):
        inner = re.search(r"<ResponseHeadersPolicyConfig[^>]*>.*</ResponseHeadersPolicyConfig>", ctx["raw"].decode(), re.S).group(0)
        _rhp(ctx)[pid] = {"config": inner, "etag": "E" + uuid.uuid4().hex[:12].upper()}
    return _rhp_answer(ctx, pid)


@fake("cloudfront", method="DELETE", path=r"^/2020-05-31/response-headers-policy/[^/]+$")
def _cloudfront_delete_rhp(ctx):
    pid = ctx["path"].rsplit("/", 1)[1]
    if not _rhp(ctx).pop(pid, None):
        return _rhp_answer(ctx, pid)
    return 204, {}


@fake("securityhub", method="PATCH", path=r"^/accounts$")
def _securityhub_update_configuration(ctx):
    """Security Hub UpdateSecurityHubConfiguration (aws_securityhub_account sets auto_enable_controls and
    control_finding_generator): not in moto; the values are kept and DescribeHub returns them."""
    _state(ctx, "securityhub-config").update({k: v for k, v in ctx["json"].items() if k in ("AutoEnableControls", "ControlFindingGenerator")})
    return 200, {}


@fake("securityhub", method="POST", path=r"^/standards/register$")
def _securityhub_enable_standards(ctx):
    """Security Hub BatchEnableStandards/GetEnabledStandards/BatchDisableStandards (aws_securityhub_standards_
    subscription): not in moto. Subscriptions are READY at once."""
    subs = _state(ctx, "securityhub-standards")
    out = []
    for r in ctx["json"].get("StandardsSubscriptionRequests") or []:
        arn = r["StandardsArn"]
        tail = arn.split(":standards/", 1)[1] if ":standards/" in arn else arn.split(":ruleset/", 1)[-1]
        sub = {
            "StandardsSubscriptionArn": f"arn:aws:securityhub:{ctx['region']}:{ctx['account']}:subscription/{tail}",
            "StandardsArn": arn,
            "StandardsInput": r.get("StandardsInput") or {},
            "StandardsStatus": "READY",
        }
        subs[sub["StandardsSubscriptionArn"]] = sub
        out.append(sub)
    return 200, {"StandardsSubscriptions": out}


@fake("securityhub", method="POST", path=r"^/standards/get$")
def _securityhub_get_standards(ctx):
    subs = _state(ctx, "securityhub-standards")
    wanted = ctx["json"].get("StandardsSubscriptionArns")
    return 200, {"StandardsSubscriptions": [s for a, s in subs.items() if not wanted or a in wanted]}


@fake("securityhub", method="POST", path=r"^/standards/deregister$")
def _securityhub_disable_standards(ctx):
    subs = _state(ctx, "securityhub-standards")
    out = []
    for a in ctx["json"].get("StandardsSubscriptionArns") or []:
        s = subs.pop(a, None)
        if s:
            out.append({**s, "StandardsStatus": "DELETING"})
    return 200, {"StandardsSubscriptions": out}


def _analyzer(ctx, name):
    return _state(ctx, "analyzers").get(name)


@fake("access-analyzer", method="PUT", path=r"^/analyzer$")
def _access_analyzer_create(ctx):
    """IAM Access Analyzer (aws_accessanalyzer_analyzer): not emulated by moto at all. CreateAnalyzer, GetAnalyzer,
    DeleteAnalyzer, ListTagsForResource, TagResource and UntagResource, analyzers kept per account and region."""
    import datetime

    body = ctx["json"]
    name = body["analyzerName"]
    if _analyzer(ctx, name):
        return 409, {"message": f"Analyzer {name} already exists", "resourceId": name, "resourceType": "Analyzer"}
    arn = f"arn:aws:access-analyzer:{ctx['region']}:{ctx['account']}:analyzer/{name}"
    _state(ctx, "analyzers")[name] = {
        "arn": arn,
        "name": name,
        "type": body.get("type", "ACCOUNT"),
        "createdAt": datetime.datetime.now(datetime.timezone.utc).isoformat(),
        "status": "ACTIVE",
        "tags": body.get("tags") or {},
        **({"configuration": body["configuration"]} if body.get("configuration") else {}),
    }
    return 200, {"arn": arn}


@fake("access-analyzer", method="GET", path=r"^/analyzer/[^/]+$")
def _access_analyzer_get(ctx):
    name = ctx["path"].rsplit("/", 1)[1]
    a = _analyzer(ctx, name)
    if not a:
        return 404, {"message": f"Analyzer {name} not found", "resourceId": name, "resourceType": "Analyzer"}
    return 200, {"analyzer": a}


@fake("access-analyzer", method="DELETE", path=r"^/analyzer/[^/]+$")
def _access_analyzer_delete(ctx):
    name = ctx["path"].rsplit("/", 1)[1]
    if not _state(ctx, "analyzers").pop(name, None):
        return 404, {"message": f"Analyzer {name} not found", "resourceId": name, "resourceType": "Analyzer"}
    return 200, {}


def _analyzer_by_arn(ctx):
    from urllib.parse import unquote

    arn = unquote(ctx["path"][len("/tags/"):])
    return next((a for a in _state(ctx, "analyzers").values() if a["arn"] == arn), None), arn


@fake("access-analyzer", method="GET", path=r"^/tags/.+$")
def _access_analyzer_list_tags(ctx):
    a, arn = _analyzer_by_arn(ctx)
    if not a:
        return 404, {"message": f"{arn} not found", "resourceId": arn, "resourceType": "Analyzer"}
    return 200, {"tags": a["tags"]}


@fake("access-analyzer", method="POST", path=r"^/tags/.+$")
def _access_analyzer_tag(ctx):
    a, arn = _analyzer_by_arn(ctx)
    if not a:
        return 404, {"message": f"{arn} not found", "resourceId": arn, "resourceType": "Analyzer"}
    a["tags"].update(ctx["json"].get("tags") or {})
    return 200, {}


@fake("access-analyzer", method="DELETE", path=r"^/tags/.+$")
def _access_analyzer_untag(ctx):
    a, arn = _analyzer_by_arn(ctx)
    if not a:
        return 404, {"message": f"{arn} not found", "resourceId": arn, "resourceType": "Analyzer"}
    for k in ctx["query"].get("tagKeys", []):
        a["tags"].pop(k, None)
    return 200, {}


def _describe_hub_with_configuration():
    """DescribeHub returns what UpdateSecurityHubConfiguration set (moto answers fixed values)."""
    from moto.securityhub.models import SecurityHubBackend

    original = SecurityHubBackend.describe_hub

    def describe_hub(self, hub_arn=None):
        out = original(self, hub_arn=hub_arn)
        out.update(_fake_state.get((self.account_id, self.region_name, "securityhub-config"), {}))
        return out

    SecurityHubBackend.describe_hub = describe_hub


def _signing(environ):
    """(service, access key, region) from the request's SigV4 Authorization header."""
    import re

    m = re.search(r"Credential=([^/]+)/\d{8}/([^/]+)/([^/]+)/aws4_request", environ.get("HTTP_AUTHORIZATION", ""))
    return (m.group(3), m.group(1), m.group(2)) if m else (None, None, None)


def answer_fake(environ):
    """The fake's (status, body) for this request, or None when moto should serve it."""
    import json as _json
    from urllib.parse import parse_qs

    service, access_key, region = _signing(environ)
    if not service:
        return None
    method = environ.get("REQUEST_METHOD")
    path = environ.get("PATH_INFO", "")
    target = environ.get("HTTP_X_AMZ_TARGET")
    for svc, m, p, t, fn in _fakes:
        if svc != service or (m and m != method) or (p and not p.search(path)) or (t and t != target):
            continue
        from moto.iam.models import get_account_id_from

        length = int(environ.get("CONTENT_LENGTH") or 0)
        raw = environ["wsgi.input"].read(length) if length else b""
        ctx = {
            "account": get_account_id_from(access_key),
            "region": region,
            "path": path,
            "query": parse_qs(environ.get("QUERY_STRING", "")),
            "raw": raw,
            "json": _json.loads(raw) if raw.strip() and not raw.lstrip().startswith(b"<") else {},
            "headers": {k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")},
        }
        return fn(ctx)
    return None


_CF_NS = "http://cloudfront.amazonaws.com/doc/2020-05-31/"


def _vpc_origins(ctx):
    # CloudFront is global: one store per account.
    return _fake_state.setdefault((ctx["account"], "global", "cloudfront-vpc-origins"), {})


def _cf_error(status, code):
    return _xml(status, f'<?xml version="1.0"?><ErrorResponse xmlns="{_CF_NS}"><Error><Type>Sender</Type><Code>{code}</Code><Message>{code}</Message></Error></ErrorResponse>')


def _vpc_origin_answer(ctx, vid, status=200, state="Deployed"):
    """GetVpcOrigin's answer: the VpcOrigin with its endpoint configuration as sent, and its ETag."""
    v = _vpc_origins(ctx).get(vid)
    if not v:
        return _cf_error(404, "EntityNotFound")
    body = (f'<?xml version="1.0"?><VpcOrigin xmlns="{_CF_NS}"><Arn>{v["arn"]}</Arn><CreatedTime>{v["created"]}</CreatedTime><Id>{vid}</Id>'
            f'<LastModifiedTime>{v["modified"]}</LastModifiedTime><Status>{state}</Status>{v["config"]}</VpcOrigin>')
    return _xml(status, body, v["etag"])


def _endpoint_config(raw):
    import re

    return re.search(r"<VpcOriginEndpointConfig[^>]*>.*</VpcOriginEndpointConfig>", raw.decode(), re.S).group(0).replace(f' xmlns="{_CF_NS}"', "", 1)


def _now():
    import datetime

    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


@fake("cloudfront", method="POST", path=r"^/2020-05-31/vpc-origin$")
def _cloudfront_create_vpc_origin(ctx):
    """CloudFront Create/Get/Update/DeleteVpcOrigin (aws_cloudfront_vpc_origin, the edge layer's VPC origin for the
    internal ALB): not in moto 5.2.1. As AWS does (https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CreateVpcOrigin.html):
    the VpcOrigin gets an Id (`vo_` and 22 characters), an ARN `arn:aws:cloudfront::<account>:vpcorigin/<id>`, an ETag
    that changes on every update, Status "Deploying" in the create answer and "Deployed" afterwards (the provider
    waits for it); Update and Delete need If-Match to be the current ETag (412 PreconditionFailed otherwise); Delete
    of an origin a distribution still names fails (409 CannotDeleteEntityWhileInUse); a missing one is 404
    EntityNotFound. The request's Tags go to moto's CloudFront tag store under the ARN (ListTagsForResource reads them).
    Not emulated (so the apply tier cannot catch these): that `Arn` names an existing, active load balancer; AWS's
    refusal to update an origin a distribution still uses; a distribution naming an unknown VpcOriginId; the
    Location header of the create answer."""
    import re
    import uuid

    raw = ctx["raw"]
    vid = "vo_" + "".join(random.choice(string.ascii_letters + string.digits) for _ in range(22))
    arn = f"arn:aws:cloudfront::{ctx['account']}:vpcorigin/{vid}"
    now = _now()
    _vpc_origins(ctx)[vid] = {"arn": arn, "config": _endpoint_config(raw), "etag": "E" + uuid.uuid4().hex[:12].upper(), "created": now, "modified": now}
    tags = [{"Key": k, "Value": v} for k, v in re.findall(r"<Tag><Key>(.*?)</Key><Value>(.*?)</Value></Tag>", raw.decode(), re.S)]
    if tags:
        _cloudfront_backend(ctx).tag_resource(resource=arn, tags=tags)
    return _vpc_origin_answer(ctx, vid, 201, state="Deploying")


def _cloudfront_backend(ctx):
    from moto.cloudfront.models import cloudfront_backends
    from moto.utilities.utils import get_partition

    return cloudfront_backends[ctx["account"]][get_partition(ctx["region"] or "us-east-1")]


def _if_match_problem(ctx, vid):
    v = _vpc_origins(ctx).get(vid)
    if not v:
        return _cf_error(404, "EntityNotFound")
    if ctx["headers"].get("if-match") != v["etag"]:
        return _cf_error(412, "PreconditionFailed")
    return None


@fake("cloudfront", method="GET", path=r"^/2020-05-31/vpc-origin/[^/]+$")
def _cloudfront_get_vpc_origin(ctx):
    return _vpc_origin_answer(ctx, ctx["path"].rsplit("/", 1)[1])


@fake("cloudfront", method="PUT", path=r"^/2020-05-31/vpc-origin/[^/]+$")
def _cloudfront_update_vpc_origin(ctx):
    import uuid

    vid = ctx["path"].rsplit("/", 1)[1]
    problem = _if_match_problem(ctx, vid)
    if problem:
        return problem
    _vpc_origins(ctx)[vid].update(config=_endpoint_config(ctx["raw"]), etag="E" + uuid.uuid4().hex[:12].upper(), modified=_now())
    return _vpc_origin_answer(ctx, vid, 202, state="Deploying")


@fake("cloudfront", method="DELETE", path=r"^/2020-05-31/vpc-origin/[^/]+$")
def _cloudfront_delete_vpc_origin(ctx):
    vid = ctx["path"].rsplit("/", 1)[1]
    problem = _if_match_problem(ctx, vid)
    if problem:
        return problem
    in_use = any((getattr(o, "vpc_origin_config", None) or {}).get("VpcOriginId") == vid for d in _cloudfront_backend(ctx).distributions.values() for o in d.distribution_config.Origins["Items"])
    if in_use:
        return _cf_error(409, "CannotDeleteEntityWhileInUse")
    answer = _vpc_origin_answer(ctx, vid, 202, state="Deleting")
    _cloudfront_backend(ctx).tagger.delete_all_tags_for_resource(_vpc_origins(ctx).pop(vid)["arn"])
    return answer


def _shim_rds_monitoring_and_insights():
    """RDS CreateDBInstance/ModifyDBInstance: moto drops MonitoringInterval, MonitoringRoleArn and the Performance
    Insights settings, so DescribeDBInstances reads back 0/false and every plan wants to change the instance. The
    shim keeps what was sent (moto serializes DBInstance attributes named like the API's members). It also gives a
    new instance AWS's default CA (below)."""
    from moto.rds.models import DBInstance

    keys = {
        "monitoring_interval": "monitoring_interval",
        "monitoring_role_arn": "monitoring_role_arn",
        "enable_performance_insights": "performance_insights_enabled",
        "performance_insights_kms_key_id": "performance_insights_kms_key_id",
        "performance_insights_retention_period": "performance_insights_retention_period",
    }

    def keep(self, kwargs):
        for k, attr in keys.items():
            if kwargs.get(k) is not None:
                setattr(self, attr, kwargs[k])

    original_init = DBInstance.__init__
    original_update = DBInstance.update

    def __init__(self, *args, **kwargs):
        # A new instance gets the region's default CA when CreateDBInstance names none, as in AWS:
        # rds-ca-rsa2048-g1 ("If you don't specify a CA, the default is rds-ca-rsa2048-g1",
        # https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html#UsingWithRDS.SSL.RegionCertificateAuthorities).
        # moto answers "rds-ca-default", so the provider (which sets ca_cert_identifier only through a
        # ModifyDBInstance after the create when the two differ) modifies every new instance and waits 80 s more.
        if kwargs.get("ca_certificate_identifier") is None:
            kwargs["ca_certificate_identifier"] = "rds-ca-rsa2048-g1"
        original_init(self, *args, **kwargs)
        keep(self, kwargs)
        # Every instance its own DbiResourceId, as in AWS. moto gives every instance the same constant one, and the
        # provider finds its instance by a `dbi-resource-id` filter: with two instances in an account it read the
        # other environment's instance back (replan drift) and waited for ever on a deleted one (destroy hang).
        self.dbi_resource_id = "db-" + "".join(random.choice(string.ascii_uppercase + string.digits) for _ in range(26))

    def update(self, *args, **kwargs):
        out = original_update(self, *args, **kwargs)
        keep(self, kwargs)
        return out

    DBInstance.__init__ = __init__
    DBInstance.update = update


def _shim_security_group_rule_description():
    """EC2 DescribeSecurityGroupRules: moto reads a rule's Description from its CIDR range only, so a rule that
    references another security group (aws_vpc_security_group_ingress_rule with referenced_security_group_id) or a
    managed prefix list (prefix_list_id: the ALB's ingress from CloudFront's origin-facing list) reads back without
    its description and every plan wants to set it again. (A ModifySecurityGroupRules then stores it in the CIDR
    range, which hid the prefix-list case until the tier's second deploy stopped refreshing.) The shim also reads
    the group pair's and keeps the prefix list entry's."""
    import inspect

    from moto.ec2.models.security_groups import SecurityGroupRule

    original_init = SecurityGroupRule.__init__
    signature = inspect.signature(original_init)

    def __init__(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        prefix_list = signature.bind(self, *args, **kwargs).arguments.get("prefix_list_id")
        self.prefix_list_description = (prefix_list or {}).get("Description")

    SecurityGroupRule.__init__ = __init__
    SecurityGroupRule.description = property(
        lambda self: self.ip_range.get("Description") or (self.source_group or {}).get("Description") or getattr(self, "prefix_list_description", None)
    )


def _shim_acm_options_defaults():
    """ACM RequestCertificate with Options (the stacks set CertificateTransparencyLoggingPreference): moto replaces
    its default options with the given ones, losing `Export`, and ListCertificates then fails with a 500 (KeyError)
    for the whole account. The shim keeps the defaults under the given options."""
    from moto.acm.models import AWSCertificateManagerBackend

    original = AWSCertificateManagerBackend.request_certificate

    def request_certificate(self, domain_name, idempotency_token, subject_alt_names, tags, cert_authority_arn=None, cert_options=None):
        if cert_options:
            cert_options = {"CertificateTransparencyLoggingPreference": "ENABLED", "Export": "DISABLED", **cert_options}
        return original(self, domain_name, idempotency_token, subject_alt_names, tags, cert_authority_arn, cert_options)

    AWSCertificateManagerBackend.request_certificate = request_certificate


def _shim_cloudfront_distribution():
    """CloudFront distributions, as AWS returns them (CreateDistribution[WithTags], GetDistribution[Config],
    UpdateDistribution, ListDistributions). moto 5.2.1 differs in three ways, each a change in every second plan:
    - ARN: moto builds `arn:aws:cloudfront:<account>:distribution/<id>` (no empty region field); AWS's is
      `arn:aws:cloudfront::<account>:distribution/<id>`
      (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudfront.html#amazoncloudfront-resources-for-iam-policies).
      Tags are kept under the ARN, so TagResource/ListTagsForResource with AWS's ARN work too.
    - ForwardedValues: moto gives every cache behavior one (QueryString false, Cookies none), also one made with a
      CachePolicyId and no ForwardedValues; AWS returns ForwardedValues only when the request had it (it is the legacy
      alternative to a cache policy: "A CacheBehavior must include either a CachePolicyId or ForwardedValues",
      https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_DefaultCacheBehavior.html).
    - ViewerCertificate: moto defaults CloudFrontDefaultCertificate to true, also next to an ACMCertificateArn or an
      IAMCertificateId, and says CertificateSource "cloudfront"; AWS: true only for the *.cloudfront.net certificate,
      false with an ACM or IAM certificate (https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_ViewerCertificate.html),
      whose source ("acm"/"iam") and ARN/ID it returns as CertificateSource and Certificate.
    - VpcOriginConfig: moto drops an origin's VpcOriginConfig (a CloudFront VPC origin, the edge layer's only origin
      behind CloudFront), so the origin reads back with neither it nor a CustomOriginConfig; AWS returns it as sent
      (https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_VpcOriginConfig.html).
    UpdateDistribution builds the configuration with the same classes, so it is covered too."""
    from moto.cloudfront import models as cf
    from moto.utilities.utils import get_partition

    original_distribution = cf.Distribution.__init__

    def distribution_init(self, account_id, region_name, config):
        original_distribution(self, account_id, region_name, config)
        self.arn = f"arn:{get_partition(region_name)}:cloudfront::{account_id}:distribution/{self.distribution_id}"

    original_behaviour = cf.DefaultCacheBehaviour.__init__

    def behaviour_init(self, config):
        original_behaviour(self, config)
        if "ForwardedValues" not in config:
            self.forwarded_values = None

    original_certificate = cf.ViewerCertificate.__init__

    def certificate_init(self, config):
        original_certificate(self, config)
        own = [(src, config.get(key)) for src, key in (("acm", "ACMCertificateArn"), ("iam", "IAMCertificateId")) if config.get(key)]
        if own:
            if "CloudFrontDefaultCertificate" not in config:
                self.cloud_front_default_certificate = False
            self.certificate_source, self.certificate = own[0]

    original_origin = cf.Origin.__init__

    def origin_init(self, origin):
        original_origin(self, origin)
        self.vpc_origin_config = origin.get("VpcOriginConfig")

    cf.Distribution.__init__ = distribution_init
    cf.DefaultCacheBehaviour.__init__ = behaviour_init
    cf.Origin.__init__ = origin_init
    cf.ViewerCertificate.__init__ = certificate_init


def _shim_rds_parameter_source():
    """RDS ModifyDBParameterGroup/DescribeDBParameters: AWS marks a parameter set in the group Source "user" and
    DescribeDBParameters returns only the parameters of the Source asked for
    (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBParameters.html: Source "user | system |
    engine-default"). moto stores the parameters as sent, without a Source, and ignores the filter. The provider's
    aws_db_parameter_group read keeps only parameters with a Source (Source "user", or another Source and named in the
    configuration), so every parameter read back missing and every plan set them all again. The shim marks set
    parameters "user" and applies the filter (moto has no engine defaults, so "system"/"engine-default" return none)."""
    from moto.rds.models import DBParameterGroup
    from moto.rds.responses import RDSResponse

    original_update = DBParameterGroup.update_parameters

    def update_parameters(self, new_parameters):
        new_parameters = list(new_parameters)
        original_update(self, new_parameters)
        for p in new_parameters:
            self.parameters[p["ParameterName"]]["Source"] = "user"

    original_describe = RDSResponse.describe_db_parameters

    def describe_db_parameters(self):
        result = original_describe(self)
        source = self.params.get("Source")
        if source:
            result.result["Parameters"] = [p for p in result.result["Parameters"] if p.get("Source") == source]
        return result

    DBParameterGroup.update_parameters = update_parameters
    RDSResponse.describe_db_parameters = describe_db_parameters


def _shim_ecs_service_settings():
    """ECS CreateService: moto drops availabilityZoneRebalancing, enableECSManagedTags, healthCheckGracePeriodSeconds,
    enableExecuteCommand and deploymentConfiguration, so DescribeServices reads back null/false/0 and every plan wants
    to change the service. AWS returns them in the Service
    (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Service.html). The shim keeps what was sent.
    (UpdateService already sets every member it is given on moto's service, under the names DescribeServices reads.)"""
    from moto.ecs.responses import EC2ContainerServiceResponse

    kept = {
        "availabilityZoneRebalancing": "availability_zone_rebalancing",
        "enableECSManagedTags": "enable_ecs_managed_tags",
        "healthCheckGracePeriodSeconds": "health_check_grace_period_seconds",
        "enableExecuteCommand": "enable_execute_command",
        "deploymentConfiguration": "deployment_configuration",
    }
    original = EC2ContainerServiceResponse.create_service

    def create_service(self):
        result = original(self)
        service = result.result["service"]
        for member, attr in kept.items():
            value = self._get_param(member)
            if value is not None:
                setattr(service, attr, value)
        return result

    EC2ContainerServiceResponse.create_service = create_service


def _shim_appautoscaling_register_tags():
    """Application Auto Scaling RegisterScalableTarget with Tags: AWS tags the new scalable target ("You can also add
    tags to an Application Auto Scaling scalable target while creating it (RegisterScalableTarget)",
    https://docs.aws.amazon.com/autoscaling/application/APIReference/API_TagResource.html); moto ignores Tags, so the
    provider's ListTagsForResource (with the ScalableTargetARN moto does return) read back no tags, and tags_all
    (the provider's default_tags) changed in every plan. The shim gives the tags of a new target to the tag store of
    the ListTagsForResource fake above, under the target's ARN; DeregisterScalableTarget drops them."""
    from moto.applicationautoscaling.responses import ApplicationAutoScalingResponse

    def store(arn):
        # arn:aws:application-autoscaling:<region>:<account>:scalable-target/<id>, the fake's (account, region) key.
        _, _, _, region, account, _ = arn.split(":", 5)
        return _fake_state.setdefault((account, region, "aas-tags"), {})

    def arn_of(backend, namespace, resource_id, dimension):
        return next((t.arn for t in backend.describe_scalable_targets(namespace, [resource_id], dimension)), None)

    original_register = ApplicationAutoScalingResponse.register_scalable_target
    original_deregister = ApplicationAutoScalingResponse.deregister_scalable_target

    def register_scalable_target(self):
        key = (self._get_param("ServiceNamespace"), self._get_param("ResourceId"), self._get_param("ScalableDimension"))
        existed = arn_of(self.applicationautoscaling_backend, *key) is not None
        out = original_register(self)
        tags = self._get_param("Tags")
        if tags and not existed:
            arn = json.loads(out)["ScalableTargetARN"]
            store(arn).setdefault(arn, {}).update(tags)
        return out

    def deregister_scalable_target(self):
        key = (self._get_param("ServiceNamespace"), self._get_param("ResourceId"), self._get_param("ScalableDimension"))
        arn = arn_of(self.applicationautoscaling_backend, *key)
        out = original_deregister(self)
        if arn:
            store(arn).pop(arn, None)
        return out

    ApplicationAutoScalingResponse.register_scalable_target = register_scalable_target
    ApplicationAutoScalingResponse.deregister_scalable_target = deregister_scalable_target


def _shim_codedeploy_read_back():
    """CodeDeploy GetApplication/BatchGetApplications and GetDeploymentGroup: moto answers an application's createTime
    as an ISO string (AWS: a number, epoch seconds, https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_ApplicationInfo.html;
    the provider's SDK fails "expected Timestamp to be a JSON Number") and a deployment group's alarmConfiguration as
    {} whatever was sent (every plan would want to set the rollback alarms again). The shim answers the number and
    the alarm configuration that was sent."""
    import datetime

    from moto.codedeploy.models import Application, DeploymentGroup

    app_to_dict = Application.to_dict
    group_to_dict = DeploymentGroup.to_dict

    def application(self):
        out = app_to_dict(self)
        if isinstance(out.get("createTime"), str):
            out["createTime"] = datetime.datetime.fromisoformat(out["createTime"].replace("Z", "+00:00")).timestamp()
        return out

    def group(self):
        out = group_to_dict(self)
        if self.alarm_configuration:
            out["alarmConfiguration"] = self.alarm_configuration
        return out

    Application.to_dict = application
    DeploymentGroup.to_dict = group


def register_zone_id(account_id, zone_id, name):
    """The hosted zone `name` that `account_id` creates gets `zone_id` (moto's custom-id hook)."""
    from moto.route53.models import HostedZoneIdentifier
    from moto.utilities.id_generator import moto_id_manager

    bare = name.rstrip(".")
    for n in (bare, bare + "."):
        moto_id_manager.set_custom_id(HostedZoneIdentifier(account_id, n, None), zone_id)


SHIMS = [_shim_bucket_policy_conditions, _shim_cloudtrail_logging_by_arn, _shim_guardduty_features_merge, _describe_hub_with_configuration, _shim_rds_monitoring_and_insights, _shim_security_group_rule_description, _shim_acm_options_defaults,
         _shim_cloudfront_distribution, _shim_rds_parameter_source, _shim_ecs_service_settings, _shim_appautoscaling_register_tags, _shim_codedeploy_read_back]


def install():
    if moto.__version__ != EXPECTED_MOTO:
        raise SystemExit(f"the emulator shims are written for moto {EXPECTED_MOTO}, found {moto.__version__}: pip install \"moto[server]=={EXPECTED_MOTO}\"")
    for shim in SHIMS:
        shim()


def wrap(app):
    """The WSGI app with the middleware the shims need."""
    return RequestContextMiddleware(app)
