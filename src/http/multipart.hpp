#pragma once
// multipart/form-data (RFC 7578 over RFC 2046 §5.1) for request bodies already fully in memory
// (http::Request::body). Used by upload forms; the body limit of the server bounds the input.
//
// What is accepted:
//   * a preamble before the first delimiter and an epilogue after the close delimiter (both ignored);
//   * delimiter lines "--boundary" followed by optional transport padding (spaces, tabs) and CRLF;
//     line ends are CRLF only: a bare LF never ends a header line or a delimiter line;
//   * a "\r\n--boundary" inside part data that is not followed by "--" or padding+CRLF is data;
//   * part headers Content-Disposition (required, type "form-data", parameters name, filename and
//     filename*) and Content-Type; other headers (Content-Transfer-Encoding, …) are ignored.
//     Folded (obsolete) header lines are refused.
//   * parameter values as tokens or quoted strings. In a quoted string a backslash escapes the next
//     character only when that is a tspecial (`"`, `\`, `(`, `;`, …), as Go's net/mime does: browsers
//     do not escape the backslashes of a Windows path ("C:\dir\a.pdf" stays as sent) but other clients
//     escape quotes (`\"`). Browsers encode `"` in file names as "%22"; that is left as sent.
//   * filename*=charset'lang'percent-encoded (RFC 5987/8187; UTF-8 or ISO-8859-1, converted to UTF-8)
//     wins over filename.
//
// Errors: core::Error::InvalidArgument whose message is exactly one of the stable codes below.
// Safety: no input makes the parser read outside `body` or allocate more than O(parts + header bytes);
// it is meant to be fuzzed. Thread-safety: pure functions.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace mocua::http {

inline constexpr std::string_view kMultipartMalformed = "multipart.malformed";          // not RFC 2046
inline constexpr std::string_view kMultipartBadBoundary = "multipart.bad_boundary";     // 1–70 bchars
inline constexpr std::string_view kMultipartTooManyParts = "multipart.too_many_parts";  // > max_parts
inline constexpr std::string_view kMultipartHeaderTooLarge = "multipart.header_too_large";
inline constexpr std::string_view kMultipartNoName = "multipart.no_name";  // missing or empty name

struct MultipartLimits {
    std::size_t max_parts = 64;
    std::size_t max_part_header_bytes = 8192;  // one part's header block, without the blank line
};

struct FormPart {
    std::string name;                     // the field name, non-empty, as sent (no decoding)
    std::optional<std::string> filename;  // set when the part is a file, even if empty (""); never a path
                                          // to use on disk: it is what the client sent
    std::string content_type;             // as sent, trimmed; "text/plain" when absent (RFC 7578 §4.4)
    std::string_view data;                // the part's bytes: a view into the parsed body
};

// The boundary parameter of a Content-Type header value whose media type is multipart/form-data
// (case-insensitive). Accepts a token or a quoted string. nullopt when the media type differs, the
// boundary is missing, appears twice, or is not 1–70 characters of RFC 2046 bchars (not ending in a
// space).
std::optional<std::string> MultipartBoundary(std::string_view content_type);

// Splits `body` into its parts, in order. The returned views point into `body`, which must outlive
// them. Errors (InvalidArgument, message = code): kMultipartBadBoundary, kMultipartMalformed (no
// delimiter, no close delimiter, a bad header line, a disposition other than form-data, a duplicate
// parameter or header, a bad filename* value), kMultipartTooManyParts, kMultipartHeaderTooLarge,
// kMultipartNoName.
core::Result<std::vector<FormPart>> ParseMultipart(std::string_view body, std::string_view boundary,
                                                   const MultipartLimits& limits);

// The first part named `name`, or nullptr. The pointer is valid as long as `parts` is not modified.
const FormPart* FindPart(const std::vector<FormPart>& parts, std::string_view name);

}  // namespace mocua::http
