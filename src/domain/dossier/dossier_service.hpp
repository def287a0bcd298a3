#pragma once
// Intake of dossiers (docs/adr/0060-dossier-intake.md): online applications from drafts, the same in
// one call for API clients (idempotent by key), reception at the counter (walk-in and postal), the
// reception decisions (accept with Mẫu 01, refuse with Mẫu 03, request completion with Mẫu 02),
// uploads, the applicant's data store, and reading dossiers with access checks.
//
// Uploads. Every file is checked in this order before anything refers to it: not empty, not over
// max_file_bytes, type read from the bytes (FileInspector) in the allow-list (PDF, JPEG, PNG; DOC,
// DOCX, XLSX, ODT only where the component says office_files), scanned clean by the Scanner (fail
// closed: no scanner, or a scanner that cannot answer, refuses the upload), then stored in the blob
// store. An infected file is audited ("dossier.upload.infected", with the signature) and refused.
//
// Access. The applicant who owns a dossier (or draft) may read it. Staff may read a dossier when they
// hold a staff role at its receiving or competent unit, or at a unit it was handed to during processing
// (or above, or a successor: AccessControl);
// reception decisions need onestop_officer at the receiving unit. Anything else answers NotFound, so
// codes of other people's dossiers cannot be confirmed.
//
// Errors (core::Error; message = a stable rule code for the message catalogues):
//   NotFound "dossier.not_found", "dossier.draft_not_found", "dossier.procedure_not_found",
//            "dossier.store_item_not_found", "dossier.form_not_found", "dossier.file_not_found";
//   InvalidArgument "dossier.invalid" (problems in the out-parameter), "dossier.not_online" (the
//            procedure cannot be applied for online), "dossier.unit", "dossier.component";
//   Forbidden "dossier.forbidden" (a signed-in caller without the role for an action);
//   Conflict "dossier.changed" (someone else changed the dossier since it was shown),
//            "dossier.state" (not allowed in the current state), "dossier.idempotency_mismatch"
//            (the key was used for a different request);
//   upload errors: InvalidArgument "upload.empty", "upload.type"; PayloadTooLarge "upload.too_large";
//            InvalidArgument "upload.infected"; Unavailable "upload.scanner_unavailable".
// Thread-safety: safe to share if the ports are (the adapters and SOCI repositories are).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/audit/audit.hpp"
#include "domain/dossier/blob_store.hpp"
#include "domain/dossier/files.hpp"
#include "domain/dossier/model.hpp"
#include "domain/forms/dossier_register.hpp"
#include "domain/dossier/repository.hpp"
#include "domain/dossier/signer.hpp"
#include "domain/notify/mailer.hpp"

namespace mocua::domain::catalog {
class CatalogService;
struct Version;
}  // namespace mocua::domain::catalog
namespace mocua::domain::calendar {
class CalendarService;
}
namespace mocua::domain::org {
class UnitRepository;
struct Unit;
}  // namespace mocua::domain::org
namespace mocua::domain::identity {
class AccessControl;
struct Principal;
}  // namespace mocua::domain::identity
namespace mocua::domain::scan {
class Scanner;
}
namespace mocua::domain::forms {
class DocumentRenderer;
}

namespace mocua::domain::dossier {

// One broken rule of one input: field is "answers.<name>", "applicant.<name>", "component.<n>",
// "unit", "reasons", "items"; rule is a stable code ("eform.required", "applicant.required", …).
struct Problem {
    std::string field;
    std::string rule;
    bool operator==(const Problem&) const = default;
};

// Who acts, and in which language mails to the applicant go out ("vi", "en").
struct Caller {
    const identity::Principal& principal;
    audit::Actor actor;
    std::string language = "vi";
    std::string officer_name;  // the signed-in person's name, printed on forms they issue
};

// A file as received.
struct Upload {
    std::string name;  // the client's file name (display only; never trusted for the type)
    std::string_view bytes;
};

struct IntakeOptions {
    std::int64_t max_file_bytes = 10 * 1024 * 1024;
    std::string public_url;       // "https://dichvucong.example.vn": links in mails and the receipt's QR
    std::string issuing_system;   // printed in the QR: "Hệ thống thông tin giải quyết TTHC …"
    std::string place;            // "Quảng Trị", for "Quảng Trị, ngày … tháng … năm …"
    std::string hotline;          // printed on the forms
    notify::MessageLookup messages;  // mail templates (mail.dossier_*); empty: no mails
    const Signer* signer = nullptr;  // signs electronic results; null: results are stored unsigned
};

// Roles that may read dossiers of their units.
const std::vector<std::string_view>& StaffReaderRoles();

struct SubmitOutcome {
    Dossier dossier;
    bool created = false;  // false: an earlier submit (same draft or key) already created it
};

// What the counter officer records for a walk-in or postal application.
struct CounterApplication {
    std::string procedure_code;
    Channel channel = Channel::kCounter;
    std::int64_t receiving_unit_id = 0;  // the officer's one-stop unit
    std::int64_t competent_unit_id = 0;  // any unit of the right level in the province
    Applicant applicant;
    Answers answers;
    int sets = 1;
    std::string result_delivery = "counter";
    struct Paper {
        int position = 0;
        HandedIn handed_in = HandedIn::kNone;
        int quantity = 1;
        std::optional<Upload> scan;  // a scan of the paper: digitised
    };
    std::vector<Paper> components;
};

// An item of Mẫu 02: what to supplement and why.
struct SupplementItem {
    std::string what;
    std::string reason;
};

// The file of a component, for download.
struct FileContent {
    StoredFile file;
    std::string bytes;
};

class DossierService {
public:
    DossierService(DossierRepository& repository, catalog::CatalogService& catalog,
                   calendar::CalendarService& calendar, org::UnitRepository& units,
                   identity::AccessControl& access, scan::Scanner* scanner, const FileInspector& inspector,
                   BlobStore& blobs, const audit::Sha256Hasher& hasher, const core::Clock& clock,
                   IntakeOptions options);

    // ---- Online applications (drafts) ----------------------------------------------------------

    // Starts an application for the version in force today; the e-form fields with a prefill source
    // and the applicant details start from the profile given (name, CCCD/tax code, phone, e-mail).
    core::Result<Draft> StartDraft(const Caller& caller, std::string_view procedure_code,
                                   const Applicant& profile, const Answers& prefill);
    core::Result<Draft> GetDraft(const Caller& caller, std::int64_t draft_id);
    std::vector<Draft> OpenDrafts(const Caller& caller);
    // Saves the answers of one e-form page (only that page's fields are checked and replaced).
    core::Result<Draft> SaveAnswers(const Caller& caller, std::int64_t draft_id, std::string_view page_id,
                                    const Answers& answers, std::vector<Problem>* problems);
    // Saves the applicant details, the competent unit and how the result is delivered.
    core::Result<Draft> SaveApplicant(const Caller& caller, std::int64_t draft_id, const Applicant& applicant,
                                      std::optional<std::int64_t> competent_unit_id,
                                      std::string_view result_delivery, std::vector<Problem>* problems);
    // Uploads a component's file (replaces an earlier one).
    core::Result<Draft> AttachFile(const Caller& caller, std::int64_t draft_id, int position,
                                   const Upload& upload);
    // Uses a document of the applicant's data store for a reusable component (flagged reused).
    core::Result<Draft> ReuseStoreItem(const Caller& caller, std::int64_t draft_id, int position,
                                       std::int64_t item_id);
    core::Result<Draft> RemoveFile(const Caller& caller, std::int64_t draft_id, int position);
    core::Result<void> DiscardDraft(const Caller& caller, std::int64_t draft_id);
    // Everything that is still missing or wrong before the draft can be submitted.
    core::Result<std::vector<Problem>> CheckDraft(const Caller& caller, std::int64_t draft_id);
    // Submits: creates the dossier (state 1, channel 2), or returns the one an earlier submit of
    // this draft created. Error "dossier.invalid" with the problems of CheckDraft.
    core::Result<SubmitOutcome> SubmitDraft(const Caller& caller, std::int64_t draft_id,
                                            std::vector<Problem>* problems);

    // ---- The same in one call (API) --------------------------------------------------------------

    // uploads: by component position. With an idempotency key, a repeat of the same request returns
    // the dossier created the first time; the same key with another request is "dossier.idempotency_mismatch".
    core::Result<SubmitOutcome> SubmitDirect(const Caller& caller, std::string_view procedure_code,
                                             const Answers& answers, const std::vector<std::pair<int, Upload>>& uploads,
                                             const std::optional<std::string>& idempotency_key,
                                             std::vector<Problem>* problems);

    // ---- Counter ------------------------------------------------------------------------------------

    // Records a walk-in or postal application (state 1, the officer's channel); the officer then
    // accepts or refuses it. Needs onestop_officer at the receiving unit.
    core::Result<Dossier> ReceiveAtCounter(const Caller& caller, const CounterApplication& application,
                                           std::vector<Problem>* problems);
    // State 1 → 2: the appointment is computed from the procedure's time limit by the calendar of
    // the receiving unit, and Mẫu 01 is issued. `expected_version` is the version the officer saw.
    core::Result<Dossier> Accept(const Caller& caller, std::string_view code, std::int64_t expected_version);
    // State 1 → 3 with Mẫu 03 and the reasons (at least one).
    core::Result<Dossier> Refuse(const Caller& caller, std::string_view code, std::int64_t expected_version,
                                 const std::vector<std::string>& reasons, std::vector<Problem>* problems);
    // State 1 → 5 with Mẫu 02 (at least one item).
    core::Result<Dossier> RequestSupplement(const Caller& caller, std::string_view code,
                                            std::int64_t expected_version, const std::vector<SupplementItem>& items,
                                            std::vector<Problem>* problems);

    // The result file (kết quả), signed by the signer when there is one: at the final processing step by
    // whoever acts there (a leader, usually), or in state 9 by the receiving unit's one-stop officer. A
    // later upload replaces it until the result is returned. PDF, JPEG or PNG, checked like any upload.
    // The proof of a payment taken at the counter (a bank slip, a scanned receipt; issue 9), by staff who
    // may read the dossier: PDF, JPEG or PNG, checked like any upload (type, size, virus scan), kept in
    // the blob store with its file row. The payments module stores its id with the payment.
    core::Result<StoredFile> AcceptPaymentProof(const Caller& caller, std::string_view code, const Upload& upload);
    core::Result<Dossier> AttachResult(const Caller& caller, std::string_view code, std::int64_t expected_version,
                                       const Upload& upload);
    // A satisfaction rating after the result was returned (state 10): "three_level" (very_satisfied,
    // satisfied, dissatisfied) online by the applicant or at the counter by the receiving unit's officer;
    // "nine_indices" (nine values 0–2, vietnam-rules.md §1.7) online by the applicant. One of each kind
    // per channel: Conflict "dossier.already_rated". InvalidArgument "dossier.rating" for a bad value.
    core::Result<Dossier> Rate(const Caller& caller, std::string_view code, std::string_view kind,
                               std::string_view value, std::string_view channel);

    // The result file, after the access check; "dossier.file_not_found" before there is one.
    core::Result<FileContent> ResultFileOf(const Caller& caller, std::string_view code);

    // ---- Reading ---------------------------------------------------------------------------------------

    core::Result<Dossier> Get(const Caller& caller, std::string_view code);
    // True when the caller may act at the reception of this dossier.
    bool CanReceive(const Caller& caller, const Dossier& dossier);
    // The caller's own dossiers.
    ListPage Mine(const Caller& caller, int page, int per_page);
    // Dossiers of the units where the caller holds a staff role (or those given, if the caller may).
    core::Result<ListPage> List(const Caller& caller, ListFilter filter);
    // The file of a component, after the access check.
    core::Result<FileContent> ComponentFile(const Caller& caller, std::string_view code, int position);
    // An issued form's data (JSON), after the access check; "dossier.form_not_found" before it is issued.
    core::Result<IssuedForm> FormOf(const Caller& caller, std::string_view code, std::string_view form);
    // The PDF of a form of the dossier, after the access check: an issued one ("01"–"05", the latest of
    // its kind), or "06" (the processing record) made from the steps now. NotFound
    // "dossier.form_not_found" for an unknown form or before there is anything to print.
    // Mẫu 07 "Sổ theo dõi hồ sơ" of a receiving unit for a period (dates "YYYY-MM-DD", Vietnam time,
    // inclusive, at most 366 days): the dossiers it received (accepted) then, oldest first, with their
    // transfer, result and return times and the return's timeliness mark. Staff who may read the unit's
    // dossiers only: Forbidden "dossier.forbidden". InvalidArgument "register.period" for a bad period.
    core::Result<forms::RegisterData> Register(const Caller& caller, std::int64_t unit_id, std::string_view from,
                                               std::string_view to);
    core::Result<std::string> FormPdf(const Caller& caller, std::string_view code, std::string_view form,
                                      const forms::DocumentRenderer& renderer);
    std::vector<StoreItem> StoreItems(const Caller& caller);
    // The file of a data-store item (owner only).
    core::Result<FileContent> StoreItemFile(const Caller& caller, std::int64_t item_id);

    // The units an application may name as competent for a procedure version today, and the units
    // where the caller may receive (their onestop_officer grants).
    std::vector<org::Unit> CompetentUnits(const catalog::Version& version);
    std::vector<org::Unit> ReceivingUnitsOf(const Caller& caller);
    // The uploads a component accepts.
    std::vector<FileKind> AllowedKinds(const catalog::Version& version, int position) const;
    // Whether the scanner answers now (health page).
    bool ScannerAvailable();

    const IntakeOptions& options() const { return options_; }
    std::string Today() const;

private:
    core::Result<catalog::Version> OnlineVersionFor(const identity::Principal& p, std::string_view code);
    core::Result<StoredFile> AcceptUpload(const Caller& caller, const Upload& upload,
                                          const std::vector<FileKind>& allowed, std::string_view target);
    core::Result<Draft> Own(const Caller& caller, std::int64_t draft_id);
    core::Result<Draft> Mutate(const Caller& caller, std::int64_t draft_id,
                               const std::function<core::Result<void>(Draft&, const catalog::Version&)>& change);
    bool CanRead(const Caller& caller, const Dossier& dossier);
    std::int64_t ReceivingUnitFor(std::int64_t competent_unit_id);
    std::vector<Problem> CheckApplicant(const Applicant& applicant) const;
    core::Result<SubmitOutcome> CreateOnline(const Caller& caller, const catalog::Version& version, Draft draft,
                                             std::optional<std::int64_t> draft_id,
                                             const std::optional<std::string>& idempotency_key,
                                             const std::string& request_hash);
    core::Result<Dossier> Decide(const Caller& caller, std::string_view code, std::int64_t expected_version,
                                 const std::function<core::Result<void>(Dossier&, const catalog::Version&,
                                                                        DossierWriter&)>& change);
    void QueueApplicantMail(DossierWriter& writer, const Dossier& dossier, std::string_view language,
                            std::string_view template_name, const catalog::Version& version,
                            std::vector<std::pair<std::string, std::string>> extra);

    DossierRepository& repository_;
    catalog::CatalogService& catalog_;
    calendar::CalendarService& calendar_;
    org::UnitRepository& units_;
    identity::AccessControl& access_;
    scan::Scanner* scanner_;
    const FileInspector& inspector_;
    BlobStore& blobs_;
    const audit::Sha256Hasher& hasher_;
    const core::Clock& clock_;
    IntakeOptions options_;
};

}  // namespace mocua::domain::dossier
