#include "app/dossier_stack.hpp"

#include <filesystem>
#include <stdexcept>

#include "adapters/clamd/clamd_scanner.hpp"
#include "adapters/crypto/dev_signer.hpp"
#include "adapters/crypto/sodium.hpp"
#include "adapters/files/disk_blob_store.hpp"
#include "adapters/files/file_inspector.hpp"
#include "app/mail_outbox.hpp"
#include "domain/scan/scanner.hpp"
#include <spdlog/spdlog.h>

#include "jobs/job_queue.hpp"
#include "jobs/periodic.hpp"
#include "log/log.hpp"
#include "persistence/deadline_repository.hpp"
#include "persistence/dossier_repository.hpp"

namespace mocua::app {

namespace fs = std::filesystem;

DossierStack::~DossierStack() = default;

core::Result<std::unique_ptr<DossierStack>> DossierStack::Create(const config::Config& config,
                                                                 DossierStackParts parts) {
    std::unique_ptr<DossierStack> s(new DossierStack());
    persistence::QueueMailInTransaction queue;
    if (parts.outbox) {
        queue = [outbox = parts.outbox](soci::session& sql, const domain::notify::Mail& mail) {
            auto queued = outbox->EnqueueIn(sql, mail);
            // A malformed address must not undo the dossier: the mail is dropped, the change stands.
            if (!queued.ok() && queued.error().code != core::ErrorCode::kInvalidArgument) {
                throw std::runtime_error("mail outbox: " + queued.error().message);
            }
        };
    }
    s->repository_ = std::make_unique<persistence::SqlDossierRepository>(parts.database, parts.hasher, parts.clock,
                                                                         queue);
    s->deadline_repository_ =
        std::make_unique<persistence::SqlDeadlineRepository>(parts.database, parts.hasher, parts.clock, queue);
    s->staff_ = std::make_unique<persistence::SqlStaffDirectory>(parts.database);
    adapters::clamd::ClamdOptions scan_options;
    scan_options.socket_path = config.scanner.socket;
    scan_options.timeout = std::chrono::milliseconds(config.scanner.timeout_ms);
    s->scanner_ = std::make_unique<adapters::clamd::ClamdScanner>(scan_options);
    s->inspector_ = std::make_unique<adapters::files::ZipAwareFileInspector>();
    const std::string root = (fs::path(config.storage.data_dir) / "uploads").string();
    std::error_code ec;
    fs::create_directories(root, ec);
    if (ec) return core::Error::Unavailable("cannot create the upload folder `" + root + "`: " + ec.message());
    fs::permissions(root, fs::perms::owner_all, fs::perm_options::replace, ec);
    s->blobs_ = std::make_unique<adapters::files::DiskBlobStore>(root, parts.hasher);
    // Electronic results are signed with the development signer until the documents module brings PAdES.
    auto seed = adapters::LoadOrCreateSecretKey(config.storage.data_dir, "result-signing.key");
    if (!seed.ok()) return seed.error();
    s->signer_ = std::make_unique<adapters::DevelopmentSigner>(*seed);
    domain::dossier::IntakeOptions options;
    options.signer = s->signer_.get();
    options.max_file_bytes = config.intake.max_file_bytes;
    options.public_url = config.intake.public_url;
    options.issuing_system = config.intake.issuing_system;
    options.place = config.intake.place;
    options.hotline = config.intake.hotline;
    options.messages = parts.messages;
    const std::chrono::hours due_soon(config.intake.due_soon_hours);
    s->processing_ = std::make_unique<domain::dossier::ProcessingService>(
        *s->repository_, parts.catalog, parts.calendar, parts.units, parts.access, parts.clock, options,
        domain::dossier::ProcessingOptions{due_soon}, s->staff_.get());
    s->deadlines_ = std::make_unique<domain::dossier::DeadlineSweep>(
        *s->deadline_repository_, *s->staff_, parts.clock,
        domain::dossier::DeadlineOptions{due_soon, config.intake.public_url, parts.messages});
    s->clock_ = &parts.clock;
    s->service_ = std::make_unique<domain::dossier::DossierService>(
        *s->repository_, parts.catalog, parts.calendar, parts.units, parts.access, s->scanner_.get(),
        *s->inspector_, *s->blobs_, parts.hasher, parts.clock, std::move(options));
    return s;
}

core::Result<void> DossierStack::ScheduleDeadlines(jobs::JobQueue& jobs, std::chrono::seconds every) {
    // The first sweep runs at start-up: notices due while the server was down go out at once.
    return jobs::SchedulePeriodic(
        jobs, *clock_, std::string(kDeadlineJobKind), {.every = every, .run_at_start = true, .max_attempts = 3},
        [this] {
            const auto report = deadlines_->Run();
            if (report.notices > 0) {
                log::Get("dossier")->info("deadlines: {} notices ({} overdue), {} mails queued", report.notices,
                                          report.overdue, report.mails);
            }
            return jobs::JobOutcome::Success();
        });
}

}  // namespace mocua::app
