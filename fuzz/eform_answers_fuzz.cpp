// libFuzzer target: the e-form answer validator (domain::catalog::ValidateAnswers), which checks what
// an applicant typed on the public apply pages. FuzzedDataProvider builds an e-form of one to four
// fields of any type and constraint (patterns from a list of the kinds editors write: the pattern is
// staff data, the answers are anybody's) and a set of answers, some to fields that do not exist.
// Checks: at most one problem per field, each naming a field of the form or an unknown answer, and
// a required field left empty is always reported.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>

#include "domain/catalog/model.hpp"
#include "domain/catalog/validation.hpp"

namespace catalog = mocua::domain::catalog;

namespace {

constexpr const char* kPatterns[] = {
    "",       "[0-9]{6}",      "[A-Z0-9 ]+", "(a|b)*", "([a-z]+ ?)+",
    "[^<>]*", "\\d{2}/\\d{4}", "(",          ".*",     "(?:[0-9]{3}-)?[0-9]{4}"};
constexpr const char* kDates[] = {"", "today", "2000-01-01", "2030-12-31", "2026-02-29", "not a date"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    catalog::Eform eform;
    eform.pages.emplace_back();
    eform.pages[0].id = "p1";
    const int field_count = in.ConsumeIntegralInRange(1, 4);
    for (int i = 0; i < field_count; ++i) {
        catalog::EformField f;
        f.name = "f" + std::to_string(i);
        f.type = static_cast<catalog::FieldType>(in.ConsumeIntegralInRange(0, 9));
        f.required = in.ConsumeBool();
        if (in.ConsumeBool()) f.max_length = in.ConsumeIntegralInRange<std::int64_t>(1, 100000);
        f.pattern = kPatterns[in.ConsumeIntegralInRange<std::size_t>(0, std::size(kPatterns) - 1)];
        if (in.ConsumeBool()) f.min_number = in.ConsumeIntegral<std::int64_t>();
        if (in.ConsumeBool()) f.max_number = in.ConsumeIntegral<std::int64_t>();
        f.min_date = kDates[in.ConsumeIntegralInRange<std::size_t>(0, std::size(kDates) - 1)];
        f.max_date = kDates[in.ConsumeIntegralInRange<std::size_t>(0, std::size(kDates) - 1)];
        const int choices = in.ConsumeIntegralInRange(0, 3);
        for (int c = 0; c < choices; ++c) f.choices.push_back({in.ConsumeRandomLengthString(8), "vi", "en"});
        if (in.ConsumeBool() && !eform.pages.back().fields.empty()) eform.pages.emplace_back();
        eform.pages.back().fields.push_back(std::move(f));
    }
    catalog::Answers answers;
    while (in.remaining_bytes() > 0) {
        const int target = in.ConsumeIntegralInRange(0, field_count);  // field_count: an unknown name
        std::string value = in.ConsumeRandomLengthString(4096);
        // Long runs are what an attacker sends to a text field; let the fuzzer reach them cheaply.
        if (in.ConsumeBool()) value.append(in.ConsumeIntegralInRange<std::size_t>(0, 50000), 'a');
        answers["f" + std::to_string(target)] = std::move(value);
    }

    const auto problems = catalog::ValidateAnswers(eform, answers, "2026-11-27");
    std::set<std::string> seen;
    for (const auto& p : problems) {
        if (p.rule.empty() || !seen.insert(p.field).second) std::abort();
    }
    for (const auto& page : eform.pages)
        for (const auto& f : page.fields) {
            const auto it = answers.find(f.name);
            if (f.required && (it == answers.end() || it->second.empty()) && !seen.contains(f.name))
                std::abort();
        }
    return 0;
}
