#include "web/apply_common.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "core/clock.hpp"
#include "log/log.hpp"
#include "web/format.hpp"

namespace mocua::web::apply_detail {

http::Response Failed(const Ctx& x, std::string_view what, const core::Error& error) {
    log::Get("web")->error("request_id={} {} failed: {}", x.request.request_id, what, error.message);
    return http::Response::Empty(500);
}

std::string ShowTime(std::string_view utc) {
    const auto t = core::ParseUtc(utc);
    return t ? FormatDateTime(*t) : std::string(utc);
}
std::string ShowDate(std::string_view utc) {
    const auto t = core::ParseUtc(utc);
    return t ? FormatDate(*t) : std::string(utc);
}

// "2025-07-15" → "15/07/2025" for display; other text unchanged.
std::string IsoToShown(const std::string& iso) {
    if (iso.size() == 10 && iso[4] == '-' && iso[7] == '-')
        return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
    return iso;
}
// "15/07/2025" or "15-7-2025" → "2025-07-15"; anything else unchanged (the service judges it).
std::string ShownToIso(const std::string& text) {
    std::vector<std::string> parts;
    std::string cur;
    for (char ch : text) {
        if (ch == '/' || ch == '.' || (ch == '-' && !parts.empty() && parts.size() < 2 && cur.size() <= 2) ||
            (ch == '-' && parts.empty() && cur.size() <= 2)) {
            parts.push_back(cur);
            cur.clear();
        } else {
            cur += ch;
        }
    }
    parts.push_back(cur);
    if (parts.size() != 3 || parts[2].size() != 4 || parts[0].empty() || parts[0].size() > 2 ||
        parts[1].empty() || parts[1].size() > 2)
        return text;
    for (const auto& p : parts)
        if (!std::all_of(p.begin(), p.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) return text;
    const auto pad = [](const std::string& p) { return p.size() == 1 ? "0" + p : p; };
    return parts[2] + "-" + pad(parts[1]) + "-" + pad(parts[0]);
}

std::string SizeText(std::int64_t bytes) {
    if (bytes >= 1024 * 1024) {
        const std::int64_t tenths = bytes * 10 / (1024 * 1024);
        return std::to_string(tenths / 10) + "," + std::to_string(tenths % 10) + " MB";
    }
    return std::to_string((bytes + 1023) / 1024) + " KB";
}

// ---- Messages and errors ------------------------------------------------------------------------

// The message for a rule code: this page's own wording at "apply.error" (keys are whole rule codes),
// else the dossier module's at "dossier.error.<rule>" (nested by the code's dots), with {limit} and
// {kinds} filled in.
std::string RuleText(const Ctx& x, const std::string& rule, const std::string& limit,
                     const std::string& kinds) {
    const json& tree = x.c.Tree(x.lang);
    std::string text;
    if (const auto s = tree.find("apply"); s != tree.end() && s->is_object()) {
        if (const auto e = s->find("error"); e != s->end() && e->is_object()) {
            if (const auto m = e->find(rule); m != e->end() && m->is_string()) text = m->get<std::string>();
        }
    }
    if (text.empty()) {
        if (const std::string* found = x.c.Find(x.lang, "dossier.error." + rule)) text = *found;
    }
    if (text.empty()) text = x.T("apply.error_other");
    if (rule == "upload.too_large") text += " " + x.T("dossier.upload_limit");
    for (const auto& [name, value] :
         {std::pair<std::string, std::string>{"{limit}", limit}, {"{kinds}", kinds}}) {
        if (auto at = text.find(name); at != std::string::npos) text.replace(at, name.size(), value);
    }
    return text;
}

json Common(const std::string& id, const std::string& hint, const Errors& errors) {
    json f;
    f["id"] = id;
    std::string describedby;
    if (!hint.empty()) {
        f["hint"] = hint;
        describedby = id + "-hint";
    } else {
        f["hint"] = false;
    }
    if (const std::string* e = errors.For(id)) {
        f["error"] = *e;
        describedby += (describedby.empty() ? "" : " ") + id + "-error";
    } else {
        f["error"] = false;
    }
    f["describedby"] = describedby.empty() ? json(false) : json(describedby);
    return f;
}

json OrFalse(const std::string& s) { return s.empty() ? json(false) : json(s); }

json InputJson(const Input& in, const std::string& value, const Errors& errors) {
    json f = Common(in.id, in.hint, errors);
    f["name"] = in.name.empty() ? in.id : in.name;
    f["label"] = in.label;
    f["value"] = value;
    f["type"] = in.type;
    f["autocomplete"] = OrFalse(in.autocomplete);
    f["inputmode"] = OrFalse(in.inputmode);
    f["width"] = OrFalse(in.width);
    return f;
}

json ChoicesJson(const std::string& id, const std::string& name, const std::string& legend,
                 const std::string& hint, const std::vector<std::pair<std::string, std::string>>& options,
                 const std::vector<std::string>& selected, bool multiple, const Errors& errors) {
    json f = Common(id, hint, errors);
    f["name"] = name;
    f["legend"] = legend;
    f["kind"] = multiple ? "checkboxes" : "radios";
    json out = json::array();
    for (std::size_t i = 0; i < options.size(); ++i) {
        const auto& [value, label] = options[i];
        out.push_back({{"id", i == 0 ? id : id + "-" + std::to_string(i + 1)},
                       {"name", name},
                       {"input_type", multiple ? "checkbox" : "radio"},
                       {"value", value},
                       {"label", label},
                       {"checked", std::find(selected.begin(), selected.end(), value) != selected.end()}});
    }
    f["options"] = std::move(out);
    return f;
}

// ---- Loading --------------------------------------------------------------------------------------

// The caller's draft and its procedure version; nullopt with the response to send (404, or the
// confirmation when the draft was already submitted).
std::optional<Loaded> Load(const Ctx& x, std::int64_t id, std::optional<http::Response>& answer,
                           bool allow_submitted) {
    auto d = x.s.dossiers->GetDraft(x.caller, id);
    if (!d.ok()) {
        answer = http::Response::Empty(404);
        return std::nullopt;
    }
    if (d->dossier_code && !allow_submitted) {
        answer = x.s.web->Redirect(x.request, "/dossiers/" + *d->dossier_code + "/submitted");
        return std::nullopt;
    }
    auto v = x.s.catalog->VersionById(d->procedure_version_id);
    if (!v.ok()) {
        answer = Failed(x, "procedure version", v.error());
        return std::nullopt;
    }
    return Loaded{std::move(*d), std::move(*v)};
}

std::string Base(std::int64_t id) { return "/applications/" + std::to_string(id); }

namespace {

// The pages of an application, in order: applicant, each e-form page, each document, check.
std::vector<std::string> Sequence(const Loaded& l) {
    const std::string base = Base(l.draft.id);
    std::vector<std::string> out{base + "/applicant"};
    for (const auto& p : l.version.procedure.eform.pages) out.push_back(base + "/questions/" + p.id);
    for (std::size_t i = 0; i < l.version.procedure.components.size(); ++i)
        out.push_back(base + "/documents/" + std::to_string(i + 1));
    out.push_back(base + "/check");
    return out;
}

}  // namespace

std::string NextAfter(const Loaded& l, const std::string& current) {
    const auto seq = Sequence(l);
    const auto it = std::find(seq.begin(), seq.end(), current);
    if (it == seq.end() || it + 1 == seq.end()) return Base(l.draft.id) + "/check";
    return *(it + 1);
}

json Header(const Ctx& x, const Loaded& l) {
    return {{"id", l.draft.id},
            {"procedure", x.Pick2(l.version.procedure.name_vi, l.version.procedure.name_en)},
            {"procedure_code", l.version.procedure.code},
            {"base", Base(l.draft.id)}};
}

// Where a problem of CheckDraft is fixed: the page and the element.
std::string ProblemHref(const Loaded& l, const std::string& field) {
    const std::string base = Base(l.draft.id);
    if (field.starts_with("answers.")) {
        const std::string name = field.substr(8);
        for (const auto& p : l.version.procedure.eform.pages)
            for (const auto& f : p.fields)
                if (f.name == name) return base + "/questions/" + p.id + "#field-" + name;
        return base;
    }
    if (field.starts_with("applicant.")) return base + "/applicant#applicant-" + field.substr(10);
    if (field == "unit") return base + "/applicant#unit";
    if (field == "result_delivery") return base + "/applicant#result_delivery";
    if (field.starts_with("component.")) return base + "/documents/" + field.substr(10) + "#file";
    return base;
}

}  // namespace mocua::web::apply_detail
