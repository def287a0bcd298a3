#include "core/secret_file.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace mocua::core {

namespace fs = std::filesystem;

Result<std::string> LoadOrCreateSecretFile(const std::string& data_dir, const std::string& name,
                                           std::size_t size,
                                           const std::function<std::string(std::size_t)>& random,
                                           const std::string& advice) {
    const fs::path dir = fs::path(data_dir) / "keys";
    const fs::path file = dir / name;
    std::error_code ec;
    if (!fs::exists(file, ec)) {
        fs::create_directories(dir, ec);
        if (ec) return Error::Unavailable("cannot create " + dir.string() + ": " + ec.message());
        fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
        const std::string key = random(size);
        const fs::path tmp = dir / (name + ".tmp");
        {
            const mode_t old_mask = ::umask(077);
            std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
            ::umask(old_mask);
            out.write(key.data(), static_cast<std::streamsize>(key.size()));
            out.flush();
            if (!out) return Error::Unavailable("cannot write " + tmp.string());
        }
        fs::rename(tmp, file, ec);
        if (ec) return Error::Unavailable("cannot create " + file.string() + ": " + ec.message());
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error::Unavailable("cannot read " + file.string());
    std::ostringstream data;
    data << in.rdbuf();
    std::string key = data.str();
    if (key.size() != size) {
        return Error::InvalidArgument(file.string() + " must hold exactly " + std::to_string(size) +
                                      " bytes; " + advice);
    }
    return key;
}

}  // namespace mocua::core
