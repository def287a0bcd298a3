#pragma once
// Text files compiled into the binary by cmake/embed_files.cmake: the templates under templates/ and
// the message catalogues under locales/. The product stays one file; an edit to a template takes a
// rebuild (docs/adr/0010-web-shell.md says why).
#include <string_view>
#include <vector>

namespace mocua::web {

struct EmbeddedFile {
    std::string_view path;  // relative to the repository: "templates/home/index.mustache"
    std::string_view text;  // the file's bytes (UTF-8)
};

// Every embedded file, sorted by path. The storage is static and lives for the whole process.
const std::vector<EmbeddedFile>& EmbeddedWebFiles();

}  // namespace mocua::web
