#include "domain/dossier/files.hpp"

#include <array>

namespace mocua::domain::dossier {
namespace {

struct KindInfo {
    FileKind kind;
    std::string_view name;
    std::string_view media_type;
    std::string_view extension;
    bool office;
};

constexpr std::array<KindInfo, 7> kKinds{{
    {FileKind::kPdf, "pdf", "application/pdf", "pdf", false},
    {FileKind::kJpeg, "jpeg", "image/jpeg", "jpg", false},
    {FileKind::kPng, "png", "image/png", "png", false},
    {FileKind::kDoc, "doc", "application/msword", "doc", true},
    {FileKind::kDocx, "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx",
     true},
    {FileKind::kXlsx, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", true},
    {FileKind::kOdt, "odt", "application/vnd.oasis.opendocument.text", "odt", true},
}};

const KindInfo& Info(FileKind kind) {
    for (const auto& info : kKinds)
        if (info.kind == kind) return info;
    return kKinds[0];  // unreachable for a valid enumerator
}

}  // namespace

std::string_view FileKindName(FileKind kind) { return Info(kind).name; }

std::optional<FileKind> FileKindFromName(std::string_view name) {
    for (const auto& info : kKinds)
        if (info.name == name) return info.kind;
    return std::nullopt;
}

std::string_view MediaType(FileKind kind) { return Info(kind).media_type; }

std::string_view Extension(FileKind kind) { return Info(kind).extension; }

bool IsOfficeKind(FileKind kind) { return Info(kind).office; }

}  // namespace mocua::domain::dossier
