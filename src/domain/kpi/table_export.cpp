#include "domain/kpi/table_export.hpp"

namespace mocua::domain::kpi {

namespace {

std::string Field(const Cell& cell) {
    std::string text = cell.text;
    if (!cell.number && !text.empty() &&
        (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t' ||
         text[0] == '\r')) {
        // Built anew rather than insert(0, …), which g++ 12 wrongly flags under -Werror=restrict.
        std::string prefixed(1, '\'');
        prefixed.append(cell.text);
        text.swap(prefixed);
    }
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

void Line(std::string& out, const std::vector<Cell>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i > 0) out += ',';
        out += Field(cells[i]);
    }
    out += "\r\n";
}

}  // namespace

std::string TableToCsv(const Table& table) {
    std::string out = "\xEF\xBB\xBF";
    std::vector<Cell> header;
    for (const auto& c : table.columns) header.push_back(TextCell(c));
    Line(out, header);
    for (const auto& row : table.rows) Line(out, row);
    return out;
}

}  // namespace mocua::domain::kpi
