#include "web/auth_pages.hpp"

#include <gtest/gtest.h>

#include "http/message.hpp"

namespace mocua::web {
namespace {

TEST(SafeNext, FollowsLocalPathsOnly) {
    EXPECT_EQ(SafeNext("/api/v1/me"), "/api/v1/me");
    EXPECT_EQ(SafeNext("/account/two-factor?lang=en"), "/account/two-factor?lang=en");
    for (const char* bad : {"", "account", "//evil.example/", "/\\evil.example", "https://evil.example/",
                            "/a\r\nSet-Cookie: x=1", "/sign-in", "/sign-out"}) {
        EXPECT_EQ(SafeNext(bad), "/account") << bad;
    }
}

TEST(ViewerRoles, AnonymousOrTheRolesAndSignedIn) {
    http::Request request;
    EXPECT_EQ(ViewerRoles(request), std::vector<std::string>{"anonymous"});
    request.principal = http::Principal{7, "staff", {"leader", "clerk"}};
    EXPECT_EQ(ViewerRoles(request), (std::vector<std::string>{"leader", "clerk", "signed_in"}));
}

}  // namespace
}  // namespace mocua::web
