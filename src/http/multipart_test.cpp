#include "http/multipart.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace mocua::http {
namespace {

using namespace std::string_literals;
using namespace std::string_view_literals;

const MultipartLimits kLimits{};

std::string ErrorOf(const core::Result<std::vector<FormPart>>& r) {
    if (r.ok()) return "ok";
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
    return r.error().message;
}

// --- MultipartBoundary ---------------------------------------------------------------------------

TEST(MultipartBoundary, ReadsTokenAndQuotedForms) {
    EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=abc123"), "abc123");
    EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=\"a b:c?d\""), "a b:c?d");
    EXPECT_EQ(MultipartBoundary("Multipart/Form-Data;BOUNDARY=xyz"), "xyz");
    EXPECT_EQ(MultipartBoundary("multipart/form-data; charset=utf-8; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW"),
              "----WebKitFormBoundary7MA4YWxkTrZu0gW");
    EXPECT_EQ(MultipartBoundary("multipart/form-data ; boundary = x ;"), "x");
}

TEST(MultipartBoundary, RefusesOtherTypesAndBadBoundaries) {
    for (std::string_view bad : {
             ""sv,
             "text/plain; boundary=abc"sv,
             "multipart/mixed; boundary=abc"sv,
             "multipart/form-data"sv,
             "multipart/form-data;"sv,
             "multipart/form-data; boundary="sv,
             "multipart/form-data; boundary=\"\""sv,
             "multipart/form-data; boundary=\"ends with space \""sv,
             "multipart/form-data; boundary=\"bad\\\"quote\""sv,  // '"' is not a bchar
             "multipart/form-data; boundary=a{b}"sv,             // '{' is not a bchar (nor a tchar)
             "multipart/form-data; boundary=\"unterminated"sv,
             "multipart/form-data; boundary=a; boundary=b"sv,
             "multipart/form-data; boundary"sv,
             "multipart/form-data x; boundary=a"sv,
         }) {
        EXPECT_FALSE(MultipartBoundary(bad)) << bad;
    }
    EXPECT_TRUE(MultipartBoundary("multipart/form-data; boundary=" + std::string(70, 'b')));
    EXPECT_FALSE(MultipartBoundary("multipart/form-data; boundary=" + std::string(71, 'b')));
}

// --- ParseMultipart: hand-made bodies per RFC 7578 ------------------------------------------------

TEST(ParseMultipart, ParsesTheRfc7578Example) {
    // RFC 7578 §4.2/§4.4 style: a text field and a file, with a preamble and an epilogue.
    const std::string body =
        "This is the preamble; it is ignored.\r\n"
        "--AaB03x\r\n"
        "Content-Disposition: form-data; name=\"submit-name\"\r\n"
        "\r\n"
        "Larry\r\n"
        "--AaB03x\r\n"
        "Content-Disposition: form-data; name=\"files\"; filename=\"file1.txt\"\r\n"
        "Content-Type: text/plain\r\n"
        "\r\n"
        "... contents of file1.txt ...\r\n"
        "--AaB03x--\r\n"
        "This is the epilogue; also ignored.\r\n";
    auto parts = ParseMultipart(body, "AaB03x", kLimits);
    ASSERT_TRUE(parts) << parts.error().message;
    ASSERT_EQ(parts->size(), 2u);
    EXPECT_EQ((*parts)[0].name, "submit-name");
    EXPECT_FALSE((*parts)[0].filename);
    EXPECT_EQ((*parts)[0].content_type, "text/plain");  // the default
    EXPECT_EQ((*parts)[0].data, "Larry");
    EXPECT_EQ((*parts)[1].name, "files");
    EXPECT_EQ((*parts)[1].filename, "file1.txt");
    EXPECT_EQ((*parts)[1].content_type, "text/plain");
    EXPECT_EQ((*parts)[1].data, "... contents of file1.txt ...");
    // The data is a view into the body, not a copy.
    EXPECT_GE((*parts)[1].data.data(), body.data());
    EXPECT_LE((*parts)[1].data.data() + (*parts)[1].data.size(), body.data() + body.size());
}

TEST(ParseMultipart, ParsesWhatCurlSends) {
    // Captured from `curl -F 'full_name=Nguyễn Văn A' -F 'document=@hồ sơ.pdf;type=application/pdf'
    // -F 'empty=@empty.bin'` (curl 7.88.1), byte for byte: a 24-dash boundary prefix, no epilogue
    // but the final CRLF, a raw UTF-8 file name, and a file with a bare LF and "--" inside.
    const std::string_view content_type =
        "multipart/form-data; boundary=------------------------fc3d4d6a843fdbc4";
    const std::string_view body =
        "--------------------------fc3d4d6a843fdbc4\r\n"
        "Content-Disposition: form-data; name=\"full_name\"\r\n"
        "\r\n"
        "Nguy\xe1\xbb\x85n V\xc4\x83n A\r\n"
        "--------------------------fc3d4d6a843fdbc4\r\n"
        "Content-Disposition: form-data; name=\"document\"; filename=\"h\xe1\xbb\x93 s\xc6\xa1.pdf\"\r\n"
        "Content-Type: application/pdf\r\n"
        "\r\n"
        "%PDF-1.4\r\n"
        "--fake\n"
        "\x00\xff%%EOF\n"
        "\r\n"
        "--------------------------fc3d4d6a843fdbc4\r\n"
        "Content-Disposition: form-data; name=\"empty\"; filename=\"empty.bin\"\r\n"
        "Content-Type: application/octet-stream\r\n"
        "\r\n"
        "\r\n"
        "--------------------------fc3d4d6a843fdbc4--\r\n"sv;
    ASSERT_EQ(body.size(), 493u);  // curl's Content-Length
    const auto boundary = MultipartBoundary(content_type);
    ASSERT_TRUE(boundary);
    auto parts = ParseMultipart(body, *boundary, kLimits);
    ASSERT_TRUE(parts) << parts.error().message;
    ASSERT_EQ(parts->size(), 3u);
    EXPECT_EQ((*parts)[0].data, "Nguyễn Văn A");
    const FormPart* doc = FindPart(*parts, "document");
    ASSERT_NE(doc, nullptr);
    EXPECT_EQ(doc->filename, "hồ sơ.pdf");
    EXPECT_EQ(doc->content_type, "application/pdf");
    EXPECT_EQ(doc->data, "%PDF-1.4\r\n--fake\n\x00\xff%%EOF\n"sv);
    const FormPart* empty = FindPart(*parts, "empty");
    ASSERT_NE(empty, nullptr);
    EXPECT_EQ(empty->filename, "empty.bin");
    EXPECT_TRUE(empty->data.empty());
    EXPECT_EQ(FindPart(*parts, "missing"), nullptr);
}

TEST(ParseMultipart, KeepsBinaryDataWithBoundaryLikeBytes) {
    // Every byte value, CR and LF alone and together, and near-misses of the delimiter: "--b" without
    // the CRLF before it, "\r\n--bX" (a longer boundary), "\r\n--b" followed by junk.
    std::string data;
    for (int i = 0; i < 256; ++i) data.push_back(static_cast<char>(i));
    data += "\r\r\n\nx--b--no CRLF before\r\n--bX\r\n--b junk\r\n--b\tX--b\r\n\r\n";
    data += std::string("\0\r\n", 3);
    const std::string body = "--b\r\n"
                             "Content-Disposition: form-data; name=\"blob\"; filename=\"x.bin\"\r\n"
                             "Content-Type: application/octet-stream\r\n"
                             "\r\n" +
                             data + "\r\n--b--";
    auto parts = ParseMultipart(body, "b", kLimits);
    ASSERT_TRUE(parts) << parts.error().message;
    ASSERT_EQ(parts->size(), 1u);
    EXPECT_EQ((*parts)[0].data, data);
}

TEST(ParseMultipart, AcceptsTransportPaddingAfterDelimiters) {
    const std::string body = "--xyz \t\r\n"
                             "content-disposition: FORM-DATA; NAME=a\r\n"
                             "\r\n"
                             "1\r\n"
                             "--xyz  \r\n"
                             "Content-Disposition: form-data; name=b\r\n"
                             "Content-Transfer-Encoding: binary\r\n"
                             "X-Other: ignored\r\n"
                             "\r\n"
                             "2\r\n"
                             "--xyz--  trailing junk";
    auto parts = ParseMultipart(body, "xyz", kLimits);
    ASSERT_TRUE(parts) << parts.error().message;
    ASSERT_EQ(parts->size(), 2u);
    EXPECT_EQ((*parts)[0].name, "a");
    EXPECT_EQ((*parts)[0].data, "1");
    EXPECT_EQ((*parts)[1].name, "b");
    EXPECT_EQ((*parts)[1].data, "2");
}

TEST(ParseMultipart, DecodesQuotedStringsWithEscapes) {
    const std::string body = "--b\r\n"
                             "Content-Disposition: form-data; name=\"say \\\"hi\\\"; now\"; "
                             "filename=\"C:\\Users\\an\\quote\\\"d.pdf\"\r\n"
                             "\r\n"
                             "x\r\n"
                             "--b--\r\n";
    auto parts = ParseMultipart(body, "b", kLimits);
    ASSERT_TRUE(parts) << parts.error().message;
    ASSERT_EQ(parts->size(), 1u);
    EXPECT_EQ((*parts)[0].name, "say \"hi\"; now");
    // A backslash before a non-tspecial stays (Windows paths); before '"' it escapes.
    EXPECT_EQ((*parts)[0].filename, "C:\\Users\\an\\quote\"d.pdf");
}

TEST(ParseMultipart, PrefersFilenameStarInUtf8) {
    const std::string body = "--b\r\n"
                             "Content-Disposition: form-data; name=\"f\"; filename=\"ho so.pdf\"; "
                             "filename*=UTF-8''h%E1%BB%93%20s%C6%A1%20%E2%82%AC.pdf\r\n"
                             "Content-Type: application/pdf\r\n"
                             "\r\n"
                             "%PDF-\r\n"
                             "--b--\r\n";
    auto parts = ParseMultipart(body, "b", kLimits);
    ASSERT_TRUE(parts) << parts.error().message;
    EXPECT_EQ((*parts)[0].filename, "hồ sơ €.pdf");

    const std::string latin1 = "--b\r\n"
                               "Content-Disposition: form-data; name=f; filename*=iso-8859-1'en'caf%E9.txt\r\n"
                               "\r\n"
                               "\r\n"
                               "--b--";
    auto p2 = ParseMultipart(latin1, "b", kLimits);
    ASSERT_TRUE(p2) << p2.error().message;
    EXPECT_EQ((*p2)[0].filename, "café.txt");
}

TEST(ParseMultipart, RefusesBadFilenameStar) {
    for (std::string_view value : {"UTF-8''%C3"sv,          // truncated UTF-8
                                   "UTF-8''%E0%80%80"sv,     // overlong
                                   "UTF-8''a%00b"sv,         // NUL
                                   "UTF-8''%zz"sv,           // bad escape
                                   "UTF-8'no-second-quote"sv,
                                   "KOI8-R''abc"sv}) {       // unsupported charset
        const std::string body = "--b\r\nContent-Disposition: form-data; name=f; filename*=" + std::string(value) +
                                 "\r\n\r\nx\r\n--b--";
        EXPECT_EQ(ErrorOf(ParseMultipart(body, "b", kLimits)), kMultipartMalformed) << value;
    }
}

TEST(ParseMultipart, KeepsAnEmptyFilePart) {
    const std::string body = "--b\r\n"
                             "Content-Disposition: form-data; name=\"attachment\"; filename=\"\"\r\n"
                             "Content-Type: application/octet-stream\r\n"
                             "\r\n"
                             "\r\n"
                             "--b\r\n"
                             "Content-Disposition: form-data; name=\"scan\"; filename=\"blank.pdf\"\r\n"
                             "\r\n"
                             "\r\n"
                             "--b--\r\n";
    auto parts = ParseMultipart(body, "b", kLimits);
    ASSERT_TRUE(parts) << parts.error().message;
    ASSERT_EQ(parts->size(), 2u);
    // A browser sends filename="" when no file was chosen: still a file part, with no bytes.
    EXPECT_EQ((*parts)[0].filename, "");
    EXPECT_TRUE((*parts)[0].data.empty());
    EXPECT_EQ((*parts)[1].filename, "blank.pdf");
    EXPECT_TRUE((*parts)[1].data.empty());
}

TEST(ParseMultipart, ReadsAnEmptyMultipart) {
    auto parts = ParseMultipart("--b--\r\n", "b", kLimits);
    ASSERT_TRUE(parts);
    EXPECT_TRUE(parts->empty());
}

// --- errors -----------------------------------------------------------------------------------------

TEST(ParseMultipart, RefusesAMissingCloseDelimiter) {
    EXPECT_EQ(ErrorOf(ParseMultipart("--b\r\nContent-Disposition: form-data; name=a\r\n\r\nvalue", "b", kLimits)),
              kMultipartMalformed);
    EXPECT_EQ(ErrorOf(ParseMultipart("--b\r\nContent-Disposition: form-data; name=a\r\n\r\nvalue\r\n--b\r\n", "b",
                                     kLimits)),
              kMultipartMalformed);
    EXPECT_EQ(ErrorOf(ParseMultipart("--b\r\nContent-Disposition: form-data; name=a\r\n\r\nvalue\r\n--b", "b",
                                     kLimits)),
              kMultipartMalformed);
    EXPECT_EQ(ErrorOf(ParseMultipart("--b\r\nContent-Disposition: form-data; name=a\r\n", "b", kLimits)),
              kMultipartMalformed);
}

TEST(ParseMultipart, RefusesBodiesWithoutADelimiter) {
    EXPECT_EQ(ErrorOf(ParseMultipart("", "b", kLimits)), kMultipartMalformed);
    EXPECT_EQ(ErrorOf(ParseMultipart("name=value", "b", kLimits)), kMultipartMalformed);
    EXPECT_EQ(ErrorOf(ParseMultipart("--other\r\n\r\n--other--", "b", kLimits)), kMultipartMalformed);
    // The delimiter must start a line: "x--b" is preamble, and so is all up to the close delimiter.
    auto only_preamble =
        ParseMultipart("x--b\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--b--", "b", kLimits);
    ASSERT_TRUE(only_preamble);
    EXPECT_TRUE(only_preamble->empty());
    EXPECT_EQ(ErrorOf(ParseMultipart("x--b\r\nContent-Disposition: form-data; name=a\r\n\r\n1", "b", kLimits)),
              kMultipartMalformed);
}

TEST(ParseMultipart, IsStrictAboutCrlf) {
    // LF-only line ends are not delimiters or header ends.
    EXPECT_EQ(ErrorOf(ParseMultipart("--b\nContent-Disposition: form-data; name=a\n\n1\n--b--\n", "b", kLimits)),
              kMultipartMalformed);
    EXPECT_EQ(ErrorOf(ParseMultipart("--b\r\nContent-Disposition: form-data; name=a\nX: y\r\n\r\n1\r\n--b--", "b",
                                     kLimits)),
              kMultipartMalformed);
}

TEST(ParseMultipart, RefusesBadHeaders) {
    for (std::string_view headers : {
             "Content-Type: text/plain\r\n"sv,                                   // no disposition
             "Content-Disposition: attachment; name=a\r\n"sv,                    // not form-data
             "Content-Disposition: form-data; name=a\r\nContent-Disposition: form-data; name=b\r\n"sv,
             "Content-Disposition: form-data; name=a\r\nContent-Type: a\r\nContent-Type: b\r\n"sv,
             "Content-Disposition: form-data; name=a; name=b\r\n"sv,             // duplicate parameter
             "Content-Disposition: form-data; name=\"a\r\n"sv,                  // unterminated quote
             "Content-Disposition: form-data; name=a b\r\n"sv,                  // junk after a token
             "Content-Disposition: form-data;\r\n name=a\r\n"sv,                // folded line
             "no colon here\r\nContent-Disposition: form-data; name=a\r\n"sv,
             "Bad Name: x\r\nContent-Disposition: form-data; name=a\r\n"sv,
             ": empty name\r\nContent-Disposition: form-data; name=a\r\n"sv,
         }) {
        const std::string body = "--b\r\n" + std::string(headers) + "\r\nx\r\n--b--";
        EXPECT_EQ(ErrorOf(ParseMultipart(body, "b", kLimits)), kMultipartMalformed) << headers;
    }
    const std::string with_nul = "--b\r\nContent-Disposition: form-data; name=\"a\0b\"\r\n\r\nx\r\n--b--"s;
    EXPECT_EQ(ErrorOf(ParseMultipart(with_nul, "b", kLimits)), kMultipartMalformed);
}

TEST(ParseMultipart, RequiresANonEmptyName) {
    for (std::string_view disposition : {"form-data"sv, "form-data; filename=\"a.pdf\""sv, "form-data; name=\"\""sv}) {
        const std::string body = "--b\r\nContent-Disposition: " + std::string(disposition) + "\r\n\r\nx\r\n--b--";
        EXPECT_EQ(ErrorOf(ParseMultipart(body, "b", kLimits)), kMultipartNoName) << disposition;
    }
}

TEST(ParseMultipart, EnforcesThePartLimit) {
    std::string body;
    for (int i = 0; i < 3; ++i) body += "--b\r\nContent-Disposition: form-data; name=f" + std::to_string(i) + "\r\n\r\nv\r\n";
    body += "--b--";
    MultipartLimits limits;
    limits.max_parts = 3;
    EXPECT_EQ(ErrorOf(ParseMultipart(body, "b", limits)), "ok");
    limits.max_parts = 2;
    EXPECT_EQ(ErrorOf(ParseMultipart(body, "b", limits)), kMultipartTooManyParts);
    limits.max_parts = 0;
    EXPECT_EQ(ErrorOf(ParseMultipart(body, "b", limits)), kMultipartTooManyParts);
}

TEST(ParseMultipart, EnforcesTheHeaderLimit) {
    const std::string line = "Content-Disposition: form-data; name=a\r\n";  // 40 bytes with its CRLF
    const std::string body = "--b\r\n" + line + "\r\nvalue\r\n--b--";
    MultipartLimits limits;
    limits.max_part_header_bytes = line.size();
    EXPECT_EQ(ErrorOf(ParseMultipart(body, "b", limits)), "ok");
    limits.max_part_header_bytes = line.size() - 1;
    EXPECT_EQ(ErrorOf(ParseMultipart(body, "b", limits)), kMultipartHeaderTooLarge);
    // A header block that never ends is too large once it passes the limit, not read to the end.
    const std::string endless = "--b\r\nX-Pad: " + std::string(100'000, 'a');
    EXPECT_EQ(ErrorOf(ParseMultipart(endless, "b", kLimits)), kMultipartHeaderTooLarge);
    limits.max_part_header_bytes = static_cast<std::size_t>(-1);
    EXPECT_EQ(ErrorOf(ParseMultipart(body, "b", limits)), "ok");
}

TEST(ParseMultipart, RefusesABadBoundaryArgument) {
    EXPECT_EQ(ErrorOf(ParseMultipart("--\r\n", "", kLimits)), kMultipartBadBoundary);
    EXPECT_EQ(ErrorOf(ParseMultipart("x", std::string(71, 'a'), kLimits)), kMultipartBadBoundary);
}

TEST(ParseMultipart, SurvivesEveryTruncationAndByteFlip) {
    // A cheap stand-in for the fuzzer: every prefix and every single-byte change of a valid body
    // either parses or fails cleanly (run under ASan/UBSan in CI to catch out-of-bounds reads).
    const std::string body = "pre\r\n--b \r\n"
                             "Content-Disposition: form-data; name=\"a\\\"\"; filename*=UTF-8''%C3%A9\r\n"
                             "Content-Type: x/y\r\n"
                             "\r\n"
                             "1\r\n--b\r\n"
                             "Content-Disposition: form-data; name=c\r\n"
                             "\r\n"
                             "\r\n--b--\r\nepilogue";
    ASSERT_TRUE(ParseMultipart(body, "b", kLimits));
    for (std::size_t n = 0; n <= body.size(); ++n) {
        const std::string prefix = body.substr(0, n);
        auto r = ParseMultipart(prefix, "b", kLimits);
        if (!r) continue;
        for (const auto& p : *r) EXPECT_FALSE(p.name.empty());
    }
    for (std::size_t i = 0; i < body.size(); ++i) {
        for (char c : {'\0', '\r', '\n', '-', '"', '\\', '%', ';', 'b', '\xff'}) {
            std::string copy = body;
            copy[i] = c;
            auto r = ParseMultipart(copy, "b", kLimits);
            if (!r) continue;
            for (const auto& p : *r) {
                EXPECT_GE(p.data.data(), copy.data());
                EXPECT_LE(p.data.data() + p.data.size(), copy.data() + copy.size());
            }
        }
    }
}

}  // namespace
}  // namespace mocua::http
