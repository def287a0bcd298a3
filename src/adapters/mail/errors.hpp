#pragma once
// Stable error codes of the mail adapter (docs/adr/0051-mail-outbox.md).
//
// Every failure of this adapter is a core::Error whose `message` starts with one of the codes below,
// optionally followed by ": " and details an operator needs (the SMTP reply code, curl's reason). The
// details never hold a message body or a recipient's address, so they are safe to log and to keep in
// the job's last_error.
//
// Temporary failures (retry later): kUnreachable, kDeferred. Permanent failures (retrying cannot
// help): kRejected, kInvalidAddress, kInvalidHeader.
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace mocua::adapters::mail {

// The server could not be reached, TLS or sign-in failed, or it timed out (ErrorCode::kUnavailable).
inline constexpr std::string_view kUnreachable = "mail.unreachable";
// The server answered 4xx: try again later (ErrorCode::kUnavailable).
inline constexpr std::string_view kDeferred = "mail.deferred";
// The server answered 5xx: it will not take this message (ErrorCode::kConflict).
inline constexpr std::string_view kRejected = "mail.rejected";
// A sender or recipient address we refuse to send to (ErrorCode::kInvalidArgument).
inline constexpr std::string_view kInvalidAddress = "mail.invalid_address";
// A header value holds CR, LF or NUL: refused, so nobody can add headers or recipients
// (ErrorCode::kInvalidArgument).
inline constexpr std::string_view kInvalidHeader = "mail.invalid_header";

// The core::Error for `code`, with `detail` appended after ": " when not empty.
core::Error MakeError(std::string_view code, std::string_view detail = {});

// The code at the start of an error made by MakeError ("mail.rejected"); empty for other errors.
std::string_view CodeOf(const core::Error& error);

// True for kUnreachable and kDeferred: the same message may succeed later.
bool IsTemporary(const core::Error& error);

}  // namespace mocua::adapters::mail
