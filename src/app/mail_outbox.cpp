#include "app/mail_outbox.hpp"

#include <spdlog/spdlog.h>

#include <utility>

#include "adapters/mail/errors.hpp"
#include "adapters/mail/mime.hpp"
#include "log/log.hpp"

namespace mocua::app {

namespace mail = adapters::mail;
using domain::notify::Mail;

namespace {

jobs::EnqueueOptions Options(int max_attempts) {
    jobs::EnqueueOptions options;
    options.max_attempts = max_attempts;
    return options;
}

}  // namespace

core::Result<std::int64_t> JobMailOutbox::Enqueue(const Mail& mail) {
    if (auto checked = domain::notify::CheckMail(mail); !checked.ok()) return checked.error();
    return queue_.Enqueue(std::string(kMailJobKind), domain::notify::MailToJson(mail),
                          Options(max_attempts_));
}

core::Result<std::int64_t> JobMailOutbox::EnqueueIn(soci::session& sql, const Mail& mail) {
    if (auto checked = domain::notify::CheckMail(mail); !checked.ok()) return checked.error();
    return queue_.EnqueueIn(sql, std::string(kMailJobKind), domain::notify::MailToJson(mail),
                            Options(max_attempts_));
}

jobs::JobHandler MakeMailJobHandler(const mail::SmtpSender& sender, MailIdentity identity,
                                    const core::Clock& clock) {
    return [&sender, &clock, identity = std::move(identity)](const jobs::Job& job) -> jobs::JobOutcome {
        auto logger = log::Get("mail");
        auto give_up = [&](const std::string& why) {
            logger->error("mail job {}: not sent and not retried: {}", job.id, why);
            return jobs::JobOutcome::GiveUp(why);
        };
        auto parsed = domain::notify::MailFromJson(job.payload);
        if (!parsed.ok()) return give_up("mail.bad_payload: " + parsed.error().message);
        const Mail& m = *parsed;
        if (auto checked = domain::notify::CheckMail(m); !checked.ok())
            return give_up("mail.bad_payload: " + checked.error().message);

        const auto at = identity.from.rfind('@');
        const std::string domain = at == std::string::npos ? "localhost" : identity.from.substr(at + 1);
        mail::MimeMessage message;
        message.from = {identity.from, identity.from_name};
        message.to = {m.to, m.to_name};
        message.subject = m.subject;
        message.text = m.text;
        message.html = m.html;
        message.date = clock.Now();
        message.message_id = "mocua-job-" + std::to_string(job.id) + "@" + domain;
        auto built = mail::BuildMime(message);
        if (!built.ok()) return give_up(built.error().message);

        auto sent = sender.Send(identity.from, m.to, *built);
        if (sent.ok()) {
            logger->info("mail job {}: sent on attempt {}", job.id, job.attempts);
            return jobs::JobOutcome::Success();
        }
        if (mail::IsTemporary(sent.error())) {
            logger->warn("mail job {}: attempt {} of {} failed, will retry: {}", job.id, job.attempts,
                         job.max_attempts, sent.error().message);
            return jobs::JobOutcome::Failure(sent.error().message);
        }
        return give_up(sent.error().message);
    };
}

}  // namespace mocua::app
