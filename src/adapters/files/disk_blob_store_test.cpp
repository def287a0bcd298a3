#include "adapters/files/disk_blob_store.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "adapters/crypto/sodium.hpp"

namespace mocua::adapters::files {
namespace {

namespace fs = std::filesystem;
using namespace std::string_literals;

// SHA-256("abc"), FIPS 180-2 appendix B.1.
constexpr std::string_view kAbcSha256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

class DiskBlobStoreTest : public ::testing::Test {
protected:
    DiskBlobStoreTest() {
        char tmpl[] = "/tmp/mocua-blobs-test.XXXXXX";
        dir_ = ::mkdtemp(tmpl);
        root_ = dir_ + "/blobs";
    }
    ~DiskBlobStoreTest() override { fs::remove_all(dir_); }

    static mode_t ModeOf(const std::string& path) {
        struct stat st {};
        EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
        return st.st_mode & 07777;
    }

    SodiumCrypto hasher_{std::string(32, 'k')};
    std::string dir_;
    std::string root_;
};

TEST_F(DiskBlobStoreTest, RoundTrip) {
    DiskBlobStore store(root_, hasher_);
    auto id = store.Put("abc");
    ASSERT_TRUE(id) << id.error().message;
    EXPECT_EQ(*id, kAbcSha256);
    EXPECT_EQ(store.PathOf(*id), root_ + "/ba/78/" + std::string(kAbcSha256));
    EXPECT_TRUE(fs::is_regular_file(store.PathOf(*id)));
    EXPECT_TRUE(store.Contains(*id));
    auto bytes = store.Get(*id);
    ASSERT_TRUE(bytes) << bytes.error().message;
    EXPECT_EQ(*bytes, "abc");

    // Binary content and the empty file.
    std::string binary;
    for (int i = 0; i < 70'000; ++i) binary.push_back(static_cast<char>(i * 7));
    auto bin_id = store.Put(binary);
    ASSERT_TRUE(bin_id);
    EXPECT_EQ(store.Get(*bin_id).value(), binary);
    auto empty_id = store.Put("");
    ASSERT_TRUE(empty_id);
    EXPECT_EQ(*empty_id, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(store.Get(*empty_id).value(), "");
}

TEST_F(DiskBlobStoreTest, PutIsIdempotentAndLeavesNoTemporaryFiles) {
    DiskBlobStore store(root_ + "/", hasher_);  // a trailing slash is fine
    auto a = store.Put("same bytes");
    auto b = store.Put("same bytes");
    ASSERT_TRUE(a);
    ASSERT_TRUE(b);
    EXPECT_EQ(*a, *b);
    int files = 0;
    for (const auto& e : fs::recursive_directory_iterator(root_)) {
        if (!e.is_regular_file()) continue;
        ++files;
        EXPECT_EQ(e.path().filename().string(), *a);
    }
    EXPECT_EQ(files, 1);
}

TEST_F(DiskBlobStoreTest, MissingBlobIsNotFound) {
    DiskBlobStore store(root_, hasher_);
    EXPECT_FALSE(store.Contains(kAbcSha256));
    auto r = store.Get(kAbcSha256);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, core::ErrorCode::kNotFound);
    EXPECT_EQ(r.error().message, "blob.not_found");
}

TEST_F(DiskBlobStoreTest, DetectsACorruptedBlob) {
    DiskBlobStore store(root_, hasher_);
    const std::string id = store.Put("the original scan").value();
    {
        std::ofstream out(store.PathOf(id), std::ios::binary | std::ios::trunc);
        out << "the altered scan!";  // same length
    }
    auto r = store.Get(id);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, core::ErrorCode::kInternal);
    EXPECT_EQ(r.error().message, "blob.corrupt");
    EXPECT_TRUE(store.Contains(id));  // Contains does not verify

    // A truncated blob is rewritten by the next Put of the right bytes.
    fs::resize_file(store.PathOf(id), 3);
    EXPECT_FALSE(store.Get(id));
    ASSERT_TRUE(store.Put("the original scan"));
    EXPECT_EQ(store.Get(id).value(), "the original scan");
}

TEST_F(DiskBlobStoreTest, RefusesBadIds) {
    DiskBlobStore store(root_, hasher_);
    ASSERT_TRUE(store.Put("abc"));
    const std::string upper = "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD";
    for (const std::string& bad : {
             ""s,
             upper,
             std::string(kAbcSha256.substr(0, 63)),
             std::string(kAbcSha256) + "0",
             "../../../../../../../../../../../../../../../../../../../../etc/passwd"s,
             "ba/78/ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015"s,
             std::string(63, 'a') + "g",
             std::string(63, 'a') + "\0"s,
         }) {
        auto r = store.Get(bad);
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
        EXPECT_EQ(r.error().message, "blob.bad_id");
        EXPECT_FALSE(store.Contains(bad));
    }
}

TEST_F(DiskBlobStoreTest, CreatesPrivateDirectoriesAndFiles) {
    DiskBlobStore store(root_, hasher_);
    const std::string id = store.Put("abc").value();
    EXPECT_EQ(ModeOf(root_), 0700u);
    EXPECT_EQ(ModeOf(root_ + "/ba"), 0700u);
    EXPECT_EQ(ModeOf(root_ + "/ba/78"), 0700u);
    EXPECT_EQ(ModeOf(store.PathOf(id)), 0600u);
}

TEST_F(DiskBlobStoreTest, ConcurrentPutsOfTheSameBytesAgree) {
    DiskBlobStore store(root_, hasher_);
    const std::string payload(256 * 1024, 'x');
    constexpr int kThreads = 8;
    std::vector<std::string> ids(kThreads);
    std::vector<std::string> errors(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            const std::string own = "other " + std::to_string(t);
            for (int i = 0; i < 20; ++i) {
                // Odd threads also write a blob of their own, so directories are created concurrently.
                if (t % 2 == 1) {
                    if (auto r = store.Put(own); !r) errors[t] = r.error().message;
                }
                auto same = store.Put(payload);
                if (!same) {
                    errors[t] = same.error().message;
                } else {
                    ids[t] = *same;
                }
            }
        });
    for (auto& th : threads) th.join();
    for (int t = 0; t < kThreads; ++t) {
        EXPECT_EQ(errors[t], "") << t;
        EXPECT_EQ(ids[t], ids[0]);
    }
    EXPECT_EQ(store.Get(ids[0]).value(), payload);
    for (const auto& e : fs::recursive_directory_iterator(root_)) {
        if (!e.is_regular_file()) continue;
        EXPECT_NE(e.path().filename().string().rfind(".tmp-", 0), 0u) << e.path();
    }
}

TEST_F(DiskBlobStoreTest, FileSystemErrorsNameThePath) {
    // The root's place is taken by a regular file (works even when the tests run as root).
    { std::ofstream(root_) << "not a directory"; }
    DiskBlobStore store(root_, hasher_);
    auto r = store.Put("abc");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, core::ErrorCode::kUnavailable);
    EXPECT_NE(r.error().message.find(root_), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("blob store: cannot"), std::string::npos) << r.error().message;

    // The parent of the root is missing: the store does not invent a whole tree.
    DiskBlobStore orphan(dir_ + "/no/such/parent", hasher_);
    auto o = orphan.Put("abc");
    ASSERT_FALSE(o);
    EXPECT_EQ(o.error().code, core::ErrorCode::kUnavailable);
    EXPECT_NE(o.error().message.find("No such file or directory"), std::string::npos) << o.error().message;
}

}  // namespace
}  // namespace mocua::adapters::files
