#pragma once
// Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP): HMAC-SHA-1, 6 digits, 30-second steps,
// the format every authenticator app reads from an otpauth:// URI (the "Key Uri Format").
//
// Thread-safety: pure functions.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "domain/identity/crypto.hpp"

namespace mocua::domain::identity {

inline constexpr int kTotpDigits = 6;
inline constexpr int kTotpStepSeconds = 30;

// The RFC 6238 time step of `t`: floor(unix seconds / 30).
std::int64_t TotpStep(core::TimePoint t);

// HOTP value for `counter` (RFC 4226 §5.3 dynamic truncation), `digits` long with leading zeros.
std::string Hotp(const Crypto& crypto, std::string_view key, std::int64_t counter, int digits = kTotpDigits);

// The step in [step(now) − window, step(now) + window] whose code equals `code`, later steps first
// never before `after_step` (exclusive: a step already used is refused, so no code is accepted twice).
// nullopt when none matches. `code` must be exactly `digits` ASCII digits.
std::optional<std::int64_t> MatchTotp(const Crypto& crypto, std::string_view key, std::string_view code,
                                      core::TimePoint now, std::int64_t after_step, int window = 1);

// RFC 4648 base32 without padding (upper case), and back (case-insensitive, spaces and '=' ignored).
std::string Base32(std::string_view bytes);
std::optional<std::string> FromBase32(std::string_view text);

// otpauth://totp/ISSUER:ACCOUNT?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30
// (issuer and account percent-encoded as UTF-8).
std::string OtpAuthUri(std::string_view issuer, std::string_view account, std::string_view secret);

}  // namespace mocua::domain::identity
