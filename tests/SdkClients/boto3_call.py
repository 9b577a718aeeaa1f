"""Runs one SES operation through boto3 and prints one JSON line for the test to read.

Usage: python3 boto3_call.py ses|sesv2 OperationName < parameters.json
Endpoint and credentials come from RELAY_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION.
A blob is {"__bytes": "<base64>"} both ways.
"""
import base64
import datetime
import json
import os
import sys

import boto3
import botocore
from botocore.config import Config
from botocore.exceptions import ClientError, ParamValidationError


def blobs_in(value):
    if isinstance(value, dict):
        if set(value) == {"__bytes"}:
            return base64.b64decode(value["__bytes"])
        return {key: blobs_in(item) for key, item in value.items()}
    if isinstance(value, list):
        return [blobs_in(item) for item in value]
    return value


def plain(value):
    if isinstance(value, (bytes, bytearray)):
        return {"__bytes": base64.b64encode(value).decode("ascii")}
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def main():
    service, operation = sys.argv[1], sys.argv[2]
    text = sys.stdin.read().strip()
    parameters = blobs_in(json.loads(text)) if text else {}
    client = boto3.client(
        service,
        region_name=os.environ["AWS_REGION"],
        endpoint_url=os.environ["RELAY_ENDPOINT"],
        aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"],
        config=Config(retries={"max_attempts": 1, "mode": "standard"}),
    )
    try:
        output = getattr(client, botocore.xform_name(operation))(**parameters)
        status = output.pop("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        result = {"ok": True, "output": output, "status": status}
    except ClientError as error:
        result = {
            "ok": False,
            "code": error.response.get("Error", {}).get("Code", "Unknown"),
            "message": error.response.get("Error", {}).get("Message", str(error)),
            "status": error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0),
        }
    except ParamValidationError as error:
        result = {"ok": False, "code": "ParamValidationError", "message": str(error), "status": 0}
    print(json.dumps(result, default=plain))


main()
