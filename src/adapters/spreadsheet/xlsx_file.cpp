#include "adapters/spreadsheet/xlsx_file.hpp"

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/text/text.hpp"

namespace mocua::adapters::spreadsheet {

namespace {

// Removes the temporary file however the function ends.
struct TempFile {
    std::string path;
    ~TempFile() {
        if (!path.empty()) ::unlink(path.c_str());
    }
};

}  // namespace

core::Result<std::string> RenderWorkbook(
    const WorkbookSpec& spec, const std::function<lxw_error(lxw_workbook*, lxw_worksheet*)>& fill) {
    auto failed = [&spec](const std::string& why) { return core::Error::Internal(spec.what + ": " + why); };
    const std::string dir =
        spec.temp_dir.empty() ? std::filesystem::temp_directory_path().string() : spec.temp_dir;
    std::string pattern = dir + "/mocua-xlsx-XXXXXX";
    const int fd = ::mkstemp(pattern.data());
    if (fd < 0) return failed("cannot create a temporary file in " + dir);
    ::close(fd);
    TempFile temp{pattern};

    lxw_workbook_options options = {};
    options.tmpdir = const_cast<char*>(dir.c_str());
    lxw_workbook* wb = workbook_new_opt(temp.path.c_str(), &options);
    if (wb == nullptr) return failed("cannot create the workbook");
    const std::string title = core::text::ToNfc(spec.title);
    if (!title.empty()) {
        lxw_doc_properties properties = {};
        properties.title = const_cast<char*>(title.c_str());
        workbook_set_properties(wb, &properties);
    }
    lxw_worksheet* ws = workbook_add_worksheet(wb, spec.sheet_name.c_str());
    if (ws == nullptr) {
        workbook_close(wb);
        return failed("cannot add the sheet");
    }
    const lxw_error written = fill(wb, ws);
    const lxw_error closed = workbook_close(wb);  // frees the workbook whatever `fill` did
    if (written != LXW_NO_ERROR) return failed(lxw_strerror(written));
    if (closed != LXW_NO_ERROR) return failed(lxw_strerror(closed));

    std::ifstream in(temp.path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in && !in.eof()) return failed("cannot read back " + temp.path);
    return bytes;
}

}  // namespace mocua::adapters::spreadsheet
