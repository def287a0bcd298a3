#include "app/cli_identity.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "app/app.hpp"
#include "app/cli_common.hpp"
#include "app/identity_stack.hpp"
#include "config/config.hpp"
#include "core/ids.hpp"
#include "db/database.hpp"
#include "domain/identity/identity_service.hpp"
#include "domain/org/units.hpp"
#include "log/log.hpp"
#include "persistence/audit_repository.hpp"
#include "persistence/org_repository.hpp"

namespace mocua::app {

namespace {

struct Options : StoreOptions {
    // user
    std::string kind = "citizen", email, name, cccd, tax_code, phone, unit, role, query;
    bool password_stdin = false;
    // token
    int expires_days = 0;
    std::string label = "command line";
    // units
    std::string file, valid_from = "2025-07-01";
};

using Context = CommandContext;

core::Result<std::unique_ptr<Context>> Open(const Options& o) {
    auto ctx = std::make_unique<Context>();
    if (auto opened = OpenInstallation(o, *ctx); !opened.ok()) return opened.error();
    return ctx;
}

// Rule codes ("email.taken") are for catalogues; the operator gets the field and the rule.
int FailWith(const core::Error& e, const std::string& what) {
    return Fail(what + ": " + e.message, ExitCodeFor(e));
}

core::Result<domain::identity::Account> AccountByEmail(Context& ctx, const std::string& email) {
    auto account = ctx.identity->accounts().FindByEmail(email);
    if (!account.ok()) return core::Error::NotFound("no account has the e-mail address " + email);
    return account;
}

std::string Today(const core::Clock& clock) {
    return domain::org::DateOf(clock.Now() + std::chrono::hours(7));
}

int UserAdd(const Options& o) {
    auto kind = domain::identity::ParseAccountKind(o.kind);
    if (!kind) return Fail("--kind must be citizen, business or staff", 2);
    if (o.unit.empty() != o.role.empty()) return Fail("--unit and --role go together", 2);
    std::optional<std::string> password;
    if (o.password_stdin) {
        std::string line;
        if (!std::getline(std::cin, line)) return Fail("--password-stdin: nothing on standard input", 2);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        password = line;
    }
    auto ctx = Open(o);
    if (!ctx.ok()) return Fail(ctx.error().message, ExitCodeFor(ctx.error()));
    auto& c = *ctx.value();
    std::optional<std::int64_t> unit_id;
    if (!o.unit.empty()) {
        auto unit = c.identity->units().FindByCode(o.unit, Today(c.clock));
        if (!unit) return Fail("--unit: no unit has the code " + o.unit + " today", 2);
        if (!domain::identity::FindRole(o.role)) return Fail("--role: unknown role " + o.role, 2);
        unit_id = unit->id;
    }
    domain::identity::Profile p;
    p.kind = *kind;
    p.email = o.email;
    p.display_name = o.name;
    if (!o.cccd.empty()) p.cccd = o.cccd;
    if (!o.tax_code.empty()) p.tax_code = o.tax_code;
    if (!o.phone.empty()) p.phone = o.phone;
    auto created = c.identity->accounts().Create(p, password, c.actor);
    if (!created.ok()) return FailWith(created.error(), "user add");
    const auto& account = created->account;
    if (unit_id) {
        auto granted = c.identity->accounts().GrantRole(account.id, o.role, *unit_id, c.actor);
        if (!granted.ok())
            return FailWith(granted.error(), "user add (account " + std::to_string(account.id) +
                                                 " created, role not granted)");
    }
    std::printf("created account %lld (%s) %s\n", static_cast<long long>(account.id),
                std::string(domain::identity::AccountKindName(account.kind)).c_str(), account.email.c_str());
    if (unit_id) std::printf("granted %s within unit %s\n", o.role.c_str(), o.unit.c_str());
    if (!created->one_time_password.empty()) {
        std::printf("one-time password (shown once; must be changed at first sign-in): %s\n",
                    created->one_time_password.c_str());
    }
    return 0;
}

int UserResetPassword(const Options& o) {
    auto ctx = Open(o);
    if (!ctx.ok()) return Fail(ctx.error().message, ExitCodeFor(ctx.error()));
    auto& c = *ctx.value();
    auto account = AccountByEmail(c, o.email);
    if (!account.ok()) return Fail(account.error().message, 2);
    auto password = c.identity->accounts().ResetPassword(account->id, c.actor);
    if (!password.ok()) return FailWith(password.error(), "user reset-password");
    std::printf("password of account %lld reset; its sessions and API tokens are revoked\n",
                static_cast<long long>(account->id));
    std::printf("one-time password (shown once; must be changed at first sign-in): %s\n", password->c_str());
    return 0;
}

int UserSetDisabled(const Options& o, bool disabled) {
    auto ctx = Open(o);
    if (!ctx.ok()) return Fail(ctx.error().message, ExitCodeFor(ctx.error()));
    auto& c = *ctx.value();
    auto account = AccountByEmail(c, o.email);
    if (!account.ok()) return Fail(account.error().message, 2);
    auto done = c.identity->accounts().SetDisabled(account->id, disabled, c.actor);
    if (!done.ok()) return FailWith(done.error(), disabled ? "user disable" : "user enable");
    std::printf("account %lld %s\n", static_cast<long long>(account->id),
                disabled ? "disabled; its sessions and API tokens are revoked" : "enabled");
    return 0;
}

int UserList(const Options& o) {
    domain::identity::AccountFilter filter;
    if (!o.kind.empty() && o.kind != "all") {
        filter.kind = domain::identity::ParseAccountKind(o.kind);
        if (!filter.kind) return Fail("--kind must be citizen, business, staff or all", 2);
    }
    filter.query = o.query;
    filter.limit = 500;
    auto ctx = Open(o);
    if (!ctx.ok()) return Fail(ctx.error().message, ExitCodeFor(ctx.error()));
    auto& c = *ctx.value();
    std::printf("%-6s %-9s %-8s %-4s %-32s %s\n", "id", "kind", "state", "mfa", "email", "roles");
    int shown = 0;
    for (;;) {
        auto page = c.identity->accounts().List(filter);
        for (const auto& a : page) {
            std::string roles;
            for (const auto& g : c.identity->accounts().Grants(a.id)) {
                auto unit = c.identity->units().Find(g.unit_id);
                roles += (roles.empty() ? "" : ", ") + g.role + "@" +
                         (unit ? unit->code : std::to_string(g.unit_id));
            }
            std::printf("%-6lld %-9s %-8s %-4s %-32s %s\n", static_cast<long long>(a.id),
                        std::string(domain::identity::AccountKindName(a.kind)).c_str(),
                        a.disabled ? "disabled" : "active", a.totp_enabled ? "totp" : "-", a.email.c_str(),
                        roles.c_str());
            ++shown;
        }
        if (static_cast<int>(page.size()) < filter.limit) break;
        filter.offset += filter.limit;
    }
    std::printf("%d account%s\n", shown, shown == 1 ? "" : "s");
    return 0;
}

int UserGrant(const Options& o) {
    auto ctx = Open(o);
    if (!ctx.ok()) return Fail(ctx.error().message, ExitCodeFor(ctx.error()));
    auto& c = *ctx.value();
    auto account = AccountByEmail(c, o.email);
    if (!account.ok()) return Fail(account.error().message, 2);
    auto unit = c.identity->units().FindByCode(o.unit, Today(c.clock));
    if (!unit) return Fail("--unit: no unit has the code " + o.unit + " today", 2);
    auto done = c.identity->accounts().GrantRole(account->id, o.role, unit->id, c.actor);
    if (!done.ok()) return FailWith(done.error(), "user grant");
    std::printf("account %lld holds %s within unit %s\n", static_cast<long long>(account->id), o.role.c_str(),
                o.unit.c_str());
    return 0;
}

int UserResetTotp(const Options& o) {
    auto ctx = Open(o);
    if (!ctx.ok()) return Fail(ctx.error().message, ExitCodeFor(ctx.error()));
    auto& c = *ctx.value();
    auto account = AccountByEmail(c, o.email);
    if (!account.ok()) return Fail(account.error().message, 2);
    auto done = c.identity->accounts().ResetTotp(account->id, c.actor);
    if (!done.ok()) return FailWith(done.error(), "user reset-totp");
    std::printf("two-step verification of account %lld removed; it enrols again at next sign-in\n",
                static_cast<long long>(account->id));
    return 0;
}

int TokenCreate(const Options& o) {
    if (o.expires_days < 0 || o.expires_days > 3650) return Fail("--expires must be 1..3650 days", 2);
    auto ctx = Open(o);
    if (!ctx.ok()) return Fail(ctx.error().message, ExitCodeFor(ctx.error()));
    auto& c = *ctx.value();
    auto account = AccountByEmail(c, o.email);
    if (!account.ok()) return Fail(account.error().message, 2);
    auto token = c.identity->sessions().CreateApiToken(
        account->id, o.label, o.expires_days > 0 ? std::optional(o.expires_days) : std::nullopt, c.actor);
    if (!token.ok()) return FailWith(token.error(), "token create");
    std::printf(
        "API token %lld for account %lld%s (shown once; send it as \"Authorization: Bearer …\"):\n%s\n",
        static_cast<long long>(token->id), static_cast<long long>(account->id),
        token->expires_at ? (", expires " + *token->expires_at).c_str() : ", no expiry",
        token->token.c_str());
    return 0;
}

int UnitsImport(const Options& o) {
    std::ifstream in(o.file, std::ios::binary);
    if (!in) return Fail("cannot read " + o.file, 2);
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = domain::org::ParseCommuneCsv(text.str());
    if (!parsed.problems.empty()) {
        for (const auto& p : parsed.problems) {
            std::fprintf(stderr, "%s:%d:%s%s %s\n", o.file.c_str(), p.line, p.field.empty() ? "" : " ",
                         p.field.c_str(), p.message.c_str());
        }
        return Fail(o.file + ": " + std::to_string(parsed.problems.size()) + " problem(s); nothing imported",
                    2);
    }
    if (!domain::org::IsValidDate(o.valid_from)) return Fail("--valid-from must be a date YYYY-MM-DD", 2);
    auto ctx = Open(o);
    if (!ctx.ok()) return Fail(ctx.error().message, ExitCodeFor(ctx.error()));
    auto& c = *ctx.value();
    const bool tty = ::isatty(STDERR_FILENO) != 0;
    auto summary =
        c.identity->org().ImportCommunes(parsed.rows, o.valid_from, c.actor, [tty](int done, int total) {
            const int pct = total > 0 ? done * 100 / total : 100;
            if (tty) {
                std::fprintf(stderr, "\r  importing: %d/%d (%d%%)", done, total, pct);
                if (done == total) std::fputc('\n', stderr);
            } else {
                std::fprintf(stderr, "  importing: %d/%d (%d%%)\n", done, total, pct);
            }
            std::fflush(stderr);
        });
    if (!summary.ok()) return FailWith(summary.error(), "units import");
    std::printf(
        "units import: %d rows, %d created, %d updated, %d unchanged, %d provinces created (valid from %s)\n",
        summary->rows, summary->created, summary->updated, summary->unchanged, summary->provinces_created,
        o.valid_from.c_str());
    return 0;
}

int AuditVerify(const Options& o) {
    auto ctx = Open(o);
    if (!ctx.ok()) return Fail(ctx.error().message, ExitCodeFor(ctx.error()));
    auto report = ctx.value()->identity->audit().Verify();
    if (report.intact()) {
        std::printf("audit log intact: %lld entries\n", static_cast<long long>(report.entries));
        return 0;
    }
    std::printf("audit log BROKEN at entry %lld: %s\n", static_cast<long long>(report.broken->seq),
                report.broken->reason.c_str());
    return 3;
}

}  // namespace

std::function<std::optional<int>()> AddIdentityCommands(CLI::App& cli) {
    auto o = std::make_shared<Options>();
    auto* user = cli.add_subcommand(
        "user", "Manage accounts: add, reset-password, disable, enable, list, grant, reset-totp");
    user->require_subcommand(1);
    auto* add =
        user->add_subcommand("add", "Create an account (prints a one-time password unless --password-stdin)");
    AddStoreOptions(add, *o);
    add->add_option("--kind", o->kind, "citizen, business or staff")->required();
    add->add_option("--email", o->email, "E-mail address (unique, case-insensitive)")->required();
    add->add_option("--name", o->name, "Display name");
    add->add_option("--cccd", o->cccd, "12-digit personal identification number");
    add->add_option("--tax-code", o->tax_code, "Tax code (required for business accounts)");
    add->add_option("--phone", o->phone, "Phone number");
    add->add_option("--unit", o->unit, "Code of the unit within which --role is granted");
    add->add_option("--role", o->role, "Role to grant within --unit (e.g. onestop_officer)");
    add->add_flag("--password-stdin", o->password_stdin,
                  "Read the password from the first line of standard input");
    auto* reset = user->add_subcommand("reset-password", "Give an account a new one-time password");
    AddStoreOptions(reset, *o);
    reset->add_option("--email", o->email, "E-mail address of the account")->required();
    auto* disable = user->add_subcommand("disable", "Disable an account and end its sessions and API tokens");
    AddStoreOptions(disable, *o);
    disable->add_option("--email", o->email, "E-mail address of the account")->required();
    auto* enable = user->add_subcommand("enable", "Enable a disabled account");
    AddStoreOptions(enable, *o);
    enable->add_option("--email", o->email, "E-mail address of the account")->required();
    auto* list = user->add_subcommand("list", "List accounts with their roles");
    AddStoreOptions(list, *o);
    list->add_option("--kind", o->kind, "citizen, business, staff or all")->default_val("all");
    list->add_option("--query", o->query, "Part of a name or e-mail address (without tones is fine)");
    auto* grant = user->add_subcommand("grant", "Grant a role within a unit's subtree");
    AddStoreOptions(grant, *o);
    grant->add_option("--email", o->email, "E-mail address of the account")->required();
    grant->add_option("--role", o->role, "Role (e.g. specialist)")->required();
    grant->add_option("--unit", o->unit, "Unit code")->required();
    auto* reset_totp =
        user->add_subcommand("reset-totp", "Remove an account's two-step verification (audited)");
    AddStoreOptions(reset_totp, *o);
    reset_totp->add_option("--email", o->email, "E-mail address of the account")->required();

    auto* token = cli.add_subcommand("token", "Personal API tokens");
    token->require_subcommand(1);
    auto* token_create =
        token->add_subcommand("create", "Create an API token for an account and print it once");
    AddStoreOptions(token_create, *o);
    token_create->add_option("--email", o->email, "E-mail address of the account")->required();
    token_create->add_option("--expires", o->expires_days, "Days until it expires (default: never)");
    token_create->add_option("--label", o->label, "What the token is for");

    auto* units = cli.add_subcommand("units", "Organisation units");
    units->require_subcommand(1);
    auto* import =
        units->add_subcommand("import", "Import an official commune list (code,name,province CSV)");
    AddStoreOptions(import, *o);
    import->add_option("FILE", o->file, "CSV file, e.g. data/communes-2025.csv")->required();
    import->add_option("--valid-from", o->valid_from, "First day the listed units are valid")
        ->default_val("2025-07-01");

    auto* audit = cli.add_subcommand("audit", "The tamper-evident audit log");
    audit->require_subcommand(1);
    auto* verify =
        audit->add_subcommand("verify", "Check the hash chain; exit 3 naming the first broken entry");
    AddStoreOptions(verify, *o);

    return [=]() -> std::optional<int> {
        if (*add) return UserAdd(*o);
        if (*reset) return UserResetPassword(*o);
        if (*disable) return UserSetDisabled(*o, true);
        if (*enable) return UserSetDisabled(*o, false);
        if (*list) return UserList(*o);
        if (*grant) return UserGrant(*o);
        if (*reset_totp) return UserResetTotp(*o);
        if (*token_create) return TokenCreate(*o);
        if (*import) return UnitsImport(*o);
        if (*verify) return AuditVerify(*o);
        return std::nullopt;
    };
}

}  // namespace mocua::app
