// The mail outbox end to end: jobs on both database engines, sent by the SMTP adapter to the local
// SMTP sink that tools/smtp-sink.sh starts (MOCUA_TEST_SMTP_URL, MOCUA_TEST_SMTP_DIR), which decodes
// what arrives with Python's email package. Skipped, saying so, when those variables are absent.
#include "app/mail_outbox.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <soci/soci.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string_view>

#include "adapters/mail/errors.hpp"
#include "db/database.hpp"
#include "support/test_database.hpp"

namespace mocua::app {
namespace {

using namespace std::chrono_literals;
namespace mail = adapters::mail;
using domain::notify::Mail;

const core::TimePoint kStart = *core::ParseUtc("2025-07-01T08:00:00.000Z");
constexpr const char* kFrom = "mot-cua@phuong.example.vn";

std::string Env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

// A loopback port where nothing listens: bound (so no one else takes it) but never listening, so a
// connection is refused at once. Closed with the object.
class DeadPort {
public:
    DeadPort() {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
            ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
            ADD_FAILURE() << "cannot reserve a loopback port";
        }
        port_ = ntohs(addr.sin_port);
    }
    ~DeadPort() { ::close(fd_); }
    std::string Url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

private:
    int fd_ = -1;
    int port_ = 0;
};

// Messages the sink received for `recipient` (its .json records: envelope and decoded message).
std::vector<nlohmann::json> Received(const std::string& recipient) {
    std::vector<nlohmann::json> out;
    for (const auto& entry : std::filesystem::directory_iterator(Env("MOCUA_TEST_SMTP_DIR"))) {
        if (entry.path().extension() != ".json") continue;
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        auto record = nlohmann::json::parse(text.str(), nullptr, false);
        if (record.is_object() && record["rcpt_tos"] == nlohmann::json::array({recipient}))
            out.push_back(record);
    }
    return out;
}

// A recipient no other test (or parallel run) uses.
std::string UniqueRecipient(std::string_view domain = "example.vn") {
    static std::atomic<int> counter{0};
    return "citizen-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) + "-" +
           std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + "@" +
           std::string(domain);
}

// Text in the canonical form of MIME text parts (RFC 2046 4.1.1): CRLF line ends.
std::string Crlf(std::string_view text) {
    std::string out;
    for (char c : text) out += c == '\n' ? std::string("\r\n") : std::string(1, c);
    return out;
}

bool SinkConfigured() { return !Env("MOCUA_TEST_SMTP_URL").empty() && !Env("MOCUA_TEST_SMTP_DIR").empty(); }
constexpr const char* kNoSink =
    "MOCUA_TEST_SMTP_URL / MOCUA_TEST_SMTP_DIR not set: run through tools/test.sh, or "
    "eval \"$(tools/smtp-sink.sh start)\" first";

mail::SmtpSender::Options SenderOptions(std::string url) {
    mail::SmtpSender::Options options;
    options.url = std::move(url);
    options.connect_timeout = 5s;
    options.total_timeout = 20s;
    return options;
}

class MailOutboxTest : public ::testing::TestWithParam<db::Engine> {
protected:
    void SetUp() override {
        if (!SinkConfigured()) GTEST_SKIP() << kNoSink;
        if (!::mocua::testing::RequireEngine(GetParam())) {
            if (!IsSkipped()) GTEST_FAIL() << "no database for this engine";
            return;
        }
        tdb_ = std::make_unique<::mocua::testing::TestDatabase>(GetParam());
        ASSERT_FALSE(HasFailure()) << "the test database could not be set up";
    }

    // A job queue whose mail.send handler sends to `url`.
    std::unique_ptr<jobs::JobQueue> QueueSendingTo(const std::string& url) {
        senders_.push_back(std::make_unique<mail::SmtpSender>(SenderOptions(url)));
        jobs::JobQueueOptions options;
        options.worker_id = "node-a";
        auto queue = std::make_unique<jobs::JobQueue>(tdb_->db(), clock_, options);
        queue->RegisterHandler(
            std::string(kMailJobKind),
            MakeMailJobHandler(*senders_.back(), {kFrom, "UBND phường Bến Thành"}, clock_));
        return queue;
    }

    jobs::Job MustGet(jobs::JobQueue& queue, std::int64_t id) {
        auto job = queue.Get(id);
        EXPECT_TRUE(job.ok()) << job.error().message;
        return job.ok() ? *job : jobs::Job{};
    }

    static Mail Sample(std::string to) {
        return {std::move(to), "Nguyễn Văn A", "Hồ sơ 000.00.21.H29-250701-0001 đã được tiếp nhận",
                "Kính gửi ông Nguyễn Văn A,\n\nHồ sơ của ông đã được tiếp nhận.\n.\nTrân trọng.\n",
                "<p>Hồ sơ của ông đã được <strong>tiếp nhận</strong>.</p>\n"};
    }

    core::ManualClock clock_{kStart};
    std::unique_ptr<::mocua::testing::TestDatabase> tdb_;
    std::vector<std::unique_ptr<mail::SmtpSender>> senders_;
};

TEST_P(MailOutboxTest, EnqueuedMailIsSentByTheWorkerAndArrivesDecodedIntact) {
    auto queue = QueueSendingTo(Env("MOCUA_TEST_SMTP_URL"));
    JobMailOutbox outbox(*queue, 5);
    const Mail m = Sample(UniqueRecipient());
    auto id = outbox.Enqueue(m);
    ASSERT_TRUE(id.ok()) << id.error().message;
    EXPECT_TRUE(Received(m.to).empty()) << "nothing is sent before the worker runs";

    auto ran = queue->RunDue();
    ASSERT_TRUE(ran.ok()) << ran.error().message;
    EXPECT_EQ(*ran, 1);
    const jobs::Job job = MustGet(*queue, *id);
    EXPECT_EQ(job.state, jobs::JobState::kDone) << job.last_error.value_or("");

    auto received = Received(m.to);
    ASSERT_EQ(received.size(), 1u);
    const auto& r = received.front();
    EXPECT_EQ(r["mail_from"], kFrom);
    const auto& d = r["decoded"];
    EXPECT_EQ(d["subject"], m.subject);
    EXPECT_EQ(d["to"], "Nguyễn Văn A <" + m.to + ">");
    EXPECT_EQ(d["from"], std::string("UBND phường Bến Thành <") + kFrom + ">");
    EXPECT_EQ(d["text"], Crlf(m.text));
    EXPECT_EQ(d["html"], Crlf(m.html));
    EXPECT_EQ(d["message_id"], "<mocua-job-" + std::to_string(*id) + "@phuong.example.vn>");
    EXPECT_EQ(d["date"], "Tue, 01 Jul 2025 08:00:00 +0000");
}

TEST_P(MailOutboxTest, UnreachableServerIsRetriedWithBackoffThenTheJobIsDead) {
    DeadPort down;
    auto queue = QueueSendingTo(down.Url());
    JobMailOutbox outbox(*queue, 3);
    const Mail m = Sample(UniqueRecipient());
    auto id = outbox.Enqueue(m);
    ASSERT_TRUE(id.ok());

    ASSERT_EQ(*queue->RunDue(), 1);
    jobs::Job job = MustGet(*queue, *id);
    EXPECT_EQ(job.state, jobs::JobState::kQueued);
    EXPECT_EQ(job.attempts, 1);
    EXPECT_EQ(job.run_at, kStart + 10s);
    EXPECT_TRUE(job.last_error.value_or("").starts_with("mail.unreachable")) << job.last_error.value_or("");

    EXPECT_EQ(*queue->RunDue(), 0) << "not before the back-off";
    clock_.Advance(10s);
    ASSERT_EQ(*queue->RunDue(), 1);
    job = MustGet(*queue, *id);
    EXPECT_EQ(job.state, jobs::JobState::kQueued);
    EXPECT_EQ(job.attempts, 2);
    EXPECT_EQ(job.run_at, kStart + 10s + 20s);

    clock_.Advance(20s);
    ASSERT_EQ(*queue->RunDue(), 1);
    job = MustGet(*queue, *id);
    EXPECT_EQ(job.state, jobs::JobState::kDead);
    EXPECT_EQ(job.attempts, 3);
    EXPECT_TRUE(job.last_error.value_or("").starts_with("mail.unreachable"));
    EXPECT_EQ(job.payload, domain::notify::MailToJson(m)) << "the dead job keeps the mail";
    EXPECT_TRUE(Received(m.to).empty());
}

TEST_P(MailOutboxTest, MailWaitingForADownServerIsSentOnceWhenItIsBack) {
    const Mail m = Sample(UniqueRecipient());
    std::int64_t id = 0;
    {
        DeadPort down;
        auto queue = QueueSendingTo(down.Url());
        JobMailOutbox outbox(*queue, 5);
        id = *outbox.Enqueue(m);
        ASSERT_EQ(*queue->RunDue(), 1);
        EXPECT_EQ(MustGet(*queue, id).state, jobs::JobState::kQueued);
    }
    // The process restarts with the server reachable again: the stored job is still there.
    auto queue = QueueSendingTo(Env("MOCUA_TEST_SMTP_URL"));
    clock_.Advance(10s);
    ASSERT_EQ(*queue->RunDue(), 1);
    const jobs::Job job = MustGet(*queue, id);
    EXPECT_EQ(job.state, jobs::JobState::kDone);
    EXPECT_EQ(job.attempts, 2);
    EXPECT_EQ(Received(m.to).size(), 1u);
    clock_.Advance(1h);
    EXPECT_EQ(*queue->RunDue(), 0);
    EXPECT_EQ(Received(m.to).size(), 1u) << "sent exactly once";
}

TEST_P(MailOutboxTest, PermanentRefusalMakesTheJobDeadAtOnceAndTemporaryRefusalIsRetried) {
    auto queue = QueueSendingTo(Env("MOCUA_TEST_SMTP_URL"));
    JobMailOutbox outbox(*queue, 5);
    auto rejected = outbox.Enqueue(Sample(UniqueRecipient("reject.invalid")));
    auto deferred = outbox.Enqueue(Sample(UniqueRecipient("defer.invalid")));
    ASSERT_TRUE(rejected.ok() && deferred.ok());
    ASSERT_EQ(*queue->RunDue(), 2);

    const jobs::Job r = MustGet(*queue, *rejected);
    EXPECT_EQ(r.state, jobs::JobState::kDead);
    EXPECT_EQ(r.attempts, 1);
    EXPECT_TRUE(r.last_error.value_or("").starts_with("mail.rejected: server replied 550"))
        << r.last_error.value_or("");
    const jobs::Job d = MustGet(*queue, *deferred);
    EXPECT_EQ(d.state, jobs::JobState::kQueued);
    EXPECT_TRUE(d.last_error.value_or("").starts_with("mail.deferred: server replied 451"))
        << d.last_error.value_or("");
}

TEST_P(MailOutboxTest, EnqueueInSendsOnlyWhatTheCallersTransactionCommitted) {
    auto queue = QueueSendingTo(Env("MOCUA_TEST_SMTP_URL"));
    JobMailOutbox outbox(*queue, 5);
    const Mail kept = Sample(UniqueRecipient());
    const Mail dropped = Sample(UniqueRecipient());
    auto committed =
        tdb_->db().InTransaction([&](soci::session& sql) { return outbox.EnqueueIn(sql, kept); });
    ASSERT_TRUE(committed.ok()) << committed.error().message;
    auto rolled_back = tdb_->db().InTransaction([&](soci::session& sql) -> core::Result<void> {
        EXPECT_TRUE(outbox.EnqueueIn(sql, dropped).ok());
        return core::Error::Conflict("the dossier changed meanwhile");
    });
    ASSERT_FALSE(rolled_back.ok());
    EXPECT_EQ(*queue->RunDue(), 1);
    EXPECT_EQ(Received(kept.to).size(), 1u);
    EXPECT_TRUE(Received(dropped.to).empty());
}

TEST_P(MailOutboxTest, MalformedMailIsRefusedBeforeItIsStored) {
    auto queue = QueueSendingTo(Env("MOCUA_TEST_SMTP_URL"));
    JobMailOutbox outbox(*queue, 5);
    Mail m = Sample(UniqueRecipient());
    m.subject = "Hello\r\nBcc: everyone@example.vn";
    auto id = outbox.Enqueue(m);
    ASSERT_FALSE(id.ok());
    EXPECT_EQ(id.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(*queue->RunDue(), 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, MailOutboxTest, ::mocua::testing::AllEngines(),
                         ::mocua::testing::EngineName);

TEST(SmtpSender, LibcurlDotStuffsSoLinesStartingWithADotArriveIntact) {
    if (!SinkConfigured()) GTEST_SKIP() << kNoSink;
    mail::SmtpSender sender(SenderOptions(Env("MOCUA_TEST_SMTP_URL")));
    const std::string to = UniqueRecipient();
    const std::string message = "Subject: dots\r\n\r\n.\r\n..two\r\n.three\r\nend\r\n";
    auto sent = sender.Send(kFrom, to, message);
    ASSERT_TRUE(sent.ok()) << sent.error().message;
    auto received = Received(to);
    ASSERT_EQ(received.size(), 1u);
    // Without dot-stuffing the lone "." would end the data early and "..two" would lose a dot.
    EXPECT_EQ(received.front()["decoded"]["text"], ".\r\n..two\r\n.three\r\nend\r\n");
}

TEST(SmtpSender, RequiredStarttlsThatTheServerDoesNotOfferIsAnError) {
    if (!SinkConfigured()) GTEST_SKIP() << kNoSink;
    auto options = SenderOptions(Env("MOCUA_TEST_SMTP_URL"));
    options.starttls = true;
    mail::SmtpSender sender(options);
    const std::string to = UniqueRecipient();
    auto sent = sender.Send(kFrom, to, "Subject: x\r\n\r\nx\r\n");
    ASSERT_FALSE(sent.ok());
    EXPECT_EQ(mail::CodeOf(sent.error()), mail::kUnreachable) << sent.error().message;
    EXPECT_TRUE(Received(to).empty()) << "never sent in clear text";
}

TEST(SmtpSender, RefusesBadAddressesAndOtherSchemesWithoutConnecting) {
    mail::SmtpSender sender(SenderOptions("smtp://127.0.0.1:1"));
    EXPECT_EQ(mail::CodeOf(sender.Send(kFrom, "a@b.vn>\r\nRCPT TO:<c@d.vn", "x").error()),
              mail::kInvalidAddress);
    EXPECT_EQ(mail::CodeOf(sender.Send("bad", "a@b.vn", "x").error()), mail::kInvalidAddress);
    mail::SmtpSender http(SenderOptions("http://127.0.0.1:1"));
    EXPECT_EQ(mail::CodeOf(http.Send(kFrom, "a@b.vn", "x").error()), mail::kUnreachable);
}

}  // namespace
}  // namespace mocua::app
