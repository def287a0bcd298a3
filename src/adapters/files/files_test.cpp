// The accepted file kinds (domain/dossier/files.hpp) and their recognition from bytes
// (adapters/files/file_inspector.hpp), with files made here: PNG with zlib, office archives with libzip.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <zip.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "adapters/files/file_inspector.hpp"
#include "domain/dossier/files.hpp"

namespace mocua::adapters::files {
namespace {

namespace fs = std::filesystem;
using domain::dossier::FileKind;
using namespace std::string_literals;

std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// ---- builders --------------------------------------------------------------------------------------

void PutBigEndian32(std::string& out, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

void PutChunk(std::string& out, std::string_view type, std::string_view data) {
    PutBigEndian32(out, static_cast<std::uint32_t>(data.size()));
    const std::string body = std::string(type) + std::string(data);
    out += body;
    PutBigEndian32(out, static_cast<std::uint32_t>(
                            ::crc32(0, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()))));
}

// A real 1×1 8-bit grey PNG (zlib computes the CRCs and the IDAT stream).
std::string TinyPng() {
    std::string png = "\x89PNG\r\n\x1a\n"s;
    std::string ihdr;
    PutBigEndian32(ihdr, 1);                  // width
    PutBigEndian32(ihdr, 1);                  // height
    ihdr += std::string("\x08\x00\x00\x00\x00", 5);  // depth 8, grey, deflate, filter 0, no interlace
    PutChunk(png, "IHDR", ihdr);
    const std::string raw("\x00\x7f", 2);  // filter byte, one pixel
    uLongf size = compressBound(raw.size());
    std::string idat(size, '\0');
    EXPECT_EQ(::compress(reinterpret_cast<Bytef*>(idat.data()), &size, reinterpret_cast<const Bytef*>(raw.data()),
                         raw.size()),
              Z_OK);
    idat.resize(size);
    PutChunk(png, "IDAT", idat);
    PutChunk(png, "IEND", "");
    return png;
}

// The head of a JFIF file (SOI, APP0 "JFIF") and EOI: what cameras and scanners write first.
std::string TinyJpeg() {
    return "\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"s;
}

class TempDir {
public:
    TempDir() {
        char tmpl[] = "/tmp/mocua-files-test.XXXXXX";
        path_ = ::mkdtemp(tmpl);
    }
    ~TempDir() { fs::remove_all(path_); }
    std::string operator/(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

// A ZIP archive with `entries` in order (name, content); the first entry is stored, the rest deflated,
// as ODF asks for "mimetype".
std::string Zip(const std::vector<std::pair<std::string, std::string>>& entries) {
    TempDir dir;
    const std::string path = dir / "a.zip";
    int error = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    EXPECT_NE(z, nullptr);
    if (z == nullptr) return {};
    bool first = true;
    for (const auto& [name, content] : entries) {
        zip_source_t* src = zip_source_buffer(z, content.data(), content.size(), 0);
        const zip_int64_t index = zip_file_add(z, name.c_str(), src, ZIP_FL_ENC_UTF_8);
        EXPECT_GE(index, 0) << name;
        if (first) zip_set_file_compression(z, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
        first = false;
    }
    EXPECT_EQ(zip_close(z), 0);  // the buffers above are read here, so `entries` must still be alive
    return ReadFile(path);
}

const std::string kContentTypes =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>";

std::string TinyDocx() {
    return Zip({{"[Content_Types].xml", kContentTypes},
                {"_rels/.rels", "<Relationships/>"},
                {"word/document.xml", "<w:document/>"}});
}

std::string TinyXlsx() {
    return Zip({{"[Content_Types].xml", kContentTypes},
                {"_rels/.rels", "<Relationships/>"},
                {"xl/workbook.xml", "<workbook/>"},
                {"xl/worksheets/sheet1.xml", "<worksheet/>"}});
}

std::string TinyOdt(std::string mimetype = "application/vnd.oasis.opendocument.text") {
    return Zip({{"mimetype", std::move(mimetype)},
                {"content.xml", "<office:document-content/>"},
                {"META-INF/manifest.xml", "<manifest:manifest/>"}});
}

// An OLE2 compound file header (512 bytes) as Word 97–2003 writes it, without the sectors after it.
std::string Ole2Header() {
    std::string h = "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"s;
    h.resize(512, '\0');
    h[0x18] = 0x3e;  // minor version
    h[0x1a] = 0x03;  // major version 3
    h[0x1c] = '\xfe';
    h[0x1d] = '\xff';  // byte order
    h[0x1e] = 0x09;    // sector shift: 512-byte sectors
    return h;
}

const ZipAwareFileInspector kInspector;

// ---- kinds -----------------------------------------------------------------------------------------

TEST(FileKinds, NamesMediaTypesAndExtensions) {
    struct Row {
        FileKind kind;
        std::string_view name, media, ext;
        bool office;
    };
    for (const Row& row : {
             Row{FileKind::kPdf, "pdf", "application/pdf", "pdf", false},
             Row{FileKind::kJpeg, "jpeg", "image/jpeg", "jpg", false},
             Row{FileKind::kPng, "png", "image/png", "png", false},
             Row{FileKind::kDoc, "doc", "application/msword", "doc", true},
             Row{FileKind::kDocx, "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 "docx", true},
             Row{FileKind::kXlsx, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx",
                 true},
             Row{FileKind::kOdt, "odt", "application/vnd.oasis.opendocument.text", "odt", true},
         }) {
        EXPECT_EQ(domain::dossier::FileKindName(row.kind), row.name);
        EXPECT_EQ(domain::dossier::MediaType(row.kind), row.media);
        EXPECT_EQ(domain::dossier::Extension(row.kind), row.ext);
        EXPECT_EQ(domain::dossier::IsOfficeKind(row.kind), row.office) << row.name;
        EXPECT_EQ(domain::dossier::FileKindFromName(row.name), row.kind);
    }
    EXPECT_FALSE(domain::dossier::FileKindFromName("PDF"));
    EXPECT_FALSE(domain::dossier::FileKindFromName("exe"));
    EXPECT_FALSE(domain::dossier::FileKindFromName(""));
}

// ---- recognition -----------------------------------------------------------------------------------

TEST(FileInspector, RecognisesARealPdf) {
    const std::string pdf = ReadFile(std::string(MOCUA_SOURCE_DIR) + "/tests/data/catalogue/forms/to-khai-dang-ky-khai-sinh.pdf");
    ASSERT_FALSE(pdf.empty());
    EXPECT_EQ(kInspector.Detect(pdf), FileKind::kPdf);
    // "%%EOF" followed by a few bytes of trailing garbage, as some scanners write, is still a PDF.
    EXPECT_EQ(kInspector.Detect(pdf + "\r\n\0\0"s), FileKind::kPdf);
}

TEST(FileInspector, RefusesPdfLookalikes) {
    EXPECT_EQ(kInspector.Detect("%PDF-1.7\n1 0 obj\n"), std::nullopt);  // truncated: no %%EOF
    EXPECT_EQ(kInspector.Detect("%PDF-1.7\n%%EOF\n" + std::string(2000, ' ')), std::nullopt);  // EOF far from end
    EXPECT_EQ(kInspector.Detect(" %PDF-1.7\n%%EOF\n"), std::nullopt);  // not at offset 0
}

TEST(FileInspector, RecognisesImages) {
    EXPECT_EQ(kInspector.Detect(TinyJpeg()), FileKind::kJpeg);
    EXPECT_EQ(kInspector.Detect(TinyPng()), FileKind::kPng);
}

TEST(FileInspector, RefusesDamagedPngs) {
    const std::string png = TinyPng();
    EXPECT_EQ(kInspector.Detect(png.substr(0, 8)), std::nullopt);   // signature only
    EXPECT_EQ(kInspector.Detect(png.substr(0, 32)), std::nullopt);  // IHDR cut before its CRC
    std::string bad_crc = png;
    bad_crc[29] = static_cast<char>(bad_crc[29] ^ 1);
    EXPECT_EQ(kInspector.Detect(bad_crc), std::nullopt);
    std::string not_ihdr = png;
    not_ihdr[12] = 'X';
    EXPECT_EQ(kInspector.Detect(not_ihdr), std::nullopt);
    EXPECT_EQ(kInspector.Detect("\xff\xd8"s), std::nullopt);  // JPEG cut after SOI
}

TEST(FileInspector, RecognisesLegacyOfficeCompoundFiles) {
    EXPECT_EQ(kInspector.Detect(Ole2Header() + std::string(1024, '\0')), FileKind::kDoc);
    EXPECT_EQ(kInspector.Detect(Ole2Header().substr(0, 8)), std::nullopt);  // signature without a header
}

TEST(FileInspector, RecognisesOfficeArchives) {
    EXPECT_EQ(kInspector.Detect(TinyDocx()), FileKind::kDocx);
    EXPECT_EQ(kInspector.Detect(TinyXlsx()), FileKind::kXlsx);
    EXPECT_EQ(kInspector.Detect(TinyOdt()), FileKind::kOdt);
}

TEST(FileInspector, RefusesOtherArchives) {
    // A ZIP of something else, and ZIPs missing one of the parts.
    EXPECT_EQ(kInspector.Detect(Zip({{"readme.txt", "hello"}, {"payload.exe", "MZ"}})), std::nullopt);
    EXPECT_EQ(kInspector.Detect(Zip({{"[Content_Types].xml", kContentTypes}})), std::nullopt);
    EXPECT_EQ(kInspector.Detect(Zip({{"word/document.xml", "<w:document/>"}})), std::nullopt);
    EXPECT_EQ(kInspector.Detect(Zip({{"xl/workbook.xml", "<workbook/>"}})), std::nullopt);
    // Both a document and a workbook: we do not guess.
    EXPECT_EQ(kInspector.Detect(Zip({{"[Content_Types].xml", kContentTypes},
                                     {"word/document.xml", "<w:document/>"},
                                     {"xl/workbook.xml", "<workbook/>"}})),
              std::nullopt);
    // Entry names are case-sensitive in OOXML.
    EXPECT_EQ(kInspector.Detect(Zip({{"[content_types].xml", kContentTypes}, {"Word/Document.xml", "<w/>"}})),
              std::nullopt);
}

TEST(FileInspector, ChecksTheOdtMimetypeExactly) {
    EXPECT_EQ(kInspector.Detect(TinyOdt("application/vnd.oasis.opendocument.spreadsheet")), std::nullopt);
    EXPECT_EQ(kInspector.Detect(TinyOdt("application/vnd.oasis.opendocument.text\n")), std::nullopt);
    EXPECT_EQ(kInspector.Detect(TinyOdt("application/vnd.oasis.opendocument.tex")), std::nullopt);
    EXPECT_EQ(kInspector.Detect(TinyOdt("")), std::nullopt);
    // "mimetype" must be the first entry.
    EXPECT_EQ(kInspector.Detect(Zip({{"content.xml", "<office:document-content/>"},
                                     {"mimetype", "application/vnd.oasis.opendocument.text"}})),
              std::nullopt);
}

TEST(FileInspector, RefusesDamagedArchives) {
    const std::string docx = TinyDocx();
    for (std::size_t n : {std::size_t{4}, std::size_t{30}, docx.size() / 2, docx.size() - 1})
        EXPECT_EQ(kInspector.Detect(docx.substr(0, n)), std::nullopt) << n;
    EXPECT_EQ(kInspector.Detect("PK\x03\x04"s), std::nullopt);
}

TEST(FileInspector, RefusesEverythingElse) {
    for (const std::string& bytes : {
             ""s,
             "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"s,  // "scan.pdf" in name only
             "MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"s,                     // a Windows executable
             "\x7f" "ELF\x02\x01\x01"s,
             "GIF89a\x01\x00\x01\x00"s,
             "PK\x05\x06"s + std::string(18, '\0'),  // an empty ZIP
             "Họ và tên,Ngày sinh\n"s,
         }) {
        EXPECT_EQ(kInspector.Detect(bytes), std::nullopt) << bytes;
    }
}

}  // namespace
}  // namespace mocua::adapters::files
