// The clamd client against a real clamd started by tools/clamd.sh (tools/test.sh exports
// MOCUA_TEST_CLAMD_SOCKET). Its signature set is local: Mocua.Test.EICAR (a body signature of the EICAR
// test file) and Mocua.Test.clam.exe (the hash of clam.exe from Debian's clamav-testfiles); ClamAV adds
// ".UNOFFICIAL" to names from local databases. clamd's StreamMaxLength there is 4 MiB.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "adapters/clamd/clamd_scanner.hpp"
#include "support/test_database.hpp"

namespace mocua::adapters::clamd {
namespace {

namespace scan = domain::scan;
using std::chrono::milliseconds;

constexpr const char* kTestFiles = "/usr/share/clamav-testfiles";

#define MOCUA_CLAMD_OR_SKIP(var)                             \
    const std::string var = ::mocua::testing::ClamdSocket(); \
    if (var.empty()) return

// The EICAR anti-virus test file as published by EICAR: 68 printable ASCII bytes. Assembled from
// pieces so that this source file is not itself flagged by a scanner on a developer's machine.
std::string Eicar() {
    std::string s = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$";
    s += "EICAR-STANDARD-ANTIVIRUS-";
    s += "TEST-FILE!$H+H*";
    return s;
}

std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in) << "cannot read " << path << " (make deps installs clamav-testfiles)";
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Printable pseudo-random text (fixed seed), harmless by construction.
std::string Filler(std::size_t n) {
    std::mt19937 rng(20261127);
    std::uniform_int_distribution<int> letter('a', 'z');
    std::string s(n, ' ');
    for (std::size_t i = 0; i < n; ++i)
        if (i % 80 != 79)
            s[i] = static_cast<char>(letter(rng));
        else
            s[i] = '\n';
    return s;
}

ClamdScanner Make(const std::string& socket, std::size_t chunk = 64 * 1024) {
    return ClamdScanner(ClamdOptions{socket, milliseconds(30'000), chunk});
}

TEST(Clamd, AnswersPingAndVersion) {
    MOCUA_CLAMD_OR_SKIP(socket);
    auto scanner = Make(socket);
    EXPECT_TRUE(scanner.Available());
    auto version = scanner.Version();
    ASSERT_TRUE(version.ok()) << version.error().message;
    EXPECT_TRUE(version->starts_with("ClamAV ")) << *version;
}

TEST(Clamd, FindsEicar) {
    MOCUA_CLAMD_OR_SKIP(socket);
    const std::string eicar = Eicar();
    ASSERT_EQ(eicar.size(), 68u);
    auto r = Make(socket).Scan(eicar);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_FALSE(r->clean);
    EXPECT_EQ(r->signature, "Mocua.Test.EICAR.UNOFFICIAL");
}

TEST(Clamd, CleanPdfIsOk) {
    MOCUA_CLAMD_OR_SKIP(socket);
    const std::string pdf =
        "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
        "trailer << /Root 1 0 R >>\n%%EOF\n";
    auto r = Make(socket).Scan(pdf);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_TRUE(r->clean) << r->signature;
    EXPECT_EQ(r->signature, "");
}

TEST(Clamd, EmptyFileIsOk) {
    MOCUA_CLAMD_OR_SKIP(socket);
    auto r = Make(socket).Scan("");
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_TRUE(r->clean);
}

TEST(Clamd, FindsDebianTestFileAlone) {
    MOCUA_CLAMD_OR_SKIP(socket);
    auto r = Make(socket).Scan(ReadFile(std::string(kTestFiles) + "/clam.exe"));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_FALSE(r->clean);
    EXPECT_EQ(r->signature, "Mocua.Test.clam.exe.UNOFFICIAL");
}

TEST(Clamd, FindsDebianTestFileInsideArchives) {
    // Only clam.exe's hash is in the database: these are found because clamd unpacks them.
    MOCUA_CLAMD_OR_SKIP(socket);
    for (const char* name : {"clam.zip", "clam.tar.gz", "clam.7z"}) {
        auto r = Make(socket).Scan(ReadFile(std::string(kTestFiles) + "/" + name));
        ASSERT_TRUE(r.ok()) << name << ": " << r.error().message;
        EXPECT_FALSE(r->clean) << name;
        EXPECT_EQ(r->signature, "Mocua.Test.clam.exe.UNOFFICIAL") << name;
    }
}

TEST(Clamd, LargeStreamInManyChunks) {
    // 3 MiB in 4 KiB chunks (768 chunks): clean, then with EICAR as the very last bytes, which clamd
    // sees only if every chunk arrived in order.
    MOCUA_CLAMD_OR_SKIP(socket);
    auto scanner = Make(socket, 4096);
    std::string data = Filler(3 << 20);
    auto clean = scanner.Scan(data);
    ASSERT_TRUE(clean.ok()) << clean.error().message;
    EXPECT_TRUE(clean->clean) << clean->signature;

    data.replace(data.size() - 68, 68, Eicar());
    const auto start = std::chrono::steady_clock::now();
    auto found = scanner.Scan(data);
    const auto took = std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - start);
    ASSERT_TRUE(found.ok()) << found.error().message;
    EXPECT_FALSE(found->clean);
    EXPECT_EQ(found->signature, "Mocua.Test.EICAR.UNOFFICIAL");
    RecordProperty("scan_3MiB_4KiB_chunks_ms", static_cast<int>(took.count()));
    std::cout << "3 MiB in 768 chunks scanned in " << took.count() << " ms\n";
}

TEST(Clamd, OverTheStreamLimitIsTooLarge) {
    MOCUA_CLAMD_OR_SKIP(socket);
    auto scanner = Make(socket);
    auto r = scanner.Scan(Filler(5 << 20));  // StreamMaxLength is 4 MiB
    ASSERT_FALSE(r.ok()) << "a file clamd did not scan must not be clean";
    EXPECT_EQ(r.error().message, scan::kTooLarge);
    EXPECT_EQ(r.error().code, core::ErrorCode::kPayloadTooLarge);
    // Just under the limit is scanned.
    auto under = scanner.Scan(Filler((4 << 20) - 1024));
    ASSERT_TRUE(under.ok()) << under.error().message;
    EXPECT_TRUE(under->clean);
    EXPECT_TRUE(scanner.Available());
}

TEST(Clamd, ConcurrentScans) {
    MOCUA_CLAMD_OR_SKIP(socket);
    auto scanner = Make(socket);
    constexpr int kThreads = 4, kEach = 10;
    std::vector<int> wrong(kThreads, 0);
    std::vector<std::thread> threads;
    const auto start = std::chrono::steady_clock::now();
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kEach; ++i) {
                const bool infected = (i + t) % 2 == 0;
                auto r =
                    scanner.Scan(infected ? Eicar() : std::string("plain text number ") + std::to_string(i));
                if (!r.ok() || r->clean == infected) ++wrong[t];
            }
        });
    }
    for (auto& th : threads) th.join();
    const auto took = std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - start);
    for (int t = 0; t < kThreads; ++t) EXPECT_EQ(wrong[t], 0) << "thread " << t;
    std::cout << kThreads * kEach << " small scans on " << kThreads << " threads in " << took.count()
              << " ms\n";
}

}  // namespace
}  // namespace mocua::adapters::clamd
