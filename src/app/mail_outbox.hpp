#pragma once
// The mail outbox on the durable job queue (docs/adr/0051-mail-outbox.md).
//
// JobMailOutbox stores each Mail as a `mail.send` job (payload: domain::notify::MailToJson), either in
// its own transaction (Enqueue) or in the caller's (EnqueueIn, for a repository that must record a
// change and its mail together). MakeMailJobHandler returns the handler that sends such a job with
// the SMTP adapter:
//
//   success                                   → the job is done
//   mail.unreachable, mail.deferred (4xx)     → retried with the queue's back-off, up to max_attempts,
//                                               then dead with the last error
//   mail.rejected (5xx), mail.invalid_address,
//   mail.invalid_header, a malformed payload  → dead at once (retrying cannot help)
//
// The Message-ID is derived from the job id, so a mail sent twice (a node died after sending but
// before recording it) carries the same id both times and mail systems can drop the copy. Logs name
// the job id and the error code, never the recipient or the content.
#include <cstdint>
#include <string>
#include <string_view>

#include "adapters/mail/smtp_sender.hpp"
#include "core/clock.hpp"
#include "domain/notify/mailer.hpp"
#include "jobs/job_queue.hpp"

namespace soci {
class session;
}

namespace mocua::app {

inline constexpr std::string_view kMailJobKind = "mail.send";

// Thread-safety: as JobQueue. `queue` must outlive the outbox.
class JobMailOutbox final : public domain::notify::Outbox {
public:
    JobMailOutbox(jobs::JobQueue& queue, int max_attempts) : queue_(queue), max_attempts_(max_attempts) {}

    // Errors: CheckMail's kInvalidArgument; the queue's errors.
    core::Result<std::int64_t> Enqueue(const domain::notify::Mail& mail) override;

    // Same, inside the caller's open write transaction on `sql`; the job commits or rolls back with it.
    core::Result<std::int64_t> EnqueueIn(soci::session& sql, const domain::notify::Mail& mail);

private:
    jobs::JobQueue& queue_;
    int max_attempts_;
};

// Who the mails come from.
struct MailIdentity {
    std::string from;       // envelope sender and From address
    std::string from_name;  // From display name (UTF-8), may be empty
};

// The `mail.send` handler. `sender` and `clock` must outlive the handler (the job queue).
jobs::JobHandler MakeMailJobHandler(const adapters::mail::SmtpSender& sender, MailIdentity identity,
                                    const core::Clock& clock);

}  // namespace mocua::app
