#include "web/forms.hpp"

#include <gtest/gtest.h>

namespace mocua::web {
namespace {

http::Request Post(std::string body, std::string type = "application/x-www-form-urlencoded") {
    http::Request r;
    r.method = "POST";
    r.path = "/";
    r.body = std::move(body);
    if (!type.empty()) r.headers.emplace_back("Content-Type", std::move(type));
    return r;
}

Catalog TestCatalog() {
    auto c = Catalog::Parse(
        R"({"f":{"name":"Họ và tên","hint":"Gợi ý","err":"Nhập họ và tên","a":"A","b":"B"}})",
        R"({"f":{"name":"Full name","hint":"Hint","err":"Enter your full name","a":"A","b":"B"}})");
    EXPECT_TRUE(c.ok());
    return std::move(c.value());
}

TEST(FormData, DecodesAndCleansValues) {
    // "Hu" + U+031B U+0300 (decomposed ừ … as some keyboards send) and surrounding spaces.
    auto form = FormData::Parse(
        Post("full_name=++%C4%90%E1%BA%B7ng+++Th%E1%BB%8B++&c=1&c=2&empty=&raw=a%2Bb&n=H%C6%B0%CC%80ng"));
    ASSERT_TRUE(form.has_value());
    EXPECT_EQ(form->Get("full_name"), "Đặng Thị");
    EXPECT_EQ(form->GetAll("c"), (std::vector<std::string>{"1", "2"}));
    EXPECT_EQ(form->Get("empty"), "");
    EXPECT_EQ(form->Get("absent"), "");
    EXPECT_EQ(form->Raw("raw"), "a+b");
    EXPECT_EQ(form->Get("n"), "Hừng");  // NFC: U+1EEB
    auto text = FormData::Parse(Post("m=line+1%0D%0A%0D%0A%0D%0Aline+2"));
    EXPECT_EQ(text->GetText("m"), "line 1\n\nline 2");
}

TEST(FormData, RefusesOtherTypesBadEscapesAndBadUtf8) {
    EXPECT_FALSE(FormData::Parse(Post("a=1", "multipart/form-data; boundary=x")).has_value());
    EXPECT_FALSE(FormData::Parse(Post("a=1", "")).has_value());
    EXPECT_TRUE(FormData::Parse(Post("a=1", "Application/X-WWW-Form-Urlencoded; charset=UTF-8")).has_value());
    EXPECT_FALSE(FormData::Parse(Post("a=%ZZ")).has_value());
    EXPECT_FALSE(FormData::Parse(Post("a=%C3%28")).has_value());
    EXPECT_FALSE(FormData::Parse(Post("a=%00")).has_value());
}

TEST(FormData, ReadsMultipartFieldsAndFilesAndSkipsEmptyFileInputs) {
    const std::string body =
        "--b1\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\ntok\r\n"
        "--b1\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n  \xC4\x90\xE1\xBA\xB7ng  \r\n"
        "--b1\r\nContent-Disposition: form-data; name=\"file\"; filename=\"scan.pdf\"\r\n"
        "Content-Type: application/pdf\r\n\r\n%PDF-\r\n\x01\xFF\r\n"
        "--b1\r\nContent-Disposition: form-data; name=\"other\"; filename=\"\"\r\n"
        "Content-Type: application/octet-stream\r\n\r\n\r\n"
        "--b1--\r\n";
    auto form = FormData::Parse(Post(body, "multipart/form-data; boundary=b1"));
    ASSERT_TRUE(form.has_value());
    EXPECT_EQ(form->Raw("_csrf"), "tok");
    EXPECT_EQ(form->Get("name"), "Đặng");
    ASSERT_NE(form->File("file"), nullptr);
    EXPECT_EQ(form->File("file")->name, "scan.pdf");
    EXPECT_EQ(form->File("file")->data, std::string_view("%PDF-\r\n\x01\xFF", 9));
    EXPECT_EQ(form->File("other"), nullptr);  // no file chosen
    // A text field that is not UTF-8 is refused like in a urlencoded form.
    EXPECT_FALSE(FormData::Parse(Post("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\xC3\x28\r\n--b--\r\n",
                                      "multipart/form-data; boundary=b"))
                     .has_value());
}

TEST(FormErrors, SummaryLinksToFieldsInOrderFirstErrorWins) {
    const Catalog catalog = TestCatalog();
    FormErrors errors;
    EXPECT_TRUE(errors.empty());
    errors.Add("full-name", "f.err");
    errors.Add("full-name", "f.hint");
    errors.Add("topic", "f.a");
    const auto json = errors.ToJson(catalog, Language::kEn);
    EXPECT_EQ(json["any"], true);
    ASSERT_EQ(json["summary"].size(), 2u);
    EXPECT_EQ(json["summary"][0]["href"], "#full-name");
    EXPECT_EQ(json["summary"][0]["text"], "Enter your full name");
    EXPECT_EQ(json["summary"][1]["href"], "#topic");
    EXPECT_EQ(*errors.For("full-name"), "f.err");
    EXPECT_EQ(errors.For("other"), nullptr);
}

TEST(Fields, InputCarriesLabelHintErrorAndDescribedBy) {
    const Catalog catalog = TestCatalog();
    FormErrors errors;
    const InputSpec spec{.id = "full-name", .name = "full_name", .label_key = "f.name", .hint_key = "f.hint"};
    auto plain = InputField(spec, "x", errors, catalog, Language::kVi);
    EXPECT_EQ(plain["label"], "Họ và tên");
    EXPECT_EQ(plain["name"], "full_name");
    EXPECT_EQ(plain["error"], false);
    EXPECT_EQ(plain["describedby"], "full-name-hint");
    EXPECT_EQ(plain["autocomplete"], false);
    errors.Add("full-name", "f.err");
    auto failed = InputField(spec, "x", errors, catalog, Language::kVi);
    EXPECT_EQ(failed["error"], "Nhập họ và tên");
    EXPECT_EQ(failed["describedby"], "full-name-hint full-name-error");
    auto no_hint = InputField({.id = "q", .label_key = "f.name"}, "", {}, catalog, Language::kEn);
    EXPECT_EQ(no_hint["name"], "q");
    EXPECT_EQ(no_hint["describedby"], false);
}

TEST(Fields, ChoicesNumberTheirOptionsAndMarkSelected) {
    const Catalog catalog = TestCatalog();
    const ChoiceSpec spec{.id = "topic",
                          .name = "topic",
                          .legend_key = "f.name",
                          .multiple = true,
                          .options = {{"a", "f.a"}, {"b", "f.b"}}};
    auto f = ChoiceField(spec, {"b"}, {}, catalog, Language::kEn);
    EXPECT_EQ(f["kind"], "checkboxes");
    ASSERT_EQ(f["options"].size(), 2u);
    EXPECT_EQ(f["options"][0]["id"], "topic");
    EXPECT_EQ(f["options"][1]["id"], "topic-2");
    EXPECT_EQ(f["options"][0]["checked"], false);
    EXPECT_EQ(f["options"][1]["checked"], true);
    EXPECT_EQ(f["options"][1]["input_type"], "checkbox");
}

}  // namespace
}  // namespace mocua::web
