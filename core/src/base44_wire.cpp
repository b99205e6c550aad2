#include "base44_wire.hpp"

#include <b44/errors.hpp>
#include <b44/json.hpp>

#include <algorithm>

#include <array>
#include <cstdint>

namespace b44::detail {
namespace {

nlohmann::json parseJsonOrNull(const std::string& body, std::size_t maxDepth) {
  if (body.empty()) return nullptr;
  // Too deep to keep as JSON: the error keeps the text (bounded) instead.
  if (jsonDeeperThan(body, maxDepth)) return nlohmann::json(inertText(body, 500));
  auto parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  return parsed.is_discarded() ? nlohmann::json(body) : parsed;
}

std::string firstString(const nlohmann::json& body,
                        std::initializer_list<nlohmann::json::json_pointer> pointers) {
  for (const auto& pointer : pointers) {
    if (body.is_object() && body.contains(pointer)) {
      const auto& value = body.at(pointer);
      if (value.is_string() && !value.get_ref<const std::string&>().empty())
        return value.get<std::string>();
      if (value.is_number()) return value.dump();
    }
  }
  return {};
}

// The official SDK's error shape: message, status, code, data.
[[noreturn]] void throwBase44Error(const HttpResponse& response, std::size_t maxDepth) {
  const nlohmann::json data = parseJsonOrNull(response.body, maxDepth);
  using P = nlohmann::json::json_pointer;
  std::string message = firstString(data, {P("/error/message"), P("/message"), P("/detail")});
  if (message.empty())
    message = "Request failed with status code " + std::to_string(response.status);
  std::string code = firstString(data, {P("/error/code"), P("/code")});
  if (code.empty()) code = response.headers.get("x-base44-connector-error").value_or("");
  throw Base44Error(response.status, std::move(code), std::move(message), data);
}

CallApiResponse::Phase parsePhase(const nlohmann::json& value, const std::string& operation) {
  static const std::array<std::pair<const char*, CallApiResponse::Phase>, 4> kPhases{{
      {"not_sent", CallApiResponse::Phase::NotSent},
      {"responded", CallApiResponse::Phase::Responded},
      {"timed_out", CallApiResponse::Phase::TimedOut},
      {"sent_unconfirmed", CallApiResponse::Phase::SentUnconfirmed},
  }};
  if (value.is_string()) {
    for (const auto& [name, phase] : kPhases) {
      if (value == name) return phase;
    }
  }
  throw ProtocolError(operation + ": malformed answer from Base44: unknown phase " + value.dump());
}

}  // namespace

void checkSuccess(const HttpResponse& response, std::size_t maxDepth) {
  if (response.status < 200 || response.status > 299) throwBase44Error(response, maxDepth);
}

nlohmann::json parseSuccess(const HttpResponse& response, const std::string& operation,
                            std::size_t maxDepth) {
  checkSuccess(response, maxDepth);
  auto body = parseUntrustedJson(response.body, operation, maxDepth);
  if (body.is_discarded()) {
    throw ProtocolError(operation + ": Base44 answered HTTP " + std::to_string(response.status) +
                        " with a body that is not valid JSON (" +
                        std::to_string(response.body.size()) + " bytes)");
  }
  return body;
}

Connection parseConnection(const nlohmann::json& body, std::string_view requested,
                           const std::string& operation) {
  auto fail = [&](const std::string& what) -> ProtocolError {
    return ProtocolError(operation + ": malformed answer from Base44: " + what);
  };
  if (!body.is_object()) throw fail("expected a JSON object");
  const auto token = body.find("access_token");
  if (token == body.end() || !token->is_string() || token->get_ref<const std::string&>().empty()) {
    throw fail("'access_token' is missing or not a non-empty string");
  }
  // A token goes into a header: anything but visible ASCII would break the
  // request (or smuggle another header into it).
  const auto& tokenText = token->get_ref<const std::string&>();
  if (!std::all_of(tokenText.begin(), tokenText.end(),
                   [](char c) { return c > 0x20 && c < 0x7f; })) {
    throw fail("'access_token' holds spaces, control or non-ASCII characters");
  }
  Connection connection;
  connection.accessToken = Secret(tokenText);
  const auto type = body.find("integration_type");
  if (type != body.end() && !type->is_null() && !type->is_string()) {
    throw fail("'integration_type' is not a string");
  }
  connection.integrationType =
      type != body.end() && type->is_string() ? type->get<std::string>() : std::string(requested);
  if (!requested.empty() && connection.integrationType != requested) {
    throw fail("it is a connection for '" + inertText(connection.integrationType, 100) +
               "', not for '" + std::string(requested) + "'");
  }
  const auto config = body.find("connection_config");
  if (config != body.end() && !config->is_null()) {
    if (!config->is_object()) throw fail("'connection_config' is neither an object nor null");
    ConnectionConfig values;
    for (const auto& [key, value] : config->items()) {
      if (value.is_string()) {
        values[key] = value.get<std::string>();
      } else if (value.is_number() || value.is_boolean()) {
        values[key] = value.dump();
      } else if (!value.is_null()) {
        throw fail("'connection_config." + inertText(key, 100) + "' is not a string");
      }
    }
    connection.connectionConfig = std::move(values);
  }
  return connection;
}

std::string parseRedirectUrl(const nlohmann::json& body, const std::string& operation) {
  auto fail = [&](const std::string& what) -> ProtocolError {
    return ProtocolError(operation + ": malformed answer from Base44: " + what);
  };
  if (!body.is_object()) throw fail("expected a JSON object");
  const auto url = body.find("redirect_url");
  if (url == body.end() || !url->is_string())
    throw fail("'redirect_url' is missing or not a string");
  const auto& text = url->get_ref<const std::string&>();
  // A browser is sent there: only a web URL, and nothing that could split the
  // Location header or the terminal line it ends up in.
  if (!text.starts_with("https://") && !text.starts_with("http://")) {
    throw fail("'redirect_url' is not an http(s) URL");
  }
  if (!std::all_of(text.begin(), text.end(), [](char c) { return c > 0x20 && c < 0x7f; })) {
    throw fail("'redirect_url' holds spaces, control or non-ASCII characters");
  }
  return text;
}

CallApiResponse parseCallApi(const nlohmann::json& body, const std::string& operation) {
  auto fail = [&](const std::string& what) -> ProtocolError {
    return ProtocolError(operation + ": malformed answer from Base44: " + what);
  };
  if (!body.is_object()) throw fail("expected a JSON object");
  // A field that is present must have its documented type: a wrong type is a
  // malformed answer, never a default and never an exception from the parser.
  auto field = [&](const char* name, bool (nlohmann::json::*hasType)() const noexcept,
                   const char* expected) -> const nlohmann::json* {
    const auto found = body.find(name);
    if (found == body.end() || found->is_null()) return nullptr;
    if (!((*found).*hasType)()) throw fail(std::string("'") + name + "' is not " + expected);
    return &*found;
  };
  CallApiResponse out;
  if (const auto* success = field("success", &nlohmann::json::is_boolean, "a boolean"))
    out.success = success->get<bool>();
  const auto* phase = field("phase", &nlohmann::json::is_string, "a string");
  out.phase = phase != nullptr ? parsePhase(*phase, operation) : CallApiResponse::Phase::NotSent;
  if (const auto* status = field("status_code", &nlohmann::json::is_number_integer, "an integer")) {
    const auto code = status->get<std::int64_t>();
    if (code < 100 || code > 999)
      throw fail("'status_code' " + status->dump() + " is not an HTTP status");
    out.statusCode = static_cast<int>(code);
  }
  if (const auto data = body.find("data"); data != body.end()) out.data = *data;
  if (const auto* b64 = field("data_base64", &nlohmann::json::is_string, "a string"))
    out.dataBase64 = b64->get<std::string>();
  if (const auto* type = field("content_type", &nlohmann::json::is_string, "a string"))
    out.contentType = type->get<std::string>();
  if (const auto* headers = field("headers", &nlohmann::json::is_object, "an object")) {
    for (const auto& [name, value] : headers->items()) {
      out.headers[name] = value.is_string() ? value.get<std::string>() : value.dump();
    }
  }
  if (const auto* credits = field("credits_charged", &nlohmann::json::is_number, "a number"))
    out.creditsCharged = credits->get<double>();
  return out;
}

}  // namespace b44::detail
