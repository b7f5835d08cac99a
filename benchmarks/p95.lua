-- wrk reports p50/p75/p90/p99; the benchmark's target is on p95. Also print the error counts.
done = function(summary, latency, requests)
  io.write(string.format("ami_requests=%d\n", summary.requests))
  io.write(string.format("ami_duration_us=%d\n", summary.duration))
  io.write(string.format("ami_p50_us=%d\n", latency:percentile(50)))
  io.write(string.format("ami_p95_us=%d\n", latency:percentile(95)))
  io.write(string.format("ami_non2xx=%d\n", summary.errors.status))
  io.write(string.format("ami_socket_errors=%d\n",
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
