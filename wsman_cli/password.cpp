// File (first line), environment, then an echo-less prompt on the terminal.
#include "wsman_cli/password.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

namespace wsman::cli {

std::expected<std::string, std::string> read_password(const std::string& file, const std::string& env_name,
                                                      const std::string& user) {
  if (!file.empty()) {
    std::ifstream in(file);
    if (!in) return std::unexpected("cannot read the password file " + file);
    std::string line;
    std::getline(in, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
  }
  if (const char* v = std::getenv(env_name.c_str()); v != nullptr) return std::string(v);
  int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    return std::unexpected("no password: give --password-file FILE, set " + env_name + ", or run on a terminal");
  }
  // Echo off before the prompt (as getpass(3) does): TCSAFLUSH drops what was typed before
  // the prompt, so it must come first, or a password typed (or sent) as soon as the prompt
  // shows could be dropped and the read would wait for ever.
  termios old{};
  bool restore = ::tcgetattr(fd, &old) == 0;
  if (restore) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(fd, TCSAFLUSH, &quiet);
  }
  std::string prompt = "Password for " + user + ": ";
  (void)!::write(fd, prompt.data(), prompt.size());
  std::string pw;
  char c = 0;
  while (::read(fd, &c, 1) == 1 && c != '\n') pw.push_back(c);
  if (restore) ::tcsetattr(fd, TCSADRAIN, &old);
  (void)!::write(fd, "\n", 1);
  ::close(fd);
  return pw;
}

}  // namespace wsman::cli
