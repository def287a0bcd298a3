// Micro-benchmarks of the per-request hot path (router match, target parsing, request ids).
// Run with `make bench`; figures are printed, never asserted.
#include <benchmark/benchmark.h>

#include "core/ids.hpp"
#include "http/message.hpp"
#include "http/router.hpp"

namespace {

using namespace mocua::http;

Router MakeRouter() {
    Router r;
    const char* modules[] = {"dossiers", "procedures", "payments", "documents", "meetings", "reports", "portal"};
    for (const char* m : modules) {
        const std::string base = std::string("/api/v1/") + m;
        r.Get(base, [](Request&) { return Response::Empty(200); });
        r.Post(base, [](Request&) { return Response::Empty(201); });
        r.Get(base + "/{id:int}", [](Request&) { return Response::Empty(200); });
        r.Get(base + "/{id:int}/history", [](Request&) { return Response::Empty(200); });
        r.Get("/" + std::string(m) + "/{slug}", [](Request&) { return Response::Empty(200); });
    }
    r.Get("/static/{path*}", [](Request&) { return Response::Empty(200); });
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

}  // namespace

BENCHMARK_MAIN();
