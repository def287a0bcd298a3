#include "web/payment_pages.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "app/services.hpp"
#include "domain/calendar/dates.hpp"
#include "domain/catalog/catalog_service.hpp"
#include "domain/dossier/dossier_service.hpp"
#include "domain/identity/identity_service.hpp"
#include "domain/org/units.hpp"
#include "domain/payments/payment_service.hpp"
#include "domain/payments/reconciliation.hpp"
#include "http/router.hpp"
#include "log/log.hpp"
#include "web/dossier_pages_common.hpp"
#include "web/eform_view.hpp"
#include "web/forms.hpp"
#include "web/page_state.hpp"
#include "web/shell.hpp"

namespace mocua::web {

namespace {

namespace payments = domain::payments;
using nlohmann::json;

// The fees of the dossier's procedure version that cost something.
std::vector<payments::FeeLine> FeesOf(const app::Services& s, const domain::dossier::Dossier& d) {
    std::vector<payments::FeeLine> lines;
    auto version = s.catalog->VersionById(d.procedure_version_id);
    if (!version.ok()) return lines;
    for (const auto& f : version->procedure.fees)
        if (f.amount_vnd > 0)
            lines.push_back({f.name_vi, f.name_en.empty() ? f.name_vi : f.name_en, f.amount_vnd});
    return lines;
}

bool Expired(const payments::PaymentRequest& r, const core::Clock& clock) {
    auto at = core::ParseUtc(r.expires_at);
    return !at || *at <= clock.Now();
}

http::Response PaymentPage(const app::Services& s, http::Request& request) {
    const auto principal = DomainPrincipal(request);
    const auto caller = CallerOf(s, request, principal);
    auto d = s.dossiers->Get(caller, request.Param("code"));
    if (!d.ok()) return http::Response::Empty(404);
    const bool owner = d->applicant_account_id && *d->applicant_account_id == principal.account_id;
    if (!owner) return http::Response::Empty(404);
    const Language language = s.web->LanguageOf(request);
    const Catalog& c = s.web->catalog();
    const bool en = language == Language::kEn;
    json data;
    data["code"] = d->code;
    const auto lines = FeesOf(s, *d);
    json fees = json::array();
    for (const auto& l : lines)
        fees.push_back({{"name", en ? l.name_en : l.name_vi}, {"amount", payments::FormatVnd(l.amount_vnd)}});
    data["fees"] = std::move(fees);
    data["has_fees"] = !lines.empty();
    data["total"] = payments::FormatVnd(payments::SumLines(lines).value_or(0));
    data["request"] = false;
    data["pay_url"] = false;
    data["can_create"] = false;
    data["paid_any"] = false;
    data["not_offered"] = !lines.empty() && !s.payments;
    // While the dossier waits for its fees (state 6), what the officer wrote when asking for them.
    data["reason"] = false;
    if (d->state == domain::dossier::State::kAwaitingPayment) {
        for (const auto& h : d->history)
            if (h.action == "await_payment") data["reason"] = h.note;
    }
    if (s.payments && !lines.empty()) {
        const auto requests = s.payments->ListForDossier(d->code);
        bool paid_any = false;
        for (const auto& r : requests) paid_any = paid_any || r.state == payments::State::kPaid;
        data["paid_any"] = paid_any;
        if (!requests.empty()) {
            const auto& r = requests.front();
            const std::string state(payments::StateName(r.state));
            json req = {
                {"txn_ref", r.txn_ref},
                {"state", c.Get(language, "payments.state." + state)},
                {"pending", r.state == payments::State::kPending},
                {"paid", r.state == payments::State::kPaid},
                {"receipt_href",
                 "/dossiers/" + d->code + "/payments/" + std::to_string(r.id) + "/receipt.pdf"},
                {"expires", ShowTime(r.expires_at)},
                {"settled", ShowTime(r.settled_at)},
                {"method",
                 r.method ? c.Get(language, "payments.method." + std::string(payments::MethodName(*r.method)))
                          : std::string()}};
            data["request"] = std::move(req);
            if (r.state == payments::State::kPending && !Expired(r, s.web->clock()))
                data["pay_url"] = s.payments->PaymentUrl(r, request.remote_address, en ? "en" : "vi");
        }
        const bool pending_open = !requests.empty() && requests.front().state == payments::State::kPending &&
                                  !Expired(requests.front(), s.web->clock());
        data["can_create"] = !paid_any && !pending_open;
        data["again"] = !requests.empty();
    }
    return s.web->Page(request, "payments/pay", "payments.title", std::move(data));
}

http::Response PostPayment(const app::Services& s, http::Request& request) {
    const auto principal = DomainPrincipal(request);
    const auto caller = CallerOf(s, request, principal);
    auto d = s.dossiers->Get(caller, request.Param("code"));
    if (!d.ok()) return http::Response::Empty(404);
    const bool owner = d->applicant_account_id && *d->applicant_account_id == principal.account_id;
    if (!owner || !s.payments) return http::Response::Empty(404);
    const std::string page = "/dossiers/" + d->code + "/payment";
    const auto requests = s.payments->ListForDossier(d->code);
    for (const auto& r : requests) {
        if (r.state == payments::State::kPaid) return s.web->Redirect(request, page, "flash.payment_done");
        // A request still open is the one to pay: a second would let the applicant pay twice.
        if (r.state == payments::State::kPending && !Expired(r, s.web->clock()))
            return s.web->Redirect(request, page);
    }
    auto created = s.payments->Create(caller.actor, d->code, FeesOf(s, *d), d->applicant.name,
                                      d->applicant_account_id, payments::PurposeForDossier(d->code));
    if (!created.ok()) {
        if (created.error().code == core::ErrorCode::kInvalidArgument) return s.web->Redirect(request, page);
        log::Get("web")->error("request_id={} payment request: {}", request.request_id,
                               created.error().message);
        return http::Response::Empty(500);
    }
    return s.web->Redirect(request, page, "flash.payment_created");
}

http::Response ReceiptPdf(const app::Services& s, http::Request& request) {
    const auto principal = DomainPrincipal(request);
    const auto caller = CallerOf(s, request, principal);
    auto d = s.dossiers->Get(caller, request.Param("code"));
    if (!d.ok() || !s.payments) return http::Response::Empty(404);
    // The applicant, or staff who may see the dossier (Get checked that).
    const bool owner = d->applicant_account_id && *d->applicant_account_id == principal.account_id;
    if (!owner && request.principal->kind != "staff") return http::Response::Empty(404);
    auto r = s.payments->FindById(request.IntParam("id"));
    if (!r || r->dossier_code != d->code || r->state != payments::State::kPaid)
        return http::Response::Empty(404);
    auto pdf = s.payments->ReceiptPdf(r->id);
    if (!pdf.ok()) {
        log::Get("web")->error("request_id={} receipt: {}", request.request_id, pdf.error().message);
        return http::Response::Empty(500);
    }
    http::Response out = http::Response::Text(200, std::move(pdf.value()), "application/pdf");
    out.SetHeader("Content-Disposition", "inline; filename=\"bien-lai-" + r->txn_ref + ".pdf\"");
    return out;
}

http::Response ReturnPage(const app::Services& s, http::Request& request) {
    json data = {{"paid", false}, {"waiting", false}, {"failed", false}, {"invalid", false}, {"code", false}};
    auto params = payments::ParseQuery(request.query);
    if (!s.payments || !params) {
        data["invalid"] = true;
        return s.web->Page(request, "payments/return", "payments.return_title", std::move(data));
    }
    auto view = s.payments->ReadReturn(*params);
    if (!view.signature_valid || !view.request) {
        data["invalid"] = true;
    } else {
        data["code"] = view.request->dossier_code;
        if (view.request->state == payments::State::kPaid)
            data["paid"] = true;
        else if (view.request->state == payments::State::kPending && view.gateway_says_success)
            data["waiting"] = true;
        else
            data["failed"] = true;
    }
    return s.web->Page(request, "payments/return", "payments.return_title", std::move(data));
}

const ChoiceSpec kMethod{
    .id = "method",
    .name = "method",
    .legend_key = "payments.method_legend",
    .options = {{"cash", "payments.method.cash"}, {"transfer", "payments.method.transfer"}}};
const InputSpec kReference{.id = "reference",
                           .label_key = "payments.reference_label",
                           .hint_key = "payments.reference_hint",
                           .width = "20"};

// The counter's page of a dossier's fees, for a one-stop officer who may see the dossier.
http::Response CounterPage(const app::Services& s, http::Request& request, const FormErrors& errors,
                           const FormData* form, int status) {
    const auto principal = DomainPrincipal(request);
    const auto caller = CallerOf(s, request, principal);
    auto d = s.dossiers->Get(caller, request.Param("code"));
    if (!d.ok() || !s.payments) return http::Response::Empty(404);
    const Language language = s.web->LanguageOf(request);
    const Catalog& c = s.web->catalog();
    const auto lines = FeesOf(s, *d);
    json data;
    data["code"] = d->code;
    data["total"] = payments::FormatVnd(payments::SumLines(lines).value_or(0));
    json rows = json::array();
    const auto requests = s.payments->ListForDossier(d->code);
    bool paid = false;
    const payments::PaymentRequest* open = nullptr;
    for (const auto& r : requests) {
        paid = paid || r.state == payments::State::kPaid;
        if (r.state == payments::State::kPending && !open) open = &r;
        rows.push_back(
            {{"txn_ref", r.txn_ref},
             {"amount", payments::FormatVnd(r.amount_vnd)},
             {"state", c.Get(language, "payments.state." + std::string(payments::StateName(r.state)))},
             {"method",
              r.method ? c.Get(language, "payments.method." + std::string(payments::MethodName(*r.method)))
                       : ""},
             {"has_proof", !r.proof_blob.empty()}});
    }
    data["has_requests"] = !rows.empty();
    data["requests"] = std::move(rows);
    data["open"] = false;
    if (open) {
        const std::vector<std::string> chosen =
            form ? std::vector<std::string>{form->Get("method")} : std::vector<std::string>{};
        data["open"] = {{"id", open->id},
                        {"method_field", ChoiceField(kMethod, chosen, errors, c, language)},
                        {"reference_field",
                         InputField(kReference, form ? form->Get("reference") : "", errors, c, language)},
                        {"proof_error", errors.For("proof") ? json(c.Get(language, *errors.For("proof"))) : json(false)}};
    }
    data["can_create"] = !paid && !open && !lines.empty();
    data["has_fees"] = !lines.empty();
    data["errors"] = errors.ToJson(c, language);
    return s.web->Page(request, "payments/counter", "payments.counter_title", std::move(data), status);
}

http::Response PostCounterCreate(const app::Services& s, http::Request& request) {
    const auto principal = DomainPrincipal(request);
    const auto caller = CallerOf(s, request, principal);
    auto d = s.dossiers->Get(caller, request.Param("code"));
    if (!d.ok() || !s.payments) return http::Response::Empty(404);
    const std::string page = "/work/dossiers/" + d->code + "/payments";
    for (const auto& r : s.payments->ListForDossier(d->code))
        if (r.state == payments::State::kPaid || r.state == payments::State::kPending)
            return s.web->Redirect(request, page);
    auto created = s.payments->Create(caller.actor, d->code, FeesOf(s, *d), d->applicant.name,
                                      d->applicant_account_id, payments::PurposeForDossier(d->code));
    if (!created.ok() && created.error().code != core::ErrorCode::kInvalidArgument) {
        log::Get("web")->error("request_id={} payment request: {}", request.request_id,
                               created.error().message);
        return http::Response::Empty(500);
    }
    return s.web->Redirect(request, page, created.ok() ? "flash.payment_created" : "");
}

http::Response PostCounterRecord(const app::Services& s, http::Request& request, const FormData& form) {
    const auto principal = DomainPrincipal(request);
    const auto caller = CallerOf(s, request, principal);
    auto d = s.dossiers->Get(caller, request.Param("code"));
    if (!d.ok() || !s.payments) return http::Response::Empty(404);
    auto id = ParseId(request.Param("id"));
    auto r = id ? s.payments->FindById(*id) : std::nullopt;
    if (!r || r->dossier_code != d->code) return http::Response::Empty(404);
    FormErrors errors;
    const std::string method_text = form.Get("method");
    const auto method = payments::ParseMethod(method_text);
    if (!method || *method == payments::Method::kGateway) errors.Add("method", "payments.error_method");
    const std::string reference = form.Get("reference");
    if (method == payments::Method::kTransfer && reference.empty())
        errors.Add("reference", "payments.error_reference");
    if (!errors.empty()) return CounterPage(s, request, errors, &form, 422);
    // The proof (optional): checked and stored like any upload before the payment is recorded.
    std::string proof;
    if (const FormFile* file = form.File("proof"); file && !file->data.empty()) {
        auto stored = s.dossiers->AcceptPaymentProof(caller, d->code, {file->name, file->data});
        if (!stored.ok()) {
            const std::string& rule = stored.error().message;
            if (rule == "upload.scanner_unavailable") {
                errors.Add("proof", "payments.error_proof_scanner");
                return CounterPage(s, request, errors, &form, 503);
            }
            if (rule.starts_with("upload.")) {
                errors.Add("proof", "payments.error_proof");
                return CounterPage(s, request, errors, &form,
                                   stored.error().code == core::ErrorCode::kPayloadTooLarge ? 413 : 422);
            }
            return Failure(request, stored.error());
        }
        proof = stored->sha256;
    }
    auto recorded = s.payments->RecordAtCounter(caller.actor, r->id, *method, reference, proof);
    if (!recorded.ok()) {
        if (recorded.error().code == core::ErrorCode::kConflict) {
            errors.Add("method", "payments.error_settled");
            return CounterPage(s, request, errors, &form, 409);
        }
        if (recorded.error().code == core::ErrorCode::kInvalidArgument) {
            errors.Add("reference", "payments.error_reference");
            return CounterPage(s, request, errors, &form, 422);
        }
        log::Get("web")->error("request_id={} counter payment: {}", request.request_id,
                               recorded.error().message);
        return http::Response::Empty(500);
    }
    return s.web->Redirect(request, "/work/dossiers/" + d->code + "/payments", "flash.payment_recorded");
}

// Who may read a unit's reconciliation: its leaders, one-stop officers and clerks (who keep the books).
const std::vector<std::string_view>& ReconciliationRoles() {
    static const std::vector<std::string_view> roles = {"leader", "onestop_officer", "clerk"};
    return roles;
}

json TallyJson(const payments::Tally& t) {
    return {{"count", t.count}, {"amount", payments::FormatVnd(t.amount_vnd)}};
}

// The reconciliation report of a receiving unit for a Vietnam day: a GET form (unit, day) and the
// report below it; `format=xlsx` answers the spreadsheet instead.
http::Response ReconciliationPage(const app::Services& s, http::Request& request) {
    if (!s.payments) return http::Response::Empty(404);
    const auto principal = DomainPrincipal(request);
    const Language language = s.web->LanguageOf(request);
    const Catalog& c = s.web->catalog();
    const std::string today = domain::calendar::FormatDate(domain::calendar::ToVietnam(s.clock->Now()).date);

    // The receiving units (one-stop centres and communes) whose books the viewer may read.
    std::vector<domain::org::Unit> units;
    for (auto& u : s.units->ValidOn(today)) {
        const bool receiving =
            u.type == domain::org::UnitType::kOneStopCentre || u.type == domain::org::UnitType::kCommune;
        if (receiving && s.access->CanAny(principal, ReconciliationRoles(), u.id, today)) units.push_back(u);
    }
    const bool submitted = request.QueryParam("unit").has_value();
    const std::string unit_code = request.QueryParam("unit").value_or(units.empty() ? "" : units.front().code);
    const std::string day = request.QueryParam("day").value_or(today);
    const bool xlsx = request.QueryParam("format").value_or("") == "xlsx";

    FormErrors errors;
    json report = false;
    const domain::org::Unit* unit = nullptr;
    for (const auto& u : units)
        if (u.code == unit_code) unit = &u;
    if (submitted && !unit) errors.Add("unit", "payments.recon.error_unit");
    if (!payments::VietnamDayBounds(day)) errors.Add("day", "payments.recon.error_day");
    if (unit && errors.empty()) {
        auto built = s.payments->Reconciliation(unit->id, day);
        if (!built.ok()) return Failure(request, built.error());
        built->unit_code = unit->code;
        built->unit_name = unit->name_vi;
        if (xlsx) {
            auto bytes = s.payments->ReconciliationXlsx(*built);
            if (!bytes.ok()) return Failure(request, core::Error::Internal(bytes.error().message));
            http::Response r = http::Response::Text(
                200, std::move(*bytes), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            r.SetHeader("Content-Disposition",
                        "attachment; filename=\"doi-soat-" + unit->code + "-" + day + ".xlsx\"");
            r.SetHeader("Cache-Control", "private, no-store");
            return r;
        }
        const auto& r = *built;
        json mismatches = json::array();
        for (const auto& m : r.mismatches)
            mismatches.push_back(
                {{"kind", c.Get(language, "payments.recon.mismatch." + std::string(payments::MismatchName(m.kind)))},
                 {"txn_ref", m.txn_ref},
                 {"dossier", m.dossier_code},
                 {"expected", m.expected_vnd >= 0 ? payments::FormatVnd(m.expected_vnd) : ""},
                 {"notified", m.notified_vnd >= 0 ? payments::FormatVnd(m.notified_vnd) : ""},
                 {"at", ShowTime(m.at)}});
        report = {{"unit", Localised(language, unit->name_vi, unit->name_en)},
                  {"day", day},
                  {"expected", TallyJson(r.expected)},
                  {"paid_gateway", TallyJson(r.paid_gateway)},
                  {"paid_cash", TallyJson(r.paid_cash)},
                  {"paid_transfer", TallyJson(r.paid_transfer)},
                  {"failed", TallyJson(r.failed)},
                  {"cancelled", TallyJson(r.cancelled)},
                  {"expired", TallyJson(r.expired)},
                  {"pending", TallyJson(r.pending)},
                  {"accounted", TallyJson(r.Accounted())},
                  {"received_gateway", TallyJson(r.received_gateway)},
                  {"received_cash", TallyJson(r.received_cash)},
                  {"received_transfer", TallyJson(r.received_transfer)},
                  {"received_total", TallyJson(r.ReceivedTotal())},
                  {"balanced", r.Balanced()},
                  {"has_mismatches", !r.mismatches.empty()},
                  {"mismatches", std::move(mismatches)},
                  {"xlsx_href", "/work/payments/reconciliation?unit=" + unit->code + "&day=" + day +
                                    "&format=xlsx"}};
    }

    json data;
    json options = json::array();
    for (const auto& u : units)
        options.push_back({{"value", u.code},
                           {"label", Localised(language, u.name_vi, u.name_en)},
                           {"selected", u.code == unit_code}});
    data["units"] = std::move(options);
    data["has_units"] = !units.empty();
    std::string unit_error;
    if (const std::string* key = errors.For("unit")) unit_error = c.Get(language, *key);
    data["unit_error"] = unit_error.empty() ? json(false) : json(unit_error);
    data["day"] = InputField({.id = "day", .label_key = "payments.recon.day", .type = "date", .width = "10"}, day,
                             errors, c, language);
    data["report"] = std::move(report);
    data["errors"] = errors.ToJson(c, language);
    return s.web->Page(request, "payments/reconciliation", "payments.recon.title", std::move(data),
                       errors.empty() ? 200 : 422);
}

}  // namespace

void RegisterPaymentPages(http::Router& router, const app::Services& services) {
    const Shell* shell = services.web;
    router.Get("/dossiers/{code}/payment", http::Access::SignedIn(),
               [services](http::Request& request) { return PaymentPage(services, request); });
    shell->PostForm(
        router, "/dossiers/{code}/payment", http::Access::SignedIn(),
        [services](http::Request& request, const FormData&) { return PostPayment(services, request); });
    router.Get("/dossiers/{code}/payments/{id:int}/receipt.pdf", http::Access::SignedIn(),
               [services](http::Request& request) { return ReceiptPdf(services, request); });
    router.Get("/payments/return", http::Access::Public(),
               [services](http::Request& request) { return ReturnPage(services, request); });
    router.Get("/work/payments/reconciliation", http::Access::AnyRole({"leader", "onestop_officer", "clerk"}),
               [services](http::Request& request) { return ReconciliationPage(services, request); });
    const http::Access officer = http::Access::AnyRole({"onestop_officer"});
    router.Get("/work/dossiers/{code}/payments", officer, [services](http::Request& request) {
        return CounterPage(services, request, {}, nullptr, 200);
    });
    shell->PostForm(
        router, "/work/dossiers/{code}/payments/new", officer,
        [services](http::Request& request, const FormData&) { return PostCounterCreate(services, request); });
    shell->PostForm(router, "/work/dossiers/{code}/payments/{id:int}/record", officer,
                    [services](http::Request& request, const FormData& form) {
                        return PostCounterRecord(services, request, form);
                    });
}

}  // namespace mocua::web
