#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "core/ids.hpp"
#include "core/secret_file.hpp"
#include "core/strings.hpp"

namespace mocua::core {
namespace {

namespace fs = std::filesystem;

TEST(Strings, HexLowerTrim) {
    EXPECT_EQ(ToHex(std::string("\x00\x0f\xa0\xff", 4)), "000fa0ff");
    EXPECT_EQ(ToHex(""), "");
    EXPECT_EQ(AsciiLower("Content-TYPE: Đ"), "content-type: Đ") << "non-ASCII bytes are left alone";
    EXPECT_EQ(TrimBlanks(" \tgzip ; q=0.5\t "), "gzip ; q=0.5");
    EXPECT_EQ(TrimBlanks("   "), "");
}

TEST(Strings, CsvRecordsFollowRfc4180Quoting) {
    std::vector<std::string> f;
    ASSERT_TRUE(SplitCsvLine("19360,Phường Quảng Trị,Quảng Trị", f));
    EXPECT_EQ(f, (std::vector<std::string>{"19360", "Phường Quảng Trị", "Quảng Trị"}));
    // A quoted field keeps its commas; "" inside quotes is one quote; an empty last field counts.
    ASSERT_TRUE(SplitCsvLine(R"("Tết, nghỉ bù","Quyết định ""số 1""",)", f));
    EXPECT_EQ(f, (std::vector<std::string>{"Tết, nghỉ bù", R"(Quyết định "số 1")", ""}));
    EXPECT_FALSE(SplitCsvLine(R"(a,"open quote)", f));
    ASSERT_TRUE(SplitCsvLine("", f));
    EXPECT_EQ(f, (std::vector<std::string>{""}));
}

TEST(SecretFile, CreatedOncePrivateAndKept) {
    const fs::path dir = fs::temp_directory_path() / ("mocua-secret-" + NewRequestId());
    int calls = 0;
    auto random = [&calls](std::size_t n) {
        ++calls;
        return std::string(n, static_cast<char>('a' + calls));
    };
    auto first = LoadOrCreateSecretFile(dir.string(), "test.key", 32, random, "restore it");
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_EQ(first->size(), 32u);
    struct stat st {};
    ASSERT_EQ(::stat((dir / "keys" / "test.key").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    ASSERT_EQ(::stat((dir / "keys").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
    auto second = LoadOrCreateSecretFile(dir.string(), "test.key", 32, random, "restore it");
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(*second, *first) << "the key is read back, not made again";
    EXPECT_EQ(calls, 1);

    std::ofstream(dir / "keys" / "test.key", std::ios::trunc) << "short";
    auto damaged = LoadOrCreateSecretFile(dir.string(), "test.key", 32, random, "restore it");
    ASSERT_FALSE(damaged.ok());
    EXPECT_NE(damaged.error().message.find("restore it"), std::string::npos);
    fs::remove_all(dir);
}

}  // namespace
}  // namespace mocua::core
