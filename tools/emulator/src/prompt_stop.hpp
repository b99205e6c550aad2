// Stopping a Poco HTTPServer without its quarter-second wait.
//
// Poco's acceptor thread polls the listening socket with a 250 ms timeout and
// only then sees the stop flag, so every stop() costs up to 250 ms; across
// hundreds of short-lived loopback servers in the test suite that was most of
// its run time. Shutting the listening socket down first wakes the poll at
// once: the failed accept is swallowed by Poco, and the loop ends as soon as
// stop() has set the flag. Header-only because the test suite's scripted server
// uses it too.
#pragma once

#include <Poco/Exception.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/ServerSocket.h>

namespace b44::emulator::detail {

inline void stopPromptly(Poco::Net::HTTPServer& server, Poco::Net::ServerSocket& listening) {
  try {
    listening.impl()->shutdown();
  } catch (const Poco::Exception&) {
    // Already closed: stopAll() below is all that is left to do.
  }
  server.stopAll(true);  // also aborts idle keep-alive connections
}

}  // namespace b44::emulator::detail
