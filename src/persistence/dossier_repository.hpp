#pragma once
// SOCI implementation of the dossier module's storage (domain/dossier/repository.hpp), one SQL path for
// SQLite and PostgreSQL. Mails are stored through `queue_mail`, which the composition root points at
// the job queue's outbox (app/mail_outbox.hpp) so a mail commits with the change it reports; null
// drops them (no [mail] configured).
#include <functional>

#include "core/clock.hpp"
#include "domain/audit/audit.hpp"
#include "domain/dossier/repository.hpp"

namespace soci {
class session;
}
namespace mocua::db {
class Database;
}

namespace mocua::persistence {

using QueueMailInTransaction = std::function<void(soci::session&, const domain::notify::Mail&)>;

class SqlDossierRepository final : public domain::dossier::DossierRepository {
public:
    SqlDossierRepository(db::Database& db, const domain::audit::Sha256Hasher& hasher, const core::Clock& clock,
                         QueueMailInTransaction queue_mail)
        : db_(db), hasher_(hasher), clock_(clock), queue_mail_(std::move(queue_mail)) {}

    std::optional<domain::dossier::Dossier> FindByCode(std::string_view code) override;
    std::optional<domain::dossier::Draft> FindDraft(std::int64_t id) override;
    std::vector<domain::dossier::Draft> OpenDraftsOf(std::int64_t account_id) override;
    domain::dossier::ListPage List(const domain::dossier::ListFilter& filter) override;
    std::vector<domain::dossier::StoreItem> StoreItemsOf(std::int64_t account_id) override;
    std::vector<std::pair<domain::dossier::DossierSummary, domain::dossier::StepRecord>> OpenSteps(
        const std::vector<std::int64_t>& unit_ids) override;
    std::optional<domain::dossier::StoredFile> FindFile(std::string_view sha256) override;
    core::Result<void> Write(
        const std::function<core::Result<void>(domain::dossier::DossierWriter&)>& f) override;

    // Sets the code pattern of a unit from a date on (command line and demo), with `event` appended to
    // the audit log in the same transaction. The caller validates the pattern (ValidateCodePattern).
    void PutCodePattern(std::int64_t unit_id, std::string_view valid_from, std::string_view pattern,
                        const domain::audit::Event& event);
    // The unit's patterns as (valid_from, pattern), oldest first.
    std::vector<std::pair<std::string, std::string>> CodePatterns(std::int64_t unit_id);

private:
    db::Database& db_;
    const domain::audit::Sha256Hasher& hasher_;
    const core::Clock& clock_;
    QueueMailInTransaction queue_mail_;
};

}  // namespace mocua::persistence
