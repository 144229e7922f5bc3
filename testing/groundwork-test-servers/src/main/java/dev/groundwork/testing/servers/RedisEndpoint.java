package dev.groundwork.testing.servers;

import java.net.URI;

/**
 * A Redis server a test may use.
 *
 * @param host the host name or address
 * @param port the TCP port
 * @param embedded whether the fixture started this server itself (as opposed to one named by an
 *     environment variable)
 */
public record RedisEndpoint(String host, int port, boolean embedded) {

  /**
   * Parses a {@code redis://host:port} URL.
   *
   * @param url the URL, as given in {@code GROUNDWORK_REDIS_URL}
   * @return the endpoint
   * @throws IllegalArgumentException if the URL is not of the form {@code redis://host:port}
   */
  public static RedisEndpoint parse(String url) {
    URI uri = URI.create(url);
    if (!"redis".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "expected a Redis URL of the form redis://host:port, got '" + url + "'");
    }
    return new RedisEndpoint(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort(), false);
  }

  /**
   * The server as a URL.
   *
   * @return {@code redis://host:port}
   */
  public URI uri() {
    return URI.create("redis://" + host + ":" + port);
  }

  @Override
  public String toString() {
    return (embedded ? "embedded " : "") + uri();
  }
}
