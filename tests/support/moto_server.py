#!/usr/bin/env python3
"""moto's ECS server with the gaps that matter to taskdefs patched, on 127.0.0.1 only.

Usage: .venv/bin/python tests/support/moto_server.py --port N   (N=0 picks a free port)

Prints one line `moto ready on http://127.0.0.1:PORT` once it accepts connections.

moto 5.2.5 answers ECS's JSON protocol faithfully but, for task definitions, it does not
paginate, ignores `sort` and the family `status` filter, never sets `registeredAt` /
`deregisteredAt`, and keeps the old revision in `deployments[]` without a new PRIMARY on
UpdateService. Each patch below fixes one gap and stays close to what ECS documents.

Test-only extras under /_taskdefs/ (never part of ECS):
  POST   /_taskdefs/faults  {"action": "ListServices" | "*", "code": "AccessDeniedException",
                             "message": "...", "status": 400, "times": 1, "delay_ms": 0,
                             "region": "eu-west-1"}
         makes the next `times` matching ECS calls fail with that error (after delay_ms), or,
         without "code", only delays them; with "region", only calls signed for that region.
  DELETE /_taskdefs/faults  drops every queued fault.
  POST   /_taskdefs/buckets enforces ECS's task definition token buckets (as the "Request
         throttling" page lists them): RegisterTaskDefinition and DeregisterTaskDefinition
         share burst 20 then 1 per second; DeleteTaskDefinitions burst 5 then 1 per second.
         A call that finds its bucket empty gets ThrottlingException and takes no token.
         With the query `?read=1` the task definition read bucket is enforced too:
         ListTaskDefinitions, ListTaskDefinitionFamilies and DescribeTaskDefinition share
         burst 50 then 20 per second.
  DELETE /_taskdefs/buckets stops enforcing them.
  POST   /_taskdefs/registered-at  {"taskDefinition": "family:rev", "registeredAt": EPOCH_SECONDS}
         sets a revision's registeredAt (age conditions need old revisions).
"""

from __future__ import annotations

import argparse
import base64
import json
import logging
import os
import sys
import threading
import time
from typing import Any

ECS_TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113."
PAGE_MAX = 100


# ---------------------------------------------------------------------------------------
# Pagination shared by every patched List* call.
# ---------------------------------------------------------------------------------------


def _encode_token(key: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode()


def _decode_token(token: str) -> Any:
    from moto.ecs.exceptions import InvalidParameterException

    try:
        return json.loads(base64.urlsafe_b64decode(token.encode()).decode())
    except Exception:  # noqa: BLE001 - any garbage token is the caller's error
        raise InvalidParameterException("Invalid token") from None


def paginate(items, key, next_token, max_results, default, descending=False):
    """One page of `items` (already in listing order) and the token for the next one.

    The token holds the sort key of the last item returned, not an offset, so items
    removed or added between pages (deregister, delete) never shift or repeat entries.
    """
    from moto.ecs.exceptions import InvalidParameterException

    if max_results is None:
        max_results = default
    max_results = int(max_results)
    if not 1 <= max_results <= PAGE_MAX:
        raise InvalidParameterException(
            f"maxResults must be between 1 and {PAGE_MAX}, got {max_results}"
        )
    if next_token:
        last = _decode_token(next_token)
        last = tuple(last) if isinstance(last, list) else last
        if descending:
            items = [i for i in items if _as_key(key(i)) < last]
        else:
            items = [i for i in items if _as_key(key(i)) > last]
    page = items[:max_results]
    token = _encode_token(key(page[-1])) if len(items) > max_results else None
    return page, token


def _as_key(k: Any) -> Any:
    return tuple(k) if isinstance(k, list) else k


# ---------------------------------------------------------------------------------------
# Backend patches.
# ---------------------------------------------------------------------------------------


def _deleted(backend) -> dict:
    """Revisions DeleteTaskDefinitions removed: still describable as DELETE_IN_PROGRESS."""
    if not hasattr(backend, "_taskdefs_deleted"):
        backend._taskdefs_deleted = {}
    return backend._taskdefs_deleted


def _max_revisions(backend) -> dict:
    """Highest revision ever registered per family: ECS never reuses a revision number."""
    if not hasattr(backend, "_taskdefs_max_rev"):
        backend._taskdefs_max_rev = {}
    return backend._taskdefs_max_rev


def _all_revisions(backend):
    for revisions in backend.task_definitions.values():
        yield from revisions.values()


def patch_backend() -> None:
    from moto.core.utils import utcnow
    from moto.ecs import models
    from moto.ecs.exceptions import TaskDefinitionNotFoundException

    backend_cls = models.EC2ContainerServiceBackend
    td_cls = models.TaskDefinition

    # registeredAt / registeredBy: moto sets neither.
    orig_td_init = td_cls.__init__

    def td_init(self, *args, **kwargs):
        orig_td_init(self, *args, **kwargs)
        self.registered_at = utcnow()
        account_id = self.arn.split(":")[4]
        self.registered_by = f"arn:aws:iam::{account_id}:root"

    td_cls.__init__ = td_init

    # Revision numbers keep growing after the newest revisions are deleted.
    orig_last_rev = backend_cls._get_last_task_definition_revision_id

    def last_rev(self, family):
        live = orig_last_rev(self, family) or 0
        return max(live, _max_revisions(self).get(family, 0)) or None

    backend_cls._get_last_task_definition_revision_id = last_rev

    orig_register = backend_cls.register_task_definition

    def register(self, family, *args, **kwargs):
        td = orig_register(self, family, *args, **kwargs)
        seen = _max_revisions(self)
        seen[family] = max(seen.get(family, 0), td.revision)
        return td

    backend_cls.register_task_definition = register

    # deregisteredAt: moto only flips the status.
    orig_deregister = backend_cls.deregister_task_definition

    def deregister(self, task_definition_str):
        td = orig_deregister(self, task_definition_str)
        if getattr(td, "deregistered_at", None) is None:
            td.deregistered_at = utcnow()
        return td

    backend_cls.deregister_task_definition = deregister

    # Deleted revisions stay describable (DELETE_IN_PROGRESS) but leave every listing.
    orig_delete = backend_cls.delete_task_definitions

    def delete(self, task_definitions):
        # moto raises (HTTP 500) on a non-numeric revision after deleting the ones before it;
        # ECS reports such identifiers in failures[] instead.
        valid, invalid = [], []
        for arn in task_definitions or []:
            rev = arn.split("/")[-1].rpartition(":")[2]
            (valid if rev.isdigit() else invalid).append(arn)
        if invalid and len(task_definitions) <= 10:
            deleted, failures = orig_delete(self, valid) if valid else ([], [])
        else:
            # Also the empty and the more-than-10 cases, which moto rejects as ECS does.
            deleted, failures = orig_delete(self, task_definitions)
        failures += [
            models.DeleteTaskDefinitionFailure(
                "The specified task definition identifier is invalid. "
                "Specify a valid name or ARN and try again.",
                arn,
                self.account_id,
                self.region_name,
            )
            for arn in invalid
        ]
        for td in deleted:
            td.delete_requested_at = utcnow()
            _deleted(self)[(td.family, td.revision)] = td
        return deleted, failures

    backend_cls.delete_task_definitions = delete

    # Describe: a bare family means its newest ACTIVE revision; deleted ones still answer.
    orig_describe = backend_cls.describe_task_definition

    def describe(self, task_definition_str):
        name = task_definition_str.split("/")[-1]
        if ":" not in name:
            active = [
                td for td in self.task_definitions.get(name, {}).values() if td.status == "ACTIVE"
            ]
            if not active:
                raise TaskDefinitionNotFoundException()
            return max(active, key=lambda td: td.revision)
        try:
            return orig_describe(self, task_definition_str)
        except TaskDefinitionNotFoundException:
            family, _, rev = name.rpartition(":")
            if rev.isdigit() and (family, int(rev)) in _deleted(self):
                return _deleted(self)[(family, int(rev))]
            raise

    backend_cls.describe_task_definition = describe

    # UpdateService with a new task definition starts a deployment: the new revision becomes
    # PRIMARY and the old one stays in deployments[] as ACTIVE until the rollout ends (moto's
    # never does), which is exactly the window the in-use scan must see.
    orig_update_service = backend_cls.update_service

    def update_service(self, service_properties):
        td_str = service_properties.get("task_definition")
        service = orig_update_service(self, service_properties)
        if td_str:
            td = self.describe_task_definition(td_str)
            service.task_definition = td.arn
            primary = next((d for d in service.deployments if d.get("status") == "PRIMARY"), None)
            if primary is not None and primary.get("taskDefinition") != td.arn:
                primary["status"] = "ACTIVE"
                now = utcnow()
                new = dict(primary)
                new.update(
                    id=f"ecs-svc/{models.mock_random.randint(0, 32**12)}",
                    status="PRIMARY",
                    taskDefinition=td.arn,
                    createdAt=now,
                    updatedAt=now,
                    rolloutState="IN_PROGRESS",
                    runningCount=0,
                )
                service.deployments.insert(0, new)
        return service

    backend_cls.update_service = update_service

    # Tasks stay RUNNING until StopTask; moto otherwise walks them towards STOPPED a step per
    # DescribeTasks, which no real task does.
    from moto.moto_api import state_manager

    state_manager.set_transition("ecs::task", {"progression": "manual", "times": 10**9})


def patch_responses() -> None:
    from moto.core.responses import ActionResult
    from moto.ecs import responses

    resp_cls = responses.EC2ContainerServiceResponse

    def list_task_definitions(self):
        family = self._get_param("familyPrefix")
        status = self._get_param("status", "ACTIVE")
        descending = self._get_param("sort", "ASC") == "DESC"
        backend = self.ecs_backend
        revisions = list(_all_revisions(backend))
        if status == "DELETE_IN_PROGRESS":
            revisions = list(_deleted(backend).values())
        revisions = [
            td
            for td in revisions
            if td.status == status and (family is None or td.family == family)
        ]
        revisions.sort(key=lambda td: (td.family, td.revision), reverse=descending)
        page, token = paginate(
            revisions,
            key=lambda td: [td.family, td.revision],
            next_token=self._get_param("nextToken"),
            max_results=self._get_param("maxResults"),
            default=PAGE_MAX,
            descending=descending,
        )
        return ActionResult({"taskDefinitionArns": [td.arn for td in page], "nextToken": token})

    def list_task_definition_families(self):
        prefix = self._get_param("familyPrefix")
        # ECS: without a status, both ACTIVE and INACTIVE families are listed.
        status = self._get_param("status", "ALL")
        families = []
        for family, revisions in self.ecs_backend.task_definitions.items():
            if not revisions or (prefix and not family.startswith(prefix)):
                continue
            has_active = any(td.status == "ACTIVE" for td in revisions.values())
            if status == "ACTIVE" and not has_active:
                continue
            if status == "INACTIVE" and has_active:
                continue
            families.append(family)
        families.sort()
        page, token = paginate(
            families,
            key=lambda f: f,
            next_token=self._get_param("nextToken"),
            max_results=self._get_param("maxResults"),
            default=PAGE_MAX,
        )
        return ActionResult({"families": page, "nextToken": token})

    orig_list_services = resp_cls.list_services

    def list_services(self):
        # ECS pages ListServices 10 at a time unless asked for up to 100.
        arns = orig_list_services(self).result["serviceArns"]
        page, token = paginate(
            arns, lambda a: a, self._get_param("nextToken"), self._get_param("maxResults"), 10
        )
        return ActionResult({"serviceArns": page, "nextToken": token})

    orig_list_clusters = resp_cls.list_clusters

    def list_clusters(self):
        arns = sorted(orig_list_clusters(self).result["clusterArns"])
        page, token = paginate(
            arns, lambda a: a, self._get_param("nextToken"), self._get_param("maxResults"), 100
        )
        return ActionResult({"clusterArns": page, "nextToken": token})

    orig_list_tasks = resp_cls.list_tasks

    def list_tasks(self):
        arns = sorted(orig_list_tasks(self).result["taskArns"])
        page, token = paginate(
            arns, lambda a: a, self._get_param("nextToken"), self._get_param("maxResults"), 100
        )
        return ActionResult({"taskArns": page, "nextToken": token})

    resp_cls.list_task_definitions = list_task_definitions
    resp_cls.list_task_definition_families = list_task_definition_families
    resp_cls.list_services = list_services
    resp_cls.list_clusters = list_clusters
    resp_cls.list_tasks = list_tasks


# ---------------------------------------------------------------------------------------
# Fault injection (test-only), as WSGI middleware in front of moto.
# ---------------------------------------------------------------------------------------


BUCKETS = {
    "RegisterTaskDefinition": ("modify", 20.0, 1.0),
    "DeregisterTaskDefinition": ("modify", 20.0, 1.0),
    "DeleteTaskDefinitions": ("delete", 5.0, 1.0),
}

# Opt-in (`POST /_taskdefs/buckets?read=1`): tests that read freely keep an unthrottled endpoint.
READ_BUCKETS = {
    "ListTaskDefinitions": ("read", 50.0, 20.0),
    "ListTaskDefinitionFamilies": ("read", 50.0, 20.0),
    "DescribeTaskDefinition": ("read", 50.0, 20.0),
}


class Buckets:
    """ECS's token buckets for task definition mutations, on the wall clock."""

    def __init__(self, reads: bool = False):
        self.state: dict[str, tuple[float, float]] = {}
        self.specs = {**BUCKETS, **(READ_BUCKETS if reads else {})}

    def take(self, action: str) -> bool:
        spec = self.specs.get(action)
        if spec is None:
            return True
        name, burst, rate = spec
        now = time.monotonic()
        tokens, last = self.state.get(name, (burst, now))
        tokens = min(burst, tokens + (now - last) * rate)
        if tokens >= 1.0 - 1e-9:
            self.state[name] = (max(0.0, tokens - 1.0), now)
            return True
        self.state[name] = (tokens, now)
        return False


class Faults:
    """Errors and delays queued by tests, consumed by matching ECS calls."""

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()
        self.queue: list[dict] = []
        # Off unless a test turns them on: most tests want an endpoint that never throttles.
        self.buckets: Buckets | None = None
        # Benchmarks read how many calls each ECS action received (GET), and reset it (DELETE).
        self.calls: dict[str, int] = {}

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == "/_taskdefs/faults":
            return self.control(environ, start_response)
        if path == "/_taskdefs/calls":
            return self.call_counts(environ, start_response)
        if path == "/_taskdefs/buckets":
            with self.lock:
                on = environ.get("REQUEST_METHOD") == "POST"
                reads = "read=1" in environ.get("QUERY_STRING", "")
                self.buckets = Buckets(reads) if on else None
            start_response("204 No Content", [])
            return [b""]
        if path == "/_taskdefs/registered-at":
            return self.registered_at(environ, start_response)
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        if target.startswith(ECS_TARGET_PREFIX):
            action = target[len(ECS_TARGET_PREFIX) :]
            with self.lock:
                self.calls[action] = self.calls.get(action, 0) + 1
                admitted = self.buckets is None or self.buckets.take(action)
                if not admitted:
                    self.calls["throttled"] = self.calls.get("throttled", 0) + 1
            if not admitted:
                return _error(start_response, 400, "ThrottlingException", "Rate exceeded")
            fault = self.take(action, _signed_region(environ))
            if fault is not None:
                if fault.get("delay_ms"):
                    time.sleep(fault["delay_ms"] / 1000)
                if fault.get("code"):
                    return _error(
                        start_response,
                        int(fault.get("status", 400)),
                        fault["code"],
                        fault.get("message", fault["code"]),
                    )
        return self.app(environ, start_response)

    def take(self, action: str, region: str | None):
        with self.lock:
            for fault in self.queue:
                if fault.get("region") not in (None, region):
                    continue
                if fault.get("action", "*") in ("*", action):
                    fault["times"] = int(fault.get("times", 1)) - 1
                    if fault["times"] <= 0:
                        self.queue.remove(fault)
                    return dict(fault)
        return None

    def registered_at(self, environ, start_response):
        import datetime

        from moto.ecs.models import ecs_backends

        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = json.loads(environ["wsgi.input"].read(length) or b"{}")
        family, _, rev = body["taskDefinition"].rpartition(":")
        when = datetime.datetime.fromtimestamp(float(body["registeredAt"]), datetime.timezone.utc)
        found = False
        for regions in ecs_backends.values():
            for backend in regions.values():
                td = backend.task_definitions.get(family, {}).get(int(rev))
                if td is not None:
                    td.registered_at = when.replace(tzinfo=None)
                    found = True
        start_response("204 No Content" if found else "404 Not Found", [("Content-Length", "0")])
        return [b""]

    def call_counts(self, environ, start_response):
        with self.lock:
            if environ.get("REQUEST_METHOD") == "DELETE":
                self.calls.clear()
            body = json.dumps(self.calls).encode()
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]

    def control(self, environ, start_response):
        method = environ.get("REQUEST_METHOD")
        with self.lock:
            if method == "DELETE":
                self.queue.clear()
            elif method == "POST":
                length = int(environ.get("CONTENT_LENGTH") or 0)
                self.queue.append(json.loads(environ["wsgi.input"].read(length) or b"{}"))
            else:
                start_response("405 Method Not Allowed", [("Content-Length", "0")])
                return [b""]
        start_response("204 No Content", [])
        return [b""]


def _signed_region(environ) -> str | None:
    """The region a request is signed for (SigV4: Credential=KEY/DATE/REGION/SERVICE/...)."""
    auth = environ.get("HTTP_AUTHORIZATION", "")
    marker = "Credential="
    at = auth.find(marker)
    if at < 0:
        return None
    parts = auth[at + len(marker) :].split(",")[0].split("/")
    return parts[2] if len(parts) > 2 else None


def _error(start_response, status: int, code: str, message: str):
    body = json.dumps({"__type": code, "message": message}).encode()
    start_response(
        f"{status} Injected",
        [
            ("Content-Type", "application/x-amz-json-1.1"),
            ("Content-Length", str(len(body))),
            ("x-amzn-RequestId", "injected-fault"),
        ],
    )
    return [body]


def _exit_on_stdin_eof() -> None:
    sys.stdin.buffer.read()
    os._exit(0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    parser.add_argument(
        "--exit-on-stdin-eof",
        action="store_true",
        help="exit when stdin closes, so the server never outlives the test that started it",
    )
    args = parser.parse_args()
    if args.exit_on_stdin_eof:
        threading.Thread(target=_exit_on_stdin_eof, daemon=True).start()

    patch_backend()
    patch_responses()

    from moto.moto_server.werkzeug_app import (
        DomainDispatcherApplication,
        MotoRequestHandler,
        create_backend_app,
    )
    from werkzeug.serving import make_server

    if not args.verbose:
        logging.getLogger("werkzeug").setLevel(logging.ERROR)

    app = Faults(DomainDispatcherApplication(create_backend_app))
    # Loopback only: nothing outside this machine may reach the test server.
    server = make_server(
        "127.0.0.1", args.port, app, threaded=True, request_handler=MotoRequestHandler
    )
    print(f"moto ready on http://127.0.0.1:{server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
