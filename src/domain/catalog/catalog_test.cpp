// The catalogue's rules without a database: reading JSON with line numbers, validation rule codes,
// canonical content, e-form answers and the Decision 766 facts. Fixtures: tests/data/catalogue/.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

#include "domain/catalog/generator.hpp"
#include "domain/catalog/json_codec.hpp"
#include "domain/catalog/validation.hpp"

namespace mocua::domain::catalog {
namespace {

std::string Fixture(const std::string& name) {
    std::ifstream in(std::string(MOCUA_SOURCE_DIR) + "/tests/data/catalogue/" + name, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// small.json with its one form file loaded, as the command-line reader does.
ParsedCatalogue Small() {
    ParsedCatalogue p = ParseCatalogueJson(Fixture("small.json"), "small.json");
    for (auto& f : p.catalogue.forms)
        if (!f.file.empty()) f.content = FormFile{"to-khai-dang-ky-khai-sinh.pdf", "", Fixture(f.file)};
    return p;
}

using Where = std::tuple<int, std::string, std::string>;  // line, field, rule

std::set<Where> Places(const std::vector<Problem>& problems) {
    std::set<Where> out;
    for (const auto& p : problems) out.insert({p.line, p.field, p.rule});
    return out;
}

TEST(CatalogJson, ReadsTheExampleCatalogueWithoutProblems) {
    auto parsed = Small();
    ASSERT_TRUE(parsed.problems.empty()) << Describe(parsed.problems.front());
    EXPECT_TRUE(ValidateCatalogue(parsed.catalogue, parsed.sources).empty());
    const auto& c = parsed.catalogue;
    ASSERT_EQ(c.fields.size(), 3u);
    ASSERT_EQ(c.procedures.size(), 4u);
    const Procedure& birth = c.procedures[0];
    EXPECT_EQ(birth.code, "1.001193");
    EXPECT_EQ(birth.name_vi, "Thủ tục đăng ký khai sinh");
    EXPECT_EQ(birth.level, Level::kCommune);
    EXPECT_EQ(birth.mode, ServiceMode::kPartialOnline);
    EXPECT_EQ(birth.time_limit.value, 0);
    EXPECT_EQ(birth.components[0].form, "to-khai-dang-ky-khai-sinh");
    EXPECT_EQ(birth.legal_basis[1].number, "123/2015/NĐ-CP");
    ASSERT_TRUE(birth.announcement.has_value());
    EXPECT_EQ(birth.announcement->published_on, "2025-06-25");
    EXPECT_EQ(birth.eform.pages[1].fields[1].type, FieldType::kCccd);
    EXPECT_EQ(c.procedures[2].fees[0].amount_vnd, 2000);  // VND 2,000 a page, Circular 226/2016/TT-BTC
    EXPECT_EQ(c.procedures[2].components[0].copy, CopyKind::kOriginalForCheck);
    EXPECT_EQ(c.procedures[3].level, Level::kDistrict);
}

TEST(CatalogJson, NamesTheLineAndFieldOfEveryProblem) {
    // Lines counted by hand in tests/data/catalogue/bad.json.
    auto parsed = ParseCatalogueJson(Fixture("bad.json"), "bad.json");
    auto problems = parsed.problems;
    for (auto& p : ValidateCatalogue(parsed.catalogue, parsed.sources)) problems.push_back(p);
    for (const auto& p : problems) EXPECT_EQ(p.file, "bad.json");
    const auto places = Places(problems);
    const std::set<Where> expected = {
        {8, "code", "catalog.procedure.code"},
        {11, "level", "catalog.procedure.level"},
        {16, "amount_vnd", "catalog.fee.amount"},
        {20, "paper", "catalog.result.kind"},
        {25, "effective_from", "catalog.procedure.effective_from"},
        {26, "colour", "catalog.json.unknown_key"},
    };
    for (const auto& e : expected) EXPECT_TRUE(places.contains(e)) << std::get<0>(e) << " " << std::get<2>(e);
    EXPECT_EQ(places.size(), expected.size());
}

TEST(CatalogJson, SyntaxErrorsNameTheirLine) {
    const std::string text =
        "{\n  \"format\": \"mocua-catalogue/1\",\n  \"fields\": [\n    {\"code\": \"HT\" \"name_vi\": "
        "\"x\"}\n  ]\n}\n";
    auto parsed = ParseCatalogueJson(text, "broken.json");
    ASSERT_EQ(parsed.problems.size(), 1u);
    EXPECT_EQ(parsed.problems[0].line, 4);
    EXPECT_EQ(parsed.problems[0].rule, "catalog.json.syntax");
}

TEST(CatalogJson, NumbersAtTheEndOfALineKeepTheirLine) {
    // The lexer sees a number's end one character late; a number followed by a line break must still
    // be reported on its own line (2), not the next.
    const std::string text =
        "{\"format\": \"mocua-catalogue/1\", \"procedures\": [{\"time_limit\": {\"value\": -1,\n\"unit\": "
        "\"days\"}}]}";
    auto parsed = ParseCatalogueJson(text, "t.json");
    auto problems = ValidateProcedure(parsed.catalogue.procedures[0], parsed.sources, "/procedures/0");
    bool found = false;
    for (const auto& p : problems)
        if (p.rule == "catalog.time_limit.value") {
            found = true;
            EXPECT_EQ(p.line, 1);
        }
    EXPECT_TRUE(found);
}

TEST(CatalogJson, DuplicateKeysAreProblems) {
    auto parsed = ParseCatalogueJson("{\"format\": \"mocua-catalogue/1\",\n\"format\": \"x\"}", "d.json");
    ASSERT_FALSE(parsed.problems.empty());
    EXPECT_EQ(parsed.problems[0].rule, "catalog.json.duplicate_key");
    EXPECT_EQ(parsed.problems[0].line, 2);
}

TEST(CatalogJson, RejectsAnotherFormatAndNonUtf8) {
    auto other = ParseCatalogueJson("{\"format\": \"something-else\"}", "o.json");
    ASSERT_EQ(other.problems.size(), 1u);
    EXPECT_EQ(other.problems[0].rule, "catalog.json.format");
    auto latin1 = ParseCatalogueJson("{\"format\": \"\xE9\"}", "l.json");
    ASSERT_EQ(latin1.problems.size(), 1u);
    EXPECT_EQ(latin1.problems[0].rule, "catalog.json.encoding");
}

TEST(CatalogJson, WritingAndReadingBackGivesTheSameCatalogue) {
    auto parsed = Small();
    auto again = ParseCatalogueJson(CatalogueToJson(parsed.catalogue).dump(2), "again.json");
    ASSERT_TRUE(again.problems.empty()) << Describe(again.problems.front());
    EXPECT_EQ(again.catalogue.fields, parsed.catalogue.fields);
    EXPECT_EQ(again.catalogue.procedures, parsed.catalogue.procedures);
    ASSERT_EQ(again.catalogue.forms.size(), 1u);
    EXPECT_EQ(again.catalogue.forms[0].file, parsed.catalogue.forms[0].file);
}

TEST(CatalogJson, DecomposedInputIsStoredComposed) {
    // "Hộ tịch" typed with combining marks (NFD) reads as the precomposed (NFC) text.
    const std::string nfd = "Ho\xCC\xA3\xCC\x82 ti\xCC\xA3\x63h";
    auto parsed = ParseCatalogueJson(
        "{\"format\": \"mocua-catalogue/1\", \"fields\": [{\"code\": \"HT\", \"name_vi\": \"" + nfd + "\"}]}",
        "nfd.json");
    ASSERT_TRUE(parsed.problems.empty());
    EXPECT_EQ(parsed.catalogue.fields[0].name_vi, "Hộ tịch");
}

TEST(CatalogCanonical, EffectiveDateIsNotContentButAFeeIs) {
    Procedure p = Small().catalogue.procedures[0];
    Procedure later = p;
    later.effective_from = "2026-01-01";
    EXPECT_EQ(CanonicalContent(p), CanonicalContent(later));
    Procedure dearer = p;
    dearer.fees[0].amount_vnd = 8000;
    EXPECT_NE(CanonicalContent(p), CanonicalContent(dearer));
    EXPECT_EQ(ProcedureFromStoredJson(ProcedureToJson(p).dump()), p);
}

TEST(CatalogValidation, CatchesReferencesAndDuplicates) {
    Catalogue c = Small().catalogue;
    c.procedures.push_back(c.procedures[0]);          // the same code twice
    c.procedures[1].field = "XX";                     // no such field
    c.procedures[2].components[0].form = "mau-khac";  // no such form
    SourceMap sources;
    std::set<std::string> rules;
    for (const auto& p : ValidateCatalogue(c, sources)) rules.insert(p.rule);
    EXPECT_EQ(rules, (std::set<std::string>{"catalog.procedure.duplicate", "catalog.procedure.field",
                                            "catalog.component.form"}));
    // A form naming a file the reader could not load.
    Catalogue unread = ParseCatalogueJson(Fixture("small.json"), "small.json").catalogue;
    auto missing = ValidateCatalogue(unread, sources);
    ASSERT_EQ(missing.size(), 1u);
    EXPECT_EQ(missing[0].rule, "catalog.form.file_missing");
    // Codes already stored count as known.
    c.procedures.pop_back();
    c.forms.clear();
    std::set<std::string> with_known;
    for (const auto& p : ValidateCatalogue(c, sources, {"XX"}, {"mau-khac", "to-khai-dang-ky-khai-sinh"}))
        with_known.insert(p.rule);
    EXPECT_TRUE(with_known.empty());
}

TEST(CatalogValidation, EformRules) {
    Procedure p = Small().catalogue.procedures[0];
    auto& fields = p.eform.pages[0].fields;
    fields[1].choices.pop_back();                         // a choice with one option
    fields[0].pattern = "([a-z";                          // not a regex
    fields[2].max_date = "tomorrow";                      // neither a date nor "today"
    p.eform.pages[1].fields[0].name = "child_full_name";  // duplicate name
    p.eform.pages[1].fields[2].prefill = "profile.salary";
    SourceMap sources;
    std::set<std::string> rules;
    for (const auto& pr : ValidateProcedure(p, sources)) rules.insert(pr.rule);
    EXPECT_EQ(rules, (std::set<std::string>{"catalog.eform.choices", "catalog.eform.pattern",
                                            "catalog.eform.date_bound", "catalog.eform.duplicate",
                                            "catalog.eform.prefill"}));
    Procedure online_without_form = Small().catalogue.procedures[0];
    online_without_form.eform.pages.clear();
    auto problems = ValidateProcedure(online_without_form, sources);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].rule, "catalog.eform.missing");
}

TEST(CatalogSourceMap, TablesReportTheRowAndColumn) {
    SourceMap sources(Encoding::kTables);
    sources.Record("/procedures/0", "procedures.csv", 2);
    sources.Record("/procedures/0/eform/pages/0/fields/1", "eform_fields.csv", 7);
    auto p = sources.Locate("/procedures/0/time_limit/value", "r", "m");
    EXPECT_EQ(p.file, "procedures.csv");
    EXPECT_EQ(p.line, 2);
    EXPECT_EQ(p.field, "time_limit_value");
    auto q = sources.Locate("/procedures/0/eform/pages/0/fields/1/choices/1/value", "r", "m");
    EXPECT_EQ(q.file, "eform_fields.csv");
    EXPECT_EQ(q.line, 7);
    EXPECT_EQ(q.field, "choices");
}

// ---- Answers ----------------------------------------------------------------------------------------

class AnswersTest : public ::testing::Test {
protected:
    Eform birth_ = Small().catalogue.procedures[0].eform;
    Eform land_ = Small().catalogue.procedures[3].eform;
    Answers Valid() const {
        return {{"child_full_name", "Nguyễn Minh Khang"},
                {"child_sex", "male"},
                {"child_birth_date", "2025-07-10"},
                {"declarant_name", "Nguyễn Văn An"},
                {"declarant_cccd", "045095000123"}};
    }
};

TEST_F(AnswersTest, AcceptsAComplete) { EXPECT_TRUE(ValidateAnswers(birth_, Valid(), "2025-07-15").empty()); }

TEST_F(AnswersTest, NamesEachMissingRequiredField) {
    auto problems =
        ValidateAnswers(birth_, {{"child_sex", "female"}, {"declarant_phone", "  "}}, "2025-07-15");
    EXPECT_EQ(problems, (std::vector<AnswerProblem>{{"child_full_name", "eform.required"},
                                                    {"child_birth_date", "eform.required"},
                                                    {"declarant_name", "eform.required"},
                                                    {"declarant_cccd", "eform.required"}}));
}

TEST_F(AnswersTest, RuleCodesPerType) {
    Answers a = Valid();
    a["child_sex"] = "other";
    a["child_birth_date"] = "2025-07-16";  // after "today"
    a["declarant_cccd"] = "04509500012";   // 11 digits
    a["declarant_phone"] = "0112345678";   // 011 is no mobile prefix
    a["nickname"] = "Bin";
    EXPECT_EQ(ValidateAnswers(birth_, a, "2025-07-15"),
              (std::vector<AnswerProblem>{{"child_sex", "eform.choice"},
                                          {"child_birth_date", "eform.too_late"},
                                          {"declarant_cccd", "cccd.length"},
                                          {"declarant_phone", "phone.prefix"},
                                          {"nickname", "eform.unknown"}}));
    a = Valid();
    a["child_birth_date"] = "2025-02-29";  // not a date: 2025 is not a leap year
    EXPECT_EQ(ValidateAnswers(birth_, a, "2025-07-15"),
              (std::vector<AnswerProblem>{{"child_birth_date", "eform.date"}}));
}

TEST_F(AnswersTest, TextLengthCountsComposedCharacters) {
    Answers a = Valid();
    // 100 × "à" typed decomposed (a + U+0300) is 200 code points, 100 characters after NFC: accepted.
    std::string decomposed;
    for (int i = 0; i < 100; ++i) decomposed += "a\xCC\x80";
    a["child_full_name"] = decomposed;
    EXPECT_TRUE(ValidateAnswers(birth_, a, "2025-07-15").empty());
    a["child_full_name"] = decomposed + "a";
    EXPECT_EQ(ValidateAnswers(birth_, a, "2025-07-15"),
              (std::vector<AnswerProblem>{{"child_full_name", "eform.too_long"}}));
}

// Found while writing fuzz/eform_answers_fuzz: a 30,000-character answer to a text field with a pattern and a
// large max_length overflowed the stack inside std::regex and killed the process. Such an answer is now
// refused as too long before the pattern runs, and such a field is refused in the catalogue.
TEST_F(AnswersTest, ALongAnswerToAPatternFieldIsTooLongNotACrash) {
    Eform eform;
    eform.pages.push_back({"p1", "Trang", "Page", {}});
    EformField field;
    field.name = "parcel_notes";
    field.type = FieldType::kText;
    field.max_length = 100000;
    field.pattern = "(a|b)*";
    eform.pages[0].fields.push_back(field);
    EXPECT_EQ(ValidateAnswers(eform, {{"parcel_notes", std::string(100000, 'a')}}, "2025-07-15"),
              (std::vector<AnswerProblem>{{"parcel_notes", "eform.too_long"}}));
    // At the bound the pattern still decides.
    EXPECT_TRUE(ValidateAnswers(eform, {{"parcel_notes", std::string(1000, 'a')}}, "2025-07-15").empty());
    EXPECT_EQ(ValidateAnswers(eform, {{"parcel_notes", std::string(999, 'a') + "c"}}, "2025-07-15"),
              (std::vector<AnswerProblem>{{"parcel_notes", "eform.pattern"}}));
}

// Found by fuzz/eform_answers_fuzz (a time-out): "([a-z]+ ?)+" against a long answer that does not
// match took exponential time in std::regex's backtracking. RE2 answers at once; no timing is asserted:
// before the fix this test did not finish.
TEST_F(AnswersTest, NestedRepetitionInAPatternIsNoDenialOfService) {
    Eform eform;
    eform.pages.push_back({"p1", "Trang", "Page", {}});
    EformField field;
    field.name = "full_name";
    field.type = FieldType::kText;
    field.max_length = 1000;
    field.pattern = "([a-z]+ ?)+";
    eform.pages[0].fields.push_back(field);
    EXPECT_EQ(ValidateAnswers(eform, {{"full_name", std::string(999, 'a') + "!"}}, "2025-07-15"),
              (std::vector<AnswerProblem>{{"full_name", "eform.pattern"}}));
    EXPECT_TRUE(ValidateAnswers(eform, {{"full_name", "an binh"}}, "2025-07-15").empty());
}

// Patterns see characters, not bytes: a class of Vietnamese letters holds each whole letter.
TEST_F(AnswersTest, PatternsMatchVietnameseLettersAsCharacters) {
    Eform eform;
    eform.pages.push_back({"p1", "Trang", "Page", {}});
    EformField field;
    field.name = "full_name";
    field.type = FieldType::kText;
    field.pattern = "[a-zà-ỹ ]{2,10}";  // à is U+00E0, ỹ U+1EF9: ă, đ, ư, ễ lie between
    eform.pages[0].fields.push_back(field);
    EXPECT_TRUE(ValidateAnswers(eform, {{"full_name", "đức ưng"}}, "2025-07-15").empty());
    // Eleven letters (22 bytes): over {2,10} characters.
    EXPECT_EQ(ValidateAnswers(eform, {{"full_name", "ăăăăăăăăăăă"}}, "2025-07-15"),
              (std::vector<AnswerProblem>{{"full_name", "eform.pattern"}}));
    // Look-around is not RE2 syntax: the catalogue refuses it, and an answer never matches it.
    field.pattern = "(?=a)a";
    eform.pages[0].fields[0] = field;
    EXPECT_EQ(ValidateAnswers(eform, {{"full_name", "a"}}, "2025-07-15"),
              (std::vector<AnswerProblem>{{"full_name", "eform.pattern"}}));
}

TEST(CatalogValidation, APatternFieldMayNotHoldMoreThanAThousandCharacters) {
    Procedure p = Small().catalogue.procedures[0];
    auto& field = p.eform.pages[0].fields[0];
    field.type = FieldType::kText;
    field.pattern = "[A-Z ]+";
    field.max_length = 1000;
    SourceMap sources;
    for (const auto& pr : ValidateProcedure(p, sources)) EXPECT_NE(pr.rule, "catalog.eform.pattern") << pr.message;
    field.max_length = 1001;
    std::set<std::string> rules;
    for (const auto& pr : ValidateProcedure(p, sources)) rules.insert(pr.rule);
    EXPECT_TRUE(rules.contains("catalog.eform.pattern"));
}

TEST_F(AnswersTest, NumbersTaxCodesEmailsAndCheckboxes) {
    // 0100109106: check digit 6 = 10 − (0·31+1·29+0·23+0·19+1·17+0·13+9·7+1·5+0·3 = 114; 114 mod 11 = 4).
    Answers ok = {{"parcel_number", "125"},
                  {"map_sheet", "7"},
                  {"owner_tax_code", "0100109106"},
                  {"contact_email", "an@example.vn"},
                  {"consent", "true"}};
    EXPECT_TRUE(ValidateAnswers(land_, ok, "2025-07-15").empty());
    Answers bad = {{"parcel_number", "100000"},
                   {"map_sheet", "7a"},
                   {"owner_tax_code", "0100109107"},
                   {"contact_email", "an@example"},
                   {"consent", "false"}};
    EXPECT_EQ(ValidateAnswers(land_, bad, "2025-07-15"),
              (std::vector<AnswerProblem>{{"parcel_number", "eform.too_large"},
                                          {"map_sheet", "eform.number"},
                                          {"owner_tax_code", "tax_code.check_digit"},
                                          {"contact_email", "eform.email"},
                                          {"consent", "eform.required"}}));
    bad["consent"] = "yes";
    EXPECT_EQ(
        ValidateAnswers(land_, {{"parcel_number", "0"}, {"map_sheet", "1"}, {"consent", "yes"}},
                        "2025-07-15"),
        (std::vector<AnswerProblem>{{"parcel_number", "eform.too_small"}, {"consent", "eform.checkbox"}}));
}

// ---- Decision 766 facts and files -------------------------------------------------------------------

TEST(CatalogFacts, OnTimeLateAndIncomplete) {
    Procedure birth = Small().catalogue.procedures[0];
    auto facts = FactsOf(birth);  // published 2025-06-25, in force 2025-07-01
    EXPECT_TRUE(facts.announced);
    EXPECT_TRUE(facts.published_on_time);
    EXPECT_FALSE(facts.days_late.has_value());
    EXPECT_TRUE(facts.missing.empty());
    birth.announcement->published_on = "2025-07-05";
    facts = FactsOf(birth);
    EXPECT_FALSE(facts.published_on_time);
    EXPECT_EQ(facts.days_late, 4);                         // 5 July is 4 days after 1 July
    Procedure marriage = Small().catalogue.procedures[1];  // no announcement recorded
    marriage.steps.clear();
    facts = FactsOf(marriage);
    EXPECT_FALSE(facts.announced);
    EXPECT_EQ(facts.missing, (std::vector<std::string>{"announcement", "steps"}));
}

TEST(CatalogFiles, TypeComesFromTheBytes) {
    EXPECT_EQ(FormFileType(Fixture("forms/to-khai-dang-ky-khai-sinh.pdf")), "application/pdf");
    EXPECT_EQ(FormFileType(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest", 12)), "application/msword");
    EXPECT_EQ(FormFileType("<html>not a form</html>"), std::nullopt);
    EXPECT_EQ(FormFileType("MZ\x90\x00"), std::nullopt);
}

}  // namespace
}  // namespace mocua::domain::catalog

namespace mocua::domain::catalog {
namespace {

TEST(CatalogGenerator, ThePlansMixIsValidAndAddsUp) {
    // The plan: 418 procedures, 281 district-level, 137 commune-level, 344 online.
    auto c = GenerateCatalogue({.count = 418, .district = 281, .commune = 137, .online = 344});
    ASSERT_TRUE(c.ok());
    int district = 0, commune = 0, online = 0;
    for (const auto& p : c->procedures) {
        district += p.level == Level::kDistrict;
        commune += p.level == Level::kCommune;
        online += p.mode != ServiceMode::kOffline;
    }
    EXPECT_EQ(c->procedures.size(), 418u);
    EXPECT_EQ(district, 281);
    EXPECT_EQ(commune, 137);
    EXPECT_EQ(online, 344);
    SourceMap sources;
    EXPECT_TRUE(ValidateCatalogue(c.value(), sources).empty());
    EXPECT_FALSE(GenerateCatalogue({.count = 10, .district = 8, .commune = 3, .online = 1}).ok());
    EXPECT_FALSE(GenerateCatalogue({.count = 10, .district = 1, .commune = 1, .online = 11}).ok());
}

}  // namespace
}  // namespace mocua::domain::catalog
