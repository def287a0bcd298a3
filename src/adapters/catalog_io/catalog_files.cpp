#include "adapters/catalog_io/catalog_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "adapters/catalog_io/csv.hpp"
#include "adapters/catalog_io/xlsx.hpp"
#include "domain/catalog/tables.hpp"
#include "domain/catalog/validation.hpp"

namespace mocua::adapters::catalog_io {

namespace fs = std::filesystem;
using domain::catalog::ParsedCatalogue;

namespace {

std::optional<std::string> Slurp(const fs::path& p, std::uintmax_t limit) {
    std::error_code ec;
    const auto size = fs::file_size(p, ec);
    if (ec || size > limit) return std::nullopt;
    std::ifstream in(p, std::ios::binary);
    if (!in) return std::nullopt;
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// Loads the form files named relative to `base`. Paths may not leave `base`.
void LoadForms(ParsedCatalogue& parsed, const fs::path& base) {
    const fs::path root = fs::weakly_canonical(base);
    for (auto& form : parsed.catalogue.forms) {
        if (form.file.empty()) continue;
        const fs::path p = fs::weakly_canonical(root / form.file);
        const auto rel = p.lexically_relative(root);
        if (rel.empty() || *rel.begin() == "..") continue;  // reported as missing by validation
        if (auto bytes = Slurp(p, domain::catalog::kMaxFormFileBytes + 1))
            form.content = domain::catalog::FormFile{
                p.filename().string(), domain::catalog::FormFileType(*bytes).value_or(""), std::move(*bytes)};
    }
}

std::string Extension(const std::string& media_type) {
    if (media_type == "application/pdf") return ".pdf";
    if (media_type == "application/msword") return ".doc";
    if (media_type == "application/vnd.oasis.opendocument.text") return ".odt";
    return ".docx";
}

core::Result<void> WriteFile(const fs::path& p, std::string_view bytes) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) return core::Error::Unavailable("cannot write " + p.string());
    return {};
}

}  // namespace

std::optional<Format> ParseFormat(std::string_view name) {
    if (name == "json") return Format::kJson;
    if (name == "csv") return Format::kCsv;
    if (name == "xlsx") return Format::kXlsx;
    return std::nullopt;
}

Format GuessFormat(const std::string& path) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) return Format::kCsv;
    const std::string ext = fs::path(path).extension().string();
    if (ext == ".csv" || ext == ".CSV") return Format::kCsv;
    if (ext == ".xlsx" || ext == ".XLSX") return Format::kXlsx;
    return Format::kJson;
}

core::Result<ParsedCatalogue> ReadCatalogue(const std::vector<std::string>& paths, Format format) {
    if (paths.empty()) return core::Error::InvalidArgument("no catalogue file given");
    constexpr std::uintmax_t kMaxCatalogue = 256ull * 1024 * 1024;
    for (const auto& p : paths) {
        std::error_code ec;
        if (!fs::exists(p, ec))
            return core::Error::InvalidArgument("cannot read " + p + ": no such file or folder");
    }
    if (format == Format::kJson) {
        if (paths.size() != 1) return core::Error::InvalidArgument("a JSON catalogue is one file");
        auto text = Slurp(paths[0], kMaxCatalogue);
        if (!text) return core::Error::InvalidArgument("cannot read " + paths[0]);
        ParsedCatalogue parsed =
            domain::catalog::ParseCatalogueJson(*text, fs::path(paths[0]).filename().string());
        LoadForms(parsed, fs::path(paths[0]).parent_path());
        return parsed;
    }
    std::vector<domain::catalog::Problem> problems;
    std::vector<domain::catalog::Table> tables;
    fs::path base;
    if (format == Format::kXlsx) {
        if (paths.size() != 1) return core::Error::InvalidArgument("an XLSX catalogue is one workbook");
        tables = ReadXlsx(paths[0], problems);
        base = fs::path(paths[0]).parent_path();
    } else {
        std::vector<fs::path> files;
        if (paths.size() == 1 && fs::is_directory(paths[0])) {
            base = paths[0];
            for (const auto& e : fs::directory_iterator(paths[0]))
                if (e.path().extension() == ".csv") files.push_back(e.path());
            std::sort(files.begin(), files.end());
        } else {
            for (const auto& p : paths) files.emplace_back(p);
            base = files.front().parent_path();
        }
        for (const auto& f : files) {
            auto text = Slurp(f, kMaxCatalogue);
            if (!text) return core::Error::InvalidArgument("cannot read " + f.string());
            tables.push_back(ReadCsvTable(*text, f.stem().string(), f.filename().string(), problems));
        }
    }
    ParsedCatalogue parsed;
    if (problems.empty()) parsed = domain::catalog::TablesToCatalogue(tables);
    for (auto& p : problems) parsed.problems.push_back(std::move(p));
    LoadForms(parsed, base);
    return parsed;
}

core::Result<void> WriteCatalogue(domain::catalog::Catalogue catalogue, Format format,
                                  const std::string& out) {
    std::error_code ec;
    const fs::path target(out);
    const fs::path folder =
        format == Format::kCsv ? target : (target.has_parent_path() ? target.parent_path() : ".");
    fs::create_directories(folder, ec);
    if (ec) return core::Error::Unavailable("cannot create " + folder.string() + ": " + ec.message());
    for (auto& form : catalogue.forms) {
        form.file.clear();
        if (!form.content || form.content->bytes.empty()) continue;
        fs::create_directories(folder / "forms", ec);
        const std::string name =
            "forms/" + form.key +
            Extension(domain::catalog::FormFileType(form.content->bytes).value_or(form.content->media_type));
        if (auto w = WriteFile(folder / name, form.content->bytes); !w.ok()) return w;
        form.file = name;
    }
    if (format == Format::kJson)
        return WriteFile(target, domain::catalog::CatalogueToJson(catalogue).dump(2) + "\n");
    const auto tables = domain::catalog::CatalogueToTables(catalogue);
    if (format == Format::kXlsx) return WriteXlsx(tables, out);
    for (const auto& t : tables)
        if (auto w = WriteFile(target / (t.name + ".csv"), WriteCsvTable(t)); !w.ok()) return w;
    return {};
}

}  // namespace mocua::adapters::catalog_io
