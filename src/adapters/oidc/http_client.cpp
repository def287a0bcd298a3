#include "adapters/oidc/http_client.hpp"

#include <cctype>

namespace mocua::adapters::oidc {

namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) !=
            std::tolower(static_cast<unsigned char>(b[i]))) {
            return false;
        }
    }
    return true;
}

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::optional<std::string> HttpResponse::Header(std::string_view name) const {
    for (const auto& h : headers) {
        if (EqualsIgnoreCase(h.name, name)) return h.value;
    }
    return std::nullopt;
}

core::Result<HttpResponse> HttpClient::Get(std::string url, std::vector<HttpHeader> headers) {
    HttpRequest request;
    request.method = HttpRequest::Method::kGet;
    request.url = std::move(url);
    request.headers = std::move(headers);
    return Send(request);
}

core::Result<HttpResponse> HttpClient::PostForm(
    std::string url, const std::vector<std::pair<std::string, std::string>>& fields,
    std::optional<BasicAuth> basic_auth) {
    HttpRequest request;
    request.method = HttpRequest::Method::kPost;
    request.url = std::move(url);
    request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}};
    request.body = FormEncode(fields);
    request.basic_auth = std::move(basic_auth);
    return Send(request);
}

std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields) {
    std::string out;
    for (const auto& [name, value] : fields) {
        if (!out.empty()) out.push_back('&');
        out += UrlEncode(name);
        out.push_back('=');
        out += UrlEncode(value);
    }
    return out;
}

std::string UrlDecode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out.push_back(' ');
        } else if (text[i] == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
                   HexValue(text[i + 2]) >= 0) {
            out.push_back(static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2])));
            i += 2;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

}  // namespace mocua::adapters::oidc
