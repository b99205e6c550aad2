#pragma once
// Typed helpers for the "typeform" adapter. Header-only: each helper builds
// the action's JSON arguments, calls ServiceClient::pages and converts the
// JSON items; the host never links the adapter.
//
//   b44::typeform::Typeform typeform(registry.service("typeform", client));
//   for (auto& form : typeform.listForms().all()) ...
//   for (auto& response : typeform.getResponses({.formId = "u6nXL7"}).all()) ...
//
// EU accounts are served from the host in the connection's config
// ("api_host"); the adapter checks it, so nothing here deals with URLs.
#include <b44/service_client.hpp>
#include <b44/typed.hpp>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace b44::typeform {

// --- Requests -----------------------------------------------------------------

struct ListFormsRequest {
  std::optional<int> pageSize;  // at most 200
  std::optional<std::string> search;
  std::optional<std::string> workspaceId;
  std::optional<std::string> sortBy;   // created_at, last_updated_at
  std::optional<std::string> orderBy;  // asc, desc
  std::optional<std::string> page;     // resume a saved walk ("2", "3", ...)
};

struct GetResponsesRequest {
  std::string formId;
  std::optional<int> pageSize;  // at most 1000
  std::optional<std::string> since;
  std::optional<std::string> until;
  std::optional<std::string> after;
  std::vector<std::string> responseTypes;  // started, partial, completed
  std::optional<std::string> query;
  std::optional<std::string> before;  // resume a saved walk (a response token)
};

// --- Results ------------------------------------------------------------------

struct Form {
  std::string id;
  std::string title;
  std::string type;
  std::string createdAt;
  std::string lastUpdatedAt;
  std::string displayUrl;    // _links.display
  std::string responsesUrl;  // _links.responses (names the account's host)
  bool isPublic = false;     // settings.is_public
  nlohmann::json raw;
};

struct Answer {
  std::string fieldId;   // field.id
  std::string fieldRef;  // field.ref
  std::string type;      // text, email, choice, number, boolean, ...
  nlohmann::json value;  // the value under the answer's type key
  nlohmann::json raw;
};

struct Response {
  std::string responseId;
  std::string token;
  std::string landedAt;
  std::string submittedAt;
  std::vector<Answer> answers;
  nlohmann::json hidden;     // hidden fields, object or null
  nlohmann::json variables;  // array or null
  nlohmann::json raw;
};

// --- JSON conversion ----------------------------------------------------------

inline nlohmann::json toJson(const ListFormsRequest& request) {
  nlohmann::json args = nlohmann::json::object();
  typed::setIf(args, "page_size", request.pageSize);
  typed::setIf(args, "search", request.search);
  typed::setIf(args, "workspace_id", request.workspaceId);
  typed::setIf(args, "sort_by", request.sortBy);
  typed::setIf(args, "order_by", request.orderBy);
  return args;
}

inline nlohmann::json toJson(const GetResponsesRequest& request) {
  nlohmann::json args = {{"form_id", request.formId}};
  typed::setIf(args, "page_size", request.pageSize);
  typed::setIf(args, "since", request.since);
  typed::setIf(args, "until", request.until);
  typed::setIf(args, "after", request.after);
  typed::setIf(args, "query", request.query);
  if (!request.responseTypes.empty()) {
    std::string types;
    for (const auto& type : request.responseTypes) types += (types.empty() ? "" : ",") + type;
    args["response_type"] = types;
  }
  return args;
}

inline Form formFromJson(const nlohmann::json& json) {
  Form form;
  form.id = typed::stringField(json, "id");
  form.title = typed::stringField(json, "title");
  form.type = typed::stringField(json, "type");
  form.createdAt = typed::stringField(json, "created_at");
  form.lastUpdatedAt = typed::stringField(json, "last_updated_at");
  const auto& links = typed::objectField(json, "_links");
  form.displayUrl = typed::stringField(links, "display");
  form.responsesUrl = typed::stringField(links, "responses");
  form.isPublic = typed::boolField(typed::objectField(json, "settings"), "is_public");
  form.raw = json;
  return form;
}

inline Answer answerFromJson(const nlohmann::json& json) {
  Answer answer;
  const auto& field = typed::objectField(json, "field");
  answer.fieldId = typed::stringField(field, "id");
  answer.fieldRef = typed::stringField(field, "ref");
  answer.type = typed::stringField(json, "type");
  if (const auto* value = typed::field(json, answer.type.c_str()); value != nullptr) {
    answer.value = *value;
  }
  answer.raw = json;
  return answer;
}

inline Response responseFromJson(const nlohmann::json& json) {
  Response response;
  response.responseId = typed::stringField(json, "response_id");
  response.token = typed::stringField(json, "token");
  response.landedAt = typed::stringField(json, "landed_at");
  response.submittedAt = typed::stringField(json, "submitted_at");
  for (const auto& answer : typed::arrayField(json, "answers")) {
    response.answers.push_back(answerFromJson(answer));
  }
  if (const auto* hidden = typed::field(json, "hidden"); hidden != nullptr) {
    response.hidden = *hidden;
  }
  if (const auto* variables = typed::field(json, "variables"); variables != nullptr) {
    response.variables = *variables;
  }
  response.raw = json;
  return response;
}

// --- The client ---------------------------------------------------------------

class Typeform {
 public:
  // `client` comes from registry.service("typeform", client[, options]).
  explicit Typeform(ServiceClient client) : client_(std::move(client)) {}

  // Pages through the account's forms; request.page resumes a saved walk.
  ItemPager<Form> listForms(const ListFormsRequest& request = {}) const {
    return ItemPager<Form>(client_.pages("list_forms", toJson(request), request.page),
                           &formFromJson);
  }

  // Pages through a form's responses, newest first; request.before resumes.
  ItemPager<Response> getResponses(const GetResponsesRequest& request) const {
    return ItemPager<Response>(client_.pages("get_responses", toJson(request), request.before),
                               &responseFromJson);
  }

  [[nodiscard]] const ServiceClient& client() const { return client_; }

 private:
  ServiceClient client_;
};

}  // namespace b44::typeform
