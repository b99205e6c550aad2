#include <b44/errors.hpp>
#include <b44/plugin/url.hpp>
#include <b44/service_client.hpp>

#include "adapter_connection.hpp"
#include "download.hpp"
#include "paging.hpp"

#include <charconv>

namespace b44 {

RawRequest& RawRequest::jsonBody(const nlohmann::json& json) {
  body = json.dump();
  contentType = "application/json";
  return *this;
}

RawRequest& RawRequest::formBody(const std::vector<std::pair<std::string, std::string>>& fields) {
  body = encodeQuery(fields);
  contentType = "application/x-www-form-urlencoded";
  return *this;
}

RawRequest& RawRequest::bytesBody(std::string bytes, std::string type) {
  body = std::move(bytes);
  contentType = std::move(type);
  return *this;
}

ServiceClient::ServiceClient(std::shared_ptr<const plugin::Adapter> adapter, Client client,
                             ServiceOptions options)
    : options_(std::move(options)) {
  if (!adapter) throw InvalidArgumentError("adapter", "ServiceClient needs an adapter");
  if (!options_.source) options_.source = ConnectionSource::app(adapter->spec().type);
  connection_ =
      std::make_shared<detail::AdapterConnection>(std::move(adapter), std::move(client), options_);
}

ServiceClient::ServiceClient(std::shared_ptr<const ServiceConnection> connection,
                             ServiceOptions options)
    : connection_(std::move(connection)), options_(std::move(options)) {
  if (!connection_) throw InvalidArgumentError("connection", "ServiceClient needs a connection");
  if (!options_.source) options_.source = ConnectionSource::app(connection_->spec().type);
}

namespace {

using detail::knownAction;

// Every remaining item of a walk, up to maxItems.
template <class Walk>
nlohmann::json collectFrom(Walk& walk, std::size_t maxItems) {
  nlohmann::json items = nlohmann::json::array();
  while (walk.hasNext() && items.size() < maxItems) {
    for (auto& item : walk.nextPage().items) {
      if (items.size() >= maxItems) break;
      items.push_back(std::move(item));
    }
  }
  return items;
}

// Every walk ends: a cursor seen before in it (A, B, A ...) or one page too
// many is an error, not another request.
void recordCursor(std::set<std::string>& seen, const std::optional<std::string>& cursor,
                  const std::string& operation) {
  if (!cursor) return;
  if (!seen.insert(*cursor).second) {
    throw ProtocolError(operation +
                        ": the service handed back a cursor already seen in this walk; stopped "
                        "(its pages would repeat for ever)");
  }
}

void countPage(std::size_t& pages, std::size_t maxPages, const std::string& operation) {
  if (++pages > maxPages) {
    throw ProtocolError(operation + ": stopped after " + std::to_string(maxPages) +
                        " pages (ServiceOptions::maxPages)");
  }
}

long cursorNumber(const std::string& cursor, const std::string& operation) {
  long value = 0;
  const auto [end, ec] = std::from_chars(cursor.data(), cursor.data() + cursor.size(), value);
  if (ec != std::errc{} || end != cursor.data() + cursor.size() || value < 0) {
    throw InvalidArgumentError("cursor", operation + ": a page or offset cursor is a number >= 0");
  }
  return value;
}

void setQuery(RawRequest& request, const std::string& name, const std::string& value) {
  std::erase_if(request.query, [&](const auto& pair) { return pair.first == name; });
  request.query.emplace_back(name, value);
}

}  // namespace

Page ServiceClient::invokePage(std::string_view action, const nlohmann::json& args) const {
  return connection_->invokePage(action, args);
}

nlohmann::json ServiceClient::invoke(std::string_view action, const nlohmann::json& args) const {
  return invokePage(action, args).result;
}

Pager ServiceClient::pages(std::string_view action, nlohmann::json args,
                           std::optional<std::string> resumeCursor) const {
  const auto& declared = knownAction(spec(), action);
  if (!declared.pagination) {
    throw InvalidArgumentError("action",
                               integrationType() + "." + std::string(action) + " is not paginated");
  }
  return Pager(*this, std::string(action), std::move(args), std::move(resumeCursor));
}

Download ServiceConnection::download(std::string_view action, const nlohmann::json& args,
                                     const DownloadOptions& options) const {
  const std::string operation = spec().type + "." + detail::downloadAction(spec(), action).name;
  Download out = detail::downloadFromJson(invokePage(action, args).result, operation);
  if (options.maxBytes != 0 && out.size > options.maxBytes) {
    throw ProtocolError(operation + ": the download exceeds the size limit of " +
                        std::to_string(options.maxBytes) + " bytes");
  }
  if (options.sink) {
    options.sink(out.bytes);
    out.bytes.clear();
  }
  return out;
}

Download ServiceClient::download(std::string_view action, const nlohmann::json& args,
                                 const DownloadOptions& options) const {
  return connection_->download(action, args, options);
}

RawResponse ServiceClient::request(const RawRequest& request, const RequestOptions& options) const {
  return connection_->request(request, options);
}

RawPager ServiceClient::paginate(RawRequest request, RequestOptions options,
                                 std::optional<std::string> resumeCursor) const {
  const auto* host = spec().findHost(request.host);
  if (host == nullptr || !host->pagination) {
    throw InvalidArgumentError(
        "pagination",
        integrationType() + " declares no pagination for " +
            (request.host.empty() ? std::string("its default") : "the '" + request.host + "'") +
            " host; name a RawPagination style");
  }
  return paginate(std::move(request), *host->pagination, std::move(options),
                  std::move(resumeCursor));
}

RawPager ServiceClient::paginate(RawRequest request, RawPagination pagination,
                                 RequestOptions options,
                                 std::optional<std::string> resumeCursor) const {
  return RawPager(*this, std::move(request), std::move(pagination), std::move(options),
                  std::move(resumeCursor));
}

Pager::Pager(const ServiceClient& client, std::string action, nlohmann::json args,
             std::optional<std::string> startCursor)
    : client_(std::make_shared<const ServiceClient>(client)),
      action_(std::move(action)),
      args_(std::move(args)),
      cursor_(std::move(startCursor)) {
  const auto& declared = knownAction(client_->spec(), action_);
  if (!declared.pagination) {
    throw InvalidArgumentError("action",
                               client_->integrationType() + "." + action_ + " is not paginated");
  }
  if (cursor_) seen_.insert(*cursor_);
}

Page Pager::nextPage() {
  const std::string operation = client_->integrationType() + "." + action_;
  if (done_) throw InvalidArgumentError("pager", operation + ": there is no next page");
  countPage(pages_, client_->options().maxPages, operation);
  nlohmann::json args = args_;
  const auto& argument = knownAction(client_->spec(), action_).pagination->cursorArgument;
  if (cursor_) args[argument] = *cursor_;
  Page page = client_->invokePage(action_, args);
  recordCursor(seen_, page.nextCursor, operation);
  cursor_ = page.nextCursor;
  done_ = !cursor_.has_value();
  return page;
}

nlohmann::json Pager::all(std::size_t maxItems) { return collectFrom(*this, maxItems); }

RawPager::RawPager(const ServiceClient& client, RawRequest request, RawPagination pagination,
                   RequestOptions options, std::optional<std::string> startCursor)
    : client_(std::make_shared<const ServiceClient>(client)),
      request_(std::move(request)),
      pagination_(std::move(pagination)),
      options_(std::move(options)),
      cursor_(std::move(startCursor)) {
  using Style = RawPagination::Style;
  const bool urlStyle =
      pagination_.style == Style::LinkHeader || pagination_.style == Style::NextUrl;
  if (!urlStyle && pagination_.cursorArgument.empty()) {
    throw InvalidArgumentError("pagination.cursorArgument",
                               client_->integrationType() +
                                   ": this pagination style needs the parameter that takes the "
                                   "cursor");
  }
  if (pagination_.style == Style::BodyCursor && pagination_.cursorPointer.empty()) {
    throw InvalidArgumentError("pagination.cursorPointer",
                               client_->integrationType() + ": a body cursor needs its pointer");
  }
  if (cursor_) {
    if (pagination_.style == Style::Offset) itemsSoFar_ = cursorNumber(*cursor_, "paginate");
    if (pagination_.style == Style::PageNumber) (void)cursorNumber(*cursor_, "paginate");
    seen_.insert(*cursor_);
  }
}

RawPage RawPager::nextPage() {
  using Style = RawPagination::Style;
  const std::string operation = client_->integrationType() + ".request";
  if (done_) throw InvalidArgumentError("pager", operation + ": there is no next page");
  countPage(pages_, client_->options().maxPages, operation);
  RawRequest request = request_;
  RequestOptions options = options_;
  switch (pagination_.style) {
    case Style::BodyCursor:
      if (cursor_) {
        setCursor(request, cursorIsNumber_ ? nlohmann::json(cursorNumber(*cursor_, operation))
                                           : nlohmann::json(*cursor_));
      }
      break;
    case Style::LinkHeader:
    case Style::NextUrl:
      if (cursor_) {
        request.path = nextPagePath(*cursor_);
        request.query.clear();
        options.allowAbsoluteUrl = true;
      }
      break;
    case Style::PageNumber:
      setCursor(request, cursor_ ? cursorNumber(*cursor_, operation) : pagination_.firstPage);
      break;
    case Style::Offset:
      setCursor(request, static_cast<long>(itemsSoFar_));
      break;
  }

  RawPage page;
  page.response = client_->request(request, options);
  const nlohmann::json& body = page.response.json;
  page.items = detail::pageItems(pagination_, body);
  if (detail::saysMore(pagination_, body)) {
    switch (pagination_.style) {
      case Style::BodyCursor:
        page.nextCursor = detail::nextCursor(pagination_, body, page.response.headers);
        break;
      case Style::LinkHeader:
        if (auto link = detail::nextLink(page.response.headers.get("Link").value_or(""));
            !link.empty()) {
          page.nextCursor = link;
        }
        break;
      case Style::NextUrl:
        if (body.is_object() && !pagination_.cursorPointer.empty()) {
          const nlohmann::json::json_pointer pointer(pagination_.cursorPointer);
          if (body.contains(pointer)) page.nextCursor = detail::cursorText(body.at(pointer));
        }
        break;
      case Style::PageNumber:
        if (!page.items.empty()) {
          const long current = cursor_ ? cursorNumber(*cursor_, operation) : pagination_.firstPage;
          page.nextCursor = std::to_string(current + 1);
        }
        break;
      case Style::Offset:
        if (!page.items.empty()) page.nextCursor = std::to_string(itemsSoFar_ + page.items.size());
        break;
    }
  }
  if (pagination_.style == Style::BodyCursor && page.nextCursor && body.is_object()) {
    const nlohmann::json::json_pointer pointer(pagination_.cursorPointer);
    cursorIsNumber_ = body.contains(pointer) && body.at(pointer).is_number_integer();
  }
  // A service that ignores the page or offset parameter answers the same page
  // again and again, each time under a new number.
  if (!page.items.empty() && page.items == previousItems_) {
    throw ProtocolError(operation + ": the service answered the same page twice; stopped");
  }
  previousItems_ = page.items;
  itemsSoFar_ += page.items.size();
  recordCursor(seen_, page.nextCursor, operation);
  cursor_ = page.nextCursor;
  done_ = !cursor_.has_value();
  return page;
}

void RawPager::setCursor(RawRequest& request, const nlohmann::json& value) const {
  const std::string& parameter = pagination_.cursorArgument;
  const bool hasBody = request.method != "GET" && request.method != "HEAD";
  if (!(pagination_.cursorInBody && hasBody)) {
    setQuery(request, parameter, value.is_string() ? value.get<std::string>() : value.dump());
    return;
  }
  auto body = request.body.empty() ? nlohmann::json::object()
                                   : nlohmann::json::parse(request.body, nullptr, false);
  if (!body.is_object()) {
    throw InvalidArgumentError("request.body", client_->integrationType() +
                                                   ".request: a cursor in the body needs a "
                                                   "JSON object body");
  }
  body[parameter] = value;
  request.jsonBody(body);
}

// A next-page link that is a path from the origin (Salesforce's
// nextRecordsUrl) is made relative to the host's base path.
std::string RawPager::nextPagePath(const std::string& cursor) const {
  if (!cursor.starts_with("/")) return cursor;
  const auto* host = client_->spec().findHost(request_.host);
  if (host == nullptr) return cursor;
  const std::string& tmpl = host->baseUrlTemplate;
  std::size_t pathStart = std::string::npos;
  if (tmpl.starts_with("{")) {
    pathStart = tmpl.find('}');
    if (pathStart != std::string::npos) ++pathStart;
  } else if (const auto scheme = tmpl.find("://"); scheme != std::string::npos) {
    pathStart = tmpl.find('/', scheme + 3);
  }
  if (pathStart == std::string::npos || pathStart >= tmpl.size()) return cursor;
  std::string basePath = tmpl.substr(pathStart);
  while (!basePath.empty() && basePath.back() == '/') basePath.pop_back();
  if (cursor.starts_with(basePath + "/")) return cursor.substr(basePath.size());
  return cursor;
}

nlohmann::json RawPager::all(std::size_t maxItems) { return collectFrom(*this, maxItems); }

}  // namespace b44
