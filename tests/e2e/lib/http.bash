# Shared by the end-to-end scripts that drive the HTTP API (sourced, not
# run: the test runner runs tests/e2e/*.sh only). The script defines
# fail() first and starts the server itself, then calls serve_wait.

# serve_wait PID: waits for the server started in the background with its
# output in serve.out and serve.err; sets pid and URL and stops the server
# when the script exits.
serve_wait() {
    pid=$1
    trap 'kill $pid 2>/dev/null || true' EXIT
    for _ in $(seq 100); do grep -q 'http://' serve.out 2>/dev/null && break; sleep 0.1; done
    URL=$(grep -o 'http://[0-9.:]*' serve.out) || fail "server did not start: $(cat serve.err)"
}

# req METHOD PATH [TOKEN [JSON]]: the status on stdout, the body in ./body.
req() {
    local args=(-s -o body -w '%{http_code}' -X "$1")
    [ -n "${3:-}" ] && args+=(-H "Authorization: Bearer $3")
    if [ -n "${4-}" ]; then args+=(-H 'Content-Type: application/json' --data-binary "$4"); fi
    curl "${args[@]}" "$URL$2"
}

# json EXPR: EXPR over the last body as o (objects printed as JSON).
json() { node -e 'const o=JSON.parse(require("fs").readFileSync("body","utf8")); const v=('"$1"'); console.log(typeof v==="object"?JSON.stringify(v):v)'; }
