#pragma once
// The payments commands of `mocua` (CLI11; issue 9, docs/adr/0080-cashless-payments.md):
//   sandbox-bank --listen HOST:PORT --ipn-url URL --merchant CODE [--ipn once|twice|late|never|tampered]
//       run a stand-in for the payment gateway (app/sandbox_bank_server.hpp) until SIGTERM or SIGINT;
//       the hash secret comes from MOCUA_VNPAY_HASH_SECRET or --secret-file, as the server's does.
//       Prints "sandbox bank serving http://HOST:PORT" once it listens (scripts read that line).
// Exit codes: 0 stopped by a signal; 1 runtime failure (port taken); 2 bad options or no secret.
#include <functional>
#include <optional>

namespace CLI {
class App;
}

namespace mocua::app {

std::function<std::optional<int>()> AddPaymentCommands(CLI::App& cli);

}  // namespace mocua::app
