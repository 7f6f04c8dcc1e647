// What the C API's files share: the handles behind the opaque C types and the per-thread
// last failure with its setters (the wsmc_last_* functions read it).
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "wsman_client/errc.hpp"
#include "wsman_client/session.hpp"
#include "wsman_client/wsman_client.h"

namespace wc = wsman::client;

struct wsmc_session {
  std::mutex mutex;
  wc::SessionOptions options;
  std::shared_ptr<wc::Session> session;  // rebuilt after an option changes
  std::shared_ptr<wc::Session> get() {
    std::lock_guard lock(mutex);
    if (!session) session = std::make_shared<wc::Session>(options);
    return session;
  }
};

struct wsmc_item {
  const wc::Item* item;
};

namespace wsman::client::capi {

extern thread_local Failure last_failure;

wsmc_status fail(const Failure& f);
wsmc_status fail(Errc e, const std::string& message);
wsmc_status succeed();
char* dup(const std::string& s);  // malloc'd, for wsmc_free

}  // namespace wsman::client::capi
