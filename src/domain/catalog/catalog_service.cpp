#include "domain/catalog/catalog_service.hpp"

#include <algorithm>
#include <chrono>

#include "core/strings.hpp"
#include "core/text/text.hpp"
#include "domain/catalog/json_codec.hpp"
#include "domain/catalog/validation.hpp"

namespace mocua::domain::catalog {

namespace {

using core::Error;

constexpr int kMaxWords = 10;
constexpr int kMaxPage = 10'000;

// Rolls back a dry run after everything was checked and counted.
constexpr std::string_view kDryRun = "catalog.dry_run";

// Short, non-personal audit details.
std::string VersionDetails(const Procedure& p, int number, const std::string& hash) {
    return "code=" + p.code + " version=" + std::to_string(number) + " from=" + p.effective_from +
           " hash=" + hash.substr(0, 16);
}

}  // namespace

std::string CatalogService::Today() const {
    return core::FormatUtc(clock_.Now() + std::chrono::hours(7)).substr(0, 10);
}

std::string CatalogService::Hash(std::string_view content) const {
    return core::ToHex(hasher_.Sha256(content));
}

core::Result<ImportReport> CatalogService::Import(const Catalogue& catalogue, const SourceMap& sources,
                                                  const audit::Actor& actor, const ImportOptions& options) {
    ImportReport report;
    std::vector<std::string> known_fields;
    for (const auto& f : repository_.Fields()) known_fields.push_back(f.code);
    report.problems = ValidateCatalogue(catalogue, sources, known_fields, repository_.FormKeys());
    if (!report.problems.empty()) return report;

    const int total = static_cast<int>(catalogue.procedures.size());
    const int step = std::max(1, total / 100);
    // Hashing and canonical content need no database: done before the transaction opens.
    std::vector<std::string> contents, hashes, stored;
    for (const auto& p : catalogue.procedures) {
        contents.push_back(CanonicalContent(p));
        hashes.push_back(Hash(contents.back()));
        stored.push_back(ProcedureToJson(p).dump());
    }
    if (options.progress) options.progress(0, total);
    auto written = repository_.Write([&](CatalogWriter& w) -> core::Result<void> {
        ImportSummary& s = report.summary;
        s = {};
        for (const auto& f : catalogue.fields) {
            auto existing = w.FindField(f.code);
            if (!existing) {
                w.InsertField(f);
                w.Audit({actor, "catalog.field.create", "catalog_field", f.code, ""});
                ++s.fields_created;
            } else if (!(*existing == f)) {
                w.UpdateField(f);
                w.Audit({actor, "catalog.field.update", "catalog_field", f.code, ""});
                ++s.fields_updated;
            } else {
                ++s.fields_unchanged;
            }
        }
        for (const auto& f : catalogue.forms) {
            const std::string file_hash = f.content ? Hash(f.content->bytes) : "";
            auto existing = w.FindForm(f.key);
            Form to_save = f;
            if (to_save.content)
                to_save.content->media_type = FormFileType(to_save.content->bytes).value_or("");
            std::string save_hash = file_hash;
            if (existing && !f.content) {
                // A catalogue without the file keeps the one uploaded before.
                save_hash = existing->file_sha256;
            }
            const bool same = existing && existing->form.title_vi == f.title_vi &&
                              existing->form.title_en == f.title_en &&
                              existing->form.source_vi == f.source_vi && existing->file_sha256 == save_hash;
            if (same) {
                ++s.forms_unchanged;
                continue;
            }
            w.SaveForm(to_save, save_hash);
            w.Audit({actor, "catalog.form.save", "catalog_form", f.key,
                     save_hash.empty() ? "no file" : "file=" + save_hash.substr(0, 16)});
            ++(existing ? s.forms_updated : s.forms_created);
        }
        for (int i = 0; i < total; ++i) {
            const Procedure& p = catalogue.procedures[static_cast<std::size_t>(i)];
            auto latest = w.Latest(p.code);
            if (latest && latest->content_hash == hashes[static_cast<std::size_t>(i)]) {
                ++s.procedures_unchanged;
            } else if (latest && p.effective_from < latest->procedure.effective_from) {
                report.problems.push_back(sources.Locate(
                    "/procedures/" + std::to_string(i) + "/effective_from", "catalog.version.date_order",
                    "the procedure changed, but " + p.effective_from +
                        " is before the latest version's date (" + latest->procedure.effective_from +
                        "): a new version must start on or after it"));
            } else {
                w.InsertVersion(
                    {p, stored[static_cast<std::size_t>(i)], hashes[static_cast<std::size_t>(i)]});
                const int number = latest ? latest->number + 1 : 1;
                w.Audit({actor, "catalog.version.create", "procedure", p.code,
                         VersionDetails(p, number, hashes[static_cast<std::size_t>(i)])});
                ++s.versions_created;
                if (!latest) ++s.procedures_new;
            }
            if (options.progress && ((i + 1) % step == 0 || i + 1 == total)) options.progress(i + 1, total);
        }
        if (!report.problems.empty()) return Error::InvalidArgument("catalog.invalid");
        if (s.changed()) {
            w.Audit({actor, "catalog.import", "", "",
                     "fields=" + std::to_string(s.fields_created + s.fields_updated) +
                         " versions=" + std::to_string(s.versions_created) +
                         " forms=" + std::to_string(s.forms_created + s.forms_updated)});
        }
        if (options.dry_run) return Error::Conflict(std::string(kDryRun));
        return {};
    });
    if (!written.ok() && written.error().message != kDryRun && written.error().message != "catalog.invalid")
        return written.error();
    if (!report.problems.empty()) report.summary = {};
    return report;
}

core::Result<Version> CatalogService::Publish(const Procedure& draft, const audit::Actor& actor,
                                              std::vector<Problem>* problems_out) {
    SourceMap sources;
    std::vector<Problem> problems = ValidateProcedure(draft, sources);
    const auto fields = repository_.Fields();
    if (!draft.field.empty() &&
        std::none_of(fields.begin(), fields.end(), [&](const Field& f) { return f.code == draft.field; }))
        problems.push_back(
            sources.Locate("/field", "catalog.procedure.field", "no field has the code " + draft.field));
    const auto forms = repository_.FormKeys();
    for (std::size_t i = 0; i < draft.components.size(); ++i) {
        const auto& key = draft.components[i].form;
        if (!key.empty() && std::find(forms.begin(), forms.end(), key) == forms.end())
            problems.push_back(sources.Locate("/components/" + std::to_string(i) + "/form",
                                              "catalog.component.form", "no form has the key " + key));
    }
    if (IsValidDate(draft.effective_from) && draft.effective_from < Today())
        problems.push_back(sources.Locate("/effective_from", "catalog.version.past",
                                          "a new version cannot start before today"));
    const std::string content = CanonicalContent(draft);
    const std::string hash = Hash(content);
    std::int64_t id = 0;
    if (problems.empty()) {
        auto written = repository_.Write([&](CatalogWriter& w) -> core::Result<void> {
            auto latest = w.Latest(draft.code);
            if (latest && latest->content_hash == hash) return Error::Conflict("catalog.unchanged");
            if (latest && draft.effective_from < latest->procedure.effective_from) {
                problems.push_back(sources.Locate(
                    "/effective_from", "catalog.version.date_order",
                    "a new version must start on or after " + latest->procedure.effective_from));
                return Error::InvalidArgument("catalog.invalid");
            }
            id = w.InsertVersion({draft, ProcedureToJson(draft).dump(), hash});
            w.Audit({actor, "catalog.version.create", "procedure", draft.code,
                     VersionDetails(draft, latest ? latest->number + 1 : 1, hash)});
            return {};
        });
        if (!written.ok() && written.error().message != "catalog.invalid") return written.error();
    }
    if (!problems.empty()) {
        if (problems_out) *problems_out = std::move(problems);
        return Error::InvalidArgument("catalog.invalid");
    }
    return VersionById(id);
}

core::Result<void> CatalogService::SaveForm(const Form& form, const audit::Actor& actor) {
    SourceMap sources;
    Catalogue one;
    one.forms.push_back(form);
    if (auto problems = ValidateCatalogue(one, sources); !problems.empty())
        return Error::InvalidArgument(problems.front().rule);
    Form to_save = form;
    if (to_save.content) to_save.content->media_type = *FormFileType(to_save.content->bytes);
    const std::string hash = form.content ? Hash(form.content->bytes) : "";
    return repository_.Write([&](CatalogWriter& w) -> core::Result<void> {
        std::string keep = hash;
        if (!form.content)
            if (auto existing = w.FindForm(form.key)) keep = existing->file_sha256;
        w.SaveForm(to_save, keep);
        w.Audit({actor, "catalog.form.save", "catalog_form", form.key,
                 keep.empty() ? "no file" : "file=" + keep.substr(0, 16)});
        return {};
    });
}

core::Result<Version> CatalogService::VersionInForceOn(std::string_view code, std::string_view day) {
    if (!IsValidDate(day)) return Error::InvalidArgument("catalog.date");
    auto v = repository_.InForceOn(code, day);
    if (!v) return Error::NotFound("catalog.not_found");
    return std::move(*v);
}

core::Result<Version> CatalogService::Current(std::string_view code) {
    return VersionInForceOn(code, Today());
}

core::Result<Version> CatalogService::VersionById(std::int64_t id) {
    auto v = repository_.VersionById(id);
    if (!v) return Error::NotFound("catalog.not_found");
    return std::move(*v);
}

core::Result<std::vector<Version>> CatalogService::History(std::string_view code) {
    auto versions = repository_.History(code);
    if (versions.empty()) return Error::NotFound("catalog.not_found");
    return versions;
}

core::Result<SearchPage> CatalogService::Search(const SearchQuery& query) {
    if (query.page < 1 || query.page > kMaxPage || query.per_page < 1 || query.per_page > 100)
        return Error::InvalidArgument("catalog.page");
    const std::string day = query.as_of.empty() ? Today() : query.as_of;
    if (!IsValidDate(day)) return Error::InvalidArgument("catalog.date");
    if (query.q.size() > 200) return Error::InvalidArgument("catalog.query");
    const std::string phrase = core::text::FoldForSearch(query.q);
    std::vector<std::string> words;
    std::size_t pos = 0;
    while (pos < phrase.size() && static_cast<int>(words.size()) < kMaxWords) {
        auto end = phrase.find(' ', pos);
        if (end == std::string::npos) end = phrase.size();
        if (end > pos) words.push_back(phrase.substr(pos, end - pos));
        pos = end + 1;
    }
    return repository_.Search(words, phrase, query, day);
}

std::vector<Field> CatalogService::Fields() { return repository_.Fields(); }

core::Result<StoredForm> CatalogService::FormByKey(std::string_view key) {
    auto f = repository_.FindForm(key);
    if (!f) return Error::NotFound("catalog.not_found");
    return std::move(*f);
}

std::vector<Version> CatalogService::AllInForce(std::string_view day_in) {
    const std::string day = day_in.empty() ? Today() : std::string(day_in);
    if (!IsValidDate(day)) return {};
    return repository_.AllInForceOn(day);
}

core::Result<Catalogue> CatalogService::Export(std::string_view day_in) {
    const std::string day = day_in.empty() ? Today() : std::string(day_in);
    if (!IsValidDate(day)) return Error::InvalidArgument("catalog.date");
    Catalogue out;
    out.fields = repository_.Fields();
    for (auto& v : repository_.AllInForceOn(day)) out.procedures.push_back(std::move(v.procedure));
    for (const auto& key : repository_.FormKeys()) {
        if (auto f = repository_.FindForm(key)) out.forms.push_back(std::move(f->form));
    }
    return out;
}

}  // namespace mocua::domain::catalog
