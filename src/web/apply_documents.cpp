// The documents of a citizen's application: GET|POST /applications/{id}/documents/{n} (one component;
// the upload, multipart), …/reuse (a file from the applicant's data store) and …/remove. An upload over
// the per-file limit answers 413, an unavailable virus scanner 503, each with the page.
#include <algorithm>
#include <cctype>

#include "web/apply_common.hpp"

namespace mocua::web::apply_detail {

namespace {

std::string KindsText(const std::vector<dos::FileKind>& kinds) {
    std::string out;
    for (auto k : kinds) {
        if (!out.empty()) out += ", ";
        std::string ext(dos::Extension(k));
        std::transform(ext.begin(), ext.end(), ext.begin(),
                       [](unsigned char ch) { return std::toupper(ch); });
        out += ext;
    }
    return out;
}

http::Response DocumentPage(const Ctx& x, const Loaded& l, int n, const Errors& errors, int status) {
    const auto& component = l.version.procedure.components[static_cast<std::size_t>(n - 1)];
    const auto kinds = x.s.dossiers->AllowedKinds(l.version, n);
    const std::string base = Base(l.draft.id) + "/documents/" + std::to_string(n);
    json data = Header(x, l);
    data["n"] = n;
    data["name"] = x.Pick2(component.name_vi, component.name_en);
    data["required"] = component.required;
    data["action"] = base;
    data["kinds"] = KindsText(kinds);
    data["limit"] = SizeText(x.s.dossiers->options().max_file_bytes);
    data["file_field"] = Common("file",
                                x.c.Format(x.lang, "apply.file_hint",
                                           {{"kinds", KindsText(kinds)},
                                            {"limit", SizeText(x.s.dossiers->options().max_file_bytes)}}),
                                errors);
    data["file_field"]["label"] = x.T("apply.file_label");
    if (const auto* f = l.draft.FileAt(n)) {
        data["current"] = {{"name", f->file.name}, {"size", SizeText(f->file.size)}, {"reused", f->reused}};
    } else {
        data["current"] = false;
    }
    json items = json::array();
    if (component.reusable) {
        std::vector<std::pair<std::string, std::string>> options;
        for (const auto& item : x.s.dossiers->StoreItems(x.caller)) {
            if (std::none_of(kinds.begin(), kinds.end(),
                             [&](dos::FileKind k) { return dos::MediaType(k) == item.file.media_type; }))
                continue;
            options.emplace_back(std::to_string(item.id),
                                 item.title + " (" + item.file.name + ", " + ShowDate(item.created_at) + ")");
        }
        if (!options.empty()) {
            data["store"] =
                ChoicesJson("item", "item", x.T("apply.store_legend"), "", options, {}, false, errors);
        }
    }
    if (!data.contains("store")) data["store"] = false;
    data["reusable"] = component.reusable;
    data["next_href"] = NextAfter(l, base);
    data["errors"] = errors.ToJson();
    return x.Page("apply/document", "apply.document_title", std::move(data), status);
}

std::optional<int> ComponentNumber(const Ctx& x, const Loaded& l) {
    const auto n = x.request.IntParam("n");
    if (n < 1 || n > static_cast<std::int64_t>(l.version.procedure.components.size())) return std::nullopt;
    return static_cast<int>(n);
}

int UploadStatus(const core::Error& e) {
    if (e.code == core::ErrorCode::kPayloadTooLarge) return 413;
    if (e.code == core::ErrorCode::kUnavailable) return 503;
    if (e.code == core::ErrorCode::kNotFound) return 404;
    if (e.code == core::ErrorCode::kConflict) return 409;
    if (e.code == core::ErrorCode::kInvalidArgument) return 422;
    return 500;
}

// After a change to a document: the page again with the error, or back to it (the applicant sees
// the file and continues from there).
http::Response AfterDocumentChange(const Ctx& x, std::int64_t id, int n, const core::Result<dos::Draft>& done,
                                   const std::string& field, std::string_view flash) {
    if (done.ok()) return x.s.web->Redirect(x.request, Base(id) + "/documents/" + std::to_string(n), flash);
    const int status = UploadStatus(done.error());
    if (status == 404) return http::Response::Empty(404);
    if (status == 500) return Failed(x, "document change", done.error());
    std::optional<http::Response> answer;
    auto l = Load(x, id, answer);
    if (!l) return std::move(*answer);
    Errors errors;
    errors.Add(field, RuleText(x, done.error().message, SizeText(x.s.dossiers->options().max_file_bytes),
                               KindsText(x.s.dossiers->AllowedKinds(l->version, n))));
    return DocumentPage(x, *l, n, errors, status);
}

}  // namespace

http::Response GetDocument(const Ctx& x) {
    std::optional<http::Response> answer;
    auto l = Load(x, x.request.IntParam("id"), answer);
    if (!l) return std::move(*answer);
    const auto n = ComponentNumber(x, *l);
    if (!n) return http::Response::Empty(404);
    return DocumentPage(x, *l, *n, {}, 200);
}

http::Response PostUpload(const Ctx& x, const FormData& form) {
    std::optional<http::Response> answer;
    auto l = Load(x, x.request.IntParam("id"), answer);
    if (!l) return std::move(*answer);
    const auto n = ComponentNumber(x, *l);
    if (!n) return http::Response::Empty(404);
    const FormFile* file = form.File("file");
    if (!file) {
        Errors errors;
        errors.Add("file", x.T("apply.error_no_file"));
        return DocumentPage(x, *l, *n, errors, 422);
    }
    auto done = x.s.dossiers->AttachFile(x.caller, l->draft.id, *n, dos::Upload{file->name, file->data});
    return AfterDocumentChange(x, l->draft.id, *n, done, "file", "");
}

http::Response PostReuse(const Ctx& x, const FormData& form) {
    std::optional<http::Response> answer;
    auto l = Load(x, x.request.IntParam("id"), answer);
    if (!l) return std::move(*answer);
    const auto n = ComponentNumber(x, *l);
    if (!n) return http::Response::Empty(404);
    const std::string item = form.Get("item");
    if (item.empty() || item.size() > 18 ||
        !std::all_of(item.begin(), item.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
        Errors errors;
        errors.Add("item", x.T("apply.error_no_item"));
        return DocumentPage(x, *l, *n, errors, 422);
    }
    auto done = x.s.dossiers->ReuseStoreItem(x.caller, l->draft.id, *n, std::stoll(item));
    return AfterDocumentChange(x, l->draft.id, *n, done, "item", "");
}

http::Response PostRemove(const Ctx& x, const FormData&) {
    std::optional<http::Response> answer;
    auto l = Load(x, x.request.IntParam("id"), answer);
    if (!l) return std::move(*answer);
    const auto n = ComponentNumber(x, *l);
    if (!n) return http::Response::Empty(404);
    auto done = x.s.dossiers->RemoveFile(x.caller, l->draft.id, *n);
    return AfterDocumentChange(x, l->draft.id, *n, done, "file", "");
}

}  // namespace mocua::web::apply_detail
