// The Gmail adapter (integration type "gmail").
//
// Checked against Google's official Gmail API v1 reference:
//   https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages/list
//       GET https://gmail.googleapis.com/gmail/v1/users/{userId}/messages;
//       userId may be "me"; maxResults (default 100, at most 500), pageToken,
//       q (Gmail search syntax), labelIds[] (repeated), includeSpamTrash;
//       answers {messages: [{id, threadId}], nextPageToken, resultSizeEstimate}.
//   https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages/get
//       GET .../users/{userId}/messages/{id}; format (minimal, full, raw,
//       metadata), metadataHeaders[] (repeated, with format=metadata);
//       answers a Message {id, threadId, labelIds, snippet, historyId,
//       internalDate, payload {headers [{name, value}], ...}, sizeEstimate,
//       raw (format=raw)}.
//   https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages/send
//       POST .../users/{userId}/messages/send with a Message as the JSON body:
//       {raw, threadId}; answers the sent Message {id, threadId, labelIds}.
//   https://developers.google.com/workspace/gmail/api/guides/sending
//       raw is an RFC 2822 MIME message, base64url-encoded; to reply in a
//       thread, send threadId and set In-Reply-To/References to the
//       Message-ID of the message replied to (with a matching Subject).
//   https://developers.google.com/workspace/gmail/api/guides/handle-errors
//       403 rateLimitExceeded / userRateLimitExceeded and 429 mean "slow down".
//   RFC 5322 (https://www.rfc-editor.org/rfc/rfc5322) for header syntax and
//   folding (CRLF line ends, at most 998 characters a line, 78 recommended),
//   RFC 2047 (https://www.rfc-editor.org/rfc/rfc2047) for non-ASCII header
//   text as "=?UTF-8?B?...?=" encoded-words of at most 75 characters, RFC 2045
//   and RFC 2046 (https://www.rfc-editor.org/rfc/rfc2046) for MIME bodies and
//   multipart/alternative, RFC 4648 section 5 for base64url.
#include "google_family.hpp"

#include <b44/plugin/export.hpp>
#include <b44/plugin/url.hpp>

#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

namespace family = b44::google_family;
using b44::plugin::ActionSpec;
using b44::plugin::Args;
using b44::plugin::ServiceRequest;
using Type = b44::plugin::Parameter::Type;
using nlohmann::json;

constexpr std::size_t kRecommendedLine = 78;
constexpr std::size_t kMaxLine = 998;
// 56 base64 characters, a 68-character encoded-word (at most 75 allowed), so
// that "Reply-To: " and a word still fit in a 78-character line.
constexpr std::size_t kEncodedWordBytes = 42;

bool isAscii(std::string_view text) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// Header values must not carry line breaks (header injection) or other
// control characters.
void checkHeaderText(const Args& args, std::string_view field, std::string_view value) {
  for (const char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) {
      family::rejectArgument(args, field,
                             "must not contain line breaks or other control characters");
    }
  }
}

// One RFC 2047 encoded-word per at most 42 bytes, never splitting a UTF-8
// sequence, separated by spaces (which decoders drop between words).
std::string encodedWords(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = std::min(text.size(), start + kEncodedWordBytes);
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0U) == 0x80U) --end;
    if (!out.empty()) out += ' ';
    out += "=?UTF-8?B?" + family::base64Encode(text.substr(start, end - start)) + "?=";
    start = end;
  }
  return out;
}

// Unstructured text (Subject): as is when it is plain ASCII that cannot be
// mistaken for an encoded-word, else encoded-words.
std::string unstructured(std::string_view text) {
  if (isAscii(text) && text.find("=?") == std::string_view::npos && text.size() < kMaxLine - 80) {
    return std::string(text);
  }
  return encodedWords(text);
}

// A display name as an RFC 5322 phrase: atoms as they are, other ASCII as a
// quoted-string, non-ASCII as encoded-words.
std::string phrase(std::string_view name) {
  if (!isAscii(name)) return encodedWords(name);
  static const std::regex atoms(
      R"(^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+( [A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$)");
  const std::string text(name);
  if (std::regex_match(text, atoms) && text.find("=?") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

// "ada@example.com", "Ada Lovelace <ada@example.com>" or
// "\"Lovelace, Ada\" <ada@example.com>" -> a mailbox for an address header.
std::string mailbox(const Args& args, std::string_view field, std::string text) {
  checkHeaderText(args, field, text);
  const auto trim = [](std::string s) {
    const auto first = s.find_first_not_of(' ');
    if (first == std::string::npos) return std::string();
    return s.substr(first, s.find_last_not_of(' ') - first + 1);
  };
  text = trim(text);
  std::string name;
  std::string address = text;
  if (!text.empty() && text.back() == '>') {
    const auto open = text.rfind('<');
    if (open == std::string::npos)
      family::rejectArgument(args, field, "has an address without '<'");
    address = text.substr(open + 1, text.size() - open - 2);
    name = trim(text.substr(0, open));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      std::string unquoted;  // phrase() quotes it again if it must
      for (std::size_t i = 1; i + 1 < name.size(); ++i) {
        if (name[i] == '\\' && i + 2 < name.size()) ++i;
        unquoted += name[i];
      }
      name = unquoted;
    }
  }
  static const std::regex addrSpec(R"(^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+$)");
  if (!std::regex_match(address, addrSpec) || address.front() == '.' ||
      address.find("..") != std::string::npos) {
    family::rejectArgument(
        args, field,
        "must hold e-mail addresses such as ada@example.com or \"Ada <ada@example.com>\" "
        "(ASCII; write international domains in their xn-- form)");
  }
  return name.empty() ? address : phrase(name) + " <" + address + ">";
}

// An address argument: one address or an array of them.
std::vector<std::string> mailboxes(const Args& args, std::string_view field) {
  std::vector<std::string> out;
  const json& value = args.value(field);
  if (value.is_string()) {
    out.push_back(mailbox(args, field, value.get<std::string>()));
  } else if (value.is_array()) {
    for (const auto& item : value) {
      if (!item.is_string())
        family::rejectArgument(args, field, "must hold strings (e-mail addresses)");
      out.push_back(mailbox(args, field, item.get<std::string>()));
    }
  } else if (!value.is_null()) {
    family::rejectArgument(args, field, "must be an e-mail address or an array of them");
  }
  return out;
}

// "Name: value" folded (CRLF + the space already there) so that lines stay
// within 78 characters where a space allows.
std::string headerLine(std::string_view name, std::string_view value) {
  const std::string line = std::string(name) + ": " + std::string(value);
  std::string out;
  std::size_t lineStart = 0;
  std::size_t lastSpace = std::string::npos;
  for (std::size_t i = name.size() + 2; i < line.size(); ++i) {
    if (line[i] == ' ') lastSpace = i;
    if (i - lineStart >= kRecommendedLine && lastSpace != std::string::npos &&
        lastSpace > lineStart) {
      out += line.substr(lineStart, lastSpace - lineStart) + "\r\n";
      lineStart = lastSpace;
      lastSpace = std::string::npos;
    }
  }
  return out + line.substr(lineStart) + "\r\n";
}

std::string crlf(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out += "\r\n";
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (text[i] == '\n') {
      out += "\r\n";
    } else {
      out += text[i];
    }
  }
  return out;
}

// A text part's headers and body: 7bit when the text is short-lined ASCII,
// else base64 in 76-character lines.
std::string textPart(std::string_view subtype, std::string_view text) {
  std::string body = crlf(text);
  bool sevenBit = isAscii(body) && body.find('\0') == std::string::npos;
  for (std::size_t start = 0; sevenBit && start < body.size();) {
    const auto end = std::min(body.find("\r\n", start), body.size());
    sevenBit = end - start <= kMaxLine;
    start = end + 2;
  }
  std::string part = "Content-Type: text/" + std::string(subtype) + "; charset=\"UTF-8\"\r\n";
  if (sevenBit) return part + "Content-Transfer-Encoding: 7bit\r\n\r\n" + body;
  const std::string encoded = family::base64Encode(body);
  part += "Content-Transfer-Encoding: base64\r\n\r\n";
  for (std::size_t i = 0; i < encoded.size(); i += 76) part += encoded.substr(i, 76) + "\r\n";
  return part;
}

std::string mimeBody(const std::optional<std::string>& text,
                     const std::optional<std::string>& html) {
  if (text && html) {
    const std::string plain = textPart("plain", *text);
    const std::string rich = textPart("html", *html);
    const std::string boundary = family::mimeBoundary("alternative", {plain, rich});
    return "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n--" +
           boundary + "\r\n" + plain + "\r\n--" + boundary + "\r\n" + rich + "\r\n--" + boundary +
           "--\r\n";
  }
  return html ? textPart("html", *html) : textPart("plain", *text);
}

// The RFC 2822 message of send_message.
std::string buildMessage(const Args& args) {
  const auto text = args.optionalString("text");
  const auto html = args.optionalString("html");
  if (!text && !html)
    family::rejectArgument(args, "text", "or 'html' is required (the message body)");
  const auto to = mailboxes(args, "to");
  if (to.empty()) family::rejectArgument(args, "to", "needs at least one recipient");

  std::string message;
  const auto addresses = [&](const char* header, const std::vector<std::string>& list) {
    if (list.empty()) return;
    std::string joined;
    for (const auto& address : list) joined += (joined.empty() ? "" : ", ") + address;
    message += headerLine(header, joined);
  };
  addresses("From", mailboxes(args, "from"));
  addresses("To", to);
  addresses("Cc", mailboxes(args, "cc"));
  addresses("Bcc", mailboxes(args, "bcc"));
  addresses("Reply-To", mailboxes(args, "reply_to"));
  if (auto subject = args.optionalString("subject")) {
    checkHeaderText(args, "subject", *subject);
    message += headerLine("Subject", unstructured(*subject));
  }
  if (auto replyTo = args.optionalString("in_reply_to")) {
    checkHeaderText(args, "in_reply_to", *replyTo);
    static const std::regex messageId(R"(^<[^<>\s]+@[^<>\s]+>$)");
    if (!std::regex_match(*replyTo, messageId)) {
      family::rejectArgument(args, "in_reply_to",
                             "must be a Message-ID such as <abc@mail.gmail.com>");
    }
    message += headerLine("In-Reply-To", *replyTo);
    message += headerLine("References", *replyTo);
  }
  message += "MIME-Version: 1.0\r\n";
  return message + mimeBody(text, html);
}

std::string userPath(const Args& args) {
  return "/users/" +
         b44::plugin::pathSegment(args.optionalString("user_id").value_or("me"), "user_id");
}

ServiceRequest buildListMessages(const Args& args) {
  ServiceRequest request;
  request.path = userPath(args) + "/messages";
  args.toQuery(request, "q");
  family::repeatedQuery(args, request, "label_ids", "labelIds");
  args.toQuery(request, "include_spam_trash", "includeSpamTrash");
  args.toQuery(request, "max_results", "maxResults");
  family::pageQuery(args, request);
  return request;
}

ServiceRequest buildGetMessage(const Args& args) {
  ServiceRequest request;
  request.path = userPath(args) + "/messages/" + b44::plugin::pathSegment(args.string("id"), "id");
  if (auto format = args.optionalChoice("format", {"minimal", "full", "raw", "metadata"})) {
    request.query.emplace_back("format", *format);
  }
  family::repeatedQuery(args, request, "metadata_headers", "metadataHeaders");
  return request;
}

ServiceRequest buildSendMessage(const Args& args) {
  json body = {{"raw", family::base64Encode(buildMessage(args), /*urlSafe=*/true)}};
  if (auto thread = args.optionalString("thread_id")) body["threadId"] = *thread;
  ServiceRequest request;
  request.method = "POST";
  request.path = userPath(args) + "/messages/send";
  request.setJsonBody(body);
  return request;
}

b44::plugin::Parameter userIdParameter() {
  return {"user_id", Type::String, false,
          "The mailbox: an e-mail address or \"me\" (default), the connected user."};
}

class GmailAdapter final : public family::GoogleAdapter {
 public:
  GmailAdapter()
      : GoogleAdapter(family::googleSpec(
            "gmail", "Gmail",
            "Gmail API v1: list and read messages, send messages (the adapter builds the RFC "
            "2822 message).",
            "https://developers.google.com/workspace/gmail/api/reference/rest",
            // Raw requests page with pageToken / nextPageToken:
            // https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages/list
            // The items are in "messages" there; threads, drafts and history
            // list theirs under their own names, so callers of those pass
            // their own RawPagination (e.g. rawPageTokenPagination("/threads")).
            {family::apiHost("default", "https://gmail.googleapis.com/gmail/v1",
                             family::rawPageTokenPagination("/messages"))},
            family::QuotaSignals::Status429And403)) {
    addAction(
        ActionSpec{
            .name = "list_messages",
            .description = "Lists the IDs of the mailbox's messages, newest first "
                           "(users.messages.list), page by page; get_message reads one.",
            .method = "GET",
            .retrySafe = true,
            .parameters =
                {
                    userIdParameter(),
                    {"q", Type::String, false,
                     "Gmail search, as in the search box, e.g. \"from:ada@example.com "
                     "is:unread\"."},
                    {"label_ids", Type::Array, false,
                     "Only messages with all of these label IDs, e.g. [\"INBOX\", \"UNREAD\"]."},
                    {"include_spam_trash", Type::Boolean, false, "Include SPAM and TRASH."},
                    {"max_results", Type::Integer, false,
                     "Messages per page (Gmail's default 100, at most 500)."},
                    family::pageTokenParameter(),
                },
            .example = {{"q", "is:unread"}, {"label_ids", {"INBOX"}}, {"max_results", 2}},
            .pagination = family::pageTokenPagination("/messages"),
        },
        buildListMessages);
    addAction(
        ActionSpec{
            .name = "get_message",
            .description = "Gets one message (users.messages.get): headers, snippet, labels "
                           "and, by format, its body parts or the raw RFC 2822 text.",
            .method = "GET",
            .retrySafe = true,
            .parameters =
                {
                    userIdParameter(),
                    {"id", Type::String, true, "The message ID (from list_messages)."},
                    {"format", Type::String, false,
                     "minimal, full (default), raw (base64url RFC 2822 in 'raw') or metadata."},
                    {"metadata_headers", Type::Array, false,
                     "With format=metadata: the headers to include, e.g. [\"Subject\", "
                     "\"From\"]."},
                },
            .example = {{"id", "18c1f2a3b4c5d6e7"},
                        {"format", "metadata"},
                        {"metadata_headers", {"Subject", "From"}}},
            .pagination = std::nullopt,
        },
        buildGetMessage);
    addAction(
        ActionSpec{
            .name = "send_message",
            .description = "Sends an e-mail (users.messages.send). The adapter builds the RFC "
                           "2822 message (UTF-8 text and/or HTML, RFC 2047 headers) and "
                           "base64url-encodes it. Not retried once it may have arrived.",
            .method = "POST",
            .retrySafe = false,
            .parameters =
                {
                    userIdParameter(),
                    {"to", Type::Any, true,
                     "Recipient(s): \"ada@example.com\", \"Ada Lovelace <ada@example.com>\", or "
                     "an array of them."},
                    {"cc", Type::Any, false, "Cc recipient(s), in the same forms as 'to'."},
                    {"bcc", Type::Any, false, "Bcc recipient(s), in the same forms as 'to'."},
                    {"from", Type::String, false,
                     "Sender; default: Gmail uses the connected account. Must be the account "
                     "or one of its send-as aliases."},
                    {"reply_to", Type::Any, false, "Reply-To address(es)."},
                    {"subject", Type::String, false, "Subject line (any Unicode text)."},
                    {"text", Type::String, false,
                     "Plain-text body. Give text, html or both (then the message is "
                     "multipart/alternative)."},
                    {"html", Type::String, false, "HTML body."},
                    {"thread_id", Type::String, false,
                     "Thread to add the message to (a reply); set in_reply_to and a matching "
                     "subject too."},
                    {"in_reply_to", Type::String, false,
                     "Message-ID of the message replied to, e.g. <CAF1@mail.gmail.com>; sets "
                     "In-Reply-To and References."},
                },
            .example = {{"to", "grace@example.com"},
                        {"subject", "Hello from Base44"},
                        {"text", "Sent through the Gmail adapter."}},
            .pagination = std::nullopt,
        },
        buildSendMessage);
  }
};

std::unique_ptr<b44::plugin::Adapter> makeGmailAdapter(std::string_view /*type*/) {
  return std::make_unique<GmailAdapter>();
}

}  // namespace

B44_PLUGIN("1.0.0", "gmail", makeGmailAdapter)
