// DossierService, part 2: the counter (walk-in and postal reception) and the reception decisions —
// accept with Mẫu 01, refuse with Mẫu 03, request completion with Mẫu 02.
#include "domain/dossier/dossier_service.hpp"

#include <algorithm>
#include <chrono>

#include <nlohmann/json.hpp>

#include "core/text/text.hpp"
#include "core/strings.hpp"
#include "core/text/validation.hpp"
#include "domain/calendar/calendar_service.hpp"
#include "domain/calendar/dates.hpp"
#include "domain/catalog/catalog_service.hpp"
#include "domain/catalog/validation.hpp"
#include "domain/dossier/dossier_code.hpp"
#include "domain/dossier/form_data.hpp"
#include "domain/dossier/time_rules.hpp"
#include "domain/forms/process_control.hpp"
#include "domain/forms/renderer.hpp"
#include "domain/identity/accounts.hpp"
#include "domain/identity/identity_service.hpp"
#include "domain/org/units.hpp"
#include "domain/scan/scanner.hpp"

#include "domain/dossier/dossier_service_internal.hpp"

namespace mocua::domain::dossier {

using namespace internal;  // NOLINT: the helpers of this service

// ---- Counter ------------------------------------------------------------------------------------------

core::Result<Dossier> DossierService::ReceiveAtCounter(const Caller& caller, const CounterApplication& app,
                                                       std::vector<Problem>* problems) {
    const std::string today = Today();
    if (!access_.Can(caller.principal, identity::kRoleOneStopOfficer, app.receiving_unit_id, today)) return Forbidden();
    const auto receiving = units_.Find(app.receiving_unit_id);
    if (!receiving || !ValidUnitCode(receiving->code)) return core::Error::InvalidArgument("dossier.unit");
    auto version = catalog_.Current(app.procedure_code);
    if (!version.ok()) return core::Error::NotFound("dossier.procedure_not_found");
    const auto& proc = version->procedure;
    std::vector<Problem> found;
    if (app.channel == Channel::kOnline) found.push_back({"channel", "dossier.channel"});
    Applicant a = Normalised(app.applicant);
    if (a.kind != "business") a.kind = "citizen";
    auto applicant_problems = CheckApplicant(a);
    found.insert(found.end(), applicant_problems.begin(), applicant_problems.end());
    Answers answers;
    for (const auto& [k, value] : app.answers) {
        std::string v = Clean(value, core::text::Lines::kMulti);
        if (!v.empty()) answers[k] = std::move(v);
    }
    for (const auto& p : catalog::ValidateAnswers(proc.eform, answers, today)) {
        found.push_back({"answers." + p.field, p.rule});
    }
    const auto units = CompetentUnits(*version);
    if (std::none_of(units.begin(), units.end(), [&](const org::Unit& u) { return u.id == app.competent_unit_id; })) {
        found.push_back({"unit", "dossier.unit"});
    }
    if (app.sets < 1 || app.sets > 20) found.push_back({"sets", "dossier.sets"});
    if (!ValidDelivery(app.result_delivery)) found.push_back({"result_delivery", "dossier.result_delivery"});
    const int count = static_cast<int>(proc.components.size());
    for (const auto& c : app.components) {
        if (c.position < 1 || c.position > count) {
            found.push_back({"component." + std::to_string(c.position), "dossier.component"});
        } else if (c.quantity < 1 || c.quantity > 99) {
            found.push_back({"component." + std::to_string(c.position), "component.quantity"});
        }
    }
    if (!found.empty()) {
        if (problems) *problems = std::move(found);
        return Invalid();
    }
    Dossier d;
    d.procedure_code = proc.code;
    d.procedure_version_id = version->id;
    d.applicant = std::move(a);
    d.channel = app.channel;
    d.state = State::kNew;
    d.receiving_unit_id = receiving->id;
    d.competent_unit_id = app.competent_unit_id;
    d.answers = std::move(answers);
    d.sets = app.sets;
    d.result_delivery = app.result_delivery;
    d.created_by = caller.principal.account_id;
    for (std::size_t i = 0; i < proc.components.size(); ++i) {
        DossierComponent c;
        c.position = static_cast<int>(i) + 1;
        c.name_vi = proc.components[i].name_vi;
        c.name_en = proc.components[i].name_en;
        c.quantity = static_cast<int>(proc.components[i].quantity);
        d.components.push_back(std::move(c));
    }
    for (const auto& paper : app.components) {
        auto& c = d.components[static_cast<std::size_t>(paper.position - 1)];
        c.handed_in = paper.handed_in;
        c.quantity = paper.quantity;
        if (paper.scan) {
            auto stored = AcceptUpload(caller, *paper.scan, AllowedKinds(*version, paper.position),
                                       "counter/" + std::to_string(paper.position));
            if (!stored.ok()) {
                if (problems) problems->push_back({"component." + std::to_string(paper.position), stored.error().message});
                return stored.error();
            }
            c.file = *stored;
            c.digitised = true;
        }
    }
    const auto now = clock_.Now();
    auto written = repository_.Write([&](DossierWriter& w) -> core::Result<void> {
        const std::string pattern = w.CodePattern(receiving->id, today).value_or(std::string(kDefaultCodePattern));
        auto code = FormatDossierCode(pattern, receiving->code, today, w.NextSequence(receiving->id, today));
        if (!code.ok()) return code.error();
        d.code = *code;
        d.submitted_at = d.created_at = d.updated_at = core::FormatUtc(now);
        d.history.push_back({1, std::nullopt, State::kNew, "receive", caller.principal.account_id, receiving->id,
                             "", d.submitted_at});
        for (const auto& c : d.components) {
            if (c.file) w.RecordFile(*c.file);
        }
        d.id = w.Insert(d);
        w.Audit({caller.actor, "dossier.receive", "dossier", d.code,
                 "channel=" + std::to_string(Code(d.channel)) + " procedure=" + d.procedure_code});
        return {};
    });
    if (!written.ok()) return written.error();
    return d;
}

core::Result<Dossier> DossierService::Decide(
    const Caller& caller, std::string_view code, std::int64_t expected_version,
    const std::function<core::Result<void>(Dossier&, const Version&, DossierWriter&)>& change) {
    auto current = repository_.FindByCode(code);
    if (!current || !CanRead(caller, *current)) return NotFound();
    if (!CanReceive(caller, *current)) return Forbidden();
    auto version = catalog_.VersionById(current->procedure_version_id);
    if (!version.ok()) return version.error();
    Dossier out;
    auto written = repository_.Write([&](DossierWriter& w) -> core::Result<void> {
        auto d = w.FindByCode(code);
        if (!d) return NotFound();
        if (d->version != expected_version) return core::Error::Conflict("dossier.changed");
        if (d->state != State::kNew) return core::Error::Conflict("dossier.state");
        const State from = d->state;
        if (auto changed = change(*d, *version, w); !changed.ok()) return changed;
        d->updated_at = core::FormatUtc(clock_.Now());
        if (!w.Update(*d, expected_version)) return core::Error::Conflict("dossier.changed");
        const auto& last = d->history.back();
        w.Audit({caller.actor, "dossier." + last.action, "dossier", d->code,
                 "from=" + std::to_string(Code(from)) + " to=" + std::to_string(Code(d->state))});
        d->version = expected_version + 1;
        out = std::move(*d);
        return {};
    });
    if (!written.ok()) return written.error();
    return out;
}

core::Result<Dossier> DossierService::Accept(const Caller& caller, std::string_view code,
                                             std::int64_t expected_version) {
    return Decide(caller, code, expected_version, [&](Dossier& d, const Version& v, DossierWriter& w) -> core::Result<void> {
        const auto now = clock_.Now();
        const auto receiving = units_.Find(d.receiving_unit_id);
        if (!receiving) return core::Error::InvalidArgument("dossier.unit");
        auto due = calendar_.ComputeDeadline({now, LimitOf(v.procedure.time_limit), receiving->code, {}});
        if (!due.ok()) return due.error();
        d.state = State::kReceived;
        d.received_at = core::FormatUtc(now);
        d.appointment_at = core::FormatUtc(due->deadline.due);
        d.due_at = d.appointment_at;  // processing moves it (pauses, an extension)
        d.received_by = caller.principal.account_id;
        std::optional<org::Unit> authority;
        if (receiving->parent_id) authority = units_.Find(*receiving->parent_id);
        const NoticeCommon c = MakeNoticeCommon(d, v.procedure.name_vi, *receiving, authority, options_, caller.officer_name, now);
        forms::ReceiptData r;
        r.authority_name = c.authority_name;
        r.receiving_section = c.receiving_section;
        r.place = c.place;
        r.number = c.number;
        r.dossier_code = d.code;
        r.procedure_code = d.procedure_code;
        r.applicant_name = d.applicant.name;
        r.applicant_id = d.applicant.id_number;
        r.address = d.applicant.address;
        r.phone = d.applicant.phone;
        r.email = d.applicant.email;
        r.request = v.procedure.name_vi;
        if (d.channel == Channel::kOnline) r.components.push_back({"Tờ khai điện tử", forms::CopyKind::kOriginal, 1});
        for (const auto& comp : d.components) {
            forms::CopyKind kind = forms::CopyKind::kCopy;
            if (comp.handed_in == HandedIn::kOriginal) kind = forms::CopyKind::kOriginal;
            if (comp.handed_in == HandedIn::kCertifiedCopy) kind = forms::CopyKind::kCertifiedCopy;
            if (comp.handed_in == HandedIn::kNone && !comp.file) continue;
            r.components.push_back({comp.name_vi, kind, std::max(1, comp.quantity)});
        }
        if (r.components.empty()) r.components.push_back({v.procedure.name_vi, forms::CopyKind::kOriginal, 1});
        r.number_of_sets = std::max(1, d.sets);
        r.legal_time_limit = LimitText(v.procedure.time_limit);
        r.received_at = Local(now);
        r.appointment_at = Local(due->deadline.due);
        r.result_delivery = d.result_delivery == "postal" ? "Dịch vụ bưu chính công ích"
                            : d.result_delivery == "online" ? "Trực tuyến, qua tài khoản dịch vụ công"
                                                            : receiving->name_vi;
        r.fees = FeesText(v.procedure);
        r.register_book = std::to_string(r.received_at.year);
        r.register_serial = d.code.substr(d.code.rfind('-') + 1);
        r.receiver_name = caller.officer_name;
        r.hotline = options_.hotline;
        r.issuing_system = options_.issuing_system;
        r.issued_at = Local(now);
        r.lookup_url = c.lookup_url;
        if (auto valid = forms::ValidateReceipt(r); !valid.ok()) return valid.error();
        d.forms.push_back({"01", ReceiptToJson(r), caller.principal.account_id, core::FormatUtc(now)});
        d.history.push_back({static_cast<int>(d.history.size()) + 1, State::kNew, State::kReceived, "accept",
                             caller.principal.account_id, d.receiving_unit_id, "", core::FormatUtc(now)});
        QueueApplicantMail(w, d, d.language, "dossier_accepted", v,
                           {{"appointment", forms::FormatVietnameseDateTime(r.appointment_at)}});
        return {};
    });
}

namespace {

std::vector<std::string> CleanList(const std::vector<std::string>& in) {
    std::vector<std::string> out;
    for (const auto& s : in) {
        std::string c = Clean(s, core::text::Lines::kMulti);
        if (!c.empty()) out.push_back(std::move(c));
    }
    return out;
}

}  // namespace

core::Result<Dossier> DossierService::Refuse(const Caller& caller, std::string_view code,
                                             std::int64_t expected_version, const std::vector<std::string>& reasons,
                                             std::vector<Problem>* problems) {
    const auto cleaned = CleanList(reasons);
    std::vector<Problem> found;
    if (cleaned.empty()) found.push_back({"reasons", "dossier.reasons_required"});
    if (cleaned.size() > kMaxItems) found.push_back({"reasons", "dossier.too_many"});
    for (const auto& r : cleaned) {
        if (r.size() > kMaxReasonBytes) found.push_back({"reasons", "dossier.too_long"});
    }
    if (!found.empty()) {
        if (problems) *problems = std::move(found);
        return Invalid();
    }
    return Decide(caller, code, expected_version, [&](Dossier& d, const Version& v, DossierWriter& w) -> core::Result<void> {
        const auto now = clock_.Now();
        auto common = MakeNoticeCommon(d, v.procedure.name_vi, units_, d.receiving_unit_id, options_, caller.officer_name, now);
        if (!common.ok()) return common.error();
        RefusalNotice n{*common, cleaned};
        if (auto valid = forms::ValidateRefusal(ToRefusalData(n)); !valid.ok()) return valid.error();
        d.state = State::kRefused;
        d.forms.push_back({"03", RefusalToJson(n), caller.principal.account_id, core::FormatUtc(now)});
        std::string note;
        for (const auto& r : cleaned) note += (note.empty() ? "" : "\n") + r;
        d.history.push_back({static_cast<int>(d.history.size()) + 1, State::kNew, State::kRefused, "refuse",
                             caller.principal.account_id, d.receiving_unit_id, note, core::FormatUtc(now)});
        QueueApplicantMail(w, d, d.language, "dossier_refused", v, {{"reasons", note}});
        return {};
    });
}

core::Result<Dossier> DossierService::RequestSupplement(const Caller& caller, std::string_view code,
                                                        std::int64_t expected_version,
                                                        const std::vector<SupplementItem>& items,
                                                        std::vector<Problem>* problems) {
    std::vector<SupplementNotice::Item> cleaned;
    for (const auto& i : items) {
        SupplementNotice::Item c{Clean(i.what, core::text::Lines::kMulti), Clean(i.reason, core::text::Lines::kMulti)};
        if (!c.what.empty() || !c.reason.empty()) cleaned.push_back(std::move(c));
    }
    std::vector<Problem> found;
    if (cleaned.empty()) found.push_back({"items", "dossier.items_required"});
    if (cleaned.size() > kMaxItems) found.push_back({"items", "dossier.too_many"});
    for (const auto& i : cleaned) {
        if (i.what.empty()) found.push_back({"items", "dossier.item_what"});
        if (i.what.size() > kMaxReasonBytes || i.reason.size() > kMaxReasonBytes) {
            found.push_back({"items", "dossier.too_long"});
        }
    }
    if (!found.empty()) {
        if (problems) *problems = std::move(found);
        return Invalid();
    }
    return Decide(caller, code, expected_version, [&](Dossier& d, const Version& v, DossierWriter& w) -> core::Result<void> {
        const auto now = clock_.Now();
        auto common = MakeNoticeCommon(d, v.procedure.name_vi, units_, d.receiving_unit_id, options_, caller.officer_name, now);
        if (!common.ok()) return common.error();
        SupplementNotice n{*common, cleaned};
        if (auto valid = forms::ValidateSupplementRequest(ToSupplementRequestData(n)); !valid.ok()) {
            return valid.error();
        }
        d.state = State::kSupplementRequested;
        d.forms.push_back({"02", SupplementToJson(n), caller.principal.account_id, core::FormatUtc(now)});
        std::string note;
        for (const auto& i : cleaned) note += (note.empty() ? "" : "\n") + i.what + (i.reason.empty() ? "" : ": " + i.reason);
        d.history.push_back({static_cast<int>(d.history.size()) + 1, State::kNew, State::kSupplementRequested,
                             "request_supplement", caller.principal.account_id, d.receiving_unit_id, note,
                             core::FormatUtc(now)});
        QueueApplicantMail(w, d, d.language, "dossier_supplement", v, {{"items", note}});
        return {};
    });
}

}  // namespace mocua::domain::dossier
