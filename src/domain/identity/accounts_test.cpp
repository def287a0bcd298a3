#include "domain/identity/accounts.hpp"

#include <gtest/gtest.h>

#include "domain/identity/totp.hpp"

namespace mocua::domain::identity {
namespace {

Profile Citizen() {
    Profile p;
    p.kind = AccountKind::kCitizen;
    p.email = "  Nguyen.Van.A@Example.VN ";
    p.display_name = "Nguyễn  Văn\tA";
    return p;
}

TEST(Accounts, ProfileIsCleanedAndValidated) {
    auto p = ValidateProfile(Citizen());
    ASSERT_TRUE(p.ok()) << p.error().message;
    EXPECT_EQ(p->email, "Nguyen.Van.A@Example.VN");
    EXPECT_EQ(p->display_name, "Nguyễn Văn A");
    EXPECT_EQ(EmailKey(p->email), "nguyen.van.a@example.vn");

    auto bad = Citizen();
    bad.email = "not-an-email";
    EXPECT_EQ(ValidateProfile(bad).error().message, "email.format");
    bad = Citizen();
    bad.cccd = "0451990001";
    EXPECT_EQ(ValidateProfile(bad).error().message, "cccd.length");
    bad = Citizen();
    bad.phone = "12345";
    EXPECT_EQ(ValidateProfile(bad).error().code, core::ErrorCode::kInvalidArgument);

    auto phone = Citizen();
    phone.phone = "0912 345 678";
    phone.cccd = " ";
    auto ok = ValidateProfile(phone);
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(ok->phone, "0912345678");
    EXPECT_FALSE(ok->cccd);
}

TEST(Accounts, BusinessNeedsValidTaxCode) {
    Profile b = Citizen();
    b.kind = AccountKind::kBusiness;
    EXPECT_EQ(ValidateProfile(b).error().message, "tax_code.required");
    b.tax_code = "0100109107";
    EXPECT_EQ(ValidateProfile(b).error().message, "tax_code.check_digit");
    b.tax_code = "0100109106";
    EXPECT_TRUE(ValidateProfile(b).ok());
}

TEST(Accounts, RolesAreTheTwelve) {
    EXPECT_EQ(Roles().size(), 12u);
    ASSERT_TRUE(FindRole("onestop_officer"));
    EXPECT_TRUE(FindRole("onestop_officer")->staff_only);
    EXPECT_FALSE(FindRole("citizen")->staff_only);
    EXPECT_FALSE(FindRole("root"));
}

TEST(Accounts, PasswordPolicy) {
    const PasswordPolicy policy;
    EXPECT_GE(policy.list_size(), 10'000u);
    EXPECT_EQ(policy.Check("short").error().message, "password.too_short");
    EXPECT_EQ(policy.Check("elevenchars").error().message, "password.too_short");
    // Common, in any case.
    EXPECT_EQ(policy.Check("Password1234").error().message, "password.common");
    EXPECT_EQ(policy.Check("ANHYEUEM123456").error().message, "password.common");
    // No composition rules: twelve lower-case letters are fine when not common.
    EXPECT_TRUE(policy.Check("ngua vang nhay qua hang rao").ok());
    // Characters, not bytes: 12 Vietnamese letters pass although they are more bytes.
    EXPECT_TRUE(policy.Check("đường phố ở").error().message == "password.too_short");
    EXPECT_TRUE(policy.Check("đường phố cũ").ok());
    EXPECT_EQ(policy.Check(std::string(300, 'x')).error().message, "password.too_long");
}

TEST(Accounts, PolicyWithGivenList) {
    const PasswordPolicy policy("# comment\nCorrectHorseBattery\r\n\n");
    EXPECT_EQ(policy.list_size(), 1u);
    EXPECT_EQ(policy.Check("correcthorsebattery").error().message, "password.common");
}

TEST(Totp, Base32RoundTrip) {
    EXPECT_EQ(Base32("12345678901234567890"), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    EXPECT_EQ(FromBase32("gezd gnbv gy3t qojq gezd gnbv gy3t qojq"), "12345678901234567890");
    EXPECT_EQ(Base32("f"), "MY");
    EXPECT_FALSE(FromBase32("0189"));
}

TEST(Totp, StepsAndUri) {
    EXPECT_EQ(TotpStep(*core::ParseUtc("1970-01-01T00:00:59.000Z")), 1);
    EXPECT_EQ(TotpStep(*core::ParseUtc("2005-03-18T01:58:29.000Z")), 37037036);
    EXPECT_EQ(
        OtpAuthUri("Mở Cửa", "an@example.vn", "ABC"),
        "otpauth://totp/M%E1%BB%9F%20C%E1%BB%ADa:an@example.vn?secret=ABC&issuer=M%E1%BB%9F%20C%E1%BB%ADa"
        "&algorithm=SHA1&digits=6&period=30");
}

}  // namespace
}  // namespace mocua::domain::identity
