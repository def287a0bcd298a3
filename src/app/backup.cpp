#include "app/backup.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sodium.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include <soci/soci.h>
#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "db/migrations.hpp"
#include "db/storage.hpp"

#ifndef MOCUA_VERSION
#define MOCUA_VERSION "dev"
#endif

extern char** environ;

namespace mocua::app {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kManifestName = "manifest.json";
constexpr const char* kSqliteMember = "database/mocua.db";
constexpr const char* kPostgresMember = "database/mocua.pgdump";
constexpr std::size_t kChunk = 64 * 1024;

std::string Hex(const unsigned char* bytes, std::size_t n) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    out.reserve(n * 2);
    for (std::size_t i = 0; i < n; ++i) {
        out += digits[bytes[i] >> 4];
        out += digits[bytes[i] & 0xf];
    }
    return out;
}

class Sha256 {
public:
    Sha256() { crypto_hash_sha256_init(&state_); }
    void Update(const void* data, std::size_t n) {
        crypto_hash_sha256_update(&state_, static_cast<const unsigned char*>(data), n);
    }
    std::string HexDigest() {
        unsigned char out[crypto_hash_sha256_BYTES];
        crypto_hash_sha256_final(&state_, out);
        return Hex(out, sizeof out);
    }

private:
    crypto_hash_sha256_state state_;
};

// libarchive's message for the last error; it may have none.
std::string ArchiveError(archive* a) {
    const char* m = archive_error_string(a);
    return m ? m : "unknown error";
}

std::string MiB(std::int64_t bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
    return buf;
}

// "files: 12/240 (3.1 MiB)" at every tenth of the way, so a log shows progress without a flood.
class FileProgress {
public:
    FileProgress(const BackupProgress& progress, std::string verb, std::size_t total)
        : progress_(progress), verb_(std::move(verb)), total_(total) {}
    void Done(std::int64_t bytes) {
        ++done_;
        bytes_ += bytes;
        const std::size_t decile = total_ ? done_ * 10 / total_ : 10;
        if (progress_ && (decile != last_decile_ || done_ == total_)) {
            last_decile_ = decile;
            progress_(verb_ + ": " + std::to_string(done_) + "/" + std::to_string(total_) + " (" +
                      MiB(bytes_) + ")");
        }
    }

private:
    const BackupProgress& progress_;
    std::string verb_;
    std::size_t total_;
    std::size_t done_ = 0;
    std::int64_t bytes_ = 0;
    std::size_t last_decile_ = static_cast<std::size_t>(-1);
};

std::string Errno(const std::string& what, const std::string& path) {
    return what + " " + path + ": " + std::strerror(errno);
}

core::Result<BackupMember> HashFile(const std::string& path, const std::string& member_path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return core::Error::Unavailable(Errno("cannot read", path));
    struct stat st {};
    ::fstat(fd, &st);
    Sha256 hash;
    std::vector<char> buf(kChunk);
    std::int64_t size = 0;
    for (;;) {
        const ssize_t n = ::read(fd, buf.data(), buf.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            ::close(fd);
            return core::Error::Unavailable(Errno("cannot read", path));
        }
        if (n == 0) break;
        hash.Update(buf.data(), static_cast<std::size_t>(n));
        size += n;
    }
    ::close(fd);
    return BackupMember{member_path, size, hash.HexDigest(), static_cast<unsigned>(st.st_mode & 0777)};
}

// Runs `argv` (found on PATH) and waits. The child inherits stderr, so pg_dump's own messages reach the
// operator. Returns its exit status, or an error when it could not start.
core::Result<int> RunTool(const std::vector<std::string>& argv) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    if (const int rc = ::posix_spawnp(&pid, args[0], nullptr, nullptr, args.data(), environ); rc != 0) {
        return core::Error::Unavailable("cannot run " + argv[0] + ": " + std::strerror(rc) +
                                        " (install postgresql-client: make deps)");
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) return core::Error::Unavailable("waiting for " + argv[0] + " failed");
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

bool FsyncPath(const std::string& path, int flags) {
    const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
    if (fd < 0) return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

// Regular files under data_dir/folder, as (absolute path, member path), sorted for a stable archive.
// Temporary files of an upload in progress (".tmp-*") are not part of the store.
std::vector<std::pair<std::string, std::string>> ListFiles(const fs::path& data_dir,
                                                           const std::string& folder) {
    std::vector<std::pair<std::string, std::string>> out;
    std::error_code ec;
    const fs::path root = data_dir / folder;
    if (!fs::is_directory(root, ec)) return out;
    for (auto it = fs::recursive_directory_iterator(root, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        const std::string name = it->path().filename().string();
        if (name.starts_with(".tmp-")) continue;
        out.emplace_back(it->path().string(), fs::relative(it->path(), data_dir).generic_string());
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
    return out;
}

json ToJson(const BackupManifest& m) {
    json members = json::array();
    for (const auto& f : m.members) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", f.mode);
        members.push_back({{"path", f.path}, {"size", f.size}, {"sha256", f.sha256}, {"mode", mode}});
    }
    return {
        {"format", "mocua-backup"}, {"format_version", m.format_version}, {"mocua_version", m.mocua_version},
        {"engine", m.engine},       {"schema_version", m.schema_version}, {"created_at", m.created_at},
        {"members", members}};
}

// Member paths are relative, without "..", "." or empty segments, under one of the three folders.
bool SafeMemberPath(const std::string& p) {
    if (p.empty() || p.front() == '/' || p.size() > 512) return false;
    if (!(p.starts_with("database/") || p.starts_with("uploads/") || p.starts_with("keys/"))) return false;
    std::size_t start = 0;
    while (start <= p.size()) {
        const auto end = std::min(p.find('/', start), p.size());
        const std::string seg = p.substr(start, end - start);
        if (seg.empty() || seg == "." || seg == "..") return false;
        start = end + 1;
    }
    return true;
}

core::Result<BackupManifest> FromJson(const std::string& text) {
    BackupManifest m;
    try {
        const json j = json::parse(text);
        if (j.at("format").get<std::string>() != "mocua-backup")
            return core::Error::InvalidArgument("not a mocua backup (manifest format)");
        m.format_version = j.at("format_version").get<int>();
        if (m.format_version != BackupManifest::kFormatVersion)
            return core::Error::InvalidArgument("backup format version " + std::to_string(m.format_version) +
                                                " is not supported by this mocua (it reads version " +
                                                std::to_string(BackupManifest::kFormatVersion) + ")");
        m.mocua_version = j.at("mocua_version").get<std::string>();
        m.engine = j.at("engine").get<std::string>();
        if (m.engine != "sqlite" && m.engine != "postgresql")
            return core::Error::InvalidArgument("backup manifest names an unknown engine `" + m.engine + "`");
        m.schema_version = j.at("schema_version").get<int>();
        m.created_at = j.at("created_at").get<std::string>();
        std::set<std::string> seen;
        for (const auto& f : j.at("members")) {
            BackupMember b;
            b.path = f.at("path").get<std::string>();
            b.size = f.at("size").get<std::int64_t>();
            b.sha256 = f.at("sha256").get<std::string>();
            b.mode = static_cast<unsigned>(std::stoul(f.at("mode").get<std::string>(), nullptr, 8)) & 0777;
            if (!SafeMemberPath(b.path) || b.size < 0 || b.sha256.size() != 64 || !seen.insert(b.path).second)
                return core::Error::InvalidArgument("backup manifest has a bad member entry `" + b.path +
                                                    "`");
            m.members.push_back(std::move(b));
        }
    } catch (const std::exception& e) {
        return core::Error::InvalidArgument(std::string("backup manifest is unreadable: ") + e.what());
    }
    const std::string db_member = m.engine == "sqlite" ? kSqliteMember : kPostgresMember;
    if (std::none_of(m.members.begin(), m.members.end(), [&](const auto& b) { return b.path == db_member; }))
        return core::Error::InvalidArgument("backup manifest has no " + db_member);
    return m;
}

struct ArchiveReader {
    archive* a = archive_read_new();
    ~ArchiveReader() { archive_read_free(a); }
};

// Reads the archive from the start; calls on_member(path, mode, read) for every member after the
// manifest, where read(sink) streams the member's bytes into sink and returns their SHA-256.
using Sink = std::function<core::Result<void>(const char*, std::size_t)>;
using MemberFn = std::function<core::Result<void>(
    const std::string& path, const std::function<core::Result<std::string>(const Sink&)>& read)>;

core::Result<BackupManifest> ReadArchive(const std::string& path, const MemberFn& on_member) {
    ArchiveReader r;
    archive_read_support_format_tar(r.a);
    if (archive_read_open_filename(r.a, path.c_str(), 1 << 16) != ARCHIVE_OK)
        return core::Error::InvalidArgument("cannot open the backup " + path + ": " + ArchiveError(r.a));
    archive_entry* entry = nullptr;
    if (archive_read_next_header(r.a, &entry) != ARCHIVE_OK ||
        std::string(archive_entry_pathname(entry)) != kManifestName)
        return core::Error::InvalidArgument(path + " is not a mocua backup: its first member is not " +
                                            kManifestName);
    std::string manifest_text;
    {
        char buf[kChunk];
        la_ssize_t n = 0;
        while ((n = archive_read_data(r.a, buf, sizeof buf)) > 0) {
            manifest_text.append(buf, static_cast<std::size_t>(n));
            if (manifest_text.size() > (64u << 20))
                return core::Error::InvalidArgument("backup manifest too large");
        }
        if (n < 0)
            return core::Error::InvalidArgument(std::string("backup is damaged: ") + ArchiveError(r.a));
    }
    auto manifest = FromJson(manifest_text);
    if (!manifest.ok()) return manifest.error();
    std::map<std::string, const BackupMember*> expected;
    for (const auto& m : manifest->members) expected[m.path] = &m;
    std::set<std::string> found;
    for (;;) {
        const int rc = archive_read_next_header(r.a, &entry);
        if (rc == ARCHIVE_EOF) break;
        if (rc != ARCHIVE_OK)
            return core::Error::InvalidArgument(std::string("backup is damaged: ") + ArchiveError(r.a));
        const std::string member = archive_entry_pathname(entry);
        auto it = expected.find(member);
        if (it == expected.end() || !found.insert(member).second)
            return core::Error::InvalidArgument("backup member `" + member +
                                                "` is not in its manifest (tampered?)");
        const BackupMember& want = *it->second;
        std::int64_t size = 0;
        auto read = [&](const Sink& sink) -> core::Result<std::string> {
            Sha256 hash;
            char buf[kChunk];
            la_ssize_t n = 0;
            while ((n = archive_read_data(r.a, buf, sizeof buf)) > 0) {
                hash.Update(buf, static_cast<std::size_t>(n));
                size += n;
                if (sink) {
                    if (auto ok = sink(buf, static_cast<std::size_t>(n)); !ok.ok()) return ok.error();
                }
            }
            if (n < 0)
                return core::Error::InvalidArgument(std::string("backup is damaged: ") + ArchiveError(r.a));
            return hash.HexDigest();
        };
        std::string digest;
        auto wrapped = [&](const Sink& sink) -> core::Result<std::string> {
            auto d = read(sink);
            if (!d.ok()) return d.error();
            digest = *d;
            if (digest != want.sha256 || size != want.size)
                return core::Error::InvalidArgument(
                    "backup member `" + member + "` does not match its manifest hash (damaged or tampered)");
            return digest;
        };
        if (auto ok = on_member(member, wrapped); !ok.ok()) return ok.error();
        if (digest.empty()) {  // the callback skipped it: still check it
            if (auto d = wrapped(Sink{}); !d.ok()) return d.error();
        }
    }
    for (const auto& m : manifest->members) {
        if (!found.count(m.path))
            return core::Error::InvalidArgument("backup member `" + m.path +
                                                "` is missing (truncated archive?)");
    }
    return manifest;
}

std::string EngineName(db::Engine e) { return e == db::Engine::kSqlite ? "sqlite" : "postgresql"; }

bool DirectoryIsEmptyOrMissing(const fs::path& dir) {
    std::error_code ec;
    if (!fs::exists(dir, ec)) return true;
    return fs::is_directory(dir, ec) && fs::is_empty(dir, ec);
}

}  // namespace

core::Result<BackupManifest> CreateBackup(const config::Config& config, db::Database& db,
                                          const std::string& archive_path, const BackupProgress& progress) {
    auto say = [&](const std::string& line) {
        if (progress) progress(line);
    };
    if (sodium_init() < 0) return core::Error::Internal("libsodium cannot be initialised");
    std::error_code ec;
    if (fs::exists(archive_path, ec))
        return core::Error::InvalidArgument(archive_path + " exists already; choose a new file name");
    const fs::path data_dir = config.storage.data_dir;
    auto status = db::ReadSchemaStatus(db);
    if (!status.ok()) return status.error();

    // Staging beside the archive, so the final rename stays on one file system.
    const std::string part = archive_path + ".part";
    const std::string staging = archive_path + ".staging";
    fs::remove_all(staging, ec);
    fs::remove(part, ec);
    if (!fs::create_directory(staging, ec) || ec)
        return core::Error::Unavailable("cannot create " + staging + ": " + ec.message());
    struct Cleanup {
        std::string staging, part;
        ~Cleanup() {
            std::error_code e;
            fs::remove_all(staging, e);
            fs::remove(part, e);
        }
    } cleanup{staging, part};

    BackupManifest manifest;
    manifest.mocua_version = MOCUA_VERSION;
    manifest.engine = EngineName(db.engine());
    manifest.schema_version = status->current;
    manifest.created_at = core::FormatUtc(core::SystemClock().Now());

    // 1. The database, before the files (see the header on consistency).
    std::vector<std::pair<std::string, std::string>> sources;  // (file on disk, member path)
    if (db.engine() == db::Engine::kSqlite) {
        const std::string copy = staging + "/mocua.db";
        say("database: copying " + db.description() + " (online backup)");
        auto copied = db::CopySqliteDatabase(
            db, copy, [&](int pages, int) { say("database: copied " + std::to_string(pages) + " pages"); });
        if (!copied.ok()) return copied.error();
        sources.emplace_back(copy, kSqliteMember);
    } else {
        const std::string dump = staging + "/mocua.pgdump";
        say("database: pg_dump of " + db.description());
        auto rc = RunTool({"pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file=" + dump,
                           "--dbname=" + config.database.url});
        if (!rc.ok()) return rc.error();
        if (*rc != 0)
            return core::Error::Unavailable("pg_dump failed (exit status " + std::to_string(*rc) + ")");
        sources.emplace_back(dump, kPostgresMember);
        say("database: dump written");
    }
    for (const char* folder : {"uploads", "keys"}) {
        for (auto& f : ListFiles(data_dir, folder)) sources.push_back(std::move(f));
    }

    // 2. Sizes and hashes for the manifest, which goes first so a restore can check before writing.
    {
        FileProgress files(progress, "hashing", sources.size());
        for (const auto& [file, member] : sources) {
            auto m = HashFile(file, member);
            if (!m.ok()) return m.error();
            files.Done(m->size);
            // The database copy holds personal data: private whatever the umask made of the copy.
            if (member.starts_with("database/")) m->mode = 0600;
            manifest.members.push_back(std::move(m.value()));
        }
    }

    // 3. The archive, written to ".part", synced, then renamed: a crash never leaves a half archive
    // under the final name.
    std::unique_ptr<archive, decltype(&archive_write_free)> w(archive_write_new(), archive_write_free);
    archive_write_set_format_pax_restricted(w.get());
    // 0600: the archive holds personal data and the keys.
    const int part_fd = ::open(part.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (part_fd < 0) return core::Error::Unavailable(Errno("cannot create", part));
    struct FdCloser {
        int fd;
        ~FdCloser() { ::close(fd); }
    } part_closer{part_fd};
    if (archive_write_open_fd(w.get(), part_fd) != ARCHIVE_OK)
        return core::Error::Unavailable("cannot write " + part + ": " + ArchiveError(w.get()));
    auto write_entry = [&](const std::string& name, std::int64_t size, unsigned mode) -> core::Result<void> {
        std::unique_ptr<archive_entry, decltype(&archive_entry_free)> e(archive_entry_new(),
                                                                        archive_entry_free);
        archive_entry_set_pathname(e.get(), name.c_str());
        archive_entry_set_size(e.get(), size);
        archive_entry_set_filetype(e.get(), AE_IFREG);
        archive_entry_set_perm(e.get(), mode);
        archive_entry_set_mtime(e.get(), std::time(nullptr), 0);
        if (archive_write_header(w.get(), e.get()) != ARCHIVE_OK)
            return core::Error::Unavailable("cannot write " + part + ": " + ArchiveError(w.get()));
        return {};
    };
    const std::string manifest_text = ToJson(manifest).dump(2) + "\n";
    if (auto ok = write_entry(kManifestName, static_cast<std::int64_t>(manifest_text.size()), 0600); !ok.ok())
        return ok.error();
    if (archive_write_data(w.get(), manifest_text.data(), manifest_text.size()) < 0)
        return core::Error::Unavailable("cannot write " + part + ": " + ArchiveError(w.get()));
    FileProgress files(progress, "archiving", sources.size());
    for (std::size_t i = 0; i < sources.size(); ++i) {
        const auto& want = manifest.members[i];
        if (auto ok = write_entry(want.path, want.size, want.mode); !ok.ok()) return ok.error();
        const int fd = ::open(sources[i].first.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return core::Error::Unavailable(Errno("cannot read", sources[i].first));
        Sha256 hash;
        std::vector<char> buf(kChunk);
        std::int64_t size = 0;
        ssize_t n = 0;
        while ((n = ::read(fd, buf.data(), buf.size())) > 0 && size + n <= want.size) {
            hash.Update(buf.data(), static_cast<std::size_t>(n));
            size += n;
            if (archive_write_data(w.get(), buf.data(), static_cast<std::size_t>(n)) < 0) {
                ::close(fd);
                return core::Error::Unavailable("cannot write " + part + ": " + ArchiveError(w.get()));
            }
        }
        ::close(fd);
        // A file that changed between hashing and archiving would make the archive disagree with its
        // manifest; uploads and keys never change in place, so this is a real fault, not a race.
        if (n < 0 || size != want.size || hash.HexDigest() != want.sha256)
            return core::Error::Unavailable(sources[i].first + " changed while it was being backed up");
        files.Done(size);
    }
    if (archive_write_close(w.get()) != ARCHIVE_OK)
        return core::Error::Unavailable("cannot finish " + part + ": " + ArchiveError(w.get()));
    if (::fsync(part_fd) != 0) return core::Error::Unavailable(Errno("cannot sync", part));
    fs::rename(part, archive_path, ec);
    if (ec) return core::Error::Unavailable("cannot rename " + part + ": " + ec.message());
    const fs::path parent = fs::absolute(archive_path).parent_path();
    FsyncPath(parent.string(), O_RDONLY | O_DIRECTORY);
    say("backup written: " + archive_path + " (" + std::to_string(manifest.members.size()) + " members, " +
        MiB(static_cast<std::int64_t>(fs::file_size(archive_path, ec))) + ")");
    return manifest;
}

core::Result<BackupManifest> VerifyBackup(const std::string& archive_path, const BackupProgress& progress) {
    if (sodium_init() < 0) return core::Error::Internal("libsodium cannot be initialised");
    std::size_t checked = 0;
    auto m = ReadArchive(archive_path, [&](const std::string&, const auto& read) -> core::Result<void> {
        auto d = read(Sink{});
        if (!d.ok()) return d.error();
        ++checked;
        return {};
    });
    if (m.ok() && progress)
        progress("verified: " + std::to_string(checked) + " members match the manifest (" + m->engine +
                 ", schema version " + std::to_string(m->schema_version) + ", taken " + m->created_at + ")");
    return m;
}

core::Result<BackupManifest> RestoreBackup(const config::Config& config, const std::string& archive_path,
                                           const BackupProgress& progress) {
    auto say = [&](const std::string& line) {
        if (progress) progress(line);
    };
    auto engine = db::EngineFromUrl(config.database.url);
    if (!engine.ok()) return engine.error();
    const fs::path data_dir = config.storage.data_dir;
    if (!DirectoryIsEmptyOrMissing(data_dir))
        return core::Error::InvalidArgument("the data directory " + data_dir.string() +
                                            " is not empty; restore only into a new, empty data directory");

    // 1. Check everything before writing anything.
    say("checking " + archive_path);
    auto manifest = VerifyBackup(archive_path, progress);
    if (!manifest.ok()) return manifest.error();
    if (manifest->engine != EngineName(*engine))
        return core::Error::InvalidArgument("this backup holds a " + manifest->engine +
                                            " database but the target is " + EngineName(*engine) +
                                            "; restore into the same engine (mocua export/import move data "
                                            "between engines)");
    std::unique_ptr<db::Database> target;
    if (*engine == db::Engine::kPostgres) {
        db::DatabaseOptions options;
        options.url = config.database.url;
        options.pool_size = 1;
        auto opened = db::Database::Open(options);
        if (!opened.ok()) return opened.error();
        target = std::move(opened.value());
        int tables = 0;
        {
            auto c = target->Acquire();
            c.sql() << "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname NOT IN "
                       "('pg_catalog', 'information_schema')",
                soci::into(tables);
        }
        if (tables > 0)
            return core::Error::InvalidArgument(
                "the target database holds " + std::to_string(tables) +
                " tables; restore only into a new, empty database (createdb)");
        target.reset();
    }

    // 2. Write. Everything goes under a fresh data directory; on failure it is removed again.
    std::error_code ec;
    const bool created_dir = !fs::exists(data_dir, ec);
    fs::create_directories(data_dir, ec);
    if (ec) return core::Error::Unavailable("cannot create " + data_dir.string() + ": " + ec.message());
    fs::permissions(data_dir, fs::perms::owner_all, ec);
    bool success = false;
    struct Undo {
        const fs::path& dir;
        bool created;
        const bool& success;
        ~Undo() {
            if (success) return;
            std::error_code e;
            if (created) {
                fs::remove_all(dir, e);
            } else {
                for (const auto& entry : fs::directory_iterator(dir, e)) fs::remove_all(entry.path(), e);
            }
        }
    } undo{data_dir, created_dir, success};

    const std::string pg_dump_file = (data_dir / ".restore.pgdump").string();
    FileProgress files(progress, "restoring", manifest->members.size());
    auto restored =
        ReadArchive(archive_path, [&](const std::string& member, const auto& read) -> core::Result<void> {
            std::string dest;
            unsigned mode = 0600;
            for (const auto& m : manifest->members)
                if (m.path == member) mode = m.mode;
            if (member == kSqliteMember) {
                dest = (data_dir / "mocua.db").string();
            } else if (member == kPostgresMember) {
                dest = pg_dump_file;
            } else if (member.starts_with("database/")) {
                return core::Error::InvalidArgument("backup member `" + member + "` is not expected");
            } else {
                dest = (data_dir / member).string();
            }
            fs::create_directories(fs::path(dest).parent_path(), ec);
            if (ec) return core::Error::Unavailable("cannot create " + fs::path(dest).parent_path().string());
            // Folders of the upload store and the keys are private, as the server creates them.
            for (fs::path p = fs::path(dest).parent_path(); p != data_dir && p.has_relative_path();
                 p = p.parent_path())
                fs::permissions(p, fs::perms::owner_all, ec);
            const int fd = ::open(dest.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
            if (fd < 0) return core::Error::Unavailable(Errno("cannot create", dest));
            std::int64_t written = 0;
            auto digest = read([&](const char* data, std::size_t n) -> core::Result<void> {
                while (n > 0) {
                    const ssize_t w = ::write(fd, data, n);
                    if (w < 0 && errno == EINTR) continue;
                    if (w < 0) return core::Error::Unavailable(Errno("cannot write", dest));
                    data += w;
                    n -= static_cast<std::size_t>(w);
                    written += w;
                }
                return {};
            });
            const bool synced = ::fsync(fd) == 0;
            ::fchmod(fd, mode);
            ::close(fd);
            if (!digest.ok()) return digest.error();
            if (!synced) return core::Error::Unavailable(Errno("cannot sync", dest));
            files.Done(written);
            return {};
        });
    if (!restored.ok()) return restored.error();

    if (*engine == db::Engine::kPostgres) {
        // One transaction: a failed restore leaves the database as empty as it was.
        say("database: pg_restore (one transaction)");
        auto rc = RunTool({"pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
                           "--single-transaction", "--dbname=" + config.database.url, pg_dump_file});
        fs::remove(pg_dump_file, ec);
        if (!rc.ok()) return rc.error();
        if (*rc != 0)
            return core::Error::Unavailable("pg_restore failed (exit status " + std::to_string(*rc) + ")");
    } else {
        db::DatabaseOptions options;
        options.sqlite_path = (data_dir / "mocua.db").string();
        options.pool_size = 1;
        auto opened = db::Database::Open(options);
        if (!opened.ok()) return opened.error();
        auto report = db::SqliteIntegrityCheck(**opened);
        if (!report.ok()) return report.error();
        if (*report != "ok")
            return core::Error::Unavailable("the restored database fails integrity_check: " + *report);
        say("database: integrity_check ok");
    }
    FsyncPath(data_dir.string(), O_RDONLY | O_DIRECTORY);
    success = true;
    say("restored into " + data_dir.string() + " (" + manifest->engine + ", schema version " +
        std::to_string(manifest->schema_version) + ", backup taken " + manifest->created_at + ")");
    return manifest;
}

}  // namespace mocua::app
