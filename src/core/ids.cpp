#include "core/ids.hpp"

#include <random>

namespace mocua::core {

std::string NewRequestId() {
    thread_local std::mt19937_64 gen{std::random_device{}()};
    static constexpr char kHex[] = "0123456789abcdef";
    std::uint64_t v = gen();
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i, v >>= 4) out[static_cast<size_t>(i)] = kHex[v & 0xF];
    return out;
}

bool IsWellFormedRequestId(std::string_view id) {
    if (id.size() < 8 || id.size() > 64) return false;
    for (char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                        c == '.' || c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

}  // namespace mocua::core
