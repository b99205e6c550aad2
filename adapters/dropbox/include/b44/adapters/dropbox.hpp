#pragma once
// Typed helpers for the "dropbox" adapter. Header-only: each helper builds the
// action's JSON arguments, calls ServiceClient::invoke (or pages) and converts
// the JSON result; the host never links the adapter.
//
//   b44::dropbox::Dropbox dropbox(registry.service("dropbox", client));
//   auto account = dropbox.getCurrentAccount();
//   for (auto& entry : dropbox.listFolder({.path = "/Documents"}).all()) ...
//   auto file = dropbox.uploadFile({.path = "/Documents/notes.txt", .content = "Hi"});
//
// Every result keeps Dropbox's JSON object in `raw`.
#include <b44/errors.hpp>
#include <b44/service_client.hpp>
#include <b44/typed.hpp>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>

namespace b44::dropbox {

// --- Requests -----------------------------------------------------------------

struct ListFolderRequest {
  std::string path;  // "" = the root, "/Photos", "id:..."
  std::optional<bool> recursive;
  std::optional<bool> includeDeleted;
  std::optional<bool> includeMountedFolders;
  std::optional<int> limit;           // approximate, 1-2000
  std::optional<std::string> cursor;  // resume a saved walk (path is then ignored)
};

struct UploadFileRequest {
  std::string path;                      // e.g. "/Documents/notes.txt"
  std::string content;                   // the file's bytes
  std::optional<std::string> mode;       // "add" (default) or "overwrite"
  std::optional<std::string> updateRev;  // overwrite only this revision
  std::optional<bool> autorename;
  std::optional<std::string> clientModified;  // 2024-05-01T10:00:00Z
  std::optional<bool> mute;
  std::optional<bool> strictConflict;
};

// --- Results ------------------------------------------------------------------

struct Account {
  std::string accountId;
  std::string email;
  bool emailVerified = false;
  bool disabled = false;
  std::string displayName;
  std::string givenName;
  std::string surname;
  std::string country;
  std::string locale;
  std::string accountType;  // basic, pro, business
  nlohmann::json raw;
};

// A file, folder or deleted entry.
struct Metadata {
  std::string tag;  // "file", "folder", "deleted" (empty in an upload's answer: a file)
  std::string name;
  std::string id;
  std::string pathLower;
  std::string pathDisplay;
  std::string rev;  // files only
  std::int64_t size = 0;
  std::string clientModified;
  std::string serverModified;
  std::string contentHash;
  [[nodiscard]] bool isFolder() const { return tag == "folder"; }
  nlohmann::json raw;
};

// --- JSON conversion ----------------------------------------------------------

inline nlohmann::json toJson(const ListFolderRequest& request) {
  nlohmann::json args = {{"path", request.path}};
  typed::setIf(args, "recursive", request.recursive);
  typed::setIf(args, "include_deleted", request.includeDeleted);
  typed::setIf(args, "include_mounted_folders", request.includeMountedFolders);
  typed::setIf(args, "limit", request.limit);
  return args;
}

inline nlohmann::json toJson(const UploadFileRequest& request) {
  nlohmann::json args = {{"path", request.path}, {"content", request.content}};
  typed::setIf(args, "mode", request.mode);
  typed::setIf(args, "update_rev", request.updateRev);
  typed::setIf(args, "autorename", request.autorename);
  typed::setIf(args, "client_modified", request.clientModified);
  typed::setIf(args, "mute", request.mute);
  typed::setIf(args, "strict_conflict", request.strictConflict);
  return args;
}

inline Account accountFromJson(const nlohmann::json& json) {
  Account account;
  account.accountId = typed::stringField(json, "account_id");
  account.email = typed::stringField(json, "email");
  account.emailVerified = typed::boolField(json, "email_verified");
  account.disabled = typed::boolField(json, "disabled");
  const auto& name = typed::objectField(json, "name");
  account.displayName = typed::stringField(name, "display_name");
  account.givenName = typed::stringField(name, "given_name");
  account.surname = typed::stringField(name, "surname");
  account.country = typed::stringField(json, "country");
  account.locale = typed::stringField(json, "locale");
  account.accountType = typed::stringField(typed::objectField(json, "account_type"), ".tag");
  account.raw = json;
  return account;
}

inline Metadata metadataFromJson(const nlohmann::json& json) {
  Metadata entry;
  entry.tag = typed::stringField(json, ".tag");
  entry.name = typed::stringField(json, "name");
  entry.id = typed::stringField(json, "id");
  entry.pathLower = typed::stringField(json, "path_lower");
  entry.pathDisplay = typed::stringField(json, "path_display");
  entry.rev = typed::stringField(json, "rev");
  entry.size = typed::intField(json, "size");
  entry.clientModified = typed::stringField(json, "client_modified");
  entry.serverModified = typed::stringField(json, "server_modified");
  entry.contentHash = typed::stringField(json, "content_hash");
  entry.raw = json;
  return entry;
}

// --- The client ---------------------------------------------------------------

class Dropbox {
 public:
  // `client` comes from registry.service("dropbox", client[, options]).
  explicit Dropbox(ServiceClient client) : client_(std::move(client)) {}

  [[nodiscard]] Account getCurrentAccount() const {
    return accountFromJson(client_.invoke("get_current_account"));
  }

  // Pages through files/list_folder and files/list_folder/continue;
  // request.cursor resumes a saved walk.
  [[nodiscard]] ItemPager<Metadata> listFolder(ListFolderRequest request = {}) const {
    return ItemPager<Metadata>(client_.pages("list_folder", toJson(request), request.cursor),
                               &metadataFromJson);
  }

  [[nodiscard]] Metadata uploadFile(const UploadFileRequest& request) const {
    return metadataFromJson(client_.invoke("upload_file", toJson(request)));
  }

  [[nodiscard]] const ServiceClient& client() const { return client_; }

 private:
  ServiceClient client_;
};

}  // namespace b44::dropbox
