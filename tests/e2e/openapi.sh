# The OpenAPI document against a real validator and the server's route table
# (tests/e2e/openapi.mjs, run by node's test runner from the repository so
# that node_modules resolves).
set -euo pipefail
cd "$MZ_REPO"
[ -d node_modules/@apidevtools/swagger-parser ] || { echo "node_modules missing: run scripts/bootstrap.sh" >&2; exit 1; }
node --test tests/e2e/openapi.mjs
