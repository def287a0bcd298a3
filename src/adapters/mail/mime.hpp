#pragma once
// Building an Internet message (RFC 5322 with MIME, RFC 2045-2047) from UTF-8 text, for SMTP.
//
// - Header values that are not plain ASCII (Vietnamese subjects and display names) become RFC 2047
//   encoded-words ("=?UTF-8?B?...?="), each at most 75 characters, never splitting a UTF-8 sequence.
// - The body is `text/plain; charset=UTF-8` in base64 (lines of 76 characters), or, when an HTML
//   version is given, `multipart/alternative` with the text part first and the HTML part second.
//   Base64 keeps every line short and never starts a line with "." (libcurl dot-stuffs anyway).
// - Every line ends with CRLF. A header value holding CR, LF or NUL is refused (kInvalidHeader), so
//   no caller can add headers or recipients.
//
// Pure functions: no I/O, thread-safe.
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace mocua::adapters::mail {

struct Mailbox {
    std::string address;       // "mot-cua@phuong1.gov.vn": ASCII, checked by ValidateAddress
    std::string display_name;  // UTF-8, may be empty
};

struct MimeMessage {
    Mailbox from;
    Mailbox to;
    std::string subject;  // UTF-8, one line
    std::string text;     // UTF-8; "\n" or "\r\n" line ends
    std::string html;     // UTF-8; empty: text only
    core::TimePoint date;
    std::string message_id;  // without angle brackets: "job-42@phuong1.gov.vn"
};

// Accepts a plain addr-spec "local@domain": printable ASCII only, no spaces, quotes, angle
// brackets, commas or semicolons, exactly one "@", a non-empty local part of at most 64 characters,
// a domain of at most 253 characters made of dot-separated labels (letters, digits, "-"). Non-ASCII
// (internationalised) addresses need SMTPUTF8 and are refused. Error: kInvalidAddress.
core::Result<void> ValidateAddress(std::string_view address);

// The header value as is when it is printable ASCII, else RFC 2047 B-encoded words separated by
// "\r\n " (folding). Error: kInvalidHeader when the value holds CR, LF or NUL, or is not UTF-8.
core::Result<std::string> EncodeHeaderText(std::string_view value);

// "Name <address>" (the name encoded as above, or quoted when ASCII with specials), or "address".
core::Result<std::string> FormatMailbox(const Mailbox& mailbox);

// RFC 5322 date in UTC: "Tue, 01 Jul 2025 08:00:00 +0000".
std::string FormatDate(core::TimePoint time);

// Base64 of `data` (RFC 4648 alphabet, padded), lines of at most `line_length` characters separated by
// CRLF; 0: one line.
std::string Base64(std::string_view data, std::size_t line_length = 0);

// The whole message, headers and body, with CRLF line ends. Errors: kInvalidAddress,
// kInvalidHeader (also for a message id with spaces, angle brackets or no "@").
core::Result<std::string> BuildMime(const MimeMessage& message);

}  // namespace mocua::adapters::mail
