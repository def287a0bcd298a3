#include "adapters/mail/mime.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "adapters/mail/errors.hpp"

namespace mocua::adapters::mail {
namespace {

const core::TimePoint kJuly1 = *core::ParseUtc("2025-07-01T08:05:09.000Z");

// Decodes `raw` with Python's email package (tests/mail/decode_mail.py): an independent decoder.
nlohmann::json DecodeWithPython(const std::string& raw) {
    static int counter = 0;
    const auto path = std::filesystem::temp_directory_path() /
                      ("mocua-mime-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) + ".eml");
    {
        std::ofstream out(path, std::ios::binary);
        out << raw;
    }
    const std::string command =
        "/usr/bin/python3 " MOCUA_SOURCE_DIR "/tests/mail/decode_mail.py '" + path.string() + "'";
    std::string output;
    if (FILE* pipe = ::popen(command.c_str(), "r")) {
        char buf[4096];
        std::size_t n = 0;
        while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) output.append(buf, n);
        EXPECT_EQ(::pclose(pipe), 0) << "decode_mail.py failed";
    }
    std::filesystem::remove(path);
    return nlohmann::json::parse(output, nullptr, false);
}

// Text in the canonical form MIME requires for text parts (RFC 2046 4.1.1): CRLF line ends, which
// base64 carries as they are and Python's decoder gives back unchanged.
std::string Crlf(std::string_view text) {
    std::string out;
    for (char c : text) out += c == '\n' ? std::string("\r\n") : std::string(1, c);
    return out;
}

MimeMessage Sample() {
    MimeMessage m;
    m.from = {"mot-cua@phuong-ben-thanh.gov.vn", "UBND phường Bến Thành"};
    m.to = {"nguyen.van.a@example.vn", "Nguyễn Văn A"};
    m.subject = "Hồ sơ 000.00.21.H29-250701-0001 đã được tiếp nhận";
    m.text = "Kính gửi ông Nguyễn Văn A,\n.\n..dòng bắt đầu bằng dấu chấm\nTrân trọng.\n";
    m.date = kJuly1;
    m.message_id = "mocua-job-42@phuong-ben-thanh.gov.vn";
    return m;
}

TEST(Base64, MatchesTheRfc4648TestVectors) {
    EXPECT_EQ(Base64(""), "");
    EXPECT_EQ(Base64("f"), "Zg==");
    EXPECT_EQ(Base64("fo"), "Zm8=");
    EXPECT_EQ(Base64("foo"), "Zm9v");
    EXPECT_EQ(Base64("foob"), "Zm9vYg==");
    EXPECT_EQ(Base64("fooba"), "Zm9vYmE=");
    EXPECT_EQ(Base64("foobar"), "Zm9vYmFy");
    EXPECT_EQ(Base64("foobar", 4), "Zm9v\r\nYmFy");
}

TEST(EncodeHeaderText, LeavesPrintableAsciiAloneAndEncodesVietnamese) {
    EXPECT_EQ(*EncodeHeaderText("Dossier received"), "Dossier received");
    // "Thư thử" in UTF-8 is 54 68 C6 B0 20 74 68 E1 BB AD; its base64 was checked with `base64`.
    EXPECT_EQ(*EncodeHeaderText("Thư thử"), "=?UTF-8?B?VGjGsCB0aOG7rQ==?=");
}

TEST(EncodeHeaderText, SplitsLongTextIntoShortWordsWithoutBreakingCharacters) {
    const std::string subject =
        "Thông báo: hồ sơ của ông/bà đã được tiếp nhận, thụ lý và sẽ trả kết quả đúng hẹn tại bộ phận một "
        "cửa phường Bến Thành";
    auto encoded = EncodeHeaderText(subject);
    ASSERT_TRUE(encoded.ok());
    std::size_t words = 0;
    std::size_t start = 0;
    while (start <= encoded->size()) {
        auto end = encoded->find("\r\n ", start);
        const std::string word = encoded->substr(start, end == std::string::npos ? end : end - start);
        EXPECT_LE(word.size(), 75u) << word;
        EXPECT_TRUE(word.starts_with("=?UTF-8?B?") && word.ends_with("?=")) << word;
        ++words;
        if (end == std::string::npos) break;
        start = end + 3;
    }
    EXPECT_GT(words, 2u);
    MimeMessage m = Sample();
    m.subject = subject;
    auto decoded = DecodeWithPython(*BuildMime(m));
    EXPECT_EQ(decoded["subject"], subject);
}

TEST(EncodeHeaderText, RefusesLineBreaksNulAndBrokenUtf8) {
    for (std::string bad :
         {std::string("Hi\r\nBcc: victim@example.vn"), std::string("Hi\nX: y"), std::string("Hi\rX"),
          std::string("Hi\0X", 4), std::string("Thư\r\nBcc: a@b.vn")}) {
        auto r = EncodeHeaderText(bad);
        ASSERT_FALSE(r.ok()) << bad;
        EXPECT_EQ(CodeOf(r.error()), kInvalidHeader);
    }
    EXPECT_EQ(CodeOf(EncodeHeaderText("caf\xc3").error()), kInvalidHeader);
    EXPECT_EQ(CodeOf(EncodeHeaderText("\xff\xfe").error()), kInvalidHeader);
}

TEST(BuildMime, RefusesHeaderInjectionInEveryField) {
    auto code = [](const MimeMessage& m) { return std::string(CodeOf(BuildMime(m).error())); };
    MimeMessage m = Sample();
    m.subject = "Hello\r\nBcc: everyone@example.vn";
    EXPECT_EQ(code(m), kInvalidHeader);
    m = Sample();
    m.to.display_name = "Nguyễn\nBcc: x@example.vn";
    EXPECT_EQ(code(m), kInvalidHeader);
    m = Sample();
    m.from.display_name = "Office\r\nX-Evil: 1";
    EXPECT_EQ(code(m), kInvalidHeader);
    m = Sample();
    m.to.address = "a@example.vn\r\nBcc: b@example.vn";
    EXPECT_EQ(code(m), kInvalidHeader);
    m = Sample();
    m.message_id = "x@y>\r\nBcc: <z";
    EXPECT_EQ(code(m), kInvalidHeader);
    m = Sample();
    m.to.address = "not-an-address";
    EXPECT_EQ(code(m), kInvalidAddress);
}

TEST(ValidateAddress, AcceptsPlainAddressesOnly) {
    for (const char* ok : {"a@b.vn", "nguyen.van.a+hoso@example.gov.vn", "x_y-z@sub-domain.example.com"})
        EXPECT_TRUE(ValidateAddress(ok).ok()) << ok;
    for (const char* bad : {"", "a", "@b.vn", "a@", "a@@b.vn", "a@b@c.vn", "a b@c.vn", "<a@b.vn>",
                            "a@b.vn,c@d.vn", "a@-b.vn", "a@b-.vn", "a@b..vn", ".a@b.vn", "a..b@c.vn",
                            "nguyễn@b.vn", "a@bến.vn", "a@b.vn;c@d.vn", "\"a\"@b.vn"}) {
        auto r = ValidateAddress(bad);
        ASSERT_FALSE(r.ok()) << bad;
        EXPECT_EQ(CodeOf(r.error()), kInvalidAddress) << bad;
    }
}

TEST(FormatDate, WritesRfc5322DatesInUtc) {
    // 1 July 2025 was a Tuesday; 29 February 2024 a Thursday.
    EXPECT_EQ(FormatDate(kJuly1), "Tue, 01 Jul 2025 08:05:09 +0000");
    EXPECT_EQ(FormatDate(*core::ParseUtc("2024-02-29T23:59:59.999Z")), "Thu, 29 Feb 2024 23:59:59 +0000");
}

TEST(BuildMime, TextMessageDecodesToWhatWasGiven) {
    const MimeMessage m = Sample();
    auto raw = BuildMime(m);
    ASSERT_TRUE(raw.ok()) << raw.error().message;
    // Every line ends with CRLF and is short; no bare LF or CR.
    std::size_t pos = 0;
    while (pos < raw->size()) {
        const auto end = raw->find("\r\n", pos);
        ASSERT_NE(end, std::string::npos) << "the message must end with CRLF";
        const std::string line = raw->substr(pos, end - pos);
        EXPECT_EQ(line.find_first_of("\r\n"), std::string::npos) << line;
        EXPECT_LE(line.size(), 998u);
        pos = end + 2;
    }
    EXPECT_NE(raw->find("Content-Type: text/plain; charset=UTF-8\r\n"), std::string::npos);

    auto decoded = DecodeWithPython(*raw);
    ASSERT_TRUE(decoded.is_object()) << *raw;
    EXPECT_EQ(decoded["subject"], m.subject);
    EXPECT_EQ(decoded["from_name"], "UBND phường Bến Thành");
    EXPECT_EQ(decoded["from_address"], "mot-cua@phuong-ben-thanh.gov.vn");
    EXPECT_EQ(decoded["to_name"], "Nguyễn Văn A");
    EXPECT_EQ(decoded["to_address"], "nguyen.van.a@example.vn");
    EXPECT_EQ(decoded["message_id"], "<mocua-job-42@phuong-ben-thanh.gov.vn>");
    EXPECT_EQ(decoded["date"], "Tue, 01 Jul 2025 08:05:09 +0000");
    EXPECT_EQ(decoded["content_type"], "text/plain");
    EXPECT_EQ(decoded["text"], Crlf(m.text));
    EXPECT_TRUE(decoded["html"].is_null());
    EXPECT_EQ(decoded["defects"], nlohmann::json::array());
}

TEST(BuildMime, HtmlAlternativeDecodesAsTwoParts) {
    MimeMessage m = Sample();
    m.html = "<p>Kính gửi ông <strong>Nguyễn Văn A</strong>,</p>\n";
    m.from.display_name = "Office, \"One-stop\"";
    auto raw = BuildMime(m);
    ASSERT_TRUE(raw.ok());
    auto decoded = DecodeWithPython(*raw);
    EXPECT_EQ(decoded["content_type"], "multipart/alternative");
    EXPECT_EQ(decoded["text"], Crlf(m.text));
    EXPECT_EQ(decoded["html"], Crlf(m.html));
    EXPECT_EQ(decoded["from_name"], "Office, \"One-stop\"");
    EXPECT_EQ(decoded["defects"], nlohmann::json::array());
}

}  // namespace
}  // namespace mocua::adapters::mail
