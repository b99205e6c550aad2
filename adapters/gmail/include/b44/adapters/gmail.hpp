#pragma once
// Typed helpers for the "gmail" adapter. Header-only: each helper builds the
// action's JSON arguments, calls ServiceClient::invoke (or pages) and converts
// the JSON result; the host never links the adapter.
//
//   b44::gmail::Gmail gmail(registry.service("gmail", client));
//   b44::gmail::SendMessageRequest mail;
//   mail.to = {"Grace Hopper <grace@example.com>"};
//   mail.subject = "Grüße";
//   mail.text = "Hello";
//   auto sent = gmail.sendMessage(mail);         // the adapter builds the RFC 2822 text
//   for (auto& ref : gmail.listMessages({.q = "is:unread"}).all())
//     auto message = gmail.getMessage(ref.id);
//
// Every result keeps Gmail's JSON resource in `raw`.
#include <b44/service_client.hpp>
#include <b44/typed.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace b44::gmail {

// --- Requests -----------------------------------------------------------------

struct ListMessagesRequest {
  std::string userId = "me";
  std::optional<std::string> q;  // Gmail search syntax
  std::vector<std::string> labelIds;
  std::optional<bool> includeSpamTrash;
  std::optional<int> maxResults;         // per page
  std::optional<std::string> pageToken;  // resume a saved walk
};

struct GetMessageRequest {
  std::string userId = "me";
  std::optional<std::string> format;  // minimal, full, raw, metadata
  std::vector<std::string> metadataHeaders;
};

// Addresses: "ada@example.com" or "Ada Lovelace <ada@example.com>".
struct SendMessageRequest {
  std::string userId = "me";
  std::optional<std::string> from;  // default: the connected account
  std::vector<std::string> to;
  std::vector<std::string> cc;
  std::vector<std::string> bcc;
  std::vector<std::string> replyTo;
  std::optional<std::string> subject;
  std::optional<std::string> text;  // text, html or both
  std::optional<std::string> html;
  std::optional<std::string> threadId;   // reply in this thread
  std::optional<std::string> inReplyTo;  // Message-ID replied to, "<...@...>"
};

// --- Results ------------------------------------------------------------------

// What list_messages gives per message (fetch the rest with getMessage).
struct MessageRef {
  std::string id;
  std::string threadId;
  nlohmann::json raw;
};

struct Header {
  std::string name;
  std::string value;
};

struct Message {
  std::string id;
  std::string threadId;
  std::vector<std::string> labelIds;
  std::string snippet;
  std::string historyId;
  std::string internalDate;  // milliseconds since the epoch, as text
  std::int64_t sizeEstimate = 0;
  std::string mimeType;         // payload.mimeType
  std::vector<Header> headers;  // payload.headers
  std::string rawMessage;       // format=raw: the base64url RFC 2822 text
  nlohmann::json raw;

  // The first header of that name (case-insensitive), or "".
  [[nodiscard]] std::string header(std::string_view name) const {
    for (const auto& h : headers) {
      if (h.name.size() == name.size() &&
          std::equal(h.name.begin(), h.name.end(), name.begin(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) ==
                   std::tolower(static_cast<unsigned char>(b));
          })) {
        return h.value;
      }
    }
    return {};
  }
};

// --- JSON conversion ----------------------------------------------------------

inline nlohmann::json toJson(const ListMessagesRequest& request) {
  nlohmann::json args = {{"user_id", request.userId}};
  typed::setIf(args, "q", request.q);
  typed::setIfNotEmpty(args, "label_ids", request.labelIds);
  typed::setIf(args, "include_spam_trash", request.includeSpamTrash);
  typed::setIf(args, "max_results", request.maxResults);
  return args;
}

inline nlohmann::json toJson(const GetMessageRequest& request, const std::string& id) {
  nlohmann::json args = {{"user_id", request.userId}, {"id", id}};
  typed::setIf(args, "format", request.format);
  typed::setIfNotEmpty(args, "metadata_headers", request.metadataHeaders);
  return args;
}

inline nlohmann::json toJson(const SendMessageRequest& request) {
  nlohmann::json args = {{"user_id", request.userId}, {"to", request.to}};
  typed::setIf(args, "from", request.from);
  typed::setIfNotEmpty(args, "cc", request.cc);
  typed::setIfNotEmpty(args, "bcc", request.bcc);
  typed::setIfNotEmpty(args, "reply_to", request.replyTo);
  typed::setIf(args, "subject", request.subject);
  typed::setIf(args, "text", request.text);
  typed::setIf(args, "html", request.html);
  typed::setIf(args, "thread_id", request.threadId);
  typed::setIf(args, "in_reply_to", request.inReplyTo);
  return args;
}

inline MessageRef messageRefFromJson(const nlohmann::json& json) {
  return MessageRef{.id = typed::stringField(json, "id"),
                    .threadId = typed::stringField(json, "threadId"),
                    .raw = json};
}

inline Message messageFromJson(const nlohmann::json& json) {
  Message message;
  message.id = typed::stringField(json, "id");
  message.threadId = typed::stringField(json, "threadId");
  message.labelIds = typed::stringsField(json, "labelIds");
  message.snippet = typed::stringField(json, "snippet");
  message.historyId = typed::stringField(json, "historyId");
  message.internalDate = typed::stringField(json, "internalDate");
  message.sizeEstimate = typed::intField(json, "sizeEstimate");
  const auto& payload = typed::objectField(json, "payload");
  message.mimeType = typed::stringField(payload, "mimeType");
  for (const auto& header : typed::arrayField(payload, "headers")) {
    message.headers.push_back(
        Header{typed::stringField(header, "name"), typed::stringField(header, "value")});
  }
  message.rawMessage = typed::stringField(json, "raw");
  message.raw = json;
  return message;
}

// --- The client ---------------------------------------------------------------

class Gmail {
 public:
  // `client` comes from registry.service("gmail", client[, options]).
  explicit Gmail(ServiceClient client) : client_(std::move(client)) {}

  // Pages through users.messages.list; request.pageToken resumes a saved walk.
  ItemPager<MessageRef> listMessages(ListMessagesRequest request = {}) const {
    return ItemPager<MessageRef>(client_.pages("list_messages", toJson(request), request.pageToken),
                                 &messageRefFromJson);
  }

  Message getMessage(const std::string& id, const GetMessageRequest& request = {}) const {
    return messageFromJson(client_.invoke("get_message", toJson(request, id)));
  }

  // The sent message (id, threadId, labelIds).
  Message sendMessage(const SendMessageRequest& request) const {
    return messageFromJson(client_.invoke("send_message", toJson(request)));
  }

  [[nodiscard]] const ServiceClient& client() const { return client_; }

 private:
  ServiceClient client_;
};

}  // namespace b44::gmail
