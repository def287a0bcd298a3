#include "http/router.hpp"

#include <gtest/gtest.h>

namespace mocua::http {
namespace {

Handler Named(std::string name) {
    return [name](Request&) { return Response::Text(200, name); };
}

std::string Call(const RouteMatch& m) {
    Request r;
    r.params = m.params;
    return m.route->handler(r).body;
}

class RouterTest : public ::testing::Test {
protected:
    void SetUp() override {
        router.Get("/", Named("home"));
        router.Get("/dossiers/{id:int}", Named("dossier-by-id"));
        router.Get("/dossiers/new", Named("new-dossier-form"));
        router.Post("/dossiers", Named("create-dossier"));
        router.Get("/dossiers", Named("list-dossiers"));
        router.Get("/lookup/{code}", Named("lookup"));
        router.Get("/lookup/{code}/timeline", Named("timeline"));
        router.Get("/static/{path*}", Named("static"));
    }
    Router router;
};

TEST_F(RouterTest, LiteralBeatsParameter) {
    auto m = router.Match("GET", "/dossiers/new");
    ASSERT_EQ(m.kind, RouteMatch::Kind::kFound);
    EXPECT_EQ(Call(m), "new-dossier-form");
}

TEST_F(RouterTest, TypedParameterOnlyMatchesDigits) {
    auto m = router.Match("GET", "/dossiers/42");
    ASSERT_EQ(m.kind, RouteMatch::Kind::kFound);
    EXPECT_EQ(Call(m), "dossier-by-id");
    ASSERT_EQ(m.params.size(), 1u);
    EXPECT_EQ(m.params[0], (std::pair<std::string, std::string>("id", "42")));
    EXPECT_EQ(router.Match("GET", "/dossiers/4x2").kind, RouteMatch::Kind::kNotFound);
}

TEST_F(RouterTest, ParametersAndNestedRoutes) {
    auto m = router.Match("GET", "/lookup/H56-0001/timeline");
    ASSERT_EQ(m.kind, RouteMatch::Kind::kFound);
    EXPECT_EQ(Call(m), "timeline");
    EXPECT_EQ(m.params[0].second, "H56-0001");
    EXPECT_EQ(router.Match("GET", "/lookup/").kind, RouteMatch::Kind::kNotFound) << "empty parameter";
}

TEST_F(RouterTest, RestParameterTakesTheRemainingPath) {
    auto m = router.Match("GET", "/static/css/app.css");
    ASSERT_EQ(m.kind, RouteMatch::Kind::kFound);
    EXPECT_EQ(m.params[0].second, "css/app.css");
    EXPECT_EQ(router.Match("GET", "/static/").kind, RouteMatch::Kind::kNotFound);
}

TEST_F(RouterTest, WrongMethodGives405WithAllow) {
    auto m = router.Match("DELETE", "/dossiers");
    ASSERT_EQ(m.kind, RouteMatch::Kind::kMethodNotAllowed);
    EXPECT_EQ(m.allow, "GET, HEAD, POST");
}

TEST_F(RouterTest, HeadFallsBackToGet) {
    auto m = router.Match("HEAD", "/");
    ASSERT_EQ(m.kind, RouteMatch::Kind::kFound);
    EXPECT_EQ(Call(m), "home");
}

TEST_F(RouterTest, UnknownMethodIsNotImplemented) {
    EXPECT_EQ(router.Match("BREW", "/").kind, RouteMatch::Kind::kNotImplemented);
}

TEST_F(RouterTest, UnknownPathIs404) {
    EXPECT_EQ(router.Match("GET", "/nope").kind, RouteMatch::Kind::kNotFound);
    EXPECT_EQ(router.Match("GET", "/dossiers/42/extra").kind, RouteMatch::Kind::kNotFound);
}

TEST(Router, RejectsBadOrDuplicateRoutes) {
    Router r;
    r.Get("/a/{id:int}", Named("a"));
    EXPECT_THROW(r.Get("/a/{id:int}", Named("again")), std::invalid_argument);
    EXPECT_THROW(r.Get("/b/{id:uuid}", Named("b")), std::invalid_argument);
    EXPECT_THROW(r.Get("/c/{rest*}/more", Named("c")), std::invalid_argument);
    EXPECT_THROW(r.Add("BREW", "/d", Named("d")), std::invalid_argument);
    EXPECT_THROW(r.Get("no-slash", Named("e")), std::invalid_argument);
}

}  // namespace
}  // namespace mocua::http
