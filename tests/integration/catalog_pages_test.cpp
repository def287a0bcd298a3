// The public procedure catalogue pages and the editors' pages over HTTP, on both databases, with the
// demo catalogue seeded (data/catalogue/demo.json): search without accents, filters and pages, the
// detail page, form downloads, and publishing a version dated in the future.
#include <gtest/gtest.h>

#include <regex>

#include "app/app.hpp"
#include "app/seed_demo.hpp"
#include "core/clock.hpp"
#include "support/app_config.hpp"
#include "support/http_client.hpp"
#include "support/test_database.hpp"
#include "support/web_session.hpp"

namespace mocua {
namespace {

using ::mocua::testing::Fetch;
using ::mocua::testing::FormEncode;
using ::mocua::testing::FormFieldValue;
using ::mocua::testing::HttpReply;
using ::mocua::testing::TestDatabase;

// The HTML-escaped text of a textarea (the editor's draft), unescaped.
std::string TextareaValue(const std::string& html, const std::string& id) {
    const std::string open = "id=\"" + id + "\"";
    auto at = html.find(open);
    if (at == std::string::npos) return "";
    at = html.find('>', at) + 1;
    const auto end = html.find("</textarea>", at);
    std::string s = html.substr(at, end - at);
    const std::pair<const char*, const char*> entities[] = {
        {"&quot;", "\""}, {"&#39;", "'"}, {"&apos;", "'"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}};
    for (const auto& [from, to] : entities) {
        for (auto p = s.find(from); p != std::string::npos; p = s.find(from, p + 1)) s.replace(p, strlen(from), to);
    }
    return s;
}

int Count(const std::string& text, const std::string& what) {
    int n = 0;
    for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
    return n;
}

class CatalogPagesTest : public ::testing::TestWithParam<db::Engine> {
protected:
    void SetUp() override {
        if (!::mocua::testing::RequireEngine(GetParam())) GTEST_SKIP();
        tdb_ = std::make_unique<TestDatabase>(GetParam(), /*migrate=*/true);
        app_ = std::make_unique<app::App>(::mocua::testing::InProcessAppConfig(*tdb_));
        auto started = app_->Start();
        ASSERT_TRUE(started.ok()) << started.error().message;
        port_ = app_->port();
        auto seeded = app::SeedDemo(app_->database(), clock_);
        ASSERT_TRUE(seeded.ok()) << seeded.error().message;
    }

    HttpReply Get(const std::string& target, const std::string& cookie = "mocua_lang=vi") {
        return Fetch(port_, "GET", target, "", {{"Cookie", cookie}});
    }

    std::unique_ptr<TestDatabase> tdb_;
    core::SystemClock clock_;
    std::unique_ptr<app::App> app_;
    std::uint16_t port_ = 0;
};

TEST_P(CatalogPagesTest, SearchIgnoresAccentsAndRanksTheNamedProcedureFirst) {
    const HttpReply r = Get("/procedures?q=dang+ky+khai+sinh");
    ASSERT_EQ(r.status, 200);
    std::smatch m;
    ASSERT_TRUE(std::regex_search(r.body, m, std::regex(
                    R"re(<ol class="govuk-list mocua-results" id="results">\s*<li class="mocua-result">\s*<h3[^>]*><a class="govuk-link" href="/procedures/([0-9.]+)">([^<]+)</a>)re")));
    EXPECT_EQ(m[1].str(), "1.001193");
    EXPECT_EQ(m[2].str(), "Thủ tục đăng ký khai sinh");
    // Every result mentions birth registration; "khai tử" (death) is not among them.
    EXPECT_EQ(r.body.find("khai tử"), std::string::npos);
    // The field's name without accents finds the land procedures.
    const HttpReply land = Get("/procedures?q=dat+dai");
    EXPECT_GT(Count(land.body, "class=\"mocua-result\""), 5);
    EXPECT_NE(land.body.find("Đất đai"), std::string::npos);
    // đ folds to d: "Đ" typed as "D".
    EXPECT_GT(Count(Get("/procedures?q=DANG+KY+KET+HON").body, "class=\"mocua-result\""), 0);
}

TEST_P(CatalogPagesTest, FiltersAndPagesNarrowTheList) {
    const HttpReply all = Get("/procedures?lang=en", "mocua_lang=en");
    ASSERT_EQ(all.status, 200);
    EXPECT_NE(all.body.find(">155 procedures<"), std::string::npos);
    EXPECT_EQ(Count(all.body, "class=\"mocua-result\""), 20);
    EXPECT_NE(all.body.find("rel=\"next\""), std::string::npos);
    EXPECT_EQ(all.body.find("rel=\"prev\""), std::string::npos);

    const HttpReply online = Get("/procedures?mode=full_online", "mocua_lang=en");
    const int shown = Count(online.body, "class=\"mocua-result\"");
    EXPECT_GT(shown, 0);
    EXPECT_EQ(Count(online.body, ">Fully online</strong>"), shown);

    const HttpReply province = Get("/procedures?level=province&field=DD", "mocua_lang=en");
    const int land = Count(province.body, "class=\"mocua-result\"");
    EXPECT_GT(land, 0);
    EXPECT_EQ(Count(province.body, "· Province ·"), land);

    const HttpReply page8 = Get("/procedures?page=8", "mocua_lang=en");  // 155 = 7 × 20 + 15
    EXPECT_EQ(Count(page8.body, "class=\"mocua-result\""), 15);
    EXPECT_EQ(page8.body.find("rel=\"next\""), std::string::npos);
    // Nonsense parameters show the whole list rather than an error.
    const HttpReply odd = Get("/procedures?page=abc&mode=teleport&field=NOPE", "mocua_lang=en");
    EXPECT_EQ(odd.status, 200);
    EXPECT_NE(odd.body.find(">155 procedures<"), std::string::npos);
    EXPECT_EQ(Get("/procedures?q=" + std::string(201, 'a')).status, 422);
}

TEST_P(CatalogPagesTest, TheDetailPageHasEverythingNeededToApply) {
    const HttpReply r = Get("/procedures/1.001193", "mocua_lang=en");
    ASSERT_EQ(r.status, 200);
    EXPECT_NE(r.body.find("<h1 class=\"govuk-heading-xl\">Birth registration</h1>"), std::string::npos);
    EXPECT_NE(r.body.find("id=\"components\""), std::string::npos);
    EXPECT_NE(r.body.find("Birth registration declaration"), std::string::npos);
    EXPECT_NE(r.body.find("href=\"/procedures/1.001193/forms/to-khai-dang-ky-khai-sinh\""), std::string::npos);
    EXPECT_NE(r.body.find("60/2014/QH13"), std::string::npos);
    EXPECT_NE(r.body.find("The same working day"), std::string::npos);
    EXPECT_NE(r.body.find(">Free<"), std::string::npos);
    EXPECT_EQ(Get("/procedures/9.999999").status, 404);
    EXPECT_EQ(Get("/procedures/not-a-code").status, 404);
    EXPECT_EQ(Get("/procedures/1.001193?as_of=2025-13-01").status, 400);
    // Before the catalogue was in force there was no version.
    EXPECT_EQ(Get("/procedures/1.001193?as_of=2020-01-01").status, 404);
}

TEST_P(CatalogPagesTest, AFormWithoutAFileIsAPrintableBlankForm) {
    const HttpReply form = Get("/procedures/1.001193/forms/to-khai-dang-ky-khai-sinh");
    ASSERT_EQ(form.status, 200);
    EXPECT_NE(form.body.find("<h1 class=\"govuk-heading-l\">Tờ khai đăng ký khai sinh</h1>"), std::string::npos);
    EXPECT_NE(form.body.find("Họ, chữ đệm, tên"), std::string::npos);  // a question of the e-form
    EXPECT_NE(form.body.find("mocua-blank-line"), std::string::npos);
    // Only the forms the procedure asks for, and only known keys.
    EXPECT_EQ(Get("/procedures/1.001193/forms/no-such-form").status, 404);
    EXPECT_EQ(Get("/procedures/9.999999/forms/to-khai-dang-ky-khai-sinh").status, 404);
}

TEST_P(CatalogPagesTest, AnEditorPublishesAVersionDatedInTheFutureWithoutChangingToday) {
    const auto session = ::mocua::testing::SignInThroughPages(port_, "unit-admin@phuongquangtri.example",
                                                              "demo-unit-admin-quangtri");
    const std::string cookies = session.Cookies() + "; mocua_lang=en";
    const HttpReply editor = Get("/admin/procedures/1.001193", cookies);
    ASSERT_EQ(editor.status, 200);
    std::string draft = TextareaValue(editor.body, "content");
    ASSERT_NE(draft.find("\"code\": \"1.001193\""), std::string::npos);
    const auto post = [&](const std::string& content, const std::string& date, const std::string& action) {
        const HttpReply page = Get("/admin/procedures/1.001193", cookies);
        return Fetch(port_, "POST", "/admin/procedures/1.001193",
                     FormEncode({{"csrf_token", FormFieldValue(page.body, "csrf_token")},
                                 {"content", content},
                                 {"effective_from", date},
                                 {action, "1"}}),
                     {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", cookies}});
    };
    // Unchanged text: nothing to publish. A date in the past: refused.
    EXPECT_NE(post(draft, "2099-01-01", "publish").body.find("the same as the latest version"), std::string::npos);
    EXPECT_EQ(post(draft, "2020-01-01", "publish").status, 422);
    // Broken text: the problem and its line.
    std::string broken = draft;
    broken.replace(broken.find("\"value\": 0"), 10, "\"value\": -3");
    const HttpReply problems = post(broken, "2099-01-01", "preview");
    EXPECT_EQ(problems.status, 422);
    EXPECT_NE(problems.body.find("id=\"problems\""), std::string::npos);
    EXPECT_TRUE(std::regex_search(problems.body, std::regex("Line [0-9]+: <code>")));

    // A real change: 3 working days instead of the same day, from 1 January 2099.
    std::string changed = draft;
    changed.replace(changed.find("\"value\": 0"), 10, "\"value\": 3");
    const HttpReply preview = post(changed, "2099-01-01", "preview");
    ASSERT_EQ(preview.status, 200) << preview.body.substr(0, 600);
    EXPECT_NE(preview.body.find("id=\"preview\""), std::string::npos);
    EXPECT_NE(preview.body.find("3 working days"), std::string::npos);
    const HttpReply published = post(changed, "2099-01-01", "publish");
    ASSERT_EQ(published.status, 303) << published.body.substr(0, 600);

    // Today nothing changed for citizens; the page lists the coming version, which shows on its day.
    const HttpReply today = Get("/procedures/1.001193", "mocua_lang=en");
    EXPECT_NE(today.body.find("The same working day"), std::string::npos);
    EXPECT_NE(today.body.find("(coming)"), std::string::npos);
    const HttpReply future = Get("/procedures/1.001193?as_of=2099-01-01", "mocua_lang=en");
    EXPECT_NE(future.body.find("3 working days"), std::string::npos);
    EXPECT_NE(future.body.find("This is not the version in force today"), std::string::npos);
    // A citizen cannot open the editor.
    const auto citizen = ::mocua::testing::SignInThroughPages(port_, "citizen@phuongquangtri.example",
                                                              "demo-citizen-quangtri");
    EXPECT_EQ(Get("/admin/procedures/1.001193", citizen.Cookies()).status, 403);
}

INSTANTIATE_TEST_SUITE_P(Engines, CatalogPagesTest, ::mocua::testing::AllEngines(),
                         ::mocua::testing::EngineName);

}  // namespace
}  // namespace mocua
