#pragma once
// Built assets (CSS, JS, fonts, images) served from memory. The folder is read once at start-up, so a
// request never touches the file system: no path, however encoded, can reach outside the folder.
// Files whose name carries a content hash ("app.3f9a1c2b.css") are cached for a year; others are
// revalidated with their ETag.
#include <map>
#include <string>

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

    std::size_t size() const { return files_.size(); }

private:
    struct File {
        std::string content;
        std::string content_type;
        std::string etag;
        bool immutable = false;
    };
    std::map<std::string, File, std::less<>> files_;
};

// GET /static/{path*}
void RegisterStaticRoutes(Router& router, const StaticFiles& files);

}  // namespace mocua::http
