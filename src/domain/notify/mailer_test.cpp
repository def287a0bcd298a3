#include "domain/notify/mailer.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

namespace mocua::domain::notify {
namespace {

Mail Valid() { return {"a@example.vn", "Nguyễn Văn A", "Hồ sơ đã được tiếp nhận", "Nội dung", ""}; }

TEST(CheckMail, AcceptsAValidMailAndNamesTheBadField) {
    EXPECT_TRUE(CheckMail(Valid()).ok());
    auto field_of = [](Mail m) {
        auto r = CheckMail(m);
        EXPECT_FALSE(r.ok());
        return r.ok() ? std::string() : r.error().message;
    };
    Mail m = Valid();
    m.to = "no-at-sign";
    EXPECT_NE(field_of(m).find("`to`"), std::string::npos);
    m = Valid();
    m.to = "a@example.vn\r\nBcc: b@example.vn";
    EXPECT_NE(field_of(m).find("`to`"), std::string::npos);
    m = Valid();
    m.to_name = "A\nBcc: b@example.vn";
    EXPECT_NE(field_of(m).find("`to_name`"), std::string::npos);
    m = Valid();
    m.subject = "";
    EXPECT_NE(field_of(m).find("`subject`"), std::string::npos);
    m = Valid();
    m.subject = "one\r\ntwo";
    EXPECT_NE(field_of(m).find("`subject`"), std::string::npos);
    m = Valid();
    m.text = "";
    EXPECT_NE(field_of(m).find("`text`"), std::string::npos);
}

TEST(MailJson, RoundTripsEveryField) {
    Mail m = Valid();
    m.html = "<p>Nội dung</p>";
    auto back = MailFromJson(MailToJson(m));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->to, m.to);
    EXPECT_EQ(back->to_name, m.to_name);
    EXPECT_EQ(back->subject, m.subject);
    EXPECT_EQ(back->text, m.text);
    EXPECT_EQ(back->html, m.html);
    EXPECT_FALSE(MailFromJson("not json").ok());
    EXPECT_FALSE(MailFromJson("[1]").ok());
    EXPECT_FALSE(MailFromJson(R"({"to": 5})").ok());
}

// The message catalogues as shipped, looked up the way the composition root does.
class RenderMailTest : public ::testing::Test {
protected:
    static nlohmann::json Load(const std::string& language) {
        std::ifstream in(std::string(MOCUA_SOURCE_DIR) + "/locales/" + language + ".json");
        std::stringstream text;
        text << in.rdbuf();
        return nlohmann::json::parse(text.str());
    }

    MessageLookup lookup_ = [this](std::string_view language, std::string_view key) -> const std::string* {
        const nlohmann::json* node = &trees_.at(std::string(language));
        std::string_view rest = key;
        while (!rest.empty()) {
            const auto dot = rest.find('.');
            const std::string part(rest.substr(0, dot));
            if (!node->is_object() || !node->contains(part)) return nullptr;
            node = &(*node)[part];
            rest = dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);
        }
        return node->is_string() ? node->get_ptr<const std::string*>() : nullptr;
    };
    std::map<std::string, nlohmann::json> trees_{{"vi", Load("vi")}, {"en", Load("en")}};
};

TEST_F(RenderMailTest, FillsPlaceholdersInBothLanguages) {
    const std::vector<std::pair<std::string, std::string>> values = {
        {"site", "Phường Bến Thành"}, {"name", "Nguyễn Văn A"}, {"time", "08:00 01/07/2025"}};
    auto vi = RenderMail(lookup_, "vi", "test_message", values);
    ASSERT_TRUE(vi.ok()) << vi.error().message;
    EXPECT_EQ(vi->subject, "Thư thử nghiệm từ Phường Bến Thành");
    EXPECT_TRUE(vi->text.starts_with("Xin chào Nguyễn Văn A,\n")) << vi->text;
    EXPECT_NE(vi->text.find("lúc 08:00 01/07/2025."), std::string::npos) << vi->text;
    EXPECT_TRUE(vi->html.empty());
    auto en = RenderMail(lookup_, "en", "test_message", values);
    ASSERT_TRUE(en.ok()) << en.error().message;
    EXPECT_EQ(en->subject, "Test message from Phường Bến Thành");
    EXPECT_TRUE(en->text.starts_with("Hello Nguyễn Văn A,\n")) << en->text;
}

TEST_F(RenderMailTest, RefusesAMissingValueOrTemplate) {
    auto missing_value = RenderMail(lookup_, "vi", "test_message", {{"site", "X"}, {"time", "T"}});
    ASSERT_FALSE(missing_value.ok());
    EXPECT_EQ(missing_value.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_NE(missing_value.error().message.find("{name}"), std::string::npos)
        << missing_value.error().message;
    auto missing_template = RenderMail(lookup_, "en", "no_such_mail", {});
    ASSERT_FALSE(missing_template.ok());
    EXPECT_NE(missing_template.error().message.find("mail.no_such_mail.subject"), std::string::npos);
}

}  // namespace
}  // namespace mocua::domain::notify
