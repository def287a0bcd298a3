#include "adapters/catalog_io/xlsx.hpp"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <xlsxwriter.h>
#include <zip.h>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>

namespace mocua::adapters::catalog_io {

namespace {

constexpr zip_uint64_t kMaxPartBytes = 64ull * 1024 * 1024;
constexpr int kMaxRows = 1'000'000;

// Columns holding whole numbers: written as numbers so spreadsheets treat them as such.
const std::set<std::string>& NumberColumns() {
    static const std::set<std::string> kColumns = {"position", "amount_vnd", "quantity", "time_limit_value",
                                                   "max_length"};
    return kColumns;
}

bool IsInteger(const std::string& s) {
    if (s.empty() || s.size() > 15) return false;
    const std::size_t start = s[0] == '-' ? 1 : 0;
    if (start == s.size()) return false;
    for (std::size_t i = start; i < s.size(); ++i)
        if (s[i] < '0' || s[i] > '9') return false;
    return !(s.size() > start + 1 && s[start] == '0');
}

// ---- Reading -------------------------------------------------------------------------------------

struct ZipCloser {
    void operator()(zip_t* z) const { zip_discard(z); }
};
struct DocFree {
    void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using Doc = std::unique_ptr<xmlDoc, DocFree>;

std::optional<std::string> ReadPart(zip_t* z, const std::string& name) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(z, name.c_str(), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) || st.size > kMaxPartBytes)
        return std::nullopt;
    zip_file_t* f = zip_fopen(z, name.c_str(), 0);
    if (!f) return std::nullopt;
    std::string out(static_cast<std::size_t>(st.size), '\0');
    const zip_int64_t n = zip_fread(f, out.data(), st.size);
    zip_fclose(f);
    if (n < 0 || static_cast<zip_uint64_t>(n) != st.size) return std::nullopt;
    return out;
}

Doc ParseXml(const std::string& text) {
    return Doc(xmlReadMemory(text.data(), static_cast<int>(text.size()), "part.xml", nullptr,
                             XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
}

bool Is(const xmlNode* n, const char* local) {
    return n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, reinterpret_cast<const xmlChar*>(local)) == 0;
}

std::string Attr(const xmlNode* n, const char* name) {
    xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
    if (!v) return "";
    std::string out(reinterpret_cast<const char*>(v));
    xmlFree(v);
    return out;
}

// The relationship id attribute (r:id, in the officeDocument relationships namespace).
std::string RelId(const xmlNode* n) {
    for (const xmlAttr* a = n->properties; a; a = a->next) {
        if (xmlStrcmp(a->name, reinterpret_cast<const xmlChar*>("id")) == 0 && a->ns) {
            xmlChar* v = xmlNodeGetContent(reinterpret_cast<const xmlNode*>(a));
            std::string out(reinterpret_cast<const char*>(v));
            xmlFree(v);
            return out;
        }
    }
    return "";
}

std::string Content(const xmlNode* n) {
    xmlChar* v = xmlNodeGetContent(n);
    if (!v) return "";
    std::string out(reinterpret_cast<const char*>(v));
    xmlFree(v);
    return out;
}

// All text of the <t> elements under `n` (rich text runs), skipping phonetic runs (<rPh>).
void Texts(const xmlNode* n, std::string& out) {
    for (const xmlNode* c = n->children; c; c = c->next) {
        if (Is(c, "t"))
            out += Content(c);
        else if (Is(c, "r"))
            Texts(c, out);
    }
}

// "BC12" → column index 54 (0-based); -1 when malformed.
int ColumnOf(const std::string& ref) {
    int col = 0;
    std::size_t i = 0;
    for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z'; ++i) col = col * 26 + (ref[i] - 'A' + 1);
    if (i == 0 || i > 3) return -1;
    return col - 1;
}

std::string NumberText(const std::string& v) {
    // Whole numbers come back as "2000" (or "2000.0" from some writers), as people typed them.
    if (v.size() > 2 && v.ends_with(".0")) return v.substr(0, v.size() - 2);
    return v;
}

}  // namespace

core::Result<void> WriteXlsx(const std::vector<domain::catalog::Table>& tables, const std::string& path) {
    lxw_workbook* wb = workbook_new(path.c_str());
    if (!wb) return core::Error::Unavailable("cannot create " + path);
    for (const auto& t : tables) {
        lxw_worksheet* ws = workbook_add_worksheet(wb, t.name.c_str());
        if (!ws) {
            workbook_close(wb);
            return core::Error::Internal("cannot add the sheet " + t.name);
        }
        for (std::size_t c = 0; c < t.columns.size(); ++c)
            worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), t.columns[c].c_str(), nullptr);
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            for (std::size_t c = 0; c < t.rows[r].size() && c < t.columns.size(); ++c) {
                const std::string& v = t.rows[r][c];
                if (v.empty()) continue;
                const auto row = static_cast<lxw_row_t>(r + 1);
                const auto col = static_cast<lxw_col_t>(c);
                lxw_error e =
                    NumberColumns().contains(t.columns[c]) && IsInteger(v)
                        ? worksheet_write_number(ws, row, col, static_cast<double>(std::stoll(v)), nullptr)
                        : worksheet_write_string(ws, row, col, v.c_str(), nullptr);
                if (e != LXW_NO_ERROR) {
                    workbook_close(wb);
                    return core::Error::InvalidArgument(t.name + " row " + std::to_string(r + 2) + ": " +
                                                        lxw_strerror(e));
                }
            }
        }
    }
    if (lxw_error e = workbook_close(wb); e != LXW_NO_ERROR)
        return core::Error::Unavailable("cannot write " + path + ": " + lxw_strerror(e));
    return {};
}

std::vector<domain::catalog::Table> ReadXlsx(const std::string& path,
                                             std::vector<domain::catalog::Problem>& problems) {
    std::vector<domain::catalog::Table> tables;
    const std::string base = std::filesystem::path(path).filename().string();
    const auto fail = [&](std::string message) {
        problems.push_back({base, 0, "", "catalog.xlsx.container", std::move(message)});
    };
    int err = 0;
    std::unique_ptr<zip_t, ZipCloser> z(zip_open(path.c_str(), ZIP_RDONLY, &err));
    if (!z) {
        fail("not an XLSX workbook (cannot open it as a ZIP container)");
        return tables;
    }
    auto workbook = ReadPart(z.get(), "xl/workbook.xml");
    auto rels = ReadPart(z.get(), "xl/_rels/workbook.xml.rels");
    if (!workbook || !rels) {
        fail("not an XLSX workbook (xl/workbook.xml is missing or too large)");
        return tables;
    }
    // Relationship id → part name.
    std::map<std::string, std::string> targets;
    if (Doc doc = ParseXml(*rels)) {
        for (xmlNode* n = xmlDocGetRootElement(doc.get())->children; n; n = n->next) {
            if (!Is(n, "Relationship")) continue;
            std::string target = Attr(n, "Target");
            if (target.starts_with("/"))
                target = target.substr(1);
            else
                target = "xl/" + target;
            targets[Attr(n, "Id")] = target;
        }
    }
    std::vector<std::string> shared;
    if (auto text = ReadPart(z.get(), "xl/sharedStrings.xml")) {
        Doc doc = ParseXml(*text);
        if (!doc) {
            fail("xl/sharedStrings.xml is not well-formed XML");
            return tables;
        }
        for (xmlNode* si = xmlDocGetRootElement(doc.get())->children; si; si = si->next) {
            if (!Is(si, "si")) continue;
            std::string s;
            Texts(si, s);
            shared.push_back(std::move(s));
        }
    }
    Doc wb = ParseXml(*workbook);
    if (!wb) {
        fail("xl/workbook.xml is not well-formed XML");
        return tables;
    }
    for (xmlNode* n = xmlDocGetRootElement(wb.get())->children; n; n = n->next) {
        if (!Is(n, "sheets")) continue;
        for (xmlNode* sheet = n->children; sheet; sheet = sheet->next) {
            if (!Is(sheet, "sheet")) continue;
            domain::catalog::Table table;
            table.name = Attr(sheet, "name");
            table.file = base + "#" + table.name;
            auto part = ReadPart(z.get(), targets[RelId(sheet)]);
            Doc doc = part ? ParseXml(*part) : nullptr;
            if (!doc) {
                problems.push_back({table.file, 0, "", "catalog.xlsx.sheet", "the sheet cannot be read"});
                continue;
            }
            std::vector<std::pair<int, std::vector<std::string>>> rows;
            for (xmlNode* data = xmlDocGetRootElement(doc.get())->children; data; data = data->next) {
                if (!Is(data, "sheetData")) continue;
                int next_row = 1;
                for (xmlNode* row = data->children; row; row = row->next) {
                    if (!Is(row, "row")) continue;
                    const std::string r = Attr(row, "r");
                    const int number = r.empty() ? next_row : std::atoi(r.c_str());
                    next_row = number + 1;
                    if (number < 1 || number > kMaxRows) {
                        problems.push_back({table.file, number, "", "catalog.xlsx.rows", "too many rows"});
                        break;
                    }
                    std::vector<std::string> cells;
                    int next_col = 0;
                    for (xmlNode* c = row->children; c; c = c->next) {
                        if (!Is(c, "c")) continue;
                        const std::string ref = Attr(c, "r");
                        const int col = ref.empty() ? next_col : ColumnOf(ref);
                        if (col < 0 || col > 1000) continue;
                        next_col = col + 1;
                        const std::string type = Attr(c, "t");
                        std::string value, v;
                        bool has_v = false;
                        for (xmlNode* k = c->children; k; k = k->next) {
                            if (Is(k, "v")) {
                                v = Content(k);
                                has_v = true;
                            } else if (Is(k, "is")) {
                                Texts(k, value);
                            }
                        }
                        if (type == "s" && has_v) {
                            const auto idx = static_cast<std::size_t>(std::atol(v.c_str()));
                            if (idx < shared.size()) value = shared[idx];
                        } else if (type == "b" && has_v) {
                            value = v == "1" ? "true" : "false";
                        } else if ((type.empty() || type == "n") && has_v) {
                            value = NumberText(v);
                        } else if (type == "str" && has_v) {
                            value = v;
                        }
                        if (cells.size() <= static_cast<std::size_t>(col))
                            cells.resize(static_cast<std::size_t>(col) + 1);
                        cells[static_cast<std::size_t>(col)] = std::move(value);
                    }
                    rows.emplace_back(number, std::move(cells));
                }
            }
            bool header = true;
            for (auto& [number, cells] : rows) {
                bool blank = true;
                for (const auto& c : cells) blank = blank && c.empty();
                if (blank) continue;
                if (header) {
                    table.columns = std::move(cells);
                    header = false;
                    continue;
                }
                table.rows.push_back(std::move(cells));
                table.lines.push_back(number);
            }
            tables.push_back(std::move(table));
        }
    }
    return tables;
}

}  // namespace mocua::adapters::catalog_io
