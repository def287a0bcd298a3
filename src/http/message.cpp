#include "http/message.hpp"

#include "http/event_stream.hpp"

#include <strings.h>
#include <charconv>
#include <stdexcept>

namespace mocua::http {

std::optional<std::string_view> FindHeader(const Headers& headers, std::string_view name) {
    for (const auto& [k, v] : headers) {
        if (k.size() == name.size() && strncasecmp(k.data(), name.data(), name.size()) == 0) return v;
    }
    return std::nullopt;
}

bool Principal::HasAnyRole(const std::vector<std::string>& wanted) const {
    for (const auto& w : wanted)
        for (const auto& r : roles)
            if (r == w) return true;
    return false;
}

const std::string& Request::Param(std::string_view name) const {
    static const std::string kEmpty;
    for (const auto& [k, v] : params)
        if (k == name) return v;
    return kEmpty;
}

std::int64_t Request::IntParam(std::string_view name) const {
    const std::string& v = Param(name);
    std::int64_t out = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec != std::errc() || p != v.data() + v.size())
        throw std::invalid_argument("not an integer parameter");
    return out;
}

std::optional<std::string> Request::QueryParam(std::string_view name) const {
    std::string_view rest = query;
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        std::string_view pair = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
        const auto eq = pair.find('=');
        auto key = PercentDecode(pair.substr(0, eq), true);
        if (!key || *key != name) continue;
        if (eq == std::string_view::npos) return std::string();
        return PercentDecode(pair.substr(eq + 1), true);
    }
    return std::nullopt;
}

void Response::SetHeader(std::string name, std::string value) {
    for (auto& [k, v] : headers) {
        if (k.size() == name.size() && strncasecmp(k.data(), name.data(), name.size()) == 0) {
            v = std::move(value);
            return;
        }
    }
    headers.emplace_back(std::move(name), std::move(value));
}

Response Response::Text(int status, std::string body, std::string content_type) {
    Response r;
    r.status = status;
    r.body = std::move(body);
    r.headers.emplace_back("Content-Type", std::move(content_type));
    return r;
}

Response Response::Json(int status, std::string json_text) {
    return Text(status, std::move(json_text), "application/json");
}

Response Response::Empty(int status) {
    Response r;
    r.status = status;
    return r;
}

Response Response::EventStreamOf(std::shared_ptr<EventStream> stream) {
    Response r;
    r.status = 200;
    r.SetHeader("Content-Type", "text/event-stream; charset=utf-8");
    r.SetHeader("Cache-Control", "no-cache");
    r.SetHeader("X-Accel-Buffering", "no");  // nginx: pass events on as they come
    r.stream = std::move(stream);
    return r;
}

namespace {
int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
}  // namespace

std::optional<std::string> PercentDecode(std::string_view in, bool plus_as_space) {
    std::string out;
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        char c = in[i];
        if (c == '%') {
            if (i + 2 >= in.size()) return std::nullopt;
            const int hi = HexValue(in[i + 1]), lo = HexValue(in[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            c = static_cast<char>(hi * 16 + lo);
            i += 2;
        } else if (c == '+' && plus_as_space) {
            c = ' ';
        }
        if (c == '\0') return std::nullopt;
        out += c;
    }
    return out;
}

std::optional<Target> ParseTarget(std::string_view target) {
    if (target.empty() || target[0] != '/') return std::nullopt;
    const auto q = target.find('?');
    std::string_view raw_path = target.substr(0, q);
    Target t;
    if (q != std::string_view::npos) t.query.assign(target.substr(q + 1));
    // Decode segment by segment so that an encoded '/' cannot create or hide a segment.
    std::size_t start = 1;
    t.path.push_back('/');
    while (start <= raw_path.size()) {
        const auto slash = raw_path.find('/', start);
        std::string_view raw_seg =
            raw_path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
        auto seg = PercentDecode(raw_seg, false);
        if (!seg || seg->find('/') != std::string::npos || seg->find('\\') != std::string::npos ||
            *seg == "." || *seg == "..")
            return std::nullopt;
        t.path.append(*seg);
        if (slash == std::string_view::npos) break;
        t.path.push_back('/');
        start = slash + 1;
    }
    return t;
}

}  // namespace mocua::http
