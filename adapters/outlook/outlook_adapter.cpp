// The Outlook adapter (integration type "outlook"): the signed-in user's mail
// through Microsoft Graph v1.0. What all Graph adapters share (host, token,
// @odata.nextLink, OData options, errors, throttling) is in
// adapters/families/graph/ with the pages it was checked against.
//
// Checked against Microsoft's official Graph v1.0 reference:
//   https://learn.microsoft.com/en-us/graph/api/user-list-messages
//       GET /me/messages (every folder); default page size 10, $top 1-1000;
//       supports $select, $filter, $orderby, $search; the next page is the
//       whole @odata.nextLink; request header Prefer:
//       outlook.body-content-type="text" (or "html") picks the body format.
//   https://learn.microsoft.com/en-us/graph/api/mailfolder-list-messages
//       GET /me/mailFolders/{id}/messages, where {id} may be a well-known
//       folder name (inbox, drafts, sentitems, deleteditems, archive, ...).
//   https://learn.microsoft.com/en-us/graph/api/message-get
//       GET /me/messages/{id}; $select; the same Prefer header.
//   https://learn.microsoft.com/en-us/graph/search-query-parameter
//       $search on messages takes KQL in double quotes ($search="pizza") and
//       cannot be combined with $filter or $orderby.
//   https://learn.microsoft.com/en-us/graph/api/user-sendmail
//       POST /me/sendMail with JSON {message: {subject, body: {contentType,
//       content}, toRecipients, ccRecipients, bccRecipients, replyTo,
//       importance}, saveToSentItems (default true)}; answers 202 Accepted
//       with no body (delivery happens later).
//   https://learn.microsoft.com/en-us/graph/api/resources/message,
//   https://learn.microsoft.com/en-us/graph/api/resources/recipient,
//   https://learn.microsoft.com/en-us/graph/api/resources/itembody
//       recipients are {emailAddress: {address, name}}; itemBody.contentType
//       is text or html; importance is low, normal or high.
#include <b44/errors.hpp>
#include <b44/plugin/export.hpp>
#include <b44/plugin/url.hpp>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "graph_family.hpp"

namespace {

using b44::graph_family::collectionPagination;
using b44::plugin::ActionSpec;
using b44::plugin::Args;
using b44::plugin::ServiceRequest;
using Type = b44::plugin::Parameter::Type;
using nlohmann::json;

// Prefer: outlook.body-content-type="text" when the caller chose a format.
void preferBodyFormat(const Args& args, ServiceRequest& request) {
  if (auto format = args.optionalChoice("body_content_type", {"text", "html"})) {
    request.headers.set("Prefer", "outlook.body-content-type=\"" + *format + "\"");
  }
}

ServiceRequest buildListMessages(const Args& args) {
  if (args.has("search") && (args.has("filter") || args.has("orderby"))) {
    throw b44::InvalidArgumentError(
        "args.search",
        args.operation() + ": Outlook does not combine 'search' with 'filter' or 'orderby'");
  }
  std::string path = "/me/messages";
  if (auto folder = args.optionalString("folder_id")) {
    path = "/me/mailFolders/" + b44::plugin::pathSegment(*folder, "folder_id") + "/messages";
  }
  ServiceRequest request = b44::graph_family::collectionRequest(
      args, path, {"top", "select", "filter", "orderby", "search"});
  preferBodyFormat(args, request);  // every page: the next link does not carry headers
  return request;
}

ServiceRequest buildGetMessage(const Args& args) {
  ServiceRequest request;
  request.path =
      "/me/messages/" + b44::plugin::pathSegment(args.string("message_id"), "message_id");
  b44::graph_family::addQueryOptions(args, request, {"select"});
  preferBodyFormat(args, request);
  return request;
}

// An address, or {address, name}, as a Graph recipient.
json recipient(const Args& args, std::string_view name, const json& value) {
  std::string address;
  json email = json::object();
  if (value.is_string()) {
    address = value.get<std::string>();
  } else if (value.is_object() && value.contains("address") && value["address"].is_string()) {
    address = value["address"].get<std::string>();
    if (value.contains("name") && value["name"].is_string()) email["name"] = value["name"];
  }
  const auto at = address.find('@');
  const bool plausible = at != std::string::npos && at > 0 && at + 1 < address.size() &&
                         std::none_of(address.begin(), address.end(), [](char c) {
                           return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f;
                         });
  if (!plausible) {
    throw b44::InvalidArgumentError("args." + std::string(name),
                                    args.operation() + ": each entry of '" + std::string(name) +
                                        "' must be an e-mail address or an object {address, name}");
  }
  email["address"] = address;
  return {{"emailAddress", email}};
}

json recipients(const Args& args, std::string_view name) {
  json list = json::array();
  for (const auto& value : args.value(name)) list.push_back(recipient(args, name, value));
  return list;
}

ServiceRequest buildSendMail(const Args& args) {
  if (args.value("to").empty()) {
    throw b44::InvalidArgumentError("args.to",
                                    args.operation() + ": 'to' needs at least one recipient");
  }
  json message = {
      {"subject", args.string("subject")},
      {"body",
       {{"contentType",
         args.optionalChoice("body_content_type", {"text", "html"}).value_or("text")},
        {"content", args.string("body")}}},
      {"toRecipients", recipients(args, "to")},
  };
  if (args.has("cc")) message["ccRecipients"] = recipients(args, "cc");
  if (args.has("bcc")) message["bccRecipients"] = recipients(args, "bcc");
  if (args.has("reply_to")) message["replyTo"] = recipients(args, "reply_to");
  if (auto importance = args.optionalChoice("importance", {"low", "normal", "high"})) {
    message["importance"] = *importance;
  }
  json body = {{"message", message}};
  args.toBody(body, "save_to_sent_items", "saveToSentItems");
  ServiceRequest request;
  request.method = "POST";
  request.path = "/me/sendMail";
  request.setJsonBody(body);
  return request;
}

b44::plugin::Parameter bodyFormatParameter() {
  return {"body_content_type", Type::String, false,
          "Format of the returned message bodies: text or html (Graph's default is the format "
          "the message was written in)."};
}

class OutlookAdapter final : public b44::graph_family::GraphAdapter {
 public:
  OutlookAdapter()
      : GraphAdapter(b44::graph_family::graphSpec(
            "outlook", "Outlook",
            "Outlook mail through Microsoft Graph: list and read the signed-in user's messages, "
            "send mail.",
            "https://learn.microsoft.com/en-us/graph/api/resources/mail-api-overview",
            b44::graph_family::Throttling::Graph)) {
    addAction(
        ActionSpec{
            .name = "list_messages",
            .description = "Lists the signed-in user's messages, in every folder or in one, "
                           "page by page (Graph's default page is 10 messages).",
            .method = "GET",
            .retrySafe = true,
            .parameters =
                {
                    {"folder_id", Type::String, false,
                     "A mail folder's id or well-known name (inbox, drafts, sentitems, "
                     "deleteditems, archive, ...); absent = every folder."},
                    b44::graph_family::topParameter("messages", 1000),
                    b44::graph_family::selectParameter("subject,from,receivedDateTime"),
                    b44::graph_family::filterParameter("isRead eq false"),
                    b44::graph_family::orderbyParameter("receivedDateTime desc"),
                    {"search", Type::String, false,
                     "KQL search ($search), in double quotes, e.g. \"\\\"budget\\\"\"; not "
                     "combinable with filter or orderby."},
                    bodyFormatParameter(),
                    b44::graph_family::nextLinkParameter(),
                },
            .example = {{"folder_id", "inbox"},
                        {"top", 2},
                        {"select", "subject,from,receivedDateTime,isRead"}},
            .pagination = collectionPagination(),
        },
        buildListMessages);
    addAction(
        ActionSpec{
            .name = "get_message",
            .description = "Gets one message of the signed-in user by id.",
            .method = "GET",
            .retrySafe = true,
            .parameters =
                {
                    {"message_id", Type::String, true, "The message's id (from list_messages)."},
                    b44::graph_family::selectParameter("subject,body,from,toRecipients"),
                    bodyFormatParameter(),
                },
            .example = {{"message_id",
                         "AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OABGAAA="},
                        {"body_content_type", "text"}},
            .pagination = std::nullopt,
        },
        buildGetMessage);
    addAction(
        ActionSpec{
            .name = "send_mail",
            .description = "Sends a new message as the signed-in user (POST /me/sendMail). Graph "
                           "accepts it for delivery (202, no body); the result says "
                           "{accepted: true}. Not retried once it may have arrived.",
            .method = "POST",
            .retrySafe = false,
            .parameters =
                {
                    {"to", Type::Array, true,
                     "Recipients: e-mail addresses, or objects {address, name}."},
                    {"subject", Type::String, true, "The subject line."},
                    {"body", Type::String, true, "The message body, as text or HTML."},
                    {"body_content_type", Type::String, false,
                     "text (default) or html: how 'body' is written."},
                    {"cc", Type::Array, false, "Cc recipients, as 'to'."},
                    {"bcc", Type::Array, false, "Bcc recipients, as 'to'."},
                    {"reply_to", Type::Array, false, "Addresses replies should go to, as 'to'."},
                    {"importance", Type::String, false, "low, normal or high."},
                    {"save_to_sent_items", Type::Boolean, false,
                     "Keep a copy in Sent Items (Graph's default true)."},
                },
            .example = {{"to", json::array({"adele@contoso.com"})},
                        {"subject", "Quarterly report"},
                        {"body", "The report is ready."}},
            .pagination = std::nullopt,
        },
        buildSendMail, b44::graph_family::acceptedResult);
  }
};

std::unique_ptr<b44::plugin::Adapter> makeOutlookAdapter(std::string_view /*type*/) {
  return std::make_unique<OutlookAdapter>();
}

}  // namespace

B44_PLUGIN("1.0.0", "outlook", makeOutlookAdapter)
