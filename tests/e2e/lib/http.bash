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

# json EXPR: EXPR over the last body (./body) as o (objects printed as
# JSON); fails if the body is no JSON or EXPR throws. One node process,
# started here, answers all of a script's calls (a node started for each
# call took seconds in all): it reads the body's path and EXPR, each ended
# by a NUL, and answers 0 (or 1 and the error) and the value, ended by a NUL.
# Its pipes are copied to plain descriptors, which pipelines inherit too; it
# ends with the script.
coproc JSON_EVAL { exec node -e '
const fs = require("fs"), util = require("util"), shell = process.ppid;
setInterval(() => process.ppid === shell || process.exit(), 500).unref();
let buf = Buffer.alloc(0);
process.stdin.on("data", (d) => {
  buf = Buffer.concat([buf, d]);
  for (let a, b; (a = buf.indexOf(0)) >= 0 && (b = buf.indexOf(0, a + 1)) >= 0; buf = buf.subarray(b + 1)) {
    const file = buf.toString("utf8", 0, a), expr = buf.toString("utf8", a + 1, b);
    let out;
    try {
      const v = new Function("o", "require", "return (" + expr + ")")(JSON.parse(fs.readFileSync(file, "utf8")), require);
      out = "0" + util.format(typeof v === "object" ? JSON.stringify(v) : v);
    } catch (e) {
      out = "1" + String(e);
    }
    process.stdout.write(out + "\0");
  }
});'; }
exec {json_in}>&"${JSON_EVAL[1]}" {json_out}<&"${JSON_EVAL[0]}"
json() {
    local out
    printf '%s\0%s\0' "$PWD/body" "$1" >&"$json_in" && IFS= read -r -d '' out <&"$json_out" ||
        { echo "json $1: the node process answers no more" >&2; return 1; }
    [ "${out:0:1}" = 0 ] || { echo "json $1: ${out:1}" >&2; return 1; }
    printf '%s\n' "${out:1}"
}
