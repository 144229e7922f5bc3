package dev.groundwork.idempotency.redis.internal;

import dev.groundwork.idempotency.Fingerprint;
import dev.groundwork.idempotency.IdempotencyStoreException;
import dev.groundwork.idempotency.IdempotencyStoreUnavailableException;
import dev.groundwork.idempotency.redis.RedisIdempotencyStore;
import dev.groundwork.idempotency.spi.ClaimRequest;
import dev.groundwork.idempotency.spi.ClaimResult;
import dev.groundwork.idempotency.spi.IdempotencyRecord;
import dev.groundwork.idempotency.spi.MutationResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisBusyException;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * The Redis store: every operation is one {@code EVALSHA} of a script from {@link Scripts} (and one
 * {@code EVAL} the first time a server lacks the script), so one round trip.
 */
public final class JedisIdempotencyStore implements RedisIdempotencyStore {

  private static final byte[] NO_TIME = new byte[0];

  private final UnifiedJedis client;
  private final boolean ownsClient;
  private final String keyPrefix;
  private final @Nullable InstantSource clock;

  /**
   * Creates a store.
   *
   * @param client the Jedis client
   * @param ownsClient whether {@link #close()} closes the client
   * @param keyPrefix prefix of every Redis key
   * @param clock a clock that replaces the server's, for tests; null for the server's {@code TIME}
   */
  public JedisIdempotencyStore(
      UnifiedJedis client, boolean ownsClient, String keyPrefix, @Nullable InstantSource clock) {
    this.client = client;
    this.ownsClient = ownsClient;
    this.keyPrefix = keyPrefix;
    this.clock = clock;
    loadScripts();
  }

  /**
   * Loads the scripts into the server's cache so that the first calls are plain {@code EVALSHA}s.
   * Best effort: a server that is down now, a Cluster node not reached here, or a server restarted
   * later is served by the {@code NOSCRIPT} fallback in {@link #call}.
   */
  private void loadScripts() {
    byte[] sampleKey = bytes(keyPrefix);
    try {
      for (Scripts.Script script :
          List.of(
              Scripts.CLAIM, Scripts.TAKE_OVER, Scripts.COMPLETE, Scripts.RELEASE, Scripts.READ)) {
        client.scriptLoad(script.body, sampleKey);
      }
    } catch (JedisException e) {
      // Not reachable now: the first claim fails closed, and later calls load what they need.
    }
  }

  @Override
  public ClaimResult claim(ClaimRequest request) {
    return toClaimResult(request.key(), call(request.key(), Scripts.CLAIM, claimArgs(request)));
  }

  @Override
  public List<ClaimResult> claimAll(List<ClaimRequest> requests) {
    if (requests.isEmpty()) {
      return List.of();
    }
    List<List<byte[]>> args = new ArrayList<>(requests.size());
    List<Response<Object>> responses = new ArrayList<>(requests.size());
    String first = requests.get(0).key();
    guard(
        first,
        () -> {
          // One round trip for the batch: the pipeline sends every EVALSHA before reading a reply.
          try (AbstractPipeline pipeline = client.pipelined()) {
            for (ClaimRequest request : requests) {
              List<byte[]> a = claimArgs(request);
              args.add(a);
              responses.add(pipeline.evalsha(Scripts.CLAIM.sha, keys(request.key()), a));
            }
            pipeline.sync();
          }
          return responses;
        });
    List<ClaimResult> results = new ArrayList<>(requests.size());
    for (int i = 0; i < requests.size(); i++) {
      String key = requests.get(i).key();
      Object reply;
      try {
        reply = responses.get(i).get();
      } catch (JedisNoScriptException e) {
        reply = call(key, Scripts.CLAIM, args.get(i));
      } catch (JedisException e) {
        throw translate(key, e);
      }
      results.add(toClaimResult(key, reply));
    }
    return results;
  }

  @Override
  public ClaimResult takeOver(ClaimRequest request, String expectedOwner, long expectedFence) {
    List<byte[]> args = new ArrayList<>(claimArgs(request));
    args.add(bytes(expectedOwner));
    args.add(bytes(Long.toString(expectedFence)));
    return toClaimResult(request.key(), call(request.key(), Scripts.TAKE_OVER, args));
  }

  @Override
  public MutationResult complete(
      String key, String owner, long fence, byte[] result, Duration retention) {
    Object reply =
        call(
            key,
            Scripts.COMPLETE,
            List.of(
                now(),
                bytes(owner),
                bytes(Long.toString(fence)),
                result,
                bytes(Long.toString(micros(retention)))));
    return toMutationResult(key, reply);
  }

  @Override
  public MutationResult release(String key, String owner, long fence) {
    Object reply =
        call(key, Scripts.RELEASE, List.of(now(), bytes(owner), bytes(Long.toString(fence))));
    return toMutationResult(key, reply);
  }

  @Override
  public Optional<IdempotencyRecord> read(String key) {
    List<byte[]> reply = list(key, call(key, Scripts.READ, List.of(now())));
    if (text(reply.get(0)).equals("-1")) {
      return Optional.empty();
    }
    return Optional.of(toRecord(key, reply));
  }

  @Override
  public String keyPrefix() {
    return keyPrefix;
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }

  @Override
  public String toString() {
    return "RedisIdempotencyStore{keyPrefix=" + keyPrefix + "}";
  }

  // ---- calls --------------------------------------------------------------------------------

  private Object call(String key, Scripts.Script script, List<byte[]> args) {
    List<byte[]> keys = keys(key);
    return guard(
        key,
        () -> {
          try {
            return client.evalsha(script.sha, keys, args);
          } catch (JedisNoScriptException e) {
            // The server restarted or its script cache was flushed: EVAL runs and caches it.
            return client.eval(script.body, keys, args);
          }
        });
  }

  private static <R> R guard(String key, Supplier<R> call) {
    try {
      R result = call.get();
      if (result == null) {
        throw new IdempotencyStoreException(key, false, "Redis returned no reply", null);
      }
      return result;
    } catch (JedisException e) {
      throw translate(key, e);
    }
  }

  private static IdempotencyStoreException translate(String key, JedisException e) {
    boolean unavailable =
        e instanceof JedisConnectionException
            || e instanceof JedisClusterOperationException
            || e instanceof JedisBusyException
            || e.getCause() instanceof NoSuchElementException // pool exhausted
            || (e instanceof JedisDataException && isTransientRefusal(e.getMessage()));
    if (unavailable) {
      return new IdempotencyStoreUnavailableException(
          key, "Redis is unavailable (" + e.getMessage() + "); retry later", e);
    }
    String kind = e instanceof JedisDataException ? "refused the command" : "failed";
    return new IdempotencyStoreException(
        key, false, "Redis " + kind + " for idempotency key '" + key + "': " + e.getMessage(), e);
  }

  /**
   * Error replies that mean "not now" rather than "never": a server loading its data after a
   * restart, a replica promoted or demoted during failover, a cluster resharding or partitioned.
   */
  private static final List<String> TRANSIENT_REFUSALS =
      List.of("LOADING", "BUSY", "TRYAGAIN", "CLUSTERDOWN", "MASTERDOWN", "READONLY", "NOREPLICAS");

  private static boolean isTransientRefusal(@Nullable String message) {
    if (message == null) {
      return false;
    }
    for (String prefix : TRANSIENT_REFUSALS) {
      if (message.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  // ---- encoding -----------------------------------------------------------------------------

  private List<byte[]> keys(String key) {
    return List.of(bytes(keyPrefix + key));
  }

  private List<byte[]> claimArgs(ClaimRequest request) {
    return List.of(
        now(),
        bytes(request.owner()),
        bytes(request.fingerprint().toHex()),
        bytes(Long.toString(micros(request.lease()))),
        bytes(Long.toString(micros(request.retention()))));
  }

  private byte[] now() {
    InstantSource c = clock;
    return c == null ? NO_TIME : bytes(Long.toString(micros(c.instant())));
  }

  private static ClaimResult toClaimResult(String key, Object reply) {
    List<byte[]> fields = list(key, reply);
    IdempotencyRecord record = toRecord(key, fields);
    Instant now = instant(fields.get(1));
    return text(fields.get(0)).equals("1")
        ? new ClaimResult.Claimed(record, now)
        : new ClaimResult.Existing(record, now);
  }

  private static IdempotencyRecord toRecord(String key, List<byte[]> f) {
    try {
      String state = text(f.get(2));
      String owner = text(f.get(3));
      long fence = Long.parseLong(text(f.get(4)));
      Fingerprint fingerprint = Fingerprint.fromHex(text(f.get(5)));
      Instant lease = instant(f.get(6));
      Instant expiry = instant(f.get(7));
      return switch (state) {
        case "P" -> IdempotencyRecord.inProgress(key, owner, fence, fingerprint, lease, expiry);
        case "C" ->
            IdempotencyRecord.completed(key, owner, fence, fingerprint, lease, expiry, f.get(8));
        default -> throw new IllegalArgumentException("unknown state '" + state + "'");
      };
    } catch (RuntimeException e) {
      throw new IdempotencyStoreException(
          key,
          false,
          "the Redis record for idempotency key '"
              + key
              + "' is malformed ("
              + e.getMessage()
              + "); was the key written by something else?",
          e);
    }
  }

  private static MutationResult toMutationResult(String key, Object reply) {
    String text = reply instanceof byte[] b ? text(b) : String.valueOf(reply);
    try {
      return MutationResult.valueOf(text);
    } catch (IllegalArgumentException e) {
      throw new IdempotencyStoreException(key, false, "unexpected Redis reply " + text, e);
    }
  }

  private static List<byte[]> list(String key, Object reply) {
    if (!(reply instanceof List<?> items)) {
      throw new IdempotencyStoreException(key, false, "unexpected Redis reply " + reply, null);
    }
    List<byte[]> out = new ArrayList<>(items.size());
    for (Object item : items) {
      out.add(item instanceof byte[] b ? b : bytes(String.valueOf(item)));
    }
    return out;
  }

  private static long micros(Duration d) {
    return Math.multiplyExact(d.getSeconds(), 1_000_000L) + d.getNano() / 1_000;
  }

  private static long micros(Instant i) {
    return Math.multiplyExact(i.getEpochSecond(), 1_000_000L) + i.getNano() / 1_000;
  }

  private static Instant instant(byte[] micros) {
    return Instant.EPOCH.plus(Long.parseLong(text(micros)), ChronoUnit.MICROS);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
