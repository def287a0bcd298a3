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
        router.Get("/", Access::Public(), Named("home"));
        router.Get("/dossiers/{id:int}", Access::Public(), Named("dossier-by-id"));
        router.Get("/dossiers/new", Access::Public(), Named("new-dossier-form"));
        router.Post("/dossiers", Access::Public(), Named("create-dossier"));
        router.Get("/dossiers", Access::Public(), Named("list-dossiers"));
        router.Get("/lookup/{code}", Access::Public(), Named("lookup"));
        router.Get("/lookup/{code}/timeline", Access::Public(), Named("timeline"));
        router.Get("/static/{path*}", Access::Public(), Named("static"));
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
    r.Get("/a/{id:int}", Access::Public(), Named("a"));
    EXPECT_THROW(r.Get("/a/{id:int}", Access::Public(), Named("again")), std::invalid_argument);
    EXPECT_THROW(r.Get("/b/{id:uuid}", Access::Public(), Named("b")), std::invalid_argument);
    EXPECT_THROW(r.Get("/c/{rest*}/more", Access::Public(), Named("c")), std::invalid_argument);
    EXPECT_THROW(r.Add("BREW", "/d", Access::Public(), Named("d")), std::invalid_argument);
    EXPECT_THROW(r.Get("no-slash", Access::Public(), Named("e")), std::invalid_argument);
    EXPECT_THROW(r.Get("/f", Access::AnyRole({}), Named("f")), std::invalid_argument)
        << "a role rule names roles";
    EXPECT_THROW(r.Get("/g", Access::SignedIn(), Named("g"), {.blocking = false}), std::invalid_argument)
        << "inline routes cannot check a principal";
}

}  // namespace
}  // namespace mocua::http
