// b44-plugin-host: runs any action of any adapter it finds, generically.
//
//   b44-plugin-host TYPE ACTION ['{"json": "args"}'] [--all-pages]
//
// It links only the registry (b44::registry), never an adapter: adapters are
// discovered at run time in the registry's default directory and in the
// directories of B44_PLUGIN_PATH. The Base44 client comes from the
// environment: BASE44_APP_ID, BASE44_SERVICE_TOKEN, BASE44_API_URL,
// B44_CONNECT_TO (e.g. the emulator's sandbox), B44_LOG=debug.
//
// Prints the action's JSON result on stdout; with --all-pages, walks every
// page of a paginated action and prints {"items": [...], "pages": N}.
// Load problems and errors go to stderr; no token is ever printed.
#include <b44/client.hpp>
#include <b44/errors.hpp>
#include <b44/registry.hpp>
#include <b44/service_client.hpp>

#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace {

constexpr const char* kUsage =
    "usage: b44-plugin-host TYPE ACTION ['{\"json\": \"args\"}'] [--all-pages]\n"
    "       b44-plugin-host --list\n";

int listAdapters(const b44::Registry& registry) {
  for (const auto& loaded : registry.adapters()) {
    std::cout << loaded.integrationType << ' ' << loaded.adapterVersion << ' ' << loaded.path
              << '\n';
    for (const auto& action : loaded.adapter->spec().actions) {
      std::cout << "  " << action.name << ": " << action.description << '\n';
    }
  }
  return 0;
}

nlohmann::json allPages(const b44::ServiceClient& service, std::string_view action,
                        nlohmann::json args) {
  auto pager = service.pages(action, std::move(args));
  nlohmann::json items = nlohmann::json::array();
  int pages = 0;
  while (pager.hasNext()) {
    for (auto& item : pager.nextPage().items) items.push_back(std::move(item));
    ++pages;
  }
  return {{"items", std::move(items)}, {"pages", pages}};
}

}  // namespace

int main(int argc, char** argv) {
  const bool list = argc == 2 && std::string_view(argv[1]) == "--list";
  if (!list && (argc < 3 || argc > 5)) {
    std::cerr << kUsage;
    return 2;
  }
  try {
    b44::Registry registry;
    for (const auto& diagnostic : registry.loadSearchPath()) {
      std::cerr << "b44-plugin-host: skipped " << diagnostic.path << ": " << diagnostic.reason
                << '\n';
    }
    if (list) return listAdapters(registry);

    const std::string type = argv[1];
    const std::string action = argv[2];
    nlohmann::json args = nlohmann::json::object();
    bool everyPage = false;
    for (int i = 3; i < argc; ++i) {
      const std::string_view arg = argv[i];
      if (arg == "--all-pages") {
        everyPage = true;
        continue;
      }
      args = nlohmann::json::parse(arg, nullptr, /*allow_exceptions=*/false);
      if (args.is_discarded() || !args.is_object()) {
        std::cerr << "b44-plugin-host: the arguments must be a JSON object\n";
        return 2;
      }
    }

    const b44::Client client = b44::Client::fromEnvironment();
    const b44::ServiceClient service = registry.service(type, client);
    const nlohmann::json result =
        everyPage ? allPages(service, action, std::move(args)) : service.invoke(action, args);
    std::cout << result.dump(2) << '\n';
    return 0;
  } catch (const b44::InvalidArgumentError& error) {
    std::cerr << "b44-plugin-host: invalid input: " << error.what() << '\n';
    return 2;
  } catch (const b44::ServiceError& error) {
    std::cerr << "b44-plugin-host: " << error.what() << '\n';
    return 3;
  } catch (const b44::Error& error) {
    std::cerr << "b44-plugin-host: " << error.what() << '\n';
    return 1;
  }
}
