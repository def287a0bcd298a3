#include "http/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <spdlog/spdlog.h>

#include "http/router.hpp"
#include "log/log.hpp"

namespace mocua::http {

namespace fs = std::filesystem;

namespace {

std::string ContentType(const fs::path& p) {
    static const std::map<std::string, std::string> kTypes = {
        {".css", "text/css; charset=utf-8"},   {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"}, {".json", "application/json"},
        {".map", "application/json"},          {".svg", "image/svg+xml"},
        {".png", "image/png"},                 {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},               {".gif", "image/gif"},
        {".ico", "image/x-icon"},              {".webp", "image/webp"},
        {".woff", "font/woff"},                {".woff2", "font/woff2"},
        {".ttf", "font/ttf"},                  {".txt", "text/plain; charset=utf-8"},
        {".html", "text/html; charset=utf-8"}, {".pdf", "application/pdf"},
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

}  // namespace

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
        out.files_.emplace(rel, std::move(f));
    }
    if (ec) return core::Error::Unavailable("cannot list static folder " + dir + ": " + ec.message());
    return out;
}

Response StaticFiles::Serve(const Request& request, const std::string& relative_path) const {
    auto it = files_.find(relative_path);
    if (it == files_.end()) return Response::Empty(404);
    const File& f = it->second;
    Response r;
    if (auto inm = request.Header("If-None-Match"); inm && *inm == f.etag) {
        r.status = 304;
    } else {
        r.body = f.content;
        r.headers.emplace_back("Content-Type", f.content_type);
    }
    r.headers.emplace_back("ETag", f.etag);
    r.headers.emplace_back("Cache-Control", f.immutable ? "public, max-age=31536000, immutable" : "public, no-cache");
    return r;
}

void RegisterStaticRoutes(Router& router, const StaticFiles& files) {
    router.Get("/static/{path*}", [&files](Request& req) { return files.Serve(req, req.Param("path")); },
               {.blocking = false});
}

}  // namespace mocua::http
