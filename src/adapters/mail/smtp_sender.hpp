#pragma once
// SmtpSender: hands one finished message (mime.hpp) to an SMTP server with libcurl. libcurl stays
// inside smtp_sender.cpp.
//
// - smtp://host:port speaks plain SMTP, upgraded with STARTTLS when `starttls` is set (then TLS is
//   required: a server that does not offer it is an error, never a silent fallback to plain text);
//   smtps://host:port speaks TLS from the start. Certificates are always verified.
// - Authentication (AUTH PLAIN/LOGIN, whatever the server offers) when `username` is not empty.
// - libcurl does the SMTP dot-stuffing of the DATA section and ends it with CRLF.CRLF.
//
// Thread-safety: Send may be called from several threads at once; each call uses its own transfer.
// Construction calls curl_global_init (reference-counted, thread-safe in the libcurl Debian ships).
#include <chrono>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace mocua::adapters::mail {

class SmtpSender {
public:
    struct Options {
        std::string url;  // smtp://host:port or smtps://host:port
        bool starttls = false;
        std::string username;  // empty: no AUTH
        std::string password;
        std::string ca_file;                  // PEM bundle; empty = the system's trust store
        std::string helo_name = "localhost";  // our name in EHLO (unless the URL has a path)
        std::chrono::milliseconds connect_timeout{10'000};
        std::chrono::milliseconds total_timeout{60'000};
    };

    explicit SmtpSender(Options options);
    ~SmtpSender();
    SmtpSender(const SmtpSender&) = delete;
    SmtpSender& operator=(const SmtpSender&) = delete;

    // Sends `message` (complete, CRLF lines) from envelope sender `from` to the single envelope
    // recipient `to`. Errors (errors.hpp): kInvalidAddress for a malformed `from` or `to`;
    // kUnreachable for a refused scheme, connection, TLS, STARTTLS or sign-in failure or a time-out;
    // kDeferred when the server answers 4xx; kRejected when it answers 5xx.
    core::Result<void> Send(std::string_view from, std::string_view to, std::string_view message) const;

private:
    Options options_;
};

}  // namespace mocua::adapters::mail
