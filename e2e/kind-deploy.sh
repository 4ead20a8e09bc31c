#!/usr/bin/env bash
# End-to-end: deploys the example tree to a throw-away local kind cluster and checks diff, status,
# history and rollback against a real API server. Needs Docker and kind (https://kind.sigs.k8s.io);
# digitctl itself needs neither kubectl nor helm. Not run in CI (CI machines have no Docker engine).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
digitctl=$root/bin/digitctl
cluster=${DIGITCTL_E2E_CLUSTER:-digitctl-e2e}
kubeconfig=$(mktemp)
trap 'kind delete cluster --name "$cluster" >/dev/null 2>&1 || true; rm -f "$kubeconfig"' EXIT

kind create cluster --name "$cluster" --kubeconfig "$kubeconfig" --wait 120s
common=(--helm-dir "$root/examples/helm" -e e2e --kubeconfig "$kubeconfig")
images=egov-mdms-service:1.27-alpine,egov-user:1.27-alpine,egov-idgen:1.27-alpine

echo "== first deploy (cluster-configs and three services)"
"$digitctl" deploy "${common[@]}" "$images" -c --timeout 5m
echo "== an identical deploy changes nothing: diff exits 0"
"$digitctl" diff "${common[@]}" "$images"
echo "== a new tag: diff exits 2, then the deploy updates only egov-user"
set +e; "$digitctl" diff "${common[@]}" egov-user:1.26-alpine; code=$?; set -e
[ "$code" -eq 2 ] || { echo "expected diff to exit 2, got $code" >&2; exit 1; }
"$digitctl" deploy "${common[@]}" egov-user:1.26-alpine
echo "== status and history"
"$digitctl" status --helm-dir "$root/examples/helm" -e e2e --kubeconfig "$kubeconfig"
"$digitctl" history --helm-dir "$root/examples/helm" -e e2e --kubeconfig "$kubeconfig" egov-user
echo "== rollback egov-user to its first revision"
"$digitctl" rollback --helm-dir "$root/examples/helm" -e e2e --kubeconfig "$kubeconfig" egov-user
echo "e2e: all steps passed"
