#include "domain/catalog/json_codec.hpp"

#include <initializer_list>
#include <iterator>
#include <set>
#include <stdexcept>

#include "core/text/text.hpp"

namespace mocua::domain::catalog {

namespace {

using nlohmann::json;
using nlohmann::ordered_json;

// ---- Reading with line numbers ---------------------------------------------------------------------

// An input iterator over the text that counts the line breaks nlohmann's lexer has consumed. The lexer
// reads every character once and never re-reads, so at a SAX callback the count is the line of the
// token just scanned (numbers excepted: their end is seen one character late, see LineOfNumber).
class CountingIterator {
public:
    using iterator_category = std::input_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = const char&;

    CountingIterator(const char* p, int* line, char* last) : p_(p), line_(line), last_(last) {}
    reference operator*() const { return *p_; }
    CountingIterator& operator++() {
        *last_ = *p_;
        if (*p_ == '\n') ++*line_;
        ++p_;
        return *this;
    }
    CountingIterator operator++(int) {
        CountingIterator copy = *this;
        ++*this;
        return copy;
    }
    bool operator==(const CountingIterator& o) const { return p_ == o.p_; }
    bool operator!=(const CountingIterator& o) const { return p_ != o.p_; }

private:
    const char* p_;
    int* line_;
    char* last_;
};

// Builds the DOM like nlohmann's own parser and records the line of every value by JSON pointer.
class LineRecorder {
public:
    LineRecorder(SourceMap& sources, std::vector<Problem>& problems, std::string file, const int* line,
                 const char* last)
        : sources_(sources), problems_(problems), file_(std::move(file)), line_(line), last_(last) {}

    json root;

    bool null() { return Value(json(nullptr), *line_); }
    bool boolean(bool b) { return Value(json(b), *line_); }
    bool number_integer(json::number_integer_t v) { return Value(json(v), LineOfNumber()); }
    bool number_unsigned(json::number_unsigned_t v) { return Value(json(v), LineOfNumber()); }
    bool number_float(json::number_float_t v, const std::string&) { return Value(json(v), LineOfNumber()); }
    bool string(std::string& s) { return Value(json(std::move(s)), *line_); }
    bool binary(json::binary_t&) { return Value(json(nullptr), *line_); }
    bool start_object(std::size_t) { return Open(json::object()); }
    bool start_array(std::size_t) { return Open(json::array()); }
    bool end_object() { return Close(); }
    bool end_array() { return Close(); }
    bool key(std::string& k) {
        Frame& f = stack_.back();
        if (f.node->contains(k)) {
            problems_.push_back({file_, *line_, k, "catalog.json.duplicate_key",
                                 "the key \"" + k + "\" appears twice in the same object"});
        }
        f.key = k;
        return true;
    }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) {
        std::string what = e.what();
        // "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error …"
        if (auto colon = what.find("syntax error"); colon != std::string::npos) what = what.substr(colon);
        problems_.push_back({file_, *line_, "", "catalog.json.syntax",
                             "not valid JSON (byte " + std::to_string(position) + "): " + what});
        return false;
    }

private:
    struct Frame {
        json* node;
        std::string path;
        std::string key;  // objects: the key of the next value
    };

    int LineOfNumber() const { return *last_ == '\n' ? *line_ - 1 : *line_; }

    std::string ChildPath(const Frame& f) const {
        return f.path + "/" + (f.node->is_object() ? f.key : std::to_string(f.node->size()));
    }

    // Places `v` in the current container (or as the root) and returns where it went.
    json* Place(json v, std::string& path) {
        if (stack_.empty()) {
            root = std::move(v);
            path = "";
            return &root;
        }
        Frame& f = stack_.back();
        path = ChildPath(f);
        if (f.node->is_object()) {
            json& slot = (*f.node)[f.key];
            slot = std::move(v);
            return &slot;
        }
        f.node->push_back(std::move(v));
        return &f.node->back();
    }

    bool Value(json v, int line) {
        std::string path;
        Place(std::move(v), path);
        sources_.Record(std::move(path), file_, line);
        return true;
    }

    bool Open(json container) {
        std::string path;
        json* node = Place(std::move(container), path);
        sources_.Record(path, file_, *line_);
        stack_.push_back({node, std::move(path), {}});
        return true;
    }

    bool Close() {
        stack_.pop_back();
        return true;
    }

    SourceMap& sources_;
    std::vector<Problem>& problems_;
    std::string file_;
    const int* line_;
    const char* last_;
    std::vector<Frame> stack_;
};

// Reads typed values out of the DOM, reporting wrong types and unknown keys through the source map.
class Reader {
public:
    Reader(const SourceMap& sources, std::vector<Problem>& problems)
        : sources_(sources), problems_(problems) {}

    void Report(const std::string& path, std::string rule, std::string message) {
        problems_.push_back(sources_.Locate(path, std::move(rule), std::move(message)));
    }

    // Checks that `obj` is an object with no keys outside `allowed`.
    bool Object(const json& obj, const std::string& path, std::initializer_list<std::string_view> allowed) {
        if (!obj.is_object()) {
            Report(path, "catalog.json.type", "expected an object");
            return false;
        }
        for (const auto& [k, v] : obj.items()) {
            bool known = false;
            for (auto a : allowed) known = known || a == k;
            if (!known) Report(path + "/" + k, "catalog.json.unknown_key", "unknown key \"" + k + "\"");
        }
        return true;
    }

    std::string Str(const json& obj, const std::string& path, const char* key,
                    core::text::Lines lines = core::text::Lines::kSingle) {
        auto it = obj.find(key);
        if (it == obj.end() || it->is_null()) return "";
        if (!it->is_string()) {
            Report(path + "/" + key, "catalog.json.type", "expected a string");
            return "";
        }
        return core::text::CleanInput(it->get_ref<const std::string&>(), lines);
    }

    std::optional<std::int64_t> Int(const json& obj, const std::string& path, const char* key) {
        auto it = obj.find(key);
        if (it == obj.end() || it->is_null()) return std::nullopt;
        if (!it->is_number_integer()) {
            Report(path + "/" + key, "catalog.json.type", "expected a whole number");
            return std::nullopt;
        }
        return it->get<std::int64_t>();
    }

    std::optional<bool> Bool(const json& obj, const std::string& path, const char* key) {
        auto it = obj.find(key);
        if (it == obj.end() || it->is_null()) return std::nullopt;
        if (!it->is_boolean()) {
            Report(path + "/" + key, "catalog.json.type", "expected true or false");
            return std::nullopt;
        }
        return it->get<bool>();
    }

    // An array under `key` (absent: empty). Calls f(element, element_path) for each element.
    template <typename F>
    void Each(const json& obj, const std::string& path, const char* key, F&& f) {
        auto it = obj.find(key);
        if (it == obj.end() || it->is_null()) return;
        const std::string p = path + "/" + key;
        if (!it->is_array()) {
            Report(p, "catalog.json.type", "expected a list");
            return;
        }
        for (std::size_t i = 0; i < it->size(); ++i) f((*it)[i], p + "/" + std::to_string(i));
    }

    template <typename E, typename Parse>
    E Enum(const json& obj, const std::string& path, const char* key, Parse parse, E fallback,
           const std::string& rule, const char* allowed) {
        const std::string s = Str(obj, path, key);
        if (s.empty()) {
            Report(path + "/" + key, rule, std::string("required: one of ") + allowed);
            return fallback;
        }
        auto v = parse(s);
        if (!v) {
            Report(path + "/" + key, rule, "\"" + s + "\" is not one of " + allowed);
            return fallback;
        }
        return *v;
    }

private:
    const SourceMap& sources_;
    std::vector<Problem>& problems_;
};

Field ReadField(Reader& r, const json& j, const std::string& path) {
    Field f;
    if (!r.Object(j, path, {"code", "name_vi", "name_en"})) return f;
    f.code = r.Str(j, path, "code");
    f.name_vi = r.Str(j, path, "name_vi");
    f.name_en = r.Str(j, path, "name_en");
    return f;
}

Form ReadForm(Reader& r, const json& j, const std::string& path) {
    Form f;
    if (!r.Object(j, path, {"key", "title_vi", "title_en", "source_vi", "file"})) return f;
    f.key = r.Str(j, path, "key");
    f.title_vi = r.Str(j, path, "title_vi");
    f.title_en = r.Str(j, path, "title_en");
    f.source_vi = r.Str(j, path, "source_vi");
    f.file = r.Str(j, path, "file");
    return f;
}

EformField ReadEformField(Reader& r, const json& j, const std::string& path) {
    EformField f;
    if (!r.Object(j, path,
                  {"name", "type", "label_vi", "label_en", "required", "hint_vi", "hint_en", "max_length",
                   "pattern", "min", "max", "choices", "prefill"}))
        return f;
    f.name = r.Str(j, path, "name");
    f.type = r.Enum(j, path, "type", ParseFieldType, FieldType::kText, "catalog.eform.type",
                    "text, textarea, number, date, choice, checkbox, cccd, phone, email, tax_code");
    f.label_vi = r.Str(j, path, "label_vi");
    f.label_en = r.Str(j, path, "label_en");
    f.required = r.Bool(j, path, "required").value_or(false);
    f.hint_vi = r.Str(j, path, "hint_vi");
    f.hint_en = r.Str(j, path, "hint_en");
    f.max_length = r.Int(j, path, "max_length");
    if (auto it = j.find("pattern"); it != j.end() && it->is_string()) {
        f.pattern = it->get<std::string>();  // kept byte for byte: a regex is not prose
    } else {
        f.pattern = r.Str(j, path, "pattern");
    }
    if (f.type == FieldType::kDate) {
        f.min_date = r.Str(j, path, "min");
        f.max_date = r.Str(j, path, "max");
    } else {
        f.min_number = r.Int(j, path, "min");
        f.max_number = r.Int(j, path, "max");
    }
    r.Each(j, path, "choices", [&](const json& c, const std::string& p) {
        if (!r.Object(c, p, {"value", "vi", "en"})) return;
        f.choices.push_back({r.Str(c, p, "value"), r.Str(c, p, "vi"), r.Str(c, p, "en")});
    });
    f.prefill = r.Str(j, path, "prefill");
    return f;
}

Procedure ReadProcedure(Reader& r, const json& j, const std::string& path) {
    using core::text::Lines;
    Procedure p;
    if (!r.Object(j, path,
                  {"code",
                   "field",
                   "name_vi",
                   "name_en",
                   "level",
                   "mode",
                   "time_limit",
                   "fees",
                   "components",
                   "steps",
                   "result",
                   "legal_basis",
                   "implementing_vi",
                   "implementing_en",
                   "competent_vi",
                   "competent_en",
                   "applicants",
                   "life_events",
                   "effective_from",
                   "announcement",
                   "eform",
                   "workflow"}))
        return p;
    p.code = r.Str(j, path, "code");
    p.field = r.Str(j, path, "field");
    p.name_vi = r.Str(j, path, "name_vi");
    p.name_en = r.Str(j, path, "name_en");
    p.level = r.Enum(j, path, "level", ParseLevel, Level::kCommune, "catalog.procedure.level",
                     "province, district, commune");
    p.mode = r.Enum(j, path, "mode", ParseServiceMode, ServiceMode::kOffline, "catalog.procedure.mode",
                    "full_online, partial_online, offline");
    if (auto it = j.find("time_limit"); it == j.end()) {
        r.Report(path + "/time_limit", "catalog.time_limit.missing", "required: {\"value\", \"unit\"}");
    } else if (const std::string tp = path + "/time_limit";
               r.Object(*it, tp, {"value", "unit", "note_vi", "note_en"})) {
        auto value = r.Int(*it, tp, "value");
        if (!value) r.Report(tp + "/value", "catalog.time_limit.value", "required: a whole number ≥ 0");
        p.time_limit.value = value.value_or(0);
        p.time_limit.unit = r.Enum(*it, tp, "unit", ParseTimeUnit, TimeUnit::kWorkingDays,
                                   "catalog.time_limit.unit", "working_days, days, working_hours, hours");
        p.time_limit.note_vi = r.Str(*it, tp, "note_vi", Lines::kMulti);
        p.time_limit.note_en = r.Str(*it, tp, "note_en", Lines::kMulti);
    }
    r.Each(j, path, "fees", [&](const json& f, const std::string& fp) {
        Fee fee;
        if (r.Object(f, fp,
                     {"name_vi", "name_en", "amount_vnd", "payer", "exemptions_vi", "exemptions_en"})) {
            fee.name_vi = r.Str(f, fp, "name_vi");
            fee.name_en = r.Str(f, fp, "name_en");
            auto amount = r.Int(f, fp, "amount_vnd");
            if (!amount)
                r.Report(fp + "/amount_vnd", "catalog.fee.amount", "required: a whole number of VND ≥ 0");
            fee.amount_vnd = amount.value_or(0);
            fee.payer = r.Str(f, fp, "payer");
            if (fee.payer.empty()) fee.payer = "applicant";
            fee.exemptions_vi = r.Str(f, fp, "exemptions_vi", Lines::kMulti);
            fee.exemptions_en = r.Str(f, fp, "exemptions_en", Lines::kMulti);
        }
        p.fees.push_back(std::move(fee));
    });
    r.Each(j, path, "components", [&](const json& c, const std::string& cp) {
        Component comp;
        if (r.Object(c, cp, {"name_vi", "name_en", "copy", "quantity", "required", "reusable", "office_files", "form"})) {
            comp.name_vi = r.Str(c, cp, "name_vi");
            comp.name_en = r.Str(c, cp, "name_en");
            comp.copy = r.Enum(c, cp, "copy", ParseCopyKind, CopyKind::kOriginal, "catalog.component.copy",
                               "original, copy, certified_copy, original_or_copy, original_for_check");
            comp.quantity = r.Int(c, cp, "quantity").value_or(1);
            comp.required = r.Bool(c, cp, "required").value_or(true);
            comp.reusable = r.Bool(c, cp, "reusable").value_or(false);
            comp.office_files = r.Bool(c, cp, "office_files").value_or(false);
            comp.form = r.Str(c, cp, "form");
        }
        p.components.push_back(std::move(comp));
    });
    r.Each(j, path, "steps", [&](const json& s, const std::string& sp) {
        Step step;
        if (r.Object(s, sp, {"vi", "en"})) {
            step.vi = r.Str(s, sp, "vi", Lines::kMulti);
            step.en = r.Str(s, sp, "en", Lines::kMulti);
        }
        p.steps.push_back(std::move(step));
    });
    if (auto it = j.find("result"); it == j.end()) {
        r.Report(path + "/result", "catalog.result.missing",
                 "required: {\"name_vi\", \"paper\", \"electronic\"}");
    } else if (const std::string rp = path + "/result";
               r.Object(*it, rp, {"name_vi", "name_en", "paper", "electronic"})) {
        p.result.name_vi = r.Str(*it, rp, "name_vi");
        p.result.name_en = r.Str(*it, rp, "name_en");
        p.result.paper = r.Bool(*it, rp, "paper").value_or(false);
        p.result.electronic = r.Bool(*it, rp, "electronic").value_or(false);
    }
    r.Each(j, path, "legal_basis", [&](const json& l, const std::string& lp) {
        LegalBasis lb;
        if (r.Object(l, lp, {"number", "title_vi", "title_en", "date"})) {
            lb.number = r.Str(l, lp, "number");
            lb.title_vi = r.Str(l, lp, "title_vi");
            lb.title_en = r.Str(l, lp, "title_en");
            lb.date = r.Str(l, lp, "date");
        }
        p.legal_basis.push_back(std::move(lb));
    });
    p.implementing_vi = r.Str(j, path, "implementing_vi");
    p.implementing_en = r.Str(j, path, "implementing_en");
    p.competent_vi = r.Str(j, path, "competent_vi");
    p.competent_en = r.Str(j, path, "competent_en");
    const auto strings = [&](const char* key, std::vector<std::string>& out) {
        r.Each(j, path, key, [&](const json& s, const std::string& sp) {
            if (!s.is_string()) {
                r.Report(sp, "catalog.json.type", "expected a string");
                out.emplace_back();
                return;
            }
            out.push_back(core::text::CleanInput(s.get<std::string>()));
        });
    };
    strings("applicants", p.applicants);
    strings("life_events", p.life_events);
    p.effective_from = r.Str(j, path, "effective_from");
    if (auto it = j.find("announcement"); it != j.end() && !it->is_null()) {
        const std::string ap = path + "/announcement";
        if (r.Object(*it, ap, {"decision", "issued_on", "published_on", "in_force_on"})) {
            p.announcement = Announcement{r.Str(*it, ap, "decision"), r.Str(*it, ap, "issued_on"),
                                          r.Str(*it, ap, "published_on"), r.Str(*it, ap, "in_force_on")};
        }
    }
    if (auto it = j.find("eform"); it != j.end() && !it->is_null()) {
        const std::string ep = path + "/eform";
        if (r.Object(*it, ep, {"pages"})) {
            r.Each(*it, ep, "pages", [&](const json& pg, const std::string& pp) {
                EformPage page;
                if (r.Object(pg, pp, {"id", "title_vi", "title_en", "fields"})) {
                    page.id = r.Str(pg, pp, "id");
                    page.title_vi = r.Str(pg, pp, "title_vi");
                    page.title_en = r.Str(pg, pp, "title_en");
                    r.Each(pg, pp, "fields", [&](const json& f, const std::string& fp) {
                        page.fields.push_back(ReadEformField(r, f, fp));
                    });
                }
                p.eform.pages.push_back(std::move(page));
            });
        }
    }
    if (auto it = j.find("workflow"); it != j.end() && !it->is_null()) {
        const std::string wp = path + "/workflow";
        if (r.Object(*it, wp, {"steps"})) {
            r.Each(*it, wp, "steps", [&](const json& st, const std::string& sp) {
                WorkflowStep step;
                if (r.Object(st, sp, {"id", "name_vi", "name_en", "role", "unit", "quota", "next"})) {
                    step.id = r.Str(st, sp, "id");
                    step.name_vi = r.Str(st, sp, "name_vi");
                    step.name_en = r.Str(st, sp, "name_en");
                    step.role = r.Str(st, sp, "role");
                    step.unit = r.Enum(st, sp, "unit", ParseStepUnit, StepUnit::kDepartment, "catalog.workflow.unit",
                                       "receiving, competent, department, other");
                    if (auto q = st.find("quota"); q == st.end()) {
                        r.Report(sp + "/quota", "catalog.workflow.quota", "required: {\"value\", \"unit\"}");
                    } else if (const std::string qp = sp + "/quota"; r.Object(*q, qp, {"value", "unit"})) {
                        auto value = r.Int(*q, qp, "value");
                        if (!value) r.Report(qp + "/value", "catalog.workflow.quota", "required: a whole number ≥ 0");
                        step.quota_value = value.value_or(0);
                        step.quota_unit = r.Enum(*q, qp, "unit", ParseTimeUnit, TimeUnit::kWorkingDays,
                                                 "catalog.workflow.quota", "working_days, days, working_hours, hours");
                    }
                    r.Each(st, sp, "next", [&](const json& n, const std::string& np) {
                        if (!n.is_string()) {
                            r.Report(np, "catalog.json.type", "expected a string");
                            return;
                        }
                        step.next.push_back(core::text::CleanInput(n.get<std::string>()));
                    });
                }
                p.workflow.steps.push_back(std::move(step));
            });
        }
    }
    return p;
}

// Parses `text` into a DOM, recording lines; false after a syntax error (reported).
bool ParseWithLines(std::string_view text, const std::string& file, ParsedCatalogue& out, json& root) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    if (!core::text::IsValidUtf8(text)) {
        out.problems.push_back({file, 0, "", "catalog.json.encoding", "the file is not UTF-8 text"});
        return false;
    }
    int line = 1;
    char last = 0;
    LineRecorder recorder(out.sources, out.problems, file, &line, &last);
    const bool ok = json::sax_parse(CountingIterator(text.data(), &line, &last),
                                    CountingIterator(text.data() + text.size(), &line, &last), &recorder);
    if (!ok) return false;
    root = std::move(recorder.root);
    return true;
}

}  // namespace

ParsedCatalogue ParseCatalogueJson(std::string_view text, const std::string& file) {
    ParsedCatalogue out;
    json root;
    if (!ParseWithLines(text, file, out, root)) return out;
    Reader r(out.sources, out.problems);
    if (!r.Object(root, "", {"format", "fields", "procedures", "forms"})) return out;
    const auto format = root.find("format");
    if (format == root.end() || !format->is_string() || format->get<std::string>() != kFormatName) {
        r.Report(
            "/format", "catalog.json.format",
            std::string("the document must start with \"format\": \"") + std::string(kFormatName) + "\"");
    }
    r.Each(root, "", "fields",
           [&](const json& j, const std::string& p) { out.catalogue.fields.push_back(ReadField(r, j, p)); });
    r.Each(root, "", "procedures", [&](const json& j, const std::string& p) {
        out.catalogue.procedures.push_back(ReadProcedure(r, j, p));
    });
    r.Each(root, "", "forms",
           [&](const json& j, const std::string& p) { out.catalogue.forms.push_back(ReadForm(r, j, p)); });
    return out;
}

ParsedCatalogue ParseProcedureJson(std::string_view text, const std::string& file) {
    ParsedCatalogue out;
    json root;
    if (!ParseWithLines(text, file, out, root)) return out;
    Reader r(out.sources, out.problems);
    out.catalogue.procedures.push_back(ReadProcedure(r, root, ""));
    return out;
}

Procedure ProcedureFromStoredJson(std::string_view text) {
    ParsedCatalogue parsed = ParseProcedureJson(text, "stored version");
    if (!parsed.problems.empty())
        throw std::runtime_error("a stored procedure version does not parse: " +
                                 Describe(parsed.problems.front()));
    return std::move(parsed.catalogue.procedures.front());
}

}  // namespace mocua::domain::catalog
