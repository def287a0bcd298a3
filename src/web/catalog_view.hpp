#pragma once
// How a procedure looks on a page: the template data (JSON) for the public detail page, a search
// result, and a printable blank form, shared by the public pages (catalog_pages.cpp) and the editors'
// preview (catalog_admin_pages.cpp). Pure functions of the catalogue values and the message catalogue.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/catalog/catalog_service.hpp"
#include "web/i18n.hpp"

namespace mocua::web {

// The English text when the page is in English and there is one, else the Vietnamese.
const std::string& Pick(Language language, const std::string& vi, const std::string& en);

// "5 working days", "Same working day", "3 ngày" …
std::string TimeLimitText(const domain::catalog::TimeLimit& limit, const Catalog& catalog, Language language);

nlohmann::json SearchItemView(const domain::catalog::SearchItem& item, const Catalog& catalog,
                              Language language);

// Everything the detail page shows for `version`; `history` lists every version (may be empty) and
// `today` marks the one in force now.
nlohmann::json ProcedureView(const domain::catalog::Version& version,
                             const std::vector<domain::catalog::Version>& history, const std::string& today,
                             const Catalog& catalog, Language language);

// A blank form to print and fill in by hand: its title and the questions of the procedure's e-form.
nlohmann::json BlankFormView(const domain::catalog::Procedure& procedure, const domain::catalog::Form& form,
                             const Catalog& catalog, Language language);

}  // namespace mocua::web
