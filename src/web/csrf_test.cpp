#include "web/csrf.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace mocua::web {
namespace {

namespace fs = std::filesystem;

http::Request WithCookie(const std::string& cookie) {
    http::Request r;
    r.method = "POST";
    r.path = "/";
    if (!cookie.empty()) r.headers.emplace_back("Cookie", cookie);
    return r;
}

// "mocua_csrf=VALUE; Path=/…" → "mocua_csrf=VALUE"
std::string CookiePair(const std::string& set_cookie) { return set_cookie.substr(0, set_cookie.find(';')); }

TEST(Csrf, IssuesCookieAndTokenThatVerify) {
    const CsrfProtection csrf(std::string(32, 'k'));
    const auto first = csrf.Issue(WithCookie(""));
    ASSERT_TRUE(first.set_cookie.has_value());
    EXPECT_NE(first.set_cookie->find("HttpOnly"), std::string::npos);
    EXPECT_NE(first.set_cookie->find("SameSite=Lax"), std::string::npos);
    EXPECT_EQ(first.set_cookie->find("Secure"), std::string::npos);
    const auto request = WithCookie("other=1; " + CookiePair(*first.set_cookie));
    EXPECT_TRUE(csrf.Verify(request, first.token));

    // The same cookie gives the same token and no new cookie.
    const auto again = csrf.Issue(request);
    EXPECT_FALSE(again.set_cookie.has_value());
    EXPECT_EQ(again.token, first.token);
}

TEST(Csrf, RefusesWrongMissingOrForeignTokens) {
    const CsrfProtection csrf(std::string(32, 'k'));
    const auto a = csrf.Issue(WithCookie(""));
    const auto b = csrf.Issue(WithCookie(""));
    ASSERT_NE(a.token, b.token);  // random cookies
    const auto request_a = WithCookie(CookiePair(*a.set_cookie));
    EXPECT_FALSE(csrf.Verify(request_a, b.token));
    EXPECT_FALSE(csrf.Verify(request_a, ""));
    EXPECT_FALSE(csrf.Verify(request_a, a.token.substr(1)));
    EXPECT_FALSE(csrf.Verify(WithCookie(""), a.token));
    EXPECT_FALSE(csrf.Verify(WithCookie("mocua_csrf=short"), a.token));
    // Another key (another installation) does not accept this token.
    const CsrfProtection other(std::string(32, 'x'));
    EXPECT_FALSE(other.Verify(request_a, a.token));
}

TEST(Csrf, SecureCookieWhenAsked) {
    const CsrfProtection csrf(std::string(32, 'k'), /*secure_cookie=*/true);
    EXPECT_NE(csrf.Issue(WithCookie("")).set_cookie->find("; Secure"), std::string::npos);
}

TEST(Csrf, KeyIsCreatedOnceWithPrivatePermissions) {
    const fs::path dir = fs::temp_directory_path() / ("mocua-csrf-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    auto first = CsrfProtection::LoadOrCreate(dir.string());
    ASSERT_TRUE(first.ok()) << first.error().message;
    const fs::path key = dir / "keys" / "csrf.key";
    ASSERT_EQ(fs::file_size(key), 32u);
    struct stat st {};
    ASSERT_EQ(::stat(key.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 077, 0u);

    const auto issued = first->Issue(WithCookie(""));
    auto second = CsrfProtection::LoadOrCreate(dir.string());
    ASSERT_TRUE(second.ok());
    EXPECT_TRUE(second->Verify(WithCookie(CookiePair(*issued.set_cookie)), issued.token));

    std::ofstream(key, std::ios::trunc) << "damaged";
    auto damaged = CsrfProtection::LoadOrCreate(dir.string());
    ASSERT_FALSE(damaged.ok());
    EXPECT_NE(damaged.error().message.find("32 bytes"), std::string::npos);
    fs::remove_all(dir);
}

TEST(Csrf, Base64UrlMatchesRfc4648Vectors) {
    EXPECT_EQ(Base64Url(""), "");
    EXPECT_EQ(Base64Url("f"), "Zg");
    EXPECT_EQ(Base64Url("fo"), "Zm8");
    EXPECT_EQ(Base64Url("foo"), "Zm9v");
    EXPECT_EQ(Base64Url("foobar"), "Zm9vYmFy");
    EXPECT_EQ(Base64Url("\xfb\xff"), "-_8");
    EXPECT_EQ(RandomBytes(16).size(), 16u);
}

}  // namespace
}  // namespace mocua::web
