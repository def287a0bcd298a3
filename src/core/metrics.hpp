#pragma once
// Process metrics in the Prometheus text format (served at GET /metrics). Thread-safe.
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace mocua::core {

class Metrics {
public:
    static constexpr std::array<double, 14> kLatencyBuckets = {
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    // Declares the HTTP routes by method and pattern ("GET", "/api/v1/lookup/{code}"); index i of
    // ObserveRequest refers to routes[i]; index routes.size() counts requests that matched no route.
    // Call before serving.
    struct RouteLabel {
        std::string method;
        std::string pattern;
    };
    void SetRoutes(std::vector<RouteLabel> routes);

    // One finished request. `route` as in SetRoutes; `seconds` from first byte to last. Lock-free.
    // Statuses outside kStatuses are counted under status="other".
    void ObserveRequest(std::size_t route, int status, double seconds);

    static constexpr std::array<int, 24> kStatuses = {200, 201, 202, 204, 301, 302, 303, 304,
                                                      400, 401, 403, 404, 405, 408, 409, 410,
                                                      413, 415, 422, 429, 431, 500, 501, 503};

    // A value read when /metrics is scraped (queue depth, pool use ...). `name` must be a valid
    // Prometheus metric name; `read` must be thread-safe.
    void AddGauge(std::string name, std::string help, std::function<double()> read);

    // Adds to a counter by name (jobs processed ...).
    void Increment(const std::string& name, const std::string& labels, std::uint64_t by = 1);

    std::string RenderPrometheus() const;

private:
    struct RouteStats {
        std::array<std::atomic<std::uint64_t>, kLatencyBuckets.size() + 1> buckets{};  // last = +Inf
        std::array<std::atomic<std::uint64_t>, kStatuses.size() + 1> statuses{};       // last = other
        std::atomic<std::uint64_t> count{0};
        std::atomic<std::uint64_t> sum_micros{0};
    };
    struct Gauge {
        std::string name, help;
        std::function<double()> read;
    };

    std::vector<RouteLabel> route_labels_;
    std::vector<std::unique_ptr<RouteStats>> route_stats_;
    mutable std::mutex mu_;
    std::map<std::pair<std::string, std::string>, std::uint64_t> counters_;  // name, labels
    std::vector<Gauge> gauges_;
};

}  // namespace mocua::core
