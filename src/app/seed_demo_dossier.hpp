#pragma once
// Part of `mocua seed-demo` (seed_demo.hpp): one demo dossier taken through the whole of processing by
// the demo staff — reception, two steps, a supplement, an apology with extension, the result, approval,
// return and rating — on a clock set three weeks back, so that Mẫu 01–07 print from a real history.
// The result file needs the virus scanner (`[scanner] socket`); without it the result stays on paper.
// Idempotent: a second run finds the dossier and does nothing.
#include <string_view>

#include "app/seed_demo.hpp"
#include "config/config.hpp"

namespace mocua::app {

core::Result<void> SeedDemoDossier(const config::Config& config, db::Database& database, SeedReport& report,
                                   std::string_view officer_email, std::string_view specialist_email,
                                   std::string_view leader_email);

}  // namespace mocua::app
