#pragma once
// Builds the dossier intake module (domain/dossier/) for the server (app.cpp), tests and seed-demo:
// its SOCI repository (mails through the outbox in the same transaction when one is given), the clamd
// scanner, the file inspector, the blob store under <data_dir>/uploads, and the service. Owns what it
// builds; destroy it before the services and database it was given.
#include <memory>
#include <string>

#include "config/config.hpp"
#include "core/clock.hpp"
#include "domain/dossier/deadlines.hpp"
#include "domain/dossier/dossier_service.hpp"
#include "domain/dossier/processing_service.hpp"

namespace mocua::db {
class Database;
}
namespace mocua::persistence {
class SqlDossierRepository;
class SqlDeadlineRepository;
class SqlStaffDirectory;
}  // namespace mocua::persistence
namespace mocua::jobs {
class JobQueue;
}

namespace mocua::app {

class JobMailOutbox;

struct DossierStackParts {
    db::Database& database;
    const core::Clock& clock;
    const domain::audit::Sha256Hasher& hasher;
    domain::catalog::CatalogService& catalog;
    domain::calendar::CalendarService& calendar;
    domain::org::UnitRepository& units;
    domain::identity::AccessControl& access;
    JobMailOutbox* outbox = nullptr;           // null: mails are not stored
    domain::notify::MessageLookup messages;    // mail templates
};

class DossierStack {
public:
    // Error: the upload folder cannot be created.
    static core::Result<std::unique_ptr<DossierStack>> Create(const config::Config& config, DossierStackParts parts);
    ~DossierStack();
    domain::dossier::DossierService& service() { return *service_; }
    domain::dossier::ProcessingService& processing() { return *processing_; }
    persistence::SqlDossierRepository& repository() { return *repository_; }
    // Reminders and overdue marks (domain/dossier/deadlines.hpp).
    domain::dossier::DeadlineSweep& deadlines() { return *deadlines_; }
    // Registers the `dossier.deadlines` job: it runs the sweep and queues its next run `every` later (one
    // job per time slot, so several nodes queue it once), and queues the first run now.
    core::Result<void> ScheduleDeadlines(jobs::JobQueue& jobs, std::chrono::seconds every);
    // The stored files and the result signer, for the public result check (domain/lookup/).
    domain::dossier::BlobStore& blobs() { return *blobs_; }
    const domain::dossier::Signer* signer() const { return signer_.get(); }

private:
    DossierStack() = default;
    std::unique_ptr<persistence::SqlDossierRepository> repository_;
    std::unique_ptr<domain::scan::Scanner> scanner_;
    std::unique_ptr<domain::dossier::FileInspector> inspector_;
    std::unique_ptr<domain::dossier::BlobStore> blobs_;
    std::unique_ptr<domain::dossier::Signer> signer_;
    std::unique_ptr<domain::dossier::DossierService> service_;
    std::unique_ptr<persistence::SqlStaffDirectory> staff_;
    std::unique_ptr<domain::dossier::ProcessingService> processing_;
    std::unique_ptr<persistence::SqlDeadlineRepository> deadline_repository_;
    std::unique_ptr<domain::dossier::DeadlineSweep> deadlines_;
    const core::Clock* clock_ = nullptr;
};

inline constexpr std::string_view kDeadlineJobKind = "dossier.deadlines";

}  // namespace mocua::app
