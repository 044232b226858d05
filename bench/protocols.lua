-- bench/protocols.lua: the request of one bench/protocols.sh case, repeated by wrk. The case comes
-- from the environment protocols.sh sets: CASE_METHOD, CASE_PATH, CASE_TYPE (Content-Type, may be
-- empty) and CASE_BODY (a file with the exact body bytes, the one --check sends with curl; may be
-- empty). Non-2xx answers are counted by wrk itself (errors.status); a gRPC-Web error in a 200 is
-- not, which is why protocols.sh checks every case's answer before it measures.
local method = os.getenv("CASE_METHOD")
local path = os.getenv("CASE_PATH")
local ctype = os.getenv("CASE_TYPE") or ""
local body_file = os.getenv("CASE_BODY") or ""
local body = nil
if body_file ~= "" then
  local f = assert(io.open(body_file, "rb"))
  body = f:read("*a")
  f:close()
end
local headers = {}
if ctype ~= "" then
  headers["Content-Type"] = ctype
end

function request()
  return wrk.format(method, path, headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("CASERESULT requests=%d duration_us=%d p50_us=%d p99_us=%d errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status + e.connect + e.read + e.write + e.timeout))
end
