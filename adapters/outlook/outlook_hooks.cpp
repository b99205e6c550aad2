// What the Outlook declaration (outlook.json) cannot say as data: the
// recipients of send_mail, forward_message and create_draft.
#include <b44/errors.hpp>
#include <b44/plugin/declared_adapter.hpp>

#include <algorithm>
#include <string>
#include <string_view>

namespace {

using b44::plugin::Args;
using b44::plugin::ServiceRequest;
using nlohmann::json;

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

// to, cc, bcc and reply_to (those given) as recipient lists in `message`.
void setRecipients(const Args& args, json& message) {
  for (const auto& [name, field] : {std::pair<const char*, const char*>{"to", "toRecipients"},
                                    {"cc", "ccRecipients"},
                                    {"bcc", "bccRecipients"},
                                    {"reply_to", "replyTo"}}) {
    if (!args.has(name)) continue;
    json list = json::array();
    for (const auto& value : args.value(name)) list.push_back(recipient(args, name, value));
    message[field] = std::move(list);
  }
}

// to (required, not empty), cc, bcc and reply_to as the recipient lists of
// the body's "message" (sendMail, forward).
void mailRecipients(const Args& args, ServiceRequest& request) {
  if (args.value("to").empty()) {
    throw b44::InvalidArgumentError("args.to",
                                    args.operation() + ": 'to' needs at least one recipient");
  }
  json body = json::parse(request.body);
  setRecipients(args, body["message"]);
  request.setJsonBody(body);
}

// The same lists (all optional) on the body itself, which is the message
// (a draft: POST /me/messages).
void draftRecipients(const Args& args, ServiceRequest& request) {
  json body = request.body.empty() ? json::object() : json::parse(request.body);
  setRecipients(args, body);
  request.setJsonBody(body);
}

}  // namespace

B44_ADAPTER_HOOKS(hooks) {
  hooks.build("mail_recipients", mailRecipients);
  hooks.build("draft_recipients", draftRecipients);
}
