#include "web/counter_pages.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "app/services.hpp"
#include "core/clock.hpp"
#include "core/strings.hpp"
#include "domain/calendar/dates.hpp"
#include "domain/catalog/catalog_service.hpp"
#include "domain/dossier/dossier_service.hpp"
#include "domain/identity/identity_service.hpp"
#include "domain/org/units.hpp"
#include "http/router.hpp"
#include "log/log.hpp"
#include "web/dossier_pages_common.hpp"
#include "web/eform_view.hpp"
#include "web/format.hpp"
#include "web/page_state.hpp"
#include "web/shell.hpp"

namespace mocua::web {

namespace {

namespace dossier = domain::dossier;
namespace catalog = domain::catalog;
using nlohmann::json;

const std::vector<std::string> kOfficer = {"onestop_officer"};

std::vector<std::string> ReaderRoles() {
    std::vector<std::string> out;
    for (auto r : dossier::StaffReaderRoles()) out.emplace_back(r);
    return out;
}

std::string UnitName(const app::Services& s, Language language, std::int64_t id) {
    auto u = s.units->Find(id);
    return u ? Localised(language, u->name_vi, u->name_en) : std::to_string(id);
}

std::string StateName(const Catalog& c, Language language, dossier::State state) {
    return c.Get(language, "dossier.state." + std::to_string(dossier::Code(state)));
}

// A radio/checkbox group whose option labels are data (unit names), built on ChoiceField.
json DataChoices(const std::string& id, const std::string& name, const std::string& legend_key,
                 const std::vector<std::pair<std::string, std::string>>& value_labels, const std::string& selected,
                 const FormErrors& errors, const Catalog& c, Language language) {
    ChoiceSpec spec{.id = id, .name = name, .legend_key = legend_key};
    for (const auto& [value, label] : value_labels) spec.options.emplace_back(value, "");
    json f = ChoiceField(spec, {selected}, errors, c, language);
    for (std::size_t i = 0; i < value_labels.size(); ++i) f["options"][i]["label"] = value_labels[i].second;
    return f;
}

http::Response NotFound() { return http::Response::Empty(404); }

http::Response ServiceFailure(const http::Request& request, const core::Error& e) {
    switch (e.code) {
        case core::ErrorCode::kNotFound: return http::Response::Empty(404);
        case core::ErrorCode::kForbidden: return http::Response::Empty(403);
        default:
            log::Get("web")->error("request_id={} counter: {}", request.request_id, e.message);
            return http::Response::Empty(e.code == core::ErrorCode::kUnavailable ? 503 : 500);
    }
}

// ---- Queue ---------------------------------------------------------------------------------------------

json SummaryRows(const app::Services& s, Language language, const std::vector<dossier::DossierSummary>& items) {
    const Catalog& c = s.web->catalog();
    json rows = json::array();
    for (const auto& d : items) {
        rows.push_back({{"code", d.code},
                        {"procedure", Localised(language, d.procedure_name_vi, d.procedure_name_en)},
                        {"applicant", d.applicant_name},
                        {"channel", c.Get(language, "dossier.channel." + std::to_string(dossier::Code(d.channel)))},
                        {"state", StateName(c, language, d.state)},
                        {"waiting", d.state == dossier::State::kNew},
                        {"submitted", ShowTime(d.submitted_at)},
                        {"appointment", ShowTime(d.appointment_at)}});
    }
    return rows;
}

http::Response QueuePage(const app::Services& s, http::Request& request) {
    const auto principal = DomainPrincipal(request);
    const auto caller = CallerOf(s, request, principal);
    const Language language = s.web->LanguageOf(request);
    dossier::ListFilter filter;
    for (const auto& u : s.dossiers->ReceivingUnitsOf(caller)) filter.unit_ids.push_back(u.id);
    filter.states = {dossier::State::kNew};
    filter.per_page = 100;
    json data;
    data["has_units"] = !filter.unit_ids.empty();
    if (!filter.unit_ids.empty()) {
        auto page = s.dossiers->List(caller, filter);
        if (!page.ok()) return ServiceFailure(request, page.error());
        data["items"] = SummaryRows(s, language, page->items);
        data["has_items"] = !page->items.empty();
        data["count"] = page->total;
    }
    data["scanner_down"] = !s.dossiers->ScannerAvailable();
    return s.web->Page(request, "counter/index", "counter.title", std::move(data));
}

// ---- Reception form ----------------------------------------------------------------------------------

struct CounterInput {
    std::string receiving, channel = "1", competent, kind = "citizen", delivery = "counter", sets = "1";
    dossier::Applicant applicant;
    dossier::Answers answers;
    std::map<int, std::string> handed;    // position → handed_in name
    std::map<int, std::string> quantity;  // position → as typed
};

const InputSpec kName{.id = "applicant-name", .name = "applicant_name", .label_key = "counter.applicant_name",
                      .autocomplete = "off"};
const InputSpec kIdNumber{.id = "applicant-id-number", .name = "applicant_id_number",
                          .label_key = "counter.applicant_id_number", .hint_key = "counter.applicant_id_number_hint",
                          .width = "20"};
const InputSpec kAddress{.id = "applicant-address", .name = "applicant_address", .label_key = "counter.applicant_address"};
const InputSpec kPhone{.id = "applicant-phone", .name = "applicant_phone", .label_key = "counter.applicant_phone",
                       .type = "tel", .width = "20"};
const InputSpec kEmail{.id = "applicant-email", .name = "applicant_email", .label_key = "counter.applicant_email",
                       .hint_key = "counter.applicant_email_hint", .type = "email"};
const InputSpec kSets{.id = "sets", .name = "sets", .label_key = "counter.sets", .inputmode = "numeric", .width = "4"};

std::vector<catalog::EformField> AllFields(const catalog::Procedure& p) {
    std::vector<catalog::EformField> out;
    for (const auto& page : p.eform.pages) out.insert(out.end(), page.fields.begin(), page.fields.end());
    return out;
}

http::Response ChooseProcedurePage(const app::Services& s, http::Request& request) {
    const Language language = s.web->LanguageOf(request);
    catalog::SearchQuery q;
    q.q = request.QueryParam("q").value_or("");
    q.per_page = 30;
    auto found = s.catalog->Search(q);
    json items = json::array();
    if (found.ok()) {
        for (const auto& i : found->items) {
            items.push_back({{"code", i.code}, {"name", Localised(language, i.name_vi, i.name_en)}});
        }
    }
    json data;
    data["q"] = q.q;
    data["items"] = std::move(items);
    data["has_items"] = found.ok() && !found->items.empty();
    return s.web->Page(request, "counter/choose", "counter.new_title", std::move(data));
}

http::Response NewPage(const app::Services& s, http::Request& request, const catalog::Version& v,
                       const CounterInput& in, const FormErrors& errors, int status) {
    const auto principal = DomainPrincipal(request);
    const auto caller = CallerOf(s, request, principal);
    const Language language = s.web->LanguageOf(request);
    const Catalog& c = s.web->catalog();
    const auto& p = v.procedure;
    json data;
    data["procedure"] = {{"code", p.code}, {"name", Localised(language, p.name_vi, p.name_en)}};
    std::vector<std::pair<std::string, std::string>> receiving;
    for (const auto& u : s.dossiers->ReceivingUnitsOf(caller)) {
        receiving.emplace_back(std::to_string(u.id), Localised(language, u.name_vi, u.name_en));
    }
    if (receiving.size() == 1) {
        data["receiving_single"] = {{"value", receiving[0].first}, {"name", receiving[0].second}};
    } else {
        data["receiving"] = DataChoices("receiving", "receiving", "counter.receiving", receiving, in.receiving, errors,
                                        c, language);
    }
    std::vector<std::pair<std::string, std::string>> competent;
    for (const auto& u : s.dossiers->CompetentUnits(v)) {
        competent.emplace_back(std::to_string(u.id), Localised(language, u.name_vi, u.name_en));
    }
    const std::string competent_selected =
        in.competent.empty() && competent.size() == 1 ? competent[0].first : in.competent;
    data["competent"] = DataChoices("unit", "competent", "counter.competent", competent, competent_selected, errors, c,
                                    language);
    data["channel"] = ChoiceField({.id = "channel", .name = "channel", .legend_key = "counter.channel",
                                   .options = {{"1", "dossier.channel.1"}, {"3", "dossier.channel.3"}}},
                                  {in.channel}, errors, c, language);
    data["kind"] = ChoiceField({.id = "applicant-kind", .name = "applicant_kind", .legend_key = "counter.applicant_kind",
                                .options = {{"citizen", "counter.kind_citizen"}, {"business", "counter.kind_business"}}},
                               {in.kind}, errors, c, language);
    data["name"] = InputField(kName, in.applicant.name, errors, c, language);
    data["id_number"] = InputField(kIdNumber, in.applicant.id_number, errors, c, language);
    data["address"] = InputField(kAddress, in.applicant.address, errors, c, language);
    data["phone"] = InputField(kPhone, in.applicant.phone, errors, c, language);
    data["email"] = InputField(kEmail, in.applicant.email, errors, c, language);
    json eform = json::array();
    for (const auto& f : AllFields(p)) eform.push_back(EformFieldView(f, in.answers, errors, c, language));
    data["eform"] = std::move(eform);
    data["has_eform"] = !data["eform"].empty();
    json components = json::array();
    for (std::size_t i = 0; i < p.components.size(); ++i) {
        const int position = static_cast<int>(i) + 1;
        const auto& comp = p.components[i];
        const std::string n = std::to_string(position);
        const auto handed = in.handed.count(position) ? in.handed.at(position) : "none";
        json handed_field = ChoiceField(
            {.id = "component-" + n, .name = "handed_" + n, .legend_key = "counter.handed_in",
             .options = {{"none", "dossier.handed_in.none"},
                         {"original", "dossier.handed_in.original"},
                         {"copy", "dossier.handed_in.copy"},
                         {"certified_copy", "dossier.handed_in.certified_copy"}}},
            {handed}, errors, c, language);
        InputSpec qty{.id = "quantity-" + n, .name = "quantity_" + n, .label_key = "counter.quantity",
                      .inputmode = "numeric", .width = "2"};
        std::vector<std::string> kinds;
        for (auto k : s.dossiers->AllowedKinds(v, position)) kinds.emplace_back(domain::dossier::FileKindName(k));
        std::string kinds_text;
        for (const auto& k : kinds) kinds_text += (kinds_text.empty() ? "" : ", ") + k;
        std::string scan_error;
        if (const std::string* key = errors.For("scan-" + n)) scan_error = c.Get(language, *key);
        components.push_back(
            {{"position", position},
             {"name", Localised(language, comp.name_vi, comp.name_en)},
             {"required", comp.required},
             {"copy", c.Get(language, "catalog.copy_" + std::string(catalog::CopyKindName(comp.copy)))},
             {"handed", std::move(handed_field)},
             {"quantity", InputField(qty, in.quantity.count(position) ? in.quantity.at(position)
                                                                        : std::to_string(comp.quantity),
                                     errors, c, language)},
             {"scan_id", "scan-" + n},
             {"scan_hint", c.Format(language, "dossier.upload_hint",
                                    {{"kinds", kinds_text},
                                     {"limit", std::to_string(s.dossiers->options().max_file_bytes / (1024 * 1024)) +
                                                   " MB"}})},
             {"scan_error", scan_error.empty() ? json(false) : json(scan_error)}});
    }
    data["components"] = std::move(components);
    data["has_components"] = !data["components"].empty();
    data["sets"] = InputField(kSets, in.sets, errors, c, language);
    data["delivery"] = ChoiceField({.id = "result-delivery", .name = "result_delivery", .legend_key = "counter.delivery",
                                    .options = {{"counter", "dossier.delivery.counter"},
                                                {"postal", "dossier.delivery.postal"},
                                                {"online", "dossier.delivery.online"}}},
                                   {in.delivery}, errors, c, language);
    data["errors"] = errors.ToJson(c, language);
    data["scanner_down"] = !s.dossiers->ScannerAvailable();
    return s.web->Page(request, "counter/new", "counter.new_title", std::move(data), status);
}

http::Response GetNew(const app::Services& s, http::Request& request) {
    const auto code = request.QueryParam("procedure");
    if (!code || code->empty()) return ChooseProcedurePage(s, request);
    auto v = s.catalog->Current(*code);
    if (!v.ok()) return ChooseProcedurePage(s, request);
    return NewPage(s, request, *v, {}, {}, 200);
}

http::Response PostNew(const app::Services& s, http::Request& request, const FormData& form) {
    auto v = s.catalog->Current(form.Get("procedure"));
    if (!v.ok()) return NotFound();
    const auto principal = DomainPrincipal(request);
    const auto caller = CallerOf(s, request, principal);
    CounterInput in;
    in.receiving = form.Get("receiving");
    in.channel = form.Get("channel");
    in.competent = form.Get("competent");
    in.kind = form.Get("applicant_kind");
    in.delivery = form.Get("result_delivery");
    in.sets = form.Get("sets");
    in.applicant = {in.kind, form.Get("applicant_name"), form.Get("applicant_id_number"), form.Get("applicant_address"),
                    form.Get("applicant_phone"), form.Get("applicant_email")};
    in.answers = ReadAnswers(AllFields(v->procedure), form);
    FormErrors errors;
    dossier::CounterApplication app;
    app.procedure_code = v->procedure.code;
    const auto receiving_units = s.dossiers->ReceivingUnitsOf(caller);
    if (receiving_units.size() == 1) {
        app.receiving_unit_id = receiving_units[0].id;
    } else if (auto id = ParseId(in.receiving)) {
        app.receiving_unit_id = *id;
    } else {
        errors.Add("receiving", "counter.error_receiving");
    }
    if (in.channel == "1" || in.channel == "3") {
        app.channel = in.channel == "3" ? dossier::Channel::kPostal : dossier::Channel::kCounter;
    } else {
        errors.Add("channel", "dossier.error.dossier.channel");
    }
    app.competent_unit_id = ParseId(in.competent).value_or(0);
    app.applicant = in.applicant;
    app.applicant.kind = in.kind == "business" ? "business" : "citizen";
    app.answers = in.answers;
    const auto sets = ParseId(in.sets);
    app.sets = sets && *sets <= 1000 ? static_cast<int>(*sets) : 0;
    app.result_delivery = in.delivery;
    for (std::size_t i = 0; i < v->procedure.components.size(); ++i) {
        const int position = static_cast<int>(i) + 1;
        const std::string n = std::to_string(position);
        dossier::CounterApplication::Paper paper;
        paper.position = position;
        in.handed[position] = form.Get("handed_" + n);
        in.quantity[position] = form.Get("quantity_" + n);
        auto handed = dossier::ParseHandedIn(in.handed[position]);
        if (!handed) {
            errors.Add("component-" + n, "counter.error_handed_in");
            continue;
        }
        paper.handed_in = *handed;
        const auto qty = ParseId(in.quantity[position]);
        paper.quantity = qty && *qty <= 1000 ? static_cast<int>(*qty) : 0;
        if (const FormFile* file = form.File("scan_" + n)) paper.scan = dossier::Upload{file->name, file->data};
        if (paper.handed_in != dossier::HandedIn::kNone || paper.scan) app.components.push_back(std::move(paper));
    }
    if (!errors.empty()) return NewPage(s, request, *v, in, errors, 422);
    std::vector<dossier::Problem> problems;
    auto received = s.dossiers->ReceiveAtCounter(caller, app, &problems);
    if (!received.ok()) {
        const auto& e = received.error();
        if (e.message == "dossier.invalid") {
            AddProblems(problems, errors);
            return NewPage(s, request, *v, in, errors, 422);
        }
        if (e.message.starts_with("upload.")) {
            for (const auto& p : problems) {
                if (p.field.starts_with("component.")) errors.Add("scan-" + p.field.substr(10), "dossier.error." + e.message);
            }
            if (errors.empty()) errors.Add("scan-1", "dossier.error." + e.message);
            const int status = e.code == core::ErrorCode::kPayloadTooLarge ? 413
                               : e.code == core::ErrorCode::kUnavailable  ? 503
                                                                           : 422;
            return NewPage(s, request, *v, in, errors, status);
        }
        if (e.message == "dossier.unit") {
            errors.Add("unit", "dossier.error.dossier.unit");
            return NewPage(s, request, *v, in, errors, 422);
        }
        return ServiceFailure(request, e);
    }
    return s.web->Redirect(request, "/counter/dossiers/" + received->code, "flash.counter_received");
}

// ---- One dossier: review and decide ----------------------------------------------------------------------

http::Response DossierPage(const app::Services& s, http::Request& request, const std::string& code,
                           const FormErrors& errors, const std::string& reasons, const std::string& items, int status) {
    const auto principal = DomainPrincipal(request);
    const auto caller = CallerOf(s, request, principal);
    auto d = s.dossiers->Get(caller, code);
    if (!d.ok()) return ServiceFailure(request, d.error());
    const Language language = s.web->LanguageOf(request);
    const Catalog& c = s.web->catalog();
    auto v = s.catalog->VersionById(d->procedure_version_id);
    if (!v.ok()) return ServiceFailure(request, v.error());
    json data;
    data["code"] = d->code;
    data["version"] = d->version;
    data["procedure"] = {{"code", d->procedure_code},
                         {"name", Localised(language, v->procedure.name_vi, v->procedure.name_en)}};
    data["state"] = StateName(c, language, d->state);
    data["channel"] = c.Get(language, "dossier.channel." + std::to_string(dossier::Code(d->channel)));
    data["applicant"] = {{"name", d->applicant.name},
                         {"id_number", d->applicant.id_number},
                         {"address", d->applicant.address},
                         {"phone", d->applicant.phone},
                         {"email", d->applicant.email.empty() ? json(false) : json(d->applicant.email)}};
    data["receiving"] = UnitName(s, language, d->receiving_unit_id);
    data["competent"] = UnitName(s, language, d->competent_unit_id);
    data["submitted"] = ShowTime(d->submitted_at);
    data["received"] = d->received_at ? json(ShowTime(d->received_at)) : json(false);
    data["appointment"] = d->appointment_at ? json(ShowTime(d->appointment_at)) : json(false);
    data["delivery"] = c.Get(language, "dossier.delivery." + d->result_delivery);
    json answers = json::array();
    for (const auto& f : AllFields(v->procedure)) {
        auto it = d->answers.find(f.name);
        if (it == d->answers.end()) continue;
        std::string value = it->second;
        for (const auto& ch : f.choices) {
            if (ch.value == value) value = Localised(language, ch.vi, ch.en);
        }
        if (f.type == catalog::FieldType::kCheckbox) value = c.Get(language, value == "true" ? "counter.yes" : "counter.no");
        answers.push_back({{"label", Localised(language, f.label_vi, f.label_en)}, {"value", value}});
    }
    data["answers"] = std::move(answers);
    data["has_answers"] = !data["answers"].empty();
    json components = json::array();
    for (const auto& comp : d->components) {
        json file = false;
        if (comp.file) {
            file = {{"href", "/dossiers/" + d->code + "/files/" + std::to_string(comp.position)},
                    {"name", comp.file->name},
                    {"size", std::to_string((comp.file->size + 1023) / 1024) + " KB"}};
        }
        components.push_back({{"name", Localised(language, comp.name_vi, comp.name_en)},
                              {"handed", c.Get(language, "dossier.handed_in." +
                                                             std::string(dossier::HandedInName(comp.handed_in)))},
                              {"quantity", comp.quantity},
                              {"file", file},
                              {"digitised", comp.digitised},
                              {"reused", comp.reused}});
    }
    data["components"] = std::move(components);
    json forms = json::array();
    for (const auto& f : d->forms) {
        forms.push_back({{"href", "/dossiers/" + d->code + "/forms/" + f.form},
                         {"label", c.Get(language, "dossier.form." + f.form)},
                         {"issued", ShowTime(f.issued_at)}});
    }
    data["forms"] = std::move(forms);
    data["has_forms"] = !data["forms"].empty();
    json history = json::array();
    for (const auto& h : d->history) {
        history.push_back({{"at", ShowTime(h.at)},
                           {"state", StateName(c, language, h.to)},
                           {"action", c.Get(language, "processing.action." + h.action)},
                           {"note", h.note}});
    }
    data["history"] = std::move(history);
    data["can_decide"] = d->state == dossier::State::kNew && s.dossiers->CanReceive(caller, *d);
    data["reasons"] = InputField({.id = "reasons", .name = "reasons", .label_key = "counter.reasons",
                                  .hint_key = "counter.reasons_hint"},
                                 reasons, errors, c, language);
    data["items"] = InputField({.id = "items", .name = "items", .label_key = "counter.items",
                                .hint_key = "counter.items_hint"},
                               items, errors, c, language);
    data["errors"] = errors.ToJson(c, language);
    return s.web->Page(request, "counter/dossier", "counter.dossier_title", std::move(data), status);
}

std::optional<std::int64_t> ExpectedVersion(const FormData& form) { return ParseId(form.Get("version")); }

// After a decision: back to the dossier, or the page again with what went wrong.
http::Response AfterDecision(const app::Services& s, http::Request& request, const std::string& code,
                             const core::Result<dossier::Dossier>& done, const std::vector<dossier::Problem>& problems,
                             const std::string& reasons, const std::string& items, const char* flash) {
    if (done.ok()) return s.web->Redirect(request, "/counter/dossiers/" + code, flash);
    const auto& e = done.error();
    FormErrors errors;
    if (e.message == "dossier.invalid") {
        AddProblems(problems, errors);
        return DossierPage(s, request, code, errors, reasons, items, 422);
    }
    if (e.message == "dossier.changed" || e.message == "dossier.state") {
        errors.Add("decision", "dossier.error." + e.message);
        return DossierPage(s, request, code, errors, reasons, items, 409);
    }
    return ServiceFailure(request, e);
}

http::Response PostDecision(const app::Services& s, http::Request& request, const FormData& form,
                            std::string_view action) {
    const std::string code = request.Param("code");
    const auto principal = DomainPrincipal(request);
    const auto caller = CallerOf(s, request, principal);
    const auto version = ExpectedVersion(form);
    if (!version) return http::Response::Empty(400);
    std::vector<dossier::Problem> problems;
    if (action == "accept") {
        return AfterDecision(s, request, code, s.dossiers->Accept(caller, code, *version), problems, "", "",
                             "flash.counter_accepted");
    }
    if (action == "refuse") {
        const std::string reasons = form.GetText("reasons");
        return AfterDecision(s, request, code, s.dossiers->Refuse(caller, code, *version, Lines(reasons), &problems),
                             problems, reasons, "", "flash.counter_refused");
    }
    const std::string text = form.GetText("items");
    std::vector<dossier::SupplementItem> items;
    for (const auto& line : Lines(text)) {
        const auto colon = line.find(':');
        items.push_back(colon == std::string::npos ? dossier::SupplementItem{line, ""}
                                                   : dossier::SupplementItem{line.substr(0, colon), line.substr(colon + 1)});
    }
    return AfterDecision(s, request, code, s.dossiers->RequestSupplement(caller, code, *version, items, &problems),
                         problems, "", text, "flash.counter_supplement");
}

// ---- Staff list -----------------------------------------------------------------------------------------------

http::Response ListPage(const app::Services& s, http::Request& request) {
    const auto principal = DomainPrincipal(request);
    const auto caller = CallerOf(s, request, principal);
    const Language language = s.web->LanguageOf(request);
    const Catalog& c = s.web->catalog();
    dossier::ListFilter f;
    const std::string q = request.QueryParam("q").value_or("");
    const std::string state = request.QueryParam("state").value_or("");
    const std::string channel = request.QueryParam("channel").value_or("");
    const std::string from = request.QueryParam("from").value_or("");
    const std::string to = request.QueryParam("to").value_or("");
    f.folded_query = q;
    if (auto n = ParseId(state); n && dossier::StateFromCode(*n)) f.states = {*dossier::StateFromCode(*n)};
    if (auto n = ParseId(channel)) f.channel = dossier::ChannelFromCode(*n);
    // Dates are Vietnam's calendar days; submitted_at is UTC.
    if (auto d = domain::calendar::ParseDate(from)) {
        f.submitted_from = core::FormatUtc(domain::calendar::FromVietnam(*d, std::chrono::milliseconds(0)));
    }
    if (auto d = domain::calendar::ParseDate(to)) {
        f.submitted_to = core::FormatUtc(domain::calendar::FromVietnam(*d + std::chrono::days(1), std::chrono::milliseconds(0)) -
                                         std::chrono::milliseconds(1));
    }
    f.page = static_cast<int>(std::min<std::int64_t>(ParseId(request.QueryParam("page").value_or("1")).value_or(1), 100000));
    f.per_page = 25;
    auto page = s.dossiers->List(caller, f);
    if (!page.ok()) return ServiceFailure(request, page.error());
    json states = json::array({{{"value", ""}, {"label", c.Get(language, "counter.filter_any")}, {"selected", state.empty()}}});
    for (int i = 1; i <= 10; ++i) {
        states.push_back({{"value", std::to_string(i)},
                          {"label", c.Get(language, "dossier.state." + std::to_string(i))},
                          {"selected", state == std::to_string(i)}});
    }
    json channels = json::array({{{"value", ""}, {"label", c.Get(language, "counter.filter_any")}, {"selected", channel.empty()}}});
    for (int i = 1; i <= 3; ++i) {
        channels.push_back({{"value", std::to_string(i)},
                            {"label", c.Get(language, "dossier.channel." + std::to_string(i))},
                            {"selected", channel == std::to_string(i)}});
    }
    json data;
    data["filters"] = {{"q", q}, {"from", from}, {"to", to}, {"states", states}, {"channels", channels}};
    data["items"] = SummaryRows(s, language, page->items);
    data["has_items"] = !page->items.empty();
    data["count"] = c.Format(language, "counter.list_count", {{"n", std::to_string(page->total)}});
    const std::string base = "/dossiers?q=" + core::UrlEncode(q) + "&state=" + core::UrlEncode(state) +
                             "&channel=" + core::UrlEncode(channel) + "&from=" + core::UrlEncode(from) +
                             "&to=" + core::UrlEncode(to) + "&page=";
    const bool has_next = static_cast<std::int64_t>(f.page) * f.per_page < page->total;
    data["pagination"] = {{"show", f.page > 1 || has_next},
                          {"previous", f.page > 1 ? json(base + std::to_string(f.page - 1)) : json(false)},
                          {"next", has_next ? json(base + std::to_string(f.page + 1)) : json(false)}};
    data["is_officer"] = request.principal->HasAnyRole(kOfficer);
    return s.web->Page(request, "counter/list", "counter.list_title", std::move(data));
}

}  // namespace

void RegisterCounterPages(http::Router& router, const app::Services& services) {
    const Shell* shell = services.web;
    const auto officer = http::Access::AnyRole(kOfficer);
    router.Get("/counter", officer, [services](http::Request& request) { return QueuePage(services, request); });
    router.Get("/counter/new", officer, [services](http::Request& request) { return GetNew(services, request); });
    shell->PostForm(router, "/counter/new", officer, [services](http::Request& request, const FormData& form) {
        return PostNew(services, request, form);
    });
    router.Get("/counter/dossiers/{code}", officer, [services](http::Request& request) {
        return DossierPage(services, request, request.Param("code"), {}, "", "", 200);
    });
    for (const char* action : {"accept", "refuse", "supplement"}) {
        shell->PostForm(router, std::string("/counter/dossiers/{code}/") + action, officer,
                        [services, action](http::Request& request, const FormData& form) {
                            return PostDecision(services, request, form, action);
                        });
    }
    router.Get("/dossiers", http::Access::AnyRole(ReaderRoles()),
               [services](http::Request& request) { return ListPage(services, request); });
}

}  // namespace mocua::web
