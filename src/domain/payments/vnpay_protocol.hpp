#pragma once
// The VNPay-style gateway protocol (version 2.1.0), as pure functions: no I/O, no crypto library.
//
// Signing: the parameters are sorted by name (byte order, as PHP's ksort and Java's Collections.sort do
// for the ASCII names vnp_*), each name and value is URL-encoded as PHP's urlencode does (letters,
// digits and "-_." kept, a space as '+', every other byte as %XX in upper case), pairs are joined as
// name=value with '&', and the signature is the lower-case hex HMAC-SHA512 of that string with the
// merchant's hash secret. vnp_SecureHash and vnp_SecureHashType are never part of the signed string.
// vnp_Amount is the amount in VND × 100, as digits.
//
// The HMAC itself is behind the Signer port (adapters/vnpay/vnpay_signer.hpp holds the secret), so the
// secret never enters the domain. Thread-safety: the functions are pure.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mocua::domain::payments {

using Params = std::vector<std::pair<std::string, std::string>>;

// The merchant's HMAC-SHA512 (port). Implementations keep the hash secret; thread-safe.
class Signer {
public:
    virtual ~Signer() = default;
    // Lower-case hex HMAC-SHA512 of `data` with the hash secret (128 characters).
    virtual std::string Sign(std::string_view data) const = 0;
    // True when `signature_hex` (either case) is Sign(data); compared in constant time.
    virtual bool Verify(std::string_view data, std::string_view signature_hex) const = 0;
};

// PHP urlencode: [A-Za-z0-9-_.] kept, ' ' → '+', other bytes → %XX (upper-case hex).
std::string UrlEncode(std::string_view in);

// The string that is signed: the parameters whose names start with vnp_, except vnp_SecureHash and
// vnp_SecureHashType, sorted by name, encoded and joined. Parameters are taken as given (the caller leaves
// out empty optional ones when building a request; a notification is verified over everything it carried).
std::string CanonicalString(const Params& params);

// The query string of a signed request: CanonicalString(params) + "&vnp_SecureHash=" + signature.
std::string SignedQuery(const Params& params, const Signer& signer);

// Splits a raw query string ("a=1&b=x+y") into decoded pairs in their order. nullopt when an escape is
// malformed, a value decodes to a NUL byte, or a name appears twice (a notification with two amounts is
// not one we can trust).
std::optional<Params> ParseQuery(std::string_view query);

// The value of `name`, or nullopt.
std::optional<std::string> Find(const Params& params, std::string_view name);

// "12500000" for 125000 VND; nullopt when the amount is negative or would overflow.
std::optional<std::string> AmountParam(std::int64_t amount_vnd);
// The VND amount of a vnp_Amount value: digits only, a multiple of 100; nullopt otherwise.
std::optional<std::int64_t> ParseAmountParam(std::string_view digits);

// The query API (QueryDR, for reconciliation) signs its JSON fields joined by '|' in a fixed order, not
// the sorted query string. Missing fields count as "".
inline constexpr std::string_view kQueryRequestOrder[] = {
    "vnp_RequestId",       "vnp_Version",    "vnp_Command", "vnp_TmnCode",  "vnp_TxnRef",
    "vnp_TransactionDate", "vnp_CreateDate", "vnp_IpAddr",  "vnp_OrderInfo"};
inline constexpr std::string_view kQueryResponseOrder[] = {
    "vnp_ResponseId", "vnp_Command",       "vnp_ResponseCode",    "vnp_Message",
    "vnp_TmnCode",    "vnp_TxnRef",        "vnp_Amount",          "vnp_BankCode",
    "vnp_PayDate",    "vnp_TransactionNo", "vnp_TransactionType", "vnp_TransactionStatus",
    "vnp_OrderInfo",  "vnp_PromotionCode", "vnp_PromotionAmount"};
// The values of `order` in `fields`, joined by '|'.
template <std::size_t N>
std::string PipeJoined(const Params& fields, const std::string_view (&order)[N]) {
    std::string out;
    for (std::size_t i = 0; i < N; ++i) {
        if (i > 0) out += '|';
        for (const auto& [k, v] : fields)
            if (k == order[i]) {
                out += v;
                break;
            }
    }
    return out;
}

// The answer to a notification (IPN), as the gateway expects it: {"RspCode":"00","Message":"..."}.
enum class IpnCode {
    kConfirmSuccess,    // 00: recorded (paid or failed as the notification says)
    kOrderNotFound,     // 01
    kAlreadyConfirmed,  // 02: the request was already settled; nothing changed
    kInvalidAmount,     // 04
    kInvalidSignature,  // 97
    kOther,             // 99: malformed input or our failure; the gateway retries
};
std::string_view IpnRspCode(IpnCode code);
std::string_view IpnMessage(IpnCode code);
// {"RspCode":"..","Message":".."} exactly, with no spaces.
std::string IpnReplyJson(IpnCode code);

}  // namespace mocua::domain::payments
