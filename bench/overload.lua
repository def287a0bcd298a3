-- wrk script for bench/overload.sh: paces every connection so that all of them together offer
-- RATE requests per second (wrk -s overload.lua URL -- RATE CONNECTIONS), counts the answers by
-- status class across threads, and prints one line:
--   STATUS <2xx> <429> <503> <other> LATENCY <p50 us> <p99 us>
-- Plain wrk is closed-loop (a connection sends its next request when the last is answered), so
-- the offered load only reaches RATE while latency stays under CONNECTIONS/RATE seconds; the script
-- is run with many connections so that a saturated server still sees more than it can serve.
local threads = {}
local interval_ms = 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local rate = tonumber(args[1]) or 1000
  local connections = tonumber(args[2]) or 64
  interval_ms = connections * 1000 / rate
  ok, limited, shed, other = 0, 0, 0, 0
end

function delay()
  -- A random phase so that connections do not fire in lockstep.
  return math.random() * 2 * interval_ms
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    ok = ok + 1
  elseif status == 429 then
    limited = limited + 1
  elseif status == 503 then
    shed = shed + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local a, b, c, d = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("ok")
    b = b + t:get("limited")
    c = c + t:get("shed")
    d = d + t:get("other")
  end
  io.write(string.format("STATUS %d %d %d %d LATENCY %d %d ERRORS %d\n", a, b, c, d,
    latency:percentile(50), latency:percentile(99),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
