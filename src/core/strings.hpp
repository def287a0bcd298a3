#pragma once
// Small ASCII string helpers shared by the HTTP edge, the web shell and the domain. Pure functions,
// thread-safe. (Vietnamese text — NFC, folding, collation — is core/text/.)
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace mocua::core {

// Lower-case hexadecimal, two characters per byte.
std::string ToHex(std::string_view bytes);

// ASCII lower case; other bytes unchanged (header names, language tags, content codings).
std::string AsciiLower(std::string_view s);

// Without leading and trailing spaces and tabs (HTTP header list items).
std::string_view TrimBlanks(std::string_view s);

// RFC 3986 percent-encoding of everything but unreserved characters (A–Z a–z 0–9 - . _ ~), for a
// query value or a form field. Spaces become %20, which form decoders also accept.
std::string UrlEncode(std::string_view text);

// Splits one CSV record (one line, RFC 4180 quoting: a field in double quotes may hold commas, and ""
// is a quote) into `out`. false when a quote is left open. Records spanning lines are not supported:
// the importers read one record a line and report the line.
bool SplitCsvLine(std::string_view line, std::vector<std::string>& out);

// Calls `record(line_number, fields)` for each non-blank line of a CSV text (LF or CRLF; line numbers
// 1-based, counting blank lines), and `unbalanced(line_number)` for a line with an open quote.
void ForEachCsvLine(std::string_view text,
                    const std::function<void(int line, const std::vector<std::string>& fields)>& record,
                    const std::function<void(int line)>& unbalanced);

}  // namespace mocua::core
