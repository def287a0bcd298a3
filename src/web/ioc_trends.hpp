#pragma once
// The operations centre's trends (issue 10: "trends … every chart has its data table and a text
// summary"): from the JSON of GET /api/v1/kpi/766/trends (domain::kpi::TrendsToJson), the /ioc page's
// "Trends" section — three charts, each a data table, a one-sentence summary written here from the
// figures, and the chart's data for web/src/ioc-charts.mjs — and the same tables for the CSV/XLSX
// exports. Without JavaScript the tables and summaries are the charts.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "domain/kpi/table_export.hpp"
#include "web/i18n.hpp"

namespace mocua::web {

// The template data of templates/ioc/_trends.mustache. `export_link` is "/ioc/export?unit=…&from=…&to=…".
nlohmann::json IocTrendsSection(const nlohmann::json& trends, Language language, const Catalog& catalog,
                                const std::string& export_link);

// The wall's trend panel (/ioc/wall): the received/resolved chart of the section, drawn for the wall's
// dark background; its table is on /ioc. Null when the period has no bucket.
nlohmann::json IocWallTrend(const nlohmann::json& trends, Language language, const Catalog& catalog);

// Whether `table` names one of the trend tables of /ioc/export (trend_counts, trend_on_time, trend_shares).
bool IsIocTrendTable(const std::string& table);
// That table, with unformatted figures for a spreadsheet; nullopt for another name.
std::optional<domain::kpi::Table> IocTrendTable(const std::string& table, const nlohmann::json& trends,
                                                Language language, const Catalog& catalog);

}  // namespace mocua::web
