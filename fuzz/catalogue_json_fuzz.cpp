// libFuzzer target: catalogue JSON imports (domain/catalog/json_codec.hpp): the exchange file an
// administrator imports and the procedure draft the editor's page posts. The first byte picks which.
// Every parse is followed by validation, as the import does; a catalogue with no problems must
// survive a round trip through its own JSON unchanged (what export-then-import relies on).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "domain/catalog/json_codec.hpp"
#include "domain/catalog/validation.hpp"

namespace catalog = mocua::domain::catalog;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    if (data[0] % 2 == 0) {
        const auto parsed = catalog::ParseCatalogueJson(text, "fuzz.json");
        const auto problems = catalog::ValidateCatalogue(parsed.catalogue, parsed.sources);
        if (parsed.problems.empty() && problems.empty()) {
            const auto again =
                catalog::ParseCatalogueJson(catalog::CatalogueToJson(parsed.catalogue).dump(), "again.json");
            const auto& x = again.catalogue;
            const auto& y = parsed.catalogue;
            if (!again.problems.empty() || x.fields != y.fields || x.procedures != y.procedures ||
                x.forms != y.forms)
                std::abort();
        }
    } else {
        const auto parsed = catalog::ParseProcedureJson(text, "draft.json");
        for (const auto& procedure : parsed.catalogue.procedures) {
            (void)catalog::ValidateProcedure(procedure, parsed.sources);
            (void)catalog::CanonicalContent(procedure);
        }
    }
    return 0;
}
