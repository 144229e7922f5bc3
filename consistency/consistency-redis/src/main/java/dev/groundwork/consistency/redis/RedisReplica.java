package dev.groundwork.consistency.redis;

import dev.groundwork.consistency.ConsistencyArgumentException;
import dev.groundwork.consistency.Dot;
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
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A replica that is one Redis server (Foundations §7 on real storage): each key is a Redis hash of
 * its causally maximal versions, one field per dot, holding the version's context and value.
 *
 * <p>A put runs one Lua script on the server that applies its batch of versions atomically, each by
 * the rule of {@link dev.groundwork.consistency.Siblings}: a version is dropped if a stored one has
 * its dot or a context containing it, and otherwise removes the stored versions whose dots its
 * context contains and is kept beside the rest.
 *
 * <p><b>Tombstones are kept</b> by default: a deletion is a version like any other, and a key whose
 * versions are all tombstones stays until it is written again. Expiring them is an opt-in ({@link
 * #RedisReplica(String, UnifiedJedis, String, Duration)}) that is only safe under this rule: every
 * path that can still deliver a version older than the deletion must be closed before the retention
 * ends. Those paths are a client's hints (kept for the client's {@link
 * dev.groundwork.consistency.HintPolicy#window() hint window}, so the retention must exceed every
 * client's hint window plus its timeout), and a replica that missed the deletion and still holds
 * the old value (read repair copies it back to a replica that forgot the tombstone), so a replica
 * that was unreachable for longer than the retention must be emptied before it rejoins: the rule
 * Cassandra states for {@code gc_grace_seconds}. Requests run on a small thread pool of the
 * replica's own, so a slow or dead server shows up as a late or failed stage, which the quorum
 * client turns into a timed-out or failed replica.
 *
 * <p>Values are strings; node ids in vector clocks and timestamps must be letters, digits, {@code .
 * _ -}.
 */
public final class RedisReplica implements Replica<String, String>, AutoCloseable {

  private static final Pattern NODE = Pattern.compile("[A-Za-z0-9._-]+");

  /**
   * Applies a batch of versions atomically. Each stored version is a hash field named by its dot,
   * holding its context on the first line and then the value. KEYS[1] the hash; ARGV[1] the
   * tombstone retention in ms (0: kept); then per version: dot, context, entry.
   */
  private static final String PUT =
      """
      local function parse(s)
        local ctx = {c = {}, x = {}}
        for part in string.gmatch(s, '[^,]+') do
          if string.sub(part, 1, 1) == '+' then
            ctx.x[string.sub(part, 2)] = true
          else
            local node, n = string.match(part, '^(.*):(%d+)$')
            ctx.c[node] = tonumber(n)
          end
        end
        return ctx
      end
      local function contains(ctx, dot)
        if ctx.x[dot] then return true end
        local node, n = string.match(dot, '^(.*):(%d+)$')
        local have = ctx.c[node]
        return have ~= nil and have >= tonumber(n)
      end
      local versions = {}
      local stored = redis.call('HGETALL', KEYS[1])
      for i = 1, #stored, 2 do
        local v = stored[i + 1]
        versions[stored[i]] = parse(string.sub(v, 1, string.find(v, '\\n', 1, true) - 1))
      end
      for i = 2, #ARGV, 3 do
        local dot, ctxs, entry = ARGV[i], ARGV[i + 1], ARGV[i + 2]
        local obsolete = versions[dot] ~= nil
        if not obsolete then
          for _, c in pairs(versions) do
            if contains(c, dot) then obsolete = true; break end
          end
        end
        if not obsolete then
          local ctx = parse(ctxs)
          for d, _ in pairs(versions) do
            if contains(ctx, d) then
              versions[d] = nil
              redis.call('HDEL', KEYS[1], d)
            end
          end
          versions[dot] = ctx
          redis.call('HSET', KEYS[1], dot, ctxs .. '\\n' .. entry)
        end
      end
      local tombstones_only = true
      for _, v in ipairs(redis.call('HVALS', KEYS[1])) do
        local entry = string.sub(v, string.find(v, '\\n', 1, true) + 1)
        if string.sub(entry, 1, 1) ~= 'T' then tombstones_only = false end
      end
      if tombstones_only and tonumber(ARGV[1]) > 0 then
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
      else
        redis.call('PERSIST', KEYS[1])
      end
      return 1
      """;

  private final String id;
  private final UnifiedJedis client;
  private final String keyPrefix;
  private final @Nullable Duration tombstoneRetention;
  private final ExecutorService executor;
  private final byte[] sha;

  /**
   * Creates a replica over a Redis client that keeps tombstones: a deleted key can never come back.
   *
   * @param id the replica's id
   * @param client the server's client; the replica closes it
   * @param keyPrefix prefix of every Redis key
   */
  public RedisReplica(String id, UnifiedJedis client, String keyPrefix) {
    this(id, client, keyPrefix, java.util.Optional.empty());
  }

  /**
   * Creates a replica over a Redis client whose tombstone-only keys expire after {@code
   * tombstoneRetention}. Safe only under the rule in the class comment: the retention exceeds every
   * client's hint window plus its timeout, and a replica unreachable for longer than the retention
   * is emptied before it rejoins; otherwise a deleted value can come back.
   *
   * @param id the replica's id
   * @param client the server's client; the replica closes it
   * @param keyPrefix prefix of every Redis key
   * @param tombstoneRetention how long a key whose versions are all tombstones is kept; positive
   */
  public RedisReplica(
      String id, UnifiedJedis client, String keyPrefix, Duration tombstoneRetention) {
    this(id, client, keyPrefix, java.util.Optional.of(tombstoneRetention));
  }

  private RedisReplica(
      String id, UnifiedJedis client, String keyPrefix, java.util.Optional<Duration> retention) {
    Duration tombstoneRetention = retention.orElse(null);
    if (id == null || id.isBlank()) {
      throw new ConsistencyArgumentException("a replica id must not be blank");
    }
    if (tombstoneRetention != null
        && (tombstoneRetention.isNegative() || tombstoneRetention.toMillis() == 0)) {
      throw new ConsistencyArgumentException(
          "tombstone retention must be at least 1 ms, got "
              + tombstoneRetention
              + " (use the constructor without a retention to keep tombstones)");
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
  public CompletionStage<Void> put(String key, List<Versioned<String>> versions) {
    Objects.requireNonNull(key, "key");
    List<String> keys = List.of(keyPrefix + key);
    List<String> args = new ArrayList<>(1 + 3 * versions.size());
    Duration retention = tombstoneRetention;
    args.add(retention == null ? "0" : Long.toString(retention.toMillis()));
    for (Versioned<String> version : versions) {
      args.add(encode(version.dot()));
      args.add(encode(version.context()));
      args.add(encode(version));
    }
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
  public void checkWriterId(String writerId) {
    requireNode(writerId);
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

  /** {@code node:counter}. */
  static String encode(Dot dot) {
    requireNode(dot.node());
    return dot.node() + ":" + dot.counter();
  }

  /** {@code node:counter,...,+node:counter,...}: the counters, then the dots seen beyond them. */
  static String encode(VectorClock clock) {
    StringBuilder s = new StringBuilder();
    for (Map.Entry<String, Long> e : clock.counters().entrySet()) {
      requireNode(e.getKey());
      if (s.length() > 0) {
        s.append(',');
      }
      s.append(e.getKey()).append(':').append(e.getValue());
    }
    for (Dot d : clock.dots()) {
      if (s.length() > 0) {
        s.append(',');
      }
      s.append('+').append(encode(d));
    }
    return s.toString();
  }

  private static void requireNode(String node) {
    if (!NODE.matcher(node).matches()) {
      throw new ConsistencyArgumentException(
          "node id '" + node + "' cannot be stored in Redis; use letters, digits, . _ -");
    }
  }

  private static Dot decodeDot(String s) {
    int colon = s.lastIndexOf(':');
    return new Dot(s.substring(0, colon), Long.parseLong(s.substring(colon + 1)));
  }

  private static VectorClock decodeClock(String s) {
    Map<String, Long> counters = new LinkedHashMap<>();
    List<Dot> dots = new ArrayList<>();
    for (String part : s.split(",", -1)) {
      if (part.startsWith("+")) {
        dots.add(decodeDot(part.substring(1)));
      } else if (!part.isEmpty()) {
        Dot d = decodeDot(part);
        counters.put(d.node(), d.counter());
      }
    }
    return VectorClock.of(counters, dots);
  }

  /** {@code V<timestamp>\n<value>} or {@code T<timestamp>\n}; the timestamp may be empty. */
  private static String encode(Versioned<String> version) {
    HlcTimestamp t = version.timestamp();
    if (t != null && !NODE.matcher(t.node()).matches()) {
      throw new ConsistencyArgumentException(
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
      String stored = f.getValue();
      int contextEnd = stored.indexOf('\n');
      VectorClock context = decodeClock(stored.substring(0, contextEnd));
      String entry = stored.substring(contextEnd + 1);
      int newline = entry.indexOf('\n');
      String stamp = entry.substring(1, newline);
      HlcTimestamp timestamp = null;
      if (!stamp.isEmpty()) {
        String[] p = stamp.split("\\.", 3);
        timestamp = new HlcTimestamp(Long.parseLong(p[0]), Integer.parseInt(p[1]), p[2]);
      }
      String value = entry.charAt(0) == 'T' ? null : entry.substring(newline + 1);
      out.add(new Versioned<>(value, decodeDot(f.getKey()), context, timestamp));
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
