// Accounts, passwords, sign-in with throttling, sessions, API tokens, TOTP and role checks on both
// engines, with the real crypto adapters and a manual clock.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <set>

#include "core/strings.hpp"
#include "domain/identity/totp.hpp"
#include "integration/identity_fixture.hpp"

namespace mocua {
namespace {

using namespace std::chrono_literals;
using domain::identity::AccountKind;
using domain::identity::Profile;
using domain::org::UnitType;
using ::mocua::testing::TestActor;

constexpr const char* kPassword = "ngựa vàng nhảy qua hàng rào";

class IdentityTest : public ::testing::TestWithParam<db::Engine> {
protected:
    void SetUp() override {
        if (!::mocua::testing::RequireEngine(GetParam())) {
            if (!IsSkipped()) GTEST_FAIL() << "no database for this engine";
            return;
        }
        domain::identity::SessionOptions options;
        options.idle_timeout = 30min;
        options.absolute_timeout = 12h;
        options.max_failures_per_account_hour = 5;
        options.max_failures_per_ip_hour = 8;
        stack_ = std::make_unique<::mocua::testing::IdentityStack>(GetParam(), options);
        ASSERT_FALSE(HasFailure());
    }

    std::int64_t NewAccount(const std::string& email, AccountKind kind = AccountKind::kCitizen,
                            std::optional<std::string> password = kPassword) {
        Profile p;
        p.kind = kind;
        p.email = email;
        p.display_name = "Người dùng thử";
        if (kind == AccountKind::kBusiness) p.tax_code = "0100109106";
        auto created = stack_->accounts.Create(p, password, TestActor());
        EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().message);
        return created.ok() ? created->account.id : 0;
    }

    core::Result<domain::identity::SignedIn> SignIn(const std::string& email, const std::string& password,
                                                    const std::string& code = "",
                                                    const std::string& ip = "192.0.2.1") {
        return stack_->sessions.SignIn({email, password, code, ip, "req-sign-in"});
    }

    std::vector<std::string> Actions() {
        domain::audit::Filter f;
        f.limit = 500;
        std::vector<std::string> out;
        for (const auto& e : stack_->audit.Search(f)) out.push_back(e.action);
        return out;
    }
    int Count(const std::string& action) {
        auto all = Actions();
        return static_cast<int>(std::count(all.begin(), all.end(), action));
    }
    int CountRows(const std::string& table) {
        db::Connection c = stack_->tdb.db().Acquire();
        int n = 0;
        c.sql() << "SELECT COUNT(*) FROM " + table, soci::into(n);
        return n;
    }

    std::unique_ptr<::mocua::testing::IdentityStack> stack_;
};

TEST_P(IdentityTest, AccountsHaveUniqueCaseInsensitiveEmails) {
    const auto id = NewAccount("An.Nguyen@Example.vn");
    auto dup = stack_->accounts.Create({AccountKind::kCitizen, "an.nguyen@EXAMPLE.VN", "", {}, {}, {}},
                                       kPassword, TestActor());
    EXPECT_EQ(dup.error().message, "email.taken");
    auto found = stack_->accounts.FindByEmail("AN.NGUYEN@example.vn");
    ASSERT_TRUE(found.ok());
    EXPECT_EQ(found->id, id);
    EXPECT_EQ(found->email, "An.Nguyen@Example.vn");
    EXPECT_TRUE(found->has_password);
    EXPECT_FALSE(found->must_change_password);
}

TEST_P(IdentityTest, ProfileAndPasswordRules) {
    auto weak = stack_->accounts.Create({AccountKind::kCitizen, "a@example.vn", "", {}, {}, {}},
                                        std::string("password1234"), TestActor());
    EXPECT_EQ(weak.error().message, "password.common");
    auto short_pw = stack_->accounts.Create({AccountKind::kCitizen, "a@example.vn", "", {}, {}, {}},
                                            std::string("abc"), TestActor());
    EXPECT_EQ(short_pw.error().message, "password.too_short");
    auto business = stack_->accounts.Create({AccountKind::kBusiness, "b@example.vn", "", {}, {}, {}},
                                            kPassword, TestActor());
    EXPECT_EQ(business.error().message, "tax_code.required");
    auto cccd = stack_->accounts.Create({AccountKind::kCitizen, "c@example.vn", "", "045095000123", {}, {}},
                                        kPassword, TestActor());
    ASSERT_TRUE(cccd.ok()) << cccd.error().message;
    auto cccd_dup = stack_->accounts.Create(
        {AccountKind::kCitizen, "d@example.vn", "", "045095000123", {}, {}}, kPassword, TestActor());
    EXPECT_EQ(cccd_dup.error().message, "cccd.taken");
}

TEST_P(IdentityTest, GeneratedPasswordMustBeChanged) {
    Profile p{AccountKind::kStaff, "officer@example.vn", "Cán bộ", {}, {}, {}};
    auto created = stack_->accounts.Create(p, std::nullopt, TestActor());
    ASSERT_TRUE(created.ok());
    EXPECT_GE(created->one_time_password.size(), 20u);
    EXPECT_TRUE(stack_->policy.Check(created->one_time_password).ok());
    auto signed_in = SignIn("officer@example.vn", created->one_time_password);
    ASSERT_TRUE(signed_in.ok()) << signed_in.error().message;
    EXPECT_TRUE(signed_in->principal.must_change_password);
    EXPECT_TRUE(signed_in->principal.mfa_enrolment_required);  // staff without TOTP

    const auto id = created->account.id;
    EXPECT_EQ(stack_->accounts.ChangePassword(id, "wrong", kPassword, TestActor()).error().message,
              "password.wrong");
    ASSERT_TRUE(stack_->accounts.ChangePassword(id, created->one_time_password, kPassword, TestActor()).ok());
    EXPECT_FALSE(stack_->accounts.Get(id)->must_change_password);
    EXPECT_TRUE(SignIn("officer@example.vn", kPassword).ok());
}

TEST_P(IdentityTest, SignInAndSessions) {
    const auto id = NewAccount("citizen@example.vn");
    auto wrong = SignIn("citizen@example.vn", "not the password at all");
    EXPECT_EQ(wrong.error().code, core::ErrorCode::kUnauthenticated);
    EXPECT_EQ(wrong.error().message, "login.invalid");
    auto unknown = SignIn("nobody@example.vn", kPassword);
    EXPECT_EQ(unknown.error().message, "login.invalid");  // the same answer

    auto ok = SignIn("CITIZEN@example.vn", kPassword);
    ASSERT_TRUE(ok.ok()) << ok.error().message;
    EXPECT_EQ(ok->principal.account_id, id);
    const std::string token = ok->session_token;
    auto p = stack_->sessions.Authenticate(token);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->account_id, id);
    EXPECT_EQ(p->via, domain::identity::Principal::Via::kSession);
    EXPECT_FALSE(stack_->sessions.Authenticate(token + "x"));
    EXPECT_FALSE(stack_->sessions.Authenticate(""));

    // Only the SHA-256 of the token is stored.
    {
        db::Connection c = stack_->tdb.db().Acquire();
        std::string stored;
        c.sql() << "SELECT token_hash FROM sessions", soci::into(stored);
        EXPECT_EQ(stored, core::ToHex(stack_->crypto.Sha256(token)));
    }

    // Idle timeout: 29 minutes of silence is fine (and refreshes last_seen), 31 is not.
    stack_->clock.Advance(29min);
    EXPECT_TRUE(stack_->sessions.Authenticate(token));
    stack_->clock.Advance(29min);
    EXPECT_TRUE(stack_->sessions.Authenticate(token));
    stack_->clock.Advance(31min);
    EXPECT_FALSE(stack_->sessions.Authenticate(token));

    // Absolute timeout: active every 20 minutes, still out after 12 hours.
    auto again = SignIn("citizen@example.vn", kPassword);
    ASSERT_TRUE(again.ok());
    for (int i = 0; i < 35; ++i) {
        stack_->clock.Advance(20min);
        EXPECT_TRUE(stack_->sessions.Authenticate(again->session_token)) << i;
    }
    stack_->clock.Advance(20min);
    EXPECT_FALSE(stack_->sessions.Authenticate(again->session_token));
    EXPECT_EQ(Count("login.success"), 2);
    EXPECT_EQ(Count("login.failure"), 2);
}

TEST_P(IdentityTest, SignOutAndSignOutEverywhere) {
    const auto id = NewAccount("citizen@example.vn");
    auto a = SignIn("citizen@example.vn", kPassword);
    auto b = SignIn("citizen@example.vn", kPassword);
    auto c = SignIn("citizen@example.vn", kPassword);
    ASSERT_TRUE(a.ok() && b.ok() && c.ok());
    ASSERT_TRUE(stack_->sessions.SignOut(a->session_token, TestActor()).ok());
    EXPECT_FALSE(stack_->sessions.Authenticate(a->session_token));
    EXPECT_TRUE(stack_->sessions.Authenticate(b->session_token));
    auto revoked = stack_->sessions.SignOutEverywhere(id, TestActor());
    ASSERT_TRUE(revoked.ok());
    EXPECT_EQ(*revoked, 2);
    EXPECT_FALSE(stack_->sessions.Authenticate(b->session_token));
    EXPECT_FALSE(stack_->sessions.Authenticate(c->session_token));
    EXPECT_EQ(Count("logout"), 1);
    EXPECT_EQ(Count("logout.everywhere"), 1);
}

TEST_P(IdentityTest, DisabledAccountsCannotSignInAndLoseSessions) {
    const auto id = NewAccount("citizen@example.vn");
    auto s = SignIn("citizen@example.vn", kPassword);
    ASSERT_TRUE(s.ok());
    auto token = stack_->sessions.CreateApiToken(id, "script", std::nullopt, TestActor());
    ASSERT_TRUE(token.ok());
    ASSERT_TRUE(stack_->accounts.SetDisabled(id, true, TestActor()).ok());
    EXPECT_FALSE(stack_->sessions.Authenticate(s->session_token));
    EXPECT_FALSE(stack_->sessions.AuthenticateBearer(token->token));
    auto refused = SignIn("citizen@example.vn", kPassword);
    EXPECT_EQ(refused.error().code, core::ErrorCode::kForbidden);
    EXPECT_EQ(refused.error().message, "login.disabled");
    ASSERT_TRUE(stack_->accounts.SetDisabled(id, false, TestActor()).ok());
    EXPECT_TRUE(SignIn("citizen@example.vn", kPassword).ok());
    EXPECT_FALSE(stack_->sessions.AuthenticateBearer(token->token));  // revoked for good
    EXPECT_EQ(Count("account.disable"), 1);
    EXPECT_EQ(Count("account.enable"), 1);
}

TEST_P(IdentityTest, ResetPasswordRevokesEverything) {
    const auto id = NewAccount("citizen@example.vn");
    auto s = SignIn("citizen@example.vn", kPassword);
    ASSERT_TRUE(s.ok());
    auto reset = stack_->accounts.ResetPassword(id, TestActor());
    ASSERT_TRUE(reset.ok());
    EXPECT_FALSE(stack_->sessions.Authenticate(s->session_token));
    EXPECT_EQ(SignIn("citizen@example.vn", kPassword).error().message, "login.invalid");
    auto with_new = SignIn("citizen@example.vn", *reset);
    ASSERT_TRUE(with_new.ok());
    EXPECT_TRUE(with_new->principal.must_change_password);
}

TEST_P(IdentityTest, ThrottlingPerAccountAndPerIp) {
    const auto id = NewAccount("citizen@example.vn");
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(SignIn("citizen@example.vn", "wrong password " + std::to_string(i), "",
                         "192.0.2." + std::to_string(i))
                      .error()
                      .message,
                  "login.invalid");
    // The account is locked, even with the right password and from a fresh address.
    auto locked = SignIn("citizen@example.vn", kPassword, "", "198.51.100.1");
    EXPECT_EQ(locked.error().code, core::ErrorCode::kRateLimited);
    EXPECT_EQ(locked.error().message, "login.account_locked");
    EXPECT_EQ(Count("login.lock"), 1);
    EXPECT_EQ(Count("login.throttled"), 1);
    // An hour later the failures have aged out.
    stack_->clock.Advance(61min);
    EXPECT_TRUE(SignIn("citizen@example.vn", kPassword, "", "198.51.100.1").ok());

    // Per IP: 8 failures from one address (any e-mail) block that address only.
    for (int i = 0; i < 8; ++i)
        (void)SignIn("user" + std::to_string(i) + "@example.vn", "whatever password", "", "203.0.113.9");
    EXPECT_EQ(SignIn("citizen@example.vn", kPassword, "", "203.0.113.9").error().message, "login.ip_locked");
    EXPECT_TRUE(SignIn("citizen@example.vn", kPassword, "", "203.0.113.10").ok());
    (void)id;
}

TEST_P(IdentityTest, ExternalIdentitiesLinkByCccdThenBySubject) {
    using domain::identity::ExternalClaims;
    auto province = stack_->org.Create(
        {"tinh-quang-tri", "Tỉnh Quảng Trị", "", UnitType::kProvince, {}, {}, {}}, TestActor());
    ASSERT_TRUE(province.ok());
    ASSERT_TRUE(
        stack_->org
            .Create({"19360", "Phường Quảng Trị", "", UnitType::kCommune, province->id, {}, {}}, TestActor())
            .ok());
    const std::string issuer = "https://vneid.example";

    // Someone new: a citizen account with no password, the citizen role at the top unit, linked.
    auto fresh = stack_->accounts.ResolveExternal(
        ExternalClaims{issuer, "sub-1", "Nguyễn Thị Mai", std::nullopt, "045190000123"}, TestActor());
    ASSERT_TRUE(fresh.ok()) << fresh.error().message;
    EXPECT_EQ(fresh->kind, AccountKind::kCitizen);
    EXPECT_FALSE(fresh->has_password);
    EXPECT_FALSE(fresh->must_change_password);
    EXPECT_EQ(fresh->email, "eid-045190000123@vneid.invalid");
    const auto grants = stack_->accounts.Grants(fresh->id);
    ASSERT_EQ(grants.size(), 1u);
    EXPECT_EQ(grants[0].role, "citizen");
    EXPECT_EQ(grants[0].unit_id, province->id);

    // Later sign-ins find the account by (issuer, subject), even without the CCCD claim.
    auto again = stack_->accounts.ResolveExternal(ExternalClaims{issuer, "sub-1", {}, {}, {}}, TestActor());
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_EQ(again->id, fresh->id);
    // A different CCCD for a linked subject is refused, not guessed.
    EXPECT_EQ(
        stack_->accounts.ResolveExternal(ExternalClaims{issuer, "sub-1", {}, {}, "045190000124"}, TestActor())
            .error()
            .message,
        "external.cccd_mismatch");

    // An existing account holding the CCCD is linked, not duplicated.
    Profile p{AccountKind::kCitizen, "binh@example.vn", "Trần Văn Bình", "079203000456", {}, {}};
    auto existing = stack_->accounts.Create(p, kPassword, TestActor());
    ASSERT_TRUE(existing.ok());
    auto linked = stack_->accounts.ResolveExternal(
        ExternalClaims{issuer, "sub-2", "Trần Văn Bình", "other@example.vn", "079203000456"}, TestActor());
    ASSERT_TRUE(linked.ok());
    EXPECT_EQ(linked->id, existing->account.id);
    EXPECT_EQ(linked->email, "binh@example.vn");

    // No valid CCCD and no link: refused. Staff never sign in this way.
    EXPECT_EQ(stack_->accounts.ResolveExternal(ExternalClaims{issuer, "sub-3", {}, {}, "123"}, TestActor())
                  .error()
                  .message,
              "external.no_cccd");
    Profile staff{AccountKind::kStaff, "staff@example.vn", "Cán bộ", "001099000789", {}, {}};
    ASSERT_TRUE(stack_->accounts.Create(staff, kPassword, TestActor()).ok());
    EXPECT_EQ(
        stack_->accounts.ResolveExternal(ExternalClaims{issuer, "sub-4", {}, {}, "001099000789"}, TestActor())
            .error()
            .message,
        "external.staff");
    EXPECT_EQ(Count("account.external_link"), 2);
}

TEST_P(IdentityTest, ApiTokensActWithTheAccountsRoles) {
    const auto id = NewAccount("staff@example.vn", AccountKind::kStaff);
    auto unit = stack_->org.Create(
        {"19360", "Phường Quảng Trị", "", UnitType::kCommune, {}, "2025-07-01", {}}, TestActor());
    ASSERT_TRUE(unit.ok());
    ASSERT_TRUE(stack_->accounts.GrantRole(id, "specialist", unit->id, TestActor()).ok());
    auto forever = stack_->sessions.CreateApiToken(id, "integration", std::nullopt, TestActor());
    auto week = stack_->sessions.CreateApiToken(id, "short", 7, TestActor());
    ASSERT_TRUE(forever.ok() && week.ok());
    EXPECT_TRUE(forever->token.starts_with("mct_"));
    auto p = stack_->sessions.AuthenticateBearer(forever->token);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->via, domain::identity::Principal::Via::kApiToken);
    EXPECT_TRUE(stack_->access.Can(*p, "specialist", unit->id, "2025-07-02"));
    EXPECT_FALSE(stack_->sessions.AuthenticateBearer("mct_" + std::string(64, '0')));
    EXPECT_FALSE(stack_->sessions.AuthenticateBearer(week->token + "0"));

    stack_->clock.Advance(std::chrono::days(8));
    EXPECT_FALSE(stack_->sessions.AuthenticateBearer(week->token));  // expired
    EXPECT_TRUE(stack_->sessions.AuthenticateBearer(forever->token));
    ASSERT_TRUE(stack_->sessions.RevokeApiToken(id, forever->id, TestActor()).ok());
    EXPECT_FALSE(stack_->sessions.AuthenticateBearer(forever->token));
    EXPECT_EQ(stack_->sessions.RevokeApiToken(id, forever->id, TestActor()).error().code,
              core::ErrorCode::kNotFound);
    EXPECT_EQ(stack_->sessions.CreateApiToken(id, "x", 0, TestActor()).error().message, "token.expiry");
    auto listed = stack_->sessions.ApiTokens(id);
    ASSERT_EQ(listed.size(), 2u);
    EXPECT_TRUE(listed[0].revoked);
    EXPECT_TRUE(listed[0].last_used_at);
    EXPECT_EQ(Count("token.create"), 2);
    EXPECT_EQ(Count("token.revoke"), 1);
}

TEST_P(IdentityTest, TotpEnrolmentSignInRecoveryAndReset) {
    const auto id = NewAccount("leader@example.vn", AccountKind::kStaff);
    auto enrol = stack_->accounts.ProposeTotp(id);
    ASSERT_TRUE(enrol.ok()) << enrol.error().message;
    EXPECT_TRUE(enrol->otpauth_uri.starts_with("otpauth://totp/"));
    EXPECT_NE(enrol->otpauth_uri.find("secret=" + enrol->secret), std::string::npos);
    EXPECT_TRUE(enrol->qr_svg.starts_with("<svg"));
    const std::string key = *domain::identity::FromBase32(enrol->secret);
    // A proposal writes nothing: showing the set-up page again is harmless.
    EXPECT_EQ(CountRows("totp_credentials"), 0);
    EXPECT_TRUE(stack_->accounts.ProposeTotp(id).ok());
    const auto code_now = [&] {
        return domain::identity::Hotp(stack_->crypto, key, domain::identity::TotpStep(stack_->clock.Now()));
    };
    EXPECT_EQ(stack_->accounts.ConfirmTotp(id, enrol->sealed_secret, "000000", TestActor()).error().message,
              "totp.code");
    // A proposal not sealed by this installation is refused, whatever the code.
    EXPECT_EQ(stack_->accounts.ConfirmTotp(id, enrol->secret, code_now(), TestActor()).error().message,
              "totp.proposal");
    auto codes = stack_->accounts.ConfirmTotp(id, enrol->sealed_secret, code_now(), TestActor());
    ASSERT_TRUE(codes.ok()) << codes.error().message;
    // The database holds the secret sealed, not in the clear.
    {
        db::Connection c = stack_->tdb.db().Acquire();
        std::string sealed;
        c.sql() << "SELECT sealed_secret FROM totp_credentials", soci::into(sealed);
        EXPECT_EQ(sealed.find(enrol->secret), std::string::npos);
        EXPECT_EQ(stack_->crypto.Open(sealed), key);
    }
    // Confirming again (a second tab, a replayed form) does not replace the credential.
    EXPECT_EQ(stack_->accounts.ConfirmTotp(id, enrol->sealed_secret, code_now(), TestActor()).error().message,
              "totp.already_enabled");
    EXPECT_EQ(stack_->accounts.ProposeTotp(id).error().message, "totp.already_enabled");
    ASSERT_EQ(codes->size(), 10u);
    EXPECT_EQ(std::set<std::string>(codes->begin(), codes->end()).size(), 10u);
    EXPECT_EQ(stack_->accounts.UnusedRecoveryCodes(id), 10);

    // Password alone is not enough now.
    auto first = SignIn("leader@example.vn", kPassword);
    EXPECT_EQ(first.error().message, "login.mfa_required");
    // The code that confirmed enrolment cannot be used again in the same step.
    EXPECT_EQ(SignIn("leader@example.vn", kPassword, code_now()).error().message, "login.mfa_invalid");
    stack_->clock.Advance(30s);
    auto with_code = SignIn("leader@example.vn", kPassword, code_now());
    ASSERT_TRUE(with_code.ok()) << with_code.error().message;
    EXPECT_FALSE(with_code->principal.mfa_enrolment_required);
    EXPECT_EQ(SignIn("leader@example.vn", kPassword, code_now()).error().message,
              "login.mfa_invalid");  // reuse

    // A recovery code works once, with or without dashes and in any case.
    std::string lower = (*codes)[3];
    for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    EXPECT_TRUE(SignIn("leader@example.vn", kPassword, lower).ok());
    EXPECT_EQ(SignIn("leader@example.vn", kPassword, (*codes)[3]).error().message, "login.mfa_invalid");
    EXPECT_EQ(stack_->accounts.UnusedRecoveryCodes(id), 9);

    // The administrator resets it: the next sign-in needs no code, and enrolment starts over.
    ASSERT_TRUE(stack_->accounts.ResetTotp(id, TestActor()).ok());
    auto after_reset = SignIn("leader@example.vn", kPassword);
    ASSERT_TRUE(after_reset.ok());
    EXPECT_TRUE(after_reset->principal.mfa_enrolment_required);
    EXPECT_EQ(stack_->accounts.UnusedRecoveryCodes(id), 0);
    EXPECT_EQ(Count("totp.enable"), 1);
    EXPECT_EQ(Count("totp.reset"), 1);
    EXPECT_EQ(Count("totp.recovery_code_used"), 1);
    EXPECT_TRUE(stack_->audit.Verify().intact());
}

TEST_P(IdentityTest, RolesWithinAUnitSubtreeAndAcrossMergers) {
    const std::optional<std::string> end = "2025-06-30", start = "2025-07-01";
    auto& org = stack_->org;
    auto old_province =
        org.Create({"45", "Tỉnh Quảng Trị", "", UnitType::kProvince, {}, {}, end}, TestActor())->id;
    auto town =
        org.Create({"462", "Thị xã Quảng Trị", "", UnitType::kDistrict, old_province, {}, end}, TestActor())
            ->id;
    auto ward1 = org.Create({"19354", "Phường 1", "", UnitType::kCommune, town, {}, end}, TestActor())->id;
    auto ward2 = org.Create({"19357", "Phường 2", "", UnitType::kCommune, town, {}, end}, TestActor())->id;
    auto province =
        org.Create({"tinh-quang-tri", "Tỉnh Quảng Trị", "", UnitType::kProvince, {}, start, {}}, TestActor())
            ->id;
    auto ward =
        org.Create({"19360", "Phường Quảng Trị", "", UnitType::kCommune, province, start, {}}, TestActor())
            ->id;
    auto other =
        org.Create({"19363", "Phường Khác", "", UnitType::kCommune, province, start, {}}, TestActor())->id;
    for (auto u : {town, ward1, ward2})
        ASSERT_TRUE(org.RecordSuccession(u, ward, "2025-07-01", TestActor()).ok());
    ASSERT_TRUE(org.RecordSuccession(old_province, province, "2025-07-01", TestActor()).ok());

    const auto officer1 = NewAccount("p1@example.vn", AccountKind::kStaff);
    const auto town_leader = NewAccount("leader@example.vn", AccountKind::kStaff);
    const auto new_officer = NewAccount("new@example.vn", AccountKind::kStaff);
    const auto admin = NewAccount("admin@example.vn", AccountKind::kStaff);
    const auto citizen = NewAccount("citizen@example.vn");
    ASSERT_TRUE(stack_->accounts.GrantRole(officer1, "onestop_officer", ward1, TestActor()).ok());
    ASSERT_TRUE(stack_->accounts.GrantRole(town_leader, "leader", town, TestActor()).ok());
    ASSERT_TRUE(stack_->accounts.GrantRole(new_officer, "onestop_officer", ward, TestActor()).ok());
    ASSERT_TRUE(stack_->accounts.GrantRole(admin, "system_admin", province, TestActor()).ok());
    ASSERT_TRUE(
        stack_->accounts.GrantRole(officer1, "onestop_officer", ward1, TestActor()).ok());  // idempotent
    EXPECT_EQ(stack_->accounts.GrantRole(citizen, "specialist", ward, TestActor()).error().message,
              "role.staff_only");
    EXPECT_EQ(stack_->accounts.GrantRole(admin, "citizen", ward, TestActor()).error().message, "role.kind");
    EXPECT_EQ(stack_->accounts.GrantRole(admin, "root", ward, TestActor()).error().message, "role.unknown");
    EXPECT_EQ(stack_->accounts.GrantRole(admin, "leader", 999999, TestActor()).error().code,
              core::ErrorCode::kNotFound);

    const auto principal = [&](std::int64_t id) {
        auto s = SignIn(stack_->accounts.Get(id)->email, kPassword);
        EXPECT_TRUE(s.ok());
        return s->principal;
    };
    auto p1 = principal(officer1);
    auto leader = principal(town_leader);
    auto newp = principal(new_officer);
    auto adm = principal(admin);
    auto& ac = stack_->access;
    // Before the merger: Phường 1's officer acts on Phường 1 only; the town's leader on every ward.
    EXPECT_TRUE(ac.Can(p1, "onestop_officer", ward1, "2024-03-01"));
    EXPECT_FALSE(ac.Can(p1, "onestop_officer", ward2, "2024-03-01"));
    EXPECT_FALSE(ac.Can(p1, "onestop_officer", town, "2024-03-01"));
    EXPECT_FALSE(ac.Can(p1, "leader", ward1, "2024-03-01"));
    EXPECT_TRUE(ac.Can(leader, "leader", ward2, "2024-03-01"));
    EXPECT_TRUE(ac.CanAny(leader, {"specialist", "leader"}, ward1, "2024-03-01"));
    // After: the abolished units' grants lapse; the new ward's officer acts on the old wards' records.
    EXPECT_FALSE(ac.Can(p1, "onestop_officer", ward1, "2025-07-01"));
    EXPECT_FALSE(ac.Can(leader, "leader", ward2, "2025-07-01"));
    EXPECT_TRUE(ac.Can(newp, "onestop_officer", ward1, "2025-07-01"));
    EXPECT_TRUE(ac.Can(newp, "onestop_officer", ward, "2025-07-01"));
    EXPECT_FALSE(ac.Can(newp, "onestop_officer", ward, "2025-06-30"));
    EXPECT_FALSE(ac.Can(newp, "onestop_officer", other, "2025-07-01"));  // outside its subtree
    EXPECT_TRUE(ac.Can(adm, "system_admin", other, "2025-07-01"));
    EXPECT_TRUE(ac.Can(adm, "system_admin", ward2, "2025-07-01"));  // old records under the new province
    EXPECT_EQ(Count("role.grant"), 4);
    ASSERT_TRUE(stack_->accounts.RevokeRole(admin, "system_admin", province, TestActor()).ok());
    EXPECT_TRUE(stack_->accounts.Grants(admin).empty());
    EXPECT_EQ(Count("role.revoke"), 1);
}

TEST_P(IdentityTest, SessionsForAccountsProvenElsewhere) {
    auto created = stack_->accounts.Create(
        {AccountKind::kCitizen, "eid@example.vn", "", "045095000123", {}, {}}, kPassword, TestActor());
    ASSERT_TRUE(created.ok());
    auto found = stack_->accounts.FindByCccd("045095000123");
    ASSERT_TRUE(found.ok());
    EXPECT_EQ(found->id, created->account.id);
    EXPECT_EQ(stack_->accounts.FindByCccd("045095000124").error().code, core::ErrorCode::kNotFound);
    auto s = stack_->sessions.StartSession(found->id, "oidc", TestActor());
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_TRUE(stack_->sessions.Authenticate(s->session_token));
    ASSERT_TRUE(stack_->accounts.SetDisabled(found->id, true, TestActor()).ok());
    EXPECT_EQ(stack_->sessions.StartSession(found->id, "oidc", TestActor()).error().message,
              "login.disabled");
    EXPECT_EQ(stack_->sessions.StartSession(999999, "oidc", TestActor()).error().code,
              core::ErrorCode::kNotFound);
}

TEST_P(IdentityTest, ListAccounts) {
    NewAccount("a@example.vn");
    NewAccount("b@example.vn", AccountKind::kBusiness);
    NewAccount("c@example.vn", AccountKind::kStaff);
    EXPECT_EQ(stack_->accounts.List({}).size(), 3u);
    domain::identity::AccountFilter staff;
    staff.kind = AccountKind::kStaff;
    ASSERT_EQ(stack_->accounts.List(staff).size(), 1u);
    domain::identity::AccountFilter by_name;
    by_name.query = "NGUOI DUNG";
    EXPECT_EQ(stack_->accounts.List(by_name).size(), 3u);
    by_name.query = "b@example";
    EXPECT_EQ(stack_->accounts.List(by_name).size(), 1u);
    domain::identity::AccountFilter page;
    page.limit = 2;
    page.offset = 2;
    EXPECT_EQ(stack_->accounts.List(page).size(), 1u);
}

TEST_P(IdentityTest, EveryStateChangeIsAuditedWithoutPersonalData) {
    const auto id = NewAccount("privacy@example.vn");
    (void)SignIn("privacy@example.vn", "wrong password here");
    (void)SignIn("privacy@example.vn", kPassword);
    (void)stack_->accounts.ResetPassword(id, TestActor());
    domain::audit::Filter f;
    f.limit = 100;
    for (const auto& e : stack_->audit.Search(f)) {
        EXPECT_EQ(e.details.find("privacy"), std::string::npos) << e.action;
        EXPECT_EQ(e.target_id.find("privacy"), std::string::npos) << e.action;
    }
    EXPECT_EQ(Count("account.create"), 1);
    EXPECT_EQ(Count("account.password_reset"), 1);
    EXPECT_TRUE(stack_->audit.Verify().intact());
}

INSTANTIATE_TEST_SUITE_P(Engines, IdentityTest, ::mocua::testing::AllEngines(), ::mocua::testing::EngineName);

}  // namespace
}  // namespace mocua
