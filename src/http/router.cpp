#include "http/router.hpp"

#include <algorithm>
#include <stdexcept>

namespace mocua::http {

namespace {
constexpr std::string_view kMethods[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};

std::vector<std::string_view> Split(std::string_view path) {
    std::vector<std::string_view> out;
    std::size_t start = 1;  // paths start with '/'
    while (start <= path.size()) {
        const auto slash = path.find('/', start);
        out.push_back(
            path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    return out;
}

bool AllDigits(std::string_view s) {
    return !s.empty() && s.size() <= 18 &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}
}  // namespace

std::string Access::Describe() const {
    switch (kind) {
        case Kind::kPublic:
            return "public";
        case Kind::kSignedIn:
            return "signed-in";
        case Kind::kAnyRole: {
            std::string out = "roles:";
            for (std::size_t i = 0; i < roles.size(); ++i) out += (i ? "," : "") + roles[i];
            return out;
        }
    }
    return "public";
}

bool IsKnownMethod(std::string_view method) {
    return std::find(std::begin(kMethods), std::end(kMethods), method) != std::end(kMethods);
}

struct Router::Node {
    enum class ParamType { kAny, kInt };
    std::map<std::string, std::unique_ptr<Node>, std::less<>> literals;
    // Parameter children, typed first so that {id:int} is tried before {slug}.
    struct ParamChild {
        std::string name;
        ParamType type;
        std::unique_ptr<Node> node;
    };
    std::vector<ParamChild> params;
    std::string rest_name;  // {name*}
    std::map<std::string, const Route*, std::less<>> rest_handlers;
    std::map<std::string, const Route*, std::less<>> handlers;  // method → route
};

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

void Router::Add(std::string_view method, std::string_view pattern, Access access, Handler handler,
                 RouteOptions options) {
    if (!IsKnownMethod(method)) throw std::invalid_argument("unknown method " + std::string(method));
    if (pattern.empty() || pattern[0] != '/') throw std::invalid_argument("pattern must start with /");
    if (access.kind == Access::Kind::kAnyRole && access.roles.empty())
        throw std::invalid_argument("access rule with no roles: " + std::string(pattern));
    if (!options.blocking && access.kind != Access::Kind::kPublic)
        throw std::invalid_argument("inline routes must be public: " + std::string(pattern));
    auto route = std::make_unique<Route>();
    route->method = std::string(method);
    route->pattern = std::string(pattern);
    route->access = std::move(access);
    route->handler = std::move(handler);
    route->options = options;
    route->index = routes_.size();

    Node* node = root_.get();
    const auto segments = Split(pattern);
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const std::string_view seg = segments[i];
        if (seg.size() >= 2 && seg.front() == '{' && seg.back() == '}') {
            std::string_view inner = seg.substr(1, seg.size() - 2);
            if (inner.ends_with('*')) {
                if (i + 1 != segments.size())
                    throw std::invalid_argument("{name*} must be last: " + route->pattern);
                node->rest_name = std::string(inner.substr(0, inner.size() - 1));
                auto [it, inserted] = node->rest_handlers.emplace(route->method, route.get());
                if (!inserted)
                    throw std::invalid_argument("duplicate route " + route->method + " " + route->pattern);
                routes_.push_back(std::move(route));
                return;
            }
            Node::ParamType type = Node::ParamType::kAny;
            std::string name(inner);
            if (const auto colon = inner.find(':'); colon != std::string_view::npos) {
                if (inner.substr(colon + 1) != "int")
                    throw std::invalid_argument("unknown parameter type in " + route->pattern);
                type = Node::ParamType::kInt;
                name = std::string(inner.substr(0, colon));
            }
            auto it = std::find_if(node->params.begin(), node->params.end(),
                                   [&](const auto& p) { return p.name == name && p.type == type; });
            if (it == node->params.end()) {
                node->params.push_back({name, type, std::make_unique<Node>()});
                std::stable_sort(node->params.begin(), node->params.end(), [](const auto& a, const auto& b) {
                    return a.type == Node::ParamType::kInt && b.type != Node::ParamType::kInt;
                });
                it = std::find_if(node->params.begin(), node->params.end(),
                                  [&](const auto& p) { return p.name == name && p.type == type; });
            }
            node = it->node.get();
        } else {
            if (seg.find_first_of("{}") != std::string_view::npos)
                throw std::invalid_argument("bad segment in " + route->pattern);
            auto& child = node->literals[std::string(seg)];
            if (!child) child = std::make_unique<Node>();
            node = child.get();
        }
    }
    auto [it, inserted] = node->handlers.emplace(route->method, route.get());
    if (!inserted) throw std::invalid_argument("duplicate route " + route->method + " " + route->pattern);
    routes_.push_back(std::move(route));
}

namespace {

using Params = std::vector<std::pair<std::string, std::string>>;
using MethodMap = std::map<std::string, const Route*, std::less<>>;

// Finds the handler map for the path; literal first, then typed, then untyped params, then rest.
template <typename NodeT>
const MethodMap* Walk(const NodeT* node, const std::vector<std::string_view>& segs, std::size_t i,
                      std::string_view path, std::size_t offset, Params& params) {
    if (i == segs.size()) return node->handlers.empty() ? nullptr : &node->handlers;
    const std::string_view seg = segs[i];
    if (auto it = node->literals.find(seg); it != node->literals.end()) {
        if (auto* found = Walk(it->second.get(), segs, i + 1, path, offset + seg.size() + 1, params))
            return found;
    }
    if (!seg.empty()) {
        for (const auto& p : node->params) {
            if (p.type == NodeT::ParamType::kInt && !AllDigits(seg)) continue;
            params.emplace_back(p.name, std::string(seg));
            if (auto* found = Walk(p.node.get(), segs, i + 1, path, offset + seg.size() + 1, params))
                return found;
            params.pop_back();
        }
    }
    if (!node->rest_handlers.empty() && offset + 1 < path.size()) {
        params.emplace_back(node->rest_name, std::string(path.substr(offset + 1)));
        return &node->rest_handlers;
    }
    return nullptr;
}

}  // namespace

RouteMatch Router::Match(std::string_view method, std::string_view path) const {
    RouteMatch m;
    if (!IsKnownMethod(method)) {
        m.kind = RouteMatch::Kind::kNotImplemented;
        return m;
    }
    const auto segs = Split(path);
    const MethodMap* handlers = Walk(root_.get(), segs, 0, path, 0, m.params);
    if (!handlers) {
        m.params.clear();
        return m;
    }
    auto it = handlers->find(method);
    if (it == handlers->end() && method == "HEAD") it = handlers->find("GET");
    if (it != handlers->end()) {
        m.kind = RouteMatch::Kind::kFound;
        m.route = it->second;
        return m;
    }
    m.kind = RouteMatch::Kind::kMethodNotAllowed;
    m.params.clear();
    for (std::string_view known : kMethods) {
        const bool has = handlers->count(known) > 0 || (known == "HEAD" && handlers->count("GET") > 0);
        if (!has) continue;
        if (!m.allow.empty()) m.allow += ", ";
        m.allow += known;
    }
    return m;
}

}  // namespace mocua::http
