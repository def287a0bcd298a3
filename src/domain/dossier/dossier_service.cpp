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

using namespace internal;  // NOLINT: the helpers of this service (dossier_service_internal.hpp)


const std::vector<std::string_view>& StaffReaderRoles() {
    static const std::vector<std::string_view> kRoles = {identity::kRoleOneStopOfficer, identity::kRoleSpecialist,
                                                         identity::kRoleLeader, identity::kRoleUnitAdmin};
    return kRoles;
}

DossierService::DossierService(DossierRepository& repository, catalog::CatalogService& catalog,
                               calendar::CalendarService& calendar, org::UnitRepository& units,
                               identity::AccessControl& access, scan::Scanner* scanner,
                               const FileInspector& inspector, BlobStore& blobs, const audit::Sha256Hasher& hasher,
                               const core::Clock& clock, IntakeOptions options)
    : repository_(repository),
      catalog_(catalog),
      calendar_(calendar),
      units_(units),
      access_(access),
      scanner_(scanner),
      inspector_(inspector),
      blobs_(blobs),
      hasher_(hasher),
      clock_(clock),
      options_(std::move(options)) {}

std::string DossierService::Today() const { return calendar::FormatDate(calendar::ToVietnam(clock_.Now()).date); }

bool DossierService::ScannerAvailable() { return scanner_ && scanner_->Available(); }

// ---- Units ------------------------------------------------------------------------------------------

std::vector<org::Unit> DossierService::CompetentUnits(const Version& version) {
    std::vector<org::Unit> out;
    const std::string today = Today();
    for (auto& u : units_.ValidOn(today)) {
        bool fits = false;
        switch (version.procedure.level) {
            // Since 1 July 2025 there is no district tier: its procedures went to the communes.
            case catalog::Level::kCommune:
            case catalog::Level::kDistrict:
                fits = u.type == org::UnitType::kCommune || u.type == org::UnitType::kSpecialZone;
                break;
            case catalog::Level::kProvince:
                fits = u.type == org::UnitType::kProvince;
                break;
        }
        if (fits) out.push_back(std::move(u));
    }
    std::sort(out.begin(), out.end(), [](const org::Unit& a, const org::Unit& b) {
        return core::text::CompareVietnamese(a.name_vi, b.name_vi) < 0;
    });
    return out;
}

std::vector<org::Unit> DossierService::ReceivingUnitsOf(const Caller& caller) {
    std::vector<org::Unit> out;
    const std::string today = Today();
    for (const auto& g : caller.principal.grants) {
        if (g.role != identity::kRoleOneStopOfficer) continue;
        auto unit = units_.Find(g.unit_id);
        if (unit && unit->ValidOn(today) &&
            std::none_of(out.begin(), out.end(), [&](const org::Unit& u) { return u.id == unit->id; })) {
            out.push_back(std::move(*unit));
        }
    }
    return out;
}

// The one-stop centre of the competent unit receives its online dossiers; without one, the unit itself.
std::int64_t DossierService::ReceivingUnitFor(std::int64_t competent_unit_id) {
    const std::string today = Today();
    for (const auto& u : units_.ValidOn(today)) {
        if (u.type == org::UnitType::kOneStopCentre && u.parent_id == competent_unit_id) return u.id;
    }
    return competent_unit_id;
}

std::vector<FileKind> DossierService::AllowedKinds(const Version& version, int position) const {
    std::vector<FileKind> kinds = {FileKind::kPdf, FileKind::kJpeg, FileKind::kPng};
    const auto& components = version.procedure.components;
    if (position >= 1 && position <= static_cast<int>(components.size()) &&
        components[static_cast<std::size_t>(position - 1)].office_files) {
        kinds.insert(kinds.end(), {FileKind::kDoc, FileKind::kDocx, FileKind::kXlsx, FileKind::kOdt});
    }
    return kinds;
}

// ---- Uploads -----------------------------------------------------------------------------------------

core::Result<StoredFile> DossierService::AcceptUpload(const Caller& caller, const Upload& upload,
                                                      const std::vector<FileKind>& allowed,
                                                      std::string_view target) {
    if (upload.bytes.empty()) return core::Error::InvalidArgument("upload.empty");
    if (static_cast<std::int64_t>(upload.bytes.size()) > options_.max_file_bytes) {
        return core::Error{core::ErrorCode::kPayloadTooLarge, "upload.too_large"};
    }
    const auto kind = inspector_.Detect(upload.bytes);
    if (!kind || std::find(allowed.begin(), allowed.end(), *kind) == allowed.end()) {
        return core::Error::InvalidArgument("upload.type");
    }
    if (!scanner_) return core::Error::Unavailable("upload.scanner_unavailable");
    auto scanned = scanner_->Scan(upload.bytes);
    if (!scanned.ok()) {
        if (scanned.error().message == scan::kTooLarge) {
            return core::Error{core::ErrorCode::kPayloadTooLarge, "upload.too_large"};
        }
        return core::Error::Unavailable("upload.scanner_unavailable");
    }
    if (!scanned->clean) {
        // Refused, and remembered: the security officer sees who tried to send what.
        const std::string signature = scanned->signature.substr(0, 200);
        (void)repository_.Write([&](DossierWriter& w) -> core::Result<void> {
            w.Audit({caller.actor, "dossier.upload.infected", "upload", std::string(target),
                     "signature=" + signature});
            return {};
        });
        return core::Error::InvalidArgument("upload.infected");
    }
    auto sha = blobs_.Put(upload.bytes);
    if (!sha.ok()) return sha.error();
    std::string name = Clean(upload.name);
    if (name.size() > kMaxNameBytes) {
        // Keep the end (the extension), starting on a character boundary (not a UTF-8 continuation byte).
        std::size_t from = name.size() - kMaxNameBytes;
        while (from < name.size() && (static_cast<unsigned char>(name[from]) & 0xC0) == 0x80) ++from;
        name = name.substr(from);
    }
    if (!core::text::IsValidUtf8(name)) name = "file";
    if (name.empty()) name = std::string("file.") + std::string(Extension(*kind));
    return StoredFile{sha.value(), name, std::string(MediaType(*kind)),
                      static_cast<std::int64_t>(upload.bytes.size())};
}

// ---- Drafts -------------------------------------------------------------------------------------------

// The version in force today, when `p` may apply for it online: not staff, an online procedure, and
// the account's kind among the procedure's applicants.
core::Result<Version> DossierService::OnlineVersionFor(const identity::Principal& p, std::string_view code) {
    if (p.kind == AccountKind::kStaff) return Forbidden();
    auto version = catalog_.Current(code);
    if (!version.ok()) return core::Error::NotFound("dossier.procedure_not_found");
    const auto& proc = version->procedure;
    if (proc.mode == catalog::ServiceMode::kOffline) return core::Error::InvalidArgument("dossier.not_online");
    const std::string kind = p.kind == AccountKind::kBusiness ? "business" : "citizen";
    if (!proc.applicants.empty() &&
        std::find(proc.applicants.begin(), proc.applicants.end(), kind) == proc.applicants.end()) {
        return core::Error::InvalidArgument("dossier.applicant_kind");
    }
    return version;
}

core::Result<Draft> DossierService::StartDraft(const Caller& caller, std::string_view procedure_code,
                                               const Applicant& profile, const Answers& prefill) {
    const auto& p = caller.principal;
    auto version = OnlineVersionFor(p, procedure_code);
    if (!version.ok()) return version.error();
    const auto& proc = version->procedure;
    const std::string kind = p.kind == AccountKind::kBusiness ? "business" : "citizen";
    Draft d;
    d.account_id = p.account_id;
    d.procedure_code = proc.code;
    d.procedure_version_id = version->id;
    for (const auto& page : proc.eform.pages) {
        for (const auto& f : page.fields) {
            if (auto it = prefill.find(f.name); it != prefill.end() && !it->second.empty()) {
                d.answers[f.name] = it->second;
            }
        }
    }
    d.applicant = profile;
    d.applicant->kind = kind;
    const auto units = CompetentUnits(*version);
    if (units.size() == 1) d.competent_unit_id = units.front().id;
    const std::string now = core::FormatUtc(clock_.Now());
    d.created_at = d.updated_at = now;
    auto written = repository_.Write([&](DossierWriter& w) -> core::Result<void> {
        d.id = w.InsertDraft(d);
        w.Audit({caller.actor, "dossier.draft.create", "draft", std::to_string(d.id), "procedure=" + d.procedure_code});
        return {};
    });
    if (!written.ok()) return written.error();
    return d;
}

core::Result<Draft> DossierService::Own(const Caller& caller, std::int64_t draft_id) {
    auto d = repository_.FindDraft(draft_id);
    if (!d || d->account_id != caller.principal.account_id) return DraftNotFound();
    return *d;
}

core::Result<Draft> DossierService::GetDraft(const Caller& caller, std::int64_t draft_id) {
    return Own(caller, draft_id);
}

std::vector<Draft> DossierService::OpenDrafts(const Caller& caller) {
    return repository_.OpenDraftsOf(caller.principal.account_id);
}

core::Result<Draft> DossierService::Mutate(
    const Caller& caller, std::int64_t draft_id,
    const std::function<core::Result<void>(Draft&, const Version&)>& change) {
    auto owned = Own(caller, draft_id);
    if (!owned.ok()) return owned.error();
    auto version = catalog_.VersionById(owned->procedure_version_id);
    if (!version.ok()) return version.error();
    Draft out;
    auto written = repository_.Write([&](DossierWriter& w) -> core::Result<void> {
        auto d = w.FindDraft(draft_id);
        if (!d || d->account_id != caller.principal.account_id) return DraftNotFound();
        if (d->dossier_code) return core::Error::Conflict("dossier.state");
        if (auto changed = change(*d, *version); !changed.ok()) return changed;
        d->updated_at = core::FormatUtc(clock_.Now());
        for (const auto& f : d->files) w.RecordFile(f.file);
        w.UpdateDraft(*d);
        out = std::move(*d);
        return {};
    });
    if (!written.ok()) return written.error();
    return out;
}

core::Result<Draft> DossierService::SaveAnswers(const Caller& caller, std::int64_t draft_id,
                                                std::string_view page_id, const Answers& answers,
                                                std::vector<Problem>* problems) {
    return Mutate(caller, draft_id, [&](Draft& d, const Version& v) -> core::Result<void> {
        const auto& pages = v.procedure.eform.pages;
        const auto page = std::find_if(pages.begin(), pages.end(), [&](const auto& p) { return p.id == page_id; });
        if (page == pages.end()) return core::Error::NotFound("dossier.page_not_found");
        catalog::Eform one{{*page}};
        Answers mine;
        for (const auto& f : page->fields) {
            if (auto it = answers.find(f.name); it != answers.end()) {
                std::string value = Clean(it->second, f.type == catalog::FieldType::kTextarea
                                                          ? core::text::Lines::kMulti
                                                          : core::text::Lines::kSingle);
                if (!value.empty()) mine[f.name] = std::move(value);
            }
        }
        auto found = catalog::ValidateAnswers(one, mine, Today());
        if (!found.empty()) {
            if (problems) {
                for (const auto& p : found) problems->push_back({"answers." + p.field, p.rule});
            }
            return Invalid();
        }
        for (const auto& f : page->fields) d.answers.erase(f.name);
        for (auto& [k, v] : mine) d.answers[k] = std::move(v);
        return {};
    });
}

std::vector<Problem> DossierService::CheckApplicant(const Applicant& a) const {
    std::vector<Problem> out;
    if (a.name.empty()) out.push_back({"applicant.name", "applicant.required"});
    if (a.name.size() > kMaxNameBytes) out.push_back({"applicant.name", "applicant.too_long"});
    if (a.id_number.empty()) {
        out.push_back({"applicant.id_number", "applicant.required"});
    } else if (a.kind == "business") {
        if (auto t = core::text::NormalizeTaxCode(a.id_number); !t.ok()) {
            out.push_back({"applicant.id_number", t.error().message});
        }
    } else if (auto c = core::text::ValidateCccd(a.id_number); !c.ok()) {
        out.push_back({"applicant.id_number", c.error().message});
    }
    if (a.address.empty()) out.push_back({"applicant.address", "applicant.required"});
    if (a.address.size() > kMaxAddressBytes) out.push_back({"applicant.address", "applicant.too_long"});
    if (a.phone.empty()) {
        out.push_back({"applicant.phone", "applicant.required"});
    } else if (auto ph = core::text::NormalizePhone(a.phone); !ph.ok()) {
        out.push_back({"applicant.phone", ph.error().message});
    }
    if (!a.email.empty()) {
        const auto at = a.email.find('@');
        if (at == std::string::npos || at == 0 || a.email.find('@', at + 1) != std::string::npos ||
            a.email.find('.', at) == std::string::npos || a.email.find(' ') != std::string::npos ||
            a.email.size() > 254) {
            out.push_back({"applicant.email", "applicant.email"});
        }
    }
    return out;
}


core::Result<Draft> DossierService::SaveApplicant(const Caller& caller, std::int64_t draft_id,
                                                  const Applicant& applicant,
                                                  std::optional<std::int64_t> competent_unit_id,
                                                  std::string_view result_delivery,
                                                  std::vector<Problem>* problems) {
    return Mutate(caller, draft_id, [&](Draft& d, const Version& v) -> core::Result<void> {
        Applicant a = Normalised(applicant);
        a.kind = d.applicant ? d.applicant->kind : "citizen";
        auto found = CheckApplicant(a);
        const auto units = CompetentUnits(v);
        if (!competent_unit_id || std::none_of(units.begin(), units.end(), [&](const org::Unit& u) {
                return u.id == *competent_unit_id;
            })) {
            found.push_back({"unit", "dossier.unit"});
        }
        if (!ValidDelivery(result_delivery)) found.push_back({"result_delivery", "dossier.result_delivery"});
        if (!found.empty()) {
            if (problems) problems->insert(problems->end(), found.begin(), found.end());
            return Invalid();
        }
        d.applicant = std::move(a);
        d.competent_unit_id = competent_unit_id;
        d.result_delivery = std::string(result_delivery);
        return {};
    });
}

core::Result<Draft> DossierService::AttachFile(const Caller& caller, std::int64_t draft_id, int position,
                                               const Upload& upload) {
    auto owned = Own(caller, draft_id);
    if (!owned.ok()) return owned.error();
    if (owned->dossier_code) return core::Error::Conflict("dossier.state");
    auto version = catalog_.VersionById(owned->procedure_version_id);
    if (!version.ok()) return version.error();
    if (position < 1 || position > static_cast<int>(version->procedure.components.size())) {
        return core::Error::InvalidArgument("dossier.component");
    }
    auto stored = AcceptUpload(caller, upload, AllowedKinds(*version, position),
                               "draft:" + std::to_string(draft_id) + "/" + std::to_string(position));
    if (!stored.ok()) return stored.error();
    return Mutate(caller, draft_id, [&](Draft& d, const Version&) -> core::Result<void> {
        std::erase_if(d.files, [&](const Draft::File& f) { return f.position == position; });
        d.files.push_back({position, *stored, false});
        std::sort(d.files.begin(), d.files.end(), [](const auto& a, const auto& b) { return a.position < b.position; });
        return {};
    });
}

core::Result<Draft> DossierService::ReuseStoreItem(const Caller& caller, std::int64_t draft_id, int position,
                                                   std::int64_t item_id) {
    return Mutate(caller, draft_id, [&](Draft& d, const Version& v) -> core::Result<void> {
        const auto& components = v.procedure.components;
        if (position < 1 || position > static_cast<int>(components.size()) ||
            !components[static_cast<std::size_t>(position - 1)].reusable) {
            return core::Error::InvalidArgument("dossier.component");
        }
        // Read inside the transaction through the writer's own port is not needed: items never change.
        const auto items = repository_.StoreItemsOf(caller.principal.account_id);
        const auto item = std::find_if(items.begin(), items.end(), [&](const StoreItem& i) { return i.id == item_id; });
        if (item == items.end()) return core::Error::NotFound("dossier.store_item_not_found");
        const auto allowed = AllowedKinds(v, position);
        if (std::none_of(allowed.begin(), allowed.end(),
                         [&](FileKind k) { return MediaType(k) == item->file.media_type; })) {
            return core::Error::InvalidArgument("upload.type");
        }
        std::erase_if(d.files, [&](const Draft::File& f) { return f.position == position; });
        d.files.push_back({position, item->file, true});
        std::sort(d.files.begin(), d.files.end(), [](const auto& a, const auto& b) { return a.position < b.position; });
        return {};
    });
}

core::Result<Draft> DossierService::RemoveFile(const Caller& caller, std::int64_t draft_id, int position) {
    return Mutate(caller, draft_id, [&](Draft& d, const Version&) -> core::Result<void> {
        std::erase_if(d.files, [&](const Draft::File& f) { return f.position == position; });
        return {};
    });
}

core::Result<void> DossierService::DiscardDraft(const Caller& caller, std::int64_t draft_id) {
    auto owned = Own(caller, draft_id);
    if (!owned.ok()) return owned.error();
    return repository_.Write([&](DossierWriter& w) -> core::Result<void> {
        auto d = w.FindDraft(draft_id);
        if (!d || d->account_id != caller.principal.account_id) return DraftNotFound();
        if (d->dossier_code) return core::Error::Conflict("dossier.state");
        w.DeleteDraft(draft_id);
        w.Audit({caller.actor, "dossier.draft.discard", "draft", std::to_string(draft_id), ""});
        return {};
    });
}

namespace {

std::vector<Problem> CheckContent(const Version& v, const Draft& d, const std::string& today,
                                  const std::vector<org::Unit>& units, const std::vector<Problem>& applicant) {
    std::vector<Problem> out;
    for (const auto& p : catalog::ValidateAnswers(v.procedure.eform, d.answers, today)) {
        out.push_back({"answers." + p.field, p.rule});
    }
    out.insert(out.end(), applicant.begin(), applicant.end());
    if (!d.competent_unit_id || std::none_of(units.begin(), units.end(), [&](const org::Unit& u) {
            return u.id == *d.competent_unit_id;
        })) {
        out.push_back({"unit", "dossier.unit"});
    }
    const auto& components = v.procedure.components;
    for (std::size_t i = 0; i < components.size(); ++i) {
        const int position = static_cast<int>(i) + 1;
        if (components[i].required && !d.FileAt(position)) {
            out.push_back({"component." + std::to_string(position), "component.required"});
        }
    }
    return out;
}

}  // namespace

core::Result<std::vector<Problem>> DossierService::CheckDraft(const Caller& caller, std::int64_t draft_id) {
    auto d = Own(caller, draft_id);
    if (!d.ok()) return d.error();
    auto v = catalog_.VersionById(d->procedure_version_id);
    if (!v.ok()) return v.error();
    return CheckContent(*v, *d, Today(), CompetentUnits(*v),
                        d->applicant ? CheckApplicant(*d->applicant)
                                     : std::vector<Problem>{{"applicant.name", "applicant.required"}});
}

core::Result<SubmitOutcome> DossierService::SubmitDraft(const Caller& caller, std::int64_t draft_id,
                                                        std::vector<Problem>* problems) {
    auto d = Own(caller, draft_id);
    if (!d.ok()) return d.error();
    if (d->dossier_code) {
        auto existing = repository_.FindByCode(*d->dossier_code);
        if (!existing) return NotFound();
        return SubmitOutcome{std::move(*existing), false};
    }
    auto v = catalog_.VersionById(d->procedure_version_id);
    if (!v.ok()) return v.error();
    auto found = CheckContent(*v, *d, Today(), CompetentUnits(*v),
                              d->applicant ? CheckApplicant(*d->applicant)
                                           : std::vector<Problem>{{"applicant.name", "applicant.required"}});
    if (!found.empty()) {
        if (problems) *problems = std::move(found);
        return Invalid();
    }
    return CreateOnline(caller, *v, *d, draft_id, std::nullopt, "");
}

void DossierService::QueueApplicantMail(DossierWriter& writer, const Dossier& d, std::string_view language,
                                        std::string_view template_name, const Version& v,
                                        std::vector<std::pair<std::string, std::string>> extra) {
    if (d.applicant.email.empty() || !options_.messages) return;
    const bool en = language == "en";
    std::vector<std::pair<std::string, std::string>> values = {
        {"name", d.applicant.name},
        {"code", d.code},
        {"procedure", en && !v.procedure.name_en.empty() ? v.procedure.name_en : v.procedure.name_vi},
        {"url", options_.public_url + "/dossiers/" + d.code},
    };
    values.insert(values.end(), extra.begin(), extra.end());
    auto rendered = notify::RenderMail(options_.messages, en ? "en" : "vi", template_name, values);
    if (!rendered.ok()) return;  // a missing template is caught by the catalogue tests
    writer.QueueMail({d.applicant.email, d.applicant.name, rendered->subject, rendered->text, rendered->html});
}

core::Result<SubmitOutcome> DossierService::CreateOnline(const Caller& caller, const Version& v, Draft draft,
                                                         std::optional<std::int64_t> draft_id,
                                                         const std::optional<std::string>& key,
                                                         const std::string& request_hash) {
    const auto competent = units_.Find(*draft.competent_unit_id);
    if (!competent) return core::Error::InvalidArgument("dossier.unit");
    const std::int64_t receiving_id = ReceivingUnitFor(competent->id);
    const auto receiving = units_.Find(receiving_id);
    if (!receiving || !ValidUnitCode(receiving->code)) return core::Error::InvalidArgument("dossier.unit");
    const auto now = clock_.Now();
    const std::string today = Today();
    SubmitOutcome outcome;
    const auto attempt = [&]() {
        return repository_.Write([&](DossierWriter& w) -> core::Result<void> {
            if (draft_id) {
                auto locked = w.FindDraft(*draft_id);
                if (!locked) return DraftNotFound();
                if (locked->dossier_code) {
                    auto existing = w.FindByCode(*locked->dossier_code);
                    if (!existing) return NotFound();
                    outcome = {std::move(*existing), false};
                    return {};
                }
            }
            if (key) {
                if (auto used = w.FindIdempotency(caller.principal.account_id, *key)) {
                    if (used->first != request_hash) return core::Error::Conflict("dossier.idempotency_mismatch");
                    auto existing = w.FindById(used->second);
                    if (!existing) return NotFound();
                    outcome = {std::move(*existing), false};
                    return {};
                }
            }
            const std::string pattern =
                w.CodePattern(receiving->id, today).value_or(std::string(kDefaultCodePattern));
            auto code = FormatDossierCode(pattern, receiving->code, today, w.NextSequence(receiving->id, today));
            if (!code.ok()) return code.error();
            Dossier d;
            d.code = *code;
            d.procedure_code = v.procedure.code;
            d.procedure_version_id = v.id;
            d.applicant_account_id = caller.principal.account_id;
            d.applicant = *draft.applicant;
            d.language = caller.language == "en" ? "en" : "vi";
            d.channel = Channel::kOnline;
            d.state = State::kNew;
            d.receiving_unit_id = receiving->id;
            d.competent_unit_id = competent->id;
            d.answers = draft.answers;
            d.result_delivery = draft.result_delivery;
            d.submitted_at = d.created_at = d.updated_at = core::FormatUtc(now);
            d.created_by = caller.principal.account_id;
            const auto& components = v.procedure.components;
            for (std::size_t i = 0; i < components.size(); ++i) {
                DossierComponent c;
                c.position = static_cast<int>(i) + 1;
                c.name_vi = components[i].name_vi;
                c.name_en = components[i].name_en;
                c.quantity = static_cast<int>(components[i].quantity);
                if (const auto* f = draft.FileAt(c.position)) {
                    c.file = f->file;
                    c.reused = f->reused;
                    w.RecordFile(f->file);
                }
                d.components.push_back(std::move(c));
            }
            d.history.push_back({1, std::nullopt, State::kNew, "submit", caller.principal.account_id,
                                 std::nullopt, "", d.submitted_at});
            d.id = w.Insert(d);
            if (draft_id) w.LinkDraft(*draft_id, d.id);
            if (key && !w.PutIdempotency(caller.principal.account_id, *key, request_hash, d.id)) {
                return core::Error::Conflict("dossier.idempotency_race");
            }
            // The applicant's own documents of reusable kinds go to their data store.
            for (std::size_t i = 0; i < components.size(); ++i) {
                const auto& c = d.components[i];
                if (components[i].reusable && c.file && !c.reused) {
                    w.AddStoreItem(caller.principal.account_id, c.name_vi, *c.file, d.id);
                }
            }
            QueueApplicantMail(w, d, d.language, "dossier_submitted", v, {});
            w.Audit({caller.actor, "dossier.submit", "dossier", d.code,
                     "channel=2 procedure=" + d.procedure_code + " files=" + std::to_string(draft.files.size())});
            outcome = {std::move(d), true};
            return {};
        });
    };
    auto written = attempt();
    // A concurrent request with the same key won: answer with its dossier.
    if (!written.ok() && written.error().message == "dossier.idempotency_race") written = attempt();
    if (!written.ok()) return written.error();
    return outcome;
}

core::Result<SubmitOutcome> DossierService::SubmitDirect(const Caller& caller, std::string_view procedure_code,
                                                         const Answers& answers,
                                                         const std::vector<std::pair<int, Upload>>& uploads,
                                                         const std::optional<std::string>& key,
                                                         std::vector<Problem>* problems) {
    const auto& p = caller.principal;
    if (p.kind == AccountKind::kStaff) return Forbidden();
    if (key && (key->empty() || key->size() > 200)) return core::Error::InvalidArgument("dossier.idempotency_key");
    // The request's fingerprint: the procedure, the answers and each file's bytes.
    std::string fingerprint = std::string(procedure_code) + "\n" + AnswersToJson(answers);
    for (const auto& [position, upload] : uploads) {
        fingerprint += "\n" + std::to_string(position) + ":" + hasher_.Sha256(upload.bytes);
    }
    const std::string request_hash = core::ToHex(hasher_.Sha256(fingerprint));
    if (key) {
        // A repeat answers before any upload is scanned again.
        std::optional<SubmitOutcome> earlier;
        auto looked = repository_.Write([&](DossierWriter& w) -> core::Result<void> {
            auto used = w.FindIdempotency(p.account_id, *key);
            if (!used) return {};
            if (used->first != request_hash) return core::Error::Conflict("dossier.idempotency_mismatch");
            auto existing = w.FindById(used->second);
            if (existing) earlier = SubmitOutcome{std::move(*existing), false};
            return {};
        });
        if (!looked.ok()) return looked.error();
        if (earlier) return std::move(*earlier);
    }
    auto version = OnlineVersionFor(p, procedure_code);
    if (!version.ok()) return version.error();
    const auto& proc = version->procedure;
    const std::string kind = p.kind == AccountKind::kBusiness ? "business" : "citizen";
    Draft d;
    d.account_id = p.account_id;
    d.procedure_code = proc.code;
    d.procedure_version_id = version->id;
    // The applicant's details travel as answers "applicant.name", … ; the rest are e-form answers.
    Applicant a;
    a.kind = kind;
    Answers eform;
    for (const auto& [k, value] : answers) {
        if (k == "applicant.name") a.name = value;
        else if (k == "applicant.id_number") a.id_number = value;
        else if (k == "applicant.address") a.address = value;
        else if (k == "applicant.phone") a.phone = value;
        else if (k == "applicant.email") a.email = value;
        else if (k == "unit") {
            const auto units = CompetentUnits(*version);
            for (const auto& u : units) {
                if (u.code == value) d.competent_unit_id = u.id;
            }
        } else if (k == "result_delivery") {
            d.result_delivery = value;
            // Many e-forms ask the same question as a choice field of that name (counter, post,
            // electronic): the answer then is also the e-form's, and names the delivery.
            const bool in_eform = std::any_of(proc.eform.pages.begin(), proc.eform.pages.end(), [&](const auto& page) {
                return std::any_of(page.fields.begin(), page.fields.end(), [&](const auto& f) { return f.name == k; });
            });
            if (in_eform) {
                eform[k] = Clean(value, core::text::Lines::kMulti);
                d.result_delivery = value == "post" ? "postal" : value == "electronic" ? "online" : value;
            }
        } else eform[k] = Clean(value, core::text::Lines::kMulti);
    }
    if (!d.competent_unit_id) {
        const auto units = CompetentUnits(*version);
        if (units.size() == 1) d.competent_unit_id = units.front().id;
    }
    d.applicant = Normalised(a);
    d.answers = std::move(eform);
    std::vector<Problem> found;
    if (!ValidDelivery(d.result_delivery)) found.push_back({"result_delivery", "dossier.result_delivery"});
    const int count = static_cast<int>(proc.components.size());
    for (const auto& [position, upload] : uploads) {
        if (position < 1 || position > count) found.push_back({"component." + std::to_string(position), "dossier.component"});
    }
    if (!found.empty()) {
        if (problems) *problems = std::move(found);
        return Invalid();
    }
    // Check everything but the files first, so a bad form never costs a scan.
    Draft without_files = d;
    for (const auto& [position, upload] : uploads) without_files.files.push_back({position, {}, false});
    found = CheckContent(*version, without_files, Today(), CompetentUnits(*version), CheckApplicant(*d.applicant));
    if (!found.empty()) {
        if (problems) *problems = std::move(found);
        return Invalid();
    }
    for (const auto& [position, upload] : uploads) {
        auto stored = AcceptUpload(caller, upload, AllowedKinds(*version, position),
                                   "api:" + std::string(procedure_code) + "/" + std::to_string(position));
        if (!stored.ok()) {
            if (problems) problems->push_back({"component." + std::to_string(position), stored.error().message});
            return stored.error();
        }
        std::erase_if(d.files, [&](const Draft::File& f) { return f.position == position; });
        d.files.push_back({position, *stored, false});
    }
    return CreateOnline(caller, *version, d, std::nullopt, key, request_hash);
}

}  // namespace mocua::domain::dossier
