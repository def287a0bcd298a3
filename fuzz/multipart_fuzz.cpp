// libFuzzer target: multipart/form-data bodies (http/multipart.hpp), the parser every upload form
// goes through before anything else looks at the bytes. The first line of the input is the
// Content-Type header value, the rest is the body. Beyond "no crash, no sanitizer report", it checks
// the header's promises: every part has a non-empty name, at most max_parts parts come back, and
// every part's data is a view inside the body.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "http/multipart.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::size_t eol = input.find('\n');
    const std::string_view content_type = input.substr(0, eol);
    const std::string_view body = eol == std::string_view::npos ? std::string_view{} : input.substr(eol + 1);

    const auto boundary = mocua::http::MultipartBoundary(content_type);
    if (!boundary) return 0;
    if (boundary->empty() || boundary->size() > 70) std::abort();  // the header promises 1–70 bchars

    mocua::http::MultipartLimits limits;
    limits.max_parts = 8;
    limits.max_part_header_bytes = 512;
    const auto parts = mocua::http::ParseMultipart(body, *boundary, limits);
    if (!parts.ok()) return 0;
    if (parts->size() > limits.max_parts) std::abort();
    for (const auto& part : *parts) {
        if (part.name.empty()) std::abort();
        if (part.content_type.empty()) std::abort();  // "text/plain" when absent
        if (!part.data.empty() && (part.data.data() < body.data() ||
                                   part.data.data() + part.data.size() > body.data() + body.size()))
            std::abort();
    }
    (void)mocua::http::FindPart(*parts, "file");
    return 0;
}
