package dev.groundwork.testing.servers;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import redis.embedded.RedisServer;

/**
 * A Redis server process that one test owns: it can be stopped and started again on the same port,
 * which fault tests need and a shared server must not do.
 *
 * <p>Runs the machine's {@code redis-server} binary when there is one on the {@code PATH} (or named
 * by {@code GROUNDWORK_REDIS_SERVER_BINARY}), otherwise the binary that the embedded-redis artifact
 * ships. The server keeps nothing on disk.
 */
public final class ManagedRedis implements AutoCloseable {

  private final int port;
  private final RedisServer server;
  private final boolean systemBinary;

  private ManagedRedis(int port, RedisServer server, boolean systemBinary) {
    this.port = port;
    this.server = server;
    this.systemBinary = systemBinary;
  }

  /**
   * Starts a new server on a free loopback port, with the machine's {@code redis-server} when there
   * is one and the embedded-redis artifact's binary otherwise.
   *
   * @return the running server; the caller closes it
   * @throws UncheckedIOException if the server cannot be started
   */
  public static ManagedRedis start() {
    return start(systemBinary(), null);
  }

  /**
   * Starts a new server on a free loopback port that writes every change to an append-only file in
   * {@code dataDir} before acknowledging it ({@code appendfsync always}), so that what it
   * acknowledged survives {@link #stop()} and {@link #resume()}.
   *
   * @param dataDir an existing directory the server may write to
   * @return the running server; the caller closes it
   * @throws UncheckedIOException if the server cannot be started
   */
  public static ManagedRedis startPersistent(Path dataDir) {
    return start(systemBinary(), dataDir);
  }

  /**
   * Starts a node with cluster mode enabled and no slots yet, its cluster state kept in {@code
   * dataDir}; {@link RedisTestCluster} joins such nodes into a cluster.
   *
   * @param dataDir an existing directory the node may write its nodes file to
   * @return the running node; the caller closes it
   */
  public static ManagedRedis startClusterNode(Path dataDir) {
    return start(systemBinary(), dataDir, true);
  }

  /**
   * Starts a new server on a free loopback port from the binary that the embedded-redis artifact
   * ships, whatever the machine has installed.
   *
   * @return the running server; the caller closes it
   * @throws UncheckedIOException if the server cannot be started
   */
  public static ManagedRedis startEmbedded() {
    return start(null, null);
  }

  private static ManagedRedis start(@Nullable Path binary, @Nullable Path dataDir) {
    return start(binary, dataDir, false);
  }

  private static ManagedRedis start(
      @Nullable Path binary, @Nullable Path dataDir, boolean cluster) {
    int port = freePort();
    List<String> settings = new java.util.ArrayList<>();
    settings.addAll(List.of("--bind", "127.0.0.1", "--save", "", "--protected-mode", "no"));
    if (cluster && dataDir != null) {
      settings.addAll(
          List.of(
              "--appendonly",
              "no",
              "--cluster-enabled",
              "yes",
              "--cluster-config-file",
              "nodes-" + port + ".conf",
              "--cluster-node-timeout",
              "2000",
              "--dir",
              dataDir.toString()));
    } else if (dataDir == null) {
      settings.addAll(List.of("--appendonly", "no"));
    } else {
      settings.addAll(
          List.of("--appendonly", "yes", "--appendfsync", "always", "--dir", dataDir.toString()));
    }
    try {
      RedisServer server;
      if (binary != null) {
        List<String> args =
            new java.util.ArrayList<>(List.of(binary.toString(), "--port", Integer.toString(port)));
        args.addAll(settings);
        server = new RedisServer(port, args, true);
      } else {
        var builder = RedisServer.newRedisServer().port(port).bind("127.0.0.1");
        builder.setting("save \"\"").setting("protected-mode no");
        if (cluster && dataDir != null) {
          builder
              .setting("appendonly no")
              .setting("cluster-enabled yes")
              .setting("cluster-config-file nodes-" + port + ".conf")
              .setting("cluster-node-timeout 2000")
              .setting("dir " + dataDir);
        } else if (dataDir == null) {
          builder.setting("appendonly no");
        } else {
          builder.setting("appendonly yes").setting("appendfsync always").setting("dir " + dataDir);
        }
        builder.onShutdownForceStop(true);
        server = builder.build();
      }
      ManagedRedis managed = new ManagedRedis(port, server, binary != null);
      managed.resume();
      return managed;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start a Redis server on port " + port, e);
    }
  }

  /**
   * The server's address.
   *
   * @return an endpoint marked as embedded
   */
  public RedisEndpoint endpoint() {
    return new RedisEndpoint("127.0.0.1", port, true);
  }

  /**
   * Whether this server runs the machine's own {@code redis-server} rather than the embedded one.
   *
   * @return true for the system binary
   */
  public boolean usesSystemBinary() {
    return systemBinary;
  }

  /**
   * Stops the server process; its data is lost, as after a crash of a server that keeps nothing on
   * disk.
   */
  public void stop() {
    try {
      server.stop();
    } catch (IOException e) {
      throw new UncheckedIOException("could not stop the Redis server on port " + port, e);
    }
  }

  /**
   * Starts the server again on the same port after {@link #stop()}.
   *
   * @throws UncheckedIOException if it does not come up
   */
  public void resume() {
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the Redis server on port " + port, e);
    }
  }

  @Override
  public void close() {
    if (server.isActive()) {
      stop();
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  private static @Nullable Path systemBinary() {
    String configured = System.getenv("GROUNDWORK_REDIS_SERVER_BINARY");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator, -1)) {
      Path candidate = Path.of(dir, "redis-server");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
