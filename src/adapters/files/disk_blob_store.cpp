#include "adapters/files/disk_blob_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <functional>
#include <system_error>
#include <utility>

#include <spdlog/spdlog.h>

#include "core/ids.hpp"
#include "core/strings.hpp"
#include "log/log.hpp"

namespace mocua::adapters::files {
namespace {

using domain::dossier::IsBlobId;
using domain::dossier::kBlobBadId;
using domain::dossier::kBlobCorrupt;
using domain::dossier::kBlobNotFound;

// std::error_code's message is thread-safe, unlike std::strerror.
core::Error FsError(std::string_view what, const std::string& path, int err) {
    std::string message = "blob store: cannot " + std::string(what) + " " + path + ": " +
                          std::error_code(err, std::generic_category()).message();
    // The operator's line for a full disk or a failing one (docs/operations.md, "Disk full, I/O errors"):
    // the caller answers 503 and may not log why.
    log::Get("files")->error("storage failure: {}", message);
    return core::Error::Unavailable(std::move(message));
}

class Fd {
public:
    explicit Fd(int fd) : fd_(fd) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    int get() const { return fd_; }
    // Closes now and reports close's errno (0 when fine): on some file systems a write error shows here.
    int Close() {
        const int rc = ::close(std::exchange(fd_, -1));
        return rc == 0 ? 0 : errno;
    }

private:
    int fd_;
};

// fsync of a directory, so a rename or a new entry in it survives a crash.
int SyncDirectory(const std::string& dir) {
    Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() < 0) return errno;
    if (::fsync(fd.get()) != 0) return errno;
    return 0;
}

std::string Parent(const std::string& path) {
    const std::size_t slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

// Creates `dir` (0700) if missing and makes its entry durable in the parent.
core::Result<void> EnsureDirectory(const std::string& dir) {
    if (::mkdir(dir.c_str(), 0700) == 0) {
        const std::string parent = Parent(dir);
        if (const int err = SyncDirectory(parent); err != 0) return FsError("sync directory", parent, err);
        return {};
    }
    if (errno != EEXIST) return FsError("create directory", dir, errno);
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0) return FsError("inspect directory", dir, errno);
    if (!S_ISDIR(st.st_mode)) return FsError("use directory", dir, ENOTDIR);
    return {};
}

int WriteAll(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return 0;
}

}  // namespace

DiskBlobStore::DiskBlobStore(std::string root, const domain::audit::Sha256Hasher& hasher)
    : root_(std::move(root)), hasher_(hasher) {
    while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
}

std::string DiskBlobStore::PathOf(std::string_view id) const {
    std::string path = root_;
    path += '/';
    path += id.substr(0, 2);
    path += '/';
    path += id.substr(2, 2);
    path += '/';
    path += id;
    return path;
}

core::Result<std::string> DiskBlobStore::Put(std::string_view bytes) {
    std::string id = core::ToHex(hasher_.Sha256(bytes));
    const std::string path = PathOf(id);

    // Already stored (by us or a concurrent writer): keep it. A file of the wrong size is damaged and
    // is replaced below; a same-size corruption is caught by Get.
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && static_cast<std::size_t>(st.st_size) == bytes.size())
        return id;

    const std::string level1 = root_ + "/" + id.substr(0, 2);
    const std::string dir = level1 + "/" + id.substr(2, 2);
    for (const std::string& d : {std::cref(root_), std::cref(level1), std::cref(dir)})
        if (auto r = EnsureDirectory(d); !r) return r.error();

    // A unique temporary name in the final directory, so the rename stays within one file system.
    std::string tmp;
    int fd = -1;
    for (int attempt = 0; attempt < 8 && fd < 0; ++attempt) {
        tmp = dir + "/.tmp-" + id.substr(0, 16) + "-" + core::NewRequestId();
        fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd < 0 && errno != EEXIST) return FsError("create file", tmp, errno);
    }
    if (fd < 0) return FsError("create file", tmp, EEXIST);
    Fd file(fd);
    auto fail = [&](std::string_view what, const std::string& where, int err) {
        ::unlink(tmp.c_str());
        return FsError(what, where, err);
    };
    if (const int err = WriteAll(file.get(), bytes); err != 0) return fail("write", tmp, err);
    if (::fsync(file.get()) != 0) return fail("sync", tmp, errno);
    if (const int err = file.Close(); err != 0) return fail("close", tmp, err);
    if (::rename(tmp.c_str(), path.c_str()) != 0) return fail("rename into", path, errno);
    if (const int err = SyncDirectory(dir); err != 0) return FsError("sync directory", dir, err);
    return id;
}

core::Result<std::string> DiskBlobStore::Get(std::string_view sha256_hex) const {
    if (!IsBlobId(sha256_hex)) return core::Error::InvalidArgument(std::string(kBlobBadId));
    const std::string path = PathOf(sha256_hex);
    Fd file(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (file.get() < 0) {
        if (errno == ENOENT) return core::Error::NotFound(std::string(kBlobNotFound));
        return FsError("open", path, errno);
    }
    struct stat st {};
    if (::fstat(file.get(), &st) != 0) return FsError("inspect", path, errno);
    if (!S_ISREG(st.st_mode)) return core::Error::Internal(std::string(kBlobCorrupt));
    std::string out;
    out.reserve(static_cast<std::size_t>(st.st_size));
    char buf[64 * 1024];
    for (;;) {
        const ssize_t n = ::read(file.get(), buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            return FsError("read", path, errno);
        }
        if (n == 0) break;
        out.append(buf, static_cast<std::size_t>(n));
    }
    if (core::ToHex(hasher_.Sha256(out)) != sha256_hex) return core::Error::Internal(std::string(kBlobCorrupt));
    return out;
}

bool DiskBlobStore::Contains(std::string_view sha256_hex) const {
    if (!IsBlobId(sha256_hex)) return false;
    struct stat st {};
    return ::stat(PathOf(sha256_hex).c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

}  // namespace mocua::adapters::files
