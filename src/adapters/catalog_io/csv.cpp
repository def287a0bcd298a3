#include "adapters/catalog_io/csv.hpp"

#include <csv.h>

#include "core/text/text.hpp"

namespace mocua::adapters::catalog_io {

namespace {

struct Collector {
    std::vector<std::vector<std::string>> records;
    std::vector<int> lines;
    std::vector<std::string> current;
    int line = 1;  // the line being fed
    bool current_has_line = false;
    int current_line = 0;
};

void OnField(void* data, std::size_t len, void* ctx) {
    auto* c = static_cast<Collector*>(ctx);
    if (!c->current_has_line) {
        c->current_has_line = true;
        c->current_line = c->line;
    }
    c->current.emplace_back(static_cast<const char*>(data), len);
}

void OnRecord(int, void* ctx) {
    auto* c = static_cast<Collector*>(ctx);
    // libcsv reports a lone line break as an empty record; skip records without a non-empty cell.
    bool blank = true;
    for (const auto& cell : c->current) blank = blank && cell.empty();
    if (!blank) {
        c->records.push_back(std::move(c->current));
        c->lines.push_back(c->current_line);
    }
    c->current.clear();
    c->current_has_line = false;
}

bool NeedsQuotes(const std::string& s) {
    if (s.empty()) return false;
    return s.find_first_of(",\"\r\n") != std::string::npos || s.front() == ' ' || s.back() == ' ' ||
           s.front() == '\t' || s.back() == '\t';
}

void AppendCell(std::string& out, const std::string& cell) {
    if (!NeedsQuotes(cell)) {
        out += cell;
        return;
    }
    out += '"';
    for (char c : cell) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

}  // namespace

domain::catalog::Table ReadCsvTable(std::string_view text, const std::string& name, const std::string& file,
                                    std::vector<domain::catalog::Problem>& problems) {
    domain::catalog::Table table;
    table.name = name;
    table.file = file;
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    if (!core::text::IsValidUtf8(text)) {
        problems.push_back({file, 0, "", "catalog.csv.encoding", "the file is not UTF-8 text"});
        return table;
    }
    csv_parser parser;
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
        throw std::runtime_error("libcsv: cannot initialise a parser");
    Collector c;
    // Fed one line at a time so the collector knows which line a cell ends on.
    std::size_t pos = 0;
    bool failed = false;
    while (pos < text.size() && !failed) {
        std::size_t end = text.find('\n', pos);
        end = end == std::string_view::npos ? text.size() : end + 1;
        const std::size_t len = end - pos;
        if (csv_parse(&parser, text.data() + pos, len, OnField, OnRecord, &c) != len)
            failed = true;
        else {
            pos = end;
            ++c.line;
        }
    }
    if (!failed && csv_fini(&parser, OnField, OnRecord, &c) != 0) failed = true;
    if (failed) {
        problems.push_back({file, c.line, "", "catalog.csv.syntax",
                            std::string("not valid CSV: ") + csv_strerror(csv_error(&parser)) +
                                " (a double quote inside a cell must be doubled, and the cell quoted)"});
    }
    csv_free(&parser);
    if (failed) return table;
    if (c.records.empty()) {
        problems.push_back({file, 0, "", "catalog.csv.empty", "the file has no header row"});
        return table;
    }
    for (auto& col : c.records.front()) table.columns.push_back(core::text::CleanInput(col));
    for (std::size_t i = 1; i < c.records.size(); ++i) {
        table.rows.push_back(std::move(c.records[i]));
        table.lines.push_back(c.lines[i]);
    }
    return table;
}

std::string WriteCsvTable(const domain::catalog::Table& table) {
    std::string out = "\xEF\xBB\xBF";
    const auto line = [&](const std::vector<std::string>& cells) {
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (i > 0) out += ',';
            AppendCell(out, cells[i]);
        }
        out += "\r\n";
    };
    line(table.columns);
    for (const auto& row : table.rows) line(row);
    return out;
}

}  // namespace mocua::adapters::catalog_io
