#include "domain/notify/mailer.hpp"

#include <algorithm>
#include <tuple>

#include <nlohmann/json.hpp>

namespace mocua::domain::notify {

namespace {

bool HasLineBreak(std::string_view v) { return v.find_first_of("\r\n") != std::string_view::npos; }

core::Result<std::string> Fill(std::string_view key, const std::string& message,
                               const std::vector<std::pair<std::string, std::string>>& values) {
    std::string out;
    std::size_t i = 0;
    while (i < message.size()) {
        const auto open = message.find('{', i);
        if (open == std::string::npos) break;
        const auto close = message.find('}', open);
        if (close == std::string::npos) break;
        out.append(message, i, open - i);
        const std::string_view name(message.data() + open + 1, close - open - 1);
        const auto it =
            std::find_if(values.begin(), values.end(), [&](const auto& v) { return v.first == name; });
        if (it == values.end()) {
            return core::Error::InvalidArgument("mail template " + std::string(key) + ": no value for {" +
                                                std::string(name) + "}");
        }
        out += it->second;
        i = close + 1;
    }
    out.append(message, i);
    return out;
}

}  // namespace

core::Result<void> CheckMail(const Mail& mail) {
    const auto at = mail.to.find('@');
    if (mail.to.empty() || at == std::string::npos || mail.to.rfind('@') != at || HasLineBreak(mail.to))
        return core::Error::InvalidArgument("mail: `to` is not an e-mail address");
    if (HasLineBreak(mail.to_name)) return core::Error::InvalidArgument("mail: `to_name` holds a line break");
    if (mail.subject.empty() || HasLineBreak(mail.subject))
        return core::Error::InvalidArgument("mail: `subject` must be one non-empty line");
    if (mail.text.empty()) return core::Error::InvalidArgument("mail: `text` must not be empty");
    return {};
}

std::string MailToJson(const Mail& mail) {
    return nlohmann::json{{"to", mail.to},
                          {"to_name", mail.to_name},
                          {"subject", mail.subject},
                          {"text", mail.text},
                          {"html", mail.html}}
        .dump();
}

core::Result<Mail> MailFromJson(std::string_view json) {
    const auto tree = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
    if (!tree.is_object()) return core::Error::InvalidArgument("mail payload is not a JSON object");
    Mail mail;
    for (auto [name, field] : {std::pair<const char*, std::string*>{"to", &mail.to},
                               {"to_name", &mail.to_name},
                               {"subject", &mail.subject},
                               {"text", &mail.text},
                               {"html", &mail.html}}) {
        const auto it = tree.find(name);
        if (it == tree.end()) continue;
        if (!it->is_string())
            return core::Error::InvalidArgument(std::string("mail payload: `") + name + "` is not a string");
        *field = it->get<std::string>();
    }
    return mail;
}

core::Result<RenderedMail> RenderMail(const MessageLookup& lookup, std::string_view language,
                                      std::string_view name,
                                      const std::vector<std::pair<std::string, std::string>>& values) {
    RenderedMail out;
    const std::string prefix = "mail." + std::string(name) + ".";
    for (auto [part, target, required] :
         {std::tuple<const char*, std::string*, bool>{"subject", &out.subject, true},
          {"text", &out.text, true},
          {"html", &out.html, false}}) {
        const std::string key = prefix + part;
        const std::string* message = lookup(language, key);
        if (!message) {
            if (!required) continue;
            return core::Error::InvalidArgument("mail template: no message " + key + " in language " +
                                                std::string(language));
        }
        auto filled = Fill(key, *message, values);
        if (!filled.ok()) return filled.error();
        *target = std::move(*filled);
    }
    return out;
}

}  // namespace mocua::domain::notify
