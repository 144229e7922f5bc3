package dev.groundwork.idempotency.redis.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua scripts, one per store operation. Each reads and writes one hash (one record) atomically
 * on the server, checks owner and fence, takes the time from the server's {@code TIME} (unless a
 * test passes a time in ARGV[1]) and sets the key's expiry in the same call.
 *
 * <p>Record hash fields: {@code s} state (P in progress, C completed), {@code o} owner, {@code f}
 * fence, {@code fp} fingerprint (hex), {@code l} lease deadline and {@code e} expiry (microseconds
 * since the epoch), {@code r} the encoded result. Replies to claim, take-over and read are {@code
 * [flag, now, s, o, f, fp, l, e, r]} with flag 1 = the caller holds the key, 0 = another record
 * stands, -1 = no live record.
 */
final class Scripts {

  private static final String PRELUDE =
      """
      local function now_us()
        if ARGV[1] ~= '' then return tonumber(ARGV[1]) end
        local t = redis.call('TIME')
        return tonumber(t[1]) * 1000000 + tonumber(t[2])
      end
      local function str(n) return string.format('%.0f', n) end
      local function load(key)
        local r = redis.call('HMGET', key, 's', 'o', 'f', 'fp', 'l', 'e', 'r')
        if not r[1] then return nil end
        return r
      end
      local function live(rec, now) return rec ~= nil and now < tonumber(rec[6]) end
      local function reply(flag, now, rec)
        return {flag, str(now), rec[1], rec[2], rec[3], rec[4], rec[5], rec[6], rec[7] or ''}
      end
      local function write(key, now, s, o, f, fp, l, e, r, prev)
        -- HSET replaces every field but r. A result left by the record this one replaces is
        -- never read while in progress, but would hold memory: drop it (rare: such keys are gone).
        if not r and prev and prev[7] then redis.call('HDEL', key, 'r') end
        if r then
          redis.call('HSET', key, 's', s, 'o', o, 'f', str(f), 'fp', fp,
                     'l', str(l), 'e', str(e), 'r', r)
        else
          redis.call('HSET', key, 's', s, 'o', o, 'f', str(f), 'fp', fp, 'l', str(l), 'e', str(e))
        end
        redis.call('PEXPIRE', key, math.max(1, math.ceil((e - now) / 1000)))
        return {s, o, str(f), fp, str(l), str(e), r}
      end
      local function claim_new(key, now, rec)
        -- Above the last record's fence, and never below now in microseconds: that keeps it above
        -- any earlier record's fence for the key after the key itself has expired away.
        local fence = math.max(1, now)
        if rec then fence = math.max(tonumber(rec[3]) + 1, now) end
        return reply('1', now, write(key, now, 'P', ARGV[2], fence, ARGV[3],
                                     now + tonumber(ARGV[4]), now + tonumber(ARGV[5]), nil, rec))
      end
      local function own_or_existing(now, rec)
        if rec[1] == 'P' and rec[2] == ARGV[2] and rec[4] == ARGV[3] then
          return reply('1', now, rec)
        end
        return reply('0', now, rec)
      end
      local key = KEYS[1]
      local now = now_us()
      local rec = load(key)
      """;

  /** ARGV: now, owner, fingerprint, lease µs, retention µs. */
  static final Script CLAIM =
      new Script(
          "claim",
          PRELUDE
              + """
              if live(rec, now) then return own_or_existing(now, rec) end
              return claim_new(key, now, rec)
              """);

  /** ARGV: now, owner, fingerprint, lease µs, retention µs, expected owner, expected fence. */
  static final Script TAKE_OVER =
      new Script(
          "takeOver",
          PRELUDE
              + """
              if not live(rec, now) then return claim_new(key, now, rec) end
              if rec[1] == 'P' and rec[2] == ARGV[6] and rec[3] == ARGV[7]
                  and now >= tonumber(rec[5]) then
                local lease = now + tonumber(ARGV[4])
                local expiry = math.max(tonumber(rec[6]), lease)
                return reply('1', now, write(key, now, 'P', ARGV[2], tonumber(rec[3]) + 1, rec[4],
                                             lease, expiry, nil, rec))
              end
              return own_or_existing(now, rec)
              """);

  /** ARGV: now, owner, fence, result, retention µs. */
  static final Script COMPLETE =
      new Script(
          "complete",
          PRELUDE
              + """
              if not live(rec, now) then return 'MISSING' end
              if rec[2] ~= ARGV[2] or rec[3] ~= ARGV[3] then return 'STALE_OWNER' end
              if rec[1] == 'C' then return 'APPLIED' end
              write(key, now, 'C', rec[2], tonumber(rec[3]), rec[4], now,
                    now + tonumber(ARGV[5]), ARGV[4], rec)
              return 'APPLIED'
              """);

  /** ARGV: now, owner, fence. */
  static final Script RELEASE =
      new Script(
          "release",
          PRELUDE
              + """
              if not live(rec, now) then return 'MISSING' end
              if rec[1] == 'P' and rec[2] == ARGV[2] and rec[3] == ARGV[3] then
                redis.call('DEL', key)
                return 'APPLIED'
              end
              return 'STALE_OWNER'
              """);

  /** ARGV: now. */
  static final Script READ =
      new Script(
          "read",
          PRELUDE
              + """
              if not live(rec, now) then return {'-1', str(now)} end
              return reply('1', now, rec)
              """);

  private Scripts() {}

  /** A script's text and the SHA-1 the server caches it under. */
  static final class Script {
    final String name;
    final byte[] body;
    final byte[] sha;

    Script(String name, String body) {
      this.name = name;
      this.body = body.getBytes(StandardCharsets.UTF_8);
      try {
        byte[] digest = MessageDigest.getInstance("SHA-1").digest(this.body);
        this.sha = HexFormat.of().formatHex(digest).getBytes(StandardCharsets.US_ASCII);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java platform provides SHA-1", e);
      }
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
