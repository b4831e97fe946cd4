// set_nodelay_on_loopback_sockets: both ends of a TCP connection on 127.0.0.1 get TCP_NODELAY
// (as the MPI runtime's connection to its PMIx server does); a listening socket, which has no
// peer, is left alone.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../src/mpi/loopback_nodelay.hpp"

namespace {

int nodelay_of(int fd) {
  int value = -1;
  socklen_t length = sizeof value;
  EXPECT_EQ(getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &value, &length), 0);
  return value;
}

TEST(LoopbackNodelay, BothEndsOfALoopbackConnectionAndNotTheListener) {
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(listen(listener, 1), 0);
  socklen_t length = sizeof address;
  ASSERT_EQ(getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length), 0);
  const int client = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_EQ(connect(client, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  const int server = accept(listener, nullptr, nullptr);
  ASSERT_GE(server, 0);
  ASSERT_EQ(nodelay_of(client), 0) << "Nagle is on by default";

  EXPECT_GE(dtask::mpi::set_nodelay_on_loopback_sockets(), 2);
  EXPECT_NE(nodelay_of(client), 0);
  EXPECT_NE(nodelay_of(server), 0);
  EXPECT_EQ(nodelay_of(listener), 0);
  for (int fd : {client, server, listener}) close(fd);
}

}  // namespace
