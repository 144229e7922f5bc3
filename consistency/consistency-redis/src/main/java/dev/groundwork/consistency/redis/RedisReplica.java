package dev.groundwork.consistency.redis;

import dev.groundwork.consistency.ConsistencyException;
import dev.groundwork.consistency.HlcTimestamp;
import dev.groundwork.consistency.VectorClock;
import dev.groundwork.consistency.Versioned;
import dev.groundwork.consistency.spi.Replica;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A replica that is one Redis server (Foundations §7 on real storage): each key is a Redis hash of
 * its causally maximal versions, one field per vector clock.
 *
 * <p>A put runs one Lua script on the server that compares the new version's vector clock with
 * every stored one and, atomically, drops it if a stored version descends from (or equals) it,
 * removes the stored versions it descends from, and keeps it beside concurrent siblings. A key
 * whose versions are all tombstones expires after {@code tombstoneRetention}. Requests run on a
 * small thread pool of the replica's own, so a slow or dead server shows up as a late or failed
 * stage, which the quorum client turns into a timed-out or failed replica.
 *
 * <p>Values are strings; node ids in vector clocks and timestamps must be letters, digits, {@code .
 * _ -}.
 */
public final class RedisReplica implements Replica<String, String>, AutoCloseable {

  private static final Pattern NODE = Pattern.compile("[A-Za-z0-9._-]+");

  private static final String PUT =
      """
      local function parse(s)
        local t = {}
        for node, c in string.gmatch(s, '([^,:]+):(%d+)') do t[node] = tonumber(c) end
        return t
      end
      local function compare(x, y)
        local less, greater = false, false
        for n, c in pairs(x) do
          local o = y[n] or 0
          if c < o then less = true elseif c > o then greater = true end
        end
        for n, c in pairs(y) do
          if x[n] == nil and c > 0 then less = true end
        end
        if less and greater then return 'C' end
        if less then return 'B' end
        if greater then return 'A' end
        return 'E'
      end
      local new = parse(ARGV[1])
      local fields = redis.call('HKEYS', KEYS[1])
      for _, f in ipairs(fields) do
        local c = compare(new, parse(f))
        if c == 'B' or c == 'E' then return 0 end
      end
      for _, f in ipairs(fields) do
        if compare(new, parse(f)) == 'A' then redis.call('HDEL', KEYS[1], f) end
      end
      redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
      local tombstones_only = true
      for _, v in ipairs(redis.call('HVALS', KEYS[1])) do
        if string.sub(v, 1, 1) ~= 'T' then tombstones_only = false end
      end
      if tombstones_only then
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
      else
        redis.call('PERSIST', KEYS[1])
      end
      return 1
      """;

  private final String id;
  private final UnifiedJedis client;
  private final String keyPrefix;
  private final Duration tombstoneRetention;
  private final ExecutorService executor;
  private final byte[] sha;

  /**
   * Creates a replica over a Redis client.
   *
   * @param id the replica's id
   * @param client the server's client; the replica closes it
   * @param keyPrefix prefix of every Redis key
   * @param tombstoneRetention how long a key whose versions are all tombstones is kept
   */
  public RedisReplica(
      String id, UnifiedJedis client, String keyPrefix, Duration tombstoneRetention) {
    if (id == null || id.isBlank()) {
      throw new ConsistencyException("a replica id must not be blank");
    }
    if (tombstoneRetention.isNegative() || tombstoneRetention.isZero()) {
      throw new ConsistencyException(
          "tombstone retention must be positive, got " + tombstoneRetention);
    }
    this.id = id;
    this.client = Objects.requireNonNull(client, "client");
    this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
    this.tombstoneRetention = tombstoneRetention;
    this.executor =
        Executors.newFixedThreadPool(
            4,
            task -> {
              Thread t = new Thread(task, "groundwork-replica-" + id);
              t.setDaemon(true);
              return t;
            });
    this.sha = sha1(PUT);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public CompletionStage<List<Versioned<String>>> get(String key) {
    Objects.requireNonNull(key, "key");
    return CompletableFuture.supplyAsync(() -> decode(client.hgetAll(keyPrefix + key)), executor);
  }

  @Override
  public CompletionStage<Void> put(String key, Versioned<String> version) {
    Objects.requireNonNull(key, "key");
    String clock = encode(version.clock());
    String entry = encode(version);
    List<String> keys = List.of(keyPrefix + key);
    List<String> args = List.of(clock, entry, Long.toString(tombstoneRetention.toMillis()));
    return CompletableFuture.runAsync(
        () -> {
          try {
            client.evalsha(new String(sha, StandardCharsets.US_ASCII), keys, args);
          } catch (JedisNoScriptException e) {
            client.eval(PUT, keys, args);
          }
        },
        executor);
  }

  @Override
  public void close() {
    executor.shutdownNow();
    client.close();
  }

  @Override
  public String toString() {
    return "RedisReplica[" + id + "]";
  }

  // ---- encoding -----------------------------------------------------------------------------

  /** {@code node:counter,node:counter}, sorted by node: equal clocks give equal fields. */
  static String encode(VectorClock clock) {
    StringBuilder s = new StringBuilder();
    for (Map.Entry<String, Long> e : clock.counters().entrySet()) {
      if (!NODE.matcher(e.getKey()).matches()) {
        throw new ConsistencyException(
            "node id '" + e.getKey() + "' cannot be stored in Redis; use letters, digits, . _ -");
      }
      if (s.length() > 0) {
        s.append(',');
      }
      s.append(e.getKey()).append(':').append(e.getValue());
    }
    return s.toString();
  }

  /** {@code V<timestamp>\n<value>} or {@code T<timestamp>\n}; the timestamp may be empty. */
  private static String encode(Versioned<String> version) {
    HlcTimestamp t = version.timestamp();
    if (t != null && !NODE.matcher(t.node()).matches()) {
      throw new ConsistencyException(
          "timestamp node '"
              + t.node()
              + "' cannot be stored in Redis; use letters, digits, . _ -");
    }
    String stamp = t == null ? "" : t.physicalMillis() + "." + t.logical() + "." + t.node();
    String value = version.value();
    return (value == null ? "T" : "V") + stamp + "\n" + (value == null ? "" : value);
  }

  private static List<Versioned<String>> decode(Map<String, String> fields) {
    List<Versioned<String>> out = new ArrayList<>(fields.size());
    for (Map.Entry<String, String> f : fields.entrySet()) {
      Map<String, Long> counters = new LinkedHashMap<>();
      for (String part : f.getKey().split(",", -1)) {
        if (!part.isEmpty()) {
          int colon = part.lastIndexOf(':');
          counters.put(part.substring(0, colon), Long.parseLong(part.substring(colon + 1)));
        }
      }
      String entry = f.getValue();
      int newline = entry.indexOf('\n');
      String stamp = entry.substring(1, newline);
      HlcTimestamp timestamp = null;
      if (!stamp.isEmpty()) {
        String[] p = stamp.split("\\.", 3);
        timestamp = new HlcTimestamp(Long.parseLong(p[0]), Integer.parseInt(p[1]), p[2]);
      }
      String value = entry.charAt(0) == 'T' ? null : entry.substring(newline + 1);
      out.add(new Versioned<>(value, VectorClock.of(counters), timestamp));
    }
    return out;
  }

  private static byte[] sha1(String script) {
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-1")
              .digest(script.getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest).getBytes(StandardCharsets.US_ASCII);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-1", e);
    }
  }
}
