#pragma once
// Upload file types, read from the bytes (never from a name). PLACEHOLDER until the uploads branch
// lands; the uploads branch owns this file.
#include <optional>
#include <string_view>

namespace mocua::domain::dossier {

enum class FileKind { kPdf, kJpeg, kPng, kDoc, kDocx, kXlsx, kOdt };
std::string_view FileKindName(FileKind kind);
std::string_view MediaType(FileKind kind);
std::string_view Extension(FileKind kind);
bool IsOfficeKind(FileKind kind);

class FileInspector {
public:
    virtual ~FileInspector() = default;
    virtual std::optional<FileKind> Detect(std::string_view bytes) const = 0;
};

}  // namespace mocua::domain::dossier
