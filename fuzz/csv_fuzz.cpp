// libFuzzer target: CSV tables of the catalogue (adapters/catalog_io/csv.hpp, libcsv) and their way
// into the model. A table read without problems must read back the same from WriteCsvTable's output.
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
    if (problems.empty()) {
        std::vector<catalog::Problem> again_problems;
        const auto again =
            io::ReadCsvTable(io::WriteCsvTable(table), "procedures", "again.csv", again_problems);
        if (!again_problems.empty() || again.columns != table.columns || again.rows != table.rows)
            std::abort();
    }
    (void)catalog::TablesToCatalogue({table});
    return 0;
}
