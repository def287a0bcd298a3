#include "domain/payments/model.hpp"

#include <limits>

namespace mocua::domain::payments {

std::string_view StateName(State state) {
    switch (state) {
        case State::kPending:
            return "pending";
        case State::kPaid:
            return "paid";
        case State::kFailed:
            return "failed";
        case State::kCancelled:
            return "cancelled";
        case State::kExpired:
            return "expired";
    }
    return "pending";
}

std::optional<State> ParseState(std::string_view name) {
    for (State s : {State::kPending, State::kPaid, State::kFailed, State::kCancelled, State::kExpired})
        if (StateName(s) == name) return s;
    return std::nullopt;
}

std::string_view MethodName(Method method) {
    switch (method) {
        case Method::kGateway:
            return "gateway";
        case Method::kCash:
            return "cash";
        case Method::kTransfer:
            return "transfer";
    }
    return "gateway";
}

std::optional<Method> ParseMethod(std::string_view name) {
    for (Method m : {Method::kGateway, Method::kCash, Method::kTransfer})
        if (MethodName(m) == name) return m;
    return std::nullopt;
}

std::optional<std::int64_t> SumLines(const std::vector<FeeLine>& lines) {
    std::int64_t sum = 0;
    for (const auto& l : lines) {
        if (l.amount_vnd < 0) return std::nullopt;
        if (sum > std::numeric_limits<std::int64_t>::max() - l.amount_vnd) return std::nullopt;
        sum += l.amount_vnd;
    }
    return sum;
}

std::string PurposeForDossier(std::string_view dossier_code) {
    return "Thanh toan le phi ho so " + std::string(dossier_code);
}

std::string FormatVnd(std::int64_t amount_vnd) {
    const bool negative = amount_vnd < 0;
    // Work on the unsigned magnitude so the smallest int64 does not overflow.
    unsigned long long v = negative ? 0ULL - static_cast<unsigned long long>(amount_vnd)
                                    : static_cast<unsigned long long>(amount_vnd);
    std::string digits = std::to_string(v);
    std::string out;
    const std::size_t n = digits.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0 && (n - i) % 3 == 0) out += '.';
        out += digits[i];
    }
    return negative ? "-" + out : out;
}

}  // namespace mocua::domain::payments
