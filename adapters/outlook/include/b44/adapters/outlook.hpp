#pragma once
// Typed helpers for the "outlook" adapter (the signed-in user's mail through
// Microsoft Graph). Header-only: they build the action's JSON arguments, call
// ServiceClient::invoke (or pages) and convert the result.
//
//   b44::outlook::Outlook outlook(registry.service("outlook", client));
//   for (auto& message : outlook.listMessages({.folderId = "inbox"}).all()) ...
//   auto sent = outlook.sendMail({.to = {{"adele@contoso.com"}}, .subject = "Hi",
//                                 .body = "Hello"});   // sent.accepted
//
// Every result keeps Graph's JSON in `raw`.
#include <b44/adapters/microsoft_graph.hpp>
#include <b44/service_client.hpp>
#include <b44/typed.hpp>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace b44::outlook {

using microsoft_graph::ItemBody;

// --- Requests -----------------------------------------------------------------

struct ListMessagesRequest {
  std::optional<std::string> folderId;  // id or well-known name ("inbox"); absent = all
  std::optional<int> top;               // per page, 1-1000
  std::vector<std::string> select;
  std::optional<std::string> filter;           // e.g. "isRead eq false"
  std::optional<std::string> orderby;          // e.g. "receivedDateTime desc"
  std::optional<std::string> search;           // KQL in double quotes; not with filter/orderby
  std::optional<std::string> bodyContentType;  // "text" or "html"
  // Resume a saved walk: ItemPager::cursor() of an earlier one (an @odata.nextLink).
  std::optional<std::string> nextLink;
};

struct EmailAddress {
  std::string address;
  std::string name;  // optional display name
};

struct SendMailRequest {
  std::vector<EmailAddress> to;
  std::string subject;
  std::string body;
  std::optional<std::string> bodyContentType;  // "text" (default) or "html"
  std::vector<EmailAddress> cc;
  std::vector<EmailAddress> bcc;
  std::vector<EmailAddress> replyTo;
  std::optional<std::string> importance;  // "low", "normal", "high"
  std::optional<bool> saveToSentItems;    // Graph's default true
};

// --- Results ------------------------------------------------------------------

struct Message {
  std::string id;
  std::string subject;
  std::string bodyPreview;
  ItemBody body;  // present unless $select left it out
  EmailAddress from;
  std::vector<EmailAddress> toRecipients;
  std::string receivedDateTime;
  std::string sentDateTime;
  bool isRead = false;
  bool hasAttachments = false;
  std::string importance;
  std::string conversationId;
  std::string webLink;
  nlohmann::json raw;
};

// sendMail answers 202 Accepted with no body: Graph took the message for
// delivery.
struct SendMailResult {
  bool accepted = false;
  int status = 0;
  nlohmann::json raw;
};

// --- JSON conversion ----------------------------------------------------------

inline nlohmann::json toJson(const ListMessagesRequest& request) {
  nlohmann::json args = nlohmann::json::object();
  typed::setIf(args, "folder_id", request.folderId);
  typed::setIf(args, "top", request.top);
  if (!request.select.empty()) args["select"] = microsoft_graph::commaSeparated(request.select);
  typed::setIf(args, "filter", request.filter);
  typed::setIf(args, "orderby", request.orderby);
  typed::setIf(args, "search", request.search);
  typed::setIf(args, "body_content_type", request.bodyContentType);
  return args;
}

inline nlohmann::json toJson(const std::vector<EmailAddress>& addresses) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& address : addresses) {
    nlohmann::json entry = {{"address", address.address}};
    if (!address.name.empty()) entry["name"] = address.name;
    list.push_back(entry);
  }
  return list;
}

inline nlohmann::json toJson(const SendMailRequest& request) {
  nlohmann::json args = {
      {"to", toJson(request.to)}, {"subject", request.subject}, {"body", request.body}};
  typed::setIf(args, "body_content_type", request.bodyContentType);
  if (!request.cc.empty()) args["cc"] = toJson(request.cc);
  if (!request.bcc.empty()) args["bcc"] = toJson(request.bcc);
  if (!request.replyTo.empty()) args["reply_to"] = toJson(request.replyTo);
  typed::setIf(args, "importance", request.importance);
  typed::setIf(args, "save_to_sent_items", request.saveToSentItems);
  return args;
}

// `json` is a recipient: {emailAddress: {address, name}}.
inline EmailAddress emailAddressFromJson(const nlohmann::json& json) {
  const auto& email = typed::objectField(json, "emailAddress");
  return {typed::stringField(email, "address"), typed::stringField(email, "name")};
}

inline Message messageFromJson(const nlohmann::json& json) {
  Message message;
  message.id = typed::stringField(json, "id");
  message.subject = typed::stringField(json, "subject");
  message.bodyPreview = typed::stringField(json, "bodyPreview");
  message.body = microsoft_graph::itemBodyFromJson(typed::objectField(json, "body"));
  message.from = emailAddressFromJson(typed::objectField(json, "from"));
  for (const auto& to : typed::arrayField(json, "toRecipients")) {
    message.toRecipients.push_back(emailAddressFromJson(to));
  }
  message.receivedDateTime = typed::stringField(json, "receivedDateTime");
  message.sentDateTime = typed::stringField(json, "sentDateTime");
  message.isRead = typed::boolField(json, "isRead");
  message.hasAttachments = typed::boolField(json, "hasAttachments");
  message.importance = typed::stringField(json, "importance");
  message.conversationId = typed::stringField(json, "conversationId");
  message.webLink = typed::stringField(json, "webLink");
  message.raw = json;
  return message;
}

// --- The client ---------------------------------------------------------------

class Outlook {
 public:
  // `client` comes from registry.service("outlook", client[, options]).
  explicit Outlook(ServiceClient client) : client_(std::move(client)) {}

  // Messages page by page; request.nextLink resumes a saved walk.
  ItemPager<Message> listMessages(const ListMessagesRequest& request = {}) const {
    return ItemPager<Message>(client_.pages("list_messages", toJson(request), request.nextLink),
                              &messageFromJson);
  }

  Message getMessage(std::string messageId,
                     std::optional<std::string> bodyContentType = std::nullopt) const {
    nlohmann::json args = {{"message_id", std::move(messageId)}};
    typed::setIf(args, "body_content_type", bodyContentType);
    return messageFromJson(client_.invoke("get_message", args));
  }

  SendMailResult sendMail(const SendMailRequest& request) const {
    const auto result = client_.invoke("send_mail", toJson(request));
    return {typed::boolField(result, "accepted"),
            static_cast<int>(typed::intField(result, "status")), result};
  }

  [[nodiscard]] const ServiceClient& client() const { return client_; }

 private:
  ServiceClient client_;
};

}  // namespace b44::outlook
