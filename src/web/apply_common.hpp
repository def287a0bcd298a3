#pragma once
// What the citizen's application pages share (internal to src/web/apply_*.cpp; the public entry point is
// apply_pages.hpp): the request context, times, dates and sizes as shown, the messages for the dossier
// module's rule codes, the data of the field partials, loading a draft and the order of its pages, and
// the handlers that apply_pages.cpp registers from apply_documents.cpp (a component's upload, reuse from
// the data store, removal) and apply_dossiers.cpp (the dossiers after submission, the data store).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/services.hpp"
#include "domain/catalog/catalog_service.hpp"
#include "domain/dossier/dossier_service.hpp"
#include "domain/identity/identity_service.hpp"
#include "http/router.hpp"
#include "web/catalog_view.hpp"
#include "web/forms.hpp"
#include "web/page_state.hpp"
#include "web/shell.hpp"

namespace mocua::web::apply_detail {

namespace cat = domain::catalog;
namespace dos = domain::dossier;
namespace idn = domain::identity;
using nlohmann::json;

// One request's view of the caller, for the dossier service.
class Ctx {
public:
    Ctx(const app::Services& services, http::Request& req)
        : s(services),
          request(req),
          lang(services.web->LanguageOf(req)),
          c(services.web->catalog()),
          principal(DomainPrincipal(req)),
          caller{principal, ActorOf(req), std::string(LanguageCode(lang)), ""} {}
    Ctx(const Ctx&) = delete;
    Ctx& operator=(const Ctx&) = delete;

    const app::Services& s;
    http::Request& request;
    Language lang;
    const Catalog& c;
    idn::Principal principal;
    dos::Caller caller;

    std::string T(std::string_view key) const { return c.Get(lang, key); }
    const std::string& Pick2(const std::string& vi, const std::string& en) const {
        return Pick(lang, vi, en);
    }
    http::Response Page(std::string_view page, std::string_view title_key, json data,
                        int status = 200) const {
        return s.web->Page(request, page, title_key, std::move(data), status);
    }
};

http::Response Failed(const Ctx& x, std::string_view what, const core::Error& error);

// Stored UTC times as shown ("HH:mm dd/MM/yyyy", "dd/MM/yyyy"); other text unchanged.
std::string ShowTime(std::string_view utc);
std::string ShowDate(std::string_view utc);
// "2025-07-15" → "15/07/2025" for display; other text unchanged.
std::string IsoToShown(const std::string& iso);
// "15/07/2025" or "15-7-2025" → "2025-07-15"; anything else unchanged (the service judges it).
std::string ShownToIso(const std::string& text);
// A file size as shown: "1,5 MB", "12 KB".
std::string SizeText(std::int64_t bytes);

// The message for a rule code, with {limit} and {kinds} filled in.
std::string RuleText(const Ctx& x, const std::string& rule, const std::string& limit = "",
                     const std::string& kinds = "");

// Errors of a page: the field's id (or a link) and the text, in field order; one per field.
class Errors {
public:
    void Add(const std::string& id, std::string text, std::string href = "") {
        for (const auto& e : items_)
            if (e.id == id) return;
        items_.push_back({id, std::move(text), href.empty() ? "#" + id : std::move(href)});
    }
    bool empty() const { return items_.empty(); }
    const std::string* For(const std::string& id) const {
        for (const auto& e : items_)
            if (e.id == id) return &e.text;
        return nullptr;
    }
    json ToJson() const {
        json summary = json::array();
        for (const auto& e : items_) summary.push_back({{"href", e.href}, {"text", e.text}});
        return {{"any", !items_.empty()}, {"summary", std::move(summary)}};
    }

private:
    struct Item {
        std::string id, text, href;
    };
    std::vector<Item> items_;
};

// The data of partials/field-input and field-textarea, with texts already in the page's language.
struct Input {
    std::string id, name, label, hint, type = "text", autocomplete, inputmode, width;
};

// The data of the field partials: what every field has (id, hint, error, aria-describedby), a text
// input or textarea, radios or checkboxes.
json Common(const std::string& id, const std::string& hint, const Errors& errors);
json OrFalse(const std::string& s);
json InputJson(const Input& in, const std::string& value, const Errors& errors);
json ChoicesJson(const std::string& id, const std::string& name, const std::string& legend,
                 const std::string& hint, const std::vector<std::pair<std::string, std::string>>& options,
                 const std::vector<std::string>& selected, bool multiple, const Errors& errors);

struct Loaded {
    dos::Draft draft;
    cat::Version version;
};

// The caller's draft and its procedure version; nullopt with the response to send (404, or the
// confirmation when the draft was already submitted).
std::optional<Loaded> Load(const Ctx& x, std::int64_t id, std::optional<http::Response>& answer,
                           bool allow_submitted = false);

// "/applications/{id}".
std::string Base(std::int64_t id);
// The page after `current` in the application's order (applicant, e-form pages, documents, check).
std::string NextAfter(const Loaded& l, const std::string& current);
// The data every page of a draft shows at its top.
json Header(const Ctx& x, const Loaded& l);
// Where a problem of CheckDraft is fixed: the page and the element.
std::string ProblemHref(const Loaded& l, const std::string& field);

// apply_documents.cpp: GET|POST /applications/{id}/documents/{n}, …/reuse, …/remove.
http::Response GetDocument(const Ctx& x);
http::Response PostUpload(const Ctx& x, const FormData& form);
http::Response PostReuse(const Ctx& x, const FormData& form);
http::Response PostRemove(const Ctx& x, const FormData&);

// apply_dossiers.cpp: the dossiers after submission and the data store.
http::Response SubmittedPage(const Ctx& x);
http::Response MyDossiersPage(const Ctx& x);
http::Response DossierPage(const Ctx& x);
http::Response DossierFile(const Ctx& x);
http::Response DossierForm(const Ctx& x);
http::Response DataStorePage(const Ctx& x);
http::Response DataStoreFile(const Ctx& x);

}  // namespace mocua::web::apply_detail
