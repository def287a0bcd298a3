// PLACEHOLDER until the uploads branch lands; the uploads branch owns this file.
#include "domain/dossier/files.hpp"

namespace mocua::domain::dossier {

std::string_view FileKindName(FileKind kind) {
    switch (kind) {
        case FileKind::kPdf: return "pdf";
        case FileKind::kJpeg: return "jpeg";
        case FileKind::kPng: return "png";
        case FileKind::kDoc: return "doc";
        case FileKind::kDocx: return "docx";
        case FileKind::kXlsx: return "xlsx";
        case FileKind::kOdt: return "odt";
    }
    return "";
}
std::string_view MediaType(FileKind kind) {
    switch (kind) {
        case FileKind::kPdf: return "application/pdf";
        case FileKind::kJpeg: return "image/jpeg";
        case FileKind::kPng: return "image/png";
        case FileKind::kDoc: return "application/msword";
        case FileKind::kDocx: return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        case FileKind::kXlsx: return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        case FileKind::kOdt: return "application/vnd.oasis.opendocument.text";
    }
    return "";
}
std::string_view Extension(FileKind kind) { return FileKindName(kind); }
bool IsOfficeKind(FileKind kind) {
    return kind == FileKind::kDoc || kind == FileKind::kDocx || kind == FileKind::kXlsx || kind == FileKind::kOdt;
}

}  // namespace mocua::domain::dossier
