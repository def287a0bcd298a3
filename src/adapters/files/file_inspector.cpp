#include "adapters/files/file_inspector.hpp"

#include <zip.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>

namespace mocua::adapters::files {
namespace {

using domain::dossier::FileKind;

constexpr std::string_view kPngSignature{"\x89PNG\r\n\x1a\n", 8};
constexpr std::string_view kOle2Signature{"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8};
constexpr std::string_view kZipLocalHeader{"PK\x03\x04", 4};
constexpr std::string_view kOdtMimetype = "application/vnd.oasis.opendocument.text";
constexpr std::size_t kPdfEofWindow = 1024;
constexpr std::size_t kOle2HeaderBytes = 512;

bool IsPdf(std::string_view b) {
    if (!b.starts_with("%PDF-")) return false;
    const std::size_t tail = b.size() > kPdfEofWindow ? b.size() - kPdfEofWindow : 0;
    return b.substr(tail).find("%%EOF") != std::string_view::npos;
}

std::uint32_t BigEndian32(std::string_view b, std::size_t at) {
    return (std::uint32_t{static_cast<unsigned char>(b[at])} << 24) |
           (std::uint32_t{static_cast<unsigned char>(b[at + 1])} << 16) |
           (std::uint32_t{static_cast<unsigned char>(b[at + 2])} << 8) |
           std::uint32_t{static_cast<unsigned char>(b[at + 3])};
}

// CRC-32 as PNG (and ZIP) define it: reflected polynomial 0xEDB88320.
std::uint32_t Crc32(std::string_view data) {
    std::uint32_t crc = 0xffffffffu;
    for (unsigned char c : data) {
        crc ^= c;
        for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
    return crc ^ 0xffffffffu;
}

bool IsPng(std::string_view b) {
    // signature (8) + length (4) + "IHDR" (4) + 13 data bytes + CRC (4)
    if (b.size() < 33 || !b.starts_with(kPngSignature)) return false;
    if (BigEndian32(b, 8) != 13 || b.substr(12, 4) != "IHDR") return false;
    if (BigEndian32(b, 16) == 0 || BigEndian32(b, 20) == 0) return false;  // width, height
    return Crc32(b.substr(12, 17)) == BigEndian32(b, 29);
}

struct ZipDiscard {
    void operator()(zip_t* z) const { zip_discard(z); }
};

bool HasEntry(zip_t* z, const char* name) { return zip_name_locate(z, name, 0) >= 0; }

// True when the first entry is "mimetype" and holds exactly the ODT media type.
bool HasOdtMimetype(zip_t* z) {
    const char* first = zip_get_name(z, 0, 0);
    if (first == nullptr || std::string_view(first) != "mimetype") return false;
    zip_file_t* f = zip_fopen_index(z, 0, 0);
    if (f == nullptr) return false;
    std::array<char, kOdtMimetype.size() + 1> buf{};  // one more byte to see a longer entry
    std::size_t got = 0;
    while (got < buf.size()) {
        const zip_int64_t n = zip_fread(f, buf.data() + got, buf.size() - got);
        if (n <= 0) break;
        got += static_cast<std::size_t>(n);
    }
    zip_fclose(f);
    return std::string_view(buf.data(), got) == kOdtMimetype;
}

std::optional<FileKind> DetectZip(std::string_view b) {
    zip_error_t error;
    zip_error_init(&error);
    // The buffer is only read (ZIP_RDONLY); libzip does not take ownership of it (freep = 0).
    zip_source_t* source = zip_source_buffer_create(b.data(), b.size(), 0, &error);
    if (source == nullptr) {
        zip_error_fini(&error);
        return std::nullopt;
    }
    std::unique_ptr<zip_t, ZipDiscard> z(zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error));
    zip_error_fini(&error);
    if (!z) {
        zip_source_free(source);  // on failure the source is still ours
        return std::nullopt;
    }
    if (HasOdtMimetype(z.get())) return FileKind::kOdt;
    if (!HasEntry(z.get(), "[Content_Types].xml")) return std::nullopt;
    const bool word = HasEntry(z.get(), "word/document.xml");
    const bool sheet = HasEntry(z.get(), "xl/workbook.xml");
    if (word == sheet) return std::nullopt;  // neither, or a chimera we will not guess about
    return word ? FileKind::kDocx : FileKind::kXlsx;
}

}  // namespace

std::optional<FileKind> ZipAwareFileInspector::Detect(std::string_view bytes) const {
    if (IsPdf(bytes)) return FileKind::kPdf;
    if (bytes.starts_with("\xff\xd8\xff")) return FileKind::kJpeg;
    if (IsPng(bytes)) return FileKind::kPng;
    // A compound file (CFB) may as well be a legacy .xls or .ppt; we accept it as a legacy Office
    // document and call it "doc", which is what citizens upload in practice.
    if (bytes.starts_with(kOle2Signature) && bytes.size() >= kOle2HeaderBytes) return FileKind::kDoc;
    if (bytes.starts_with(kZipLocalHeader)) return DetectZip(bytes);
    return std::nullopt;
}

}  // namespace mocua::adapters::files
