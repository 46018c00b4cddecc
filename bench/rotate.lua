-- wrk script for bench/checkin_load.py: rotate through prebuilt requests and count answers.
--
--   wrk ... -s bench/rotate.lua <url> -- <spec.lua> <threads>
--
-- <spec.lua> is written by checkin_load.py and returns
--   { expect = 200, requests = { {method, path, headers, body}, ... } }
-- Each request carries its own user's token (or cookies) and body, so consecutive requests on one
-- connection act as different people. Every request is formatted once in init(), so wrk spends its
-- CPU on sending, not on building strings. A response counts as good only with the expected status
-- (2xx for the API and the bare views; 302 for the HTML form's redirect); anything else is bad.
-- done() prints one machine-readable line, WRK_RESULT {...}, which checkin_load.py parses.

local threads = {}
local next_id = 1

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  local spec = dofile(args[1])
  local nthreads = tonumber(args[2]) or 1
  expect = spec.expect
  reqs = {}
  for i, r in ipairs(spec.requests) do
    reqs[i] = wrk.format(r[1], r[2], r[3], r[4])
  end
  n = #reqs
  -- threads start at different points of the rotation, so they rarely act as the same person at once
  pos = math.floor((id - 1) * n / nthreads)
  good = 0
  bad = 0
  codes = ""
  seen = {}
end

function request()
  pos = pos % n + 1
  return reqs[pos]
end

function response(status, headers, body)
  if status == expect or (expect == 200 and status >= 200 and status < 300) then
    good = good + 1
  else
    bad = bad + 1
    seen[status] = (seen[status] or 0) + 1
    local parts = {}
    for code, count in pairs(seen) do
      table.insert(parts, code .. ":" .. count)
    end
    codes = table.concat(parts, ",")
  end
end

function done(summary, latency, requests)
  local good_total, bad_total, all_codes = 0, 0, {}
  for _, t in ipairs(threads) do
    good_total = good_total + t:get("good")
    bad_total = bad_total + t:get("bad")
    local c = t:get("codes")
    if c ~= "" then
      table.insert(all_codes, c)
    end
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests":%d,"duration_us":%d,"good":%d,"bad":%d,"connect":%d,"read":%d,"write":%d,'
      .. '"timeout":%d,"status":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f,"codes":"%s"}\n',
    summary.requests, summary.duration, good_total, bad_total, e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    table.concat(all_codes, ",")
  ))
end
