#include "loopback_nodelay.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cstdlib>
#include <memory>

namespace dtask::mpi {

namespace {

bool is_loopback_peer(int fd) {
  sockaddr_storage peer{};
  socklen_t length = sizeof peer;
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &length) != 0) return false;
  if (peer.ss_family == AF_INET)
    return (ntohl(reinterpret_cast<const sockaddr_in*>(&peer)->sin_addr.s_addr) >> 24) == 127;
  if (peer.ss_family == AF_INET6) {
    const in6_addr& address = reinterpret_cast<const sockaddr_in6*>(&peer)->sin6_addr;
    return IN6_IS_ADDR_LOOPBACK(&address);
  }
  return false;
}

}  // namespace

int set_nodelay_on_loopback_sockets() {
  const std::unique_ptr<DIR, int (*)(DIR*)> fds(opendir("/proc/self/fd"), &closedir);
  if (!fds) return 0;
  int set = 0;
  while (const dirent* entry = readdir(fds.get())) {
    const int fd = std::atoi(entry->d_name);
    if (fd < 0 || entry->d_name[0] == '.' || !is_loopback_peer(fd)) continue;
    const int one = 1;
    // Not TCP (a Unix socket has no loopback peer, but a UDP one may): the call fails, harmlessly.
    if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) == 0) ++set;
  }
  return set;
}

}  // namespace dtask::mpi
