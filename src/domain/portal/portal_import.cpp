#include "domain/portal/portal_import.hpp"

#include <algorithm>
#include <chrono>
#include <future>
#include <unordered_map>

#include "core/strings.hpp"
#include "domain/catalog/catalog_service.hpp"
#include "domain/org/units.hpp"

namespace mocua::domain::portal {

namespace {

constexpr auto kVietnamOffset = std::chrono::hours(7);

LineReport Report(std::string_view file, const Problem& p) {
    // Describe starts with "line N: "; the report names the line itself.
    std::string text = Describe(p);
    const std::string prefix = "line " + std::to_string(p.line) + ": ";
    if (text.rfind(prefix, 0) == 0) text.erase(0, prefix.size());
    if (p.severity == Severity::kWarning && text.rfind("warning: ", 0) != 0) text = "warning: " + text;
    return {std::string(file), p.line, std::move(text)};
}

LineReport Refusal(std::string_view file, int line, const std::string& reason, const char* rule) {
    return {std::string(file), line, reason + " [" + rule + "]"};
}

}  // namespace

std::optional<std::int64_t> ServiceLookup::ProcedureVersion(std::string_view code, std::string_view day) {
    auto it = versions_.find(code);
    if (it == versions_.end()) {
        std::vector<Span> spans;
        if (auto history = catalog_.History(code); history.ok())
            for (const auto& v : *history) spans.push_back({v.procedure.effective_from, v.valid_until, v.id});
        it = versions_.emplace(std::string(code), std::move(spans)).first;
    }
    // A version superseded on its own first day has until == from and is never in force.
    for (const auto& span : it->second)
        if (span.from <= day && day < span.until) return span.id;
    return std::nullopt;
}

std::optional<std::int64_t> ServiceLookup::Unit(std::string_view code, std::string_view day) {
    auto unit = units_.FindByCode(code, day);
    if (!unit) return std::nullopt;
    return unit->id;
}

std::string VietnamDay(core::TimePoint t) { return org::DateOf(t + kVietnamOffset); }

std::optional<core::TimePoint> VietnamDayStart(std::string_view day) {
    if (!org::IsValidDate(day)) return std::nullopt;
    auto t = core::ParseUtc(std::string(day) + "T00:00:00.000Z");
    if (!t) return std::nullopt;
    return *t - kVietnamOffset;
}

std::optional<std::int64_t> PortalImporter::ProcedureVersion(const std::string& code,
                                                             const std::string& day) {
    auto key = std::make_pair(code, day);
    auto it = procedures_.find(key);
    if (it == procedures_.end()) it = procedures_.emplace(key, lookup_.ProcedureVersion(code, day)).first;
    return it->second;
}

std::optional<std::int64_t> PortalImporter::Unit(const std::string& code, const std::string& day) {
    auto key = std::make_pair(code, day);
    auto it = units_.find(key);
    if (it == units_.end()) it = units_.emplace(key, lookup_.Unit(code, day)).first;
    return it->second;
}

ImportSummary PortalImporter::Run(std::string_view text, std::string_view file_name,
                                  const audit::Actor& actor, const ImportOptions& options) {
    ImportSummary summary;
    int total = 0;
    ForEachLine(text, [&](const InputLine&) {
        ++total;
        return true;
    });

    std::unordered_map<std::string, int> first_line;  // MaHoSo → the line it was first seen on
    std::vector<ImportRecord> batch;
    batch.reserve(kBatchLines);
    int done = 0;

    // Outcomes of a written batch into the summary.
    auto account = [&](const std::vector<ImportOutcome>& outcomes, const std::vector<ImportRecord>& records) {
        for (std::size_t i = 0; i < outcomes.size(); ++i) {
            switch (outcomes[i]) {
                case ImportOutcome::kImported:
                    ++summary.imported;
                    break;
                case ImportOutcome::kUpdated:
                    ++summary.updated;
                    break;
                case ImportOutcome::kUnchanged:
                    ++summary.unchanged;
                    break;
                case ImportOutcome::kConflict:
                    ++summary.conflicts;
                    summary.refused.push_back(Refusal(file_name, records[i].line,
                                                      "MaHoSo `" + records[i].dossier.code +
                                                          "` is a dossier received in this system; an import "
                                                          "never overwrites it",
                                                      "import.conflict.native"));
                    break;
            }
        }
    };

    // A batch is written on a second thread while the next one is parsed (parsing and writing take about
    // the same time), one batch in flight at most. The store is thread-safe; the caches and the summary
    // are touched only here, on the caller's thread.
    std::vector<ImportRecord> in_flight;
    std::future<std::vector<ImportOutcome>> writing;
    int in_flight_done = 0;
    auto wait_for_write = [&] {
        if (!writing.valid()) return;
        account(writing.get(), in_flight);
        in_flight.clear();
        if (options.progress) options.progress(in_flight_done, total);
    };

    auto flush = [&](bool last) {
        wait_for_write();
        if (!last) {
            in_flight = std::move(batch);
            in_flight_done = done;
            batch = {};
            batch.reserve(kBatchLines);
            writing = std::async(std::launch::async, [this, &in_flight, dry_run = options.dry_run] {
                return store_.WriteBatch(in_flight, dry_run, {});
            });
            return;
        }
        // The last batch, with the run's audit entry in its transaction.
        std::optional<audit::Event> event;
        if (!options.dry_run) {
            // Counts and the file's base name only: no personal data in the audit log.
            const auto slash = file_name.find_last_of('/');
            const std::string base(slash == std::string_view::npos ? file_name : file_name.substr(slash + 1));
            event = audit::Event{actor, "dossier.import", "file", base, ""};
            // The last batch's outcomes are decided inside its transaction; a dry evaluation first
            // gives them (reads only), so the audit entry can carry the run's final counts.
            auto preview = batch.empty() ? std::vector<ImportOutcome>{} : store_.WriteBatch(batch, true, {});
            int add[4] = {0, 0, 0, 0};
            for (auto o : preview) ++add[static_cast<int>(o)];
            event->details = "lines=" + std::to_string(summary.lines) +
                             " imported=" + std::to_string(summary.imported + add[0]) +
                             " updated=" + std::to_string(summary.updated + add[1]) +
                             " unchanged=" + std::to_string(summary.unchanged + add[2]) +
                             " skipped=" + std::to_string(summary.skipped) +
                             " conflicts=" + std::to_string(summary.conflicts + add[3]);
        }
        if (!batch.empty() || event) account(store_.WriteBatch(batch, options.dry_run, event), batch);
        batch.clear();
        if (options.progress) options.progress(done, total);
    };

    ForEachLine(text, [&](const InputLine& in) {
        ++summary.lines;
        ++done;
        auto refuse = [&](const std::string& reason, const char* rule) {
            ++summary.skipped;
            summary.refused.push_back(Refusal(file_name, in.number, reason, rule));
        };
        if (in.problem) {
            ++summary.skipped;
            summary.refused.push_back(Report(file_name, *in.problem));
        } else {
            auto parsed = ParseLine(in.text, in.number);
            if (!parsed.ok()) {
                ++summary.skipped;
                // One line of report per refused line: its first error (the others follow on it).
                std::string reason;
                for (const auto& p : parsed.problems) {
                    if (p.severity != Severity::kError) continue;
                    auto r = Report(file_name, p);
                    reason = reason.empty() ? r.reason : reason + "; " + r.reason;
                }
                summary.refused.push_back({std::string(file_name), in.number, reason});
            } else {
                PortalDossier& d = *parsed.dossier;
                const std::string day = VietnamDay(d.submitted_at);
                auto version = ProcedureVersion(d.procedure_code, day);
                auto unit = Unit(d.unit_code, day);
                auto [seen, fresh] = first_line.emplace(d.code, in.number);
                if (!fresh) {
                    refuse("MaHoSo `" + d.code + "` was already on line " + std::to_string(seen->second) +
                               " of this file",
                           "import.code.repeated");
                } else if (!version) {
                    refuse("MaTTHC: no procedure `" + d.procedure_code + "` in force on " + day,
                           "import.procedure.unknown");
                } else if (!unit) {
                    refuse("DonViXuLy: no unit has the code `" + d.unit_code + "` on " + day,
                           "import.unit.unknown");
                } else {
                    for (const auto& p : parsed.problems) summary.warnings.push_back(Report(file_name, p));
                    ImportRecord r;
                    r.line = in.number;
                    r.procedure_version_id = *version;
                    r.unit_id = *unit;
                    for (const auto& h : d.history)
                        r.history_unit_ids.push_back(h.unit.empty() ? std::nullopt
                                                                    : Unit(h.unit, VietnamDay(h.at)));
                    r.line_hash = core::ToHex(hasher_.Sha256(ToJsonLine(d)));
                    r.dossier = std::move(d);
                    batch.push_back(std::move(r));
                }
            }
        }
        if (batch.size() >= kBatchLines) flush(false);
        return true;
    });
    flush(true);
    std::sort(summary.refused.begin(), summary.refused.end(),
              [](const LineReport& a, const LineReport& b) { return a.line < b.line; });
    return summary;
}

ExportSummary ExportDossiers(PortalStore& store, core::TimePoint from, core::TimePoint to,
                             const std::function<void(std::string_view)>& write) {
    ExportSummary summary;
    for (std::int64_t id : store.SubmittedBetween(from, to)) {
        auto d = store.Load(id);
        if (!d) continue;
        std::string reason;
        for (const auto& p : CheckConsistency(*d, 0)) {
            if (p.severity != Severity::kError) continue;
            std::string text = Describe(p);
            const std::string prefix = "line 0: ";
            if (text.rfind(prefix, 0) == 0) text.erase(0, prefix.size());
            reason = reason.empty() ? text : reason + "; " + text;
        }
        if (!reason.empty()) {
            summary.refused.push_back({d->code, 0, reason});
            continue;
        }
        std::string line = ToJsonLine(*d);
        line += '\n';
        write(line);
        ++summary.written;
    }
    return summary;
}

std::optional<std::int64_t> ParseCursor(std::string_view text) {
    if (text.empty()) return 0;
    if (text.size() > 18) return std::nullopt;
    std::int64_t v = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

SyncPage ChangesSince(PortalStore& store, std::int64_t since, int limit) {
    limit = std::clamp(limit, 1, kMaxSyncLimit);
    SyncPage page;
    page.next_cursor = since;
    for (const auto& [seq, id] : store.ChangedAfter(since, limit)) {
        if (auto d = store.Load(id)) page.dossiers.push_back(std::move(*d));
        page.next_cursor = seq;
    }
    return page;
}

}  // namespace mocua::domain::portal
