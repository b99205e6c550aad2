#include <b44/errors.hpp>
#include <b44/json.hpp>
#include <b44/plugin/basic_adapter.hpp>
#include <b44/plugin/url.hpp>

#include "download.hpp"

namespace b44::plugin {

void ServiceRequest::setJsonBody(const nlohmann::json& json) {
  body = json.dump();
  contentType = "application/json";
}

ErrorFields commonErrorFields(const nlohmann::json& body) {
  ErrorFields fields;
  if (!body.is_object()) {
    if (body.is_string()) fields.detail = body.get<std::string>().substr(0, 200);
    return fields;
  }
  auto text = [](const nlohmann::json& v) -> std::string {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number()) return v.dump();
    return {};
  };
  using P = nlohmann::json::json_pointer;
  // Google APIs put a numeric code in error.code and the symbolic one in
  // error.errors[0].reason ("notFound"), which is the more useful.
  for (const auto& pointer :
       {P("/error/errors/0/reason"), P("/error/code"), P("/code"), P("/error"), P("/errors/0/code"),
        P("/errorCode"), P("/error/status")}) {
    if (body.contains(pointer) && !text(body.at(pointer)).empty()) {
      fields.code = text(body.at(pointer));
      break;
    }
  }
  for (const auto& pointer : {P("/error/message"), P("/message"), P("/error_description"),
                              P("/errors/0/message"), P("/errorDescription"), P("/detail")}) {
    if (body.contains(pointer) && !text(body.at(pointer)).empty()) {
      fields.detail = text(body.at(pointer));
      break;
    }
  }
  return fields;
}

BasicAdapter::BasicAdapter(AdapterSpec spec) : spec_(std::move(spec)) {}

void BasicAdapter::addAction(ActionSpec action, BuildFn build, ParseFn parse) {
  const std::string name = action.name;
  if (spec_.findAction(name) == nullptr) spec_.actions.push_back(std::move(action));
  actions_[name] = ActionImpl{std::move(build), std::move(parse)};
}

std::string BasicAdapter::operationName(std::string_view action) const {
  return spec_.type + "." + std::string(action);
}

const BasicAdapter::ActionImpl& BasicAdapter::implementation(std::string_view action) const {
  const auto it = actions_.find(action);
  if (it == actions_.end()) {
    std::vector<std::string> names;
    for (const auto& a : spec_.actions) names.push_back(a.name);
    std::string message = spec_.type + " has no action '" + std::string(action) + "'";
    if (auto guess = closestMatch(action, names); !guess.empty()) {
      message += " (did you mean '" + guess + "'?)";
    }
    throw InvalidArgumentError("action", message);
  }
  return it->second;
}

ServiceRequest BasicAdapter::buildRequest(std::string_view action,
                                          const nlohmann::json& args) const {
  const auto& impl = implementation(action);
  const ActionSpec& declared = *spec_.findAction(action);
  const std::string operation = operationName(action);
  validateArguments(declared, args, operation);
  ServiceRequest request = impl.build(Args(args, operation));
  if (request.method.empty()) request.method = declared.method;
  return request;
}

namespace {

bool isSuccess(int status) { return status >= 200 && status < 300; }

// The answer's body as JSON: null when empty; an error answer that is not
// JSON becomes its first 500 bytes as a string (for the error's detail).
nlohmann::json errorOrJsonBody(const ServiceResponse& response, const std::string& operation,
                               bool successMustBeJson) {
  if (response.body.empty()) return nullptr;
  auto body = parseUntrustedJson(response.body, operation, response.maxJsonDepth);
  if (!body.is_discarded()) return body;
  if (isSuccess(response.status) && successMustBeJson) {
    throw ProtocolError(operation + ": the answer (HTTP " + std::to_string(response.status) + ", " +
                        std::to_string(response.body.size()) + " bytes) is not valid JSON");
  }
  return response.body.substr(0, 500);
}

}  // namespace

void Adapter::checkRawResponse(const ServiceResponse& response) const {
  if (isSuccess(response.status)) return;
  const auto body = errorOrJsonBody(response, spec().type + ".request", false);
  const auto fields = commonErrorFields(body);
  throw ServiceError(spec().type, "request", response.status, fields.code, fields.detail, body);
}

void BasicAdapter::checkRawResponse(const ServiceResponse& response) const {
  // A 2xx answer that is not JSON (a download, a CSV export) carries no error.
  const auto type = response.headers.get("Content-Type").value_or("");
  if (isSuccess(response.status) && !type.empty() && type.find("json") == std::string::npos) {
    return;
  }
  checkResponse("request", response, errorOrJsonBody(response, operationName("request"), false));
}

nlohmann::json BasicAdapter::parseResponse(std::string_view action, const nlohmann::json& args,
                                           const ServiceResponse& response) const {
  const auto& impl = implementation(action);
  const ActionSpec& declared = *spec_.findAction(action);
  if (declared.download && isSuccess(response.status)) {
    detail::refuseNotReady(spec_.type, declared.name, response);
    return detail::downloadJson(response.headers, response.body);  // a file, not JSON
  }
  if (!declared.resultText.empty() && isSuccess(response.status)) {
    nlohmann::json result{{declared.resultText, response.body}};
    try {
      (void)result.dump();  // refuses what is not UTF-8, which no JSON result may hold
    } catch (const nlohmann::json::type_error&) {
      throw ProtocolError(operationName(action) + ": the answer (HTTP " +
                          std::to_string(response.status) + ") is not UTF-8 text");
    }
    return result;
  }
  nlohmann::json body = errorOrJsonBody(response, operationName(action), true);
  checkResponse(action, response, body);
  if (!impl.parse) {
    // The result is the body: a success with none cannot show one (a write
    // must not look done on an answer cut to nothing), except where HTTP
    // says there is none or the action deletes.
    const auto& method = declared.method;
    if (body.is_null() && isSuccess(response.status) && response.status != 204 &&
        response.status != 205 && method != "HEAD" && method != "DELETE" && !declared.resultEmpty) {
      throw ProtocolError(operationName(action) + ": the answer (HTTP " +
                          std::to_string(response.status) +
                          ") has an empty body, so the action's result cannot be shown");
    }
    return body;
  }
  return impl.parse(Args(args, operationName(action)), std::move(body), response);
}

void BasicAdapter::checkResponse(std::string_view action, const ServiceResponse& response,
                                 const nlohmann::json& body) const {
  if (response.status >= 200 && response.status < 300) return;
  const auto fields = commonErrorFields(body);
  throw ServiceError(spec_.type, std::string(action), response.status, fields.code, fields.detail,
                     body);
}

}  // namespace b44::plugin
