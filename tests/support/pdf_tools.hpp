#pragma once
// Checking a rendered PDF with independent tools from a test: poppler-utils (pdfinfo, pdffonts,
// pdftotext, pdftoppm) and zbar-tools (zbarimg). tools/deps.sh installs them.
#include <gtest/gtest.h>

#include <cstdlib>
#include <regex>
#include <sstream>
#include <string>

#include "support/cli_runner.hpp"

namespace mocua::testing {

inline bool HaveTool(const std::string& name) {
    return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

// The name of the first missing PDF tool, or empty when all are there.
inline std::string MissingPdfTool() {
    for (const char* tool : {"pdfinfo", "pdffonts", "pdftotext", "pdftoppm", "zbarimg"}) {
        if (!HaveTool(tool)) return tool;
    }
    return {};
}

// Runs a shell command and returns its standard output; fails the test on a non-zero exit.
inline std::string RunTool(const std::string& command) {
    const CliRun r = RunCommand(command);
    EXPECT_EQ(r.exit_code, 0) << command;
    return r.output;
}

// The page count pdfinfo reports (-1 when it reports none).
inline int PdfPageCount(const std::string& pdf) {
    const std::string info = RunTool("pdfinfo '" + pdf + "'");
    std::smatch m;
    if (!std::regex_search(info, m, std::regex(R"(\nPages:\s+(\d+)\n)"))) return -1;
    return std::stoi(m[1].str());
}

// The text pdftotext extracts (UTF-8) from pages first..last (0: to the end), every run of white space
// made one space: line breaks are layout, not content.
inline std::string PdfText(const std::string& pdf, int first = 1, int last = 0) {
    std::string range = " -f " + std::to_string(first);
    if (last > 0) range += " -l " + std::to_string(last);
    return std::regex_replace(RunTool("pdftotext -enc UTF-8" + range + " '" + pdf + "' -"),
                              std::regex("\\s+"), " ");
}

// The bytes of the QR code zbarimg decodes from the top-left quarter of page 1, rendered at 200 dpi (an
// A5 page is 1166 × 1654 px): when it decodes there, the whole symbol lies in that quarter. `png_base`
// is a path without extension for the rendering.
inline std::string DecodeTopLeftQr(const std::string& pdf, const std::string& png_base) {
    RunTool("pdftoppm -r 200 -gray -png -singlefile -f 1 -l 1 -x 0 -y 0 -W 583 -H 827 '" + pdf + "' '" +
            png_base + "'");
    // --raw: the bytes as encoded (UTF-8), without zbar's charset guessing.
    std::string decoded = RunTool("zbarimg --quiet --raw '" + png_base + ".png'");
    if (!decoded.empty() && decoded.back() == '\n') decoded.pop_back();
    return decoded;
}

// Checks with pdffonts that every font is embedded with a ToUnicode map and is of `family_no_spaces`
// ("LiberationSerif"); returns how many fonts there are.
inline int ExpectFontsEmbedded(const std::string& pdf, const std::string& family_no_spaces) {
    std::istringstream lines(RunTool("pdffonts '" + pdf + "'"));
    std::string line;
    int count = 0;
    std::getline(lines, line);  // two header lines
    std::getline(lines, line);
    // name type encoding emb sub uni object ID
    const std::regex row(R"(^(\S+)\s+.*\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$)");
    while (std::getline(lines, line)) {
        std::smatch m;
        if (!std::regex_match(line, m, row)) {
            ADD_FAILURE() << "unexpected pdffonts line: " << line;
            continue;
        }
        ++count;
        EXPECT_NE(m[1].str().find(family_no_spaces), std::string::npos) << line;
        EXPECT_EQ(m[2].str(), "yes") << "not embedded: " << line;
        EXPECT_EQ(m[4].str(), "yes") << "no ToUnicode map: " << line;
    }
    return count;
}

}  // namespace mocua::testing
