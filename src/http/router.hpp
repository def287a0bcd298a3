#pragma once
// Route table with typed path parameters. Built once at start-up by the Register*Routes functions
// listed in app/routes.cpp, then only read: Match is thread-safe after the last Add.
//
// Patterns are literal segments and parameters:
//   /api/v1/lookup/{code}      any one non-empty segment
//   /dossiers/{id:int}         digits only (else the route does not match: 404)
//   /static/{path*}            the rest of the path, one or more segments
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"

namespace mocua::http {

using Handler = std::function<Response(Request&)>;

// Who may call a route. Every route declares it where it is registered (there is no default, so a
// route cannot be added without one); the pipeline checks it before the handler runs: no principal
// → 401, a principal without one of the roles → 403. Unit scope ("an officer of Phường 1 cannot act
// on Phường 2") is the service's check, with the principal the pipeline attaches to the request.
struct Access {
    enum class Kind { kPublic, kSignedIn, kAnyRole };
    Kind kind = Kind::kPublic;
    std::vector<std::string> roles;  // kAnyRole

    static Access Public() { return {Kind::kPublic, {}}; }
    static Access SignedIn() { return {Kind::kSignedIn, {}}; }
    static Access AnyRole(std::vector<std::string> roles) { return {Kind::kAnyRole, std::move(roles)}; }
    // "public", "signed-in", "roles:a,b" (for route listings and tests).
    std::string Describe() const;
};

struct RouteOptions {
    // Blocking handlers (database, files) run on the worker pool; inline ones run on the I/O thread
    // and must return in microseconds without blocking (health, metrics, in-memory assets).
    bool blocking = true;
    // Pages shown inside the authority's own frames (kiosk, video wall) may be framed by the same
    // origin; every other page sends frame-ancestors 'none'.
    bool framable_by_self = false;
    // Reachable while the principal still has a required step (Principal::required_step): the step's
    // own pages and signing out.
    bool before_required_step = false;
};

struct Route {
    std::string method;
    std::string pattern;
    Access access;
    Handler handler;
    RouteOptions options;
    std::size_t index = 0;  // position in routes(), used for metrics
};

struct RouteMatch {
    enum class Kind { kFound, kNotFound, kMethodNotAllowed, kNotImplemented } kind = Kind::kNotFound;
    const Route* route = nullptr;
    std::vector<std::pair<std::string, std::string>> params;
    std::string allow;  // for kMethodNotAllowed: "GET, HEAD, POST"
};

class Router {
public:
    Router();
    ~Router();
    Router(Router&&) noexcept;
    Router& operator=(Router&&) noexcept;

    // Adds a route. Throws std::invalid_argument on a malformed pattern, an unknown method, a
    // method+pattern that is already taken, an access rule with no roles, or an inline route that is
    // not public (checking a principal needs the database) — start-up bugs, not runtime conditions.
    void Add(std::string_view method, std::string_view pattern, Access access, Handler handler,
             RouteOptions options = {});
    void Get(std::string_view pattern, Access a, Handler h, RouteOptions o = {}) {
        Add("GET", pattern, std::move(a), std::move(h), o);
    }
    void Post(std::string_view pattern, Access a, Handler h, RouteOptions o = {}) {
        Add("POST", pattern, std::move(a), std::move(h), o);
    }

    // Finds the route for a decoded path. HEAD falls back to GET. Literal segments win over
    // parameters, and typed parameters over untyped ones.
    RouteMatch Match(std::string_view method, std::string_view path) const;

    const std::vector<std::unique_ptr<Route>>& routes() const { return routes_; }

private:
    struct Node;
    std::unique_ptr<Node> root_;
    std::vector<std::unique_ptr<Route>> routes_;
};

// The methods the server knows; any other gets 501.
bool IsKnownMethod(std::string_view method);

}  // namespace mocua::http
