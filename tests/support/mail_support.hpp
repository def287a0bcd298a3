#pragma once
// Mail helpers shared by the dossier tests: the shipped message catalogues (locales/*.json) as the
// server looks them up, and the mails waiting in the job queue's outbox.
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <soci/soci.h>

#include "db/database.hpp"
#include "domain/notify/mailer.hpp"

namespace mocua::testing {

// The mail templates of locales/vi.json and en.json by dotted key, as the web shell reads them.
inline domain::notify::MessageLookup LocaleMessages() {
    auto flat = std::make_shared<std::map<std::string, std::string, std::less<>>>();
    for (const std::string lang : {"vi", "en"}) {
        std::ifstream in(std::string(MOCUA_SOURCE_DIR) + "/locales/" + lang + ".json", std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        const auto j = nlohmann::json::parse(text.str());
        std::function<void(const nlohmann::json&, const std::string&)> walk = [&](const nlohmann::json& node,
                                                                                  const std::string& key) {
            if (node.is_string()) (*flat)[lang + ":" + key] = node.get<std::string>();
            if (node.is_object())
                for (const auto& [k, v] : node.items()) walk(v, key.empty() ? k : key + "." + k);
        };
        walk(j, "");
    }
    return [flat](std::string_view language, std::string_view key) -> const std::string* {
        auto it = flat->find(std::string(language) + ":" + std::string(key));
        return it == flat->end() ? nullptr : &it->second;
    };
}

// Every mail in the outbox (jobs of kind mail.send), oldest first.
inline std::vector<domain::notify::Mail> QueuedMails(db::Database& db) {
    db::Connection c = db.Acquire();
    std::string payload;
    soci::statement st =
        (c.sql().prepare << "SELECT payload FROM jobs WHERE kind = 'mail.send' ORDER BY id", soci::into(payload));
    st.execute();
    std::vector<domain::notify::Mail> out;
    while (st.fetch()) {
        auto mail = domain::notify::MailFromJson(payload);
        EXPECT_TRUE(mail.ok());
        if (mail.ok()) out.push_back(*mail);
    }
    return out;
}

}  // namespace mocua::testing
