// libFuzzer target: CSV tables of the catalogue (adapters/catalog_io/csv.hpp, libcsv) and their way
// into the model. A table read without problems must read back the same from WriteCsvTable's output
// (the first finding, a header of control characters only, was the oracle's mistake: see below).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/catalog_io/csv.hpp"
#include "domain/catalog/tables.hpp"

namespace catalog = mocua::domain::catalog;
namespace io = mocua::adapters::catalog_io;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::vector<catalog::Problem> problems;
    const auto table = io::ReadCsvTable(text, "procedures", "procedures.csv", problems);
    // Column names are cleaned (controls removed); a header left with no name at all is written as a
    // blank line, which readers skip: such a file has no header to round-trip (the catalogue then
    // reports its unknown columns).
    const bool named = std::any_of(table.columns.begin(), table.columns.end(),
                                   [](const std::string& c) { return !c.empty(); });
    if (problems.empty() && named) {
        std::vector<catalog::Problem> again_problems;
        const auto again =
            io::ReadCsvTable(io::WriteCsvTable(table), "procedures", "again.csv", again_problems);
        if (!again_problems.empty() || again.columns != table.columns || again.rows != table.rows)
            std::abort();
    }
    (void)catalog::TablesToCatalogue({table});
    return 0;
}
