#pragma once
// A synthetic but well-formed catalogue for scale tests and benchmarks (`mocua catalogue generate`):
// the plan's 418 procedures (281 district, 137 commune, 344 online) or any other mix. Procedure codes
// are "9.000001", "9.000002", … (the national catalogue uses 1.xxxxxx and 2.xxxxxx, so generated codes
// never collide with real ones); names are built from real verbs and objects of administrative
// procedures, numbered so each is distinct. Deterministic: the same options give the same catalogue.
#include "core/result.hpp"
#include "domain/catalog/model.hpp"

namespace mocua::domain::catalog {

struct GenerateOptions {
    int count = 418;
    int district = 281;
    int commune = 137;  // the rest are province-level
    int online = 344;   // full or partial online; alternating
    std::string effective_from = "2025-07-01";
};

// InvalidArgument with an English message when the numbers do not add up (district + commune >
// count, online > count, count outside 1..100000).
core::Result<Catalogue> GenerateCatalogue(const GenerateOptions& options);

}  // namespace mocua::domain::catalog
