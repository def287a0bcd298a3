#include "domain/payments/vnpay_protocol.hpp"

#include <algorithm>
#include <limits>

namespace mocua::domain::payments {

namespace {

bool IsUnreserved(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
}

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<std::string> Decode(std::string_view in) {
    std::string out;
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        char c = in[i];
        if (c == '+') {
            out += ' ';
        } else if (c == '%') {
            if (i + 2 >= in.size()) return std::nullopt;
            int hi = HexValue(in[i + 1]);
            int lo = HexValue(in[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            char decoded = static_cast<char>(hi * 16 + lo);
            if (decoded == '\0') return std::nullopt;
            out += decoded;
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

// Only the gateway's own fields are signed (the published samples keep the names starting with vnp_),
// and never the signature fields themselves.
bool IsSigned(std::string_view name) {
    return name.starts_with("vnp_") && name != "vnp_SecureHash" && name != "vnp_SecureHashType";
}

}  // namespace

std::string UrlEncode(std::string_view in) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(in.size() * 3);
    for (char ch : in) {
        auto c = static_cast<unsigned char>(ch);
        if (IsUnreserved(c)) {
            out += ch;
        } else if (c == ' ') {
            out += '+';
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 0x0F];
        }
    }
    return out;
}

std::string CanonicalString(const Params& params) {
    std::vector<const std::pair<std::string, std::string>*> sorted;
    for (const auto& p : params)
        if (IsSigned(p.first)) sorted.push_back(&p);
    std::stable_sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->first < b->first; });
    std::string out;
    for (const auto* p : sorted) {
        if (!out.empty()) out += '&';
        out += UrlEncode(p->first);
        out += '=';
        out += UrlEncode(p->second);
    }
    return out;
}

std::string SignedQuery(const Params& params, const Signer& signer) {
    std::string canonical = CanonicalString(params);
    std::string signature = signer.Sign(canonical);
    return canonical + "&vnp_SecureHash=" + signature;
}

std::optional<Params> ParseQuery(std::string_view query) {
    Params out;
    while (!query.empty()) {
        std::size_t amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (pair.empty()) continue;
        std::size_t eq = pair.find('=');
        auto name = Decode(pair.substr(0, eq));
        auto value = Decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
        if (!name || !value) return std::nullopt;
        for (const auto& [n, v] : out)
            if (n == *name) return std::nullopt;
        out.emplace_back(std::move(*name), std::move(*value));
    }
    return out;
}

std::optional<std::string> Find(const Params& params, std::string_view name) {
    for (const auto& [n, v] : params)
        if (n == name) return v;
    return std::nullopt;
}

std::optional<std::string> AmountParam(std::int64_t amount_vnd) {
    if (amount_vnd < 0 || amount_vnd > std::numeric_limits<std::int64_t>::max() / 100) return std::nullopt;
    return std::to_string(amount_vnd * 100);
}

std::optional<std::int64_t> ParseAmountParam(std::string_view digits) {
    // At most 18 digits, so the value fits in int64 without checking each step.
    if (digits.empty() || digits.size() > 18) return std::nullopt;
    std::int64_t v = 0;
    for (char c : digits) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    if (v % 100 != 0) return std::nullopt;
    return v / 100;
}

std::string_view IpnRspCode(IpnCode code) {
    switch (code) {
        case IpnCode::kConfirmSuccess:
            return "00";
        case IpnCode::kOrderNotFound:
            return "01";
        case IpnCode::kAlreadyConfirmed:
            return "02";
        case IpnCode::kInvalidAmount:
            return "04";
        case IpnCode::kInvalidSignature:
            return "97";
        case IpnCode::kOther:
            return "99";
    }
    return "99";
}

std::string_view IpnMessage(IpnCode code) {
    switch (code) {
        case IpnCode::kConfirmSuccess:
            return "Confirm Success";
        case IpnCode::kOrderNotFound:
            return "Order not found";
        case IpnCode::kAlreadyConfirmed:
            return "Order already confirmed";
        case IpnCode::kInvalidAmount:
            return "Invalid amount";
        case IpnCode::kInvalidSignature:
            return "Invalid signature";
        case IpnCode::kOther:
            return "Unknown error";
    }
    return "Unknown error";
}

std::string IpnReplyJson(IpnCode code) {
    return std::string("{\"RspCode\":\"") + std::string(IpnRspCode(code)) + "\",\"Message\":\"" +
           std::string(IpnMessage(code)) + "\"}";
}

}  // namespace mocua::domain::payments
