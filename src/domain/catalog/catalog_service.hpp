#pragma once
// The catalogue with versions: import, publish, search, the version in force on a date, history,
// fields, form files, export (docs/adr/0040-procedure-catalogue.md).
//
// Versions. A procedure code identifies a procedure; each published change is a new version, numbered
// 1, 2, 3 … and in force from its `effective_from`. A version whose canonical content
// (json_codec.hpp) equals the latest version's is not created again, so re-importing a file changes
// nothing. A new version's effective_from may not precede the latest version's; on the same day the
// newer version wins (the older one is then never in force). The version in force on a day is the
// one with effective_from ≤ day < the next version's effective_from. Versions are never edited or
// deleted: a dossier records the version id it was received under and finds it again with Version().
//
// Errors (core::Error, message = a rule code): NotFound "catalog.not_found"; InvalidArgument
// "catalog.invalid" (with problems in the report), "catalog.date", "catalog.page";
// Conflict "catalog.unchanged" (publishing an unchanged draft), "catalog.version.date_order".
// Repositories throw on database failure; the service passes that on.
// Thread-safety: CatalogService is safe to share if its repository is (the SOCI one is).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/audit/audit.hpp"
#include "domain/catalog/model.hpp"
#include "domain/catalog/problems.hpp"

namespace mocua::domain::catalog {

// A stored version.
struct Version {
    std::int64_t id = 0;       // stable: dossiers keep it
    int number = 0;            // 1, 2, … per procedure
    Procedure procedure;       // content, effective_from and announcement
    std::string valid_until;   // exclusive: the next version's effective_from, or "9999-12-31"
    std::string content_hash;  // hex SHA-256 of CanonicalContent
    std::string created_at;    // core::FormatUtc
    Field field;               // the field as stored now (names for display)
};

// A stored form, with its file when one was uploaded or imported.
struct StoredForm {
    Form form;                // `content` holds the file, `file` is ""
    std::string file_sha256;  // hex, or "" without a file
};

struct SearchQuery {
    std::string q;      // words; accents and case are ignored ("dang ky khai sinh")
    std::string field;  // field code, or ""
    std::optional<Level> level;
    std::optional<ServiceMode> mode;
    std::string as_of;  // "YYYY-MM-DD"; "" = today
    int page = 1;       // 1-based
    int per_page = 20;  // 1..100
};

struct SearchItem {
    std::string code;
    std::string name_vi;
    std::string name_en;
    Field field;
    Level level = Level::kCommune;
    ServiceMode mode = ServiceMode::kOffline;
    TimeLimit time_limit;  // value and unit (notes are not loaded)
    std::int64_t version_id = 0;
};

struct SearchPage {
    std::vector<SearchItem> items;
    std::int64_t total = 0;
};

// What the repository needs to store a new version (the service computes hash and content).
struct NewVersion {
    Procedure procedure;
    std::string content_json;  // ProcedureToJson dump, the stored content
    std::string content_hash;
};

// Changes inside one database transaction (port). Methods throw on database failure.
class CatalogWriter {
public:
    virtual ~CatalogWriter() = default;
    virtual std::optional<Field> FindField(std::string_view code) = 0;
    virtual void InsertField(const Field& field) = 0;
    virtual void UpdateField(const Field& field) = 0;
    // The stored form without its bytes (content.bytes empty) but with file_sha256.
    virtual std::optional<StoredForm> FindForm(std::string_view key) = 0;
    // Inserts or replaces the form; stores the file's bytes content-addressed when present.
    virtual void SaveForm(const Form& form, const std::string& file_sha256) = 0;
    // The latest version (highest number) of a code, or nullopt for a new procedure.
    virtual std::optional<Version> Latest(std::string_view code) = 0;
    // Stores version latest+1 (1 for a new code), ends the versions still open on its effective_from,
    // and returns the new version's id.
    virtual std::int64_t InsertVersion(const NewVersion& version) = 0;
    virtual void Audit(const audit::Event& event) = 0;
};

// Reading and writing the catalogue (port; persistence/catalog_repository.hpp).
class CatalogRepository {
public:
    virtual ~CatalogRepository() = default;
    // Every field, in Vietnamese alphabetical order of name_vi.
    virtual std::vector<Field> Fields() = 0;
    virtual std::vector<std::string> FormKeys() = 0;
    // The version in force on `day` for `code`.
    virtual std::optional<Version> InForceOn(std::string_view code, std::string_view day) = 0;
    virtual std::optional<Version> VersionById(std::int64_t id) = 0;
    // Every version of `code`, oldest first.
    virtual std::vector<Version> History(std::string_view code) = 0;
    // Every version in force on `day`, ordered by code.
    virtual std::vector<Version> AllInForceOn(std::string_view day) = 0;
    // Versions in force on `day` matching the filters; each word of `folded_words` must occur in the
    // procedure's folded code, names or field names. Ranked: exact code, name starting with the
    // phrase, name containing the phrase, the rest; then Vietnamese order of the name.
    virtual SearchPage Search(const std::vector<std::string>& folded_words, const std::string& folded_phrase,
                              const SearchQuery& query, const std::string& day) = 0;
    // The form with its file's bytes.
    virtual std::optional<StoredForm> FindForm(std::string_view key) = 0;
    virtual std::int64_t CountProcedures() = 0;
    // Runs `f` in one write transaction; commits when it returns success, rolls back otherwise.
    virtual core::Result<void> Write(const std::function<core::Result<void>(CatalogWriter&)>& f) = 0;
};

struct ImportSummary {
    int fields_created = 0, fields_updated = 0, fields_unchanged = 0;
    int procedures_new = 0;        // first version of a code
    int versions_created = 0;      // including first versions
    int procedures_unchanged = 0;  // content equal to the latest version
    int forms_created = 0, forms_updated = 0, forms_unchanged = 0;
    bool changed() const {
        return fields_created + fields_updated + versions_created + forms_created + forms_updated > 0;
    }
};

struct ImportReport {
    std::vector<Problem> problems;  // non-empty: nothing was written
    ImportSummary summary;          // what was (or, for a dry run, would have been) written
};

struct ImportOptions {
    bool dry_run = false;  // validate and count, then roll back
    // Called as procedures are written: (done, total). Also once with (0, total) before the first.
    std::function<void(int, int)> progress;
};

class CatalogService {
public:
    CatalogService(CatalogRepository& repository, const audit::Sha256Hasher& hasher, const core::Clock& clock)
        : repository_(repository), hasher_(hasher), clock_(clock) {}

    // Validates the whole catalogue (ValidateCatalogue plus the rules that need the database: the
    // date order of versions), then writes fields, forms and new versions in one transaction with one
    // audit entry per created or changed record ("catalog.field.create", "catalog.field.update",
    // "catalog.form.save", "catalog.version.create") and one summary entry ("catalog.import"). With
    // problems, nothing is written and the report lists them all. Idempotent.
    core::Result<ImportReport> Import(const Catalogue& catalogue, const SourceMap& sources,
                                      const audit::Actor& actor, const ImportOptions& options = {});

    // Publishes an edited draft as a new version from `draft.effective_from`, which must be today or
    // later (Vietnam's date). Problems (InvalidArgument "catalog.invalid") are returned in `problems`.
    // Conflict "catalog.unchanged" when the content equals the latest version. Audited
    // "catalog.version.create".
    core::Result<Version> Publish(const Procedure& draft, const audit::Actor& actor,
                                  std::vector<Problem>* problems = nullptr);

    // Stores a form (an editor's upload). The file's type is read from its bytes. Audited.
    core::Result<void> SaveForm(const Form& form, const audit::Actor& actor);

    // The version in force on `day` (VersionInForceOn), or today.
    core::Result<Version> VersionInForceOn(std::string_view code, std::string_view day);
    core::Result<Version> Current(std::string_view code);
    // A version by id, whatever its dates (what a dossier was received under).
    core::Result<Version> VersionById(std::int64_t id);
    // Every version of a procedure, oldest first. NotFound for an unknown code.
    core::Result<std::vector<Version>> History(std::string_view code);

    core::Result<SearchPage> Search(const SearchQuery& query);
    std::vector<Field> Fields();
    // A form with its file; NotFound for an unknown key.
    core::Result<StoredForm> FormByKey(std::string_view key);

    // The catalogue in force on `day` ("" = today): fields, the versions in force, and every form with
    // its file.
    core::Result<Catalogue> Export(std::string_view day);
    // Every procedure version in force on `day` ("" = today), without the forms' files: the kiosk's guide
    // browses them by field and by life event. Empty for a malformed day.
    std::vector<Version> AllInForce(std::string_view day);

    // Today in Vietnam (UTC+7), "YYYY-MM-DD".
    std::string Today() const;

private:
    std::string Hash(std::string_view content) const;

    CatalogRepository& repository_;
    const audit::Sha256Hasher& hasher_;
    const core::Clock& clock_;
};

}  // namespace mocua::domain::catalog
