#pragma once
// Problems found in a catalogue, and where they are. Validation names a value by its path in the
// JSON model ("/procedures/3/fees/0/amount_vnd"); the reader of each encoding records where each
// record came from in a SourceMap, which turns that path into a file, a line (JSON: the line of the
// value; CSV/XLSX: the row) and a field name (JSON: the key; CSV/XLSX: the column).
//
// Thread-safety: a SourceMap is not thread-safe while it is filled; reading it is.
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace mocua::domain::catalog {

struct Problem {
    std::string file;     // as given to the reader ("catalogue.json", "fees.csv"), or ""
    int line = 0;         // 1-based; 0 when the problem concerns the whole file
    std::string field;    // "amount_vnd", "time_limit_value", or ""
    std::string rule;     // stable rule code for catalogues and tests: "catalog.fee.amount"
    std::string message;  // English, for the operator
};

// "file:line: field: message [rule]", the form the CLI prints.
std::string Describe(const Problem& problem);

enum class Encoding { kJson, kTables };

class SourceMap {
public:
    explicit SourceMap(Encoding encoding = Encoding::kJson) : encoding_(encoding) {}

    // Records that the value at `path` (JSON pointer, "" for the root) starts on `line` of `file`.
    void Record(std::string path, std::string file, int line);

    // A problem with `rule` and `message` about the value at `path`: the longest recorded prefix of
    // the path gives file and line; the rest of the path gives the field. For tables the rest is
    // joined with '_' ("time_limit/value" → "time_limit_value") and list indexes inside a cell are
    // dropped ("choices/1/value" → "choices").
    Problem Locate(std::string_view path, std::string rule, std::string message) const;

private:
    struct Where {
        std::string file;
        int line = 0;
    };
    Encoding encoding_;
    std::map<std::string, Where, std::less<>> where_;
};

}  // namespace mocua::domain::catalog
