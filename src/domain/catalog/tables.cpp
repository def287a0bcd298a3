#include "domain/catalog/tables.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/text/text.hpp"

namespace mocua::domain::catalog {

namespace {

using core::text::CleanInput;
using core::text::Lines;

std::string Bool(bool b) { return b ? "true" : "false"; }
std::string Int(std::int64_t v) { return std::to_string(v); }
std::string Opt(const std::optional<std::int64_t>& v) { return v ? std::to_string(*v) : ""; }

std::string Join(const std::vector<std::string>& items, char sep) {
    std::string out;
    for (const auto& i : items) {
        if (!out.empty()) out += sep;
        out += i;
    }
    return out;
}

// A row being read: cells by column name, problems attributed to this row.
class Row {
public:
    Row(const Table& t, std::size_t index, std::vector<Problem>& problems)
        : table_(t), index_(index), problems_(problems) {}

    int line() const { return table_.lines[index_]; }

    std::string Raw(std::string_view column) const {
        const auto& cols = table_.columns;
        const auto it = std::find(cols.begin(), cols.end(), column);
        if (it == cols.end()) return "";
        const auto k = static_cast<std::size_t>(it - cols.begin());
        const auto& cells = table_.rows[index_];
        return k < cells.size() ? cells[k] : "";
    }
    std::string Text(std::string_view column, Lines lines = Lines::kSingle) const {
        return CleanInput(Raw(column), lines);
    }
    void Fail(std::string_view column, std::string rule, std::string message) {
        problems_.push_back({table_.file, line(), std::string(column), std::move(rule), std::move(message)});
    }
    std::optional<std::int64_t> Integer(std::string_view column, const char* rule, bool required) {
        std::string v = Text(column);
        // Spreadsheets store whole numbers as "2000" or "2000.0".
        if (v.size() > 2 && v.ends_with(".0")) v.resize(v.size() - 2);
        if (v.empty()) {
            if (required) Fail(column, rule, "required: a whole number");
            return std::nullopt;
        }
        const std::size_t start = v[0] == '-' ? 1 : 0;
        if (start == v.size() || v.size() > 18 ||
            !std::all_of(v.begin() + static_cast<std::ptrdiff_t>(start), v.end(),
                         [](char c) { return c >= '0' && c <= '9'; })) {
            Fail(column, rule, "\"" + v + "\" is not a whole number");
            return std::nullopt;
        }
        return std::stoll(v);
    }
    bool Boolean(std::string_view column, const char* rule, bool fallback) {
        const std::string v = core::text::FoldForSearch(Text(column));
        if (v.empty()) return fallback;
        if (v == "true" || v == "1") return true;
        if (v == "false" || v == "0") return false;
        Fail(column, rule, "\"" + Text(column) + "\" is not true or false");
        return fallback;
    }
    template <typename E, typename Parse>
    E Enum(std::string_view column, Parse parse, E fallback, const char* rule, const char* allowed) {
        const std::string v = Text(column);
        auto e = parse(v);
        if (!e)
            Fail(
                column, rule,
                (v.empty() ? std::string("required") : "\"" + v + "\" is not valid") + ": one of " + allowed);
        return e.value_or(fallback);
    }

private:
    const Table& table_;
    std::size_t index_;
    std::vector<Problem>& problems_;
};

std::vector<std::string> Words(const std::string& text) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto end = text.find(' ', pos);
        if (end == std::string::npos) end = text.size();
        if (end > pos) out.push_back(text.substr(pos, end - pos));
        pos = end + 1;
    }
    return out;
}

// List rows of one procedure (or page), ordered by position.
struct Item {
    std::int64_t position = 0;
    std::size_t row = 0;
};

}  // namespace

const std::vector<TableSpec>& TableSpecs() {
    static const std::vector<TableSpec> kSpecs = {
        {"fields", {"code", "name_vi", "name_en"}},
        {"procedures",
         {"code",
          "field",
          "name_vi",
          "name_en",
          "level",
          "mode",
          "time_limit_value",
          "time_limit_unit",
          "time_limit_note_vi",
          "time_limit_note_en",
          "result_name_vi",
          "result_name_en",
          "result_paper",
          "result_electronic",
          "implementing_vi",
          "implementing_en",
          "competent_vi",
          "competent_en",
          "applicants",
          "life_events",
          "effective_from",
          "announcement_decision",
          "announcement_issued_on",
          "announcement_published_on",
          "announcement_in_force_on"}},
        {"fees",
         {"procedure", "position", "name_vi", "name_en", "amount_vnd", "payer", "exemptions_vi",
          "exemptions_en"}},
        {"components",
         {"procedure", "position", "name_vi", "name_en", "copy", "quantity", "required", "reusable", "form", "office_files"}},
        {"steps", {"procedure", "position", "vi", "en"}},
        {"legal_basis", {"procedure", "position", "number", "title_vi", "title_en", "date"}},
        {"eform_pages", {"procedure", "position", "id", "title_vi", "title_en"}},
        {"eform_fields",
         {"procedure", "page", "position", "name", "type", "label_vi", "label_en", "required", "hint_vi",
          "hint_en", "max_length", "pattern", "min", "max", "prefill", "choices"}},
        {"forms", {"key", "title_vi", "title_en", "source_vi", "file"}},
    };
    return kSpecs;
}

std::vector<Table> CatalogueToTables(const Catalogue& c) {
    std::map<std::string, Table> t;
    for (const auto& spec : TableSpecs()) {
        Table& table = t[std::string(spec.name)];
        table.name = spec.name;
        for (auto col : spec.columns) table.columns.emplace_back(col);
    }
    const auto add = [&](const char* name, std::vector<std::string> row) {
        t[name].rows.push_back(std::move(row));
        t[name].lines.push_back(static_cast<int>(t[name].rows.size()) + 1);
    };
    for (const auto& f : c.fields) add("fields", {f.code, f.name_vi, f.name_en});
    for (const auto& p : c.procedures) {
        const Announcement a = p.announcement.value_or(Announcement{});
        add("procedures", {p.code,
                           p.field,
                           p.name_vi,
                           p.name_en,
                           std::string(LevelName(p.level)),
                           std::string(ServiceModeName(p.mode)),
                           Int(p.time_limit.value),
                           std::string(TimeUnitName(p.time_limit.unit)),
                           p.time_limit.note_vi,
                           p.time_limit.note_en,
                           p.result.name_vi,
                           p.result.name_en,
                           Bool(p.result.paper),
                           Bool(p.result.electronic),
                           p.implementing_vi,
                           p.implementing_en,
                           p.competent_vi,
                           p.competent_en,
                           Join(p.applicants, ' '),
                           Join(p.life_events, ' '),
                           p.effective_from,
                           a.decision,
                           a.issued_on,
                           a.published_on,
                           a.in_force_on});
        for (std::size_t i = 0; i < p.fees.size(); ++i) {
            const auto& f = p.fees[i];
            add("fees", {p.code, Int(static_cast<std::int64_t>(i) + 1), f.name_vi, f.name_en,
                         Int(f.amount_vnd), f.payer, f.exemptions_vi, f.exemptions_en});
        }
        for (std::size_t i = 0; i < p.components.size(); ++i) {
            const auto& k = p.components[i];
            add("components", {p.code, Int(static_cast<std::int64_t>(i) + 1), k.name_vi, k.name_en,
                               std::string(CopyKindName(k.copy)), Int(k.quantity), Bool(k.required),
                               Bool(k.reusable), k.form, Bool(k.office_files)});
        }
        for (std::size_t i = 0; i < p.steps.size(); ++i)
            add("steps", {p.code, Int(static_cast<std::int64_t>(i) + 1), p.steps[i].vi, p.steps[i].en});
        for (std::size_t i = 0; i < p.legal_basis.size(); ++i) {
            const auto& l = p.legal_basis[i];
            add("legal_basis",
                {p.code, Int(static_cast<std::int64_t>(i) + 1), l.number, l.title_vi, l.title_en, l.date});
        }
        for (std::size_t i = 0; i < p.eform.pages.size(); ++i) {
            const auto& pg = p.eform.pages[i];
            add("eform_pages",
                {p.code, Int(static_cast<std::int64_t>(i) + 1), pg.id, pg.title_vi, pg.title_en});
            for (std::size_t k = 0; k < pg.fields.size(); ++k) {
                const auto& f = pg.fields[k];
                std::vector<std::string> choices;
                for (const auto& ch : f.choices) choices.push_back(ch.value + "=" + ch.vi + "=" + ch.en);
                const bool date = f.type == FieldType::kDate;
                add("eform_fields",
                    {p.code, pg.id, Int(static_cast<std::int64_t>(k) + 1), f.name,
                     std::string(FieldTypeName(f.type)), f.label_vi, f.label_en, Bool(f.required), f.hint_vi,
                     f.hint_en, Opt(f.max_length), f.pattern, date ? f.min_date : Opt(f.min_number),
                     date ? f.max_date : Opt(f.max_number), f.prefill, Join(choices, '|')});
            }
        }
    }
    for (const auto& f : c.forms) add("forms", {f.key, f.title_vi, f.title_en, f.source_vi, f.file});
    std::vector<Table> out;
    for (const auto& spec : TableSpecs()) out.push_back(std::move(t[std::string(spec.name)]));
    return out;
}

ParsedCatalogue TablesToCatalogue(const std::vector<Table>& tables) {
    ParsedCatalogue out;
    out.sources = SourceMap(Encoding::kTables);
    auto& problems = out.problems;
    std::map<std::string, const Table*> by_name;
    for (const auto& t : tables) {
        const auto spec = std::find_if(TableSpecs().begin(), TableSpecs().end(),
                                       [&](const TableSpec& s) { return s.name == t.name; });
        if (spec == TableSpecs().end()) {
            problems.push_back(
                {t.file, 0, "", "catalog.table.unknown", "\"" + t.name + "\" is not a table of the format"});
            continue;
        }
        bool ok = true;
        for (const auto& col : t.columns) {
            if (std::find(spec->columns.begin(), spec->columns.end(), col) == spec->columns.end()) {
                problems.push_back(
                    {t.file, 1, col, "catalog.table.column", "unknown column \"" + col + "\""});
                ok = false;
            }
        }
        for (auto col : spec->columns) {
            // Columns added after the format's first release may be absent (older files).
            if (col == "office_files") continue;
            if (std::find(t.columns.begin(), t.columns.end(), col) == t.columns.end()) {
                problems.push_back({t.file, 1, std::string(col), "catalog.table.column", "missing column"});
                ok = false;
            }
        }
        if (ok) by_name[t.name] = &t;
    }
    if (!problems.empty()) return out;
    if (!by_name.contains("procedures")) {
        problems.push_back({"", 0, "", "catalog.table.missing", "the procedures table is missing"});
        return out;
    }
    auto& cat = out.catalogue;
    const auto each = [&](const char* name, auto&& f) {
        auto it = by_name.find(name);
        if (it == by_name.end()) return;
        for (std::size_t i = 0; i < it->second->rows.size(); ++i) {
            Row row(*it->second, i, problems);
            f(row);
        }
    };
    each("fields", [&](Row& r) {
        out.sources.Record("/fields/" + std::to_string(cat.fields.size()), by_name["fields"]->file, r.line());
        cat.fields.push_back({r.Text("code"), r.Text("name_vi"), r.Text("name_en")});
    });
    std::map<std::string, std::size_t> index;  // procedure code → position in cat.procedures
    each("procedures", [&](Row& r) {
        Procedure p;
        p.code = r.Text("code");
        p.field = r.Text("field");
        p.name_vi = r.Text("name_vi");
        p.name_en = r.Text("name_en");
        p.level = r.Enum("level", ParseLevel, Level::kCommune, "catalog.procedure.level",
                         "province, district, commune");
        p.mode = r.Enum("mode", ParseServiceMode, ServiceMode::kOffline, "catalog.procedure.mode",
                        "full_online, partial_online, offline");
        p.time_limit.value = r.Integer("time_limit_value", "catalog.time_limit.value", true).value_or(0);
        p.time_limit.unit = r.Enum("time_limit_unit", ParseTimeUnit, TimeUnit::kWorkingDays,
                                   "catalog.time_limit.unit", "working_days, days, working_hours, hours");
        p.time_limit.note_vi = r.Text("time_limit_note_vi", Lines::kMulti);
        p.time_limit.note_en = r.Text("time_limit_note_en", Lines::kMulti);
        p.result.name_vi = r.Text("result_name_vi");
        p.result.name_en = r.Text("result_name_en");
        p.result.paper = r.Boolean("result_paper", "catalog.table.boolean", false);
        p.result.electronic = r.Boolean("result_electronic", "catalog.table.boolean", false);
        p.implementing_vi = r.Text("implementing_vi");
        p.implementing_en = r.Text("implementing_en");
        p.competent_vi = r.Text("competent_vi");
        p.competent_en = r.Text("competent_en");
        p.applicants = Words(r.Text("applicants"));
        p.life_events = Words(r.Text("life_events"));
        p.effective_from = r.Text("effective_from");
        Announcement a{r.Text("announcement_decision"), r.Text("announcement_issued_on"),
                       r.Text("announcement_published_on"), r.Text("announcement_in_force_on")};
        if (!(a == Announcement{})) p.announcement = a;
        if (!p.code.empty() && !index.emplace(p.code, cat.procedures.size()).second) {
            r.Fail("code", "catalog.procedure.duplicate", "the procedure " + p.code + " appears twice");
            return;
        }
        out.sources.Record("/procedures/" + std::to_string(cat.procedures.size()),
                           by_name["procedures"]->file, r.line());
        cat.procedures.push_back(std::move(p));
    });

    // List tables: rows grouped by procedure (and page), ordered by position.
    const auto lists = [&](const char* name, const std::string& key_column, auto&& key_of, auto&& add) {
        auto it = by_name.find(name);
        if (it == by_name.end()) return;
        const Table& t = *it->second;
        std::map<std::pair<std::size_t, std::string>, std::vector<Item>> groups;
        for (std::size_t i = 0; i < t.rows.size(); ++i) {
            Row r(t, i, problems);
            const std::string code = r.Text("procedure");
            auto p = index.find(code);
            if (p == index.end()) {
                r.Fail("procedure", "catalog.table.procedure", "no procedure has the code \"" + code + "\"");
                continue;
            }
            auto position = r.Integer("position", "catalog.table.position", true);
            if (!position) continue;
            std::optional<std::string> key = key_of(r, p->second);
            if (!key) continue;
            groups[{p->second, *key}].push_back({*position, i});
            (void)key_column;
        }
        for (auto& [group, items] : groups) {
            std::sort(items.begin(), items.end(),
                      [](const Item& a, const Item& b) { return a.position < b.position; });
            for (std::size_t k = 0; k < items.size(); ++k) {
                Row r(t, items[k].row, problems);
                if (k > 0 && items[k].position == items[k - 1].position) {
                    r.Fail("position", "catalog.table.position",
                           "position " + std::to_string(items[k].position) + " appears twice for " +
                               cat.procedures[group.first].code);
                    continue;
                }
                add(r, group.first, group.second, t.file);
            }
        }
    };
    const auto no_key = [](Row&, std::size_t) -> std::optional<std::string> { return std::string(); };
    const auto path_of = [](std::size_t p, const char* list, std::size_t n) {
        return "/procedures/" + std::to_string(p) + "/" + list + "/" + std::to_string(n);
    };
    lists("fees", "", no_key, [&](Row& r, std::size_t p, const std::string&, const std::string& file) {
        auto& pr = cat.procedures[p];
        Fee f;
        f.name_vi = r.Text("name_vi");
        f.name_en = r.Text("name_en");
        f.amount_vnd = r.Integer("amount_vnd", "catalog.fee.amount", true).value_or(0);
        f.payer = r.Text("payer");
        if (f.payer.empty()) f.payer = "applicant";
        f.exemptions_vi = r.Text("exemptions_vi", Lines::kMulti);
        f.exemptions_en = r.Text("exemptions_en", Lines::kMulti);
        out.sources.Record(path_of(p, "fees", pr.fees.size()), file, r.line());
        pr.fees.push_back(std::move(f));
    });
    lists("components", "", no_key, [&](Row& r, std::size_t p, const std::string&, const std::string& file) {
        auto& pr = cat.procedures[p];
        Component c;
        c.name_vi = r.Text("name_vi");
        c.name_en = r.Text("name_en");
        c.copy = r.Enum("copy", ParseCopyKind, CopyKind::kOriginal, "catalog.component.copy",
                        "original, copy, certified_copy, original_or_copy, original_for_check");
        c.quantity = r.Integer("quantity", "catalog.component.quantity", false).value_or(1);
        c.required = r.Boolean("required", "catalog.table.boolean", true);
        c.reusable = r.Boolean("reusable", "catalog.table.boolean", false);
        c.office_files = r.Boolean("office_files", "catalog.table.boolean", false);
        c.form = r.Text("form");
        out.sources.Record(path_of(p, "components", pr.components.size()), file, r.line());
        pr.components.push_back(std::move(c));
    });
    lists("steps", "", no_key, [&](Row& r, std::size_t p, const std::string&, const std::string& file) {
        auto& pr = cat.procedures[p];
        out.sources.Record(path_of(p, "steps", pr.steps.size()), file, r.line());
        pr.steps.push_back({r.Text("vi", Lines::kMulti), r.Text("en", Lines::kMulti)});
    });
    lists("legal_basis", "", no_key, [&](Row& r, std::size_t p, const std::string&, const std::string& file) {
        auto& pr = cat.procedures[p];
        out.sources.Record(path_of(p, "legal_basis", pr.legal_basis.size()), file, r.line());
        pr.legal_basis.push_back({r.Text("number"), r.Text("title_vi"), r.Text("title_en"), r.Text("date")});
    });
    std::map<std::pair<std::size_t, std::string>, std::size_t> pages;  // (procedure, page id) → page index
    lists("eform_pages", "", no_key, [&](Row& r, std::size_t p, const std::string&, const std::string& file) {
        auto& pr = cat.procedures[p];
        EformPage page{r.Text("id"), r.Text("title_vi"), r.Text("title_en"), {}};
        if (!pages.emplace(std::make_pair(p, page.id), pr.eform.pages.size()).second) {
            r.Fail("id", "catalog.eform.page_id", "the page id \"" + page.id + "\" appears twice");
            return;
        }
        out.sources.Record(
            "/procedures/" + std::to_string(p) + "/eform/pages/" + std::to_string(pr.eform.pages.size()),
            file, r.line());
        pr.eform.pages.push_back(std::move(page));
    });
    const auto page_key = [&](Row& r, std::size_t p) -> std::optional<std::string> {
        const std::string id = r.Text("page");
        if (!pages.contains({p, id})) {
            r.Fail("page", "catalog.table.page", "the procedure has no e-form page \"" + id + "\"");
            return std::nullopt;
        }
        return id;
    };
    lists("eform_fields", "page", page_key,
          [&](Row& r, std::size_t p, const std::string& page_id, const std::string& file) {
              auto& page = cat.procedures[p].eform.pages[pages[{p, page_id}]];
              EformField f;
              f.name = r.Text("name");
              f.type = r.Enum("type", ParseFieldType, FieldType::kText, "catalog.eform.type",
                              "text, textarea, number, date, choice, checkbox, cccd, phone, email, tax_code");
              f.label_vi = r.Text("label_vi");
              f.label_en = r.Text("label_en");
              f.required = r.Boolean("required", "catalog.table.boolean", false);
              f.hint_vi = r.Text("hint_vi", Lines::kMulti);
              f.hint_en = r.Text("hint_en", Lines::kMulti);
              f.max_length = r.Integer("max_length", "catalog.eform.max_length", false);
              f.pattern = r.Raw("pattern");
              if (f.type == FieldType::kDate) {
                  f.min_date = r.Text("min");
                  f.max_date = r.Text("max");
              } else {
                  f.min_number = r.Integer("min", "catalog.eform.range", false);
                  f.max_number = r.Integer("max", "catalog.eform.range", false);
              }
              f.prefill = r.Text("prefill");
              const std::string choices = r.Text("choices");
              std::size_t pos = 0;
              while (pos < choices.size()) {
                  auto end = choices.find('|', pos);
                  if (end == std::string::npos) end = choices.size();
                  const std::string entry = choices.substr(pos, end - pos);
                  const auto a = entry.find('='), b = entry.find('=', a == std::string::npos ? a : a + 1);
                  if (a == std::string::npos || b == std::string::npos) {
                      r.Fail("choices", "catalog.eform.choices",
                             "each choice is value=vi=en, separated by |");
                      break;
                  }
                  f.choices.push_back({CleanInput(entry.substr(0, a)),
                                       CleanInput(entry.substr(a + 1, b - a - 1)),
                                       CleanInput(entry.substr(b + 1))});
                  pos = end + 1;
              }
              out.sources.Record("/procedures/" + std::to_string(p) + "/eform/pages/" +
                                     std::to_string(pages[{p, page_id}]) + "/fields/" +
                                     std::to_string(page.fields.size()),
                                 file, r.line());
              page.fields.push_back(std::move(f));
          });
    each("forms", [&](Row& r) {
        out.sources.Record("/forms/" + std::to_string(cat.forms.size()), by_name["forms"]->file, r.line());
        cat.forms.push_back(
            {r.Text("key"), r.Text("title_vi"), r.Text("title_en"), r.Text("source_vi"), r.Text("file"), {}});
    });
    return out;
}

}  // namespace mocua::domain::catalog
