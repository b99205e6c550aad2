#include "request_command.hpp"

#include "cli.hpp"
#include "failure.hpp"
#include "input.hpp"
#include "json_text.hpp"
#include "output_file.hpp"
#include "progress.hpp"

#include <b44/errors.hpp>
#include <b44/http.hpp>
#include <b44/json.hpp>
#include <b44/raw_request.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <ostream>
#include <string_view>
#include <system_error>
#include <utility>

namespace b44::cli {
namespace {

// ---- the command line ----

void checkCombinations(const RequestArgs& args) {
  const int bodies = static_cast<int>(args.data.has_value()) +
                     static_cast<int>(args.dataBinary.has_value()) +
                     static_cast<int>(!args.form.empty());
  if (bodies > 1) throw UsageError("give at most one of --data, --data-binary and --form");
  if (args.dataBinary && !args.contentType) throw UsageError("--data-binary needs --content-type");
  if (args.contentType && !args.dataBinary) {
    throw UsageError("--content-type goes with --data-binary");
  }
  if (!args.paginate && (args.ndjson || args.maxPages)) {
    throw UsageError(std::string(args.ndjson ? "--ndjson" : "--max-pages") +
                     " goes with --paginate");
  }
}

// ---- the request ----

void setBody(const RequestArgs& args, std::istream& in, RawRequest& request) {
  if (args.data) {
    request.jsonBody(parseJsonOperand("--data", *args.data, in));
  } else if (args.dataBinary) {
    request.bytesBody(readOperand("--data-binary", *args.dataBinary, in, false), *args.contentType);
  } else if (!args.form.empty()) {
    request.formBody(args.form);
  }
}

RawRequest buildRequest(const Options& options, std::istream& in) {
  RawRequest request;
  request.method = options.positional[1];
  std::transform(request.method.begin(), request.method.end(), request.method.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  request.path = options.positional[2];
  request.host = options.request.host;
  request.query = options.request.query;
  for (const auto& [name, value] : options.request.headers) request.headers.add(name, value);
  setBody(options.request, in, request);
  return request;
}

RequestOptions requestOptions(const RequestArgs& args) {
  RequestOptions options;
  if (args.retrySafe) options.retrySafe = true;
  return options;
}

// ---- the answer ----

// How many bytes the UTF-8 sequence starting with `lead` has (0: invalid lead).
std::size_t sequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

// Valid UTF-8 (no overlong forms, surrogates or code points past U+10FFFF)
// without NUL: what may go to a terminal.
bool isText(std::string_view bytes) {
  for (std::size_t i = 0; i < bytes.size();) {
    const auto lead = static_cast<unsigned char>(bytes[i]);
    const std::size_t length = sequenceLength(lead);
    if (lead == 0 || length == 0 || length > bytes.size() - i) return false;
    // The second byte's range narrows after E0, ED, F0 and F4.
    const unsigned char low = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
    const unsigned char high = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(bytes[i + k]);
      if (next < (k == 1 ? low : 0x80) || next > (k == 1 ? high : 0xBF)) return false;
    }
    i += length;
  }
  return true;
}

// A header as shown: secrets (credential-looking names, the adapter's token
// header and declared secret headers) redacted, control characters escaped.
std::string shown(const std::string& name, const std::string& value,
                  const plugin::AdapterSpec& adapterSpec) {
  if (adapterSpec.isSecretHeader(name)) return "<redacted>";
  return inertText(value, 8192);
}

// The values the request carries in declared secret places (a webhook token
// in its path): "****" in whatever the command prints.
using Secrets = std::vector<std::string>;

std::string scrubbed(std::string text, const Secrets& secrets) {
  return redacted(std::move(text), {secrets.begin(), secrets.end()});
}

void printHead(const RawResponse& response, const plugin::AdapterSpec& adapterSpec,
               const Secrets& secrets, std::ostream& err) {
  std::string head = "HTTP/1.1 " + std::to_string(response.status) + '\n';
  for (const auto& [name, value] : response.headers.entries()) {
    head += inertText(name, 200) + ": " + shown(name, value, adapterSpec) + '\n';
  }
  err << scrubbed(head, secrets) << '\n';
}

// Lowercase names; the values of a repeated header joined with ", ".
nlohmann::json headersJson(const Headers& headers, const plugin::AdapterSpec& adapterSpec) {
  auto object = nlohmann::json::object();
  for (const auto& [name, value] : headers.entries()) {
    std::string key = name;
    std::transform(key.begin(), key.end(), key.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const std::string text = shown(name, value, adapterSpec);
    object[key] = object.contains(key) ? object[key].get<std::string>() + ", " + text : text;
  }
  return object;
}

// What goes on stdout for an answer kept in memory: the JSON pretty-printed,
// other text as it is, or with --json {status, headers, body}; nothing for
// bytes that are not text.
std::optional<std::string> printable(const RawResponse& response, bool envelope,
                                     const plugin::AdapterSpec& adapterSpec) {
  nlohmann::json body = response.json;
  if (body.is_null()) {
    if (!isText(response.body)) return std::nullopt;
    if (!envelope) return response.body;
    body = response.body;
  }
  if (!envelope) return dumped(body);
  return dumped({{"status", response.status},
                 {"headers", headersJson(response.headers, adapterSpec)},
                 {"body", std::move(body)}});
}

std::string notTextMessage(const RawResponse& response) {
  const std::string type = response.contentType();
  return "the answer is not text (" + std::to_string(response.body.size()) + " bytes" +
         (type.empty() ? "" : ", " + type) + "): write it to a file with --output FILE";
}

// The adapter's error rules (a non-2xx status, Slack's HTTP 200 with
// "ok": false) on an answer returned as it is: the error, or nullopt.
// The adapter's reading of an error answer, scrubbed of `secrets` (a service
// may echo the token it received).
std::optional<std::string> serviceError(const plugin::Adapter& adapter, const RawResponse& response,
                                        const std::function<std::vector<std::string>()>& secrets) {
  try {
    adapter.checkRawResponse({response.status, response.headers, response.body});
  } catch (ServiceError& error) {
    const auto held = secrets();
    error.redact({held.begin(), held.end()});
    return error.what();
  }
  if (response.ok()) return std::nullopt;
  return adapter.spec().type + " answered HTTP " + std::to_string(response.status);
}

// An answer the service reports as an error is exit 4, its body still printed.
int report(const Options& options, const std::optional<std::string>& error,
           const RawResponse& response, std::ostream& out, const plugin::AdapterSpec& adapterSpec,
           const Secrets& secrets) {
  const auto text = printable(response, options.json, adapterSpec);
  if (text) out << scrubbed(*text, secrets) << std::flush;
  if (!error) {
    if (!text) throw std::runtime_error(notTextMessage(response));
    return kOk;
  }
  throw CommandFailure({"service",
                        kServiceError,
                        *error,
                        text ? "" : notTextMessage(response),
                        {{"status", response.status}}});
}

// --output: a 2xx body streamed into FILE (any other answer is printed).
int sendOnce(const ServiceClient& service, const plugin::Adapter& adapter,
             const RawRequest& request, const Options& options, const Client& client,
             std::ostream& out, std::ostream& err) {
  const RequestArgs& args = options.request;
  std::optional<OutputFile> file;
  if (args.output) file.emplace(*args.output);
  RequestOptions sendOptions = requestOptions(args);
  sendOptions.returnErrorAnswers = true;
  if (file) sendOptions.sink = [&file](std::string_view chunk) { file->write(chunk); };
  const RawResponse response = service.request(request, sendOptions);
  const Secrets carried = adapter.spec().secretValues(request.host, request.path, request.query);
  if (args.include) printHead(response, adapter.spec(), carried, err);
  if (!file || !response.ok()) {
    // The tokens this call may have presented: the client's own, and on the
    // direct route the connection's (from the cache the call just filled).
    const auto secrets = [&]() -> std::vector<std::string> {
      std::vector<std::string> held{client.options().serviceToken.reveal(),
                                    client.options().userToken.reveal()};
      if (!options.proxy) {
        const auto source = options.source.value_or(ConnectionSource::app(adapter.spec().type));
        held.push_back(client.connectors().cached(source).accessToken.reveal());
      }
      held.insert(held.end(), carried.begin(), carried.end());
      return held;
    };
    return report(options, serviceError(adapter, response, secrets), response, out, adapter.spec(),
                  carried);
  }
  file->keep();
  if (options.json) {
    out << scrubbed(dumped({{"status", response.status},
                            {"headers", headersJson(response.headers, adapter.spec())},
                            {"body_bytes", response.bodyBytes},
                            {"output", *args.output}}),
                    carried);
  }
  return kOk;
}

// Hands each page's items to `each` as the pages come; false when there are
// more than `maxPages`.
bool walkPages(RawPager& pager, std::size_t maxPages, bool include,
               const plugin::AdapterSpec& adapterSpec, const Secrets& secrets, Progress& progress,
               std::ostream& err, const std::function<void(const nlohmann::json&)>& each) {
  for (std::size_t pages = 0; pager.hasNext(); ++pages) {
    if (pages == maxPages) return false;
    const RawPage page = pager.nextPage();
    if (include) {
      progress.pause();
      printHead(page.response, adapterSpec, secrets, err);
    }
    progress.page(page.items.size());
    for (const auto& item : page.items) each(item);
  }
  return true;
}

// Every page's items: one JSON array, or one compact item per line. A walk
// longer than the page limit fails (exit 5), as the library's would.
int paginate(const ServiceClient& service, RawRequest request, const Options& options,
             std::ostream& out, std::ostream& err) {
  const RequestArgs& args = options.request;
  std::optional<OutputFile> file;
  if (args.output) file.emplace(*args.output);
  const Secrets carried = service.spec().secretValues(request.host, request.path, request.query);
  const auto emit = [&](const std::string& text) {
    if (file) {
      file->write(text);
    } else {
      out << scrubbed(text, carried) << std::flush;
    }
  };
  auto items = nlohmann::json::array();
  const auto collect = [&](const nlohmann::json& item) {
    if (args.ndjson) {
      emit(dumped(item, -1));
    } else {
      items.push_back(item);
    }
  };
  auto pager = service.paginate(std::move(request), requestOptions(args));
  const auto maxPages = service.options().maxPages;
  bool complete = false;
  {
    Progress progress(err, progressShown(options.quiet));
    complete =
        walkPages(pager, maxPages, args.include, service.spec(), carried, progress, err, collect);
  }
  if (!complete) {
    throw CommandFailure({"page_limit", kNetworkError,
                          "more than " + std::to_string(maxPages) + " pages",
                          "set the limit with --max-pages N", nlohmann::json::object()});
  }
  if (!args.ndjson) emit(dumped(items));
  if (file) file->keep();
  return kOk;
}

}  // namespace

int requestCommand(const Registry& registry, const Options& options, std::istream& in,
                   std::ostream& out, std::ostream& err) {
  checkCombinations(options.request);
  RawRequest request = buildRequest(options, in);
  const Client client = makeClient(options);
  const auto service = registry.service(options.positional[0], client, serviceOptions(options));
  if (options.request.paginate) return paginate(service, std::move(request), options, out, err);
  const auto adapter = registry.adapter(options.positional[0]);
  return sendOnce(service, *adapter, request, options, client, out, err);
}

}  // namespace b44::cli
