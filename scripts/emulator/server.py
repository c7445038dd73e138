"""
The AWS API emulator of the apply tier (issue 22): moto's server (moto 5.2.1), plus the shims in shims.py.

    python3 scripts/emulator/server.py [--host 127.0.0.1] [--port 0] [--tls DIR] [--zone ACCOUNT:ZONE_ID:NAME ...]

Binds the port (0 = a free one), prints one line `READY <port>` on stdout once it accepts requests, and serves
until SIGTERM/SIGINT. `--tls DIR` serves HTTPS with a certificate for 127.0.0.1 and localhost generated into DIR
(`cert.pem`, the CA bundle clients trust through AWS_CA_BUNDLE): AWS is only reached over TLS, and the stacks'
bucket policies deny anything else (aws:SecureTransport). `--zone` makes the hosted zone that account later creates under NAME get ZONE_ID (the
committed environments name a zone ID, and moto otherwise invents one); the zone itself is still created through
the Route 53 API, as an operator would. Exits 3 with a message when moto is not installed.

Requests are accepted on threads (each client connection its own) but handled one at a time: moto's backends are
plain dicts and lists without locks, and Terraform sends up to 10 requests at once per process, several processes at
once. Unserialized, a DescribeSecurityGroupRules that iterates a VPC's groups while a CreateSecurityGroup adds one
fails with "RuntimeError: dictionary changed size during iteration" (a 500; shims_test.py's ConcurrentRequests
reproduces it), which the provider reported as "creating VPC Security Group Rule" once its 2 retries were spent.
moto does no blocking waits inside the calls the stacks make, and the interpreter lock already runs one request at a
time, so serializing costs nothing measurable. (SQS ReceiveMessage with WaitTimeSeconds would hold the lock for its
wait; nothing in the tier calls it.) `--unserialized` serves as moto's own server does, for that test.
"""
import argparse
import collections
import hashlib
import io
import os
import re
import signal
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--zone", action="append", default=[], help="ACCOUNT:ZONE_ID:NAME")
    parser.add_argument("--no-shims", action="store_true", help="plain moto (shims_test.py proves each gap still exists)")
    parser.add_argument("--unserialized", action="store_true", help="handle requests concurrently, as moto's server does (shims_test.py proves the race)")
    parser.add_argument("--tls", default=None, help="folder for the generated certificate; serve HTTPS")
    parser.add_argument("--tls-name", action="append", default=[], help="another DNS name the certificate covers (e.g. 111111111111.127.0.0.1, S3 Control's account-prefixed host)")
    args = parser.parse_args(argv)
    try:
        import moto  # noqa: F401
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
        from werkzeug.serving import make_server
    except ImportError as e:
        print(f"moto is not installed for {sys.executable} ({e}): pip install \"moto[server]==5.2.1\"", file=sys.stderr)
        return 3
    import shims

    if not args.no_shims:
        shims.install()
    for spec in args.zone:
        account, zone_id, name = spec.split(":", 2)
        shims.register_zone_id(account, zone_id, name)

    app = DomainDispatcherApplication(create_backend_app)
    if not args.no_shims:
        app = shims.wrap(app)
    if not args.unserialized:
        app = Serialized(app)
    ssl_context = None
    if args.tls:
        cert, key = self_signed(args.tls, args.tls_name)
        import ssl

        ssl_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ssl_context.load_cert_chain(cert, key)
    server = make_server(args.host, args.port, app, threaded=True, ssl_context=ssl_context)
    os.environ["MOTO_PORT"] = str(server.server_port)

    def stop(_signum, _frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"READY {server.server_port}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
        # The emulator's own CPU, for the tier's cost accounting (harness.ts: Emulator.cpuSeconds).
        import resource

        ru = resource.getrusage(resource.RUSAGE_SELF)
        replayed = app.replayed if isinstance(app, Serialized) else 0
        print(f"EMULATOR CPU user={ru.ru_utime:.2f} sys={ru.ru_stime:.2f} retries-answered-again={replayed}", file=sys.stderr, flush=True)
    return 0


class Serialized:
    """WSGI middleware: one request at a time through `app` (the shims and moto), its response body read whole
    before the lock is released (moto builds bodies in memory; a lazy one would otherwise run unlocked). Connections
    are still accepted, read and written concurrently by the server's threads.

    It also answers a retry whose first attempt was handled: the AWS SDKs send every attempt of one operation with
    the same `amz-sdk-invocation-id` header and `amz-sdk-request: attempt=N`
    (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html). When the first attempt's answer
    never reached the client (seen under load on 2 CPUs, 2026-12-05: the provider retried a CreateRole and got
    EntityAlreadyExists, a CreateSubnet and got InvalidSubnet.Conflict: the operation ran twice), an attempt of an
    invocation already answered, with the same method, path, query and body, gets that answer again instead of
    running the operation a second time. Only successful (2xx) answers are kept: an error answer
    is what a retry may rightly change (the SDKs retry throttling and 5xx errors for real); reads (GET, HEAD) always run
    again; the last KEEP invocations (the body as its SHA-256); requests without a Content-Length are passed through
    untouched. A retry can overtake its own first attempt (both waiting on the lock): the retry runs the operation,
    and the first attempt, let in after it, gets the retry's answer (which goes nowhere: the client has given up on
    it) instead of running the operation a second time. Any attempt of an answered invocation is answered from the
    store, the first included: an SDK sends attempt 1 of an invocation once, so an attempt 1 that finds its answer
    stored is always the overtaken one."""

    KEEP = 4096

    ATTEMPT = re.compile(r"attempt=(\d+)")

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()
        self.answered = collections.OrderedDict()
        self.replayed = 0

    def __call__(self, environ, start_response):
        invocation = environ.get("HTTP_AMZ_SDK_INVOCATION_ID")
        length = environ.get("CONTENT_LENGTH")
        key = None
        if invocation and length is not None and length.strip().isdigit():
            raw = environ["wsgi.input"].read(int(length)) if int(length) else b""
            environ["wsgi.input"] = io.BytesIO(raw)
            # Reads (GET, HEAD) run again: nothing to protect, and their answers (state objects) are the large ones.
            if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
                key = (invocation, environ.get("REQUEST_METHOD"), environ.get("PATH_INFO"), environ.get("QUERY_STRING"), hashlib.sha256(raw).hexdigest())
        attempt = self.ATTEMPT.search(environ.get("HTTP_AMZ_SDK_REQUEST", ""))
        with self.lock:
            if key is not None and attempt and key in self.answered:
                status, headers, data = self.answered[key]
                self.replayed += 1
                start_response(status, headers)
                return [data]
            answer = {}

            def capture(status, headers, exc_info=None):
                answer["status"], answer["headers"] = status, list(headers)
                return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

            body = self.app(environ, capture)
            try:
                data = b"".join(body)
            finally:
                if hasattr(body, "close"):
                    body.close()
            if key is not None and "status" in answer and 200 <= int(answer["status"].split()[0]) < 300:
                self.answered[key] = (answer["status"], answer["headers"], data)
                while len(self.answered) > self.KEEP:
                    self.answered.popitem(last=False)
            return [data]


def self_signed(folder, extra_names=()):
    """A self-signed certificate for 127.0.0.1 and localhost (cryptography comes with moto)."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    os.makedirs(folder, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "helloapi-emulator")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"), *[x509.DNSName(n) for n in extra_names], x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
    with open(cert_path, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(key_path, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return cert_path, key_path


if __name__ == "__main__":
    sys.exit(main())
