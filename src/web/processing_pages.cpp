#include "web/processing_pages.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "app/services.hpp"
#include "core/clock.hpp"
#include "domain/calendar/dates.hpp"
#include "domain/catalog/catalog_service.hpp"
#include "domain/dossier/processing_service.hpp"
#include "domain/dossier/time_rules.hpp"
#include "domain/identity/accounts.hpp"
#include "domain/identity/identity_service.hpp"
#include "domain/org/units.hpp"
#include "http/router.hpp"
#include "log/log.hpp"
#include "web/dossier_pages_common.hpp"
#include "web/eform_view.hpp"
#include "web/format.hpp"
#include "web/page_state.hpp"
#include "web/shell.hpp"

namespace mocua::web {

namespace {

namespace dossier = domain::dossier;
using nlohmann::json;

std::string UnitName(const app::Services& s, Language language, std::optional<std::int64_t> id) {
    if (!id) return "";
    auto u = s.units->Find(*id);
    return u ? Localised(language, u->name_vi, u->name_en) : std::to_string(*id);
}

std::string Today(const app::Services& s) {
    return domain::calendar::FormatDate(domain::calendar::ToVietnam(s.clock->Now()).date);
}

// ---- The queue -------------------------------------------------------------------------------------------

http::Response QueuePage(const app::Services& s, http::Request& request) {
    const auto principal = DomainPrincipal(request);
    const auto caller = CallerOf(s, request, principal);
    const Language language = s.web->LanguageOf(request);
    const Catalog& c = s.web->catalog();
    json rows = json::array();
    int overdue = 0, due_soon = 0;
    for (const auto& item : s.processing->WorkQueue(caller)) {
        const auto& d = item.dossier;
        const char* urgency = item.urgency == dossier::Urgency::kOverdue   ? "overdue"
                              : item.urgency == dossier::Urgency::kDueSoon ? "due_soon"
                                                                           : "";
        overdue += item.urgency == dossier::Urgency::kOverdue;
        due_soon += item.urgency == dossier::Urgency::kDueSoon;
        const std::string step = Localised(language, item.step_name_vi, item.step_name_en);
        rows.push_back({{"code", d.code},
                        {"procedure", Localised(language, d.procedure_name_vi, d.procedure_name_en)},
                        {"applicant", d.applicant_name},
                        {"task", step.empty() ? c.Get(language, "dossier.state." + std::to_string(dossier::Code(d.state)))
                                              : step},
                        {"due", ShowTime(item.step_due_at)},
                        {"overdue", std::string(urgency) == "overdue"},
                        {"due_soon", std::string(urgency) == "due_soon"}});
    }
    json data;
    data["has_items"] = !rows.empty();
    data["items"] = std::move(rows);
    data["counts"] = c.Format(language, "processing.queue_counts",
                              {{"n", std::to_string(data["items"].size())},
                               {"overdue", std::to_string(overdue)},
                               {"due_soon", std::to_string(due_soon)}});
    return s.web->Page(request, "processing/queue", "processing.queue_title", std::move(data));
}

// ---- One dossier -------------------------------------------------------------------------------------------

struct Typed {
    std::string note, reason, items, reasons, extend_reason, extend_date, extend_time, payment_reason, answer;
};

http::Response DossierPage(const app::Services& s, http::Request& request, const std::string& code,
                           const FormErrors& errors, const Typed& typed, int status) {
    const auto principal = DomainPrincipal(request);
    const auto caller = CallerOf(s, request, principal);
    auto d = s.dossiers->Get(caller, code);
    if (!d.ok()) return Failure(request, d.error());
    if (principal.kind != domain::identity::AccountKind::kStaff) return http::Response::Empty(404);
    const Language language = s.web->LanguageOf(request);
    const Catalog& c = s.web->catalog();
    auto v = s.catalog->VersionById(d->procedure_version_id);
    if (!v.ok()) return Failure(request, v.error());
    const auto state = d->state;
    json data;
    data["code"] = d->code;
    data["version"] = d->version;
    data["procedure"] = Localised(language, v->procedure.name_vi, v->procedure.name_en);
    data["state"] = c.Get(language, "dossier.state." + std::to_string(dossier::Code(state)));
    data["applicant"] = d->applicant.name;
    data["received"] = ShowTime(d->received_at);
    data["due"] = ShowTime(d->due_at ? d->due_at : d->appointment_at);
    data["extended"] = d->extended_at.has_value();
    data["resolved"] = d->resolved_at ? json(ShowTime(d->resolved_at)) : json(false);
    data["returned"] = d->returned_at ? json(ShowTime(d->returned_at)) : json(false);
    const auto now = s.clock->Now();
    json steps = json::array();
    for (const auto& st : d->steps) {
        std::string mark;
        const auto due = core::ParseUtc(st.due_at);
        if (st.finished_at && due) {
            if (auto finished = core::ParseUtc(*st.finished_at)) {
                mark = c.Get(language, "processing.mark." +
                                           std::string(dossier::TimelinessName(dossier::MarkOf(*finished, *due))));
            }
        } else if (due && *due < now) {
            mark = c.Get(language, "processing.mark.late");
        }
        steps.push_back({{"name", Localised(language, st.name_vi, st.name_en)},
                         {"from", UnitName(s, language, st.from_unit_id)},
                         {"to", UnitName(s, language, st.unit_id)},
                         {"started", ShowTime(st.started_at)},
                         {"due", ShowTime(st.due_at)},
                         {"finished", ShowTime(st.finished_at)},
                         {"outcome", st.outcome.empty() ? c.Get(language, "processing.outcome.open")
                                                        : c.Get(language, "processing.outcome." + st.outcome)},
                         {"mark", mark},
                         {"note", st.note}});
    }
    data["steps"] = std::move(steps);
    data["has_steps"] = !data["steps"].empty();
    json history = json::array();
    for (const auto& h : d->history) {
        history.push_back({{"at", ShowTime(h.at)},
                           {"state", c.Get(language, "dossier.state." + std::to_string(dossier::Code(h.to)))},
                           {"action", c.Get(language, "processing.action." + h.action)},
                           {"note", h.note}});
    }
    data["history"] = std::move(history);

    // The actions the viewer may take now.
    const bool can_act = s.processing->CanAct(caller, *d);
    const std::string today = Today(s);
    const bool officer = s.access->Can(principal, "onestop_officer", d->receiving_unit_id, today);
    const bool leader = s.access->Can(principal, "leader", d->competent_unit_id, today);
    json next = json::array();
    if (can_act) {
        if (auto steps_next = s.processing->NextSteps(caller, code); steps_next.ok()) {
            for (const auto& n : *steps_next) {
                std::vector<std::pair<std::string, std::string>> units;
                for (const auto& u : n.units) units.emplace_back(std::to_string(u.id), Localised(language, u.name_vi, u.name_en));
                ChoiceSpec spec{.id = "unit-" + n.step.id, .name = "unit", .legend_key = "processing.hand_over_unit"};
                for (const auto& [value, label] : units) spec.options.emplace_back(value, "");
                json f = ChoiceField(spec, {units.size() == 1 ? units[0].first : ""}, errors, c, language);
                for (std::size_t i = 0; i < units.size(); ++i) f["options"][i]["label"] = units[i].second;
                // With one unit to go to, the step may also be given to one person there (assign).
                json assignee = false;
                if (n.units.size() == 1) {
                    const auto people = s.processing->Assignable(n.step.role, n.units.front().id);
                    if (!people.empty()) {
                        ChoiceSpec who{.id = "assignee-" + n.step.id, .name = "assignee",
                                       .legend_key = "processing.assignee"};
                        who.options.emplace_back("", "processing.assignee_anyone");
                        for (const auto& p : people) who.options.emplace_back(std::to_string(p.account_id), "");
                        assignee = ChoiceField(who, {""}, errors, c, language);
                        for (std::size_t i = 0; i < people.size(); ++i) assignee["options"][i + 1]["label"] = people[i].name;
                    }
                }
                next.push_back({{"step", n.step.id},
                                {"name", Localised(language, n.step.name_vi, n.step.name_en)},
                                {"units", std::move(f)},
                                {"assignee", std::move(assignee)},
                                {"note", InputField({.id = "note-" + n.step.id, .name = "note",
                                                     .label_key = "processing.note"},
                                                    typed.note, errors, c, language)}});
            }
        }
    }
    const dossier::StepRecord* open = d->OpenStep();
    bool has_previous = false;
    if (open) {
        for (const auto& st : d->steps) has_previous = has_previous || (st.seq < open->seq && st.outcome == "forwarded");
    }
    data["hand_over"] = next;
    data["can_hand_over"] = !next.empty();
    data["can_approve"] = can_act && state == dossier::State::kProcessing && next.empty() && open;
    data["can_send_back"] = can_act && state == dossier::State::kProcessing && has_previous;
    data["can_await_payment"] = can_act && (state == dossier::State::kProcessing || state == dossier::State::kReceived);
    {
        const auto workflow = domain::catalog::EffectiveWorkflow(v->procedure);
        bool final_step = false, consultation = false;
        if (open) {
            for (const auto& st : workflow.steps) {
                final_step = final_step || (st.id == open->step_id && st.next.empty());
                consultation = consultation || (st.id == open->step_id && st.unit == domain::catalog::StepUnit::kOther);
            }
        }
        // A step at another agency (liên thông) is closed by that agency's answer, not a send back.
        data["can_answer"] = can_act && state == dossier::State::kProcessing && consultation;
        if (consultation) data["can_send_back"] = false;
        data["can_attach_result"] = (state == dossier::State::kProcessing && can_act && final_step) ||
                                    (state == dossier::State::kResolved && officer);
    }
    if (d->result) {
        data["result"] = {{"href", "/work/dossiers/" + d->code + "/result"},
                          {"name", d->result->file.name},
                          {"signed", !d->result->signature_scheme.empty()},
                          {"signer", d->result->signer}};
    } else {
        data["result"] = false;
    }
    std::string result_error;
    if (const std::string* key = errors.For("result-file")) result_error = c.Get(language, *key);
    data["result_error"] = result_error.empty() ? json(false) : json(result_error);
    data["can_supplement"] = state == dossier::State::kProcessing && (can_act || officer);
    data["can_complete_supplement"] = state == dossier::State::kSupplementRequested && officer;
    data["can_return"] = state == dossier::State::kResolved && officer;
    const bool active = state == dossier::State::kReceived || state == dossier::State::kProcessing ||
                        state == dossier::State::kAwaitingPayment || state == dossier::State::kSupplementRequested;
    data["can_extend"] = leader && !d->extended_at && state != dossier::State::kSupplementRequested && active;
    data["can_stop"] = leader && active;
    data["can_withdraw"] = officer && (active || state == dossier::State::kNew);
    data["note"] = InputField({.id = "note", .name = "note", .label_key = "processing.note"}, typed.note, errors, c, language);
    data["reason"] = InputField({.id = "reason", .name = "reason", .label_key = "processing.send_back_reason"},
                                typed.reason, errors, c, language);
    data["items"] = InputField({.id = "items", .name = "items", .label_key = "counter.items", .hint_key = "counter.items_hint"},
                               typed.items, errors, c, language);
    data["reasons"] = InputField({.id = "reasons", .name = "reasons", .label_key = "processing.stop_reasons",
                                  .hint_key = "counter.reasons_hint"},
                                 typed.reasons, errors, c, language);
    data["extend_reason"] = InputField({.id = "extend-reason", .name = "extend_reason", .label_key = "processing.extend_reason"},
                                       typed.extend_reason, errors, c, language);
    data["extend_date"] = InputField({.id = "extend-date", .name = "extend_date", .label_key = "processing.extend_date",
                                      .type = "date", .width = "10"},
                                     typed.extend_date, errors, c, language);
    data["extend_time"] = InputField({.id = "extend-time", .name = "extend_time", .label_key = "processing.extend_time",
                                      .type = "time", .width = "5"},
                                     typed.extend_time.empty() ? "16:00" : typed.extend_time, errors, c, language);
    data["return_channel"] = ChoiceField({.id = "return-channel", .name = "channel", .legend_key = "processing.return_channel",
                                          .options = {{"counter", "dossier.delivery.counter"},
                                                      {"postal", "dossier.delivery.postal"},
                                                      {"online", "dossier.delivery.online"}}},
                                         {d->result_delivery}, errors, c, language);
    bool counter_rated = false;
    for (const auto& r : d->ratings) counter_rated = counter_rated || (r.channel == "counter" && r.kind == "three_level");
    data["can_rate_counter"] = officer && state == dossier::State::kReturned && !counter_rated;
    data["rate_choices"] = ChoiceField({.id = "counter-rating", .name = "three_level", .legend_key = "rating.counter_legend",
                                        .options = {{"very_satisfied", "rating.very_satisfied"},
                                                    {"satisfied", "rating.satisfied"},
                                                    {"dissatisfied", "rating.dissatisfied"}}},
                                       {}, errors, c, language);
    data["payment_reason"] = InputField({.id = "payment-reason", .name = "payment_reason",
                                         .label_key = "processing.payment_reason", .hint_key = "processing.payment_hint"},
                                        typed.payment_reason, errors, c, language);
    data["answer"] = InputField({.id = "answer", .name = "answer", .label_key = "processing.answer_label"},
                                typed.answer, errors, c, language);
    data["withdraw_reason"] = InputField({.id = "withdraw-reason", .name = "reason", .label_key = "processing.withdraw_reason"},
                                         "", errors, c, language);
    data["errors"] = errors.ToJson(c, language);
    return s.web->Page(request, "processing/dossier", "processing.dossier_title", std::move(data), status);
}

// Which element an error of an action points to.
std::string ElementFor(std::string_view action, std::string_view rule) {
    if (rule == "processing.unit" || rule == "processing.step") return "hand-over";
    if (action == "result") return "result-file";
    if (rule == "processing.assignee") return "hand-over";
    if (action == "send-back") return "reason";
    if (action == "await-payment") return "payment-reason";
    if (action == "answer") return "answer";
    if (action == "supplement") return "items";
    if (action == "stop") return "reasons";
    if (action == "extend") return rule == "processing.extension_date" ? "extend-date" : "extend-reason";
    return "actions";
}

http::Response PostAction(const app::Services& s, http::Request& request, const FormData& form, std::string_view action) {
    const std::string code = request.Param("code");
    const auto principal = DomainPrincipal(request);
    const auto caller = CallerOf(s, request, principal);
    const auto version = ParseId(form.Get("version"));
    if (!version) return http::Response::Empty(400);
    std::vector<dossier::Problem> problems;
    Typed typed;
    core::Result<dossier::Dossier> done = core::Error::Internal("processing.action");
    if (action == "hand-over") {
        typed.note = form.GetText("note");
        const auto unit = ParseId(form.Get("unit"));
        const std::string who = form.Get("assignee");
        const auto assignee = ParseId(who);
        if (!unit) {
            done = core::Error::InvalidArgument("processing.unit");
        } else if (!who.empty() && !assignee) {
            done = core::Error::InvalidArgument("processing.assignee");
        } else {
            done = s.processing->HandOver(caller, code, *version, form.Get("step"), *unit, assignee, typed.note);
        }
    } else if (action == "await-payment") {
        typed.payment_reason = form.GetText("payment_reason");
        done = typed.payment_reason.empty()
                   ? core::Result<dossier::Dossier>(core::Error::InvalidArgument("processing.payment_reason"))
                   : s.processing->AwaitPayment(caller, code, *version, typed.payment_reason);
    } else if (action == "answer") {
        typed.answer = form.GetText("answer");
        done = typed.answer.empty() ? core::Result<dossier::Dossier>(core::Error::InvalidArgument("processing.answer"))
                                    : s.processing->Answer(caller, code, *version, typed.answer);
    } else if (action == "send-back") {
        typed.reason = form.GetText("reason");
        done = typed.reason.empty() ? core::Result<dossier::Dossier>(core::Error::InvalidArgument("processing.reason"))
                                    : s.processing->SendBack(caller, code, *version, typed.reason);
    } else if (action == "approve") {
        done = s.processing->Approve(caller, code, *version, form.GetText("note"));
    } else if (action == "supplement") {
        typed.items = form.GetText("items");
        std::vector<dossier::SupplementItem> items;
        for (const auto& line : Lines(typed.items)) {
            const auto colon = line.find(':');
            items.push_back(colon == std::string::npos ? dossier::SupplementItem{line, ""}
                                                       : dossier::SupplementItem{line.substr(0, colon), line.substr(colon + 1)});
        }
        done = s.processing->RequestSupplement(caller, code, *version, items, &problems);
    } else if (action == "supplement-complete") {
        done = s.processing->CompleteSupplement(caller, code, *version);
    } else if (action == "return") {
        done = s.processing->ReturnResult(caller, code, *version, form.Get("channel"));
    } else if (action == "extend") {
        typed.extend_reason = form.GetText("extend_reason");
        typed.extend_date = form.Get("extend_date");
        typed.extend_time = form.Get("extend_time");
        const auto when = domain::calendar::ParseInstant(typed.extend_date + "T" + typed.extend_time);
        done = when ? s.processing->Extend(caller, code, *version, typed.extend_reason, *when, &problems)
                    : core::Result<dossier::Dossier>(core::Error::InvalidArgument("processing.extension_date"));
    } else if (action == "stop") {
        typed.reasons = form.GetText("reasons");
        done = s.processing->Stop(caller, code, *version, Lines(typed.reasons), &problems);
    } else if (action == "withdraw") {
        done = s.processing->Withdraw(caller, code, *version, form.GetText("reason"));
    } else if (action == "result") {
        const FormFile* file = form.File("result");
        done = file ? s.dossiers->AttachResult(caller, code, *version, {file->name, file->data})
                    : core::Result<dossier::Dossier>(core::Error::InvalidArgument("upload.empty"));
    }
    if (done.ok()) return s.web->Redirect(request, "/work/dossiers/" + code, "flash.processing_done");
    const auto& e = done.error();
    FormErrors errors;
    if (e.message == "dossier.invalid") {
        for (const auto& p : problems) errors.Add(ElementFor(action, p.rule), "dossier.error." + p.rule);
        if (errors.empty()) errors.Add(ElementFor(action, ""), "dossier.error.dossier.invalid");
        return DossierPage(s, request, code, errors, typed, 422);
    }
    if (e.code == core::ErrorCode::kInvalidArgument || e.code == core::ErrorCode::kPayloadTooLarge ||
        (e.code == core::ErrorCode::kUnavailable && e.message.starts_with("upload."))) {
        errors.Add(ElementFor(action, e.message), "dossier.error." + e.message);
        const int status = e.code == core::ErrorCode::kPayloadTooLarge ? 413
                           : e.code == core::ErrorCode::kUnavailable   ? 503
                                                                        : 422;
        return DossierPage(s, request, code, errors, typed, status);
    }
    if (e.code == core::ErrorCode::kConflict) {
        errors.Add("actions", "dossier.error." + e.message);
        return DossierPage(s, request, code, errors, typed, 409);
    }
    return Failure(request, e);
}

}  // namespace

void RegisterProcessingPages(http::Router& router, const app::Services& services) {
    const Shell* shell = services.web;
    const auto staff = http::Access::AnyRole(StaffRoles());
    router.Get("/work", staff, [services](http::Request& request) { return QueuePage(services, request); });
    router.Get("/work/dossiers/{code}", staff, [services](http::Request& request) {
        return DossierPage(services, request, request.Param("code"), {}, {}, 200);
    });
    router.Get("/work/dossiers/{code}/result", staff, [services](http::Request& request) {
        const auto principal = DomainPrincipal(request);
        const auto caller = CallerOf(services, request, principal);
        auto file = services.dossiers->ResultFileOf(caller, request.Param("code"));
        if (!file.ok()) return Failure(request, file.error());
        http::Response r = http::Response::Text(200, std::move(file->bytes), file->file.media_type);
        r.SetHeader("Content-Disposition", "attachment; filename=\"ket-qua-" + request.Param("code") + "\"");
        r.SetHeader("X-Content-Type-Options", "nosniff");
        r.SetHeader("Cache-Control", "private, no-store");
        return r;
    });
    for (const char* action : {"hand-over", "send-back", "approve", "supplement", "supplement-complete", "return",
                               "extend", "stop", "withdraw", "result", "await-payment", "answer"}) {
        shell->PostForm(router, std::string("/work/dossiers/{code}/") + action, staff,
                        [services, action](http::Request& request, const FormData& form) {
                            return PostAction(services, request, form, action);
                        });
    }
}

}  // namespace mocua::web
