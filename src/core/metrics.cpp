#include "core/metrics.hpp"

#include <cstdio>
#include <sstream>

namespace mocua::core {

namespace {
// Label values are route patterns and method names we control, but escape anyway.
std::string Escape(const std::string& v) {
    std::string out;
    for (char c : v) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

std::string Number(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}
}  // namespace

void Metrics::SetRoutes(std::vector<RouteLabel> routes) {
    route_labels_ = std::move(routes);
    route_labels_.push_back({"", "unmatched"});
    route_stats_.clear();
    for (std::size_t i = 0; i < route_labels_.size(); ++i)
        route_stats_.push_back(std::make_unique<RouteStats>());
}

void Metrics::ObserveRequest(std::size_t route, int status, double seconds) {
    if (route >= route_stats_.size()) {
        if (route_stats_.empty()) return;
        route = route_stats_.size() - 1;
    }
    auto& s = *route_stats_[route];
    std::size_t b = 0;
    while (b < kLatencyBuckets.size() && seconds > kLatencyBuckets[b]) ++b;
    s.buckets[b].fetch_add(1, std::memory_order_relaxed);
    s.count.fetch_add(1, std::memory_order_relaxed);
    s.sum_micros.fetch_add(static_cast<std::uint64_t>(seconds * 1e6), std::memory_order_relaxed);
    std::size_t i = 0;
    while (i < kStatuses.size() && kStatuses[i] != status) ++i;
    s.statuses[i].fetch_add(1, std::memory_order_relaxed);
}

void Metrics::AddGauge(std::string name, std::string help, std::function<double()> read) {
    std::lock_guard lock(mu_);
    gauges_.push_back({std::move(name), std::move(help), std::move(read)});
}

void Metrics::Increment(const std::string& name, const std::string& labels, std::uint64_t by) {
    std::lock_guard lock(mu_);
    counters_[{name, labels}] += by;
}

std::string Metrics::RenderPrometheus() const {
    std::ostringstream out;
    out << "# HELP mocua_http_requests_total HTTP requests by route, method and status.\n"
           "# TYPE mocua_http_requests_total counter\n";
    for (std::size_t r = 0; r < route_stats_.size(); ++r) {
        const auto& label = route_labels_[r];
        for (std::size_t i = 0; i <= kStatuses.size(); ++i) {
            const auto n = route_stats_[r]->statuses[i].load(std::memory_order_relaxed);
            if (n == 0) continue;
            out << "mocua_http_requests_total{route=\"" << Escape(label.pattern) << "\"";
            if (!label.method.empty()) out << ",method=\"" << Escape(label.method) << "\"";
            out << ",status=\"" << (i < kStatuses.size() ? std::to_string(kStatuses[i]) : "other") << "\"} "
                << n << "\n";
        }
    }
    std::vector<Gauge> gauges;
    {
        std::lock_guard lock(mu_);
        std::string last;
        for (const auto& [key, n] : counters_) {
            if (key.first != last) {
                out << "# TYPE " << key.first << " counter\n";
                last = key.first;
            }
            out << key.first << (key.second.empty() ? "" : "{" + key.second + "}") << " " << n << "\n";
        }
        gauges = gauges_;
    }
    out << "# HELP mocua_http_request_duration_seconds Time to handle a request.\n"
           "# TYPE mocua_http_request_duration_seconds histogram\n";
    for (std::size_t r = 0; r < route_stats_.size(); ++r) {
        const auto& s = *route_stats_[r];
        const auto count = s.count.load(std::memory_order_relaxed);
        if (count == 0) continue;
        const auto& rl = route_labels_[r];
        const std::string label = "route=\"" + Escape(rl.pattern) + "\"" +
                                  (rl.method.empty() ? "" : ",method=\"" + Escape(rl.method) + "\"");
        std::uint64_t cumulative = 0;
        for (std::size_t b = 0; b < kLatencyBuckets.size(); ++b) {
            cumulative += s.buckets[b].load(std::memory_order_relaxed);
            out << "mocua_http_request_duration_seconds_bucket{" << label << ",le=\""
                << Number(kLatencyBuckets[b]) << "\"} " << cumulative << "\n";
        }
        out << "mocua_http_request_duration_seconds_bucket{" << label << ",le=\"+Inf\"} " << count << "\n";
        out << "mocua_http_request_duration_seconds_sum{" << label << "} "
            << Number(static_cast<double>(s.sum_micros.load(std::memory_order_relaxed)) / 1e6) << "\n";
        out << "mocua_http_request_duration_seconds_count{" << label << "} " << count << "\n";
    }
    for (const auto& g : gauges) {
        out << "# HELP " << g.name << " " << g.help << "\n# TYPE " << g.name << " gauge\n"
            << g.name << " " << Number(g.read()) << "\n";
    }
    return out.str();
}

}  // namespace mocua::core
