package dev.groundwork.idempotency.internal;

import dev.groundwork.idempotency.ResultCodec;
import dev.groundwork.idempotency.StoredResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The codecs that {@link ResultCodec}'s factories return. */
public final class BuiltInCodecs {

  /** UTF-8 text. */
  public static final ResultCodec<String> UTF8 =
      new ResultCodec<>() {
        @Override
        public byte[] encode(String result) {
          return result.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String decode(byte[] bytes) {
          return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
          return "ResultCodec.utf8()";
        }
      };

  /** Raw bytes. */
  public static final ResultCodec<byte[]> BYTES =
      new ResultCodec<>() {
        @Override
        public byte[] encode(byte[] result) {
          return result.clone();
        }

        @Override
        public byte[] decode(byte[] bytes) {
          return bytes.clone();
        }

        @Override
        public String toString() {
          return "ResultCodec.bytes()";
        }
      };

  /** HTTP-style responses: format version 1 = status, headers, body, all length-prefixed. */
  public static final ResultCodec<StoredResponse> STORED_RESPONSE = new StoredResponseCodec();

  private BuiltInCodecs() {}

  private static final class StoredResponseCodec implements ResultCodec<StoredResponse> {
    private static final int VERSION = 1;
    private static final int MAX_COUNT = 1 << 20;

    @Override
    public byte[] encode(StoredResponse response) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + response.body().length);
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeByte(VERSION);
        out.writeShort(response.status());
        out.writeInt(response.headers().size());
        for (Map.Entry<String, List<String>> header : response.headers().entrySet()) {
          writeString(out, header.getKey());
          out.writeInt(header.getValue().size());
          for (String value : header.getValue()) {
            writeString(out, value);
          }
        }
        byte[] body = response.body();
        out.writeInt(body.length);
        out.write(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return bytes.toByteArray();
    }

    @Override
    public StoredResponse decode(byte[] bytes) {
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
        int version = in.readUnsignedByte();
        if (version != VERSION) {
          throw new IllegalArgumentException(
              "stored response format version " + version + " is not known (expected 1)");
        }
        int status = in.readUnsignedShort();
        int headerCount = count(in.readInt(), "header");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 0; i < headerCount; i++) {
          String name = readString(in);
          int valueCount = count(in.readInt(), "header value");
          List<String> values = new ArrayList<>(valueCount);
          for (int j = 0; j < valueCount; j++) {
            values.add(readString(in));
          }
          headers.put(name, values);
        }
        byte[] body = new byte[count(in.readInt(), "body byte")];
        in.readFully(body);
        if (in.read() != -1) {
          throw new IllegalArgumentException("stored response has trailing bytes");
        }
        return new StoredResponse(status, headers, body);
      } catch (IOException e) {
        throw new IllegalArgumentException("stored response is truncated", e);
      }
    }

    private static int count(int n, String what) {
      if (n < 0 || n > MAX_COUNT * 64) {
        throw new IllegalArgumentException("stored response has an invalid " + what + " count");
      }
      return n;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      out.writeInt(b.length);
      out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
      byte[] b = new byte[count(in.readInt(), "string byte")];
      in.readFully(b);
      return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return "ResultCodec.storedResponse()";
    }
  }
}
