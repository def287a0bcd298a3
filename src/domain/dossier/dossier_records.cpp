// DossierService, part 3: reading dossiers with the access rules, their files and forms, the result
// file, satisfaction ratings and the applicant's data store.
#include "domain/dossier/dossier_service.hpp"

#include <algorithm>
#include <chrono>
#include <map>

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

// ---- Reading ----------------------------------------------------------------------------------------------

bool DossierService::CanRead(const Caller& caller, const Dossier& d) {
    const auto& p = caller.principal;
    if (d.applicant_account_id && *d.applicant_account_id == p.account_id) return true;
    if (p.kind != AccountKind::kStaff) return false;
    const std::string today = Today();
    if (access_.CanAny(p, StaffReaderRoles(), d.receiving_unit_id, today) ||
        access_.CanAny(p, StaffReaderRoles(), d.competent_unit_id, today)) {
        return true;
    }
    // Staff of a unit the dossier was handed to during processing (a department, another agency).
    for (const auto& st : d.steps) {
        if (access_.CanAny(p, StaffReaderRoles(), st.unit_id, today)) return true;
    }
    return false;
}

core::Result<forms::RegisterData> DossierService::Register(const Caller& caller, std::int64_t unit_id,
                                                           std::string_view from, std::string_view to) {
    const auto first = calendar::ParseDate(from), last = calendar::ParseDate(to);
    if (!first || !last || *last < *first || *last - *first > std::chrono::days(366)) {
        return core::Error::InvalidArgument("register.period");
    }
    if (caller.principal.kind != AccountKind::kStaff ||
        !access_.CanAny(caller.principal, StaffReaderRoles(), unit_id, Today())) {
        return Forbidden();
    }
    auto unit = units_.Find(unit_id);
    if (!unit) return Forbidden();
    std::optional<org::Unit> authority;
    if (unit->parent_id) authority = units_.Find(*unit->parent_id);

    forms::RegisterData out;
    out.authority_name = core::text::ToUpperVietnamese(authority ? authority->name_vi : unit->name_vi);
    out.unit_name = unit->name_vi;
    out.period_from = VietnamWallClock(calendar::FromVietnam(*first, {}));
    out.period_to = VietnamWallClock(calendar::FromVietnam(*last, {}));
    out.printed_at = VietnamWallClock(clock_.Now());

    ListFilter f;
    f.unit_ids = {unit_id};
    f.receiving_only = true;
    f.received_from = core::FormatUtc(calendar::FromVietnam(*first, {}));
    f.received_to = core::FormatUtc(calendar::FromVietnam(*last + std::chrono::days(1), {}));
    f.per_page = 200;
    std::vector<DossierSummary> found;
    for (f.page = 1;; ++f.page) {
        auto page = repository_.List(f);
        for (auto& d : page.items) found.push_back(std::move(d));
        if (page.items.size() < static_cast<std::size_t>(f.per_page)) break;
    }
    std::vector<Dossier> dossiers;
    for (const auto& summary : found) {
        auto d = repository_.FindByCode(summary.code);
        // Only dossiers accepted with an appointment belong in the book (a refusal is not "received").
        if (d && d->received_at && d->appointment_at) dossiers.push_back(std::move(*d));
    }
    std::sort(dossiers.begin(), dossiers.end(), [](const Dossier& a, const Dossier& b) {
        return std::tie(*a.received_at, a.code) < std::tie(*b.received_at, b.code);
    });
    auto local = [](const std::optional<std::string>& utc) -> std::optional<forms::LocalDateTime> {
        if (!utc) return std::nullopt;
        auto t = core::ParseUtc(*utc);
        if (!t) return std::nullopt;
        return VietnamWallClock(*t);
    };
    // A book repeats a few procedures and units many times: each is read once.
    std::map<std::int64_t, std::string> procedure_names, unit_names;
    auto procedure_name = [&](const Dossier& d) -> const std::string& {
        auto it = procedure_names.find(d.procedure_version_id);
        if (it == procedure_names.end()) {
            auto version = catalog_.VersionById(d.procedure_version_id);
            it = procedure_names.emplace(d.procedure_version_id,
                                         version.ok() ? version->procedure.name_vi : d.procedure_code)
                     .first;
        }
        return it->second;
    };
    auto unit_name = [&](std::int64_t id) -> const std::string& {
        auto it = unit_names.find(id);
        if (it == unit_names.end()) {
            auto found = units_.Find(id);
            it = unit_names.emplace(id, found ? found->name_vi : unit->name_vi).first;
        }
        return it->second;
    };
    for (const auto& d : dossiers) {
        forms::RegisterRow row;
        row.dossier_code = d.code;
        row.procedure_name = procedure_name(d);
        row.number_of_sets = std::max(1, d.sets);
        row.applicant_name = d.applicant.name;
        row.address = d.applicant.address;
        row.phone = d.applicant.phone;
        row.lead_agency = unit_name(d.competent_unit_id);
        row.received_at = *local(d.received_at);
        row.appointment_at = *local(d.appointment_at);
        if (!d.steps.empty()) row.transferred_at = local(d.steps.front().started_at);
        const bool decided = d.state == State::kResolved || d.state == State::kReturned ||
                             d.state == State::kStopped || d.state == State::kWithdrawalRequested;
        if (decided) row.result_at = local(d.resolved_at);
        row.returned_at = local(d.returned_at);
        if (d.returned_at && d.resolved_at) {
            const auto end = core::ParseUtc(*d.resolved_at);
            const auto due = core::ParseUtc(d.due_at.value_or(*d.appointment_at));
            if (end && due) row.return_mark = MarkOf(*end, *due);
        }
        // Imported dossiers may carry inconsistent times; the book shows what is consistent.
        for (auto* t : {&row.transferred_at, &row.result_at, &row.returned_at}) {
            if (*t && forms::IsBefore(**t, row.received_at)) t->reset();
        }
        if (!forms::IsBefore(row.received_at, row.appointment_at)) continue;
        // The register's note column: what a reader of the book needs besides the dates.
        if (d.extended_at) row.note = "Gia hạn (Mẫu 04)";
        if (d.state == State::kStopped) row.note = "Dừng giải quyết (Mẫu 05)";
        if (d.state == State::kWithdrawalRequested) row.note = "Rút hồ sơ theo yêu cầu";
        out.rows.push_back(std::move(row));
    }
    return out;
}

bool DossierService::CanReceive(const Caller& caller, const Dossier& d) {
    return caller.principal.kind == AccountKind::kStaff &&
           access_.Can(caller.principal, identity::kRoleOneStopOfficer, d.receiving_unit_id, Today());
}

core::Result<Dossier> DossierService::Get(const Caller& caller, std::string_view code) {
    if (!LooksLikeDossierCode(code)) return NotFound();
    auto d = repository_.FindByCode(code);
    if (!d || !CanRead(caller, *d)) return NotFound();
    return std::move(*d);
}

ListPage DossierService::Mine(const Caller& caller, int page, int per_page) {
    ListFilter f;
    f.applicant_account_id = caller.principal.account_id;
    f.page = std::max(1, page);
    f.per_page = std::clamp(per_page, 1, 100);
    return repository_.List(f);
}

core::Result<ListPage> DossierService::List(const Caller& caller, ListFilter filter) {
    const auto& p = caller.principal;
    if (p.kind != AccountKind::kStaff) return Forbidden();
    const std::string today = Today();
    // Every unit below a grant of a reading role (the grant's subtree, as of today).
    std::vector<std::int64_t> allowed;
    for (const auto& u : units_.ValidOn(today)) {
        if (access_.CanAny(p, StaffReaderRoles(), u.id, today)) allowed.push_back(u.id);
    }
    if (allowed.empty()) return Forbidden();
    if (filter.unit_ids.empty()) {
        filter.unit_ids = allowed;
    } else {
        std::erase_if(filter.unit_ids, [&](std::int64_t id) {
            return std::find(allowed.begin(), allowed.end(), id) == allowed.end();
        });
        if (filter.unit_ids.empty()) return ListPage{};
    }
    filter.page = std::max(1, filter.page);
    filter.per_page = std::clamp(filter.per_page, 1, 100);
    filter.folded_query = core::text::FoldForSearch(filter.folded_query);
    return repository_.List(filter);
}

core::Result<FileContent> DossierService::ComponentFile(const Caller& caller, std::string_view code, int position) {
    auto d = Get(caller, code);
    if (!d.ok()) return d.error();
    for (const auto& c : d->components) {
        if (c.position != position || !c.file) continue;
        auto bytes = blobs_.Get(c.file->sha256);
        if (!bytes.ok()) return bytes.error();
        return FileContent{*c.file, std::move(*bytes)};
    }
    return core::Error::NotFound("dossier.file_not_found");
}

core::Result<IssuedForm> DossierService::FormOf(const Caller& caller, std::string_view code, std::string_view form) {
    auto d = Get(caller, code);
    if (!d.ok()) return d.error();
    if (const auto* f = d->Form(form)) return *f;
    return core::Error::NotFound("dossier.form_not_found");
}

core::Result<std::string> DossierService::FormPdf(const Caller& caller, std::string_view code, std::string_view form,
                                                  const forms::DocumentRenderer& renderer) {
    if (form != "06") {
        auto issued = FormOf(caller, code, form);
        if (!issued.ok()) return issued.error();
        return RenderIssuedForm(renderer, form, issued->data);
    }
    auto d = Get(caller, code);
    if (!d.ok()) return d.error();
    if (!d->received_at || d->steps.empty()) return core::Error::NotFound("dossier.form_not_found");
    auto v = catalog_.VersionById(d->procedure_version_id);
    if (!v.ok()) return v.error();
    const auto receiving = units_.Find(d->receiving_unit_id);
    if (!receiving) return core::Error::NotFound("dossier.form_not_found");
    std::optional<org::Unit> authority;
    if (receiving->parent_id) authority = units_.Find(*receiving->parent_id);
    const auto name = [&](std::optional<std::int64_t> id) {
        if (!id) return receiving->name_vi;
        auto u = units_.Find(*id);
        return u ? u->name_vi : std::string();
    };
    const auto now = clock_.Now();
    forms::ProcessControlData p;
    p.header.authority_name = core::text::ToUpperVietnamese(authority ? authority->name_vi : receiving->name_vi);
    p.header.receiving_section = core::text::ToUpperVietnamese(receiving->name_vi);
    p.header.place = options_.place;
    p.header.number = std::to_string(d->id) + "/" + receiving->code;
    p.dossier_code = d->code;
    p.procedure_code = d->procedure_code;
    p.applicant_name = d->applicant.name;
    p.applicant_id = d->applicant.id_number;
    p.request = v->procedure.name_vi;
    p.received_at = VietnamWallClock(core::ParseUtc(*d->received_at).value_or(now));
    p.appointment_at =
        VietnamWallClock(core::ParseUtc(d->due_at.value_or(d->appointment_at.value_or(*d->received_at))).value_or(now));
    for (const auto& st : d->steps) {
        forms::HandOver h;
        h.from_unit = name(st.from_unit_id);
        h.to_unit = name(st.unit_id);
        h.at = VietnamWallClock(core::ParseUtc(st.started_at).value_or(now));
        const auto due = core::ParseUtc(st.due_at);
        if (st.finished_at && due) {
            if (auto finished = core::ParseUtc(*st.finished_at)) h.mark = MarkOf(*finished, *due);
        }
        h.note = st.name_vi + (st.note.empty() ? "" : ": " + st.note);
        p.hand_overs.push_back(std::move(h));
    }
    p.issuing_system = options_.issuing_system;
    p.issued_at = VietnamWallClock(now);
    if (!options_.public_url.empty()) p.lookup_url = options_.public_url + "/lookup?code=" + d->code;
    return renderer.ProcessControl(p);
}

core::Result<StoredFile> DossierService::AcceptPaymentProof(const Caller& caller, std::string_view code,
                                                          const Upload& upload) {
    auto current = Get(caller, code);
    if (!current.ok()) return current.error();
    if (caller.principal.kind != AccountKind::kStaff) return Forbidden();
    auto stored =
        AcceptUpload(caller, upload, {FileKind::kPdf, FileKind::kJpeg, FileKind::kPng}, "payment-proof:" + std::string(code));
    if (!stored.ok()) return stored.error();
    // The file row records its type and size, as for every stored upload.
    auto recorded = repository_.Write([&](DossierWriter& w) -> core::Result<void> {
        w.RecordFile(*stored);
        return {};
    });
    if (!recorded.ok()) return recorded.error();
    return stored;
}

core::Result<Dossier> DossierService::AttachResult(const Caller& caller, std::string_view code,
                                                  std::int64_t expected_version, const Upload& upload) {
    auto current = Get(caller, code);
    if (!current.ok()) return current.error();
    auto v = catalog_.VersionById(current->procedure_version_id);
    if (!v.ok()) return v.error();
    const auto& p = caller.principal;
    const std::string today = Today();
    // Who may attach it now (checked again inside the transaction against the stored state).
    const auto allowed = [&](const Dossier& d) -> core::Result<void> {
        if (d.state == State::kProcessing) {
            const StepRecord* open = d.OpenStep();
            const auto workflow = catalog::EffectiveWorkflow(v->procedure);
            const auto def = std::find_if(workflow.steps.begin(), workflow.steps.end(),
                                          [&](const catalog::WorkflowStep& s) { return open && s.id == open->step_id; });
            if (!open || def == workflow.steps.end() || !def->next.empty()) return core::Error::Conflict("dossier.state");
            if (p.kind != AccountKind::kStaff || !access_.Can(p, open->role, open->unit_id, today)) return Forbidden();
            return {};
        }
        if (d.state == State::kResolved) {
            if (!CanReceive(caller, d)) return Forbidden();
            return {};
        }
        return core::Error::Conflict("dossier.state");
    };
    if (auto ok = allowed(*current); !ok.ok()) return ok.error();
    auto stored = AcceptUpload(caller, upload, {FileKind::kPdf, FileKind::kJpeg, FileKind::kPng}, "result:" + std::string(code));
    if (!stored.ok()) return stored.error();
    std::optional<Signature> signature;
    if (options_.signer) {
        auto signed_ = options_.signer->Sign(upload.bytes, caller.officer_name);
        if (!signed_.ok()) return signed_.error();
        signature = *signed_;
    }
    Dossier out;
    auto written = repository_.Write([&](DossierWriter& w) -> core::Result<void> {
        auto d = w.FindByCode(code);
        if (!d) return NotFound();
        if (d->version != expected_version) return core::Error::Conflict("dossier.changed");
        if (auto ok = allowed(*d); !ok.ok()) return ok;
        const std::string now = core::FormatUtc(clock_.Now());
        ResultFile r;
        r.file = *stored;
        if (signature) {
            r.signature_scheme = signature->scheme;
            r.signature_key = signature->key_id;
            r.signature_value = signature->value;
            r.signer = signature->signer;
        }
        r.attached_by = p.account_id;
        r.attached_at = now;
        d->result = std::move(r);
        w.RecordFile(*stored);
        d->history.push_back({static_cast<int>(d->history.size()) + 1, d->state, d->state, "attach_result",
                              p.account_id, std::nullopt, stored->name, now});
        d->updated_at = now;
        if (!w.Update(*d, expected_version)) return core::Error::Conflict("dossier.changed");
        w.Audit({caller.actor, "dossier.attach_result", "dossier", d->code,
                 "sha256=" + stored->sha256 + (signature ? " signed=" + signature->scheme : " signed=no")});
        d->version = expected_version + 1;
        out = std::move(*d);
        return {};
    });
    if (!written.ok()) return written.error();
    return out;
}

namespace {

bool ValidRating(std::string_view kind, std::string_view value) {
    if (kind == "three_level") return value == "very_satisfied" || value == "satisfied" || value == "dissatisfied";
    if (kind != "nine_indices" || value.size() != 17) return false;
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (i % 2 == 1 ? value[i] != ',' : (value[i] < '0' || value[i] > '2')) return false;
    }
    return true;
}

}  // namespace

core::Result<Dossier> DossierService::Rate(const Caller& caller, std::string_view code, std::string_view kind,
                                          std::string_view value, std::string_view channel) {
    if (!ValidRating(kind, value) || (channel != "online" && channel != "counter") ||
        (kind == "nine_indices" && channel != "online")) {
        return core::Error::InvalidArgument("dossier.rating");
    }
    auto current = Get(caller, code);
    if (!current.ok()) return current.error();
    const bool owner = current->applicant_account_id && *current->applicant_account_id == caller.principal.account_id;
    if (channel == "online" ? !owner : !CanReceive(caller, *current)) return Forbidden();
    Dossier out;
    auto written = repository_.Write([&](DossierWriter& w) -> core::Result<void> {
        auto d = w.FindByCode(code);
        if (!d) return NotFound();
        if (d->state != State::kReturned) return core::Error::Conflict("dossier.state");
        for (const auto& r : d->ratings) {
            if (r.kind == kind && r.channel == channel) return core::Error::Conflict("dossier.already_rated");
        }
        const std::string now = core::FormatUtc(clock_.Now());
        d->ratings.push_back({static_cast<int>(d->ratings.size()) + 1, std::string(kind), std::string(value),
                              std::string(channel), caller.principal.account_id, now});
        d->updated_at = now;
        const std::int64_t version = d->version;
        if (!w.Update(*d, version)) return core::Error::Conflict("dossier.changed");
        w.Audit({caller.actor, "dossier.rate", "dossier", d->code,
                 std::string(kind) + "=" + std::string(value) + " channel=" + std::string(channel)});
        d->version = version + 1;
        out = std::move(*d);
        return {};
    });
    if (!written.ok()) return written.error();
    return out;
}

core::Result<FileContent> DossierService::ResultFileOf(const Caller& caller, std::string_view code) {
    auto d = Get(caller, code);
    if (!d.ok()) return d.error();
    if (!d->result) return core::Error::NotFound("dossier.file_not_found");
    auto bytes = blobs_.Get(d->result->file.sha256);
    if (!bytes.ok()) return bytes.error();
    return FileContent{d->result->file, std::move(*bytes)};
}

std::vector<StoreItem> DossierService::StoreItems(const Caller& caller) {
    return repository_.StoreItemsOf(caller.principal.account_id);
}

core::Result<FileContent> DossierService::StoreItemFile(const Caller& caller, std::int64_t item_id) {
    for (auto& item : repository_.StoreItemsOf(caller.principal.account_id)) {
        if (item.id != item_id) continue;
        auto bytes = blobs_.Get(item.file.sha256);
        if (!bytes.ok()) return bytes.error();
        return FileContent{item.file, std::move(*bytes)};
    }
    return core::Error::NotFound("dossier.store_item_not_found");
}

}  // namespace mocua::domain::dossier
