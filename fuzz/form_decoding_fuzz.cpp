// libFuzzer target: decoding a submitted form (web::FormData::Parse) as every page handler does, for
// application/x-www-form-urlencoded and multipart/form-data. The first byte picks the media type
// (with a fixed boundary for multipart), the rest is the body. Checks the promise handlers rely on:
// every value a handler reads back is valid UTF-8, and the cleaned one-line value holds no line break
// or control character.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/text/text.hpp"
#include "http/message.hpp"
#include "web/forms.hpp"

namespace {

void CheckValue(const std::string& raw, const std::string& clean) {
    if (!mocua::core::text::IsValidUtf8(raw) || !mocua::core::text::IsValidUtf8(clean)) std::abort();
    for (unsigned char c : clean)
        if (c < 0x20 || c == 0x7f) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    mocua::http::Request request;
    request.method = "POST";
    request.target = request.path = "/fuzz";
    switch (data[0] % 3) {
        case 0:
            request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
            break;
        case 1:
            request.headers.emplace_back("Content-Type", "multipart/form-data; boundary=XyZ");
            break;
        default:
            request.headers.emplace_back("Content-Type", "Multipart/Form-Data; boundary=\"a b'c\"");
            break;
    }
    request.body.assign(reinterpret_cast<const char*>(data + 1), size - 1);

    const auto form = mocua::web::FormData::Parse(request);
    if (!form) return 0;
    // The names pages use most, and a few an attacker would try.
    for (const std::string_view name : {"_csrf", "q", "name", "email", "a", "file", ""}) {
        CheckValue(form->Raw(name), form->Get(name));
        if (!mocua::core::text::IsValidUtf8(form->GetText(name))) std::abort();
        for (const auto& v : form->GetAll(name))
            if (!mocua::core::text::IsValidUtf8(v)) std::abort();
        if (const auto* file = form->File(name); file != nullptr && file->data.size() > request.body.size())
            std::abort();
    }
    return 0;
}
