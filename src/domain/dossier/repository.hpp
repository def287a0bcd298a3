#pragma once
// Storage ports of the dossier module (implemented in persistence/dossier_repository.hpp). Methods throw
// on database failure; Write runs one transaction, so a dossier, its history, its forms, its mails and
// its audit entries commit together or not at all.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/audit/audit.hpp"
#include "domain/dossier/model.hpp"
#include "domain/notify/mailer.hpp"

namespace mocua::domain::dossier {

struct ListFilter {
    std::vector<std::int64_t> unit_ids;  // receiving or competent unit in this set; empty: any unit
    std::optional<std::int64_t> applicant_account_id;
    std::vector<State> states;  // empty: any
    std::optional<Channel> channel;
    std::string procedure_code;
    std::string folded_query;  // matched against the folded code and applicant name
    std::string submitted_from;  // UTC text bounds on submitted_at, "" for open
    std::string submitted_to;
    std::string received_from;  // UTC text bounds on received_at, "" for open
    std::string received_to;
    bool receiving_only = false;  // unit_ids match the receiving unit only
    int page = 1;
    int per_page = 20;
};

struct ListPage {
    std::vector<DossierSummary> items;  // newest first
    std::int64_t total = 0;
};

class DossierWriter {
public:
    virtual ~DossierWriter() = default;
    // The pattern in force at `unit_id` on `day`, or nullopt (the default applies).
    virtual std::optional<std::string> CodePattern(std::int64_t unit_id, std::string_view day) = 0;
    // The next daily ordinal of the unit (1 for the first dossier of the day). Concurrent
    // transactions never draw the same value.
    virtual std::int64_t NextSequence(std::int64_t unit_id, std::string_view day) = 0;
    // Inserts the dossier with its components, history and forms; returns its id.
    virtual std::int64_t Insert(const Dossier& dossier) = 0;
    // With components, history and forms; on PostgreSQL the row stays locked until commit.
    virtual std::optional<Dossier> FindByCode(std::string_view code) = 0;
    virtual std::optional<Dossier> FindById(std::int64_t id) = 0;
    // Writes state, times, received_by and components, sets version = expected + 1, appends the
    // history entries and forms not stored yet. False (nothing written) when the stored version is
    // not `expected_version`.
    virtual bool Update(const Dossier& dossier, std::int64_t expected_version) = 0;

    // Drafts. FindDraft locks the row on PostgreSQL until commit.
    virtual std::optional<Draft> FindDraft(std::int64_t id) = 0;
    virtual std::int64_t InsertDraft(const Draft& draft) = 0;
    virtual void UpdateDraft(const Draft& draft) = 0;
    virtual void LinkDraft(std::int64_t draft_id, std::int64_t dossier_id) = 0;
    virtual void DeleteDraft(std::int64_t draft_id) = 0;

    // API idempotency keys: (request hash, dossier id) of an earlier use of the key.
    virtual std::optional<std::pair<std::string, std::int64_t>> FindIdempotency(std::int64_t account_id,
                                                                               std::string_view key) = 0;
    // False when the key was recorded meanwhile (by a concurrent request).
    virtual bool PutIdempotency(std::int64_t account_id, std::string_view key, std::string_view request_hash,
                                std::int64_t dossier_id) = 0;

    // Records an accepted file (no-op when known).
    virtual void RecordFile(const StoredFile& file) = 0;
    // Adds to the applicant's data store (no-op when the account already holds the same file).
    virtual void AddStoreItem(std::int64_t account_id, std::string_view title, const StoredFile& file,
                              std::int64_t source_dossier_id) = 0;

    // Stores a mail in the outbox, in this transaction.
    virtual void QueueMail(const notify::Mail& mail) = 0;
    virtual void Audit(const audit::Event& event) = 0;
};

class DossierRepository {
public:
    virtual ~DossierRepository() = default;
    virtual std::optional<Dossier> FindByCode(std::string_view code) = 0;
    virtual std::optional<Draft> FindDraft(std::int64_t id) = 0;
    // The account's drafts not submitted yet, newest first.
    virtual std::vector<Draft> OpenDraftsOf(std::int64_t account_id) = 0;
    virtual ListPage List(const ListFilter& filter) = 0;
    virtual std::vector<StoreItem> StoreItemsOf(std::int64_t account_id) = 0;
    // Dossiers in state 4 whose open step is at one of these units, with that step.
    virtual std::vector<std::pair<DossierSummary, StepRecord>> OpenSteps(const std::vector<std::int64_t>& unit_ids) = 0;
    // The stored file's record (type, size), or nullopt.
    virtual std::optional<StoredFile> FindFile(std::string_view sha256) = 0;
    virtual core::Result<void> Write(const std::function<core::Result<void>(DossierWriter&)>& f) = 0;
};

}  // namespace mocua::domain::dossier
