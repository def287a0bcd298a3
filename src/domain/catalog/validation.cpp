#include "domain/catalog/validation.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "core/text/text.hpp"
#include "core/text/validation.hpp"

namespace mocua::domain::catalog {

namespace {

// An e-form pattern as RE2 compiles it: UTF-8, so a class such as [à-ỹ] holds whole characters; errors
// are values (ok() false), not log lines.
std::unique_ptr<RE2> CompilePattern(const std::string& pattern) {
    RE2::Options options;
    options.set_log_errors(false);
    return std::make_unique<RE2>(pattern, options);
}

constexpr std::size_t kMaxName = 500;
constexpr std::size_t kMaxText = 4000;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }

bool In(const std::vector<std::string_view>& list, std::string_view v) {
    return std::find(list.begin(), list.end(), v) != list.end();
}

// ^[0-9]+\.[0-9]{6}$
bool IsProcedureCode(std::string_view c) {
    const auto dot = c.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot > 3 || c.size() != dot + 7) return false;
    for (std::size_t i = 0; i < c.size(); ++i)
        if (i != dot && !IsDigit(c[i])) return false;
    return true;
}

bool IsFieldCode(std::string_view c) {
    if (c.empty() || c.size() > 32) return false;
    return std::all_of(c.begin(), c.end(), [](char ch) {
        return IsDigit(ch) || IsLower(ch) || (ch >= 'A' && ch <= 'Z') || ch == '.' || ch == '_' || ch == '-';
    });
}

bool IsFormKey(std::string_view k) {
    if (k.empty() || k.size() > 100) return false;
    return std::all_of(k.begin(), k.end(), [](char c) { return IsDigit(c) || IsLower(c) || c == '-'; });
}

bool IsPageId(std::string_view k) {
    if (k.empty() || k.size() > 64) return false;
    return std::all_of(k.begin(), k.end(), [](char c) { return IsDigit(c) || IsLower(c) || c == '_'; });
}

bool IsFieldName(std::string_view k) {
    if (k.empty() || k.size() > 64 || !IsLower(k[0])) return false;
    return std::all_of(k.begin(), k.end(), [](char c) { return IsDigit(c) || IsLower(c) || c == '_'; });
}

std::size_t CodePoints(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

std::optional<std::chrono::sys_days> DaysOf(std::string_view d) {
    if (!IsValidDate(d)) return std::nullopt;
    using namespace std::chrono;
    const year_month_day ymd{year{std::stoi(std::string(d.substr(0, 4)))},
                             month{static_cast<unsigned>(std::stoi(std::string(d.substr(5, 2))))},
                             day{static_cast<unsigned>(std::stoi(std::string(d.substr(8, 2))))}};
    return sys_days{ymd};
}

// Characters, not bytes: Vietnamese letters take two or three bytes in UTF-8 (the text is valid UTF-8:
// the readers refuse anything else).
std::size_t Characters(const std::string& text) {
    std::size_t n = 0;
    for (const unsigned char c : text) n += (c & 0xC0) != 0x80;
    return n;
}

class Checker {
public:
    Checker(const SourceMap& sources, std::vector<Problem>& out) : sources_(sources), out_(out) {}
    void Fail(const std::string& path, std::string rule, std::string message) {
        out_.push_back(sources_.Locate(path, std::move(rule), std::move(message)));
    }
    void Required(const std::string& path, const std::string& value, const char* rule,
                  std::size_t max = kMaxName) {
        if (value.empty()) {
            Fail(path, rule, "required");
        } else if (Characters(value) > max) {
            Fail(path, rule, "too long (at most " + std::to_string(max) + " characters)");
        }
    }
    void Optional(const std::string& path, const std::string& value, const char* rule,
                  std::size_t max = kMaxName) {
        if (Characters(value) > max) Fail(path, rule, "too long (at most " + std::to_string(max) + " characters)");
    }

private:
    const SourceMap& sources_;
    std::vector<Problem>& out_;
};

// A quota or time limit in hours of its family: working time (a working day = 8 working hours) or
// calendar time (a day = 24 hours); nullopt for the other family.
std::optional<std::int64_t> HoursIn(std::int64_t value, TimeUnit unit, bool working) {
    switch (unit) {
        case TimeUnit::kWorkingDays: return working ? std::optional<std::int64_t>(value * 8) : std::nullopt;
        case TimeUnit::kWorkingHours: return working ? std::optional<std::int64_t>(value) : std::nullopt;
        case TimeUnit::kDays: return working ? std::nullopt : std::optional<std::int64_t>(value * 24);
        case TimeUnit::kHours: return working ? std::nullopt : std::optional<std::int64_t>(value);
    }
    return std::nullopt;
}

// The procedure's own workflow (absent: the default applies). Steps: unique ids, a staff role, a
// quota ≥ 0, `next` naming later steps only (so every path ends), at least one final step; the quotas
// along any path add up to at most the time limit (compared when they are in the limit's family).
void CheckWorkflow(Checker& c, const Procedure& pr, const std::string& p) {
    static const std::set<std::string, std::less<>> kRoles = {"onestop_officer", "specialist", "leader", "clerk"};
    const auto& steps = pr.workflow.steps;
    std::map<std::string, std::size_t, std::less<>> index;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const auto& st = steps[i];
        const std::string sp = p + "/" + std::to_string(i);
        if (!IsPageId(st.id))
            c.Fail(sp + "/id", "catalog.workflow.id", "must match ^[a-z0-9_]+$");
        else if (!index.emplace(st.id, i).second)
            c.Fail(sp + "/id", "catalog.workflow.id", "the step id \"" + st.id + "\" appears twice");
        c.Required(sp + "/name_vi", st.name_vi, "catalog.workflow.name");
        c.Optional(sp + "/name_en", st.name_en, "catalog.workflow.name");
        if (!kRoles.contains(st.role))
            c.Fail(sp + "/role", "catalog.workflow.role", "must be onestop_officer, specialist, leader or clerk");
        if (st.quota_value < 0 || st.quota_value > 10000)
            c.Fail(sp + "/quota/value", "catalog.workflow.quota", "must be from 0 to 10000");
    }
    if (steps.empty()) return;
    bool has_final = false;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        has_final = has_final || steps[i].next.empty();
        for (std::size_t k = 0; k < steps[i].next.size(); ++k) {
            auto it = index.find(steps[i].next[k]);
            if (it == index.end() || it->second <= i)
                c.Fail(p + "/" + std::to_string(i) + "/next/" + std::to_string(k), "catalog.workflow.next",
                       "must name a later step of this workflow");
        }
    }
    if (!has_final) c.Fail(p, "catalog.workflow.final", "at least one step must have no next step");
    // The longest path from the first step, in hours of the limit's family.
    const bool working =
        pr.time_limit.unit == TimeUnit::kWorkingDays || pr.time_limit.unit == TimeUnit::kWorkingHours;
    const auto limit = HoursIn(pr.time_limit.value, pr.time_limit.unit, working);
    std::vector<std::optional<std::int64_t>> longest(steps.size());
    for (std::size_t i = steps.size(); i-- > 0;) {
        auto own = HoursIn(steps[i].quota_value, steps[i].quota_unit, working);
        if (!own) return;  // a quota in the other family: not comparable
        std::int64_t after = 0;
        for (const auto& n : steps[i].next) {
            auto it = index.find(n);
            if (it != index.end() && it->second > i && longest[it->second]) after = std::max(after, *longest[it->second]);
        }
        longest[i] = *own + after;
    }
    if (limit && longest[0] && *longest[0] > *limit)
        c.Fail(p, "catalog.workflow.quota", "the steps' quotas add up to more than the time limit");
}

void CheckEformField(Checker& c, const EformField& f, const std::string& p) {
    if (!IsFieldName(f.name))
        c.Fail(p + "/name", "catalog.eform.name", "must match ^[a-z][a-z0-9_]*$ (at most 64 characters)");
    c.Required(p + "/label_vi", f.label_vi, "catalog.eform.label");
    c.Optional(p + "/label_en", f.label_en, "catalog.eform.label");
    c.Optional(p + "/hint_vi", f.hint_vi, "catalog.eform.hint", kMaxText);
    c.Optional(p + "/hint_en", f.hint_en, "catalog.eform.hint", kMaxText);
    const bool texty = f.type == FieldType::kText || f.type == FieldType::kTextarea;
    if (f.max_length && (!texty || *f.max_length < 1 || *f.max_length > 100000))
        c.Fail(p + "/max_length", "catalog.eform.max_length", "only for text fields, between 1 and 100000");
    if (!f.pattern.empty()) {
        if (f.type != FieldType::kText) {
            c.Fail(p + "/pattern", "catalog.eform.pattern", "only for text fields");
        } else if (f.max_length && *f.max_length > kMaxPatternAnswerLength) {
            c.Fail(p + "/max_length", "catalog.eform.pattern",
                   "a field with a pattern holds at most " + std::to_string(kMaxPatternAnswerLength) +
                       " characters");
        } else {
            if (!CompilePattern(f.pattern)->ok())
                c.Fail(p + "/pattern", "catalog.eform.pattern",
                       "not a valid regular expression (RE2 syntax: no look-around, no back-references)");
        }
    }
    if ((f.min_number || f.max_number) && f.type != FieldType::kNumber)
        c.Fail(p + "/min", "catalog.eform.range", "min and max numbers are only for number fields");
    if (f.min_number && f.max_number && *f.min_number > *f.max_number)
        c.Fail(p + "/min", "catalog.eform.range", "min is greater than max");
    for (const auto& [key, bound] : {std::pair{"/min", &f.min_date}, std::pair{"/max", &f.max_date}}) {
        if (bound->empty()) continue;
        if (*bound != "today" && !IsValidDate(*bound))
            c.Fail(p + key, "catalog.eform.date_bound", "must be a date YYYY-MM-DD or \"today\"");
    }
    if (f.type == FieldType::kChoice) {
        std::set<std::string> values;
        if (f.choices.size() < 2)
            c.Fail(p + "/choices", "catalog.eform.choices", "a choice needs at least 2 choices");
        for (std::size_t i = 0; i < f.choices.size(); ++i) {
            const auto& ch = f.choices[i];
            const std::string cp = p + "/choices/" + std::to_string(i);
            if (ch.value.empty() || ch.vi.empty())
                c.Fail(cp + "/value", "catalog.eform.choices",
                       "each choice needs a value and a Vietnamese label");
            else if (!values.insert(ch.value).second)
                c.Fail(cp + "/value", "catalog.eform.choices",
                       "the value \"" + ch.value + "\" appears twice");
        }
    } else if (!f.choices.empty()) {
        c.Fail(p + "/choices", "catalog.eform.choices", "choices are only for choice fields");
    }
    if (!f.prefill.empty() && !In(PrefillSources(), f.prefill))
        c.Fail(p + "/prefill", "catalog.eform.prefill",
               "\"" + f.prefill + "\" is not a known prefill source");
}

void CheckProcedure(Checker& c, const Procedure& pr, const std::string& p) {
    if (!IsProcedureCode(pr.code))
        c.Fail(p + "/code", "catalog.procedure.code",
               "must be a national TTHC code like 1.000948 (\"" + pr.code + "\")");
    if (pr.field.empty()) c.Fail(p + "/field", "catalog.procedure.field", "required: the code of a field");
    c.Required(p + "/name_vi", pr.name_vi, "catalog.procedure.name");
    c.Optional(p + "/name_en", pr.name_en, "catalog.procedure.name");
    if (pr.time_limit.value < 0 || pr.time_limit.value > 3650)
        c.Fail(p + "/time_limit/value", "catalog.time_limit.value", "must be a whole number from 0 to 3650");
    c.Optional(p + "/time_limit/note_vi", pr.time_limit.note_vi, "catalog.time_limit.note", kMaxText);
    c.Optional(p + "/time_limit/note_en", pr.time_limit.note_en, "catalog.time_limit.note", kMaxText);
    for (std::size_t i = 0; i < pr.fees.size(); ++i) {
        const auto& f = pr.fees[i];
        const std::string fp = p + "/fees/" + std::to_string(i);
        c.Required(fp + "/name_vi", f.name_vi, "catalog.fee.name");
        if (f.amount_vnd < 0 || f.amount_vnd > 1'000'000'000'000)
            c.Fail(fp + "/amount_vnd", "catalog.fee.amount", "must be a whole number of VND ≥ 0");
        if (!In(Payers(), f.payer)) c.Fail(fp + "/payer", "catalog.fee.payer", "must be \"applicant\"");
        c.Optional(fp + "/exemptions_vi", f.exemptions_vi, "catalog.fee.exemptions", kMaxText);
        c.Optional(fp + "/exemptions_en", f.exemptions_en, "catalog.fee.exemptions", kMaxText);
    }
    for (std::size_t i = 0; i < pr.components.size(); ++i) {
        const auto& comp = pr.components[i];
        const std::string cp = p + "/components/" + std::to_string(i);
        c.Required(cp + "/name_vi", comp.name_vi, "catalog.component.name", 1000);
        c.Optional(cp + "/name_en", comp.name_en, "catalog.component.name", 1000);
        if (comp.quantity < 1 || comp.quantity > 100)
            c.Fail(cp + "/quantity", "catalog.component.quantity", "must be a whole number from 1 to 100");
        if (!comp.form.empty() && !IsFormKey(comp.form))
            c.Fail(cp + "/form", "catalog.component.form", "must be a form key ([a-z0-9-]+)");
    }
    if (pr.steps.empty()) c.Fail(p + "/steps", "catalog.steps.missing", "at least one step is required");
    for (std::size_t i = 0; i < pr.steps.size(); ++i)
        c.Required(p + "/steps/" + std::to_string(i) + "/vi", pr.steps[i].vi, "catalog.step.text", kMaxText);
    c.Required(p + "/result/name_vi", pr.result.name_vi, "catalog.result.name");
    if (!pr.result.paper && !pr.result.electronic)
        c.Fail(p + "/result/paper", "catalog.result.kind", "the result must be paper, electronic or both");
    if (pr.legal_basis.empty())
        c.Fail(p + "/legal_basis", "catalog.legal_basis.missing", "at least one legal document is required");
    for (std::size_t i = 0; i < pr.legal_basis.size(); ++i) {
        const auto& l = pr.legal_basis[i];
        const std::string lp = p + "/legal_basis/" + std::to_string(i);
        c.Required(lp + "/number", l.number, "catalog.legal_basis.number", 100);
        c.Required(lp + "/title_vi", l.title_vi, "catalog.legal_basis.title", 1000);
        if (!IsValidDate(l.date))
            c.Fail(lp + "/date", "catalog.legal_basis.date", "must be a date YYYY-MM-DD");
    }
    c.Required(p + "/implementing_vi", pr.implementing_vi, "catalog.procedure.implementing");
    c.Required(p + "/competent_vi", pr.competent_vi, "catalog.procedure.competent");
    if (pr.applicants.empty())
        c.Fail(p + "/applicants", "catalog.procedure.applicants", "required: citizen, business");
    for (std::size_t i = 0; i < pr.applicants.size(); ++i)
        if (!In(ApplicantKinds(), pr.applicants[i]))
            c.Fail(p + "/applicants/" + std::to_string(i), "catalog.procedure.applicants",
                   "\"" + pr.applicants[i] + "\" is not citizen or business");
    for (std::size_t i = 0; i < pr.life_events.size(); ++i)
        if (!In(LifeEvents(), pr.life_events[i]))
            c.Fail(p + "/life_events/" + std::to_string(i), "catalog.procedure.life_events",
                   "\"" + pr.life_events[i] + "\" is not a known life event");
    if (!IsValidDate(pr.effective_from))
        c.Fail(p + "/effective_from", "catalog.procedure.effective_from", "required: a date YYYY-MM-DD");
    if (pr.announcement) {
        const auto& a = *pr.announcement;
        const std::string ap = p + "/announcement";
        c.Required(ap + "/decision", a.decision, "catalog.announcement.decision", 100);
        for (const auto& [key, v] :
             {std::pair{"/issued_on", &a.issued_on}, std::pair{"/published_on", &a.published_on},
              std::pair{"/in_force_on", &a.in_force_on}}) {
            if (!v->empty() && !IsValidDate(*v))
                c.Fail(ap + key, "catalog.announcement.date", "must be a date YYYY-MM-DD");
        }
        if (IsValidDate(a.issued_on) && IsValidDate(a.published_on) && a.published_on < a.issued_on)
            c.Fail(ap + "/published_on", "catalog.announcement.order",
                   "published before the decision was issued");
    }
    if (pr.mode != ServiceMode::kOffline && pr.eform.pages.empty())
        c.Fail(p + "/eform/pages", "catalog.eform.missing", "an online procedure needs an e-form with pages");
    CheckWorkflow(c, pr, p + "/workflow/steps");
    std::set<std::string> page_ids, names;
    for (std::size_t i = 0; i < pr.eform.pages.size(); ++i) {
        const auto& page = pr.eform.pages[i];
        const std::string pp = p + "/eform/pages/" + std::to_string(i);
        if (!IsPageId(page.id))
            c.Fail(pp + "/id", "catalog.eform.page_id", "must match ^[a-z0-9_]+$");
        else if (!page_ids.insert(page.id).second)
            c.Fail(pp + "/id", "catalog.eform.page_id", "the page id \"" + page.id + "\" appears twice");
        c.Required(pp + "/title_vi", page.title_vi, "catalog.eform.page_title");
        for (std::size_t k = 0; k < page.fields.size(); ++k) {
            const std::string fp = pp + "/fields/" + std::to_string(k);
            CheckEformField(c, page.fields[k], fp);
            if (IsFieldName(page.fields[k].name) && !names.insert(page.fields[k].name).second)
                c.Fail(fp + "/name", "catalog.eform.duplicate",
                       "the field name \"" + page.fields[k].name + "\" appears twice in this e-form");
        }
    }
}

}  // namespace

bool IsValidDate(std::string_view d) {
    if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
    for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (!IsDigit(d[i])) return false;
    const int y = std::stoi(std::string(d.substr(0, 4)));
    const unsigned m = static_cast<unsigned>(std::stoi(std::string(d.substr(5, 2))));
    const unsigned dd = static_cast<unsigned>(std::stoi(std::string(d.substr(8, 2))));
    if (y < 1900 || y > 2999) return false;
    return std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{dd}}
        .ok();
}

std::optional<std::string> FormFileType(std::string_view b) {
    if (b.starts_with("%PDF-")) return "application/pdf";
    if (b.starts_with("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) return "application/msword";
    if (b.starts_with("PK\x03\x04")) {
        // ODF puts an uncompressed "mimetype" entry first (ODF 1.2, part 3, section 3.3).
        if (b.size() > 38 && b.substr(30, 8) == "mimetype" &&
            b.substr(38).starts_with("application/vnd.oasis.opendocument.text"))
            return "application/vnd.oasis.opendocument.text";
        if (b.find("word/") != std::string_view::npos &&
            b.find("[Content_Types].xml") != std::string_view::npos)
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    }
    return std::nullopt;
}

std::vector<Problem> ValidateProcedure(const Procedure& procedure, const SourceMap& sources,
                                       std::string_view path_prefix) {
    std::vector<Problem> out;
    Checker c(sources, out);
    CheckProcedure(c, procedure, std::string(path_prefix));
    return out;
}

std::vector<Problem> ValidateCatalogue(const Catalogue& cat, const SourceMap& sources,
                                       const std::vector<std::string>& known_fields,
                                       const std::vector<std::string>& known_forms) {
    std::vector<Problem> out;
    Checker c(sources, out);
    std::set<std::string> fields(known_fields.begin(), known_fields.end());
    std::set<std::string> in_file;
    for (std::size_t i = 0; i < cat.fields.size(); ++i) {
        const auto& f = cat.fields[i];
        const std::string p = "/fields/" + std::to_string(i);
        if (!IsFieldCode(f.code))
            c.Fail(p + "/code", "catalog.field.code", "must be 1-32 characters of A-Z a-z 0-9 . _ -");
        else if (!in_file.insert(f.code).second)
            c.Fail(p + "/code", "catalog.field.duplicate", "the field " + f.code + " appears twice");
        c.Required(p + "/name_vi", f.name_vi, "catalog.field.name");
        c.Optional(p + "/name_en", f.name_en, "catalog.field.name");
        fields.insert(f.code);
    }
    std::set<std::string> forms(known_forms.begin(), known_forms.end());
    std::set<std::string> form_keys;
    for (std::size_t i = 0; i < cat.forms.size(); ++i) {
        const auto& f = cat.forms[i];
        const std::string p = "/forms/" + std::to_string(i);
        if (!IsFormKey(f.key))
            c.Fail(p + "/key", "catalog.form.key", "must match ^[a-z0-9-]+$ (at most 100 characters)");
        else if (!form_keys.insert(f.key).second)
            c.Fail(p + "/key", "catalog.form.duplicate", "the form " + f.key + " appears twice");
        c.Required(p + "/title_vi", f.title_vi, "catalog.form.title", 1000);
        c.Optional(p + "/title_en", f.title_en, "catalog.form.title", 1000);
        c.Optional(p + "/source_vi", f.source_vi, "catalog.form.source", 1000);
        if (f.content) {
            if (f.content->bytes.size() > kMaxFormFileBytes)
                c.Fail(p + "/file", "catalog.form.file_size", "the file is larger than 10 MiB");
            else if (!FormFileType(f.content->bytes))
                c.Fail(p + "/file", "catalog.form.file_type",
                       "the file is not a PDF, DOC, DOCX or ODT document");
        } else if (!f.file.empty()) {
            c.Fail(p + "/file", "catalog.form.file_missing", "cannot read the file " + f.file);
        }
        forms.insert(f.key);
    }
    std::set<std::string> codes;
    for (std::size_t i = 0; i < cat.procedures.size(); ++i) {
        const auto& pr = cat.procedures[i];
        const std::string p = "/procedures/" + std::to_string(i);
        CheckProcedure(c, pr, p);
        if (IsProcedureCode(pr.code) && !codes.insert(pr.code).second)
            c.Fail(p + "/code", "catalog.procedure.duplicate", "the procedure " + pr.code + " appears twice");
        if (!pr.field.empty() && !fields.contains(pr.field))
            c.Fail(p + "/field", "catalog.procedure.field", "no field has the code " + pr.field);
        for (std::size_t k = 0; k < pr.components.size(); ++k) {
            const auto& form = pr.components[k].form;
            if (!form.empty() && IsFormKey(form) && !forms.contains(form))
                c.Fail(p + "/components/" + std::to_string(k) + "/form", "catalog.component.form",
                       "no form has the key " + form);
        }
    }
    return out;
}

// ---- Answers ----------------------------------------------------------------------------------------

namespace {

bool IsEmail(std::string_view s) {
    if (s.size() > 254) return false;
    const auto at = s.find('@');
    if (at == std::string_view::npos || at == 0 || s.find('@', at + 1) != std::string_view::npos)
        return false;
    const std::string_view domain = s.substr(at + 1);
    const auto dot = domain.rfind('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 >= domain.size()) return false;
    return std::none_of(s.begin(), s.end(),
                        [](char c) { return c == ' ' || c == '\t' || c == ',' || c == ';'; });
}

std::optional<std::int64_t> ParseInteger(std::string_view s) {
    if (s.empty() || s.size() > 18) return std::nullopt;
    std::size_t i = s[0] == '-' ? 1 : 0;
    if (i == s.size()) return std::nullopt;
    for (std::size_t k = i; k < s.size(); ++k)
        if (!IsDigit(s[k])) return std::nullopt;
    return std::stoll(std::string(s));
}

std::optional<std::string> CheckAnswer(const EformField& f, const std::string& v, std::string_view today) {
    switch (f.type) {
        case FieldType::kText:
        case FieldType::kTextarea: {
            const std::string nfc = core::text::ToNfc(v);
            const std::int64_t max = f.max_length.value_or(f.type == FieldType::kText ? 200 : 2000);
            const auto length = static_cast<std::int64_t>(CodePoints(nfc));
            if (length > max) return "eform.too_long";
            if (!f.pattern.empty()) {
                // Patterns run on RE2, in time linear in the answer and without recursion. libstdc++'s
                // std::regex, used before, backtracked: a long answer overflowed the stack and killed the
                // server (30,000 characters against "(a|b)*"), and a pattern with nested repetition
                // such as "([a-z]+ ?)+" took exponential time (fuzz/eform_answers_fuzz). The length
                // bound stays as a second limit; catalogues may not set a larger max_length with a pattern.
                if (length > kMaxPatternAnswerLength) return "eform.too_long";
                const auto re = CompilePattern(f.pattern);
                if (!re->ok() || !RE2::FullMatch(nfc, *re)) return "eform.pattern";
            }
            return std::nullopt;
        }
        case FieldType::kNumber: {
            auto n = ParseInteger(v);
            if (!n) return "eform.number";
            if (f.min_number && *n < *f.min_number) return "eform.too_small";
            if (f.max_number && *n > *f.max_number) return "eform.too_large";
            return std::nullopt;
        }
        case FieldType::kDate: {
            if (!IsValidDate(v)) return "eform.date";
            const auto bound = [&](const std::string& b) { return b == "today" ? std::string(today) : b; };
            if (!f.min_date.empty() && v < bound(f.min_date)) return "eform.too_early";
            if (!f.max_date.empty() && v > bound(f.max_date)) return "eform.too_late";
            return std::nullopt;
        }
        case FieldType::kChoice:
            for (const auto& c : f.choices)
                if (c.value == v) return std::nullopt;
            return "eform.choice";
        case FieldType::kCheckbox:
            if (v != "true" && v != "false") return "eform.checkbox";
            return std::nullopt;
        case FieldType::kCccd:
            if (auto r = core::text::ValidateCccd(v); !r.ok()) return r.error().message;
            return std::nullopt;
        case FieldType::kPhone:
            if (auto r = core::text::NormalizePhone(v); !r.ok()) return r.error().message;
            return std::nullopt;
        case FieldType::kEmail:
            if (!IsEmail(v)) return "eform.email";
            return std::nullopt;
        case FieldType::kTaxCode:
            if (auto r = core::text::NormalizeTaxCode(v); !r.ok()) return r.error().message;
            return std::nullopt;
    }
    return std::nullopt;
}

}  // namespace

std::vector<AnswerProblem> ValidateAnswers(const Eform& eform, const Answers& answers,
                                           std::string_view today) {
    std::vector<AnswerProblem> out;
    std::set<std::string, std::less<>> known;
    for (const auto& page : eform.pages) {
        for (const auto& f : page.fields) {
            known.insert(f.name);
            auto it = answers.find(f.name);
            const std::string value =
                it == answers.end() ? std::string()
                                    : core::text::CleanInput(it->second, f.type == FieldType::kTextarea
                                                                             ? core::text::Lines::kMulti
                                                                             : core::text::Lines::kSingle);
            const bool blank = value.empty() || (f.type == FieldType::kCheckbox && value == "false");
            if (blank) {
                if (f.required) out.push_back({f.name, "eform.required"});
                if (value.empty()) continue;
            }
            if (auto rule = CheckAnswer(f, value, today)) out.push_back({f.name, *rule});
        }
    }
    for (const auto& [name, value] : answers)
        if (!known.contains(name)) out.push_back({name, "eform.unknown"});
    return out;
}

// ---- Decision 766 -----------------------------------------------------------------------------------

PublicationFacts FactsOf(const Procedure& p) {
    PublicationFacts facts;
    if (p.announcement && !p.announcement->decision.empty()) {
        facts.announced = true;
        const auto& a = *p.announcement;
        const std::string& due = a.in_force_on.empty() ? p.effective_from : a.in_force_on;
        if (IsValidDate(a.published_on) && IsValidDate(due)) {
            facts.published_on_time = a.published_on <= due && a.published_on <= p.effective_from;
            const auto late = (*DaysOf(a.published_on) - *DaysOf(due)).count();
            if (late > 0) facts.days_late = static_cast<int>(late);
        }
    }
    if (!facts.announced) facts.missing.push_back("announcement");
    if (p.components.empty()) facts.missing.push_back("components");
    if (p.steps.empty()) facts.missing.push_back("steps");
    if (p.legal_basis.empty()) facts.missing.push_back("legal_basis");
    if (p.result.name_vi.empty()) facts.missing.push_back("result");
    if (p.implementing_vi.empty()) facts.missing.push_back("implementing");
    if (p.mode != ServiceMode::kOffline && p.eform.pages.empty()) facts.missing.push_back("eform");
    return facts;
}

}  // namespace mocua::domain::catalog
