#include "web/render.hpp"

#include <gtest/gtest.h>

namespace mocua::web {
namespace {

Catalog TestCatalog() {
    auto c = Catalog::Parse(R"({"greeting":"Xin chào","title":"Tiêu đề"})",
                            R"({"greeting":"Hello","title":"Title"})");
    EXPECT_TRUE(c.ok());
    return std::move(c.value());
}

const std::vector<TemplateSource> kValid = {
    {"layouts/base", "<html lang=\"{{lang}}\">{{> partials/head}}<main>{{> $page}}</main></html>"},
    {"partials/head", "<h1>{{t.title}}</h1>"},
    {"partials/item", "<li>{{name}}</li>"},
    {"home/index", "<p>{{t.greeting}}, {{who}}</p><ul>{{#items}}{{> partials/item}}{{/items}}</ul>"},
};

TEST(Templates, RendersPageInsideLayoutWithPartialsAndCatalogue) {
    const Catalog catalog = TestCatalog();
    auto t = Templates::Compile(kValid, catalog);
    ASSERT_TRUE(t.ok()) << t.error().message;
    const nlohmann::json data = {
        {"lang", "vi"}, {"who", "Hường"}, {"items", {{{"name", "a"}}, {{"name", "b"}}}}};
    EXPECT_EQ((*t)->Render("home/index", Language::kVi, data),
              "<html lang=\"vi\"><h1>Tiêu đề</h1><main><p>Xin chào, "
              "Hường</p><ul><li>a</li><li>b</li></ul></main></html>");
    EXPECT_NE((*t)->Render("home/index", Language::kEn, data).find("<h1>Title</h1><main><p>Hello,"),
              std::string::npos);
    EXPECT_EQ((*t)->PageNames(), std::vector<std::string>{"home/index"});
    EXPECT_THROW((*t)->Render("nope", Language::kVi, data), std::out_of_range);
}

TEST(Templates, EscapesEveryValue) {
    const Catalog catalog = TestCatalog();
    auto t = Templates::Compile(kValid, catalog);
    ASSERT_TRUE(t.ok());
    const std::string html =
        (*t)->Render("home/index", Language::kVi, {{"who", "<script>alert(\"x\")</script>&"}});
    EXPECT_EQ(html.find("<script>"), std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;"), std::string::npos);
}

TEST(Templates, PageDataIsSearchedBeforeTheCatalogue) {
    const Catalog catalog = TestCatalog();
    auto t = Templates::Compile(kValid, catalog);
    ASSERT_TRUE(t.ok());
    const std::string html = (*t)->Render("home/index", Language::kVi, {{"t", {{"greeting", "override"}}}});
    EXPECT_NE(html.find("override"), std::string::npos);
}

std::string CompileError(std::vector<TemplateSource> sources) {
    const Catalog catalog = TestCatalog();
    auto t = Templates::Compile(sources, catalog);
    return t.ok() ? "" : t.error().message;
}

TEST(Templates, RefusesBrokenTemplatesNamingThem) {
    auto broken = kValid;
    broken.push_back({"dossiers/list", "{{#items}}<li>"});
    EXPECT_NE(CompileError(broken).find("`dossiers/list`"), std::string::npos);

    auto unescaped = kValid;
    unescaped.push_back({"dossiers/raw", "{{{html}}}"});
    EXPECT_NE(CompileError(unescaped).find("`dossiers/raw` uses an unescaped tag"), std::string::npos);
    unescaped.back().text = "{{& html}}";
    EXPECT_NE(CompileError(unescaped).find("unescaped"), std::string::npos);

    auto missing_partial = kValid;
    missing_partial.push_back({"dossiers/x", "{{> partials/nope}}"});
    EXPECT_NE(CompileError(missing_partial).find("includes `partials/nope`, which does not exist"),
              std::string::npos);

    auto loop = kValid;
    loop.push_back({"partials/a", "{{> partials/b}}"});
    loop.push_back({"partials/b", "{{> partials/a}}"});
    loop.push_back({"dossiers/y", "{{> partials/a}}"});
    EXPECT_NE(CompileError(loop).find("nest deeper"), std::string::npos);

    auto missing_key = kValid;
    missing_key.push_back({"dossiers/z", "{{t.no.such.key}}"});
    EXPECT_NE(CompileError(missing_key).find("uses message `no.such.key`"), std::string::npos);

    EXPECT_NE(CompileError({{"home/index", "x"}}).find("layouts/base"), std::string::npos);
}

TEST(Templates, SourcesComeFromTemplatesFolderOnly) {
    auto sources = TemplateSourcesFrom({{"templates/home/index.mustache", "a"},
                                        {"templates/navigation.json", "{}"},
                                        {"locales/vi.json", "{}"}});
    ASSERT_EQ(sources.size(), 1u);
    EXPECT_EQ(sources[0].name, "home/index");
}

}  // namespace
}  // namespace mocua::web
