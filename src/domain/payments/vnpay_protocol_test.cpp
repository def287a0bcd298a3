// The VNPay-style protocol's pure parts: encoding as PHP's urlencode, the canonical string, query
// parsing, amounts × 100, the IPN answers, and amounts as Vietnamese write them. Expected strings are
// written out by hand from the rules in vnpay_protocol.hpp.
#include "domain/payments/vnpay_protocol.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "domain/payments/model.hpp"

namespace mocua::domain::payments {
namespace {

TEST(VnpayEncoding, KeepsUnreservedAndWritesSpaceAsPlus) {
    EXPECT_EQ(UrlEncode("Thanh toan ho so 000.00.12.H48-261127-0001"),
              "Thanh+toan+ho+so+000.00.12.H48-261127-0001");
    EXPECT_EQ(UrlEncode("vnp_TxnRef"), "vnp_TxnRef");
}

TEST(VnpayEncoding, EncodesVietnameseAsUtf8BytesInUpperCaseHex) {
    // ệ is U+1EC7 = E1 BB 87 in UTF-8; í is U+00ED = C3 AD.
    EXPECT_EQ(UrlEncode("Lệ phí"), "L%E1%BB%87+ph%C3%AD");
}

TEST(VnpayEncoding, EncodesUrlPunctuationAndTildeAndStarLikePhp) {
    EXPECT_EQ(UrlEncode("https://a.vn/x?y=1&z=~*"), "https%3A%2F%2Fa.vn%2Fx%3Fy%3D1%26z%3D%7E%2A");
}

TEST(VnpayCanonical, SortsByNameAndLeavesOutTheHashFields) {
    Params p = {{"vnp_TxnRef", "MC1"},
                {"vnp_SecureHash", "abc"},
                {"vnp_Amount", "800000"},
                {"vnp_OrderInfo", "Lệ phí A"},
                {"vnp_SecureHashType", "HmacSHA512"},
                {"vnp_BankCode", ""},
                {"utm_source", "mail"}};  // not the gateway's: not signed
    EXPECT_EQ(CanonicalString(p),
              "vnp_Amount=800000&vnp_BankCode=&vnp_OrderInfo=L%E1%BB%87+ph%C3%AD+A&vnp_TxnRef=MC1");
}

TEST(VnpayCanonical, UpperCaseNamesSortBeforeLowerCaseAsInByteOrder) {
    Params p = {{"vnp_b", "2"}, {"vnp_B", "1"}, {"vnp_a", "3"}};  // byte order: 'B' < 'a' < 'b'
    EXPECT_EQ(CanonicalString(p), "vnp_B=1&vnp_a=3&vnp_b=2");
}

TEST(VnpayQuery, DecodesPairsInOrder) {
    auto p = ParseQuery("vnp_OrderInfo=L%E1%BB%87+ph%C3%AD&vnp_Amount=800000&&flag");
    ASSERT_TRUE(p.has_value());
    ASSERT_EQ(p->size(), 3u);
    EXPECT_EQ((*p)[0].first, "vnp_OrderInfo");
    EXPECT_EQ((*p)[0].second, "Lệ phí");
    EXPECT_EQ((*p)[1].second, "800000");
    EXPECT_EQ((*p)[2].first, "flag");
    EXPECT_EQ((*p)[2].second, "");
    EXPECT_EQ(Find(*p, "vnp_Amount"), std::optional<std::string>("800000"));
    EXPECT_EQ(Find(*p, "vnp_Missing"), std::nullopt);
}

TEST(VnpayQuery, RefusesDuplicateNamesMalformedEscapesAndNul) {
    EXPECT_FALSE(ParseQuery("vnp_Amount=100&vnp_Amount=200").has_value());
    EXPECT_FALSE(ParseQuery("vnp_OrderInfo=%ZZ").has_value());
    EXPECT_FALSE(ParseQuery("vnp_OrderInfo=%4").has_value());
    EXPECT_FALSE(ParseQuery("vnp_OrderInfo=a%00b").has_value());
}

TEST(VnpayAmount, IsVndTimesOneHundredInWholeNumbers) {
    EXPECT_EQ(AmountParam(8000), std::optional<std::string>("800000"));
    EXPECT_EQ(AmountParam(0), std::optional<std::string>("0"));
    EXPECT_EQ(AmountParam(-1), std::nullopt);
    EXPECT_EQ(AmountParam(std::numeric_limits<std::int64_t>::max()), std::nullopt);
    EXPECT_EQ(ParseAmountParam("800000"), std::optional<std::int64_t>(8000));
    EXPECT_EQ(ParseAmountParam("800050"), std::nullopt);  // half a đồng does not exist
    EXPECT_EQ(ParseAmountParam("-800000"), std::nullopt);
    EXPECT_EQ(ParseAmountParam("8e5"), std::nullopt);
    EXPECT_EQ(ParseAmountParam(""), std::nullopt);
    EXPECT_EQ(ParseAmountParam("1000000000000000000"), std::nullopt);  // 19 digits
}

TEST(VnpayIpnReply, IsTheProtocolsJsonExactly) {
    EXPECT_EQ(IpnReplyJson(IpnCode::kConfirmSuccess), R"({"RspCode":"00","Message":"Confirm Success"})");
    EXPECT_EQ(IpnRspCode(IpnCode::kOrderNotFound), "01");
    EXPECT_EQ(IpnRspCode(IpnCode::kAlreadyConfirmed), "02");
    EXPECT_EQ(IpnRspCode(IpnCode::kInvalidAmount), "04");
    EXPECT_EQ(IpnRspCode(IpnCode::kInvalidSignature), "97");
    EXPECT_EQ(IpnRspCode(IpnCode::kOther), "99");
}

TEST(PaymentModel, FormatsAmountsWithDotsBetweenThousands) {
    EXPECT_EQ(FormatVnd(0), "0");
    EXPECT_EQ(FormatVnd(999), "999");
    EXPECT_EQ(FormatVnd(1000), "1.000");
    EXPECT_EQ(FormatVnd(1250000), "1.250.000");
    EXPECT_EQ(FormatVnd(-8000), "-8.000");
}

TEST(PaymentModel, SumsLinesAndRefusesNegativeOrOverflowingOnes) {
    EXPECT_EQ(SumLines({{"a", "a", 8000}, {"b", "b", 50000}}), std::optional<std::int64_t>(58000));
    EXPECT_EQ(SumLines({{"a", "a", -1}}), std::nullopt);
    EXPECT_EQ(SumLines({{"a", "a", std::numeric_limits<std::int64_t>::max()}, {"b", "b", 1}}), std::nullopt);
}

TEST(PaymentModel, StateAndMethodNamesRoundTrip) {
    for (State s : {State::kPending, State::kPaid, State::kFailed, State::kCancelled, State::kExpired})
        EXPECT_EQ(ParseState(StateName(s)), s);
    for (Method m : {Method::kGateway, Method::kCash, Method::kTransfer})
        EXPECT_EQ(ParseMethod(MethodName(m)), m);
    EXPECT_EQ(ParseState("settled"), std::nullopt);
}

}  // namespace
}  // namespace mocua::domain::payments
