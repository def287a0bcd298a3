#include "http/message.hpp"

#include <gtest/gtest.h>

namespace mocua::http {
namespace {

TEST(ParseTarget, SplitsPathAndQuery) {
    auto t = ParseTarget("/lookup?code=000.00.19.H56-250701-0001&lang=en");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->path, "/lookup");
    EXPECT_EQ(t->query, "code=000.00.19.H56-250701-0001&lang=en");
}

TEST(ParseTarget, DecodesUtf8Segments) {
    auto t = ParseTarget("/tim-kiem/Ph%C6%B0%E1%BB%9Dng%20Qu%E1%BA%A3ng%20Tr%E1%BB%8B");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->path, "/tim-kiem/Phường Quảng Trị");
}

TEST(ParseTarget, RejectsTraversalHoweverEncoded) {
    for (const char* bad : {"/static/../etc/passwd", "/static/%2e%2e/etc/passwd", "/static/%2E%2E/x",
                            "/static/.%2e/x", "/static/..", "/static/a%2f..%2f..%2fetc", "/static/a%5c..%5cb",
                            "/static/./a", "/a%00b", "/a%zz", "/a%4", "static/a", ""}) {
        EXPECT_FALSE(ParseTarget(bad)) << bad;
    }
}

TEST(ParseTarget, KeepsOrdinaryDotsInNames) {
    auto t = ParseTarget("/static/app.3f9a1c2b.css");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->path, "/static/app.3f9a1c2b.css");
    EXPECT_TRUE(ParseTarget("/static/..hidden"));
}

TEST(Request, QueryParametersAreDecoded) {
    Request r;
    r.query = "q=%C4%90%E1%BA%B7ng+Th%E1%BB%8B&empty&lang=vi&q=second";
    EXPECT_EQ(r.QueryParam("q"), "Đặng Thị");
    EXPECT_EQ(r.QueryParam("empty"), "");
    EXPECT_EQ(r.QueryParam("lang"), "vi");
    EXPECT_FALSE(r.QueryParam("missing"));
}

TEST(Headers, LookupIgnoresCase) {
    Response r;
    r.SetHeader("Content-Type", "text/html");
    r.SetHeader("content-type", "application/json");
    EXPECT_EQ(r.headers.size(), 1u);
    EXPECT_EQ(r.Header("CONTENT-TYPE"), "application/json");
}

}  // namespace
}  // namespace mocua::http
