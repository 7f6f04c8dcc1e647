// The client benchmark's load: N sessions (threads), each enumerating every CIM_NumericSensor
// through wsman_client (optimized Enumerate, Pull to the end) as fast as it can for a given
// time. Prints one JSON line: enumerations, HTTP requests, items, wall and CPU seconds.
// Usage: wsman_client_probe URL USER SESSIONS SECONDS [typed] (password in WSMAN_PASS).
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "wsman_client/session.hpp"

namespace wc = wsman::client;

namespace {

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5 && !(argc == 6 && std::string(argv[5]) == "typed")) {
    std::fprintf(stderr, "usage: wsman_client_probe URL USER SESSIONS SECONDS [typed]\n");
    return 2;
  }
  const bool typed = argc == 6;
  wc::SessionOptions o;
  o.transport.url = argv[1];
  o.transport.user = argv[2];
  const char* pw = std::getenv("WSMAN_PASS");
  o.transport.password = pw ? pw : "";
  const int sessions = std::atoi(argv[3]);
  const double seconds = std::atof(argv[4]);
  std::atomic<long> enumerations{0}, items{0}, failures{0}, readings{0};
  const auto start = std::chrono::steady_clock::now();
  const auto until = start + std::chrono::duration<double>(seconds);
  const double cpu0 = cpu_seconds();
  std::vector<std::thread> threads;
  for (int i = 0; i < sessions; ++i) {
    threads.emplace_back([&] {
      wc::Session session(o);  // one connection per session, kept alive
      wc::EnumerateOptions eo;
      eo.max_elements = 100;
      while (std::chrono::steady_clock::now() < until) {
        auto en = session.enumerate("http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_NumericSensor", eo);
        if (!en) {
          ++failures;
          continue;
        }
        long n = 0;
        long reading_bytes = 0;
        while (true) {
          auto item = en->next();
          if (!item) {
            ++failures;
            break;
          }
          if (!*item) break;
          // Read what a monitor wants of each sensor: its reading, straight from the element, or
          // (typed) through the Instance built on this first use.
          bool found = false;
          if (typed) {
            const auto& inst = (**item).instance();
            found = inst && inst->find("CurrentReading") != nullptr;
          } else {
            auto v = (**item).value("CurrentReading");
            found = (**item).element() != nullptr;
            if (v) reading_bytes += static_cast<long>(v->size());
          }
          if (!found) {
            ++failures;
            break;
          }
          ++n;
        }
        items += n;
        readings += reading_bytes;
        ++enumerations;
      }
    });
  }
  for (auto& t : threads) t.join();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("{\"enumerations\": %ld, \"items\": %ld, \"failures\": %ld, \"reading_bytes\": %ld, \"wall\": %.3f, "
              "\"cpu\": %.3f}\n",
              enumerations.load(), items.load(), failures.load(), readings.load(), wall, cpu_seconds() - cpu0);
  return failures.load() == 0 ? 0 : 1;
}
