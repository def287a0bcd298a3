#pragma once
// The kinds of file a citizen may upload to a dossier, and the port that recognises them from their
// bytes. A file's kind is never taken from its name or from the Content-Type the browser sent: both are
// the client's word. The adapter is adapters/files/file_inspector.hpp.
#include <optional>
#include <string_view>

namespace mocua::domain::dossier {

enum class FileKind { kPdf, kJpeg, kPng, kDoc, kDocx, kXlsx, kOdt };

// Stable lower-case name: "pdf", "jpeg", "png", "doc", "docx", "xlsx", "odt" (config, JSON, logs).
std::string_view FileKindName(FileKind kind);

// The inverse of FileKindName (exact, lower case); nullopt for anything else.
std::optional<FileKind> FileKindFromName(std::string_view name);

// The IANA media type, for Content-Type when the file is served back ("application/pdf", …).
std::string_view MediaType(FileKind kind);

// The usual file-name extension, without the dot ("pdf", "jpg", "png", "doc", "docx", "xlsx", "odt").
std::string_view Extension(FileKind kind);

// True for word-processing and spreadsheet documents (doc, docx, xlsx, odt), which staff open in an
// office suite rather than view in the browser.
bool IsOfficeKind(FileKind kind);

// Recognises a file from its content. Implementations are immutable and may be called concurrently.
class FileInspector {
public:
    virtual ~FileInspector() = default;
    // The kind of `bytes` (the whole file), or nullopt when it is none of the accepted kinds, is
    // damaged, or is empty. Never throws on any input.
    virtual std::optional<FileKind> Detect(std::string_view bytes) const = 0;
};

}  // namespace mocua::domain::dossier
