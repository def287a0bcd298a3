#include "web/dossier_pages_common.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "app/services.hpp"
#include "core/clock.hpp"
#include "domain/dossier/dossier_service.hpp"
#include "domain/identity/identity_service.hpp"
#include "log/log.hpp"
#include "http/message.hpp"
#include "web/format.hpp"
#include "web/page_state.hpp"
#include "web/shell.hpp"

namespace mocua::web {

domain::dossier::Caller CallerOf(const app::Services& s, const http::Request& request,
                                 const domain::identity::Principal& principal) {
    domain::dossier::Caller c{principal, ActorOf(request), s.web->LanguageOf(request) == Language::kEn ? "en" : "vi",
                              ""};
    if (auto account = s.accounts->Get(principal.account_id); account.ok()) c.officer_name = account->display_name;
    return c;
}

std::string ShowTime(const std::optional<std::string>& utc) {
    if (!utc || utc->empty()) return "";
    const auto t = core::ParseUtc(*utc);
    return t ? FormatDateTime(*t) : *utc;
}

std::vector<std::string> Lines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = text.find('\n', start);
        std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (!line.empty()) out.push_back(std::move(line));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

std::optional<std::int64_t> ParseId(const std::string& text) {
    if (text.empty() || text.size() > 18 ||
        !std::all_of(text.begin(), text.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
        return std::nullopt;
    }
    return std::stoll(text);
}

std::vector<std::string> StaffRoles() {
    std::vector<std::string> out;
    for (auto r : domain::dossier::StaffReaderRoles()) out.emplace_back(r);
    return out;
}

http::Response Failure(const http::Request& request, const core::Error& e) {
    switch (e.code) {
        case core::ErrorCode::kNotFound: return http::Response::Empty(404);
        case core::ErrorCode::kForbidden: return http::Response::Empty(403);
        default:
            log::Get("web")->error("request_id={} dossier page: {}", request.request_id, e.message);
            return http::Response::Empty(e.code == core::ErrorCode::kUnavailable ? 503 : 500);
    }
}

}  // namespace mocua::web
