// What the applicant sees of their dossiers after submission: the confirmation, my dossiers, a dossier
// (for its owner or staff with rights, else 404) with its files and issued forms, and the data store
// (kho dữ liệu) with its files.
#include <cstdlib>

#include "core/strings.hpp"
#include "domain/org/units.hpp"
#include "web/apply_common.hpp"

namespace mocua::web::apply_detail {

namespace {

constexpr int kPerPage = 20;

std::string ProcedureName(const Ctx& x, std::int64_t version_id, const std::string& fallback) {
    auto v = x.s.catalog->VersionById(version_id);
    return v.ok() ? x.Pick2(v->procedure.name_vi, v->procedure.name_en) : fallback;
}

std::string UnitName(const Ctx& x, std::int64_t id) {
    auto u = x.s.units->Find(id);
    return u ? x.Pick2(u->name_vi, u->name_en) : std::string();
}

std::string StateName(const Ctx& x, dos::State s) {
    return x.T("dossier.state." + std::to_string(dos::Code(s)));
}

std::string MyDossiersHref(int page) { return "/my/dossiers?page=" + std::to_string(page); }

// A file for download: never rendered by the browser in our origin, never cached by others.
http::Response Download(const dos::FileContent& content, std::string_view disposition = "attachment") {
    http::Response r = http::Response::Text(200, content.bytes, content.file.media_type);
    const std::string name = content.file.name.empty() ? "file" : content.file.name;
    r.SetHeader("Content-Disposition", std::string(disposition) + "; filename=\"" + core::UrlEncode(name) +
                                           "\"; filename*=UTF-8''" + core::UrlEncode(name));
    r.SetHeader("X-Content-Type-Options", "nosniff");
    r.SetHeader("Cache-Control", "private, no-store");
    return r;
}

}  // namespace

http::Response SubmittedPage(const Ctx& x) {
    auto d = x.s.dossiers->Get(x.caller, x.request.Param("code"));
    if (!d.ok()) return http::Response::Empty(404);
    json data;
    data["code"] = d->code;
    data["procedure"] = ProcedureName(x, d->procedure_version_id, d->procedure_code);
    data["email"] = OrFalse(d->applicant.email);
    data["unit"] = UnitName(x, d->receiving_unit_id);
    data["submitted"] = ShowTime(d->submitted_at);
    return x.Page("apply/submitted", "apply.submitted_title", std::move(data));
}

http::Response MyDossiersPage(const Ctx& x) {
    int page = 1;
    if (auto p = x.request.QueryParam("page")) {
        const int n = std::atoi(p->c_str());
        page = n >= 1 && n <= 100'000 ? n : 1;
    }
    auto list = x.s.dossiers->Mine(x.caller, page, kPerPage);
    json rows = json::array();
    for (const auto& d : list.items) {
        rows.push_back({{"code", d.code},
                        {"href", "/dossiers/" + d.code},
                        {"procedure", x.Pick2(d.procedure_name_vi, d.procedure_name_en)},
                        {"state", StateName(x, d.state)},
                        {"submitted", ShowDate(d.submitted_at)},
                        {"appointment", d.appointment_at ? ShowTime(*d.appointment_at) : std::string()}});
    }
    const int pages = static_cast<int>((list.total + kPerPage - 1) / kPerPage);
    json pagination = {{"show", pages > 1}};
    if (page > 1)
        pagination["previous"] = {{"href", MyDossiersHref(page - 1)}, {"label", x.T("catalog.previous")}};
    if (page < pages)
        pagination["next"] = {{"href", MyDossiersHref(page + 1)}, {"label", x.T("catalog.next")}};
    json data;
    data["has_dossiers"] = !rows.empty();
    data["dossiers"] = std::move(rows);
    data["pagination"] = std::move(pagination);
    data["count"] = x.c.Format(x.lang, "apply.dossiers_count", {{"count", std::to_string(list.total)}});
    return x.Page("apply/dossiers", "apply.dossiers_title", std::move(data));
}

http::Response DossierPage(const Ctx& x) {
    auto d = x.s.dossiers->Get(x.caller, x.request.Param("code"));
    if (!d.ok()) return http::Response::Empty(404);
    const std::string base = "/dossiers/" + d->code;
    json history = json::array();
    for (const auto& h : d->history) {
        const std::string key = "apply.action." + h.action, shared = "processing.action." + h.action;
        history.push_back({{"at", ShowTime(h.at)},
                           {"state", StateName(x, h.to)},
                           {"action", x.c.Find(x.lang, key)      ? x.T(key)
                                      : x.c.Find(x.lang, shared) ? x.T(shared)
                                                                 : h.action},
                           {"note", h.note}});
    }
    json components = json::array();
    for (const auto& c : d->components) {
        json row = {{"n", c.position},
                    {"name", x.Pick2(c.name_vi, c.name_en)},
                    {"digitised", c.digitised},
                    {"reused", c.reused},
                    {"file", false}};
        if (c.file)
            row["file"] = {{"href", base + "/files/" + std::to_string(c.position)},
                           {"name", c.file->name},
                           {"size", SizeText(c.file->size)}};
        components.push_back(std::move(row));
    }
    json forms = json::array();
    for (const auto& f : d->forms)
        forms.push_back({{"href", base + "/forms/" + f.form},
                         {"name", x.T("dossier.form." + f.form)},
                         {"issued", ShowTime(f.issued_at)}});
    json data;
    data["code"] = d->code;
    data["procedure"] = ProcedureName(x, d->procedure_version_id, d->procedure_code);
    data["procedure_code"] = d->procedure_code;
    data["state"] = StateName(x, d->state);
    data["channel"] = x.T("dossier.channel." + std::to_string(dos::Code(d->channel)));
    data["applicant"] = d->applicant.name;
    data["receiving_unit"] = UnitName(x, d->receiving_unit_id);
    data["competent_unit"] = UnitName(x, d->competent_unit_id);
    data["delivery"] = x.T("dossier.delivery." + d->result_delivery);
    data["submitted"] = ShowTime(d->submitted_at);
    data["received"] = d->received_at ? json(ShowTime(*d->received_at)) : json(false);
    // The current due time: the receipt's appointment, moved by supplement pauses or an extension.
    const auto due = d->due_at ? d->due_at : d->appointment_at;
    data["appointment"] = due ? json(ShowTime(*due)) : json(false);
    const bool owner = d->applicant_account_id && *d->applicant_account_id == x.caller.principal.account_id;
    data["rate_href"] = owner && d->state == dos::State::kReturned ? json(base + "/rating") : json(false);
    // Fees and payment (issue 9): the applicant's page of fees, when the procedure version has any.
    data["pay_href"] = false;
    if (owner)
        if (auto v = x.s.catalog->VersionById(d->procedure_version_id); v.ok())
            for (const auto& fee : v->procedure.fees)
                if (fee.amount_vnd > 0) data["pay_href"] = base + "/payment";
    data["history"] = std::move(history);
    data["components"] = std::move(components);
    data["has_forms"] = !forms.empty();
    data["forms"] = std::move(forms);
    return x.Page("apply/dossier", "apply.dossier_title", std::move(data));
}

http::Response DossierFile(const Ctx& x) {
    auto file = x.s.dossiers->ComponentFile(x.caller, x.request.Param("code"),
                                            static_cast<int>(x.request.IntParam("n")));
    if (!file.ok()) {
        if (file.error().code == core::ErrorCode::kNotFound) return http::Response::Empty(404);
        return Failed(x, "dossier file", file.error());
    }
    return Download(*file);
}

http::Response DossierForm(const Ctx& x) {
    const std::string& form = x.request.Param("form");
    auto pdf = x.s.dossiers->FormPdf(x.caller, x.request.Param("code"), form, *x.s.documents);
    if (!pdf.ok()) {
        if (pdf.error().code == core::ErrorCode::kNotFound) return http::Response::Empty(404);
        return Failed(x, "dossier form", pdf.error());
    }
    dos::FileContent content{{"", x.request.Param("code") + "-" + form + ".pdf", "application/pdf",
                              static_cast<std::int64_t>(pdf->size())},
                             std::move(*pdf)};
    return Download(content, "inline");
}

// ---- Data store -------------------------------------------------------------------------------------

http::Response DataStorePage(const Ctx& x) {
    json rows = json::array();
    for (const auto& item : x.s.dossiers->StoreItems(x.caller)) {
        rows.push_back({{"title", item.title},
                        {"href", "/my/data-store/" + std::to_string(item.id) + "/file"},
                        {"name", item.file.name},
                        {"size", SizeText(item.file.size)},
                        {"source", OrFalse(item.source_dossier_code.value_or(""))},
                        {"added", ShowDate(item.created_at)}});
    }
    json data;
    data["has_items"] = !rows.empty();
    data["items"] = std::move(rows);
    return x.Page("apply/data-store", "apply.store_title", std::move(data));
}

http::Response DataStoreFile(const Ctx& x) {
    auto file = x.s.dossiers->StoreItemFile(x.caller, x.request.IntParam("id"));
    if (!file.ok()) {
        if (file.error().code == core::ErrorCode::kNotFound) return http::Response::Empty(404);
        return Failed(x, "data-store file", file.error());
    }
    return Download(*file);
}

}  // namespace mocua::web::apply_detail
