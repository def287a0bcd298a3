#pragma once
// Recognises uploaded files from their bytes (domain/dossier/files.hpp), by signature and, for the
// ZIP-based office formats, by the archive's entries (libzip, opened from memory).
//
//   PDF   "%PDF-" at offset 0 and "%%EOF" within the last 1024 bytes (where readers look for it)
//   JPEG  FF D8 FF (SOI followed by the first marker)
//   PNG   the 8-byte signature, then an IHDR chunk: length 13, non-zero width and height, good CRC
//   DOC   an OLE2 compound file (D0 CF 11 E0 A1 B1 1A E1) with its 512-byte header
//   DOCX  a ZIP with [Content_Types].xml and word/document.xml
//   XLSX  a ZIP with [Content_Types].xml and xl/workbook.xml
//   ODT   a ZIP whose first entry is "mimetype" holding exactly application/vnd.oasis.opendocument.text
//
// This says what a file claims to be, cheaply; it does not prove that the whole file is valid or safe
// (virus scanning is domain/scan). Only the archive's directory and the small "mimetype" entry are
// read, so a ZIP bomb costs nothing here.
//
// Thread-safety: stateless; Detect may be called concurrently.
#include <optional>
#include <string_view>

#include "domain/dossier/files.hpp"

namespace mocua::adapters::files {

class ZipAwareFileInspector final : public domain::dossier::FileInspector {
public:
    std::optional<domain::dossier::FileKind> Detect(std::string_view bytes) const override;
};

}  // namespace mocua::adapters::files
