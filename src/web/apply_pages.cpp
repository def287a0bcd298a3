#include "web/apply_pages.hpp"

#include <algorithm>
#include <functional>
#include <map>

#include "domain/org/units.hpp"
#include "web/apply_common.hpp"

namespace mocua::web {

namespace {

using namespace apply_detail;

const http::Access kApplicants = http::Access::AnyRole({"citizen", "business"});

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
