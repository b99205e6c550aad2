#include "redis_server.hpp"

#include "scripted_server.hpp"

#include <Poco/Exception.h>
#include <Poco/Path.h>
#include <Poco/Pipe.h>
#include <Poco/Redis/Array.h>
#include <Poco/Redis/Client.h>
#include <Poco/TemporaryFile.h>
#include <Poco/Timespan.h>

#include <csignal>
#include <filesystem>
#include <stdexcept>
#include <thread>

namespace b44::testing {

RedisServer::RedisServer() : port_(closedPort()) {
  directory_ = Poco::TemporaryFile::tempName();
  std::filesystem::create_directories(directory_);
  start();
}

RedisServer::~RedisServer() {
  try {
    thaw();
    kill();
    std::filesystem::remove_all(directory_);
  } catch (...) {
  }
}

std::string RedisServer::url() const { return "redis://127.0.0.1:" + std::to_string(port_); }

void RedisServer::start() {
  const std::vector<std::string> args{"--port",       std::to_string(port_),
                                      "--bind",       "127.0.0.1",
                                      "--save",       "",
                                      "--appendonly", "no",
                                      "--dir",        directory_,
                                      "--loglevel",   "warning",
                                      "--logfile",    directory_ + "/redis.log"};
  try {
    // Its own pipes, so that it never holds the test's output open (it logs
    // to its file and writes nothing to them).
    Poco::Pipe in;
    Poco::Pipe out;
    process_ = std::make_unique<Poco::ProcessHandle>(
        Poco::Process::launch("redis-server", args, &in, &out, &out));
  } catch (const Poco::Exception& e) {
    throw std::runtime_error("cannot start redis-server (install it: scripts/install-deps.sh): " +
                             e.displayText());
  }
  waitReady();
}

void RedisServer::waitReady() const {
  // Bounded: 200 attempts, each a connect (refused at once while the server
  // starts) and a short pause between them.
  for (int attempt = 0; attempt < 200; ++attempt) {
    try {
      if (command({"PING"}) == "PONG") return;
    } catch (const std::exception&) {
    }
    if (!Poco::Process::isRunning(*process_)) {
      throw std::runtime_error("redis-server exited at start on port " + std::to_string(port_));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  throw std::runtime_error("redis-server did not answer PING on port " + std::to_string(port_));
}

void RedisServer::kill() {
  if (!process_) return;
  if (Poco::Process::isRunning(*process_)) Poco::Process::kill(*process_);
  process_->wait();
  process_.reset();
}

void RedisServer::freeze() {
  if (process_) ::kill(process_->id(), SIGSTOP);
}

void RedisServer::thaw() {
  if (process_) ::kill(process_->id(), SIGCONT);
}

std::optional<std::string> RedisServer::command(const std::vector<std::string>& words) const {
  Poco::Redis::Client client;
  client.connect("127.0.0.1", port_, Poco::Timespan(2, 0));
  client.setReceiveTimeout(Poco::Timespan(2, 0));
  Poco::Redis::Array command;
  for (const auto& word : words) command << word;
  const auto reply = client.sendCommand(command);
  if (const auto* bulk =
          dynamic_cast<const Poco::Redis::Type<Poco::Redis::BulkString>*>(reply.get())) {
    if (bulk->value().isNull()) return std::nullopt;
    return bulk->value().value();
  }
  if (auto* array = dynamic_cast<const Poco::Redis::Type<Poco::Redis::Array>*>(reply.get())) {
    if (array->value().isNull() || array->value().size() == 0) return std::nullopt;
    std::string joined;
    for (const auto& item : array->value()) {
      if (!joined.empty()) joined += '\n';
      if (auto* text =
              dynamic_cast<const Poco::Redis::Type<Poco::Redis::BulkString>*>(item.get())) {
        joined += text->value().isNull() ? "" : text->value().value();
      } else {
        joined += item->toString();
      }
    }
    return joined;
  }
  if (auto* simple = dynamic_cast<const Poco::Redis::Type<std::string>*>(reply.get())) {
    return simple->value();
  }
  if (auto* integer = dynamic_cast<const Poco::Redis::Type<Poco::Int64>*>(reply.get())) {
    return std::to_string(integer->value());
  }
  throw std::runtime_error("redis answered an error: " + reply->toString());
}

}  // namespace b44::testing
