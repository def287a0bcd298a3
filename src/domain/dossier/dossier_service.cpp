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

namespace mocua::domain::dossier {

namespace {

using catalog::Version;
using identity::AccountKind;

constexpr std::size_t kMaxNameBytes = 200;
constexpr std::size_t kMaxAddressBytes = 400;
constexpr std::size_t kMaxReasonBytes = 1000;
constexpr std::size_t kMaxItems = 30;

core::Error Invalid() { return core::Error::InvalidArgument("dossier.invalid"); }
core::Error NotFound() { return core::Error::NotFound("dossier.not_found"); }
core::Error DraftNotFound() { return core::Error::NotFound("dossier.draft_not_found"); }
core::Error Forbidden() { return core::Error{core::ErrorCode::kForbidden, "dossier.forbidden"}; }

forms::LocalDateTime Local(core::TimePoint t) { return VietnamWallClock(t); }

calendar::TimeLimit LimitOf(const catalog::TimeLimit& t) { return ToCalendarLimit(t.value, t.unit); }

// "05 ngày làm việc", as Mẫu 01 prints it.
std::string LimitText(const catalog::TimeLimit& t) {
    std::string n = t.value < 10 ? "0" + std::to_string(t.value) : std::to_string(t.value);
    switch (t.unit) {
        case catalog::TimeUnit::kWorkingDays: return n + " ngày làm việc";
        case catalog::TimeUnit::kDays: return n + " ngày";
        case catalog::TimeUnit::kWorkingHours: return n + " giờ làm việc";
        case catalog::TimeUnit::kHours: return n + " giờ";
    }
    return n;
}

// "8.000 đồng".
std::string Vnd(std::int64_t amount) {
    std::string digits = std::to_string(amount);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += '.';
        out += digits[i];
    }
    return out + " đồng";
}

std::string FeesText(const catalog::Procedure& p) {
    std::string out;
    for (const auto& f : p.fees) {
        if (f.amount_vnd <= 0) continue;
        if (!out.empty()) out += "; ";
        out += f.name_vi + ": " + Vnd(f.amount_vnd);
    }
    return out;
}

bool ValidUnitCode(std::string_view code) {
    return !code.empty() && std::all_of(code.begin(), code.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' ||
               c == '-' || c == '_';
    });
}

std::string Clean(std::string_view s, core::text::Lines lines = core::text::Lines::kSingle) {
    return core::text::CleanInput(s, lines);
}

}  // namespace

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

namespace {

// The applicant as typed, cleaned and normalised (phone and tax code in their canonical form).
Applicant Normalised(Applicant a) {
    a.name = Clean(a.name);
    a.id_number = Clean(a.id_number);
    a.address = Clean(a.address);
    a.phone = Clean(a.phone);
    a.email = Clean(a.email);
    if (auto ph = core::text::NormalizePhone(a.phone); ph.ok()) a.phone = ph->national;
    if (a.kind == "business") {
        if (auto t = core::text::NormalizeTaxCode(a.id_number); t.ok()) a.id_number = *t;
    }
    return a;
}

bool ValidDelivery(std::string_view d) { return d == "online" || d == "postal" || d == "counter"; }

}  // namespace

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

namespace {


}  // namespace

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
