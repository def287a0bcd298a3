#include "web/i18n.hpp"

#include <gtest/gtest.h>

namespace mocua::web {
namespace {

http::Request WithHeaders(std::string target, http::Headers headers) {
    http::Request r;
    r.method = "GET";
    r.target = target;
    auto parsed = http::ParseTarget(target);
    r.path = parsed->path;
    r.query = parsed->query;
    r.headers = std::move(headers);
    return r;
}

TEST(Language, ParsesTagsCaseInsensitivelyIgnoringRegion) {
    EXPECT_EQ(ParseLanguage("vi"), Language::kVi);
    EXPECT_EQ(ParseLanguage("vi-VN"), Language::kVi);
    EXPECT_EQ(ParseLanguage("EN"), Language::kEn);
    EXPECT_EQ(ParseLanguage("en_GB"), Language::kEn);
    EXPECT_EQ(ParseLanguage("fr"), std::nullopt);
    EXPECT_EQ(ParseLanguage(""), std::nullopt);
    EXPECT_EQ(ParseLanguage("vie"), std::nullopt);
}

TEST(Language, QueryBeatsCookieBeatsAcceptLanguage) {
    const http::Headers both = {{"Cookie", "a=1; mocua_lang=en"}, {"Accept-Language", "vi"}};
    auto q = NegotiateLanguage(WithHeaders("/?lang=vi", both));
    EXPECT_EQ(q.language, Language::kVi);
    EXPECT_TRUE(q.from_query);
    auto c = NegotiateLanguage(WithHeaders("/", both));
    EXPECT_EQ(c.language, Language::kEn);
    EXPECT_FALSE(c.from_query);
    EXPECT_EQ(NegotiateLanguage(WithHeaders("/", {{"Accept-Language", "en-US,en;q=0.9"}})).language,
              Language::kEn);
}

TEST(Language, UnknownValuesFallThrough) {
    // ?lang=fr is ignored; a bad cookie is ignored; Accept-Language decides.
    const auto r = WithHeaders("/?lang=fr", {{"Cookie", "mocua_lang=de"}, {"Accept-Language", "en"}});
    EXPECT_EQ(NegotiateLanguage(r).language, Language::kEn);
    EXPECT_FALSE(NegotiateLanguage(r).from_query);
    EXPECT_EQ(NegotiateLanguage(WithHeaders("/", {})).language, Language::kVi);
}

TEST(Language, AcceptLanguageUsesQualityValues) {
    EXPECT_EQ(NegotiateLanguage(WithHeaders("/", {{"Accept-Language", "fr, en;q=0.5, vi;q=0.8"}})).language,
              Language::kVi);
    EXPECT_EQ(NegotiateLanguage(WithHeaders("/", {{"Accept-Language", "vi;q=0, en;q=0.1"}})).language,
              Language::kEn);
    EXPECT_EQ(NegotiateLanguage(WithHeaders("/", {{"Accept-Language", "en;q=0"}})).language, Language::kVi);
    EXPECT_EQ(NegotiateLanguage(WithHeaders("/", {{"Accept-Language", "en;q=abc"}})).language, Language::kVi);
    EXPECT_EQ(NegotiateLanguage(WithHeaders("/", {{"Accept-Language", "*"}})).language, Language::kVi);
}

TEST(Cookies, FindsNamedValueAcrossHeaders) {
    const auto r = WithHeaders("/", {{"Cookie", "x=1; y = \"two\""}, {"cookie", "z=3"}});
    EXPECT_EQ(CookieValue(r, "y"), "two");
    EXPECT_EQ(CookieValue(r, "z"), "3");
    EXPECT_EQ(CookieValue(r, "w"), std::nullopt);
}

TEST(Catalog, RefusesDifferentKeySets) {
    auto missing = Catalog::Parse(R"({"a":{"b":"x","c":"y"}})", R"({"a":{"b":"x"}})");
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message.find("a.c"), std::string::npos);
    auto extra = Catalog::Parse(R"({"a":"x"})", R"({"a":"x","b":"y"})");
    ASSERT_FALSE(extra.ok());
    EXPECT_NE(extra.error().message.find("vi.json lacks `b`"), std::string::npos);
}

TEST(Catalog, RefusesNonStringsEmptyStringsAndBadJson) {
    EXPECT_FALSE(Catalog::Parse(R"({"a":1})", R"({"a":1})").ok());
    EXPECT_FALSE(Catalog::Parse(R"({"a":""})", R"({"a":""})").ok());
    EXPECT_FALSE(Catalog::Parse(R"({"a":["x"]})", R"({"a":["x"]})").ok());
    EXPECT_FALSE(Catalog::Parse("{", "{}").ok());
    EXPECT_FALSE(Catalog::Parse("[]", "[]").ok());
}

TEST(Catalog, FindsGetsAndFormats) {
    auto c = Catalog::Parse(R"({"home":{"today":"Hôm nay: {date}"},"x":"{a}{b}{"})",
                            R"({"home":{"today":"Today: {date}"},"x":"{a}{b}{"})");
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(*c->Find(Language::kVi, "home.today"), "Hôm nay: {date}");
    EXPECT_EQ(c->Find(Language::kVi, "home"), nullptr);
    EXPECT_EQ(c->Find(Language::kVi, "home.today.more"), nullptr);
    EXPECT_EQ(c->Get(Language::kEn, "no.such"), "no.such");
    EXPECT_EQ(c->Format(Language::kEn, "home.today", {{"date", "01/07/2025"}}), "Today: 01/07/2025");
    EXPECT_EQ(c->Format(Language::kVi, "x", {{"a", "1"}}), "1{b}{");
    EXPECT_EQ(c->Keys(), (std::vector<std::string>{"home.today", "x"}));
}

}  // namespace
}  // namespace mocua::web
