// Tests of writing the national-portal format (docs/portal-format.md): the canonical line, round trips
// on generated records, and the line splitter on a file of dossiers.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "domain/portal/portal_format.hpp"
#include "domain/portal/portal_format_test_support.hpp"

namespace mocua::domain::portal {
namespace {

using namespace format_test;

// ---------------------------------------------------------------------------------------------------
// Writing and round trips

TEST(PortalWrite, WritesTheHandWrittenRecordBackByteForByte) {
    // kReturned is written in the canonical key order with every default present.
    EXPECT_EQ(ToJsonLine(*Parse(kReturned).dossier), kReturned);
}

TEST(PortalWrite, CanonicalFormOfALooseLine) {
    const std::string canonical = ToJsonLine(*Parse(kInProgressLoose).dossier);
    EXPECT_EQ(
        canonical,
        R"({"MaHoSo":"000.00.12.H48-251002-0042","MaTTHC":"2.001218.000.00.00.H38","DonViXuLy":"000.00.12.H48",)"
        R"("KenhThucHien":1,"TrangThaiHoSo":4,"NgayNopHoSo":"20251002141500","NgayTiepNhan":"20251002141500",)"
        R"("NgayHenTra":"20251009170000","DuocThanhToanTrucTuyen":0,"TaiKhoanDuocXacThucVoiVNeID":0,)"
        R"("DanhSachLePhi":[{"TenPhiLePhi":"Phí thẩm định","MucPhi":150000}]})");
    // Canonical lines are fixed points.
    EXPECT_EQ(ToJsonLine(*Parse(canonical).dossier), canonical);
}

TEST(PortalWrite, MinimalDossier) {
    PortalDossier d;
    d.code = "000.00.19.H48-250915-0002";
    d.procedure_code = "1.001193";
    d.unit_code = "000.00.19.H48";
    d.submitted_at = Utc("2026-11-27T01:30:00Z");
    EXPECT_EQ(
        ToJsonLine(d),
        R"({"MaHoSo":"000.00.19.H48-250915-0002","MaTTHC":"1.001193","DonViXuLy":"000.00.19.H48",)"
        R"("KenhThucHien":1,"TrangThaiHoSo":1,"NgayNopHoSo":"20261127083000","DuocThanhToanTrucTuyen":0,)"
        R"("TaiKhoanDuocXacThucVoiVNeID":0})");
}

TEST(PortalWrite, EscapesAndInvalidUtf8) {
    PortalDossier d = *Parse(kReturned).dossier;
    d.history[0].note = "dòng 1\ndòng \"2\"\t\\";
    const std::string line = ToJsonLine(d);
    EXPECT_EQ(line.find('\n'), std::string::npos);
    EXPECT_EQ(*Parse(line).dossier, d);
    d.history[0].note = "bad \xC3\x28 byte";
    const LineResult r = Parse(ToJsonLine(d));  // must not throw
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.dossier->history[0].note, "bad \xEF\xBF\xBD( byte");
}

TEST(PortalWrite, ParseOfWriteIsIdentityOnGeneratedDossiers) {
    Generator gen(7);
    for (int i = 0; i < 5000; ++i) {
        const PortalDossier d = gen.Next();
        const std::string line = ToJsonLine(d);
        const LineResult r = ParseLine(line, i + 1);
        ASSERT_TRUE(r.ok()) << line << "\n" << AllProblems(r);
        ASSERT_EQ(*r.dossier, d) << line;
        // And the written line is canonical: writing what was read gives the same bytes.
        ASSERT_EQ(ToJsonLine(*r.dossier), line);
    }
}

// ---------------------------------------------------------------------------------------------------
// The line splitter

std::vector<std::pair<int, std::string>> Lines(std::string_view text) {
    std::vector<std::pair<int, std::string>> out;
    ForEachLine(text, [&](const InputLine& l) {
        out.emplace_back(l.number, l.problem ? "!" + l.problem->rule : std::string(l.text));
        return true;
    });
    return out;
}

TEST(PortalLines, SplitsOnLfAndCrlfAndSkipsBlankLines) {
    using L = std::vector<std::pair<int, std::string>>;
    EXPECT_EQ(Lines("a\nb\r\nc"), (L{{1, "a"}, {2, "b"}, {3, "c"}}));
    EXPECT_EQ(Lines("a\r\n\r\n  \t\r\nb\r\n"), (L{{1, "a"}, {4, "b"}}));
    EXPECT_EQ(Lines("\xEF\xBB\xBF{\"x\":1}\n{\"y\":2}\n"), (L{{1, "{\"x\":1}"}, {2, "{\"y\":2}"}}));
    EXPECT_EQ(Lines(""), L{});
    EXPECT_EQ(Lines("\n\n"), L{});
    EXPECT_EQ(Lines("\xEF\xBB\xBF"), L{});
    // A BOM later than the start is data (and the JSON parser refuses it).
    EXPECT_EQ(Lines("a\n\xEF\xBB\xBF"
                    "b"),
              (L{{1, "a"},
                 {2,
                  "\xEF\xBB\xBF"
                  "b"}}));
    // Only the CR right before the LF is part of the ending.
    EXPECT_EQ(Lines("a\r\r\nb\r"), (L{{1, "a\r"}, {2, "b"}}));
}

TEST(PortalLines, RefusesOverlongLinesAndGoesOn) {
    std::string text = "first\n";
    text += std::string(kMaxLineBytes, 'x') + "\n";  // exactly the limit: kept
    text += std::string(kMaxLineBytes + 1, 'y') + "\r\n";
    text += "last";
    std::vector<InputLine> seen;
    ForEachLine(text, [&](const InputLine& l) {
        seen.push_back(l);
        return true;
    });
    ASSERT_EQ(seen.size(), 4u);
    EXPECT_EQ(seen[1].text.size(), kMaxLineBytes);
    EXPECT_FALSE(seen[1].problem.has_value());
    ASSERT_TRUE(seen[2].problem.has_value());
    EXPECT_EQ(seen[2].problem->rule, "portal.line.too_long");
    EXPECT_EQ(seen[2].problem->line, 3);
    EXPECT_TRUE(seen[2].text.empty());
    EXPECT_EQ(seen[3].text, "last");
}

TEST(PortalLines, StopsWhenTold) {
    int calls = 0;
    ForEachLine("a\nb\nc\n", [&](const InputLine&) { return ++calls < 2; });
    EXPECT_EQ(calls, 2);
}

TEST(PortalLines, AFileOfDossiers) {
    Generator gen(11);
    std::vector<PortalDossier> written;
    std::string file = "\xEF\xBB\xBF";
    for (int i = 0; i < 200; ++i) {
        written.push_back(gen.Next());
        file += ToJsonLine(written.back()) + (i % 2 ? "\r\n" : "\n");
        if (i % 50 == 0) file += "\r\n";
    }
    file += "{\"MaHoSo\":\"broken\"\n";
    std::vector<PortalDossier> read;
    std::vector<Problem> problems;
    ForEachLine(file, [&](const InputLine& l) {
        LineResult r = ParseLine(l.text, l.number);
        if (r.ok()) read.push_back(std::move(*r.dossier));
        for (const Problem& p : r.problems) {
            if (p.severity == Severity::kError) problems.push_back(p);
        }
        return true;
    });
    EXPECT_EQ(read, written);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].line, 205);
    EXPECT_EQ(problems[0].rule, "portal.json.syntax");
}

}  // namespace
}  // namespace mocua::domain::portal
