#pragma once
// Organisation units with history: provinces, (former) districts, communes and wards, special zones,
// departments, one-stop centres and other agencies, each with a code, Vietnamese and English names,
// a parent, and a validity period of calendar dates. A unit can be succeeded by another (a merger);
// records keep pointing at the old unit, and the successor takes over from the effective date.
//
// Dates are "YYYY-MM-DD" text (calendar dates in Vietnam, not instants); validity bounds are
// inclusive and either may be open (nullopt). A code is unique among units whose periods overlap, not
// forever: phường Quảng Trị (19360, from 2025-07-01) may reuse the code of a unit that ended before.
//
// Errors (core::Error, message = a stable rule code for message catalogues):
//   InvalidArgument "unit.code", "unit.name", "unit.type", "unit.date", "unit.period", "unit.parent",
//                   "unit.succession"; NotFound "unit.not_found"; Conflict "unit.code_taken".
// Thread-safety: OrgService is safe to share if its repository is (the SOCI one is).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/audit/audit.hpp"

namespace mocua::domain::org {

enum class UnitType {
    kProvince,
    kDistrict,
    kCommune,
    kSpecialZone,
    kDepartment,
    kOneStopCentre,
    kOtherAgency
};

// "province", "district", "commune" (commune or ward), "special_zone", "department", "one_stop_centre",
// "other_agency": the names stored and used in the API.
std::string_view UnitTypeName(UnitType type);
std::optional<UnitType> ParseUnitType(std::string_view name);

// True for a real calendar date written "YYYY-MM-DD" (years 1900–2999).
bool IsValidDate(std::string_view date);
// The UTC calendar date of a time point, "YYYY-MM-DD". (Vietnam is UTC+7; callers that need the local
// date pass it explicitly.)
std::string DateOf(core::TimePoint t);

struct Unit {
    std::int64_t id = 0;
    std::string code;
    std::string name_vi;
    std::string name_en;
    UnitType type = UnitType::kOtherAgency;
    std::optional<std::int64_t> parent_id;
    std::optional<std::string> valid_from;  // inclusive; nullopt: since always
    std::optional<std::string> valid_to;    // inclusive; nullopt: still valid

    bool ValidOn(std::string_view date) const;
};

struct NewUnit {
    std::string code;
    std::string name_vi;
    std::string name_en;
    UnitType type = UnitType::kOtherAgency;
    std::optional<std::int64_t> parent_id;
    std::optional<std::string> valid_from;
    std::optional<std::string> valid_to;
};

struct Succession {
    std::int64_t predecessor_id = 0;
    std::int64_t successor_id = 0;
    std::string effective_on;  // the successor's first day
};

// Changes to units, inside one database transaction (port). Everything written through one writer
// commits together with its audit entries, or not at all. Methods throw on database failure.
class UnitWriter {
public:
    virtual ~UnitWriter() = default;
    virtual std::optional<Unit> Find(std::int64_t id) = 0;
    // Units with this code whose periods overlap [from, to] (nullopt bounds are open).
    virtual std::vector<Unit> WithCodeOverlapping(std::string_view code,
                                                  const std::optional<std::string>& from,
                                                  const std::optional<std::string>& to) = 0;
    // Units of a type with exactly this Vietnamese name, valid on `date`.
    virtual std::vector<Unit> WithTypeAndName(UnitType type, std::string_view name_vi,
                                              std::string_view date) = 0;
    virtual std::int64_t Insert(const NewUnit& unit) = 0;
    virtual void Update(const Unit& unit) = 0;
    // True when inserted, false when the pair was already recorded.
    virtual bool AddSuccession(const Succession& succession) = 0;
    virtual void Audit(const audit::Event& event) = 0;
};

// Reading units (port; persistence/org_repository.hpp). Methods throw on database failure.
class UnitRepository {
public:
    virtual ~UnitRepository() = default;
    virtual std::optional<Unit> Find(std::int64_t id) = 0;
    // The unit with this code valid on `date`.
    virtual std::optional<Unit> FindByCode(std::string_view code, std::string_view date) = 0;
    // Every unit valid on `date`, ordered by id.
    virtual std::vector<Unit> ValidOn(std::string_view date) = 0;
    // The unit itself, its parent, its parent's parent, … (parent links do not change over time).
    virtual std::vector<Unit> AncestorsOrSelf(std::int64_t id) = 0;
    virtual std::vector<Succession> SuccessorsOf(std::int64_t id) = 0;
    virtual std::vector<Succession> PredecessorsOf(std::int64_t id) = 0;
    virtual std::int64_t Count() = 0;
    // Runs `f` in one write transaction; commits when it returns success, rolls back otherwise.
    virtual core::Result<void> Write(const std::function<core::Result<void>(UnitWriter&)>& f) = 0;
};

// A node of the tree as of a date.
struct TreeNode {
    Unit unit;
    std::vector<TreeNode> children;  // ordered by code
};

// One row of an official commune list (`code,name,province`).
struct CommuneRow {
    int line = 0;  // 1-based line number in the file
    std::string code;
    std::string name;
    std::string province;
};

struct ImportProblem {
    int line = 0;
    std::string field;    // "code", "name", "province", or "" for the whole line
    std::string message;  // English, for the operator
};

// Parses a commune list: a header line naming three columns (code, name, province in that order,
// e.g. "commune_code,commune_name,province_name"), then one unit a line. UTF-8 (a BOM is skipped), LF
// or CRLF, fields may be double-quoted ("" for a quote). Codes are 5 digits; names are cleaned with
// core::text::CleanInput (NFC). Duplicated codes are problems. Returns the rows and every problem.
struct ParsedCommunes {
    std::vector<CommuneRow> rows;
    std::vector<ImportProblem> problems;
};
ParsedCommunes ParseCommuneCsv(std::string_view text);

// The local code given to a province that arrives without an official code: "tinh-quang-tri",
// "tp-ho-chi-minh" (folded name, spaces → '-').
std::string ProvinceCodeFor(std::string_view name_vi);

struct ImportSummary {
    int rows = 0;
    int created = 0;
    int updated = 0;
    int unchanged = 0;
    int provinces_created = 0;
};

class OrgService {
public:
    explicit OrgService(UnitRepository& repository) : repository_(repository) {}

    // Validates (code non-empty ≤ 32 of [A-Za-z0-9._-], names cleaned, dates, parent exists and its
    // period covers the child's start) and inserts. Audited "unit.create".
    core::Result<Unit> Create(NewUnit unit, const audit::Actor& actor);
    // Changes names, parent or period of an existing unit (not its code or type). Audited "unit.update".
    core::Result<Unit> Update(const Unit& unit, const audit::Actor& actor);
    // Records that `successor` takes over from `predecessor` on `effective_on` (the predecessor must
    // end before that day and the successor be valid on it). Idempotent. Audited "unit.succession".
    core::Result<void> RecordSuccession(std::int64_t predecessor_id, std::int64_t successor_id,
                                        const std::string& effective_on, const audit::Actor& actor);

    // Units valid on `date` as a forest (roots: units without a parent valid on that date).
    std::vector<TreeNode> TreeAsOf(const std::string& date);
    // True when `unit` and `ancestor` are both valid on `date` and `ancestor` is `unit` or above it.
    bool IsWithin(std::int64_t unit, std::int64_t ancestor, const std::string& date);
    // The units that took over from `unit`, in order (first successor of each step), excluding `unit`.
    std::vector<Unit> SuccessorChain(std::int64_t unit);

    // Imports a parsed commune list: each province (by name) is found among provinces valid on
    // `valid_from` or created; each commune is matched by code among units valid on `valid_from`, and
    // created, renamed/moved, or left alone. Re-importing the same file changes nothing. Rows are
    // written in batches of `batch` rows, each batch one transaction with one audit entry
    // ("unit.import"); `progress(done, total)` is called after each batch.
    core::Result<ImportSummary> ImportCommunes(const std::vector<CommuneRow>& rows,
                                               const std::string& valid_from, const audit::Actor& actor,
                                               const std::function<void(int, int)>& progress = {},
                                               int batch = 500);

    UnitRepository& repository() { return repository_; }

private:
    UnitRepository& repository_;
};

}  // namespace mocua::domain::org
