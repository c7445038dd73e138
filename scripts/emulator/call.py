"""
One AWS API call against the emulator, for the apply tier's setup and assertions (boto3 comes with moto).

    echo '{"endpoint": "...", "region": "us-east-1", "credentials": {...} | null,
           "service": "sts", "method": "assume_role", "params": {...}}' | python3 scripts/emulator/call.py

Prints the response as JSON (datetimes as ISO strings, bodies dropped). On an AWS error prints
{"error": {"code": ..., "message": ...}} and exits 2, so callers can assert that a call fails.
"""
import json
import sys

import boto3
import botocore.exceptions


def main():
    req = json.load(sys.stdin)
    creds = req.get("credentials") or {"AccessKeyId": "harness", "SecretAccessKey": "harness"}
    client = boto3.client(
        req["service"],
        region_name=req.get("region", "us-east-1"),
        endpoint_url=req["endpoint"],
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds.get("SessionToken"),
        config=botocore.config.Config(retries={"max_attempts": 1}, s3={"addressing_style": "path"}),
    )
    try:
        out = getattr(client, req["method"])(**req.get("params", {}))
    except botocore.exceptions.ClientError as e:
        err = e.response.get("Error", {})
        print(json.dumps({"error": {"code": err.get("Code"), "message": err.get("Message"), "status": e.response.get("ResponseMetadata", {}).get("HTTPStatusCode")}}))
        return 2
    out.pop("ResponseMetadata", None)
    out.pop("Body", None)
    print(json.dumps(out, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
