#include "http/static_files.hpp"

#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace mocua::http {
namespace {

namespace fs = std::filesystem;

std::string Gunzip(const std::string& data) {
    z_stream zs{};
    EXPECT_EQ(inflateInit2(&zs, 15 + 16), Z_OK);
    std::string out(data.size() * 20 + 1024, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    EXPECT_EQ(inflate(&zs, Z_FINISH), Z_STREAM_END);
    out.resize(zs.total_out);
    inflateEnd(&zs);
    return out;
}

class StaticFilesTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir = fs::temp_directory_path() / ("mocua-static-" + std::to_string(::getpid()));
        fs::create_directories(dir / "fonts");
        css.clear();
        for (int i = 0; i < 200; ++i) css += ".govuk-body-" + std::to_string(i) + "{margin:0 0 20px}\n";
        std::ofstream(dir / "app.ABCDEFGH.css") << css;
        std::ofstream(dir / "fonts" / "f.ABCDEFGH.woff2") << std::string(2000, 'x');
        std::ofstream(dir / "tiny.txt") << "ab";
        auto loaded = StaticFiles::Load(dir.string());
        ASSERT_TRUE(loaded.ok());
        files.emplace(std::move(loaded.value()));
    }
    void TearDown() override { fs::remove_all(dir); }

    Response Get(const std::string& path, Headers headers = {}) {
        Request r;
        r.method = "GET";
        r.path = "/static/" + path;
        r.headers = std::move(headers);
        return files->Serve(r, path);
    }

    fs::path dir;
    std::string css;
    std::optional<StaticFiles> files;
};

TEST_F(StaticFilesTest, ServesGzipWhenAcceptedWithVaryAndOwnEtag) {
    auto plain = Get("app.ABCDEFGH.css");
    EXPECT_EQ(plain.body, css);
    EXPECT_FALSE(plain.Header("Content-Encoding"));
    EXPECT_EQ(plain.Header("Vary"), "Accept-Encoding");
    auto packed = Get("app.ABCDEFGH.css", {{"Accept-Encoding", "gzip, deflate, br"}});
    EXPECT_EQ(packed.Header("Content-Encoding"), "gzip");
    EXPECT_EQ(packed.Header("Vary"), "Accept-Encoding");
    EXPECT_LT(packed.body.size(), css.size() / 4);
    EXPECT_EQ(Gunzip(packed.body), css);
    EXPECT_NE(*packed.Header("ETag"), *plain.Header("ETag"));
    EXPECT_EQ(packed.Header("Cache-Control"), "public, max-age=31536000, immutable");
    auto revalidated = Get("app.ABCDEFGH.css", {{"Accept-Encoding", "gzip"},
                                                {"If-None-Match", std::string(*packed.Header("ETag"))}});
    EXPECT_EQ(revalidated.status, 304);
    EXPECT_TRUE(revalidated.body.empty());
}

TEST_F(StaticFilesTest, FontsAndTinyFilesAreNotCompressed) {
    auto font = Get("fonts/f.ABCDEFGH.woff2", {{"Accept-Encoding", "gzip"}});
    EXPECT_FALSE(font.Header("Content-Encoding"));
    EXPECT_FALSE(font.Header("Vary"));
    auto tiny = Get("tiny.txt", {{"Accept-Encoding", "gzip"}});
    EXPECT_FALSE(tiny.Header("Content-Encoding"));
    EXPECT_EQ(tiny.body, "ab");
}

TEST_F(StaticFilesTest, FindGivesUncompressedBytes) {
    EXPECT_EQ(files->Find("app.ABCDEFGH.css"), css);
    EXPECT_EQ(files->Find("nope.css"), std::nullopt);
}

TEST(AcceptsGzip, HonoursQualityValuesAndWildcard) {
    EXPECT_TRUE(AcceptsGzip("gzip"));
    EXPECT_TRUE(AcceptsGzip("deflate, GZIP;q=0.5"));
    EXPECT_TRUE(AcceptsGzip("*"));
    EXPECT_TRUE(AcceptsGzip("x-gzip"));
    EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
    EXPECT_FALSE(AcceptsGzip("*, gzip;q=0"));
    EXPECT_FALSE(AcceptsGzip("br, deflate"));
    EXPECT_FALSE(AcceptsGzip("identity"));
    EXPECT_FALSE(AcceptsGzip(""));
    EXPECT_FALSE(AcceptsGzip("*;q=0"));
}

}  // namespace
}  // namespace mocua::http
