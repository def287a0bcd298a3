#pragma once
// E-mail as the domain sees it: a Mail to one recipient, handed to an Outbox that delivers it later
// (docs/adr/0051-mail-outbox.md). The domain never talks SMTP; the outbox stores the mail durably (a
// `mail.send` job) and a worker sends it, retrying temporary failures.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace mocua::domain::notify {

struct Mail {
    std::string to;       // recipient address, "ten@example.vn"
    std::string to_name;  // recipient display name (UTF-8), may be empty
    std::string subject;  // UTF-8, one line
    std::string text;     // UTF-8 plain text; required
    std::string html;     // UTF-8 HTML alternative; empty: text only
};

// Port: hands a mail over for delivery. Implementations store it durably before returning, so a
// mail whose Enqueue succeeded is sent even if the process stops right after.
// Thread-safety: implementations may be called from any thread.
class Outbox {
public:
    virtual ~Outbox() = default;
    // Errors: kInvalidArgument when the mail is malformed (CheckMail); kUnavailable when it could
    // not be stored. Returns an id of the stored mail (the job id).
    virtual core::Result<std::int64_t> Enqueue(const Mail& mail) = 0;
};

// Rules every mail must pass before it is stored: a recipient with exactly one "@", a subject and a
// text, no CR or LF in the recipient, its name or the subject. Error: kInvalidArgument naming the
// field. (The SMTP adapter checks addresses more strictly again when sending.)
core::Result<void> CheckMail(const Mail& mail);

// The stored form of a mail (the job payload): JSON {"to","to_name","subject","text","html"}.
std::string MailToJson(const Mail& mail);
// Error: kInvalidArgument when the text is not such JSON.
core::Result<Mail> MailFromJson(std::string_view json);

// ---- Templates in both languages --------------------------------------------------------------
//
// A mail template named NAME is three messages in the catalogues (locales/vi.json and en.json):
// `mail.NAME.subject`, `mail.NAME.text` and optionally `mail.NAME.html`. Placeholders `{key}` are
// replaced by the values given; a placeholder with no value is an error (a mail with "{deadline}" in
// it must not go out). Values are inserted as given, so HTML values must already be escaped.

// Looks a message up by language ("vi", "en") and dotted key; nullptr when absent. The web module's
// Catalog::Find fits, wrapped in a lambda by the composition root.
using MessageLookup = std::function<const std::string*(std::string_view language, std::string_view key)>;

struct RenderedMail {
    std::string subject;
    std::string text;
    std::string html;  // empty when the template has no html message
};

// Errors (kInvalidArgument): the subject or text message is missing for that language, or a
// placeholder has no value (the message names the key and the placeholder).
core::Result<RenderedMail> RenderMail(const MessageLookup& lookup, std::string_view language,
                                      std::string_view name,
                                      const std::vector<std::pair<std::string, std::string>>& values);

}  // namespace mocua::domain::notify
