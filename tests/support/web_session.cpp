#include "support/web_session.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "adapters/crypto/sodium.hpp"
#include "core/clock.hpp"
#include "domain/identity/totp.hpp"
#include "support/http_client.hpp"

namespace mocua::testing {

std::string CurrentTotp(const std::string& base32_secret) {
    const adapters::SodiumCrypto crypto(std::string(32, 'k'));  // HMAC only: the sealing key is unused
    const auto key = domain::identity::FromBase32(base32_secret);
    if (!key) return "";
    core::SystemClock clock;
    return domain::identity::Hotp(crypto, *key, domain::identity::TotpStep(clock.Now()));
}

WebSession SignInThroughPages(std::uint16_t port, const std::string& email, const std::string& password) {
    WebSession s;
    const HttpReply form = Fetch(port, "GET", "/sign-in");
    s.csrf_cookie = CookieFrom(form, "mocua_csrf");
    const std::string token = FormFieldValue(form.body, "csrf_token");
    EXPECT_FALSE(s.csrf_cookie.empty());
    const HttpReply done =
        Fetch(port, "POST", "/sign-in",
              FormEncode({{"csrf_token", token}, {"email", email}, {"password", password}}),
              {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", s.csrf_cookie}});
    EXPECT_EQ(done.status, 303) << email << "\n" << done.body.substr(0, 400);
    s.session_cookie = CookieFrom(done, "mocua_session");
    if (s.session_cookie.empty() || done.header("location") != "/account/two-factor") return s;

    // Two-step verification is required: scan (read) the secret, type the current code.
    const HttpReply setup = Fetch(port, "GET", "/account/two-factor", "", {{"Cookie", s.Cookies()}});
    EXPECT_EQ(setup.status, 200) << setup.body.substr(0, 400);
    std::smatch m;
    if (!std::regex_search(setup.body, m, std::regex(R"(id="totp-secret">([A-Z2-7]+)<)"))) {
        ADD_FAILURE() << "no TOTP secret on the set-up page for " << email;
        s.session_cookie.clear();
        return s;
    }
    const HttpReply confirmed =
        Fetch(port, "POST", "/account/two-factor",
              FormEncode({{"csrf_token", FormFieldValue(setup.body, "csrf_token")},
                          {"enrolment", FormFieldValue(setup.body, "enrolment")},
                          {"code", CurrentTotp(m[1].str())}}),
              {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", s.Cookies()}});
    EXPECT_EQ(confirmed.status, 200) << email << "\n" << confirmed.body.substr(0, 600);
    EXPECT_NE(confirmed.body.find("id=\"recovery-codes\""), std::string::npos);
    s.enrolled_totp = confirmed.status == 200;
    return s;
}

}  // namespace mocua::testing
