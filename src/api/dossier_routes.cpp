#include "api/dossier_routes.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "core/strings.hpp"
#include "domain/catalog/catalog_service.hpp"
#include "domain/dossier/dossier_service.hpp"
#include "domain/dossier/form_data.hpp"
#include "domain/identity/identity_service.hpp"
#include "domain/org/units.hpp"
#include "http/errors.hpp"
#include "http/multipart.hpp"
#include "http/router.hpp"
#include "log/log.hpp"

namespace mocua::api {

namespace {

namespace dossier = domain::dossier;
using http::Request;
using http::Response;
using nlohmann::json;

// ---- Language and messages ---------------------------------------------------------------------------

// "vi" or "en" from Accept-Language (the highest q-value among the two; Vietnamese by default).
std::string LanguageOf(const Request& req) {
    const auto header = req.Header("Accept-Language");
    if (!header) return "vi";
    std::string best = "vi";
    double best_q = -1;
    std::string_view rest = *header;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        std::string_view item = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        double q = 1.0;
        if (const auto semi = item.find(';'); semi != std::string_view::npos) {
            std::string_view params = item.substr(semi + 1);
            item = item.substr(0, semi);
            if (const auto at = params.find("q="); at != std::string_view::npos) {
                try {
                    q = std::stod(std::string(params.substr(at + 2)));
                } catch (const std::exception&) {
                    q = 0;
                }
            }
        }
        while (!item.empty() && std::isspace(static_cast<unsigned char>(item.front()))) item.remove_prefix(1);
        while (!item.empty() && std::isspace(static_cast<unsigned char>(item.back()))) item.remove_suffix(1);
        std::string tag(item.substr(0, item.find('-')));
        std::transform(tag.begin(), tag.end(), tag.begin(), [](unsigned char c) { return std::tolower(c); });
        if ((tag == "vi" || tag == "en") && q > best_q) {
            best = tag;
            best_q = q;
        }
    }
    return best;
}

std::string HumanBytes(std::int64_t bytes) {
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) return std::to_string(bytes / (1024 * 1024)) + " MB";
    if (bytes >= 1024 && bytes % 1024 == 0) return std::to_string(bytes / 1024) + " KB";
    return std::to_string(bytes) + " B";
}

// Looks up catalogue keys through the service's message lookup (the web shell's catalogues, wired by
// the composition root); the rule code itself when a message is missing, so an answer is never empty.
class Messages {
public:
    Messages(const dossier::DossierService& service, std::string language)
        : service_(service), language_(std::move(language)) {}

    const std::string& language() const { return language_; }

    std::string Text(std::string_view key) const {
        const auto& lookup = service_.options().messages;
        if (lookup) {
            if (const std::string* found = lookup(language_, key)) return *found;
        }
        return {};
    }

    // The message for a rule code: the API's own ("api.answers_json") at api.error.<name>, the dossier
    // module's ("upload.too_large", "eform.required", …) at dossier.error.<rule>, nested by its dots.
    std::string ForRule(std::string_view rule) const {
        std::string text = rule.starts_with("api.") ? Text("api.error." + std::string(rule.substr(4)))
                                                    : Text("dossier.error." + std::string(rule));
        if (text.empty()) return std::string(rule);
        if (rule == "upload.too_large") text += " " + Text("dossier.upload_limit");
        Replace(text, "{limit}", HumanBytes(service_.options().max_file_bytes));
        Replace(text, "{kinds}", "PDF, JPEG, PNG");
        return text;
    }

    std::string Name(std::string_view key, std::string_view language) const {
        const auto& lookup = service_.options().messages;
        if (lookup) {
            if (const std::string* found = lookup(language, key)) return *found;
        }
        return {};
    }

private:
    static void Replace(std::string& text, std::string_view from, std::string_view to) {
        for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
            text.replace(at, from.size(), to);
        }
    }

    const dossier::DossierService& service_;
    std::string language_;
};

// ---- Errors -------------------------------------------------------------------------------------------

// The API's error shape, with the stable rule code and, when there are any, the problems by field:
//   {"error":{"code":"unprocessable","rule":"dossier.invalid","message":"…","request_id":"…",
//             "problems":[{"field":"answers.child_full_name","rule":"eform.required","message":"…"}]}}
Response ErrorAnswer(const Request& req, const Messages& messages, int status, std::string_view code,
                     std::string_view rule, const std::vector<dossier::Problem>& problems = {}) {
    json error = {{"code", code}, {"rule", rule}, {"message", messages.ForRule(rule)}, {"request_id", req.request_id}};
    if (!problems.empty()) {
        json list = json::array();
        for (const auto& p : problems) {
            list.push_back({{"field", p.field}, {"rule", p.rule}, {"message", messages.ForRule(p.rule)}});
        }
        error["problems"] = std::move(list);
    }
    Response r = Response::Json(status, json{{"error", std::move(error)}}.dump());
    r.SetHeader("Content-Language", messages.language());
    return r;
}

Response BadRequest(const Request& req, const Messages& messages, std::string_view rule) {
    return ErrorAnswer(req, messages, 400, "invalid_argument", rule);
}

// The one table from the service's rule codes to HTTP status for the API (errors.hpp maps the
// generic codes; these are the dossier-specific refinements).
Response ServiceError(const Request& req, const Messages& messages, const core::Error& error,
                      std::vector<dossier::Problem> problems) {
    const std::string& rule = error.message;
    if (rule == "upload.too_large") return ErrorAnswer(req, messages, 413, "payload_too_large", rule, problems);
    if (rule == "upload.type") return ErrorAnswer(req, messages, 415, "unsupported_media_type", rule, problems);
    if (rule == "upload.scanner_unavailable") {
        Response r = ErrorAnswer(req, messages, 503, "unavailable", rule, problems);
        r.SetHeader("Retry-After", "60");
        return r;
    }
    if (rule == "dossier.invalid" || rule == "upload.empty" || rule == "upload.infected" ||
        rule == "dossier.unit" || rule == "dossier.component") {
        return ErrorAnswer(req, messages, 422, "unprocessable", rule, problems);
    }
    if (rule == "dossier.procedure_not_found" || rule == "dossier.not_online" || rule == "dossier.applicant_kind") {
        if (problems.empty()) problems.push_back({"procedure", rule});
        return ErrorAnswer(req, messages, 422, "unprocessable", rule, problems);
    }
    // A race: another request with the same key is being created right now; retrying answers 200.
    if (rule == "dossier.idempotency_mismatch" || rule == "dossier.idempotency_race") {
        return ErrorAnswer(req, messages, 409, "conflict", rule);
    }
    if (rule == "dossier.idempotency_key") return BadRequest(req, messages, rule);
    if (error.code == core::ErrorCode::kInternal) {
        // No internals to the client; the operator finds them in the log by the request id.
        log::Get("api")->error("request_id={} dossier API: {}", req.request_id, error.message);
        return ErrorAnswer(req, messages, 500, "internal", "internal");
    }
    return ErrorAnswer(req, messages, http::StatusFor(error.code), core::ErrorCodeName(error.code), rule, problems);
}

// ---- The caller --------------------------------------------------------------------------------------

domain::identity::Principal DomainPrincipal(const http::Principal& principal) {
    domain::identity::Principal p;
    p.account_id = principal.account_id;
    p.kind = domain::identity::ParseAccountKind(principal.kind).value_or(domain::identity::AccountKind::kCitizen);
    for (const auto& [role, unit] : principal.grants) {
        domain::identity::Grant g;
        g.account_id = p.account_id;
        g.role = role;
        g.unit_id = unit;
        p.grants.push_back(std::move(g));
    }
    return p;
}

domain::audit::Actor ActorOf(const Request& req) {
    domain::audit::Actor actor;
    if (req.principal) actor.account_id = req.principal->account_id;
    actor.ip = req.remote_address;
    actor.request_id = req.request_id;
    return actor;
}

// ---- JSON --------------------------------------------------------------------------------------------

json Names(const std::string& vi, const std::string& en) { return {{"vi", vi}, {"en", en}}; }

json Nullable(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

json StateJson(const Messages& m, dossier::State state) {
    const std::string key = "dossier.state." + std::to_string(dossier::Code(state));
    return {{"code", dossier::Code(state)}, {"name", Names(m.Name(key, "vi"), m.Name(key, "en"))}};
}

json ChannelJson(const Messages& m, dossier::Channel channel) {
    const std::string key = "dossier.channel." + std::to_string(dossier::Code(channel));
    return {{"code", dossier::Code(channel)}, {"name", Names(m.Name(key, "vi"), m.Name(key, "en"))}};
}

json UnitJson(domain::org::UnitRepository& units, std::int64_t id) {
    const auto unit = units.Find(id);
    if (!unit) return {{"id", id}, {"code", nullptr}, {"name", nullptr}};
    return {{"id", unit->id}, {"code", unit->code}, {"name", Names(unit->name_vi, unit->name_en)}};
}

json DossierJson(const app::Services& services, const Messages& m, const dossier::Dossier& d) {
    json procedure = {{"code", d.procedure_code}, {"version_id", d.procedure_version_id}, {"name", nullptr}};
    if (auto version = services.catalog->VersionById(d.procedure_version_id); version.ok()) {
        procedure["name"] = Names(version->procedure.name_vi, version->procedure.name_en);
    }
    json components = json::array();
    for (const auto& c : d.components) {
        json file = nullptr;
        if (c.file) {
            file = {{"name", c.file->name},
                    {"media_type", c.file->media_type},
                    {"size", c.file->size},
                    {"sha256", c.file->sha256}};
        }
        components.push_back({{"position", c.position},
                              {"name", Names(c.name_vi, c.name_en)},
                              {"file", std::move(file)},
                              {"digitised", c.digitised},
                              {"reused", c.reused},
                              {"handed_in", dossier::HandedInName(c.handed_in)}});
    }
    json history = json::array();
    for (const auto& h : d.history) {
        history.push_back({{"state", dossier::Code(h.to)}, {"action", h.action}, {"at", h.at}});
    }
    json forms = json::array();
    for (const auto& f : d.forms) forms.push_back(f.form);
    return {{"code", d.code},
            {"procedure", std::move(procedure)},
            {"applicant",
             {{"kind", d.applicant.kind},
              {"name", d.applicant.name},
              {"id_number", d.applicant.id_number},
              {"address", d.applicant.address},
              {"phone", d.applicant.phone},
              {"email", d.applicant.email}}},
            {"channel", ChannelJson(m, d.channel)},
            {"state", StateJson(m, d.state)},
            {"receiving_unit", UnitJson(*services.units, d.receiving_unit_id)},
            {"competent_unit", UnitJson(*services.units, d.competent_unit_id)},
            {"result_delivery", d.result_delivery},
            {"submitted_at", d.submitted_at},
            {"received_at", Nullable(d.received_at)},
            {"appointment_at", Nullable(d.appointment_at)},
            {"components", std::move(components)},
            {"history", std::move(history)},
            {"forms", std::move(forms)}};
}

// A positive whole number up to `max`, or nullopt.
std::optional<int> PositiveInt(std::string_view s, int max) {
    int n = 0;
    if (s.empty() || s.size() > 6) return std::nullopt;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc() || end != s.data() + s.size() || n < 1 || n > max) return std::nullopt;
    return n;
}

// Content-Disposition for a client-chosen file name: an ASCII fallback and the UTF-8 name (RFC 6266).
std::string AttachmentDisposition(const std::string& name) {
    std::string ascii;
    for (unsigned char c : name) {
        ascii += (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != ';' && c != '%') ? static_cast<char>(c) : '_';
    }
    if (ascii.empty()) ascii = "file";
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + core::UrlEncode(name);
}

// ---- Handlers ----------------------------------------------------------------------------------------

constexpr std::string_view kComponentPrefix = "component_";

Response Submit(const app::Services& services, Request& req) {
    auto& service = *services.dossiers;
    const Messages messages(service, LanguageOf(req));
    const auto content_type = req.Header("Content-Type");
    const auto boundary = content_type ? http::MultipartBoundary(*content_type) : std::nullopt;
    if (!boundary) return ErrorAnswer(req, messages, 415, "unsupported_media_type", "api.multipart_required");
    auto parts = http::ParseMultipart(req.body, *boundary, http::MultipartLimits{});
    if (!parts.ok()) return BadRequest(req, messages, "multipart");

    std::optional<std::string> procedure;
    std::optional<dossier::Answers> answers;
    std::vector<std::pair<int, dossier::Upload>> uploads;
    for (const auto& part : *parts) {
        if (part.name == "procedure" && !part.filename) {
            if (procedure) return BadRequest(req, messages, "api.duplicate_part");
            procedure = std::string(part.data);
        } else if (part.name == "answers") {
            if (answers) return BadRequest(req, messages, "api.duplicate_part");
            answers = dossier::AnswersFromJson(part.data);
            if (!answers) return BadRequest(req, messages, "api.answers_json");
        } else if (part.name.starts_with(kComponentPrefix)) {
            const auto n = PositiveInt(std::string_view(part.name).substr(kComponentPrefix.size()), 999);
            if (!n || !part.filename) return BadRequest(req, messages, "api.unknown_part");
            if (std::any_of(uploads.begin(), uploads.end(), [&](const auto& u) { return u.first == *n; })) {
                return BadRequest(req, messages, "api.duplicate_part");
            }
            uploads.push_back({*n, dossier::Upload{*part.filename, part.data}});
        } else {
            return BadRequest(req, messages, "api.unknown_part");
        }
    }
    if (!procedure || procedure->empty()) return BadRequest(req, messages, "api.procedure_required");
    if (!answers) answers = dossier::Answers{};
    std::optional<std::string> key;
    if (auto k = req.Header("Idempotency-Key")) key = std::string(*k);

    const auto principal = DomainPrincipal(*req.principal);
    const dossier::Caller caller{principal, ActorOf(req), messages.language(), ""};
    std::vector<dossier::Problem> problems;
    auto outcome = service.SubmitDirect(caller, *procedure, *answers, uploads, key, &problems);
    if (!outcome.ok()) return ServiceError(req, messages, outcome.error(), std::move(problems));
    const auto& d = outcome->dossier;
    Response r = Response::Json(outcome->created ? 201 : 200,
                                json{{"code", d.code}, {"state", dossier::Code(d.state)}}.dump());
    r.SetHeader("Location", "/api/v1/dossiers/" + d.code);
    return r;
}

Response Mine(const app::Services& services, Request& req) {
    auto& service = *services.dossiers;
    const Messages messages(service, LanguageOf(req));
    int page = 1;
    int per_page = 20;
    if (auto p = req.QueryParam("page"); p && !p->empty()) {
        auto n = PositiveInt(*p, 10000);
        if (!n) return http::JsonError(400, "invalid_argument", "page must be a whole number from 1 to 10000", req.request_id);
        page = *n;
    }
    if (auto p = req.QueryParam("per_page"); p && !p->empty()) {
        auto n = PositiveInt(*p, 100);
        if (!n) return http::JsonError(400, "invalid_argument", "per_page must be a whole number from 1 to 100", req.request_id);
        per_page = *n;
    }
    const auto principal = DomainPrincipal(*req.principal);
    const dossier::Caller caller{principal, ActorOf(req), messages.language(), ""};
    const auto found = service.Mine(caller, page, per_page);
    json items = json::array();
    for (const auto& s : found.items) {
        items.push_back({{"code", s.code},
                         {"procedure", {{"code", s.procedure_code}, {"name", Names(s.procedure_name_vi, s.procedure_name_en)}}},
                         {"channel", ChannelJson(messages, s.channel)},
                         {"state", StateJson(messages, s.state)},
                         {"submitted_at", s.submitted_at},
                         {"appointment_at", Nullable(s.appointment_at)}});
    }
    json body = {{"items", std::move(items)}, {"total", found.total}, {"page", page}, {"per_page", per_page}};
    return Response::Json(200, body.dump());
}

Response Detail(const app::Services& services, Request& req) {
    auto& service = *services.dossiers;
    const Messages messages(service, LanguageOf(req));
    const auto principal = DomainPrincipal(*req.principal);
    const dossier::Caller caller{principal, ActorOf(req), messages.language(), ""};
    auto found = service.Get(caller, req.Param("code"));
    if (!found.ok()) return ServiceError(req, messages, found.error(), {});
    Response r = Response::Json(200, DossierJson(services, messages, *found).dump());
    return r;
}

Response Form(const app::Services& services, Request& req) {
    auto& service = *services.dossiers;
    const Messages messages(service, LanguageOf(req));
    const std::string& form = req.Param("form");
    if (form != "01" && form != "02" && form != "03" && form != "04" && form != "05" && form != "06") {
        return ErrorAnswer(req, messages, 404, "not_found", "dossier.form_not_found");
    }
    const auto principal = DomainPrincipal(*req.principal);
    const dossier::Caller caller{principal, ActorOf(req), messages.language(), ""};
    auto pdf = service.FormPdf(caller, req.Param("code"), form, *services.documents);
    if (!pdf.ok()) {
        const auto& e = pdf.error();
        return ServiceError(req, messages, e.code == core::ErrorCode::kNotFound ? e : core::Error::Internal(e.message), {});
    }
    Response r = Response::Text(200, std::move(*pdf), "application/pdf");
    r.SetHeader("Content-Disposition", "inline; filename=\"" + req.Param("code") + "-mau-" + form + ".pdf\"");
    r.SetHeader("Cache-Control", "private, no-store");
    return r;
}

// Mẫu 07 of a receiving unit: GET /api/v1/registers/07?unit=CODE&from=YYYY-MM-DD&to=YYYY-MM-DD&format=pdf|xlsx
Response RegisterBook(const app::Services& services, Request& req) {
    auto& service = *services.dossiers;
    const Messages messages(service, LanguageOf(req));
    const std::string format = req.QueryParam("format").value_or("pdf");
    if (format != "pdf" && format != "xlsx") return BadRequest(req, messages, "register.format");
    const std::string from = req.QueryParam("from").value_or(""), to = req.QueryParam("to").value_or("");
    // The unit as it was at the end of the period (codes outlive mergers; the newest holder of the code).
    auto unit = services.units->FindByCode(req.QueryParam("unit").value_or(""), to);
    if (!unit) return ErrorAnswer(req, messages, 404, "not_found", "register.unit");
    const auto principal = DomainPrincipal(*req.principal);
    const dossier::Caller caller{principal, ActorOf(req), messages.language(), ""};
    auto data = service.Register(caller, unit->id, from, to);
    if (!data.ok()) {
        if (data.error().message == "register.period") return BadRequest(req, messages, "register.period");
        // Someone who may not read the unit's dossiers learns nothing about it.
        if (data.error().code == core::ErrorCode::kForbidden) {
            return ErrorAnswer(req, messages, 404, "not_found", "register.unit");
        }
        return ServiceError(req, messages, data.error(), {});
    }
    auto bytes = format == "xlsx" ? services.documents->RegisterSpreadsheet(*data) : services.documents->Register(*data);
    if (!bytes.ok()) return ServiceError(req, messages, core::Error::Internal(bytes.error().message), {});
    Response r = Response::Text(200, std::move(*bytes),
                                format == "xlsx" ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                                                 : "application/pdf");
    r.SetHeader("Content-Disposition", "attachment; filename=\"so-theo-doi-" + unit->code + "-" + from + "-" + to +
                                           "." + format + "\"");
    r.SetHeader("Cache-Control", "private, no-store");
    return r;
}

Response ComponentFile(const app::Services& services, Request& req) {
    auto& service = *services.dossiers;
    const Messages messages(service, LanguageOf(req));
    const auto position = req.IntParam("n");
    if (position < 1 || position > 999) return ErrorAnswer(req, messages, 404, "not_found", "dossier.file_not_found");
    const auto principal = DomainPrincipal(*req.principal);
    const dossier::Caller caller{principal, ActorOf(req), messages.language(), ""};
    auto file = service.ComponentFile(caller, req.Param("code"), static_cast<int>(position));
    if (!file.ok()) return ServiceError(req, messages, file.error(), {});
    Response r = Response::Text(200, std::move(file->bytes), file->file.media_type);
    r.SetHeader("Content-Disposition", AttachmentDisposition(file->file.name));
    r.SetHeader("Content-Security-Policy", "sandbox; default-src 'none'");
    r.SetHeader("Cache-Control", "private, no-store");
    return r;
}

}  // namespace

void RegisterDossierRoutes(http::Router& router, const app::Services& services) {
    router.Post("/api/v1/dossiers", http::Access::SignedIn(),
                [services](Request& req) { return Submit(services, req); });
    router.Get("/api/v1/dossiers", http::Access::SignedIn(), [services](Request& req) { return Mine(services, req); });
    router.Get("/api/v1/dossiers/{code}", http::Access::SignedIn(),
               [services](Request& req) { return Detail(services, req); });
    // Rendering a PDF takes milliseconds of CPU: a blocking route, so it runs on a worker.
    router.Get("/api/v1/dossiers/{code}/forms/{form}", http::Access::SignedIn(),
               [services](Request& req) { return Form(services, req); }, {.blocking = true});
    std::vector<std::string> readers;
    for (auto role : dossier::StaffReaderRoles()) readers.emplace_back(role);
    router.Get("/api/v1/registers/07", http::Access::AnyRole(std::move(readers)),
               [services](Request& req) { return RegisterBook(services, req); }, {.blocking = true});
    router.Get("/api/v1/dossiers/{code}/components/{n:int}/file", http::Access::SignedIn(),
               [services](Request& req) { return ComponentFile(services, req); });
}

}  // namespace mocua::api
