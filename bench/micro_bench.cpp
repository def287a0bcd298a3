// Micro-benchmarks of the per-request hot path (router match, target parsing, request ids).
// Run with `make bench`; figures are printed, never asserted.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <future>

#include "core/ids.hpp"
#include "core/metrics.hpp"
#include "core/worker_pool.hpp"
#include "db/database.hpp"
#include "db/migrations.hpp"
#include "domain/site/site_profile.hpp"
#include "http/message.hpp"
#include "http/pipeline.hpp"
#include "http/router.hpp"
#include "persistence/site_profile_repository.hpp"

namespace {

using namespace mocua::http;

Router MakeRouter() {
    Router r;
    const char* modules[] = {"dossiers", "procedures", "payments", "documents",
                             "meetings", "reports",    "portal"};
    for (const char* m : modules) {
        const std::string base = std::string("/api/v1/") + m;
        r.Get(base, Access::Public(), [](Request&) { return Response::Empty(200); });
        r.Post(base, Access::Public(), [](Request&) { return Response::Empty(201); });
        r.Get(base + "/{id:int}", Access::Public(), [](Request&) { return Response::Empty(200); });
        r.Get(base + "/{id:int}/history", Access::Public(), [](Request&) { return Response::Empty(200); });
        r.Get("/" + std::string(m) + "/{slug}", Access::Public(),
              [](Request&) { return Response::Empty(200); });
    }
    r.Get("/static/{path*}", Access::Public(), [](Request&) { return Response::Empty(200); });
    return r;
}

void BM_RouterMatch(benchmark::State& state) {
    const Router r = MakeRouter();
    for (auto _ : state) {
        auto m = r.Match("GET", "/api/v1/meetings/12345/history");
        benchmark::DoNotOptimize(m);
    }
}
BENCHMARK(BM_RouterMatch);

void BM_ParseTarget(benchmark::State& state) {
    for (auto _ : state) {
        auto t = ParseTarget("/tim-kiem/Ph%C6%B0%E1%BB%9Dng?q=quang+tri&page=2");
        benchmark::DoNotOptimize(t);
    }
}
BENCHMARK(BM_ParseTarget);

void BM_NewRequestId(benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(mocua::core::NewRequestId());
}
BENCHMARK(BM_NewRequestId);

// Everything the pipeline does for GET /healthz apart from socket I/O: request id, routing, the
// handler, security headers, metrics (access log off).
void BM_PipelineHealthz(benchmark::State& state) {
    Router r = MakeRouter();
    r.Get("/healthz", Access::Public(), [](Request&) { return Response::Json(200, R"({"status":"ok"})"); },
          {.blocking = false});
    mocua::core::Metrics metrics;
    std::vector<mocua::core::Metrics::RouteLabel> labels;
    for (const auto& route : r.routes()) labels.push_back({route->method, route->pattern});
    metrics.SetRoutes(labels);
    Pipeline pipeline(r, metrics, PipelineOptions{.access_log = false});
    for (auto _ : state) {
        Request req;
        req.method = "GET";
        req.target = "/healthz";
        req.path = "/healthz";
        req.headers = {{"Host", "127.0.0.1"}, {"User-Agent", "wrk"}};
        benchmark::DoNotOptimize(pipeline.Handle(req));
    }
}
BENCHMARK(BM_PipelineHealthz);

// One read of the site profile on SQLite: the database work behind GET /api/v1/site.
void BM_SqliteSiteProfileGet(benchmark::State& state) {
    const auto dir = std::filesystem::temp_directory_path() / ("mocua-bench-" + mocua::core::NewRequestId());
    std::filesystem::create_directories(dir);
    mocua::db::DatabaseOptions options;
    options.sqlite_path = (dir / "mocua.db").string();
    options.pool_size = 1;
    auto db = std::move(mocua::db::Database::Open(options).value());
    (void)mocua::db::Migrate(*db);
    mocua::persistence::SqlSiteProfileRepository repo(*db);
    mocua::domain::site::SiteProfile p{"Ủy ban",        "Committee", "Địa chỉ", "Address",
                                       "0233 3861 000", "a@b.vn",    "",        {}};
    repo.Save(p);
    for (auto _ : state) benchmark::DoNotOptimize(repo.Get());
    db.reset();
    std::filesystem::remove_all(dir);
}
BENCHMARK(BM_SqliteSiteProfileGet);

// Hand a task to the worker pool and wait for it: the hop every blocking route pays.
void BM_WorkerPoolRoundTrip(benchmark::State& state) {
    mocua::core::WorkerPool pool(2, 64);
    for (auto _ : state) {
        std::promise<void> done;
        pool.TrySubmit([&] { done.set_value(); });
        done.get_future().wait();
    }
}
BENCHMARK(BM_WorkerPoolRoundTrip);

}  // namespace

BENCHMARK_MAIN();
