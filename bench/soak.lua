-- wrk script for bench/soak.sh: a steady mix of reads, writes and errors, with the answers
-- counted by status (per thread, summed in done()).
local requests = {
  {"GET", "/v1/shelves", nil},
  {"GET", "/v1/shelves/scifi/books/dune", nil},
  {"GET", "/v1/books/scifi/dune", nil},
  {"GET", "/v1/shelves/fiction/books?page_size=2", nil},
  {"POST", "/v1/shelves", '{"theme":"soak"}'},
  {"GET", "/v1/shelves/nope/books/none", nil},          -- 404 from the backend
  {"GET", "/v1/nothing-here", nil},                      -- 404 from the gateway
  {"POST", "/v1/shelves", '{"theme":'},                  -- 400 from the codec
}
local threads = {}
local i = 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
end

function request()
  i = i % #requests + 1
  local r = requests[i]
  local headers = nil
  if r[3] then headers = {["Content-Type"] = "application/json"} end
  return wrk.format(r[1], r[2], headers, r[3])
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for status, n in pairs(t:get("statuses")) do
      total[status] = (total[status] or 0) + n
    end
  end
  local keys = {}
  for k in pairs(total) do table.insert(keys, k) end
  table.sort(keys)
  io.write("answers by status:")
  for _, k in ipairs(keys) do io.write(string.format(" %d=%d", k, total[k])) end
  io.write("\n")
  io.write(string.format("requests answered: %d; socket errors: connect %d, read %d, write %d, timeout %d\n",
    summary.requests, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
  io.write(string.format("latency p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
