// Dossier codes: the Circular 01/2018 Art. 19 format by default, other patterns a province may set, the
// pattern checks an administrator sees, and the overflow of the daily ordinal.
#include "domain/dossier/dossier_code.hpp"

#include <gtest/gtest.h>

namespace mocua::domain::dossier {
namespace {

std::string Code(std::string_view pattern, std::string_view unit, std::string_view date, std::int64_t n) {
    auto code = FormatDossierCode(pattern, unit, date, n);
    EXPECT_TRUE(code.ok()) << (code.ok() ? "" : code.error().message);
    return code.ok() ? code.value() : "";
}

// The message of ValidateCodePattern's error ("" when the pattern is valid).
std::string PatternProblem(std::string_view pattern) {
    auto r = ValidateCodePattern(pattern);
    if (r.ok()) return "";
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
    return r.error().message;
}

TEST(DossierCode, TheDefaultPatternGivesTheCircularsExample) {
    // Circular 01/2018/TT-VPCP Art. 19: the agency's identity code, the receipt date YYMMDD and a
    // 4-digit ordinal of the day: "000.00.12.H48-261127-0001".
    EXPECT_EQ(Code(kDefaultCodePattern, "000.00.12.H48", "2026-11-27", 1), "000.00.12.H48-261127-0001");
    EXPECT_EQ(Code(kDefaultCodePattern, "000.00.12.H48", "2026-11-27", 42), "000.00.12.H48-261127-0042");
    EXPECT_EQ(Code(kDefaultCodePattern, "000.00.12.H48", "2027-01-05", 9999), "000.00.12.H48-270105-9999");
    EXPECT_TRUE(ValidateCodePattern(kDefaultCodePattern).ok());
}

TEST(DossierCode, CustomPatternsWithFourDigitYearsWiderOrdinalsAndLiteralText) {
    EXPECT_EQ(Code("{unit}/{YYYY}{MM}{DD}/{NNNNN}", "H48.12", "2026-11-27", 7), "H48.12/20261127/00007");
    EXPECT_EQ(Code("HS-{YYMMDD}-{NNN}", "ignored", "2026-03-09", 12), "HS-260309-012");
    EXPECT_EQ(Code("{DD}.{MM}.{YYYY}_{N}", "x", "2026-03-09", 3), "09.03.2026_3");
    EXPECT_EQ(Code("QT-{unit}-{YY}{MM}{DD}{NNNNNNNNN}", "19360", "2026-12-31", 123456789),
              "QT-19360-261231123456789");
}

constexpr const char* kWholeDate = "dossier.code_pattern: the whole receipt date is needed: {YY} or {YYYY}, {MM} and {DD} (or {YYMMDD})";

TEST(DossierCode, EveryPatternProblemIsNamed) {
    // The ordinal restarts every day: without the month or the year, codes would repeat.
    EXPECT_EQ(PatternProblem("{unit}-{DD}-{NNNN}"), kWholeDate);
    EXPECT_EQ(PatternProblem("{unit}-{MM}{DD}-{NNNN}"), kWholeDate);
    EXPECT_EQ(PatternProblem("{unit}-{YY}{DD}-{NNNN}"), kWholeDate);
    EXPECT_EQ(PatternProblem("{unit}-{YY}{MM}{DD}"), "dossier.code_pattern: exactly one daily ordinal {N…} is needed");
    EXPECT_EQ(PatternProblem("{unit}-{YYMMDD}-{NNNN}-{NN}"),
              "dossier.code_pattern: exactly one daily ordinal {N…} is needed");
    EXPECT_EQ(PatternProblem("{unit}-{YYYY}{MM}-{NNNN}"),
              kWholeDate);
    EXPECT_EQ(PatternProblem("{unit}-{YYMMDD}-{XXXX}"), "dossier.code_pattern: unknown placeholder {XXXX}");
    EXPECT_EQ(PatternProblem("{unit}-{}-{DD}{NNNN}"), "dossier.code_pattern: unknown placeholder {}");
    EXPECT_EQ(PatternProblem("{unit}-{NNNNNNNNNN}{DD}"), "dossier.code_pattern: unknown placeholder {NNNNNNNNNN}");
    EXPECT_EQ(PatternProblem("{Unit}-{DD}{NNNN}"), "dossier.code_pattern: unknown placeholder {Unit}");
    EXPECT_EQ(PatternProblem("HỒSƠ-{DD}-{NNNN}"),
              "dossier.code_pattern: only printable ASCII characters without spaces");
    EXPECT_EQ(PatternProblem("HS {DD}-{NNNN}"), "dossier.code_pattern: only printable ASCII characters without spaces");
    EXPECT_EQ(PatternProblem("HS\t{DD}-{NNNN}"), "dossier.code_pattern: only printable ASCII characters without spaces");
    EXPECT_EQ(PatternProblem("{unit}}-{DD}-{NNNN}"), "dossier.code_pattern: a '}' without '{'");
    EXPECT_EQ(PatternProblem("{unit}-{DD}-{NNNN"), "dossier.code_pattern: a '{' without '}'");
    // A '{' opened inside a placeholder is an unbalanced brace too, not a strange placeholder name.
    EXPECT_EQ(PatternProblem("{unit-{DD}-{NNNN}"), "dossier.code_pattern: a '{' without '}'");
    EXPECT_EQ(PatternProblem(""), "dossier.code_pattern: exactly one daily ordinal {N…} is needed");

    // FormatDossierCode refuses the same patterns.
    auto bad = FormatDossierCode("{unit}-{NNNN}", "u", "2026-11-27", 1);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().message, kWholeDate);
}

TEST(DossierCode, TheOrdinalOverflowsWhenItNeedsMoreDigitsThanThePatternHas) {
    EXPECT_EQ(Code(kDefaultCodePattern, "U", "2026-11-27", 9999), "U-261127-9999");
    auto over = FormatDossierCode(kDefaultCodePattern, "U", "2026-11-27", 10000);
    ASSERT_FALSE(over.ok());
    EXPECT_EQ(over.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(over.error().message, "dossier.code_overflow");
    EXPECT_EQ(Code("{unit}-{YYMMDD}-{NNNNN}", "U", "2026-11-27", 10000), "U-261127-10000");
    EXPECT_FALSE(FormatDossierCode("{DD}{N}", "U", "2026-11-27", 10).ok());
    EXPECT_FALSE(FormatDossierCode(kDefaultCodePattern, "U", "2026-11-27", 0).ok());
    EXPECT_FALSE(FormatDossierCode(kDefaultCodePattern, "U", "27/11/2026", 1).ok());
}

TEST(DossierCode, LooksLikeADossierCode) {
    EXPECT_TRUE(LooksLikeDossierCode("000.00.12.H48-261127-0001"));
    EXPECT_TRUE(LooksLikeDossierCode("H48.12/20261127/00007"));
    EXPECT_TRUE(LooksLikeDossierCode("QT_1-2"));
    EXPECT_TRUE(LooksLikeDossierCode("12345"));
    EXPECT_TRUE(LooksLikeDossierCode(std::string(64, 'A')));
    EXPECT_FALSE(LooksLikeDossierCode("1234"));
    EXPECT_FALSE(LooksLikeDossierCode(std::string(65, 'A')));
    EXPECT_FALSE(LooksLikeDossierCode(""));
    EXPECT_FALSE(LooksLikeDossierCode("000.00.12.H48 261127 0001"));
    EXPECT_FALSE(LooksLikeDossierCode("x' OR '1'='1"));
    EXPECT_FALSE(LooksLikeDossierCode("hồ-sơ-0001"));
    EXPECT_FALSE(LooksLikeDossierCode("../../etc/passwd%00"));
}

}  // namespace
}  // namespace mocua::domain::dossier
