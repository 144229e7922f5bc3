package dev.groundwork.idempotency;

import java.util.Objects;

/**
 * Processes each message at most once by its message id, for queue consumers that receive
 * redeliveries (Foundations §8: "queue consumers must be idempotent").
 *
 * <pre>{@code
 * IdempotentConsumer consumer = IdempotentConsumer.of(
 *     Idempotency.builder(ResultCodec.utf8()).store(store).namespace("orders-consumer").build());
 *
 * boolean handled = consumer.process(message.id(), () -> applyOrder(message));
 * // false: a duplicate delivery, already processed; acknowledge it and move on
 * }</pre>
 *
 * <p>A handler that throws releases the id, so a redelivery processes the message again; an id
 * being processed by another consumer throws {@link IdempotencyInProgressException} (leave the
 * message for redelivery).
 */
public final class IdempotentConsumer {

  /** What is stored for a processed message. */
  private static final String PROCESSED = "processed";

  private final Idempotency<String> idempotency;

  private IdempotentConsumer(Idempotency<String> idempotency) {
    this.idempotency = idempotency;
  }

  /**
   * A consumer over an executor whose options (store, namespace, retention, lease) it takes.
   *
   * @param idempotency an executor with any {@code String} codec
   * @return the consumer
   */
  public static IdempotentConsumer of(Idempotency<String> idempotency) {
    return new IdempotentConsumer(Objects.requireNonNull(idempotency, "idempotency"));
  }

  /**
   * Handles a message unless its id was processed before.
   *
   * @param messageId the message's unique id, used as the idempotency key
   * @param handler the processing, run at most once per id
   * @return true when the handler ran now, false when the id was already processed
   * @throws IdempotencyInProgressException if another consumer is processing the same id
   * @throws InvalidIdempotencyKeyException if the id is not an acceptable key
   * @throws IdempotentOperationException wrapping a checked exception from the handler
   */
  public boolean process(String messageId, MessageHandler handler) {
    Objects.requireNonNull(handler, "handler");
    // The id alone identifies the message, so it is its own fingerprint.
    IdempotentResult<String> result =
        idempotency.execute(
            messageId,
            Fingerprint.ofUtf8(messageId),
            () -> {
              handler.handle();
              return PROCESSED;
            });
    return !result.replayed();
  }

  /** The processing of one message. */
  @FunctionalInterface
  public interface MessageHandler {
    /**
     * Processes the message.
     *
     * @throws Exception if processing failed; the id is released for redelivery
     */
    void handle() throws Exception;
  }
}
