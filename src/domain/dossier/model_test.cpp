// The dossier model's codes and the JSON kept in the database: e-form answers as an object of strings
// and a draft's content, which must come back exactly as it was saved.
#include "domain/dossier/model.hpp"

#include <gtest/gtest.h>

namespace mocua::domain::dossier {
namespace {

TEST(DossierModel, StateChannelAndHandedInCodes) {
    EXPECT_EQ(StateFromCode(1), State::kNew);
    EXPECT_EQ(StateFromCode(10), State::kReturned);
    EXPECT_EQ(StateFromCode(0), std::nullopt);
    EXPECT_EQ(StateFromCode(11), std::nullopt);
    EXPECT_EQ(ChannelFromCode(1), Channel::kCounter);
    EXPECT_EQ(ChannelFromCode(3), Channel::kPostal);
    EXPECT_EQ(ChannelFromCode(4), std::nullopt);
    EXPECT_EQ(Code(State::kSupplementRequested), 5);
    EXPECT_EQ(Code(Channel::kOnline), 2);
    for (auto h : {HandedIn::kNone, HandedIn::kOriginal, HandedIn::kCopy, HandedIn::kCertifiedCopy}) {
        EXPECT_EQ(ParseHandedIn(HandedInName(h)), h);
    }
    EXPECT_EQ(HandedInName(HandedIn::kCertifiedCopy), "certified_copy");
    EXPECT_EQ(ParseHandedIn("Original"), std::nullopt);
}

TEST(DossierModel, AnswersAcceptStringsNumbersAndBooleansAsText) {
    auto a = AnswersFromJson(R"({"name":"Nguyễn Văn An","parcel":5,"consent":true,"no":false,"area":2.5,
                                 "big":18446744073709551615,"neg":-3,"skipped":null})");
    ASSERT_TRUE(a.has_value());
    EXPECT_EQ(a->at("name"), "Nguyễn Văn An");
    EXPECT_EQ(a->at("parcel"), "5");
    EXPECT_EQ(a->at("consent"), "true");
    EXPECT_EQ(a->at("no"), "false");
    EXPECT_EQ(a->at("area"), "2.5");
    EXPECT_EQ(a->at("big"), "18446744073709551615");
    EXPECT_EQ(a->at("neg"), "-3");
    EXPECT_EQ(a->count("skipped"), 0u);
    EXPECT_EQ(a->size(), 7u);
    ASSERT_TRUE(AnswersFromJson("{}").has_value());
    EXPECT_TRUE(AnswersFromJson("{}")->empty());
}

TEST(DossierModel, AnswersRejectArraysObjectsAndAnythingButAnObject) {
    EXPECT_EQ(AnswersFromJson(R"({"a":"x","b":["1"]})"), std::nullopt);
    EXPECT_EQ(AnswersFromJson(R"({"a":{"b":"c"}})"), std::nullopt);
    EXPECT_EQ(AnswersFromJson(R"(["a","b"])"), std::nullopt);
    EXPECT_EQ(AnswersFromJson(R"("a")"), std::nullopt);
    EXPECT_EQ(AnswersFromJson("5"), std::nullopt);
    EXPECT_EQ(AnswersFromJson("null"), std::nullopt);
    EXPECT_EQ(AnswersFromJson(""), std::nullopt);
    EXPECT_EQ(AnswersFromJson("{\"a\":"), std::nullopt);
}

TEST(DossierModel, AnswersSurviveTheirJson) {
    Answers in = {{"name", "Trần \"Bé\" Ba\\"}, {"note", "dòng 1\ndòng 2"}, {"empty", ""}};
    EXPECT_EQ(AnswersFromJson(AnswersToJson(in)), in);
}

TEST(DossierModel, DraftContentSurvivesItsJson) {
    Draft d;
    d.answers = {{"child_full_name", "Nguyễn Thị Hoa"}, {"child_sex", "female"}};
    d.applicant = Applicant{"citizen", "Nguyễn Văn An", "001099012345", "12 Lê Lợi, Đông Hà", "0912345678",
                            "an@example.vn"};
    d.competent_unit_id = 42;
    d.result_delivery = "postal";
    d.files = {{1, {std::string(64, 'a'), "tờ khai.pdf", "application/pdf", 1234}, false},
               {2, {std::string(64, 'b'), "scan.png", "image/png", 99}, true}};

    Draft back;
    ASSERT_TRUE(DraftContentFromJson(DraftContentToJson(d), back));
    EXPECT_EQ(back.answers, d.answers);
    ASSERT_TRUE(back.applicant.has_value());
    EXPECT_EQ(*back.applicant, *d.applicant);
    EXPECT_EQ(back.competent_unit_id, 42);
    EXPECT_EQ(back.result_delivery, "postal");
    ASSERT_EQ(back.files.size(), 2u);
    EXPECT_EQ(back.files[0].position, 1);
    EXPECT_EQ(back.files[0].file, d.files[0].file);
    EXPECT_FALSE(back.files[0].reused);
    EXPECT_EQ(back.files[1].position, 2);
    EXPECT_EQ(back.files[1].file, d.files[1].file);
    EXPECT_TRUE(back.files[1].reused);
    ASSERT_NE(back.FileAt(2), nullptr);
    EXPECT_EQ(back.FileAt(2)->file.name, "scan.png");
    EXPECT_EQ(back.FileAt(3), nullptr);

    // A draft saved before the applicant page has no applicant and no unit.
    Draft fresh;
    fresh.answers = {{"x", "1"}};
    Draft fresh_back;
    ASSERT_TRUE(DraftContentFromJson(DraftContentToJson(fresh), fresh_back));
    EXPECT_FALSE(fresh_back.applicant.has_value());
    EXPECT_FALSE(fresh_back.competent_unit_id.has_value());
    EXPECT_EQ(fresh_back.result_delivery, "online");
    EXPECT_TRUE(fresh_back.files.empty());
    EXPECT_EQ(fresh_back.answers, fresh.answers);
}

TEST(DossierModel, DraftContentRejectsWhatIsNotAnObject) {
    Draft d;
    EXPECT_FALSE(DraftContentFromJson("[]", d));
    EXPECT_FALSE(DraftContentFromJson("not json", d));
    EXPECT_FALSE(DraftContentFromJson(R"({"files":[1]})", d));
}

}  // namespace
}  // namespace mocua::domain::dossier
