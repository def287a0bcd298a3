#pragma once
// Import, export and sync of dossiers in the national portal's JSON Lines format (issue 7;
// docs/portal-import.md). The codec is portal_format.hpp; this file holds the rules around it:
//   * which lines are imported (codec errors, unknown procedure or unit codes on the submission day,
//     a dossier code seen twice in one file and dossiers received here are refused per line);
//   * what "the same dossier again" means (the SHA-256 of the canonical line: equal → unchanged,
//     different → the imported data is replaced);
//   * batching (one transaction per kBatchLines lines) and one audit entry per run;
//   * export of the dossiers submitted in a period, each checked with CheckConsistency first;
//   * the change cursor of the sync API.
// The database sits behind the ports ImportLookup, PortalStore (persistence/portal_import.hpp).
//
// Thread-safety: one run at a time per PortalImporter (its caches are not locked). Run writes each batch
// on a second thread while it parses the next, so the PortalStore must be usable from another thread;
// the ImportLookup and the progress callback are called on the caller's thread only. The free functions
// keep no state.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "domain/audit/audit.hpp"
#include "domain/portal/portal_format.hpp"

namespace mocua::domain::catalog {
class CatalogService;
}
namespace mocua::domain::org {
class UnitRepository;
}

namespace mocua::domain::portal {

// Lines written per transaction: big enough that commits do not dominate, small enough that a batch's
// records fit comfortably in memory.
inline constexpr std::size_t kBatchLines = 1000;

// Resolves the codes of a line on a Vietnam calendar day "YYYY-MM-DD". Read-only.
class ImportLookup {
public:
    virtual ~ImportLookup() = default;
    // The id of the procedure version in force on `day`, nullopt when the code is unknown or not in force.
    virtual std::optional<std::int64_t> ProcedureVersion(std::string_view code, std::string_view day) = 0;
    // The id of the unit with that code on `day`, nullopt when none.
    virtual std::optional<std::int64_t> Unit(std::string_view code, std::string_view day) = 0;
};

// ImportLookup on the catalogue and the unit register. A procedure's versions are read once per code
// (their ids and the days each is in force), not once per (code, day): a province's file names a few
// hundred codes over hundreds of days, and reading a whole version for each pair cost most of an
// import's time. Versions are never edited, so the spans stay true for the lookup's life (an import);
// a version published while an import runs is in force from today on and not seen by that run.
// Units are not cached here (PortalImporter caches per (code, day)). Not thread-safe.
class ServiceLookup final : public ImportLookup {
public:
    ServiceLookup(catalog::CatalogService& catalog, org::UnitRepository& units)
        : catalog_(catalog), units_(units) {}
    std::optional<std::int64_t> ProcedureVersion(std::string_view code, std::string_view day) override;
    std::optional<std::int64_t> Unit(std::string_view code, std::string_view day) override;

private:
    struct Span {
        std::string from, until;  // effective_from ≤ day < until
        std::int64_t id = 0;
    };
    catalog::CatalogService& catalog_;
    org::UnitRepository& units_;
    std::map<std::string, std::vector<Span>, std::less<>> versions_;  // by procedure code
};

// A line ready to write: the parsed dossier and the ids its codes resolved to.
struct ImportRecord {
    int line = 0;
    PortalDossier dossier;
    std::string line_hash;  // hex SHA-256 of ToJsonLine(dossier), the canonical line
    std::int64_t procedure_version_id = 0;
    std::int64_t unit_id = 0;  // DonViXuLy: receiving and competent unit
    // Per QuaTrinhXuLy entry: the unit its DonVi names on that entry's day, if DonVi is a unit code.
    std::vector<std::optional<std::int64_t>> history_unit_ids;
};

enum class ImportOutcome {
    kImported,   // a new dossier
    kUpdated,    // an imported dossier whose line changed: its imported data was replaced
    kUnchanged,  // an imported dossier with the same line hash
    kConflict,   // a dossier with that code was received here (native): never overwritten
};

// Where dossiers are read and written. Implementations: persistence::SqlPortalRepository.
class PortalStore {
public:
    virtual ~PortalStore() = default;
    // Writes the records in one transaction, in order, and returns one outcome per record. With
    // `dry_run` nothing is written (outcomes are what would happen). `audit`, when set, is appended in
    // the same transaction. Throws on database failure: the batch is then rolled back whole.
    virtual std::vector<ImportOutcome> WriteBatch(const std::vector<ImportRecord>& records, bool dry_run,
                                                  const std::optional<audit::Event>& audit) = 0;
    // The ids of the dossiers submitted in [from, to), ordered by submission time then id.
    virtual std::vector<std::int64_t> SubmittedBetween(core::TimePoint from, core::TimePoint to) = 0;
    // The dossier in the portal's format, built from the tables; nullopt when no such id.
    virtual std::optional<PortalDossier> Load(std::int64_t dossier_id) = 0;
    // Up to `limit` dossiers changed after change number `after`, each once with its last change
    // number, in the order of those numbers.
    virtual std::vector<std::pair<std::int64_t, std::int64_t>> ChangedAfter(std::int64_t after,
                                                                            int limit) = 0;
};

// A refused line (or a warning), as printed: "FILE:LINE: reason".
struct LineReport {
    std::string file;
    int line = 0;
    std::string reason;  // English; ends with the rule code in brackets, e.g. "[import.unit.unknown]"
};

struct ImportSummary {
    int lines = 0;  // non-blank lines read
    int imported = 0, updated = 0, unchanged = 0;
    int skipped = 0;                   // refused: codec errors, unknown codes, repeated codes
    int conflicts = 0;                 // refused: the code belongs to a dossier received here
    std::vector<LineReport> refused;   // skipped and conflicts, in line order
    std::vector<LineReport> warnings;  // codec warnings of lines that were used
    bool any_refused() const { return skipped + conflicts > 0; }
};

struct ImportOptions {
    bool dry_run = false;
    // Called after each batch with (lines done, lines in the file).
    std::function<void(int, int)> progress;
};

class PortalImporter {
public:
    PortalImporter(ImportLookup& lookup, PortalStore& store, const audit::Sha256Hasher& hasher)
        : lookup_(lookup), store_(store), hasher_(hasher) {}

    // Imports `text` (the whole file; `file_name` is only for the reports). Refused lines are reported
    // and the others written, kBatchLines per transaction, in file order (one batch in flight at a time); the
    // run's one audit entry
    // ("dossier.import", with the counts) goes into the last batch's transaction. Nothing is written
    // and nothing audited with `dry_run`. Throws only on database failure; the batches committed
    // before it stay (running the import again completes it: the same lines come out unchanged).
    ImportSummary Run(std::string_view text, std::string_view file_name, const audit::Actor& actor,
                      const ImportOptions& options = {});

private:
    std::optional<std::int64_t> ProcedureVersion(const std::string& code, const std::string& day);
    std::optional<std::int64_t> Unit(const std::string& code, const std::string& day);

    ImportLookup& lookup_;
    PortalStore& store_;
    const audit::Sha256Hasher& hasher_;
    std::map<std::pair<std::string, std::string>, std::optional<std::int64_t>> procedures_, units_;
};

// The Vietnam calendar day of an instant, "YYYY-MM-DD".
std::string VietnamDay(core::TimePoint t);
// The UTC instant at which the Vietnam day `day` ("YYYY-MM-DD") begins; nullopt unless a valid date.
std::optional<core::TimePoint> VietnamDayStart(std::string_view day);

struct ExportSummary {
    int written = 0;
    std::vector<LineReport> refused;  // dossiers that break a consistency error rule, not written
};

// Writes every dossier submitted on the Vietnam days from `from_day` to `to_day` (inclusive) as one
// line each ("…\n") through `write`, in submission order. Each is checked with CheckConsistency first;
// one with an error is reported (file = its code) and not written. Days must be valid (the caller
// checks). Throws only on database failure.
ExportSummary ExportDossiers(PortalStore& store, core::TimePoint from, core::TimePoint to,
                             const std::function<void(std::string_view)>& write);

// One page of the sync API.
struct SyncPage {
    std::vector<PortalDossier> dossiers;
    std::int64_t next_cursor = 0;  // pass as `since` for the next page; equal to `since` when nothing changed
};

inline constexpr int kMaxSyncLimit = 1000;

// Parses a cursor as the API takes it: "" → 0, else a decimal number ≥ 0 of at most 18 digits.
std::optional<std::int64_t> ParseCursor(std::string_view text);

// The dossiers changed after `since`, at most `limit` (1–kMaxSyncLimit, clamped).
SyncPage ChangesSince(PortalStore& store, std::int64_t since, int limit);

}  // namespace mocua::domain::portal
