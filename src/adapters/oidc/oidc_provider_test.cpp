// The OIDC client against a real provider: npm oidc-provider (tests/oidc/provider.mjs) started on
// loopback as a child process. The test plays the browser with libcurl's cookie engine: it opens the
// authorization URL, fills in the provider's login and consent forms, and stops at the redirect to
// redirect_uri, whose code it hands to CompleteLogin.
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "adapters/oidc/curl_http_client.hpp"
#include "adapters/oidc/errors.hpp"
#include "adapters/oidc/jose.hpp"
#include "adapters/oidc/oidc_client.hpp"

namespace mocua::adapters::oidc {
namespace {

constexpr char kClientId[] = "mocua-test-client";
constexpr char kClientSecret[] = "mocua-test-secret-0123456789abcdef";
constexpr char kRedirectUri[] = "http://127.0.0.1:9/login/vneid/callback";  // never contacted
constexpr char kOtherClientId[] = "other-client";
constexpr char kOtherClientSecret[] = "other-client-secret-0123456789";

// tests/oidc/provider.mjs as a child process. Its stdin is a pipe we hold: if this process dies, the
// pipe closes and the provider exits by itself.
class ProviderProcess {
public:
    ProviderProcess() {
        const std::string script = std::string(MOCUA_SOURCE_DIR) + "/tests/oidc/provider.mjs";
        stderr_path_ =
            std::filesystem::temp_directory_path() / ("oidc-provider-" + std::to_string(::getpid()) + ".log");
        int in[2], out[2];
        if (::pipe(in) != 0 || ::pipe(out) != 0) return;
        pid_ = ::fork();
        if (pid_ == 0) {
            ::dup2(in[0], STDIN_FILENO);
            ::dup2(out[1], STDOUT_FILENO);
            if (std::FILE* err = std::fopen(stderr_path_.c_str(), "w")) ::dup2(::fileno(err), STDERR_FILENO);
            ::close(in[0]);
            ::close(in[1]);
            ::close(out[0]);
            ::close(out[1]);
            ::execl(MOCUA_NODE, "node", script.c_str(), "--client-id", kClientId, "--client-secret",
                    kClientSecret, "--redirect-uri", kRedirectUri, static_cast<char*>(nullptr));
            ::_exit(127);
        }
        ::close(in[0]);
        ::close(out[1]);
        stdin_fd_ = in[1];
        stdout_ = ::fdopen(out[0], "r");
        char line[512];
        // Blocks until the provider says where it listens, or exits (EOF).
        while (stdout_ && std::fgets(line, sizeof line, stdout_)) {
            const std::string text(line);
            if (text.rfind("issuer ", 0) == 0) {
                issuer_ = text.substr(7);
                while (!issuer_.empty() && (issuer_.back() == '\n' || issuer_.back() == '\r'))
                    issuer_.pop_back();
                break;
            }
        }
    }
    ~ProviderProcess() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
        if (stdin_fd_ >= 0) ::close(stdin_fd_);
        if (stdout_) std::fclose(stdout_);
        std::error_code ignored;
        std::filesystem::remove(stderr_path_, ignored);
    }
    ProviderProcess(const ProviderProcess&) = delete;
    ProviderProcess& operator=(const ProviderProcess&) = delete;

    const std::string& issuer() const { return issuer_; }
    std::string Stderr() const {
        std::ifstream f(stderr_path_);
        std::stringstream s;
        s << f.rdbuf();
        return s.str();
    }

private:
    pid_t pid_ = -1;
    int stdin_fd_ = -1;
    std::FILE* stdout_ = nullptr;
    std::string issuer_;
    std::filesystem::path stderr_path_;
};

// A minimal browser: one libcurl handle with its cookie engine on, redirects not followed.
class Browser {
public:
    struct Page {
        long status = 0;
        std::string location;
        std::string body;
    };

    explicit Browser(std::string origin) : origin_(std::move(origin)), curl_(curl_easy_init()) {
        curl_easy_setopt(curl_, CURLOPT_COOKIEFILE, "");  // cookie engine on, nothing loaded
        curl_easy_setopt(curl_, CURLOPT_FOLLOWLOCATION, 0L);
        curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, 10000L);
        curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, &Browser::OnBody);
        curl_easy_setopt(curl_, CURLOPT_HEADERFUNCTION, &Browser::OnHeader);
    }
    ~Browser() { curl_easy_cleanup(curl_); }
    Browser(const Browser&) = delete;
    Browser& operator=(const Browser&) = delete;

    Page Request(const std::string& url, const std::string* form = nullptr) {
        Page page;
        curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &page);
        curl_easy_setopt(curl_, CURLOPT_HEADERDATA, &page);
        if (form) {
            curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, form->c_str());
        } else {
            curl_easy_setopt(curl_, CURLOPT_HTTPGET, 1L);
        }
        if (curl_easy_perform(curl_) != CURLE_OK) return page;
        curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &page.status);
        if (!page.location.empty() && page.location[0] == '/') page.location = origin_ + page.location;
        return page;
    }

    // Follows the provider's pages from `url`: redirects, the login form (as `login`) and the consent
    // form, until a redirect leaves for `redirect_uri`; returns that URL (empty on a dead end).
    std::string SignIn(const std::string& url, const std::string& login, const std::string& redirect_uri,
                       std::string* trail) {
        std::string next = url;
        std::string form;
        bool post = false;
        for (int step = 0; step < 20; ++step) {
            const Page page = Request(next, post ? &form : nullptr);
            *trail += std::to_string(page.status) + " " + next.substr(0, next.find('?')) + "\n";
            if (page.status >= 300 && page.status < 400) {
                if (page.location.rfind(redirect_uri, 0) == 0) return page.location;
                next = page.location;
                post = false;
                continue;
            }
            if (page.status != 200) return "";
            std::smatch action, prompt;
            static const std::regex kAction(R"re(<form[^>]*action="([^"]+)")re");
            static const std::regex kPrompt(R"re(name="prompt" value="([a-z]+)")re");
            if (!std::regex_search(page.body, action, kAction) ||
                !std::regex_search(page.body, prompt, kPrompt)) {
                *trail += page.body.substr(0, 400);
                return "";
            }
            next = action[1].str();
            if (!next.empty() && next[0] == '/') next = origin_ + next;
            form = prompt[1].str() == "login" ? "prompt=login&login=" + login + "&password=any-password"
                                              : "prompt=" + prompt[1].str();
            post = true;
        }
        return "";
    }

private:
    static std::size_t OnBody(char* data, std::size_t size, std::size_t n, void* user) {
        static_cast<Page*>(user)->body.append(data, size * n);
        return size * n;
    }
    static std::size_t OnHeader(char* data, std::size_t size, std::size_t n, void* user) {
        std::string line(data, size * n);
        if (line.size() > 9 && (line.rfind("Location:", 0) == 0 || line.rfind("location:", 0) == 0)) {
            std::string value = line.substr(9);
            value.erase(0, value.find_first_not_of(" \t"));
            while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.pop_back();
            static_cast<Page*>(user)->location = value;
        }
        return size * n;
    }

    std::string origin_;
    CURL* curl_;
};

std::map<std::string, std::string> QueryOf(const std::string& url) {
    std::map<std::string, std::string> out;
    const auto q = url.find('?');
    if (q == std::string::npos) return out;
    std::stringstream s(url.substr(q + 1));
    std::string pair;
    while (std::getline(s, pair, '&')) {
        const auto eq = pair.find('=');
        out[UrlDecode(pair.substr(0, eq))] = eq == std::string::npos ? "" : UrlDecode(pair.substr(eq + 1));
    }
    return out;
}

class OidcProviderTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        const std::string module =
            std::string(MOCUA_SOURCE_DIR) + "/web/node_modules/oidc-provider/package.json";
        ASSERT_TRUE(std::filesystem::exists(module))
            << "web/node_modules has no oidc-provider: run `make deps`";
        provider_ = new ProviderProcess();
        ASSERT_FALSE(provider_->issuer().empty()) << "the provider did not start:\n" << provider_->Stderr();
    }
    static void TearDownTestSuite() {
        delete provider_;  // kills the provider, also when a test failed
        provider_ = nullptr;
    }
    void SetUp() override {
        ASSERT_TRUE(provider_ && !provider_->issuer().empty());
        http_ = std::make_unique<CurlHttpClient>(CurlHttpClient::Options{.allow_http = true});
        client_ = std::make_unique<OidcClient>(Config(kClientId, kClientSecret), *http_, clock_);
    }

    static OidcConfig Config(const std::string& id, const std::string& secret) {
        OidcConfig c;
        c.issuer = provider_->issuer();
        c.client_id = id;
        c.client_secret = secret;
        c.redirect_uri = kRedirectUri;
        c.extra_scopes = {"profile", "email", "phone", "cccd"};
        c.allow_http = true;  // loopback test provider only
        return c;
    }

    struct Callback {
        AuthorizationRequest pending;
        std::string code, state, iss;
        std::string trail;  // status and path of every page the browser saw
    };
    // BeginLogin, then the browser's part, as `login`; the callback's parameters.
    Callback Authorize(OidcClient& client, const std::string& login = "citizen-demo") {
        Callback cb;
        auto req = client.BeginLogin({.ui_locales = "vi"});
        EXPECT_TRUE(req.ok()) << req.error().message;
        if (!req.ok()) return cb;
        cb.pending = req.value();
        Browser browser(provider_->issuer());
        const std::string callback = browser.SignIn(cb.pending.url, login, kRedirectUri, &cb.trail);
        EXPECT_FALSE(callback.empty()) << "sign-in did not reach the redirect URI:\n" << cb.trail;
        auto q = QueryOf(callback);
        EXPECT_EQ(q.count("error"), 0u) << q["error"] << ": " << q["error_description"];
        cb.code = q["code"];
        cb.state = q["state"];
        cb.iss = q["iss"];
        return cb;
    }

    static inline ProviderProcess* provider_ = nullptr;
    core::SystemClock clock_;
    std::unique_ptr<CurlHttpClient> http_;
    std::unique_ptr<OidcClient> client_;
};

TEST_F(OidcProviderTest, DiscoveryAgainstTheRealProvider) {
    auto m = Discover(*http_, provider_->issuer(), /*allow_http=*/true);
    ASSERT_TRUE(m.ok()) << m.error().message;
    EXPECT_EQ(m->issuer, provider_->issuer());
    EXPECT_EQ(m->code_challenge_methods_supported, std::vector<std::string>{"S256"});
    EXPECT_FALSE(m->userinfo_endpoint.empty());
    EXPECT_TRUE(client_->EnsureDiscovered().ok());
    // Without allow_http the same provider is refused: production issuers are https.
    EXPECT_EQ(Discover(*http_, provider_->issuer()).error().message, kBadDiscovery);
}

TEST_F(OidcProviderTest, CurlClientSpeaksHttpOnlyWhenAllowedAndLimitsBodies) {
    const std::string url = provider_->issuer() + "/.well-known/openid-configuration";
    auto allowed = http_->Get(url);
    ASSERT_TRUE(allowed.ok()) << allowed.error().message;
    EXPECT_EQ(allowed->status, 200);
    EXPECT_NE(allowed->Header("content-type").value_or("").find("application/json"), std::string::npos);

    CurlHttpClient https_only;
    auto refused = https_only.Get(url);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, core::ErrorCode::kUnavailable);

    CurlHttpClient tiny(CurlHttpClient::Options{.max_body_bytes = 64, .allow_http = true});
    auto too_long = tiny.Get(url);
    ASSERT_FALSE(too_long.ok());
    EXPECT_NE(too_long.error().message.find("over 64 bytes"), std::string::npos) << too_long.error().message;
}

TEST_F(OidcProviderTest, FullLoginYieldsSubjectAndCccd) {
    const Callback cb = Authorize(*client_);
    ASSERT_FALSE(cb.code.empty());
    EXPECT_EQ(cb.state, cb.pending.state);
    EXPECT_EQ(cb.iss, provider_->issuer());
    // The browser went through the provider's login and consent pages.
    EXPECT_NE(cb.trail.find("200 " + provider_->issuer() + "/interaction/"), std::string::npos) << cb.trail;
    auto login = client_->CompleteLogin(cb.code, cb.state, cb.pending, cb.iss);
    ASSERT_TRUE(login.ok()) << login.error().message;
    const IdentityClaims& c = login->claims;
    EXPECT_EQ(c.subject, "citizen-demo");
    EXPECT_EQ(c.issuer, provider_->issuer());
    EXPECT_EQ(c.cccd, std::optional<std::string>("045085000123"));
    EXPECT_EQ(c.name, std::optional<std::string>("Nguyễn Văn An"));
    EXPECT_EQ(c.email, std::optional<std::string>("an.nguyen@example.vn"));
    EXPECT_TRUE(c.email_verified);
    EXPECT_EQ(c.phone_number, std::optional<std::string>("+84912345678"));
    EXPECT_EQ(c.raw.at("aud"), kClientId);
    EXPECT_GT(c.expires_at, clock_.Now());
    EXPECT_FALSE(login->id_token.empty());
    auto logout = client_->LogoutUrl(login->id_token, "");
    ASSERT_TRUE(logout);
    EXPECT_EQ(logout->rfind(provider_->issuer(), 0), 0u);
}

TEST_F(OidcProviderTest, ReplayedCodeIsRefused) {
    const Callback cb = Authorize(*client_);
    ASSERT_TRUE(client_->CompleteLogin(cb.code, cb.state, cb.pending, cb.iss).ok());
    auto replay = client_->CompleteLogin(cb.code, cb.state, cb.pending, cb.iss);
    ASSERT_FALSE(replay.ok());
    EXPECT_EQ(replay.error().message, kTokenRejected);
}

TEST_F(OidcProviderTest, AnotherLoginsStateOrNonceIsRefused) {
    // A callback completed against another pending login (another browser's session): state differs.
    const Callback a = Authorize(*client_);
    auto other = client_->BeginLogin();
    ASSERT_TRUE(other.ok());
    auto wrong_state = client_->CompleteLogin(a.code, a.state, other.value(), a.iss);
    ASSERT_FALSE(wrong_state.ok());
    EXPECT_EQ(wrong_state.error().message, kStateMismatch);

    // Same state, but the ID token carries a nonce this session did not send.
    const Callback b = Authorize(*client_);
    AuthorizationRequest tampered = b.pending;
    tampered.nonce = other->nonce;
    auto wrong_nonce = client_->CompleteLogin(b.code, b.state, tampered, b.iss);
    ASSERT_FALSE(wrong_nonce.ok());
    EXPECT_EQ(wrong_nonce.error().message, kNonceMismatch);
}

TEST_F(OidcProviderTest, PkceVerifierMustMatch) {
    const Callback cb = Authorize(*client_);
    AuthorizationRequest tampered = cb.pending;
    tampered.code_verifier = client_->BeginLogin()->code_verifier;
    auto login = client_->CompleteLogin(cb.code, cb.state, tampered, cb.iss);
    ASSERT_FALSE(login.ok());
    EXPECT_EQ(login.error().message, kTokenRejected);
}

TEST_F(OidcProviderTest, TokenForAnotherClientIsRefused) {
    // The other client logs in for real (client_secret_post, ES256 ID tokens) ...
    OidcClient other_client(Config(kOtherClientId, kOtherClientSecret), *http_, clock_);
    const Callback cb = Authorize(other_client);
    auto theirs = other_client.CompleteLogin(cb.code, cb.state, cb.pending, cb.iss);
    ASSERT_TRUE(theirs.ok()) << theirs.error().message;
    EXPECT_EQ(theirs->claims.cccd, std::optional<std::string>("045085000123"));
    const std::string& token = theirs->id_token;
    const auto header = Base64UrlDecode(token.substr(0, token.find('.')));
    ASSERT_TRUE(header);
    EXPECT_EQ(nlohmann::json::parse(*header).at("alg"), "ES256");  // the EC path, signed by the provider
    // ... and its genuine, correctly signed ID token is not accepted by ours.
    auto ours = client_->VerifyIdToken(theirs->id_token, cb.pending.nonce);
    ASSERT_FALSE(ours.ok());
    EXPECT_EQ(ours.error().message, kWrongAudience);

    // A code issued to the other client cannot be redeemed by ours either.
    const Callback stolen = Authorize(other_client);
    auto redeemed = client_->CompleteLogin(stolen.code, stolen.state, stolen.pending, stolen.iss);
    ASSERT_FALSE(redeemed.ok());
    EXPECT_EQ(redeemed.error().message, kTokenRejected);
}

TEST_F(OidcProviderTest, WrongClientSecretIsRefused) {
    OidcClient impostor(Config(kClientId, "not-the-secret"), *http_, clock_);
    const Callback cb = Authorize(impostor);
    auto login = impostor.CompleteLogin(cb.code, cb.state, cb.pending, cb.iss);
    ASSERT_FALSE(login.ok());
    EXPECT_EQ(login.error().message, kTokenRejected);
}

}  // namespace
}  // namespace mocua::adapters::oidc
