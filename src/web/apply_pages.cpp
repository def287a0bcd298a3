#include "web/apply_pages.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "app/services.hpp"
#include "core/clock.hpp"
#include "core/strings.hpp"
#include "domain/catalog/catalog_service.hpp"
#include "domain/dossier/dossier_service.hpp"
#include "domain/dossier/form_data.hpp"
#include "domain/identity/identity_service.hpp"
#include "domain/org/units.hpp"
#include "http/router.hpp"
#include "log/log.hpp"
#include "web/catalog_view.hpp"
#include "web/format.hpp"
#include "web/page_state.hpp"
#include "web/shell.hpp"

namespace mocua::web {

namespace {

namespace cat = domain::catalog;
namespace dos = domain::dossier;
namespace idn = domain::identity;
using nlohmann::json;

constexpr int kPerPage = 20;

const http::Access kApplicants = http::Access::AnyRole({"citizen", "business"});

// One request's view of the caller, for the dossier service.
class Ctx {
public:
    Ctx(const app::Services& services, http::Request& req)
        : s(services),
          request(req),
          lang(services.web->LanguageOf(req)),
          c(services.web->catalog()),
          principal(DomainPrincipal(req)),
          caller{principal, ActorOf(req), std::string(LanguageCode(lang)), ""} {}
    Ctx(const Ctx&) = delete;
    Ctx& operator=(const Ctx&) = delete;

    const app::Services& s;
    http::Request& request;
    Language lang;
    const Catalog& c;
    idn::Principal principal;
    dos::Caller caller;

    std::string T(std::string_view key) const { return c.Get(lang, key); }
    const std::string& Pick2(const std::string& vi, const std::string& en) const {
        return Pick(lang, vi, en);
    }
    http::Response Page(std::string_view page, std::string_view title_key, json data,
                        int status = 200) const {
        return s.web->Page(request, page, title_key, std::move(data), status);
    }
};

http::Response Failed(const Ctx& x, std::string_view what, const core::Error& error) {
    log::Get("web")->error("request_id={} {} failed: {}", x.request.request_id, what, error.message);
    return http::Response::Empty(500);
}

std::string ShowTime(std::string_view utc) {
    const auto t = core::ParseUtc(utc);
    return t ? FormatDateTime(*t) : std::string(utc);
}
std::string ShowDate(std::string_view utc) {
    const auto t = core::ParseUtc(utc);
    return t ? FormatDate(*t) : std::string(utc);
}

// "2025-07-15" → "15/07/2025" for display; other text unchanged.
std::string IsoToShown(const std::string& iso) {
    if (iso.size() == 10 && iso[4] == '-' && iso[7] == '-')
        return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
    return iso;
}
// "15/07/2025" or "15-7-2025" → "2025-07-15"; anything else unchanged (the service judges it).
std::string ShownToIso(const std::string& text) {
    std::vector<std::string> parts;
    std::string cur;
    for (char ch : text) {
        if (ch == '/' || ch == '.' || (ch == '-' && !parts.empty() && parts.size() < 2 && cur.size() <= 2) ||
            (ch == '-' && parts.empty() && cur.size() <= 2)) {
            parts.push_back(cur);
            cur.clear();
        } else {
            cur += ch;
        }
    }
    parts.push_back(cur);
    if (parts.size() != 3 || parts[2].size() != 4 || parts[0].empty() || parts[0].size() > 2 ||
        parts[1].empty() || parts[1].size() > 2)
        return text;
    for (const auto& p : parts)
        if (!std::all_of(p.begin(), p.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) return text;
    const auto pad = [](const std::string& p) { return p.size() == 1 ? "0" + p : p; };
    return parts[2] + "-" + pad(parts[1]) + "-" + pad(parts[0]);
}

std::string SizeText(std::int64_t bytes) {
    if (bytes >= 1024 * 1024) {
        const std::int64_t tenths = bytes * 10 / (1024 * 1024);
        return std::to_string(tenths / 10) + "," + std::to_string(tenths % 10) + " MB";
    }
    return std::to_string((bytes + 1023) / 1024) + " KB";
}

// ---- Messages and errors ------------------------------------------------------------------------

// The message for a rule code: this page's own wording at "apply.error" (keys are whole rule codes),
// else the dossier module's at "dossier.error.<rule>" (nested by the code's dots), with {limit} and
// {kinds} filled in.
std::string RuleText(const Ctx& x, const std::string& rule, const std::string& limit = "",
                     const std::string& kinds = "") {
    const json& tree = x.c.Tree(x.lang);
    std::string text;
    if (const auto s = tree.find("apply"); s != tree.end() && s->is_object()) {
        if (const auto e = s->find("error"); e != s->end() && e->is_object()) {
            if (const auto m = e->find(rule); m != e->end() && m->is_string()) text = m->get<std::string>();
        }
    }
    if (text.empty()) {
        if (const std::string* found = x.c.Find(x.lang, "dossier.error." + rule)) text = *found;
    }
    if (text.empty()) text = x.T("apply.error_other");
    if (rule == "upload.too_large") text += " " + x.T("dossier.upload_limit");
    for (const auto& [name, value] :
         {std::pair<std::string, std::string>{"{limit}", limit}, {"{kinds}", kinds}}) {
        if (auto at = text.find(name); at != std::string::npos) text.replace(at, name.size(), value);
    }
    return text;
}

// Errors of a page: the field's id (or a link) and the text, in field order; one per field.
class Errors {
public:
    void Add(const std::string& id, std::string text, std::string href = "") {
        for (const auto& e : items_)
            if (e.id == id) return;
        items_.push_back({id, std::move(text), href.empty() ? "#" + id : std::move(href)});
    }
    bool empty() const { return items_.empty(); }
    const std::string* For(const std::string& id) const {
        for (const auto& e : items_)
            if (e.id == id) return &e.text;
        return nullptr;
    }
    json ToJson() const {
        json summary = json::array();
        for (const auto& e : items_) summary.push_back({{"href", e.href}, {"text", e.text}});
        return {{"any", !items_.empty()}, {"summary", std::move(summary)}};
    }

private:
    struct Item {
        std::string id, text, href;
    };
    std::vector<Item> items_;
};

// The data of partials/field-input and field-textarea, with texts already in the page's language.
struct Input {
    std::string id, name, label, hint, type = "text", autocomplete, inputmode, width;
};

json Common(const std::string& id, const std::string& hint, const Errors& errors) {
    json f;
    f["id"] = id;
    std::string describedby;
    if (!hint.empty()) {
        f["hint"] = hint;
        describedby = id + "-hint";
    } else {
        f["hint"] = false;
    }
    if (const std::string* e = errors.For(id)) {
        f["error"] = *e;
        describedby += (describedby.empty() ? "" : " ") + id + "-error";
    } else {
        f["error"] = false;
    }
    f["describedby"] = describedby.empty() ? json(false) : json(describedby);
    return f;
}

json OrFalse(const std::string& s) { return s.empty() ? json(false) : json(s); }

json InputJson(const Input& in, const std::string& value, const Errors& errors) {
    json f = Common(in.id, in.hint, errors);
    f["name"] = in.name.empty() ? in.id : in.name;
    f["label"] = in.label;
    f["value"] = value;
    f["type"] = in.type;
    f["autocomplete"] = OrFalse(in.autocomplete);
    f["inputmode"] = OrFalse(in.inputmode);
    f["width"] = OrFalse(in.width);
    return f;
}

json ChoicesJson(const std::string& id, const std::string& name, const std::string& legend,
                 const std::string& hint, const std::vector<std::pair<std::string, std::string>>& options,
                 const std::vector<std::string>& selected, bool multiple, const Errors& errors) {
    json f = Common(id, hint, errors);
    f["name"] = name;
    f["legend"] = legend;
    f["kind"] = multiple ? "checkboxes" : "radios";
    json out = json::array();
    for (std::size_t i = 0; i < options.size(); ++i) {
        const auto& [value, label] = options[i];
        out.push_back({{"id", i == 0 ? id : id + "-" + std::to_string(i + 1)},
                       {"name", name},
                       {"input_type", multiple ? "checkbox" : "radio"},
                       {"value", value},
                       {"label", label},
                       {"checked", std::find(selected.begin(), selected.end(), value) != selected.end()}});
    }
    f["options"] = std::move(out);
    return f;
}

// ---- Loading --------------------------------------------------------------------------------------

struct Loaded {
    dos::Draft draft;
    cat::Version version;
};

// The caller's draft and its procedure version; nullopt with the response to send (404, or the
// confirmation when the draft was already submitted).
std::optional<Loaded> Load(const Ctx& x, std::int64_t id, std::optional<http::Response>& answer,
                           bool allow_submitted = false) {
    auto d = x.s.dossiers->GetDraft(x.caller, id);
    if (!d.ok()) {
        answer = http::Response::Empty(404);
        return std::nullopt;
    }
    if (d->dossier_code && !allow_submitted) {
        answer = x.s.web->Redirect(x.request, "/dossiers/" + *d->dossier_code + "/submitted");
        return std::nullopt;
    }
    auto v = x.s.catalog->VersionById(d->procedure_version_id);
    if (!v.ok()) {
        answer = Failed(x, "procedure version", v.error());
        return std::nullopt;
    }
    return Loaded{std::move(*d), std::move(*v)};
}

std::string Base(std::int64_t id) { return "/applications/" + std::to_string(id); }

// The pages of an application, in order: applicant, each e-form page, each document, check.
std::vector<std::string> Sequence(const Loaded& l) {
    const std::string base = Base(l.draft.id);
    std::vector<std::string> out{base + "/applicant"};
    for (const auto& p : l.version.procedure.eform.pages) out.push_back(base + "/questions/" + p.id);
    for (std::size_t i = 0; i < l.version.procedure.components.size(); ++i)
        out.push_back(base + "/documents/" + std::to_string(i + 1));
    out.push_back(base + "/check");
    return out;
}

std::string NextAfter(const Loaded& l, const std::string& current) {
    const auto seq = Sequence(l);
    const auto it = std::find(seq.begin(), seq.end(), current);
    if (it == seq.end() || it + 1 == seq.end()) return Base(l.draft.id) + "/check";
    return *(it + 1);
}

json Header(const Ctx& x, const Loaded& l) {
    return {{"id", l.draft.id},
            {"procedure", x.Pick2(l.version.procedure.name_vi, l.version.procedure.name_en)},
            {"procedure_code", l.version.procedure.code},
            {"base", Base(l.draft.id)}};
}

// Where a problem of CheckDraft is fixed: the page and the element.
std::string ProblemHref(const Loaded& l, const std::string& field) {
    const std::string base = Base(l.draft.id);
    if (field.starts_with("answers.")) {
        const std::string name = field.substr(8);
        for (const auto& p : l.version.procedure.eform.pages)
            for (const auto& f : p.fields)
                if (f.name == name) return base + "/questions/" + p.id + "#field-" + name;
        return base;
    }
    if (field.starts_with("applicant.")) return base + "/applicant#applicant-" + field.substr(10);
    if (field == "unit") return base + "/applicant#unit";
    if (field == "result_delivery") return base + "/applicant#result_delivery";
    if (field.starts_with("component.")) return base + "/documents/" + field.substr(10) + "#file";
    return base;
}

// ---- Start ----------------------------------------------------------------------------------------

http::Response Problem(const Ctx& x, const std::string& rule, int status) {
    json data;
    data["message"] = RuleText(x, rule);
    return x.Page("apply/problem", "apply.problem_title", std::move(data), status);
}

http::Response PostStart(const Ctx& x) {
    const std::string& code = x.request.Param("code");
    auto version = x.s.catalog->Current(code);
    if (!version.ok()) return http::Response::Empty(404);
    auto account = x.s.accounts->Get(x.principal.account_id);
    if (!account.ok()) return Failed(x, "account", account.error());
    dos::Applicant profile;
    profile.name = account->display_name;
    profile.id_number = x.principal.kind == idn::AccountKind::kBusiness ? account->tax_code.value_or("")
                                                                        : account->cccd.value_or("");
    profile.phone = account->phone.value_or("");
    profile.email = account->email;
    const std::map<std::string, std::string> sources = {
        {"profile.full_name", account->display_name},
        {"profile.cccd", account->cccd.value_or("")},
        {"profile.phone", account->phone.value_or("")},
        {"profile.email", account->email},
        {"profile.tax_code", account->tax_code.value_or("")},
        {"profile.business_name",
         x.principal.kind == idn::AccountKind::kBusiness ? account->display_name : std::string()}};
    dos::Answers prefill;
    for (const auto& page : version->procedure.eform.pages)
        for (const auto& f : page.fields)
            if (auto it = sources.find(f.prefill); it != sources.end() && !it->second.empty())
                prefill[f.name] = it->second;
    auto draft = x.s.dossiers->StartDraft(x.caller, code, profile, prefill);
    if (!draft.ok()) {
        const auto& e = draft.error();
        if (e.code == core::ErrorCode::kNotFound) return http::Response::Empty(404);
        if (e.code == core::ErrorCode::kForbidden) return Problem(x, e.message, 403);
        if (e.code == core::ErrorCode::kInvalidArgument) return Problem(x, e.message, 422);
        return Failed(x, "start draft", e);
    }
    return x.s.web->Redirect(x.request, Base(draft->id));
}

// ---- My applications --------------------------------------------------------------------------

http::Response DraftsPage(const Ctx& x) {
    json rows = json::array();
    for (const auto& d : x.s.dossiers->OpenDrafts(x.caller)) {
        auto v = x.s.catalog->VersionById(d.procedure_version_id);
        rows.push_back(
            {{"id", d.id},
             {"href", Base(d.id)},
             {"procedure", v.ok() ? x.Pick2(v->procedure.name_vi, v->procedure.name_en) : d.procedure_code},
             {"started", ShowTime(d.created_at)},
             {"updated", ShowTime(d.updated_at)}});
    }
    json data;
    data["has_drafts"] = !rows.empty();
    data["drafts"] = std::move(rows);
    return x.Page("apply/drafts", "apply.drafts_title", std::move(data));
}

http::Response PostDiscard(const Ctx& x) {
    auto done = x.s.dossiers->DiscardDraft(x.caller, x.request.IntParam("id"));
    if (!done.ok()) {
        if (done.error().code == core::ErrorCode::kNotFound) return http::Response::Empty(404);
        if (done.error().code == core::ErrorCode::kConflict) return Problem(x, done.error().message, 409);
        return Failed(x, "discard draft", done.error());
    }
    return x.s.web->Redirect(x.request, "/applications");
}

// ---- Task list ------------------------------------------------------------------------------------

json Status(const Ctx& x, std::string_view state) {
    const std::string key = "apply.status_" + std::string(state);
    const char* tag = state == "completed" ? "" : state == "optional" ? "govuk-tag--grey" : "govuk-tag--blue";
    return {{"text", x.T(key)}, {"tag", tag}, {"done", state == "completed"}};
}

http::Response TaskListPage(const Ctx& x) {
    std::optional<http::Response> answer;
    auto l = Load(x, x.request.IntParam("id"), answer);
    if (!l) return std::move(*answer);
    auto problems = x.s.dossiers->CheckDraft(x.caller, l->draft.id);
    if (!problems.ok()) return Failed(x, "check draft", problems.error());
    const auto has = [&](const std::function<bool(const std::string&)>& match) {
        return std::any_of(problems->begin(), problems->end(),
                           [&](const dos::Problem& p) { return match(p.field); });
    };
    const std::string base = Base(l->draft.id);
    json tasks = json::array();
    tasks.push_back({{"href", base + "/applicant"},
                     {"label", x.T("apply.task_applicant")},
                     {"status", Status(x, has([](const std::string& f) {
                                           return f.starts_with("applicant.") || f == "unit" ||
                                                  f == "result_delivery";
                                       })
                                              ? "incomplete"
                                              : "completed")}});
    for (const auto& page : l->version.procedure.eform.pages) {
        const bool bad = has([&](const std::string& f) {
            return f.starts_with("answers.") &&
                   std::any_of(page.fields.begin(), page.fields.end(),
                               [&](const cat::EformField& ef) { return "answers." + ef.name == f; });
        });
        tasks.push_back({{"href", base + "/questions/" + page.id},
                         {"label", x.Pick2(page.title_vi, page.title_en)},
                         {"status", Status(x, bad ? "incomplete" : "completed")}});
    }
    json documents = json::array();
    const auto& components = l->version.procedure.components;
    for (std::size_t i = 0; i < components.size(); ++i) {
        const int n = static_cast<int>(i) + 1;
        const bool attached = l->draft.FileAt(n) != nullptr;
        const char* state = attached ? "completed" : components[i].required ? "incomplete" : "optional";
        documents.push_back({{"href", base + "/documents/" + std::to_string(n)},
                             {"label", x.Pick2(components[i].name_vi, components[i].name_en)},
                             {"status", Status(x, state)}});
    }
    json data = Header(x, *l);
    data["tasks"] = std::move(tasks);
    data["documents"] = std::move(documents);
    data["has_documents"] = !components.empty();
    data["ready"] = problems->empty();
    data["check_href"] = base + "/check";
    return x.Page("apply/task-list", "apply.task_list_title", std::move(data));
}

// ---- Applicant ------------------------------------------------------------------------------------

struct ApplicantForm {
    dos::Applicant a;
    std::string unit;
    std::string delivery;
};

http::Response ApplicantPage(const Ctx& x, const Loaded& l, const ApplicantForm& f, const Errors& errors,
                             int status) {
    const bool business = l.draft.applicant && l.draft.applicant->kind == "business";
    json fields = json::array();
    const auto add = [&](Input in, const std::string& value) {
        fields.push_back(InputJson(in, value, errors));
    };
    add({.id = "applicant-name",
         .name = "name",
         .label = x.T(business ? "apply.business_name" : "apply.full_name"),
         .autocomplete = business ? "organization" : "name"},
        f.a.name);
    add({.id = "applicant-id_number",
         .name = "id_number",
         .label = x.T(business ? "apply.tax_code" : "apply.cccd"),
         .hint = x.T(business ? "apply.tax_code_hint" : "apply.cccd_hint"),
         .inputmode = "numeric",
         .width = "20"},
        f.a.id_number);
    add({.id = "applicant-address",
         .name = "address",
         .label = x.T("apply.address"),
         .hint = x.T("apply.address_hint"),
         .autocomplete = "street-address"},
        f.a.address);
    add({.id = "applicant-phone",
         .name = "phone",
         .label = x.T("apply.phone"),
         .type = "tel",
         .autocomplete = "tel",
         .width = "20"},
        f.a.phone);
    add({.id = "applicant-email",
         .name = "email",
         .label = x.T("apply.email") + " " + x.T("forms.optional"),
         .hint = x.T("apply.email_hint"),
         .type = "email",
         .autocomplete = "email"},
        f.a.email);
    std::vector<std::pair<std::string, std::string>> units;
    for (const auto& u : x.s.dossiers->CompetentUnits(l.version))
        units.emplace_back(std::to_string(u.id), x.Pick2(u.name_vi, u.name_en));
    json data = Header(x, l);
    data["fields"] = std::move(fields);
    data["unit"] = ChoicesJson("unit", "unit", x.T("apply.unit"), x.T("apply.unit_hint"), units, {f.unit},
                               false, errors);
    data["delivery"] = ChoicesJson("result_delivery", "result_delivery", x.T("apply.delivery"), "",
                                   {{"online", x.T("dossier.delivery.online")},
                                    {"postal", x.T("dossier.delivery.postal")},
                                    {"counter", x.T("dossier.delivery.counter")}},
                                   {f.delivery}, false, errors);
    data["errors"] = errors.ToJson();
    return x.Page("apply/applicant", "apply.applicant_title", std::move(data), status);
}

http::Response GetApplicant(const Ctx& x) {
    std::optional<http::Response> answer;
    auto l = Load(x, x.request.IntParam("id"), answer);
    if (!l) return std::move(*answer);
    ApplicantForm f;
    if (l->draft.applicant) f.a = *l->draft.applicant;
    if (l->draft.competent_unit_id) f.unit = std::to_string(*l->draft.competent_unit_id);
    f.delivery = l->draft.result_delivery;
    return ApplicantPage(x, *l, f, {}, 200);
}

http::Response PostApplicant(const Ctx& x, const FormData& form) {
    std::optional<http::Response> answer;
    auto l = Load(x, x.request.IntParam("id"), answer);
    if (!l) return std::move(*answer);
    ApplicantForm f;
    f.a.name = form.Get("name");
    f.a.id_number = form.Get("id_number");
    f.a.address = form.Get("address");
    f.a.phone = form.Get("phone");
    f.a.email = form.Get("email");
    f.unit = form.Get("unit");
    f.delivery = form.Get("result_delivery");
    std::optional<std::int64_t> unit;
    if (!f.unit.empty() && f.unit.size() < 19 &&
        std::all_of(f.unit.begin(), f.unit.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
        unit = std::stoll(f.unit);
    std::vector<dos::Problem> problems;
    auto saved = x.s.dossiers->SaveApplicant(x.caller, l->draft.id, f.a, unit, f.delivery, &problems);
    if (saved.ok()) return x.s.web->Redirect(x.request, NextAfter(*l, Base(l->draft.id) + "/applicant"));
    if (saved.error().message != "dossier.invalid") {
        if (saved.error().code == core::ErrorCode::kNotFound) return http::Response::Empty(404);
        if (saved.error().code == core::ErrorCode::kConflict) return Problem(x, saved.error().message, 409);
        return Failed(x, "save applicant", saved.error());
    }
    // Errors in the order of the fields on the page.
    Errors errors;
    for (const char* field : {"applicant.name", "applicant.id_number", "applicant.address", "applicant.phone",
                              "applicant.email", "unit", "result_delivery"}) {
        for (const auto& p : problems) {
            if (p.field != field) continue;
            const std::string id =
                p.field.starts_with("applicant.") ? "applicant-" + p.field.substr(10) : p.field;
            errors.Add(id, RuleText(x, p.rule));
        }
    }
    return ApplicantPage(x, *l, f, errors, 422);
}

// ---- E-form questions -----------------------------------------------------------------------------

const cat::EformPage* FindPage(const Loaded& l, const std::string& id) {
    for (const auto& p : l.version.procedure.eform.pages)
        if (p.id == id) return &p;
    return nullptr;
}

json QuestionField(const Ctx& x, const cat::EformField& f, const std::string& value, const Errors& errors) {
    std::string label = x.Pick2(f.label_vi, f.label_en);
    std::string hint = x.Pick2(f.hint_vi, f.hint_en);
    const std::string id = "field-" + f.name;
    json out = {{"input", false}, {"textarea", false}, {"choices", false}};
    switch (f.type) {
        case cat::FieldType::kChoice: {
            std::vector<std::pair<std::string, std::string>> options;
            for (const auto& ch : f.choices) options.emplace_back(ch.value, x.Pick2(ch.vi, ch.en));
            out["choices"] = ChoicesJson(id, f.name, label, hint, options, {value}, false, errors);
            return out;
        }
        case cat::FieldType::kCheckbox:
            out["choices"] = ChoicesJson(id, f.name, label, hint, {{"true", x.T("apply.checkbox_yes")}},
                                         {value}, true, errors);
            return out;
        default:
            break;
    }
    if (!f.required) label += " " + x.T("forms.optional");
    Input in{.id = id, .name = f.name, .label = label, .hint = hint};
    std::string shown = value;
    switch (f.type) {
        case cat::FieldType::kTextarea:
            out["textarea"] = InputJson(in, value, errors);
            return out;
        case cat::FieldType::kNumber:
            in.inputmode = "numeric";
            in.width = "10";
            break;
        case cat::FieldType::kDate:
            in.hint = hint.empty() ? x.T("apply.date_hint") : hint + " " + x.T("apply.date_hint");
            in.width = "10";
            shown = IsoToShown(value);
            break;
        case cat::FieldType::kCccd:
            in.inputmode = "numeric";
            in.width = "20";
            break;
        case cat::FieldType::kPhone:
            in.type = "tel";
            in.autocomplete = "tel";
            in.width = "20";
            break;
        case cat::FieldType::kEmail:
            in.type = "email";
            in.autocomplete = "email";
            break;
        case cat::FieldType::kTaxCode:
            in.width = "20";
            break;
        default:
            break;
    }
    out["input"] = InputJson(in, shown, errors);
    return out;
}

http::Response QuestionPage(const Ctx& x, const Loaded& l, const cat::EformPage& page,
                            const dos::Answers& values, const Errors& errors, int status) {
    json fields = json::array();
    for (const auto& f : page.fields) {
        const auto it = values.find(f.name);
        fields.push_back(QuestionField(x, f, it == values.end() ? "" : it->second, errors));
    }
    json data = Header(x, l);
    data["heading"] = x.Pick2(page.title_vi, page.title_en);
    data["action"] = Base(l.draft.id) + "/questions/" + page.id;
    data["fields"] = std::move(fields);
    data["errors"] = errors.ToJson();
    return x.Page("apply/question", "apply.question_title", std::move(data), status);
}

http::Response GetQuestion(const Ctx& x) {
    std::optional<http::Response> answer;
    auto l = Load(x, x.request.IntParam("id"), answer);
    if (!l) return std::move(*answer);
    const auto* page = FindPage(*l, x.request.Param("page"));
    if (!page) return http::Response::Empty(404);
    return QuestionPage(x, *l, *page, l->draft.answers, {}, 200);
}

http::Response PostQuestion(const Ctx& x, const FormData& form) {
    std::optional<http::Response> answer;
    auto l = Load(x, x.request.IntParam("id"), answer);
    if (!l) return std::move(*answer);
    const auto* page = FindPage(*l, x.request.Param("page"));
    if (!page) return http::Response::Empty(404);
    dos::Answers answers;
    for (const auto& f : page->fields) {
        std::string value = f.type == cat::FieldType::kTextarea ? form.GetText(f.name) : form.Get(f.name);
        if (f.type == cat::FieldType::kDate) value = ShownToIso(value);
        if (f.type == cat::FieldType::kCheckbox) value = value == "true" ? "true" : "";
        if (!value.empty()) answers[f.name] = value;
    }
    std::vector<dos::Problem> problems;
    auto saved = x.s.dossiers->SaveAnswers(x.caller, l->draft.id, page->id, answers, &problems);
    if (saved.ok())
        return x.s.web->Redirect(x.request, NextAfter(*l, Base(l->draft.id) + "/questions/" + page->id));
    if (saved.error().message != "dossier.invalid") {
        if (saved.error().code == core::ErrorCode::kNotFound) return http::Response::Empty(404);
        if (saved.error().code == core::ErrorCode::kConflict) return Problem(x, saved.error().message, 409);
        return Failed(x, "save answers", saved.error());
    }
    Errors errors;
    for (const auto& f : page->fields)
        for (const auto& p : problems)
            if (p.field == "answers." + f.name) errors.Add("field-" + f.name, RuleText(x, p.rule));
    return QuestionPage(x, *l, *page, answers, errors, 422);
}

// ---- Documents --------------------------------------------------------------------------------------

std::string KindsText(const std::vector<dos::FileKind>& kinds) {
    std::string out;
    for (auto k : kinds) {
        if (!out.empty()) out += ", ";
        std::string ext(dos::Extension(k));
        std::transform(ext.begin(), ext.end(), ext.begin(),
                       [](unsigned char ch) { return std::toupper(ch); });
        out += ext;
    }
    return out;
}

http::Response DocumentPage(const Ctx& x, const Loaded& l, int n, const Errors& errors, int status) {
    const auto& component = l.version.procedure.components[static_cast<std::size_t>(n - 1)];
    const auto kinds = x.s.dossiers->AllowedKinds(l.version, n);
    const std::string base = Base(l.draft.id) + "/documents/" + std::to_string(n);
    json data = Header(x, l);
    data["n"] = n;
    data["name"] = x.Pick2(component.name_vi, component.name_en);
    data["required"] = component.required;
    data["action"] = base;
    data["kinds"] = KindsText(kinds);
    data["limit"] = SizeText(x.s.dossiers->options().max_file_bytes);
    data["file_field"] = Common("file",
                                x.c.Format(x.lang, "apply.file_hint",
                                           {{"kinds", KindsText(kinds)},
                                            {"limit", SizeText(x.s.dossiers->options().max_file_bytes)}}),
                                errors);
    data["file_field"]["label"] = x.T("apply.file_label");
    if (const auto* f = l.draft.FileAt(n)) {
        data["current"] = {{"name", f->file.name}, {"size", SizeText(f->file.size)}, {"reused", f->reused}};
    } else {
        data["current"] = false;
    }
    json items = json::array();
    if (component.reusable) {
        std::vector<std::pair<std::string, std::string>> options;
        for (const auto& item : x.s.dossiers->StoreItems(x.caller)) {
            if (std::none_of(kinds.begin(), kinds.end(),
                             [&](dos::FileKind k) { return dos::MediaType(k) == item.file.media_type; }))
                continue;
            options.emplace_back(std::to_string(item.id),
                                 item.title + " (" + item.file.name + ", " + ShowDate(item.created_at) + ")");
        }
        if (!options.empty()) {
            data["store"] =
                ChoicesJson("item", "item", x.T("apply.store_legend"), "", options, {}, false, errors);
        }
    }
    if (!data.contains("store")) data["store"] = false;
    data["reusable"] = component.reusable;
    data["next_href"] = NextAfter(l, base);
    data["errors"] = errors.ToJson();
    return x.Page("apply/document", "apply.document_title", std::move(data), status);
}

std::optional<int> ComponentNumber(const Ctx& x, const Loaded& l) {
    const auto n = x.request.IntParam("n");
    if (n < 1 || n > static_cast<std::int64_t>(l.version.procedure.components.size())) return std::nullopt;
    return static_cast<int>(n);
}

http::Response GetDocument(const Ctx& x) {
    std::optional<http::Response> answer;
    auto l = Load(x, x.request.IntParam("id"), answer);
    if (!l) return std::move(*answer);
    const auto n = ComponentNumber(x, *l);
    if (!n) return http::Response::Empty(404);
    return DocumentPage(x, *l, *n, {}, 200);
}

int UploadStatus(const core::Error& e) {
    if (e.code == core::ErrorCode::kPayloadTooLarge) return 413;
    if (e.code == core::ErrorCode::kUnavailable) return 503;
    if (e.code == core::ErrorCode::kNotFound) return 404;
    if (e.code == core::ErrorCode::kConflict) return 409;
    if (e.code == core::ErrorCode::kInvalidArgument) return 422;
    return 500;
}

// After a change to a document: the page again with the error, or back to it (the applicant sees
// the file and continues from there).
http::Response AfterDocumentChange(const Ctx& x, std::int64_t id, int n, const core::Result<dos::Draft>& done,
                                   const std::string& field, std::string_view flash) {
    if (done.ok()) return x.s.web->Redirect(x.request, Base(id) + "/documents/" + std::to_string(n), flash);
    const int status = UploadStatus(done.error());
    if (status == 404) return http::Response::Empty(404);
    if (status == 500) return Failed(x, "document change", done.error());
    std::optional<http::Response> answer;
    auto l = Load(x, id, answer);
    if (!l) return std::move(*answer);
    Errors errors;
    errors.Add(field, RuleText(x, done.error().message, SizeText(x.s.dossiers->options().max_file_bytes),
                               KindsText(x.s.dossiers->AllowedKinds(l->version, n))));
    return DocumentPage(x, *l, n, errors, status);
}

http::Response PostUpload(const Ctx& x, const FormData& form) {
    std::optional<http::Response> answer;
    auto l = Load(x, x.request.IntParam("id"), answer);
    if (!l) return std::move(*answer);
    const auto n = ComponentNumber(x, *l);
    if (!n) return http::Response::Empty(404);
    const FormFile* file = form.File("file");
    if (!file) {
        Errors errors;
        errors.Add("file", x.T("apply.error_no_file"));
        return DocumentPage(x, *l, *n, errors, 422);
    }
    auto done = x.s.dossiers->AttachFile(x.caller, l->draft.id, *n, dos::Upload{file->name, file->data});
    return AfterDocumentChange(x, l->draft.id, *n, done, "file", "");
}

http::Response PostReuse(const Ctx& x, const FormData& form) {
    std::optional<http::Response> answer;
    auto l = Load(x, x.request.IntParam("id"), answer);
    if (!l) return std::move(*answer);
    const auto n = ComponentNumber(x, *l);
    if (!n) return http::Response::Empty(404);
    const std::string item = form.Get("item");
    if (item.empty() || item.size() > 18 ||
        !std::all_of(item.begin(), item.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
        Errors errors;
        errors.Add("item", x.T("apply.error_no_item"));
        return DocumentPage(x, *l, *n, errors, 422);
    }
    auto done = x.s.dossiers->ReuseStoreItem(x.caller, l->draft.id, *n, std::stoll(item));
    return AfterDocumentChange(x, l->draft.id, *n, done, "item", "");
}

http::Response PostRemove(const Ctx& x, const FormData&) {
    std::optional<http::Response> answer;
    auto l = Load(x, x.request.IntParam("id"), answer);
    if (!l) return std::move(*answer);
    const auto n = ComponentNumber(x, *l);
    if (!n) return http::Response::Empty(404);
    auto done = x.s.dossiers->RemoveFile(x.caller, l->draft.id, *n);
    return AfterDocumentChange(x, l->draft.id, *n, done, "file", "");
}

// ---- Check and submit -------------------------------------------------------------------------------

std::string AnswerText(const Ctx& x, const cat::EformField& f, const dos::Answers& answers) {
    const auto it = answers.find(f.name);
    if (it == answers.end() || it->second.empty()) return x.T("apply.not_given");
    switch (f.type) {
        case cat::FieldType::kChoice:
            for (const auto& ch : f.choices)
                if (ch.value == it->second) return x.Pick2(ch.vi, ch.en);
            return it->second;
        case cat::FieldType::kCheckbox:
            return x.T(it->second == "true" ? "apply.yes" : "apply.no");
        case cat::FieldType::kDate:
            return IsoToShown(it->second);
        default:
            return it->second;
    }
}

http::Response CheckPage(const Ctx& x, const Loaded& l, const std::vector<dos::Problem>& problems,
                         int status) {
    const std::string base = Base(l.draft.id);
    const auto row = [&](const std::string& key, const std::string& value, const std::string& href) {
        return json{{"key", key}, {"value", value}, {"href", href}, {"change", x.T("apply.change")}};
    };
    json sections = json::array();
    {
        json rows = json::array();
        const dos::Applicant a = l.draft.applicant.value_or(dos::Applicant{});
        const bool business = a.kind == "business";
        const std::string href = base + "/applicant";
        const auto or_none = [&](const std::string& v) { return v.empty() ? x.T("apply.not_given") : v; };
        rows.push_back(row(x.T(business ? "apply.business_name" : "apply.full_name"), or_none(a.name),
                           href + "#applicant-name"));
        rows.push_back(row(x.T(business ? "apply.tax_code" : "apply.cccd"), or_none(a.id_number),
                           href + "#applicant-id_number"));
        rows.push_back(row(x.T("apply.address"), or_none(a.address), href + "#applicant-address"));
        rows.push_back(row(x.T("apply.phone"), or_none(a.phone), href + "#applicant-phone"));
        rows.push_back(row(x.T("apply.email"), or_none(a.email), href + "#applicant-email"));
        std::string unit = x.T("apply.not_given");
        if (l.draft.competent_unit_id)
            if (auto u = x.s.units->Find(*l.draft.competent_unit_id)) unit = x.Pick2(u->name_vi, u->name_en);
        rows.push_back(row(x.T("apply.unit"), unit, href + "#unit"));
        rows.push_back(row(x.T("apply.delivery"), x.T("dossier.delivery." + l.draft.result_delivery),
                           href + "#result_delivery"));
        sections.push_back({{"title", x.T("apply.task_applicant")}, {"rows", std::move(rows)}});
    }
    for (const auto& page : l.version.procedure.eform.pages) {
        json rows = json::array();
        for (const auto& f : page.fields)
            rows.push_back(row(x.Pick2(f.label_vi, f.label_en), AnswerText(x, f, l.draft.answers),
                               base + "/questions/" + page.id + "#field-" + f.name));
        sections.push_back({{"title", x.Pick2(page.title_vi, page.title_en)}, {"rows", std::move(rows)}});
    }
    {
        json rows = json::array();
        const auto& components = l.version.procedure.components;
        for (std::size_t i = 0; i < components.size(); ++i) {
            const int n = static_cast<int>(i) + 1;
            std::string value = x.T(components[i].required ? "apply.not_given" : "apply.not_needed");
            if (const auto* f = l.draft.FileAt(n))
                value = f->file.name + (f->reused ? " (" + x.T("apply.reused") + ")" : "");
            rows.push_back(row(x.Pick2(components[i].name_vi, components[i].name_en), value,
                               base + "/documents/" + std::to_string(n)));
        }
        if (!rows.empty())
            sections.push_back({{"title", x.T("apply.task_documents")}, {"rows", std::move(rows)}});
    }
    Errors errors;
    for (const auto& p : problems) errors.Add(p.field, RuleText(x, p.rule), ProblemHref(l, p.field));
    json data = Header(x, l);
    data["sections"] = std::move(sections);
    data["errors"] = errors.ToJson();
    data["submit_action"] = base + "/submit";
    return x.Page("apply/check", "apply.check_title", std::move(data), status);
}

http::Response GetCheck(const Ctx& x) {
    std::optional<http::Response> answer;
    auto l = Load(x, x.request.IntParam("id"), answer);
    if (!l) return std::move(*answer);
    return CheckPage(x, *l, {}, 200);
}

http::Response PostSubmit(const Ctx& x, const FormData&) {
    const std::int64_t id = x.request.IntParam("id");
    std::vector<dos::Problem> problems;
    auto submitted = x.s.dossiers->SubmitDraft(x.caller, id, &problems);
    if (submitted.ok())
        return x.s.web->Redirect(x.request, "/dossiers/" + submitted->dossier.code + "/submitted");
    const auto& e = submitted.error();
    if (e.code == core::ErrorCode::kNotFound) return http::Response::Empty(404);
    if (e.message != "dossier.invalid") {
        if (e.code == core::ErrorCode::kInvalidArgument) return Problem(x, e.message, 422);
        return Failed(x, "submit", e);
    }
    std::optional<http::Response> answer;
    auto l = Load(x, id, answer);
    if (!l) return std::move(*answer);
    return CheckPage(x, *l, problems, 422);
}

// ---- Dossiers -----------------------------------------------------------------------------------------

std::string ProcedureName(const Ctx& x, std::int64_t version_id, const std::string& fallback) {
    auto v = x.s.catalog->VersionById(version_id);
    return v.ok() ? x.Pick2(v->procedure.name_vi, v->procedure.name_en) : fallback;
}

std::string UnitName(const Ctx& x, std::int64_t id) {
    auto u = x.s.units->Find(id);
    return u ? x.Pick2(u->name_vi, u->name_en) : std::string();
}

std::string StateName(const Ctx& x, dos::State s) {
    return x.T("dossier.state." + std::to_string(dos::Code(s)));
}

http::Response SubmittedPage(const Ctx& x) {
    auto d = x.s.dossiers->Get(x.caller, x.request.Param("code"));
    if (!d.ok()) return http::Response::Empty(404);
    json data;
    data["code"] = d->code;
    data["procedure"] = ProcedureName(x, d->procedure_version_id, d->procedure_code);
    data["email"] = OrFalse(d->applicant.email);
    data["unit"] = UnitName(x, d->receiving_unit_id);
    data["submitted"] = ShowTime(d->submitted_at);
    return x.Page("apply/submitted", "apply.submitted_title", std::move(data));
}

std::string MyDossiersHref(int page) { return "/my/dossiers?page=" + std::to_string(page); }

http::Response MyDossiersPage(const Ctx& x) {
    int page = 1;
    if (auto p = x.request.QueryParam("page")) {
        const int n = std::atoi(p->c_str());
        page = n >= 1 && n <= 100'000 ? n : 1;
    }
    auto list = x.s.dossiers->Mine(x.caller, page, kPerPage);
    json rows = json::array();
    for (const auto& d : list.items) {
        rows.push_back({{"code", d.code},
                        {"href", "/dossiers/" + d.code},
                        {"procedure", x.Pick2(d.procedure_name_vi, d.procedure_name_en)},
                        {"state", StateName(x, d.state)},
                        {"submitted", ShowDate(d.submitted_at)},
                        {"appointment", d.appointment_at ? ShowTime(*d.appointment_at) : std::string()}});
    }
    const int pages = static_cast<int>((list.total + kPerPage - 1) / kPerPage);
    json pagination = {{"show", pages > 1}};
    if (page > 1)
        pagination["previous"] = {{"href", MyDossiersHref(page - 1)}, {"label", x.T("catalog.previous")}};
    if (page < pages)
        pagination["next"] = {{"href", MyDossiersHref(page + 1)}, {"label", x.T("catalog.next")}};
    json data;
    data["has_dossiers"] = !rows.empty();
    data["dossiers"] = std::move(rows);
    data["pagination"] = std::move(pagination);
    data["count"] = x.c.Format(x.lang, "apply.dossiers_count", {{"count", std::to_string(list.total)}});
    return x.Page("apply/dossiers", "apply.dossiers_title", std::move(data));
}

http::Response DossierPage(const Ctx& x) {
    auto d = x.s.dossiers->Get(x.caller, x.request.Param("code"));
    if (!d.ok()) return http::Response::Empty(404);
    const std::string base = "/dossiers/" + d->code;
    json history = json::array();
    for (const auto& h : d->history) {
        const std::string key = "apply.action." + h.action, shared = "processing.action." + h.action;
        history.push_back({{"at", ShowTime(h.at)},
                           {"state", StateName(x, h.to)},
                           {"action", x.c.Find(x.lang, key)      ? x.T(key)
                                      : x.c.Find(x.lang, shared) ? x.T(shared)
                                                                 : h.action},
                           {"note", h.note}});
    }
    json components = json::array();
    for (const auto& c : d->components) {
        json row = {{"n", c.position},
                    {"name", x.Pick2(c.name_vi, c.name_en)},
                    {"digitised", c.digitised},
                    {"reused", c.reused},
                    {"file", false}};
        if (c.file)
            row["file"] = {{"href", base + "/files/" + std::to_string(c.position)},
                           {"name", c.file->name},
                           {"size", SizeText(c.file->size)}};
        components.push_back(std::move(row));
    }
    json forms = json::array();
    for (const auto& f : d->forms)
        forms.push_back({{"href", base + "/forms/" + f.form},
                         {"name", x.T("dossier.form." + f.form)},
                         {"issued", ShowTime(f.issued_at)}});
    json data;
    data["code"] = d->code;
    data["procedure"] = ProcedureName(x, d->procedure_version_id, d->procedure_code);
    data["procedure_code"] = d->procedure_code;
    data["state"] = StateName(x, d->state);
    data["channel"] = x.T("dossier.channel." + std::to_string(dos::Code(d->channel)));
    data["applicant"] = d->applicant.name;
    data["receiving_unit"] = UnitName(x, d->receiving_unit_id);
    data["competent_unit"] = UnitName(x, d->competent_unit_id);
    data["delivery"] = x.T("dossier.delivery." + d->result_delivery);
    data["submitted"] = ShowTime(d->submitted_at);
    data["received"] = d->received_at ? json(ShowTime(*d->received_at)) : json(false);
    // The current due time: the receipt's appointment, moved by supplement pauses or an extension.
    const auto due = d->due_at ? d->due_at : d->appointment_at;
    data["appointment"] = due ? json(ShowTime(*due)) : json(false);
    const bool owner = d->applicant_account_id && *d->applicant_account_id == x.caller.principal.account_id;
    data["rate_href"] = owner && d->state == dos::State::kReturned ? json(base + "/rating") : json(false);
    // Fees and payment (issue 9): the applicant's page of fees, when the procedure version has any.
    data["pay_href"] = false;
    if (owner)
        if (auto v = x.s.catalog->VersionById(d->procedure_version_id); v.ok())
            for (const auto& fee : v->procedure.fees)
                if (fee.amount_vnd > 0) data["pay_href"] = base + "/payment";
    data["history"] = std::move(history);
    data["components"] = std::move(components);
    data["has_forms"] = !forms.empty();
    data["forms"] = std::move(forms);
    return x.Page("apply/dossier", "apply.dossier_title", std::move(data));
}

// A file for download: never rendered by the browser in our origin, never cached by others.
http::Response Download(const dos::FileContent& content, std::string_view disposition = "attachment") {
    http::Response r = http::Response::Text(200, content.bytes, content.file.media_type);
    const std::string name = content.file.name.empty() ? "file" : content.file.name;
    r.SetHeader("Content-Disposition", std::string(disposition) + "; filename=\"" + core::UrlEncode(name) +
                                           "\"; filename*=UTF-8''" + core::UrlEncode(name));
    r.SetHeader("X-Content-Type-Options", "nosniff");
    r.SetHeader("Cache-Control", "private, no-store");
    return r;
}

http::Response DossierFile(const Ctx& x) {
    auto file = x.s.dossiers->ComponentFile(x.caller, x.request.Param("code"),
                                            static_cast<int>(x.request.IntParam("n")));
    if (!file.ok()) {
        if (file.error().code == core::ErrorCode::kNotFound) return http::Response::Empty(404);
        return Failed(x, "dossier file", file.error());
    }
    return Download(*file);
}

http::Response DossierForm(const Ctx& x) {
    const std::string& form = x.request.Param("form");
    auto pdf = x.s.dossiers->FormPdf(x.caller, x.request.Param("code"), form, *x.s.documents);
    if (!pdf.ok()) {
        if (pdf.error().code == core::ErrorCode::kNotFound) return http::Response::Empty(404);
        return Failed(x, "dossier form", pdf.error());
    }
    dos::FileContent content{{"", x.request.Param("code") + "-" + form + ".pdf", "application/pdf",
                              static_cast<std::int64_t>(pdf->size())},
                             std::move(*pdf)};
    return Download(content, "inline");
}

// ---- Data store -------------------------------------------------------------------------------------

http::Response DataStorePage(const Ctx& x) {
    json rows = json::array();
    for (const auto& item : x.s.dossiers->StoreItems(x.caller)) {
        rows.push_back({{"title", item.title},
                        {"href", "/my/data-store/" + std::to_string(item.id) + "/file"},
                        {"name", item.file.name},
                        {"size", SizeText(item.file.size)},
                        {"source", OrFalse(item.source_dossier_code.value_or(""))},
                        {"added", ShowDate(item.created_at)}});
    }
    json data;
    data["has_items"] = !rows.empty();
    data["items"] = std::move(rows);
    return x.Page("apply/data-store", "apply.store_title", std::move(data));
}

http::Response DataStoreFile(const Ctx& x) {
    auto file = x.s.dossiers->StoreItemFile(x.caller, x.request.IntParam("id"));
    if (!file.ok()) {
        if (file.error().code == core::ErrorCode::kNotFound) return http::Response::Empty(404);
        return Failed(x, "data-store file", file.error());
    }
    return Download(*file);
}

// Handlers get a fresh Ctx per request.
template <typename F>
http::Handler Page(const app::Services& s, F f) {
    return [s, f](http::Request& request) {
        Ctx x(s, request);
        return f(x);
    };
}
template <typename F>
FormHandler Form(const app::Services& s, F f) {
    return [s, f](http::Request& request, const FormData& form) {
        Ctx x(s, request);
        return f(x, form);
    };
}

}  // namespace

void RegisterApplyPages(http::Router& router, const app::Services& services) {
    const Shell* shell = services.web;
    const auto& s = services;
    shell->PostForm(router, "/procedures/{code}/apply", kApplicants,
                    Form(s, [](const Ctx& x, const FormData&) { return PostStart(x); }));
    router.Get("/applications", kApplicants, Page(s, DraftsPage));
    router.Get("/applications/{id:int}", kApplicants, Page(s, TaskListPage));
    router.Get("/applications/{id:int}/applicant", kApplicants, Page(s, GetApplicant));
    shell->PostForm(router, "/applications/{id:int}/applicant", kApplicants, Form(s, PostApplicant));
    router.Get("/applications/{id:int}/questions/{page}", kApplicants, Page(s, GetQuestion));
    shell->PostForm(router, "/applications/{id:int}/questions/{page}", kApplicants, Form(s, PostQuestion));
    router.Get("/applications/{id:int}/documents/{n:int}", kApplicants, Page(s, GetDocument));
    shell->PostForm(router, "/applications/{id:int}/documents/{n:int}", kApplicants, Form(s, PostUpload));
    shell->PostForm(router, "/applications/{id:int}/documents/{n:int}/reuse", kApplicants,
                    Form(s, PostReuse));
    shell->PostForm(router, "/applications/{id:int}/documents/{n:int}/remove", kApplicants,
                    Form(s, PostRemove));
    router.Get("/applications/{id:int}/check", kApplicants, Page(s, GetCheck));
    shell->PostForm(router, "/applications/{id:int}/submit", kApplicants, Form(s, PostSubmit));
    shell->PostForm(router, "/applications/{id:int}/discard", kApplicants,
                    Form(s, [](const Ctx& x, const FormData&) { return PostDiscard(x); }));
    router.Get("/my/dossiers", kApplicants, Page(s, MyDossiersPage));
    router.Get("/my/data-store", kApplicants, Page(s, DataStorePage));
    router.Get("/my/data-store/{id:int}/file", kApplicants, Page(s, DataStoreFile));
    router.Get("/dossiers/{code}/submitted", http::Access::SignedIn(), Page(s, SubmittedPage));
    router.Get("/dossiers/{code}", http::Access::SignedIn(), Page(s, DossierPage));
    router.Get("/dossiers/{code}/files/{n:int}", http::Access::SignedIn(), Page(s, DossierFile));
    router.Get("/dossiers/{code}/forms/{form}", http::Access::SignedIn(), Page(s, DossierForm));
}

}  // namespace mocua::web
