// What the Gmail declaration (gmail.json) cannot say as data: the RFC 2822
// message of send_message and create_draft (RFC 5322 headers with RFC 2047 encoded-words, RFC
// 2045/2046 bodies, base64url as raw).
#include "google_family.hpp"

#include <b44/base64.hpp>
#include <b44/plugin/declared_adapter.hpp>

#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace family = b44::google_family;
using b44::plugin::Args;
using b44::plugin::ServiceRequest;
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
    out += "=?UTF-8?B?" + b44::base64Encode(text.substr(start, end - start)) + "?=";
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
  const std::string encoded = b44::base64Encode(body);
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

void buildSendMessage(const Args& args, ServiceRequest& request) {
  json body = family::jsonBody(request);
  body["raw"] = b44::base64Encode(buildMessage(args), /*urlSafe=*/true);
  request.setJsonBody(body);
}

// create_draft: the same message, as the draft's message.raw (beside
// message.threadId when given).
void buildCreateDraft(const Args& args, ServiceRequest& request) {
  json body = family::jsonBody(request);
  body["message"]["raw"] = b44::base64Encode(buildMessage(args), /*urlSafe=*/true);
  request.setJsonBody(body);
}

}  // namespace

B44_ADAPTER_HOOKS(hooks) {
  hooks.build("send_message", buildSendMessage);
  hooks.build("create_draft", buildCreateDraft);
}
