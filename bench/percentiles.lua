-- wrk script: prints the 50th, 95th and 99th latency percentiles in microseconds on one line
-- ("LATENCY p50 p95 p99"), which wrk's own --latency table lacks (it shows 50/75/90/99).
done = function(summary, latency, requests)
  io.write(string.format("LATENCY %d %d %d\n", latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
