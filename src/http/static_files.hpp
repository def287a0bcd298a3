#pragma once
// Built assets (CSS, JS, fonts, images) served from memory. The folder is read once at start-up, so a
// request never touches the file system: no path, however encoded, can reach outside the folder.
// Files whose name carries a content hash ("app.3f9a1c2b.css") are cached for a year; others are
// revalidated with their ETag.
//
// Compression: text files (CSS, JS, SVG, JSON, maps, plain text, HTML) are gzip-compressed once, at
// load, when that saves at least 10 %. A request whose Accept-Encoding allows gzip gets that copy with
// Content-Encoding: gzip and its own ETag; every compressible file answers with Vary: Accept-Encoding
// so that caches keep the two copies apart. Fonts and images are already compressed and are served as
// they are.
//
// Thread-safety: immutable after Load; Serve and Find may be called concurrently.
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "http/message.hpp"

namespace mocua::http {

class Router;

class StaticFiles {
public:
    // Reads every regular file below `dir` (symbolic links are skipped). A missing folder gives an
    // empty set and a warning, not an error: the API still works without assets.
    static core::Result<StaticFiles> Load(const std::string& dir);

    // Answers a GET for `relative_path` ("css/app.css"), honouring If-None-Match.
    Response Serve(const Request& request, const std::string& relative_path) const;

    // The uncompressed bytes of a loaded file ("manifest.json"); nullopt when there is none. The view
    // stays valid as long as this object.
    std::optional<std::string_view> Find(std::string_view relative_path) const;

    std::size_t size() const { return files_.size(); }

private:
    struct File {
        std::string content;
        std::string content_type;
        std::string etag;
        std::string gzip;  // empty: not compressible, or compression saved too little
        std::string gzip_etag;
        bool compressible = false;
        bool immutable = false;
    };
    std::map<std::string, File, std::less<>> files_;
};

// True when an Accept-Encoding header value allows gzip: "gzip" or "*" listed without q=0.
bool AcceptsGzip(std::string_view accept_encoding);

// gzip (RFC 1952) of `data` at the highest compression level. Throws std::runtime_error if zlib fails.
std::string Gzip(std::string_view data);

// GET /static/{path*}
void RegisterStaticRoutes(Router& router, const StaticFiles& files);

}  // namespace mocua::http
