#include "http/static_files.hpp"

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

#include <spdlog/spdlog.h>
#include <zlib.h>

#include "core/strings.hpp"
#include "http/router.hpp"
#include "log/log.hpp"

namespace mocua::http {

namespace fs = std::filesystem;

namespace {

std::string ContentType(const fs::path& p) {
    static const std::map<std::string, std::string> kTypes = {{".css", "text/css; charset=utf-8"},
                                                              {".js", "text/javascript; charset=utf-8"},
                                                              {".mjs", "text/javascript; charset=utf-8"},
                                                              {".json", "application/json"},
                                                              {".map", "application/json"},
                                                              {".svg", "image/svg+xml"},
                                                              {".png", "image/png"},
                                                              {".jpg", "image/jpeg"},
                                                              {".jpeg", "image/jpeg"},
                                                              {".gif", "image/gif"},
                                                              {".ico", "image/x-icon"},
                                                              {".webp", "image/webp"},
                                                              {".woff", "font/woff"},
                                                              {".woff2", "font/woff2"},
                                                              {".ttf", "font/ttf"},
                                                              {".txt", "text/plain; charset=utf-8"},
                                                              {".html", "text/html; charset=utf-8"},
                                                              {".pdf", "application/pdf"},
                                                              {".webmanifest", "application/manifest+json"}};
    auto it = kTypes.find(p.extension().string());
    return it == kTypes.end() ? "application/octet-stream" : it->second;
}

// FNV-1a, 64 bits: enough to tell versions of one file apart (not a security property).
std::string Fingerprint(const std::string& data) {
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : data) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    char buf[24];
    std::snprintf(buf, sizeof buf, "\"%016llx\"", static_cast<unsigned long long>(h));
    return buf;
}

bool IsCompressible(const std::string& content_type) {
    return content_type.starts_with("text/") || content_type.starts_with("application/json") ||
           content_type.starts_with("image/svg+xml") || content_type.starts_with("application/manifest+json");
}

}  // namespace

bool AcceptsGzip(std::string_view accept_encoding) {
    bool gzip = false;
    bool gzip_listed = false;
    bool star = false;
    while (!accept_encoding.empty()) {
        const std::size_t comma = accept_encoding.find(',');
        std::string_view item = core::TrimBlanks(accept_encoding.substr(0, comma));
        accept_encoding =
            comma == std::string_view::npos ? std::string_view{} : accept_encoding.substr(comma + 1);
        double q = 1.0;
        if (const std::size_t semi = item.find(';'); semi != std::string_view::npos) {
            std::string_view param = core::TrimBlanks(item.substr(semi + 1));
            item = core::TrimBlanks(item.substr(0, semi));
            if (param.size() > 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
                q = std::atof(std::string(param.substr(2)).c_str());
            }
        }
        const std::string coding = core::AsciiLower(item);
        if (coding == "gzip" || coding == "x-gzip") {
            gzip_listed = true;
            gzip = q > 0.0;
        } else if (coding == "*") {
            star = q > 0.0;
        }
    }
    return gzip_listed ? gzip : star;
}

std::string Gzip(std::string_view data) {
    z_stream zs{};
    // windowBits 15 + 16: a gzip header and trailer instead of zlib's.
    if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw std::runtime_error("zlib deflateInit2 failed");
    }
    std::string out(deflateBound(&zs, static_cast<uLong>(data.size())), '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) throw std::runtime_error("zlib deflate failed");
    out.resize(zs.total_out);
    return out;
}

std::optional<std::string_view> StaticFiles::Find(std::string_view relative_path) const {
    auto it = files_.find(relative_path);
    if (it == files_.end()) return std::nullopt;
    return std::string_view(it->second.content);
}

core::Result<StaticFiles> StaticFiles::Load(const std::string& dir) {
    StaticFiles out;
    std::error_code ec;
    if (dir.empty() || !fs::is_directory(dir, ec)) {
        log::Get("http")->warn("static folder `{}` not found; /static/ will answer 404", dir);
        return out;
    }
    static const std::regex kHashed(R"(.*\.[0-9a-zA-Z_-]{8,}\.[a-z0-9]+$)");
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        if (!it->is_regular_file() || it->is_symlink()) continue;
        std::ifstream in(it->path(), std::ios::binary);
        if (!in) return core::Error::Unavailable("cannot read static file " + it->path().string());
        std::ostringstream data;
        data << in.rdbuf();
        File f;
        f.content = data.str();
        f.content_type = ContentType(it->path());
        f.etag = Fingerprint(f.content);
        const std::string rel = fs::relative(it->path(), dir).generic_string();
        f.immutable = std::regex_match(rel, kHashed);
        f.compressible = IsCompressible(f.content_type);
        if (f.compressible) {
            std::string packed = Gzip(f.content);
            if (packed.size() * 10 <= f.content.size() * 9) {
                f.gzip = std::move(packed);
                f.gzip_etag = f.etag.substr(0, f.etag.size() - 1) + "-gz\"";
            }
        }
        out.files_.emplace(rel, std::move(f));
    }
    if (ec) return core::Error::Unavailable("cannot list static folder " + dir + ": " + ec.message());
    return out;
}

Response StaticFiles::Serve(const Request& request, const std::string& relative_path) const {
    auto it = files_.find(relative_path);
    if (it == files_.end()) return Response::Empty(404);
    const File& f = it->second;
    const auto accept = request.Header("Accept-Encoding");
    const bool gzip = !f.gzip.empty() && accept && AcceptsGzip(*accept);
    const std::string& etag = gzip ? f.gzip_etag : f.etag;
    Response r;
    if (auto inm = request.Header("If-None-Match"); inm && *inm == etag) {
        r.status = 304;
    } else {
        r.body = gzip ? f.gzip : f.content;
        r.headers.emplace_back("Content-Type", f.content_type);
        if (gzip) r.headers.emplace_back("Content-Encoding", "gzip");
    }
    if (f.compressible) r.headers.emplace_back("Vary", "Accept-Encoding");
    r.headers.emplace_back("ETag", etag);
    r.headers.emplace_back("Cache-Control",
                           f.immutable ? "public, max-age=31536000, immutable" : "public, no-cache");
    return r;
}

void RegisterStaticRoutes(Router& router, const StaticFiles& files) {
    router.Get("/static/{path*}", Access::Public(),
               [&files](Request& req) { return files.Serve(req, req.Param("path")); }, {.blocking = false});
}

}  // namespace mocua::http
