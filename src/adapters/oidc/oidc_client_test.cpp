// OidcClient (oidc_client.hpp) against a provider answered from memory: discovery checks, the
// authorization request, the code exchange, key rotation and UserInfo. Tokens are signed here.
#include "adapters/oidc/oidc_client.hpp"

#include <gtest/gtest.h>
#include <openssl/sha.h>

#include <map>

#include "adapters/oidc/errors.hpp"
#include "adapters/oidc/test_signer.hpp"

namespace mocua::adapters::oidc {
namespace {

using nlohmann::json;
using namespace testing;  // NOLINT: test support helpers

constexpr long long kNow = 1751356800;  // 2025-07-01T08:00:00Z
constexpr char kIssuer[] = "https://id.example.vn";

// Answers by URL (query string ignored) and records every request.
class FakeHttp final : public HttpClient {
public:
    core::Result<HttpResponse> Send(const HttpRequest& request) override {
        requests.push_back(request);
        const std::string url = request.url.substr(0, request.url.find('?'));
        if (down) return core::Error::Unavailable("http: Couldn't connect to server");
        auto it = routes.find(url);
        if (it == routes.end()) return HttpResponse{404, {}, "{}"};
        return it->second(request);
    }
    void Json(const std::string& url, json body, int status = 200) {
        routes[url] = [body, status](const HttpRequest&) {
            return HttpResponse{status, {{"Content-Type", "application/json"}}, body.dump()};
        };
    }
    int Count(const std::string& url) const {
        int n = 0;
        for (const auto& r : requests) n += r.url == url;
        return n;
    }
    const HttpRequest* Last(const std::string& url) const {
        for (auto it = requests.rbegin(); it != requests.rend(); ++it) {
            if (it->url == url) return &*it;
        }
        return nullptr;
    }

    std::map<std::string, std::function<HttpResponse(const HttpRequest&)>> routes;
    std::vector<HttpRequest> requests;
    bool down = false;
};

std::map<std::string, std::string> ParseQuery(std::string_view query) {
    std::map<std::string, std::string> out;
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const auto eq = pair.find('=');
        out[UrlDecode(pair.substr(0, eq))] =
            eq == std::string_view::npos ? "" : UrlDecode(pair.substr(eq + 1));
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return out;
}

json Metadata() {
    return {{"issuer", kIssuer},
            {"authorization_endpoint", std::string(kIssuer) + "/auth"},
            {"token_endpoint", std::string(kIssuer) + "/token"},
            {"jwks_uri", std::string(kIssuer) + "/jwks"},
            {"userinfo_endpoint", std::string(kIssuer) + "/me"},
            {"end_session_endpoint", std::string(kIssuer) + "/logout"},
            {"id_token_signing_alg_values_supported", {"RS256", "ES256", "HS256"}},
            {"token_endpoint_auth_methods_supported", {"client_secret_basic", "client_secret_post"}},
            {"code_challenge_methods_supported", {"S256"}}};
}

class OidcClientTest : public ::testing::Test {
protected:
    void SetUp() override {
        http_.Json(std::string(kIssuer) + "/.well-known/openid-configuration", Metadata());
        SetKeys({PublicJwk(Key1(), "k1")});
        http_.Json(std::string(kIssuer) + "/me",
                   {{"sub", "citizen-42"}, {"cccd", "045085000123"}, {"name", "X"}});
        // The token endpoint signs an ID token for the nonce the test sets.
        http_.routes[std::string(kIssuer) + "/token"] = [this](const HttpRequest&) {
            json claims = {{"iss", kIssuer},      {"aud", config_.client_id},
                           {"sub", "citizen-42"}, {"exp", kNow + 300},
                           {"iat", kNow},         {"nonce", token_nonce_}};
            const std::string id_token =
                MakeJws({{"alg", "RS256"}, {"kid", signing_kid_}}, claims, signing_key_);
            return HttpResponse{
                200,
                {},
                json{{"access_token", "at-1"}, {"token_type", "Bearer"}, {"id_token", id_token}}.dump()};
        };
        config_.issuer = kIssuer;
        config_.client_id = "mocua-client";
        config_.client_secret = "s3cret:with/odd chars";
        config_.redirect_uri = "https://mocua.example.vn/login/vneid/callback";
        config_.extra_scopes = {"profile", "cccd"};
        signing_key_ = Key1();
    }

    static EVP_PKEY* Key1() {
        static PkeyPtr k = NewRsaKey();
        return k.get();
    }
    static EVP_PKEY* Key2() {
        static PkeyPtr k = NewRsaKey();
        return k.get();
    }
    void SetKeys(const std::vector<json>& jwks) {
        http_.Json(std::string(kIssuer) + "/jwks", {{"keys", jwks}});
    }
    OidcClient& Client() {
        if (!client_) client_ = std::make_unique<OidcClient>(config_, http_, clock_);
        return *client_;
    }
    AuthorizationRequest Begin() {
        auto req = Client().BeginLogin();
        EXPECT_TRUE(req.ok()) << req.error().message;
        token_nonce_ = req->nonce;
        return req.value();
    }
    static std::string Code(const core::Result<LoginResult>& r) { return r.ok() ? "ok" : r.error().message; }

    FakeHttp http_;
    core::ManualClock clock_{core::TimePoint(std::chrono::seconds(kNow))};
    OidcConfig config_;
    std::unique_ptr<OidcClient> client_;
    std::string token_nonce_;
    std::string signing_kid_ = "k1";
    EVP_PKEY* signing_key_ = nullptr;
};

TEST_F(OidcClientTest, DiscoveryReadsTheMetadata) {
    auto m = Discover(http_, kIssuer);
    ASSERT_TRUE(m.ok()) << m.error().message;
    EXPECT_EQ(m->token_endpoint, std::string(kIssuer) + "/token");
    EXPECT_EQ(m->id_token_signing_alg_values_supported,
              (std::vector<std::string>{"RS256", "ES256"}));  // no HS256
}

TEST_F(OidcClientTest, DiscoveryRequiresTheExactIssuer) {
    // A trailing slash is another issuer: the metadata at the same place names the issuer without it.
    EXPECT_EQ(Discover(http_, std::string(kIssuer) + "/").error().message, kIssuerMismatch);
    json other = Metadata();
    other["issuer"] = "https://evil.example.vn";
    http_.Json(std::string(kIssuer) + "/.well-known/openid-configuration", other);
    EXPECT_EQ(Discover(http_, kIssuer).error().message, kIssuerMismatch);
}

TEST_F(OidcClientTest, DiscoveryRefusesUnusableMetadata) {
    json m = Metadata();
    m["token_endpoint"] = "http://id.example.vn/token";  // plain http
    http_.Json(std::string(kIssuer) + "/.well-known/openid-configuration", m);
    EXPECT_EQ(Discover(http_, kIssuer).error().message, kBadDiscovery);
    m = Metadata();
    m["id_token_signing_alg_values_supported"] = {"HS256", "none"};
    http_.Json(std::string(kIssuer) + "/.well-known/openid-configuration", m);
    EXPECT_EQ(Discover(http_, kIssuer).error().message, kBadDiscovery);
    m = Metadata();
    m["code_challenge_methods_supported"] = {"plain"};
    http_.Json(std::string(kIssuer) + "/.well-known/openid-configuration", m);
    EXPECT_EQ(Discover(http_, kIssuer).error().message, kBadDiscovery);
    EXPECT_EQ(Discover(http_, "http://id.example.vn").error().message, kBadDiscovery);
}

TEST_F(OidcClientTest, ProviderDownIsUnreachableAndRecovers) {
    http_.down = true;
    auto req = Client().BeginLogin();
    ASSERT_FALSE(req.ok());
    EXPECT_EQ(req.error().message, kProviderUnreachable);
    EXPECT_EQ(req.error().code, core::ErrorCode::kUnavailable);
    http_.down = false;
    http_.Json(std::string(kIssuer) + "/.well-known/openid-configuration", {{"error", "busy"}}, 503);
    EXPECT_EQ(Client().BeginLogin().error().message, kProviderUnreachable);
    http_.Json(std::string(kIssuer) + "/.well-known/openid-configuration", Metadata());
    EXPECT_TRUE(Client().BeginLogin().ok());
}

TEST_F(OidcClientTest, BeginLoginBuildsAPkceAuthorizationRequest) {
    const AuthorizationRequest req = Begin();
    ASSERT_EQ(req.url.rfind(std::string(kIssuer) + "/auth?", 0), 0u) << req.url;
    auto q = ParseQuery(req.url.substr(req.url.find('?') + 1));
    EXPECT_EQ(q["response_type"], "code");
    EXPECT_EQ(q["client_id"], "mocua-client");
    EXPECT_EQ(q["redirect_uri"], config_.redirect_uri);
    EXPECT_EQ(q["scope"], "openid profile cccd");
    EXPECT_EQ(q["state"], req.state);
    EXPECT_EQ(q["nonce"], req.nonce);
    EXPECT_EQ(q["code_challenge_method"], "S256");
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(req.code_verifier.data()), req.code_verifier.size(),
           digest);
    EXPECT_EQ(q["code_challenge"], B64Url(std::string(reinterpret_cast<char*>(digest), sizeof digest)));
    // ≥ 128 bits each (22 base64url characters); the verifier within RFC 7636's 43..128 characters.
    EXPECT_GE(req.state.size(), 22u);
    EXPECT_GE(req.nonce.size(), 22u);
    EXPECT_GE(req.code_verifier.size(), 43u);
    EXPECT_LE(req.code_verifier.size(), 128u);
    EXPECT_EQ(req.created_at, clock_.Now());

    const AuthorizationRequest again = Begin();
    EXPECT_NE(again.state, req.state);
    EXPECT_NE(again.nonce, req.nonce);
    EXPECT_NE(again.code_verifier, req.code_verifier);
    EXPECT_NE(again.state, again.nonce);
}

TEST_F(OidcClientTest, AuthorizationRequestSurvivesTheSessionStore) {
    const AuthorizationRequest req = Begin();
    auto back = AuthorizationRequest::Parse(req.Serialize());
    ASSERT_TRUE(back);
    EXPECT_EQ(back->url, req.url);
    EXPECT_EQ(back->state, req.state);
    EXPECT_EQ(back->nonce, req.nonce);
    EXPECT_EQ(back->code_verifier, req.code_verifier);
    EXPECT_EQ(back->created_at, req.created_at);
    EXPECT_FALSE(AuthorizationRequest::Parse("{}"));
    EXPECT_FALSE(AuthorizationRequest::Parse("garbage"));
    EXPECT_FALSE(AuthorizationRequest::Parse(R"({"v": "1"})"));
}

TEST_F(OidcClientTest, CompleteLoginExchangesTheCodeAndVerifies) {
    const AuthorizationRequest req = Begin();
    auto login = Client().CompleteLogin("code-1", req.state, req, std::string_view(kIssuer));
    ASSERT_TRUE(login.ok()) << login.error().message;
    EXPECT_EQ(login->claims.subject, "citizen-42");
    EXPECT_EQ(login->claims.issuer, kIssuer);
    EXPECT_EQ(login->claims.cccd, std::optional<std::string>("045085000123"));  // from UserInfo
    EXPECT_EQ(login->claims.name, std::optional<std::string>("X"));
    EXPECT_FALSE(login->claims.email);
    EXPECT_EQ(login->claims.raw.at("aud"), "mocua-client");
    EXPECT_EQ(login->claims.expires_at, core::TimePoint(std::chrono::seconds(kNow + 300)));
    EXPECT_FALSE(login->id_token.empty());

    const HttpRequest* token = http_.Last(std::string(kIssuer) + "/token");
    ASSERT_NE(token, nullptr);
    EXPECT_EQ(token->method, HttpRequest::Method::kPost);
    auto form = ParseQuery(token->body);
    EXPECT_EQ(form["grant_type"], "authorization_code");
    EXPECT_EQ(form["code"], "code-1");
    EXPECT_EQ(form["redirect_uri"], config_.redirect_uri);
    EXPECT_EQ(form["code_verifier"], req.code_verifier);
    EXPECT_EQ(form.count("client_secret"), 0u);
    ASSERT_TRUE(token->basic_auth);  // client_secret_basic, form-encoded first (RFC 6749 2.3.1)
    EXPECT_EQ(token->basic_auth->user, "mocua-client");
    EXPECT_EQ(token->basic_auth->password, "s3cret%3Awith%2Fodd%20chars");

    const HttpRequest* me = http_.Last(std::string(kIssuer) + "/me");
    ASSERT_NE(me, nullptr);
    EXPECT_EQ(me->headers.at(0).value, "Bearer at-1");
}

TEST_F(OidcClientTest, ClientSecretPostWhenTheProviderOffersOnlyThat) {
    json m = Metadata();
    m["token_endpoint_auth_methods_supported"] = {"client_secret_post", "private_key_jwt"};
    http_.Json(std::string(kIssuer) + "/.well-known/openid-configuration", m);
    const AuthorizationRequest req = Begin();
    ASSERT_EQ(Code(Client().CompleteLogin("code-1", req.state, req)), "ok");
    const HttpRequest* token = http_.Last(std::string(kIssuer) + "/token");
    EXPECT_FALSE(token->basic_auth);
    auto form = ParseQuery(token->body);
    EXPECT_EQ(form["client_id"], "mocua-client");
    EXPECT_EQ(form["client_secret"], config_.client_secret);
}

TEST_F(OidcClientTest, StateMismatchStopsBeforeTheTokenEndpoint) {
    const AuthorizationRequest req = Begin();
    EXPECT_EQ(Code(Client().CompleteLogin("code-1", req.state + "x", req)), kStateMismatch);
    EXPECT_EQ(Code(Client().CompleteLogin("code-1", "", req)), kStateMismatch);
    AuthorizationRequest empty = req;
    empty.state.clear();
    EXPECT_EQ(Code(Client().CompleteLogin("code-1", "", empty)), kStateMismatch);
    EXPECT_EQ(http_.Count(std::string(kIssuer) + "/token"), 0);
}

TEST_F(OidcClientTest, StaleLoginAndForeignIssuerAreRefused) {
    const AuthorizationRequest req = Begin();
    EXPECT_EQ(
        Code(Client().CompleteLogin("code-1", req.state, req, std::string_view("https://evil.example.vn"))),
        kWrongIssuer);
    clock_.Advance(std::chrono::minutes(11));
    EXPECT_EQ(Code(Client().CompleteLogin("code-1", req.state, req)), kLoginExpired);
    EXPECT_EQ(http_.Count(std::string(kIssuer) + "/token"), 0);
}

TEST_F(OidcClientTest, TokenEndpointRefusalIsTokenRejected) {
    http_.Json(std::string(kIssuer) + "/token", {{"error", "invalid_grant"}}, 400);
    const AuthorizationRequest req = Begin();
    EXPECT_EQ(Code(Client().CompleteLogin("used-code", req.state, req)), kTokenRejected);
    http_.Json(std::string(kIssuer) + "/token",
               {{"access_token", "a"}, {"token_type", "Bearer"}});  // no id_token
    EXPECT_EQ(Code(Client().CompleteLogin("code", req.state, req)), kBadTokenResponse);
    http_.Json(std::string(kIssuer) + "/token", {{"error", "temporarily_unavailable"}}, 503);
    EXPECT_EQ(Code(Client().CompleteLogin("code", req.state, req)), kProviderUnreachable);
}

TEST_F(OidcClientTest, WrongNonceIsRefused) {
    const AuthorizationRequest req = Begin();
    token_nonce_ = "someone-elses-nonce";
    EXPECT_EQ(Code(Client().CompleteLogin("code-1", req.state, req)), kNonceMismatch);
}

TEST_F(OidcClientTest, RefetchesTheKeySetOnceForARotatedKey) {
    const std::string jwks_url = std::string(kIssuer) + "/jwks";
    ASSERT_TRUE(Client().EnsureDiscovered().ok());
    EXPECT_EQ(http_.Count(jwks_url), 1);
    // The provider rotates to k2 and publishes it; our cache still has only k1.
    SetKeys({PublicJwk(Key1(), "k1"), PublicJwk(Key2(), "k2")});
    signing_key_ = Key2();
    signing_kid_ = "k2";
    clock_.Advance(std::chrono::seconds(31));
    AuthorizationRequest req = Begin();
    ASSERT_EQ(Code(Client().CompleteLogin("code-1", req.state, req)), "ok");
    EXPECT_EQ(http_.Count(jwks_url), 2);

    // An unknown kid right after a fetch does not make us fetch again; later it does, once.
    signing_kid_ = "k3";
    req = Begin();
    EXPECT_EQ(Code(Client().CompleteLogin("code-2", req.state, req)), kUnknownKey);
    EXPECT_EQ(http_.Count(jwks_url), 2);
    clock_.Advance(std::chrono::seconds(31));
    req = Begin();
    EXPECT_EQ(Code(Client().CompleteLogin("code-3", req.state, req)), kUnknownKey);
    EXPECT_EQ(http_.Count(jwks_url), 3);
}

TEST_F(OidcClientTest, UserinfoForAnotherSubjectIsRefused) {
    http_.Json(std::string(kIssuer) + "/me", {{"sub", "citizen-43"}, {"cccd", "001099000001"}});
    const AuthorizationRequest req = Begin();
    EXPECT_EQ(Code(Client().CompleteLogin("code-1", req.state, req)), kUserinfoFailed);
}

TEST_F(OidcClientTest, TheConfiguredCccdClaimIsRead) {
    config_.cccd_claim = "so_dinh_danh";
    http_.Json(std::string(kIssuer) + "/me", {{"sub", "citizen-42"}, {"so_dinh_danh", "045085000123"}});
    const AuthorizationRequest req = Begin();
    auto login = Client().CompleteLogin("code-1", req.state, req);
    ASSERT_TRUE(login.ok()) << login.error().message;
    EXPECT_EQ(login->claims.cccd, std::optional<std::string>("045085000123"));
}

TEST_F(OidcClientTest, CallbackErrorsMapToStableCodes) {
    EXPECT_EQ(CallbackError("access_denied").message, kAccessDenied);
    EXPECT_EQ(CallbackError("server_error").message, kProviderError);
    EXPECT_EQ(CallbackError("<script>").message, kProviderError);
    EXPECT_EQ(CallbackError("\xff\xfe").message, kProviderError);  // not UTF-8: no exception
    EXPECT_EQ(CallbackError("access_denied").code, core::ErrorCode::kUnauthenticated);
}

TEST_F(OidcClientTest, LogoutUrlCarriesTheHint) {
    auto url = Client().LogoutUrl("the.id.token", "https://mocua.example.vn/");
    ASSERT_TRUE(url);
    auto q = ParseQuery(url->substr(url->find('?') + 1));
    EXPECT_EQ(q["id_token_hint"], "the.id.token");
    EXPECT_EQ(q["post_logout_redirect_uri"], "https://mocua.example.vn/");
    EXPECT_EQ(q["client_id"], "mocua-client");
}

TEST(UrlEncodingTest, RoundTripsAndEncodesReserved) {
    EXPECT_EQ(UrlEncode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
    EXPECT_EQ(UrlDecode("a%20b+c%3D%zz"), "a b c=%zz");
    EXPECT_EQ(FormEncode({{"k 1", "v&1"}, {"k2", ""}}), "k%201=v%261&k2=");
}

}  // namespace
}  // namespace mocua::adapters::oidc
